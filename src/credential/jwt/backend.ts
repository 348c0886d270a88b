// The JWT/OIDC auth method as a framework path table (JWT backend.go backend, vault-plugin-auth-jwt
// v0.22.0 as Vault 1.18.1 bundles it): `config`, `role/:name`, `role`, and the unauthenticated JWT
// `login`, verifying against static keys, a JWKS URL (or several) or an OIDC discovery document,
// and the OIDC browser flow (`oidc/auth_url`, `oidc/callback`, oidc.ts). One backend serves both
// mount types, `jwt` and `oidc` (Vault's registry maps both names to this plugin).
import { ERR_JWT_RENEW_NO_ROLE_NAME, errJwtRenewRoleGone } from '../../errors/jwt.js';
import { GoError } from '../../errors/vault-error.js';
import { FrameworkBackend } from '../../framework/backend.js';
import type { BackendSpec } from '../../framework/types.js';
import type { BackendConfig } from '../../logical/types.js';
import { pathConfig } from './config.js';
import { pathLoginSpec } from './login.js';
import { pathOidc, type OidcContext } from './oidc.js';
import { OidcRequests } from './oidc-state.js';
import { pathRole, pathRoleList, RoleStore, type RoleContext } from './roles.js';

const BACKEND_HELP = `The JWT backend plugin allows authentication using JWTs (including OIDC).`;

type JwtContext = OidcContext & RoleContext;

export function jwtSpec(ctx: () => JwtContext): BackendSpec {
  return {
    help: BACKEND_HELP,
    backendType: 'credential',
    pathsSpecial: { unauthenticated: ['login', 'oidc/auth_url', 'oidc/callback'] },
    paths: [
      pathLoginSpec(ctx), pathRoleList(ctx), pathRole(ctx),
      pathConfig(() => ctx().storage, () => () => {
        ctx().keySets = undefined;
        ctx().provider = undefined;
      }),
      ...pathOidc(ctx),
    ],
  };
}

export class JwtBackend extends FrameworkBackend {
  readonly context: JwtContext;

  constructor(config: Pick<BackendConfig, 'storage' | 'clock' | 'system' | 'random'>, type: 'jwt' | 'oidc' = 'jwt') {
    const context: JwtContext = {
      storage: config.storage, clock: config.clock, roles: new RoleStore(() => config.storage), keySets: undefined,
      maxLeaseTtl: () => config.system.maxLeaseTtl(), requests: new OidcRequests(config.clock, config.random), provider: undefined,
    };
    super(type, jwtSpec(() => context));
    this.context = context;
  }

  /**
   * Backend.AuthRenew (JWT path_login.go pathLoginRenew), for core to call when a token from this
   * mount is renewed: the login's role must still exist; its current TTLs apply.
   */
  async renewAuth(metadata: Readonly<Record<string, string>> | null): Promise<{ ttl: number; maxTtl: number; period: number }> {
    const roleName = metadata?.role ?? '';
    if (roleName === '') throw new GoError(500, ERR_JWT_RENEW_NO_ROLE_NAME);
    const role = await this.context.roles.get(roleName);
    if (role === undefined) throw new GoError(500, errJwtRenewRoleGone(roleName));
    return { ttl: role.token.tokenTtl, maxTtl: role.token.tokenMaxTtl, period: role.token.tokenPeriod };
  }
}
