// `revoke`, `revoke-with-key`, `crl/rotate`, `crl/rotate-delta`, `config/crl`, and the lease
// revocation of certificates issued with generate_lease. Upstream: Vault builtin/logical/pki/
// path_revoke.go (pathRevokeWrite, pathRevokeWriteHandleCertificate, pathRevokeWriteHandleKey,
// pathRotateCRLRead), path_config_crl.go (pathCRLRead, pathCRLWrite), secret_certs.go
// (secretCredsRevoke).
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { parseDurationSecond } from '../../go/parseutil.js';
import * as E from '../../errors/pki.js';
import { parseCert, signedBy } from './certinfo.js';
import { deltaCrlDer, rebuildCrls, revokeSerial } from './crl.js';
import { pemDecodeFirst } from './pem.js';
import { goMapOrder } from '../../go/object.js';
import { issuerDer, type CrlConfig, type PkiStore } from './store.js';

export async function revoke(store: PkiStore, _req: FrameworkRequest, d: FieldData, withKey: boolean): Promise<LogicalResponse> {
  const serial = d.get<string>('serial_number');
  const certText = d.get<string>('certificate');
  if (serial === '' && certText === '') throw E.bad(E.ERR_REVOKE_NOTHING);
  if (serial !== '' && certText !== '') throw E.bad(E.ERR_REVOKE_BOTH);
  let keyText = '';
  if (withKey) {
    keyText = d.get<string>('private_key');
    if (keyText === '') throw E.bad(E.ERR_REVOKE_NEED_KEY);
    if (keyText.length < 64) throw E.bad(E.ERR_REVOKE_KEY_SHORT);
  }
  let target = serial;
  let der: Uint8Array | undefined;
  if (certText !== '') {
    if (certText.length < 75) throw E.goErr(E.ERR_REVOKE_CERT_SHORT);
    const block = pemDecodeFirst(certText);
    if (block === undefined) throw E.goErr(E.ERR_REVOKE_CERT_NO_PEM);
    let info;
    try { info = parseCert(block.der); } catch { throw E.goErr(E.errRevokeCertParse(E.GO_MALFORMED_CERT)); }
    der = block.der;
    target = info.serial;
    if ((await store.cert(target)) === undefined) {
      const signer = (await store.issuers()).find((i) => signedBy(block.der, issuerDer(i)));
      if (signer === undefined) throw E.goErr(E.ERR_REVOKE_UNVERIFIED);
      await store.storeCert(block.der, signer.id, info);
    }
  }
  if (withKey) {
    if (der === undefined) {
      const rec = await store.cert(target);
      if (rec === undefined) throw E.bad(E.errRevokeNotFound(serial));
      der = Buffer.from(rec.der, 'base64');
    }
    checkKeyMatches(der, keyText);
  }
  const { data, warnings } = await revokeSerial(store, target);
  return { data, ...(warnings.length > 0 ? { warnings } : {}) };
}

/** validatePublicKeyMatchesCert (Go errors → 500). */
function checkKeyMatches(der: Uint8Array, keyPem: string): void {
  let key;
  try { key = createPrivateKey(keyPem); } catch { throw E.goErr(E.ERR_REVOKE_KEY_PARSE); }
  const certKey = createPublicKey({ key: Buffer.from(parseCert(der).spki), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== certKey.asymmetricKeyType) throw E.goErr(E.ERR_KEY_TYPE_MISMATCH);
  const a = createPublicKey(key).export({ format: 'der', type: 'spki' });
  if (!a.equals(certKey.export({ format: 'der', type: 'spki' }))) throw E.goErr(E.ERR_KEY_MISMATCH);
}

export async function rotateCrl(store: PkiStore): Promise<LogicalResponse> {
  // a GET, so the backend's write lock is not held here: take it for the rebuild
  const warnings = (await store.exclusive(() => rebuildCrls(store))).map((w, i) => `Warning ${i + 1} during CRL rebuild: ${w}`);
  return { data: { success: true }, ...(warnings.length > 0 ? { warnings } : {}) };
}

export async function rotateDeltaCrl(store: PkiStore): Promise<LogicalResponse> {
  const cfg = await store.crlConfig();
  if (!cfg.enable_delta) return { data: { success: true }, warnings: [E.WARN_DELTA_DISABLED] };
  for (const id of await store.issuerIds()) await deltaCrlDer(store, id, 'force');
  return { data: { success: true } };
}

export async function readCrlConfig(store: PkiStore): Promise<LogicalResponse> {
  return { data: goMapOrder({ ...(await store.crlConfig()) }) };
}

function durationOk(v: string): string | undefined {
  try { parseDurationSecond(v); return undefined; } catch (e) { return (e as Error).message; }
}

export async function writeCrlConfig(store: PkiStore, _req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const cur = await store.crlConfig();
  const next: CrlConfig = { ...cur };
  for (const k of Object.keys(cur) as Array<keyof CrlConfig>) {
    if (d.getOk(k).ok) (next as unknown as Record<string, unknown>)[k] = d.get(k);
  }
  const expErr = durationOk(next.expiry);
  if (expErr !== undefined) throw E.bad(E.errCrlExpiry(expErr));
  if (next.auto_rebuild && parseDurationSecond(next.auto_rebuild_grace_period) >= parseDurationSecond(next.expiry)) {
    throw E.bad(E.errCrlGrace(next.auto_rebuild_grace_period, next.expiry));
  }
  if (next.enable_delta && !next.auto_rebuild) throw E.bad(E.ERR_DELTA_NEEDS_AUTO);
  if (next.unified_crl) throw E.bad(E.ERR_UNIFIED_ENT);
  if (next.cross_cluster_revocation) throw E.bad(E.ERR_CROSS_CLUSTER_ENT);
  await store.putJson('config/crl', next);
  if (next.disable !== cur.disable || next.enable_delta !== cur.enable_delta || (cur.auto_rebuild && !next.auto_rebuild)) await rebuildCrls(store);
  return { data: goMapOrder({ ...next }) };
}

export const CRL_CONFIG_FIELDS = {
  expiry: { type: 'string', description: 'The amount of time the generated CRL should be valid; defaults to 72 hours', default: '72h' },
  disable: { type: 'bool', description: 'If set to true, disables generating the CRL entirely.' },
  ocsp_disable: { type: 'bool', description: 'If set to true, ocsp unauthorized responses will be returned.' },
  ocsp_expiry: { type: 'string', description: 'The amount of time an OCSP response will be valid (controls the NextUpdate field); defaults to 12 hours', default: '1h' },
  auto_rebuild: { type: 'bool', description: 'If set to true, enables automatic rebuilding of the CRL' },
  auto_rebuild_grace_period: { type: 'string', description: 'The time before the CRL expires to automatically rebuild it, when enabled. Must be shorter than the CRL expiry. Defaults to 12h.', default: '12h' },
  enable_delta: { type: 'bool', description: 'Whether to enable delta CRLs between authoritative CRL rebuilds' },
  delta_rebuild_interval: { type: 'string', description: 'The time between delta CRL rebuilds if a new revocation has occurred. Must be shorter than the CRL expiry. Defaults to 15m.', default: '15m' },
  cross_cluster_revocation: { type: 'bool', description: 'Whether to enable a global, cross-cluster revocation queue.' },
  unified_crl: { type: 'bool', description: 'If set to true enables global replication of revocation entries, also enabling unified versions of OCSP and CRLs if their respective features are enabled.' },
  unified_crl_on_existing_paths: { type: 'bool', description: 'If set to true, existing CRL and OCSP paths will return the unified CRL instead of a response based on cluster-local data' },
} as const;
