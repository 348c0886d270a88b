// The userpass auth method (Vault's builtin/credential/userpass): the mount factory core's
// registry loads on first use (src/core/builtin-backends.ts), and the backend for direct use.
import type { Backend, BackendConfig } from '../../logical/types.js';
import { UserpassBackend } from './backend.js';

export { UserpassBackend, userpassSpec } from './backend.js';
export type { UserpassRenewal } from './login.js';

/** V builtin/credential/userpass/backend.go Factory: no options, always a backend. */
export function factory(config: BackendConfig): Backend {
  return new UserpassBackend(config);
}
