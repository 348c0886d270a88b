// The JWT/OIDC auth method (hashicorp/vault-plugin-auth-jwt v0.22.0, Vault 1.18.1): the mount
// factories core's registry loads on first use (src/core/builtin-backends.ts): `jwt` and its
// alias `oidc`, the same backend under the mount type the table shows.
import type { Backend, BackendConfig } from '../../logical/types.js';
import { JwtBackend } from './backend.js';

export { JwtBackend, jwtSpec } from './backend.js';

/** JWT backend.go Factory: no options, always a backend. */
export function factory(config: BackendConfig): Backend {
  return new JwtBackend(config);
}

/** The `oidc` mount type: the same backend (Vault's builtin registry lists the plugin under both names). */
export function oidcFactory(config: BackendConfig): Backend {
  return new JwtBackend(config, 'oidc');
}
