// Issuers and keys as objects of their own: `LIST issuers`, `issuer/:ref` (read, full-replace
// update, merge patch, delete), `issuer/:ref/(json|der|pem)`, `LIST keys`, `key/:ref`,
// `config/issuers`, `config/keys`, `config/urls`. Upstream: Vault builtin/logical/pki/
// path_fetch_issuers.go, path_fetch_keys.go, path_config_ca.go, path_config_urls.go,
// issuing/aia.go (ValidateURLs, isURL).
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { rfc3339Nano } from '../../util/clock.js';
import * as E from '../../errors/pki.js';
import { issuerChain } from './bundle.js';
import { checkName } from './ca.js';
import { parseCert } from './certinfo.js';
import { rebuildCrls } from './crl.js';
import { colonHex } from './der.js';
import { keyFromPem, signAlgByName, spkiDer, subjectKeyId } from './keys.js';
import { getRole } from './roles.js';
import { ALL_USAGES, issuerDer, type AiaUrls, type IssuerEntry, type PkiStore } from './store.js';
import { goMapOrder } from '../../go/object.js';

/** The resolver's error as a Go error (500), as the issuer paths return it. */
async function resolveOr500(store: PkiStore, ref: string): Promise<IssuerEntry> {
  try { return (await store.issuer(await store.resolveIssuer(ref)))!; } catch (e) { throw E.goErr((e as Error).message); }
}

export async function listIssuers(store: PkiStore): Promise<LogicalResponse> {
  const defaults = await store.issuerDefaults();
  const keys: string[] = [];
  const keyInfo: Record<string, unknown> = {};
  for (const e of await store.issuers()) {
    keys.push(e.id);
    keyInfo[e.id] = { is_default: e.id === defaults.default, issuer_name: e.name, key_id: e.key_id, serial_number: parseCert(issuerDer(e)).serial };
  }
  return { data: { key_info: keyInfo, keys } };
}

/** respondReadIssuer. */
export async function issuerBody(store: PkiStore, e: IssuerEntry): Promise<LogicalResponse> {
  const chain = await issuerChain(store, e);
  const aia = e.aia;
  const data: Record<string, unknown> = {
    ca_chain: chain.map((c) => c.certificate), certificate: e.certificate,
    crl_distribution_points: aia?.crl_distribution_points ?? [], issuer_id: e.id, issuer_name: e.name,
    issuing_certificates: aia?.issuing_certificates ?? [], key_id: e.key_id, leaf_not_after_behavior: e.leaf_not_after_behavior,
    manual_chain: e.manual_chain, ocsp_servers: aia?.ocsp_servers ?? [], revocation_signature_algorithm: e.revocation_signature_algorithm,
    revoked: e.revoked, usage: [...e.usage].sort().join(','),
  };
  if (aia !== null) data.enable_aia_url_templating = aia.enable_templating;
  if (e.revoked) { data.revocation_time = e.revocation_time; data.revocation_time_rfc3339 = rfc3339Nano(e.revocation_time_ms); }
  const warnings = /PSS$/.test(e.revocation_signature_algorithm) ? [E.WARN_PSS_REVOCATION] : [];
  return { data: goMapOrder(data), ...(warnings.length > 0 ? { warnings } : {}) };
}

export async function readIssuer(store: PkiStore, req: FrameworkRequest): Promise<LogicalResponse> {
  return issuerBody(store, await resolveOr500(store, req.captures.issuer_ref!));
}

/** isURL of issuing/aia.go. */
export function isUrl(v: string): boolean {
  if (v.length < 4 || v.length > 2082 || v.startsWith('.')) return false;
  let s = v;
  if (s.includes(':') && !s.includes('://')) s = 'http://' + s;
  let u: URL;
  try { u = new URL(s); } catch { return false; }
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(s)) return false;
  if (u.host.startsWith('.')) return false;
  if (u.host === '' && !u.pathname.includes('.')) return false;
  return true;
}

export function validateUrls(urls: AiaUrls): void {
  if (urls.enable_templating) return;
  const fields: Array<[keyof AiaUrls, string[]]> = [
    ['issuing_certificates', urls.issuing_certificates], ['crl_distribution_points', urls.crl_distribution_points], ['ocsp_servers', urls.ocsp_servers],
  ];
  for (const [field, list] of fields) for (const u of list) if (!isUrl(u) || /\{\{(issuer_id|cluster_path|cluster_aia_path)\}\}/.test(u)) throw E.bad(E.errAiaUrl(field, u));
}

/** pathUpdateIssuer (full replace) and pathPatchIssuer (merge). */
export async function updateIssuer(store: PkiStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const e = await resolveOr500(store, req.captures.issuer_ref!);
  const patch = req.operation === 'patch';
  const has = (k: string): boolean => !patch || d.getOk(k).ok;
  const next: IssuerEntry = { ...e, usage: [...e.usage] };
  if (has('issuer_name')) {
    const raw = d.get<string>('issuer_name');
    if (patch && raw.trim() === '') throw E.bad(E.ERR_ISSUER_NAME_EMPTY);
    next.name = await checkName(store, raw, 'issuer', e.id).catch((err: unknown) => {
      if (err instanceof Error && err.message === E.ERR_ISSUER_NAME_CHARS) throw E.bad(E.ERR_NEW_NAME_CHARS);
      throw err;
    });
  }
  if (has('leaf_not_after_behavior')) {
    const b = d.get<string>('leaf_not_after_behavior');
    if (!['err', 'truncate', 'permit'].includes(b)) throw E.bad(E.ERR_LEAF_BEHAVIOR);
    next.leaf_not_after_behavior = b;
  }
  if (has('usage')) {
    const u = d.get<string[]>('usage').map((x) => x.trim().toLowerCase());
    if (u.some((x) => !(ALL_USAGES as readonly string[]).includes(x))) throw E.bad(E.errUsages(d.get<string[]>('usage').join(' ')));
    if (e.revoked && u.includes('issuing-certificates')) throw E.bad(E.ERR_REVOKED_USAGE);
    const info = parseCert(issuerDer(e));
    if (u.includes('crl-signing') && info.keyUsage !== undefined && !info.keyUsage.includes(6)) throw E.bad(E.ERR_NO_CRLSIGN);
    next.usage = ALL_USAGES.filter((x) => u.includes(x));
  }
  if (has('manual_chain')) {
    const chain = d.get<string[]>('manual_chain');
    if (chain.length === 0 || (chain.length === 1 && chain[0] === '')) next.manual_chain = null;
    else {
      const ids: string[] = [];
      for (const ref of chain) ids.push(ref === 'self' ? e.id : (await resolveOr500(store, ref)).id);
      next.manual_chain = ids;
    }
  }
  if (has('revocation_signature_algorithm')) {
    const v = d.get<string>('revocation_signature_algorithm');
    if (v === '') next.revocation_signature_algorithm = '';
    else {
      const key = e.key_id === '' ? undefined : await store.privateKey(e.key_id);
      const alg = key === undefined ? undefined : signAlgByName(key, v);
      if (alg === undefined) throw E.bad(E.errSigAlgValue(v));
      next.revocation_signature_algorithm = alg.name;
    }
  }
  const aiaFields = ['issuing_certificates', 'crl_distribution_points', 'ocsp_servers', 'enable_aia_url_templating'];
  if (aiaFields.some(has)) {
    const cur: AiaUrls = e.aia ?? { issuing_certificates: [], crl_distribution_points: [], ocsp_servers: [], enable_templating: false };
    const aia: AiaUrls = {
      issuing_certificates: has('issuing_certificates') ? d.get<string[]>('issuing_certificates') : cur.issuing_certificates,
      crl_distribution_points: has('crl_distribution_points') ? d.get<string[]>('crl_distribution_points') : cur.crl_distribution_points,
      ocsp_servers: has('ocsp_servers') ? d.get<string[]>('ocsp_servers') : cur.ocsp_servers,
      enable_templating: has('enable_aia_url_templating') ? d.get<boolean>('enable_aia_url_templating') : cur.enable_templating,
    };
    validateUrls(aia);
    const empty = aia.issuing_certificates.length + aia.crl_distribution_points.length + aia.ocsp_servers.length === 0 && !aia.enable_templating;
    next.aia = empty ? null : aia;
  }
  await store.putIssuer(next);
  if (next.usage.join() !== e.usage.join()) await rebuildCrls(store);
  return issuerBody(store, next);
}

export async function deleteIssuer(store: PkiStore, req: FrameworkRequest): Promise<LogicalResponse> {
  const ref = req.captures.issuer_ref!;
  let id: string;
  try { id = await store.resolveIssuer(ref); } catch { return {}; }
  const e = (await store.issuer(id))!;
  const warnings: string[] = [];
  const defaults = await store.issuerDefaults();
  await store.storage.delete(`config/issuer/${id}`);
  await store.storage.delete(`crls/${id}`);
  if (defaults.default === id) {
    await store.putIssuerDefaults({ ...defaults, default: '' });
    warnings.push(E.warnDeletedDefault(id, ref));
  }
  let refs = 0;
  for (const r of await store.storage.list('role/')) {
    const role = await getRole(store, r);
    if (role && (role.issuer_ref === id || (e.name !== '' && role.issuer_ref === e.name))) refs++;
  }
  if (refs > 0) warnings.unshift(E.warnRolesReference(refs, e.name !== '' ? e.name : id));
  await rebuildCrls(store);
  return warnings.length > 0 ? { warnings } : {};
}

// ---- keys ---------------------------------------------------------------------------------------------
async function keyOr500(store: PkiStore, ref: string) {
  try { return (await store.key(await store.resolveKey(ref)))!; } catch (e) { throw E.goErr((e as Error).message); }
}

export async function listKeys(store: PkiStore): Promise<LogicalResponse> {
  const def = await store.keyDefault();
  const keys: string[] = [];
  const keyInfo: Record<string, unknown> = {};
  for (const k of await store.keys()) { keys.push(k.id); keyInfo[k.id] = { is_default: k.id === def, key_name: k.name }; }
  return { data: { key_info: keyInfo, keys } };
}

export async function keyBody(store: PkiStore, ref: string): Promise<LogicalResponse> {
  const k = await keyOr500(store, ref);
  const ski = subjectKeyId(spkiDer(keyFromPem(k.pem).object));
  return { data: { key_id: k.id, key_name: k.name, key_type: k.type, subject_key_id: colonHex(ski) } };
}

/** pathUpdateKeyHandler: a rename checked only for its characters (Vault checks nothing else here). */
export async function updateKey(store: PkiStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const k = await keyOr500(store, req.captures.key_ref!);
  const name = d.get<string>('key_name');
  if (name.length > 0 && !/^\w(([\w-.]+)?\w)?$/.test(name)) throw E.bad(E.ERR_NEW_NAME_CHARS);
  if (name !== k.name) { k.name = name; await store.putKey(k); }
  return { data: { key_id: k.id, key_name: k.name, key_type: k.type }, ...(name === '' ? { warnings: [E.warnKeyNameDeleted(k.id)] } : {}) };
}

export async function deleteKey(store: PkiStore, req: FrameworkRequest): Promise<LogicalResponse | null> {
  const ref = req.captures.key_ref!;
  let id: string;
  try { id = await store.resolveKey(ref); } catch { return null; }
  const user = (await store.issuers()).find((i) => i.key_id === id);
  if (user !== undefined) throw E.bad(E.errKeyInUse(user.id));
  await store.storage.delete(`config/key/${id}`);
  if ((await store.keyDefault()) !== id) return null;
  await store.putKeyDefault('');
  return { warnings: [E.warnDeletedDefaultKey(id, ref)] };
}

// ---- config/issuers, config/keys, config/urls ------------------------------------------------------------
export async function readIssuerDefaults(store: PkiStore): Promise<LogicalResponse> {
  const d = await store.issuerDefaults();
  return { data: { default: d.default, default_follows_latest_issuer: d.default_follows_latest_issuer } };
}

export async function writeIssuerDefaults(store: PkiStore, _req: FrameworkRequest, d: FieldData, fallback = ''): Promise<LogicalResponse> {
  const cur = await store.issuerDefaults();
  const ref = d.getOk<string>('default').ok ? d.get<string>('default') : fallback;
  const follows = d.getOk('default_follows_latest_issuer').ok ? d.get<boolean>('default_follows_latest_issuer') : cur.default_follows_latest_issuer;
  const warnings: string[] = [];
  let id = cur.default;
  if (ref !== '' || fallback !== '') {
    if (ref === '' || ref === 'default') throw E.bad(E.ERR_DEFAULT_SPEC);
    try { id = await store.resolveIssuer(ref); } catch (e) { throw E.bad(E.errResolvingIssuer((e as Error).message)); }
    if ((await store.issuer(id))!.key_id === '') warnings.push(E.WARN_DEFAULT_NO_KEY);
  }
  await store.putIssuerDefaults({ default: id, default_follows_latest_issuer: follows });
  return { data: { default: id, default_follows_latest_issuer: follows }, ...(warnings.length > 0 ? { warnings } : {}) };
}

export async function readKeyDefault(store: PkiStore): Promise<LogicalResponse> {
  return { data: { default: await store.keyDefault() } };
}

export async function writeKeyDefault(store: PkiStore, _req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const ref = d.get<string>('default');
  if (ref === '' || ref === 'default') throw E.bad(E.ERR_KEY_DEFAULT_SPEC);
  let id: string;
  try { id = await store.resolveKey(ref); } catch (e) { throw E.bad(E.errResolvingKey((e as Error).message)); }
  await store.putKeyDefault(id);
  return { data: { default: id } };
}

export async function readUrls(store: PkiStore): Promise<LogicalResponse> {
  const u = await store.urls();
  return { data: { crl_distribution_points: u.crl_distribution_points, enable_templating: u.enable_templating, issuing_certificates: u.issuing_certificates, ocsp_servers: u.ocsp_servers } };
}

export async function writeUrls(store: PkiStore, _req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const cur = await store.urls();
  const pick = <K extends keyof AiaUrls>(k: K, field: string): AiaUrls[K] => (d.getOk(field).ok ? d.get<AiaUrls[K]>(field) : cur[k]);
  const next: AiaUrls = {
    issuing_certificates: pick('issuing_certificates', 'issuing_certificates'), crl_distribution_points: pick('crl_distribution_points', 'crl_distribution_points'),
    ocsp_servers: pick('ocsp_servers', 'ocsp_servers'), enable_templating: pick('enable_templating', 'enable_templating'),
  };
  validateUrls(next);
  await store.putJson('urls', next);
  return readUrls(store);
}
