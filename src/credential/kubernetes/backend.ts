// The Kubernetes auth method as a framework path table (K8S backend.go Backend, Factory;
// vault-plugin-auth-kubernetes v0.20.0 as Vault 1.18.1 bundles it): `config`, `login`, `role`,
// `role/:name`. Logins are checked against the JWT's claims locally, then with a TokenReview on
// the configured API server.
import { ERR_K8S_RENEW_NO_ROLE_NAME, errK8sRenewRoleGone } from '../../errors/kubernetes.js';
import { GoError } from '../../errors/vault-error.js';
import { FrameworkBackend } from '../../framework/backend.js';
import type { BackendSpec } from '../../framework/types.js';
import type { BackendConfig } from '../../logical/types.js';
import { pathConfig } from './config.js';
import { pathLoginSpec, type LoginContext } from './login.js';
import { pathRole, pathRoleList, RoleStore, type RoleContext } from './roles.js';

const BACKEND_HELP = `The Kubernetes Auth Backend allows authentication for Kubernetes service accounts.`;

type KubernetesContext = LoginContext & RoleContext;

export function kubernetesSpec(ctx: () => KubernetesContext): BackendSpec {
  return {
    help: BACKEND_HELP,
    backendType: 'credential',
    pathsSpecial: { unauthenticated: ['login'] },
    paths: [pathConfig(() => ctx().storage), pathLoginSpec(ctx), pathRoleList(ctx), pathRole(ctx)],
  };
}

export class KubernetesBackend extends FrameworkBackend {
  readonly context: KubernetesContext;

  constructor(config: Pick<BackendConfig, 'storage' | 'clock' | 'system'>) {
    const context: KubernetesContext = {
      storage: config.storage, clock: config.clock, roles: new RoleStore(() => config.storage),
      maxLeaseTtl: () => config.system.maxLeaseTtl(),
    };
    super('kubernetes', kubernetesSpec(() => context));
    this.context = context;
  }

  /**
   * Backend.AuthRenew (K8S path_login.go pathLoginRenew), for core to call when a token from this
   * mount is renewed: the login's role must still exist; its current TTLs apply; no new review.
   */
  async renewAuth(metadata: Readonly<Record<string, string>> | null): Promise<{ ttl: number; maxTtl: number; period: number }> {
    const roleName = metadata?.role ?? '';
    if (roleName === '') throw new GoError(500, ERR_K8S_RENEW_NO_ROLE_NAME);
    const role = await this.context.roles.get(roleName);
    if (role === undefined) throw new GoError(500, errK8sRenewRoleGone(roleName));
    return { ttl: role.token.tokenTtl, maxTtl: role.token.tokenMaxTtl, period: role.token.tokenPeriod };
  }
}
