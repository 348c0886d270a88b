// Bring-your-own-key plumbing: the import wrapping format (RSA-OAEP of an ephemeral AES-256 key,
// then AES-KWP, RFC 5649, of the target key under it), the mount's RSA-4096 wrapping key
// (`wrapping_key`, stored as the key policy `import/wrapping-key`), and `byok-export`, which wraps
// a key's versions for another RSA key in that same format.
// Upstream: V builtin/logical/transit path_wrapping_key.go, path_import.go decryptImportedKey /
// parseHashFn, path_byok.go; KU sdk/helper/keysutil policy.go WrapKey, wrapTargetPKCS8ForImport;
// tink-go kwp/subtle kwp.go (Vault's KWP, with its size limits and error texts).
import { constants, createCipheriv, createDecipheriv, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import * as E from '../../errors/transit.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { privateKeyOf, publicKeyOf, publicPem, RSA_BITS } from './asym.js';
import { b64 } from './crypto.js';
import { isSigningType, keyBytesOf, SYMMETRIC_KEY_BYTES, type KeyEntry, type Policy, type PolicyStore } from './policy.js';

/** V path_import.go EncryptedKeyBytes: the OAEP-wrapped ephemeral key (an RSA-4096 block). */
const ENCRYPTED_KEY_BYTES = 512;
const WRAPPING_KEY_NAME = 'import/wrapping-key';
const KWP_IV = Buffer.from('a65959a6', 'hex');
const KWP_MIN = 16, KWP_MAX = 8192;
const kwpSize = (n: number): number => n + (7 - ((n + 7) % 8)) + 8;

/** V path_import.go parseHashFn (case-insensitive), as node:crypto names. */
export function hashFn(name: string): string | undefined {
  return ({ SHA1: 'sha1', SHA224: 'sha224', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' } as Record<string, string>)[name.toUpperCase()];
}

/** tink KWP.Wrap: RFC 5649 under a 32-byte key, refusing keys under 16 or over 8192 bytes. */
function kwpWrap(kek: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length < KWP_MIN) throw new Error(E.ERR_KWP_WRAP_TOO_SMALL);
  const c = createCipheriv('id-aes256-wrap-pad', kek, KWP_IV);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

/** tink KWP.Unwrap, with its checks in its order; the error text, or the key. */
function kwpUnwrap(kek: Uint8Array, data: Uint8Array): Uint8Array | string {
  if (data.length < kwpSize(KWP_MIN)) return E.ERR_KWP_TOO_SMALL;
  if (data.length > kwpSize(KWP_MAX)) return E.ERR_KWP_TOO_LARGE;
  if (data.length % 8 !== 0) return E.ERR_KWP_MULTIPLE;
  try {
    const d = createDecipheriv('id-aes256-wrap-pad', kek, KWP_IV);
    return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
  } catch {
    return E.ERR_KWP_INTEGRITY;
  }
}

/** KU policy.go wrapTargetPKCS8ForImport: OAEP(ephemeral AES key) ‖ KWP(target), base64. */
function wrapForImport(wrappingKey: KeyObject, target: Uint8Array, hash: string, ephemeral: Uint8Array): string {
  const wrappedEph = publicEncrypt({ key: wrappingKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ephemeral);
  return b64(Buffer.concat([wrappedEph, kwpWrap(ephemeral, target)]));
}

/** The mount's wrapping key, created (RSA-4096) the first time anything asks for it (V getWrappingKey). */
export async function wrappingKey(store: PolicyStore): Promise<Policy> {
  const existing = await store.get(WRAPPING_KEY_NAME);
  if (existing !== undefined) return existing;
  return store.exclusive(WRAPPING_KEY_NAME, async () => (await store.getLocked(WRAPPING_KEY_NAME)) ?? store.create({
    name: WRAPPING_KEY_NAME, type: 'rsa-4096', derived: false, convergent: false, exportable: false, allowPlaintextBackup: false, autoRotateSeconds: 0,
  }));
}

/** GET wrapping_key (V path_wrapping_key.go pathWrappingKeyRead): PKIX PEM with its trailing newline. */
export async function readWrappingKey(store: PolicyStore): Promise<LogicalResponse> {
  const p = await wrappingKey(store);
  return { data: { public_key: publicPem(publicKeyOf('rsa-4096', p.entry(p.data.latest_version)!)) } };
}

/** V path_import.go decryptImportedKey: the target key bytes, or a bare error (500). */
export async function unwrapImported(store: PolicyStore, ciphertext: Uint8Array, hash: string): Promise<Uint8Array> {
  if (ciphertext.length <= ENCRYPTED_KEY_BYTES) throw new GoError(500, E.ERR_TRANSIT_IMPORT_TOO_SHORT);
  const p = await wrappingKey(store);
  const priv = privateKeyOf('rsa-4096', p.entry(p.data.latest_version)!)!;
  let eph: Buffer;
  try {
    eph = privateDecrypt({ key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ciphertext.subarray(0, ENCRYPTED_KEY_BYTES));
  } catch {
    throw new GoError(500, E.ERR_GO_RSA_DECRYPTION);
  }
  try {
    if (eph.length !== 32) throw new GoError(500, E.ERR_TRANSIT_IMPORT_EPH_SIZE);
    const key = kwpUnwrap(eph, ciphertext.subarray(ENCRYPTED_KEY_BYTES));
    if (typeof key === 'string') throw new GoError(500, key);
    return key;
  } finally {
    eph.fill(0); // as Vault does, the ephemeral key does not outlive the request
  }
}

/** V path_byok.go getBYOKExportKey + KU policy.go WrapKey: one version of `src` wrapped for `dst`. */
function byokExportKey(dst: Policy, src: Policy, e: KeyEntry, hash: string, store: PolicyStore): string {
  const node = hashFn(hash);
  if (node === undefined) throw new GoError(500, E.errTransitUnknownHashFn(hash));
  if (!isSigningType(dst.typeName)) throw new GoError(500, E.errTransitWrapNotSigning(dst.typeName));
  const de = dst.entry(dst.data.latest_version);
  if (de === undefined) throw new GoError(500, E.ERR_TRANSIT_NO_SUCH_VERSION);
  if (!Object.hasOwn(RSA_BITS, dst.typeName) || !de.rsa_public_key) throw new GoError(500, E.ERR_TRANSIT_WRAP_NOT_RSA);
  // Symmetric and HMAC keys travel as raw bytes, asymmetric ones as PKCS#8 DER.
  const t = src.typeName;
  let target: Uint8Array;
  if (Object.hasOwn(SYMMETRIC_KEY_BYTES, t) || t === 'hmac') target = keyBytesOf(e).key;
  else {
    const k = privateKeyOf(t, e);
    if (k === undefined) throw new GoError(500, E.errTransitWrapFailed(E.ERR_TRANSIT_WRAP_NO_PRIVATE));
    target = k.export({ format: 'der', type: 'pkcs8' });
  }
  try {
    return wrapForImport(publicKeyOf(dst.typeName, de), target, node, store.random.bytes(32));
  } catch (err) {
    throw new GoError(500, E.errTransitWrapFailed((err as Error).message));
  }
}

/** GET byok-export/:destination/:source(/:version) (V path_byok.go pathPolicyBYOKExportRead). */
export async function byokExport(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const dst = await store.get(req.captures.destination!);
  if (dst === undefined) throw new GoError(500, E.ERR_TRANSIT_BYOK_NO_DESTINATION);
  const src = await store.get(req.captures.source!);
  if (src === undefined) throw new GoError(500, E.ERR_TRANSIT_BYOK_NO_SOURCE);
  if (!src.data.exportable) throw new VaultError(400, E.ERR_TRANSIT_BYOK_NOT_EXPORTABLE);
  const hash = d.get<string>('hash');
  const keys: Record<string, string> = {};
  const version = req.captures.version ?? '';
  if (version === '') {
    for (const [v, e] of Object.entries(src.data.keys)) keys[v] = byokExportKey(dst, src, e, hash, store);
  } else {
    let n: number;
    if (version === 'latest') n = src.data.latest_version;
    else {
      const s = version.startsWith('v') ? version.slice(1) : version;
      if (!/^[+-]?[0-9]+$/.test(s) || !Number.isSafeInteger(Number(s))) throw new VaultError(400, E.ERR_TRANSIT_INVALID_KEY_VERSION);
      n = Number(s);
    }
    if (n < src.data.min_decryption_version) throw new VaultError(400, E.ERR_TRANSIT_EXPORT_BELOW_MIN);
    const e = src.entry(n);
    if (e === undefined) throw new VaultError(400, E.ERR_TRANSIT_EXPORT_NO_VERSION);
    keys[String(n)] = byokExportKey(dst, src, e, hash, store);
  }
  return { data: { keys, name: src.name, type: src.typeName } };
}
