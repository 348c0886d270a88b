// keys/:name/import and keys/:name/import_version: a new key, or a new version of an imported
// key, from key material wrapped for the mount's wrapping key (byok.ts), or from a PEM public key
// alone (RSA, ECDSA, Ed25519); import_version with `version` fills in the private half of a
// version imported public-only. Vault's checks in Vault's order, with its texts.
// Upstream: V builtin/logical/transit path_import.go pathImportWrite, pathImportVersionWrite,
// extractKeyFromFields, checkKeyFieldsSet; KU sdk/helper/keysutil lock_manager.go ImportPolicy,
// policy.go ImportPublicOrPrivate, parseFromKey, KeyVersionCanBeUpdated, ImportPrivateKeyForVersion.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import * as E from '../../errors/transit.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { goNow } from '../../util/clock.js';
import { asymFieldsOf, CURVES, privateKeyOf, publicKeyOf, RSA_BITS } from './asym.js';
import { hashFn, unwrapImported } from './byok.js';
import { b64, goBase64Decode } from './crypto.js';
import { readTlv } from './der.js';
import { KEY_TYPES, Policy, SYMMETRIC_KEY_BYTES, type KeyEntry, type PolicyStore } from './policy.js';

const bare = (msg: string) => new GoError(500, msg);
/** KU policy.go KeyType.ImportPublicKeySupported. */
const takesPublicKey = (t: string): boolean => t === 'ed25519' || Object.hasOwn(CURVES, t) || Object.hasOwn(RSA_BITS, t);
const CURVE_OF: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/**
 * V path_import.go extractKeyFromFields. Presence of `ciphertext` picks private import (1.18's
 * checkKeyFieldsSet looks for a `publicKey` field that never exists, so sending both is no error
 * and the ciphertext wins).
 */
async function keyFromFields(store: PolicyStore, d: FieldData, type: string, isPrivate: boolean): Promise<Uint8Array> {
  if (!isPrivate) {
    if (!takesPublicKey(type)) throw bare(E.ERR_TRANSIT_IMPORT_NO_PUBLIC);
    return new TextEncoder().encode(d.get<string>('public_key'));
  }
  const hashName = d.get<string>('hash_function');
  const hash = hashFn(hashName);
  if (hash === undefined) throw new VaultError(400, E.errTransitUnknownHashFn(hashName));
  const ct = goBase64Decode(d.get<string>('ciphertext'));
  if (!ct.ok) throw bare(ct.error);
  return unwrapImported(store, ct.bytes, hash);
}

/** Go's %T of what x509.ParsePKCS8PrivateKey / ParsePKIXPublicKey return for a node key. */
function goTypeOf(k: KeyObject, isPrivate: boolean): string {
  const t = k.asymmetricKeyType;
  const base = t === 'rsa' || t === 'rsa-pss' ? 'rsa' : t === 'ec' ? 'ecdsa' : t === 'ed25519' ? 'ed25519' : 'ecdh';
  if (base === 'ed25519') return isPrivate ? 'ed25519.PrivateKey' : 'ed25519.PublicKey';
  return `*${base}.${isPrivate ? 'PrivateKey' : 'PublicKey'}`;
}

/** x509.ParsePKCS8PrivateKey, taking RSA-PSS keys as RSA ones (KU ParsePKCS8RSAPSSPrivateKey). */
function parsePkcs8(der: Uint8Array): KeyObject {
  let k: KeyObject;
  try {
    k = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  } catch {
    // Go names the format it recognises; otherwise its text comes from its ASN.1 walk, which
    // minivault does not reproduce (it names the failure without the detail).
    const as = (type: 'pkcs1' | 'sec1') => { try { createPrivateKey({ key: Buffer.from(der), format: 'der', type }); return true; } catch { return false; } };
    const hint = as('pkcs1') ? ' (use ParsePKCS1PrivateKey instead for this key format)' : as('sec1') ? ' (use ParseECPrivateKey instead for this key format)' : '';
    throw new Error(E.errTransitParseAsymmetric(`x509: failed to parse private key${hint}`));
  }
  if (k.asymmetricKeyType !== 'rsa-pss') return k;
  // PrivateKeyInfo ::= SEQUENCE { version, algorithm, privateKey OCTET STRING (an RSAPrivateKey) }
  const outer = readTlv(der, 0)!;
  const version = readTlv(der, outer.start)!;
  const alg = readTlv(der, version.end)!;
  const body = readTlv(der, alg.end)!;
  return createPrivateKey({ key: Buffer.from(der.subarray(body.start, body.end)), format: 'der', type: 'pkcs1' });
}

/** Go's pem.Decode (the first block, whatever its type) then x509.ParsePKIXPublicKey. */
function parsePublicPem(pem: Uint8Array): KeyObject {
  const m = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(new TextDecoder().decode(pem));
  if (m === null) throw new Error(E.ERR_TRANSIT_PUBLIC_NOT_PEM);
  const der = Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64');
  try {
    return createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    let pkcs1 = false;
    try { createPublicKey({ key: der, format: 'der', type: 'pkcs1' }); pkcs1 = true; } catch { /* neither */ }
    throw new Error(E.errTransitParsePublic(`x509: failed to parse public key${pkcs1 ? ' (use ParsePKCS1PublicKey instead for this key format)' : ''}`));
  }
}

/** KU policy.go KeyEntry.parseFromKey: the type, curve and size checks, then the entry's members. */
function membersOf(type: string, k: KeyObject, isPrivate: boolean): Partial<KeyEntry> {
  const kt = k.asymmetricKeyType;
  const mismatch = () => new Error(E.errTransitKeyTypeMismatch(type, goTypeOf(k, isPrivate)));
  if (kt === 'ec') {
    if (!Object.hasOwn(CURVES, type)) throw mismatch();
    const got = CURVE_OF[k.asymmetricKeyDetails?.namedCurve ?? ''] ?? String(k.asymmetricKeyDetails?.namedCurve);
    if (got !== CURVES[type]!.jwk) throw new Error(E.errTransitCurveMismatch(CURVES[type]!.jwk, got));
  } else if (kt === 'ed25519') {
    if (type !== 'ed25519') throw mismatch();
  } else if (kt === 'rsa') {
    if (!Object.hasOwn(RSA_BITS, type)) throw mismatch();
    const bytes = Math.ceil((k.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    if (bytes !== RSA_BITS[type]! / 8) throw new Error(E.errTransitRsaSizeMismatch(RSA_BITS[type]! / 8, bytes));
  } else throw mismatch();
  return asymFieldsOf(k, isPrivate);
}

/** KU policy.go ImportPrivateKeyForVersion: the private half of a public-only version, which must match it. */
async function importPrivateForVersion(store: PolicyStore, p: Policy, version: number, key: Uint8Array): Promise<void> {
  const e = p.entry(version);
  if (e === undefined) throw new Error(E.ERR_TRANSIT_NO_SUCH_VERSION);
  const k = parsePkcs8(key);
  const own = publicKeyOf(p.typeName, e).export({ format: 'der', type: 'spki' });
  if (['ec', 'ed25519', 'rsa'].includes(k.asymmetricKeyType ?? '') && !createPublicKey(k).export({ format: 'der', type: 'spki' }).equals(own)) {
    throw new Error(E.ERR_TRANSIT_KEY_PAIR_MISMATCH);
  }
  // A new entry object: cached KeyObjects belong to the public-only one.
  await store.replaceEntry(p, version, { ...e, ...membersOf(p.typeName, k, true) });
}

const privateMissing = (p: Policy, e: KeyEntry): boolean => privateKeyOf(p.typeName, e) === undefined && !e.key;

/** KU policy.go ImportPublicOrPrivate: a new version (or the missing private half of the latest). */
async function importVersion(store: PolicyStore, p: Policy, key: Uint8Array, isPrivate: boolean): Promise<void> {
  const t = p.typeName;
  const latest = p.entry(p.data.latest_version);
  if (latest !== undefined && isPrivate && !Object.hasOwn(SYMMETRIC_KEY_BYTES, t) && t !== 'hmac' && privateMissing(p, latest)) {
    try {
      await importPrivateForVersion(store, p, p.data.latest_version, key);
      return;
    } catch { /* not this version's pair: it becomes a new version, as in Vault */ }
  }
  const now = store.clock.now();
  const entry: KeyEntry = { key: null, hmac_key: '', time: goNow(store.clock), creation_time: Math.floor(now / 1000) };
  if (t !== 'hmac') entry.hmac_key = b64(store.random.bytes(32));
  if (t === 'ed25519' && p.data.derived && !isPrivate) throw new Error(E.ERR_TRANSIT_IMPORT_DERIVED_ED25519_PUBLIC);
  const want = SYMMETRIC_KEY_BYTES[t];
  if ((want !== undefined && key.length !== want) || (t === 'hmac' && (key.length < 32 || key.length > 512))) {
    throw new Error(E.errTransitImportKeySize(key.length, t));
  }
  if (want !== undefined || t === 'hmac') {
    entry.key = b64(key);
    if (t === 'hmac') {
      p.data.key_size = key.length;
      entry.hmac_key = entry.key;
    }
  } else {
    Object.assign(entry, membersOf(t, isPrivate ? parsePkcs8(key) : parsePublicPem(key), isPrivate));
  }
  p.data.latest_version += 1;
  p.data.keys[String(p.data.latest_version)] = entry;
  if (p.data.min_decryption_version === 0) p.data.min_decryption_version = 1;
  await store.persist(p);
}

/** POST keys/:name/import (V path_import.go pathImportWrite). */
export async function importKey(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<null> {
  const name = req.captures.name!;
  if (Object.hasOwn(d.raw, 'convergent_encryption')) throw bare(E.ERR_TRANSIT_IMPORT_CONVERGENT);
  const period = d.get<number>('auto_rotate_period');
  const allowRotation = d.get<boolean>('allow_rotation');
  if (period > 0 && !allowRotation) throw bare(E.ERR_TRANSIT_IMPORT_ROTATION);
  const isPrivate = Object.hasOwn(d.raw, 'ciphertext');
  const typeField = d.get<string>('type');
  const type = typeField.toLowerCase();
  if (!Object.hasOwn(KEY_TYPES, type) || type === 'managed_key') throw new VaultError(400, E.errTransitImportUnknownType(typeField));
  if (type === 'aes128-cmac' || type === 'aes256-cmac') throw new VaultError(400, E.ERR_TRANSIT_CMAC_ENT_ONLY);
  return store.exclusive(name, async () => {
    if ((await store.getLocked(name)) !== undefined) throw bare(E.ERR_TRANSIT_IMPORT_EXISTS);
    const key = await keyFromFields(store, d, type, isPrivate);
    // KU lock_manager.go ImportPolicy: no KDF is set, so a derived import uses the legacy counter-mode KDF.
    const p = new Policy({
      name, keys: {}, derived: d.get<boolean>('derived'), kdf: 0, convergent_encryption: false, convergent_version: 0,
      exportable: d.get<boolean>('exportable'), min_decryption_version: 0, min_encryption_version: 0, latest_version: 0,
      archive_version: 0, archive_min_version: 0, min_available_version: 0, deletion_allowed: false, type: KEY_TYPES[type]!,
      allow_plaintext_backup: d.get<boolean>('allow_plaintext_backup'), auto_rotate_period: period * 1e9,
      imported_key: true, allow_imported_key_rotation: allowRotation,
    });
    try {
      await importVersion(store, p, key, isPrivate);
    } catch (err) {
      throw bare(E.errTransitImporting((err as Error).message));
    } finally {
      key.fill(0);
    }
    return null;
  });
}

/** POST keys/:name/import_version (V path_import.go pathImportVersionWrite). */
export async function importKeyVersion(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<null> {
  const name = req.captures.name!;
  const isPrivate = Object.hasOwn(d.raw, 'ciphertext');
  return store.exclusive(name, async () => {
    const p = await store.getLocked(name);
    if (p === undefined) throw bare(E.errTransitImportVersionNoKey(name));
    if (!p.data.imported_key) throw bare(E.ERR_TRANSIT_IMPORT_VERSION_NOT_IMPORTED);
    if (p.data.convergent_encryption) throw bare(E.ERR_TRANSIT_IMPORT_VERSION_CONVERGENT);
    const key = await keyFromFields(store, d, p.typeName, isPrivate);
    try {
      const version = d.getOk<number>('version');
      if (version.ok) {
        // KU policy.go KeyVersionCanBeUpdated, then ImportPrivateKeyForVersion
        const e = p.entry(version.value);
        if (e === undefined) throw new Error(E.ERR_TRANSIT_NO_SUCH_VERSION);
        if (!takesPublicKey(p.typeName)) throw new Error(E.ERR_TRANSIT_VERSION_NO_IMPORT);
        const missing = privateMissing(p, e);
        if (missing && !isPrivate) throw new Error(E.ERR_TRANSIT_VERSION_HAS_PUBLIC);
        if (!missing) throw new Error(E.ERR_TRANSIT_VERSION_HAS_PRIVATE);
        await importPrivateForVersion(store, p, version.value, key);
      } else {
        await importVersion(store, p, key, isPrivate);
      }
    } catch (err) {
      if (err instanceof VaultError) throw err;
      throw bare((err as Error).message);
    } finally {
      key.fill(0);
    }
    return null;
  });
}
