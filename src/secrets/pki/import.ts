// Bringing CAs in and out: `intermediate/set-signed`, `config/ca`, `issuers/import/(cert|bundle)`
// (one handler, Vault builtin/logical/pki/path_manage_issuers.go pathImportIssuers, with its
// warnings: multiple keyed issuers, a default issuer without a key, no AIA URLs configured),
// `DELETE root` (path_root.go pathCADeleteRoot) and `issuer/:ref/revoke`
// (path_manage_issuers.go pathRevokeIssuer). Everything is parsed and checked before anything is
// written, so a bad bundle leaves the mount as it was.
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import * as E from '../../errors/pki.js';
import { storeIssuer, storeKey } from './ca.js';
import { parseCert } from './certinfo.js';
import { rebuildCrls } from './crl.js';
import { issuerBody } from './issuers.js';
import { keyFromPem, type PrivateKey } from './keys.js';
import { pemDecodeAll, pemEncode } from './pem.js';
import type { PkiStore } from './store.js';

const SKIPPED = new Set(['CRL', 'X509 CRL', 'EC PARAMS', 'EC PARAMETERS']);

export async function importIssuers(store: PkiStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const keysAllowed = req.path.endsWith('bundle') || req.path === 'config/ca';
  const bundle = d.getOk<string>('pem_bundle');
  const cert = d.getOk<string>('certificate');
  const b = bundle.ok ? bundle.value : '';
  const c = cert.ok ? cert.value : '';
  if (b === '' && c === '') throw E.bad(E.ERR_IMPORT_EMPTY);
  if (b !== '' && c !== '') throw E.bad(E.ERR_IMPORT_BOTH);
  const text = b !== '' ? b : c;
  if (text.length < 75) throw E.bad(E.ERR_IMPORT_SHORT);
  const blocks = pemDecodeAll(text);
  if (blocks.length === 0) throw E.bad(E.ERR_IMPORT_NO_DATA);
  const certs: Uint8Array[] = [];
  const keys: PrivateKey[] = [];
  const keyBlocks = blocks.filter((x) => !SKIPPED.has(x.label) && x.label !== 'CERTIFICATE' && x.label !== 'X509 CERTIFICATE');
  if (keyBlocks.length > 0 && !keysAllowed) throw E.bad(E.ERR_IMPORT_KEYS_NOT_ALLOWED);
  keyBlocks.forEach((k, i) => {
    try { keys.push(keyFromPem(pemEncode(k.label, k.der))); } catch { throw E.bad(E.errImportKey(i, E.GO_BAD_KEY)); }
  });
  blocks.filter((x) => x.label === 'CERTIFICATE' || x.label === 'X509 CERTIFICATE').forEach((x, i) => {
    const pem = pemEncode('CERTIFICATE', x.der);
    let info;
    try { info = parseCert(x.der); } catch { throw E.bad(E.errImportIssuer(i, E.GO_MALFORMED_CERT, pem)); }
    if (!info.isCa) throw E.bad(E.errImportIssuer(i, E.ERR_IMPORT_NON_CA, pem));
    certs.push(x.der);
  });
  const importedKeys: string[] = [];
  const existingKeys: string[] = [];
  for (const k of keys) {
    const r = await storeKey(store, k, '');
    (r.existed ? existingKeys : importedKeys).push(r.id);
  }
  const before = await store.issuerDefaults();
  const importedIssuers: string[] = [];
  const existingIssuers: string[] = [];
  const mapping: Record<string, string> = {};
  for (const der of certs) {
    const r = await storeIssuer(store, der, '');
    (r.existed ? existingIssuers : importedIssuers).push(r.entry.id);
    mapping[r.entry.id] = (await store.issuer(r.entry.id))!.key_id;
  }
  const warnings: string[] = [];
  const keyed = importedIssuers.filter((id) => mapping[id] !== '');
  if (importedIssuers.length > 0) {
    (await rebuildCrls(store)).forEach((w, i) => warnings.push(`Warning ${i + 1} during CRL rebuild: ${w}`));
    if (before.default_follows_latest_issuer && keyed.length > 1) {
      // storeIssuer moved the default along each keyed issuer; Vault's storage only fills an
      // empty default (with the first), and the handler leaves the rest to the operator
      await store.putIssuerDefaults({ ...before, default: before.default !== '' ? before.default : keyed[0]! });
      warnings.push(E.WARN_IMPORT_MULTIPLE_DEFAULT);
    }
  }
  const def = (await store.issuerDefaults()).default;
  if (def !== '') {
    if (mapping[def] === '') warnings.push(E.WARN_IMPORT_DEFAULT_NO_KEY);
    if (importedIssuers.length > 1 && keyed.length > 1 && importedIssuers.includes(def)) warnings.push(E.WARN_IMPORT_MULTIPLE_KEYED);
  }
  const urls = await store.urls();
  if (urls.issuing_certificates.length === 0 && urls.crl_distribution_points.length === 0 && urls.ocsp_servers.length === 0) {
    warnings.push(E.WARN_NO_AIA);
  }
  const orNull = (xs: string[]): string[] | null => (xs.length > 0 ? xs : null);
  return {
    data: {
      existing_issuers: orNull(existingIssuers), existing_keys: orNull(existingKeys), imported_issuers: orNull(importedIssuers),
      imported_keys: orNull(importedKeys), mapping,
    },
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

export async function deleteRoot(store: PkiStore): Promise<LogicalResponse> {
  for (const id of await store.issuerIds()) {
    await store.storage.delete(`config/issuer/${id}`);
    await store.storage.delete(`crls/${id}`);
  }
  for (const id of await store.keyIds()) await store.storage.delete(`config/key/${id}`);
  await store.putIssuerDefaults({ ...(await store.issuerDefaults()), default: '' });
  await store.putKeyDefault('');
  return { warnings: [E.WARN_DELETE_ROOT] };
}

/** pathRevokeIssuer: the issuer is marked revoked, loses issuing usage, and lands on its parent's CRL. */
export async function revokeIssuer(store: PkiStore, req: FrameworkRequest): Promise<LogicalResponse> {
  let id: string;
  try { id = await store.resolveIssuer(req.captures.issuer_ref!); } catch (e) { throw E.goErr((e as Error).message); }
  const e = (await store.issuer(id))!;
  if (!e.revoked) {
    const now = store.now();
    e.revoked = true;
    e.revocation_time = Math.floor(now / 1000);
    e.revocation_time_ms = now;
    e.usage = e.usage.filter((u) => u !== 'issuing-certificates');
    await store.putIssuer(e);
    const der = Buffer.from(e.der, 'base64');
    const info = parseCert(der);
    const rec = await store.cert(info.serial);
    if (rec !== undefined && rec.issuer_id !== id) {
      await store.putJson(`revoked/${info.serial.replace(/:/g, '-')}`, { serial: info.serial, der: e.der, revocation_time: e.revocation_time, revocation_ms: now, issuer_id: rec.issuer_id });
    }
    await rebuildCrls(store);
  }
  return issuerBody(store, e);
}
