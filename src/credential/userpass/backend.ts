// The userpass auth method as a framework path table (V builtin/credential/userpass/backend.go
// Backend): users and their passwords and token settings live in the mount's storage; `login/*`
// is unauthenticated and returns the auth core turns into a token. Paths in Vault's order.
import { FrameworkBackend } from '../../framework/backend.js';
import type { BackendSpec } from '../../framework/types.js';
import type { BackendConfig } from '../../logical/types.js';
import { aliasLookahead, pathLoginSpec, renewLogin, type UserpassRenewal } from './login.js';
import { pathUserPassword, type UserpassContext } from './password.js';
import { pathUserPolicies } from './policies.js';
import { UserStore } from './store.js';
import { pathUsers, pathUsersList } from './users.js';

const BACKEND_HELP = `The "userpass" credential provider allows authentication using
a combination of a username and password. No additional factors
are supported.

The username/password combination is configured using the "users/"
endpoints by a user with root access. Authentication is then done
by supplying the two fields for "login".`;

export function userpassSpec(ctx: () => UserpassContext): BackendSpec {
  return {
    help: BACKEND_HELP,
    backendType: 'credential',
    pathsSpecial: { unauthenticated: ['login/*'] },
    paths: [pathUsers(ctx), pathUsersList(ctx), pathUserPolicies(ctx), pathUserPassword(ctx), pathLoginSpec(ctx)],
  };
}

export class UserpassBackend extends FrameworkBackend {
  readonly context: UserpassContext;

  constructor(config: Pick<BackendConfig, 'storage' | 'random'>) {
    const context: UserpassContext = { store: new UserStore(config.storage), random: config.random };
    super('userpass', userpassSpec(() => context));
    this.context = context;
  }

  /**
   * Backend.AuthRenew (V path_login.go pathLoginRenew), for core to call when a userpass token is
   * renewed: null = do not extend; a thrown GoError = refuse; else the user's current TTLs.
   */
  renewAuth(metadata: Readonly<Record<string, string>> | null, tokenPolicies: readonly string[]): Promise<UserpassRenewal | null> {
    return renewLogin(this.context, metadata, tokenPolicies);
  }

  /** The alias look-ahead of `login/:username` (user lockout's key): the name as sent. */
  aliasLookahead(path: string): string | undefined {
    const routed = this.route(path);
    if (routed === undefined || !path.startsWith('login/')) return undefined;
    return aliasLookahead(routed.captures.username ?? '');
  }
}
