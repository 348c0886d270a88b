// The TLS certificate auth method as a framework path table (V builtin/credential/cert/backend.go
// Backend): `config`, `certs/:name`, `certs`, `crls/:name`, `crls`, and the unauthenticated
// `login` that reads the client certificate chain of the TLS connection.
import { FrameworkBackend } from '../../framework/backend.js';
import type { BackendSpec } from '../../framework/types.js';
import type { BackendConfig } from '../../logical/types.js';
import { CertStore, pathCerts, pathListCerts, type CertsContext } from './certs.js';
import { CrlStore, pathConfig, pathCrls, pathListCrls } from './config.js';
import { pathLoginSpec, renewLogin, type LoginContext } from './login.js';

const BACKEND_HELP = `The "cert" credential provider allows authentication using
TLS client certificates. A client connects to Vault and uses
the "login" endpoint to generate a client token.

Trusted certificates are configured using the "certs/" endpoint
by a user with root access. A certificate authority can be trusted,
which permits all keys signed by it. Alternatively, self-signed
certificates can be trusted avoiding the need for a CA.`;

type CertContext = LoginContext & CertsContext;

export function certSpec(ctx: () => CertContext): BackendSpec {
  return {
    help: BACKEND_HELP,
    backendType: 'credential',
    pathsSpecial: { unauthenticated: ['login'] },
    paths: [
      pathConfig(() => ctx().storage), pathLoginSpec(ctx), pathListCerts(ctx), pathCerts(ctx),
      pathListCrls(() => ctx().crls), pathCrls(() => ctx().storage, () => ctx().crls),
    ],
  };
}

export class CertBackend extends FrameworkBackend {
  readonly context: CertContext;

  constructor(config: Pick<BackendConfig, 'storage' | 'system'>) {
    const context: CertContext = {
      storage: config.storage, certs: new CertStore(() => config.storage), crls: new CrlStore(() => config.storage),
      defaultLeaseTtl: () => config.system.defaultLeaseTtl(), maxLeaseTtl: () => config.system.maxLeaseTtl(),
    };
    super('cert', certSpec(() => context));
    this.context = context;
  }

  /**
   * Backend.AuthRenew (V path_login.go pathLoginRenew), for core to call when a token from this
   * mount is renewed, with the renew request's client certificate chain (Vault re-verifies it
   * unless `disable_binding`): null = do not extend; a VaultError = an error response (400);
   * a GoError = refuse (500); else the entry's current TTLs.
   */
  renewAuth(
    metadata: Readonly<Record<string, string>> | null, tokenPolicies: readonly string[], peerCertificates?: readonly Uint8Array[],
  ): Promise<{ ttl: number; maxTtl: number; period: number } | null> {
    return renewLogin(this.context, metadata, tokenPolicies, peerCertificates);
  }
}
