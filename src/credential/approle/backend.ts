// The AppRole auth method as a framework path table (V builtin/credential/approle/backend.go
// Backend): roles, their secret IDs and the role-id index live in the mount's storage; `login`
// is unauthenticated and returns the auth core turns into a token. Paths in Vault's order
// (rolePaths, then login and tidy/secret-id).
import { FrameworkBackend } from '../../framework/backend.js';
import type { BackendSpec } from '../../framework/types.js';
import type { BackendConfig } from '../../logical/types.js';
import type { ApproleContext } from './context.js';
import { rolePaths } from './fields.js';
import { pathLogin, pathTidySecretId, renewLogin, type ApproleRenewal } from './login.js';
import { pathRole, pathRoleId, pathRoleList } from './roles.js';
import { secretIdPaths } from './secret-ids.js';
import { SecretIdStore } from './secrets.js';
import { RoleStore } from './store.js';

const BACKEND_HELP = `Any registered Role can authenticate itself with Vault. The credentials
depends on the constraints that are set on the Role. One common required
credential is the 'role_id' which is a unique identifier of the Role.
It can be retrieved from the 'role/<appname>/role-id' endpoint.

The default constraint configuration is 'bind_secret_id', which requires
the credential 'secret_id' to be presented during login. Refer to the
documentation for other types of constraints.`;

export function approleSpec(ctx: () => ApproleContext): BackendSpec {
  return {
    help: BACKEND_HELP,
    backendType: 'credential',
    pathsSpecial: { unauthenticated: ['login'] },
    paths: [
      pathRole(ctx), pathRoleList(ctx), ...rolePaths(ctx), pathRoleId(ctx), ...secretIdPaths(ctx),
      pathLogin(ctx), pathTidySecretId(ctx),
    ],
  };
}

export class ApproleBackend extends FrameworkBackend {
  readonly context: ApproleContext;

  constructor(config: Pick<BackendConfig, 'storage' | 'random' | 'clock' | 'system'>) {
    const roles = new RoleStore(config.storage, config.random);
    const context: ApproleContext = {
      roles, secrets: new SecretIdStore(roles), clock: config.clock, tidyRunning: false,
      maxLeaseTtl: () => config.system.maxLeaseTtl(),
    };
    super('approle', approleSpec(() => context));
    this.context = context;
  }

  /** Backend.AuthRenew (V path_login.go pathLoginRenew) for core to call: the role's current TTLs. */
  renewAuth(metadata: Readonly<Record<string, string>> | null): Promise<ApproleRenewal> {
    return renewLogin(this.context, metadata?.role_name ?? '');
  }

  /** The periodic function (V backend.go periodicFunc): a tidy pass. */
  async periodic(): Promise<void> {
    if (this.context.tidyRunning) return;
    this.context.tidyRunning = true;
    try {
      await this.context.secrets.tidy(this.context.clock.now());
    } finally {
      this.context.tidyRunning = false;
    }
  }
}
