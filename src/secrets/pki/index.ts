// The PKI secrets engine (Vault builtin/logical/pki backend.go Backend): multi-issuer CAs, keys,
// roles, issue/sign, revocation with complete and delta CRLs, tidy and auto-tidy. OCSP, ACME, unified and
// cross-cluster revocation answer that minivault lacks them; EST/CMPv2 and managed keys are
// Enterprise. The X.509 library loads with the first request that builds or reads a certificate
// (src/x509/load.ts), never at mount time.
import { FrameworkBackend } from '../../framework/backend.js';
import type { PathSpec } from '../../framework/types.js';
import type { BackendConfig, LogicalRequest, LogicalResponse, SecretRef } from '../../logical/types.js';
import { PkiStore } from './store.js';
import { paths } from './paths.js';
import { revokeSerial } from './crl.js';
import { periodic } from './periodic.js';

const BACKEND_HELP = `
The PKI backend dynamically generates X509 server and client certificates.

After mounting this backend, configure the CA using the "pem_bundle" endpoint within
the "config/" path.
`; // V backend.go backendHelp


const FREE_WRITES = /^(issuer\/[^/]+\/)?(issue|sign|sign-verbatim)(\/|$)/;

/** The framework backend plus the `pki` secret type's revoke (secret_certs.go secretCredsRevoke). */
class PkiBackend extends FrameworkBackend {
  readonly #store: PkiStore;
  constructor(store: PkiStore, table: PathSpec[]) {
    super('pki', {
      help: BACKEND_HELP, backendType: 'logical', paths: table,
      pathsSpecial: {
        unauthenticated: [
          'cert/*', 'ca/pem', 'ca_chain', 'ca', 'crl/delta', 'crl/delta/pem', 'crl/pem', 'crl',
          'issuer/+/crl/der', 'issuer/+/crl/pem', 'issuer/+/crl', 'issuer/+/crl/delta/der', 'issuer/+/crl/delta/pem',
          'issuer/+/crl/delta', 'issuer/+/pem', 'issuer/+/der', 'issuer/+/json', 'issuers/',
          // Vault serves these without a token too; here they answer that minivault lacks them
          'ocsp', 'ocsp/*', 'unified-ocsp', 'unified-ocsp/*', 'unified-crl', 'unified-crl/*',
          'acme/*', 'issuer/+/acme/*', 'roles/+/acme/*', 'issuer/+/roles/+/acme/*',
        ],
        root: ['root', 'root/sign-self-issued'],
      },
    });
    this.#store = store;
  }

  /**
   * Vault's periodic work (CRL rebuilds, auto-tidy) runs first, as if its timer had fired since
   * the last request (periodic.ts).
   * Writes that touch issuers, keys, defaults, revocations or CRLs run one at a time (Vault's
   * issuersLock and revokeStorageLock); issuing and signing only add a certificate under its own
   * serial and run freely, so a slow RSA key generation does not hold up the mount.
   */
  override async handle(req: LogicalRequest): Promise<LogicalResponse | null> {
    await periodic(this.#store);
    if (req.operation === 'read' || req.operation === 'list' || FREE_WRITES.test(req.path)) return super.handle(req);
    return this.#store.exclusive(() => super.handle(req));
  }

  /** A lease's revocation revokes its certificate; a missing or CA certificate is a no-op. */
  async revokeSecret(ref: SecretRef): Promise<void> {
    const serial = ref.internal.serial_number;
    if (typeof serial !== 'string' || serial === '') return;
    await periodic(this.#store); // the scheduled rebuilds up to now come before this revocation
    await this.#store.exclusive(() => revokeSerial(this.#store, serial, true));
  }
}

export function factory(config: BackendConfig): FrameworkBackend {
  const store = new PkiStore(config);
  return new PkiBackend(store, paths(store));
}
