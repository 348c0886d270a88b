// The AppRole auth method (Vault's builtin/credential/approle): the mount factory core's registry
// loads on first use (src/core/builtin-backends.ts), and the backend for direct use.
import type { Backend, BackendConfig } from '../../logical/types.js';
import { ApproleBackend } from './backend.js';

export { ApproleBackend, approleSpec } from './backend.js';
export type { ApproleRenewal } from './login.js';

/** V builtin/credential/approle/backend.go Factory: no options, always a backend. */
export function factory(config: BackendConfig): Backend {
  return new ApproleBackend(config);
}
