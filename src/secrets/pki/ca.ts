// Creating CAs: `root/generate/:type` (and `issuers/generate/root/:type`, `root/rotate/:type`),
// `intermediate/generate/:type`, and the import step every new issuer goes through (Vault
// builtin/logical/pki/path_root.go pathCAGenerateRoot, path_intermediate.go
// pathGenerateIntermediate, cert_util.go generateCert/generateIntermediateCSR, storage.go
// importIssuer/importKey, util.go getIssuerName/getKeyName).
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import * as E from '../../errors/pki.js';
import { aiaFor, urlsConfigured } from './bundle.js';
import { buildCertificate, buildCsr, newSerial } from './certgen.js';
import { parseCert } from './certinfo.js';
import { createBundle, keyUsageBits } from './creation.js';
import { rebuildCrls } from './crl.js';
import { checkFormat } from './issue.js';
import { defaultKeyBits, generateKey, keyFromPem, privateKeyText, signAlgFor, spkiDer, storedKeyPem, subjectKeyId, type KeyType, type PrivateKey } from './keys.js';
import { certPem, pemEncode } from './pem.js';
import { ROLE_DEFAULTS_FOR_CA } from './ca-role.js';
import { newIssuerEntry, type IssuerEntry, type PkiStore } from './store.js';

const NAME_RE = /^\w(([\w-.]+)?\w)?$/;

/** getIssuerName / getKeyName: trimmed, not `default`, well formed, unused. */
export async function checkName(store: PkiStore, raw: string, kind: 'issuer' | 'key', selfId = ''): Promise<string> {
  const name = raw.trim();
  if (name === '') return '';
  if (name.toLowerCase() === 'default') throw E.bad(kind === 'issuer' ? E.ERR_ISSUER_NAME_DEFAULT : E.ERR_KEY_NAME_DEFAULT);
  if (!NAME_RE.test(name)) throw E.bad(kind === 'issuer' ? E.ERR_ISSUER_NAME_CHARS : E.ERR_KEY_NAME_CHARS);
  const entries = kind === 'issuer' ? await store.issuers() : await store.keys();
  if (entries.some((e) => e.name === name && e.id !== selfId)) throw E.bad(kind === 'issuer' ? E.ERR_ISSUER_NAME_IN_USE : E.ERR_KEY_NAME_IN_USE);
  return name;
}

/** getGenerationParams: the `:exported` segment. */
function generationType(req: FrameworkRequest): 'internal' | 'exported' | 'existing' {
  const t = req.captures.exported ?? '';
  if (t === 'kms') throw E.goErr(E.ERR_KMS);
  if (t !== 'internal' && t !== 'exported' && t !== 'existing') throw E.bad(E.ERR_EXPORTED_PARAM);
  return t;
}

/** The CA's key: a new one, or the one `key_ref` names (existing). Returns whether it is new. */
async function caKey(store: PkiStore, d: FieldData, type: string): Promise<{ key: PrivateKey; keyId: string; isNew: boolean; sigBits: number }> {
  if (type === 'existing') {
    if (d.getOk('key_type').ok || d.getOk('key_bits').ok) throw E.bad(E.ERR_EXISTING_KEY_PARAMS);
    let id: string;
    try { id = await store.resolveKey(d.get<string>('key_ref') || 'default'); } catch (e) { throw E.bad((e as Error).message); }
    const key = (await store.privateKey(id))!;
    return { key, keyId: id, isNew: false, sigBits: d.get<number>('signature_bits') ?? 0 };
  }
  const keyType = d.get<string>('key_type') || 'rsa';
  const kb = defaultKeyBits(keyType === 'any' ? 'unknown' : keyType, d.get<number>('key_bits') ?? 0, d.get<number>('signature_bits') ?? 0);
  if (keyType === 'any') throw E.bad(E.errUnknownKeyType('any'));
  if ('error' in kb) throw E.bad(kb.error);
  const key = await generateKey(keyType as KeyType, kb.bits);
  return { key, keyId: '', isNew: true, sigBits: kb.sigBits };
}

/** importKey: a stored key with the same public key is reused. */
export async function storeKey(store: PkiStore, key: PrivateKey, name: string): Promise<{ id: string; existed: boolean }> {
  const spki = spkiDer(key.object);
  for (const k of await store.keys()) {
    if (spkiDer(keyFromPem(k.pem).object).equals(spki)) return { id: k.id, existed: true };
  }
  const id = store.uuid();
  await store.putKey({ id, name, type: key.type, bits: key.bits, pem: storedKeyPem(key) });
  if ((await store.keyDefault()) === '') await store.putKeyDefault(id);
  return { id, existed: false };
}

/** importIssuer: links a stored key with the same public key; the first keyed issuer becomes default. */
export async function storeIssuer(store: PkiStore, der: Uint8Array, name: string): Promise<{ entry: IssuerEntry; existed: boolean }> {
  const pem = certPem(der);
  const info = parseCert(der);
  let keyId = '';
  for (const k of await store.keys()) {
    if (spkiDer(keyFromPem(k.pem).object).equals(Buffer.from(info.spki))) { keyId = k.id; break; }
  }
  for (const i of await store.issuers()) {
    if (i.certificate !== pem + '\n') continue;
    // an issuer imported without its key gains it when the key arrives later
    if (i.key_id === '' && keyId !== '') { i.key_id = keyId; await store.putIssuer(i); }
    return { entry: i, existed: true };
  }
  const entry = newIssuerEntry(store.uuid(), pem, der, keyId, name);
  if (info.keyUsage !== undefined && !info.keyUsage.includes(6)) entry.usage = entry.usage.filter((u) => u !== 'crl-signing');
  await store.putIssuer(entry);
  const defaults = await store.issuerDefaults();
  if (keyId !== '' && (defaults.default === '' || defaults.default_follows_latest_issuer)) {
    await store.putIssuerDefaults({ ...defaults, default: entry.id });
  }
  return { entry, existed: false };
}

function caSubjectRole(d: FieldData) {
  return {
    ...ROLE_DEFAULTS_FOR_CA,
    ou: d.get<string[]>('ou'), organization: d.get<string[]>('organization'), country: d.get<string[]>('country'),
    locality: d.get<string[]>('locality'), province: d.get<string[]>('province'), street_address: d.get<string[]>('street_address'),
    postal_code: d.get<string[]>('postal_code'), not_before_duration: d.get<number>('not_before_duration') ?? 30,
  };
}

export async function generateRoot(store: PkiStore, req: FrameworkRequest, d: FieldData, rotate = false): Promise<LogicalResponse> {
  const type = generationType(req);
  const format = checkFormat(d);
  let requestedName = d.get<string>('issuer_name') ?? '';
  // root/rotate names the new issuer `next` unless told otherwise or taken (path_root.go)
  if (rotate && requestedName === '' && !(await store.issuers()).some((i) => i.name === 'next')) requestedName = 'next';
  const issuerName = await checkName(store, requestedName, 'issuer');
  const keyName = type === 'existing' ? '' : await checkName(store, d.get<string>('key_name') ?? '', 'key');
  const { key, keyId: existingKeyId, sigBits } = await caKey(store, d, type);
  const now = store.now();
  const mount = { now, defaultTtl: store.config.system.defaultLeaseTtl(), maxTtl: store.config.system.maxLeaseTtl() };
  const c = createBundle(caSubjectRole(d), d, undefined, mount, { notAfter: Number.MAX_SAFE_INTEGER, behavior: 'permit' });
  const spki = spkiDer(key.object);
  const ski = subjectKeyId(spki);
  const pathLen = d.get<number>('max_path_length') ?? -1;
  const alg = signAlgFor(key, sigBits, d.get<boolean>('use_pss') ?? false);
  // A root has no issuer id yet: global AIA templated on it is dropped with Vault's warning.
  const urls = await store.urls();
  const templatedOnId = urls.enable_templating && [...urls.issuing_certificates, ...urls.crl_distribution_points, ...urls.ocsp_servers].some((u) => u.includes('{{issuer_id}}'));
  const aia = templatedOnId ? { ocsp: [], issuing: [], crl: [] } : await aiaFor(store, undefined);
  const der = await buildCertificate({
    serial: newSerial((n) => store.config.random.bytes(n)), subject: c.subject, spki, notBefore: c.notBefore, notAfter: c.notAfter,
    keyUsage: [5, 6], basicConstraints: { ca: true, pathLen }, ski, aki: ski,
    aia: { ocsp: aia.ocsp, issuing: aia.issuing }, crlDp: aia.crl, sans: c.sans, permittedDns: d.get<string[]>('permitted_dns_domains'),
    signer: { key, subject: c.subject, alg },
  });
  const keyId = existingKeyId !== '' ? existingKeyId : (await storeKey(store, key, keyName)).id;
  const { entry } = await storeIssuer(store, der, issuerName);
  entry.revocation_signature_algorithm = alg.name;
  await store.putIssuer(entry);
  const info = parseCert(der);
  await store.storeCert(der, entry.id, info);
  const crlWarnings = await rebuildCrls(store);
  const b64 = Buffer.from(der).toString('base64');
  const pem = certPem(der);
  const keyText = type === 'exported' ? privateKeyText(key, format === 'der' ? 'der' : 'pem', d.get<string>('private_key_format') === 'pkcs8') : undefined;
  const data: Record<string, unknown> = {
    certificate: format === 'der' ? b64 : format === 'pem_bundle' && keyText !== undefined ? `${keyText}\n${pem}` : pem,
    expiration: Math.floor(info.notAfter / 1000), issuer_id: entry.id, issuer_name: entry.name,
    issuing_ca: format === 'der' ? b64 : pem, key_id: keyId, key_name: (await store.key(keyId))?.name ?? '',
  };
  if (keyText !== undefined) { data.private_key = keyText; data.private_key_type = key.type; }
  data.serial_number = info.serial;
  const warnings: string[] = [];
  if (c.subject.length <= 2) warnings.push(E.WARN_NO_SUBJECT);
  if (!(await urlsConfigured(store))) warnings.push(E.WARN_NO_AIA);
  crlWarnings.forEach((w, i) => warnings.push(`Warning ${i + 1} during CRL rebuild: ${w}`));
  if (pathLen === 0) warnings.push(E.WARN_PATHLEN_ZERO);
  warnings.push(...c.ttlWarnings);
  if (templatedOnId) warnings.push(E.WARN_ROOT_AIA_TEMPLATE);
  return { data, ...(warnings.length > 0 ? { warnings } : {}) };
}

export async function generateIntermediate(store: PkiStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const type = generationType(req);
  const format = checkFormat(d);
  const keyName = type === 'existing' ? '' : await checkName(store, d.get<string>('key_name') ?? '', 'key');
  const { key, keyId: existingKeyId, sigBits } = await caKey(store, d, type);
  const now = store.now();
  const mount = { now, defaultTtl: store.config.system.defaultLeaseTtl(), maxTtl: store.config.system.maxLeaseTtl() };
  const c = createBundle(caSubjectRole(d), d, undefined, mount, { notAfter: Number.MAX_SAFE_INTEGER, behavior: 'permit' });
  const ku = d.getOk('key_usage').ok ? keyUsageBits(d.get<string[]>('key_usage')) : undefined;
  const csrDer = await buildCsr(key, c.subject, c.sans, ku, d.get<boolean>('add_basic_constraints') ?? false, key.type === 'rsa' ? sigBits : 0);
  const keyId = existingKeyId !== '' ? existingKeyId : (await storeKey(store, key, keyName)).id;
  const csrText = format === 'der' ? Buffer.from(csrDer).toString('base64') : pemEncode('CERTIFICATE REQUEST', csrDer).trim();
  const keyText = type === 'exported' ? privateKeyText(key, format === 'der' ? 'der' : 'pem', d.get<string>('private_key_format') === 'pkcs8') : undefined;
  const data: Record<string, unknown> = { csr: format === 'pem_bundle' && keyText !== undefined ? `${keyText}\n${csrText}` : csrText, key_id: keyId };
  if (keyText !== undefined) { data.private_key = keyText; data.private_key_type = key.type; }
  const warnings = (await urlsConfigured(store)) ? [] : [E.WARN_NO_AIA_INTERMEDIATE];
  return { data, ...(warnings.length > 0 ? { warnings } : {}) };
}
