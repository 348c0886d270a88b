// The TLS certificate auth method (V builtin/credential/cert, Vault 1.18.1): the mount factory
// core's registry loads on first use (src/core/builtin-backends.ts).
import type { Backend, BackendConfig } from '../../logical/types.js';
import { CertBackend } from './backend.js';

export { CertBackend, certSpec } from './backend.js';

/** V backend.go Factory: no options, always a backend. */
export function factory(config: BackendConfig): Backend {
  return new CertBackend(config);
}
