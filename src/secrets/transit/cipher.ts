// Encrypt and decrypt one item with a symmetric key policy, as keysutil does (KU policy.go
// EncryptWithFactory, DecryptWithFactory, GetKey/DeriveKey, SymmetricEncryptRaw/DecryptRaw):
// version checks, HKDF-SHA256 derivation from the context, convergent nonces (version 3: HMAC of
// the plaintext under the second half of the derived key; 2: HMAC under the context; 1: the
// client's nonce), and the `vault:v<N>:<base64(nonce‖ct‖tag)>` format. Failures come back as
// the user error text Vault puts in the item (never thrown). RSA keys encrypt with RSAES-OAEP,
// SHA-256 for both the hash and MGF1, empty label (KU policy.go EncryptWithFactory/DecryptWithFactory
// KeyType_RSA*); their failures are internal errors (500).
import { constants, privateDecrypt, publicEncrypt } from 'node:crypto';
import * as E from '../../errors/transit.js';
import type { RandomSource } from '../../util/random.js';
import { aeadOpen, aeadSeal, aeadSealWithNonce, b64, derivedOnce, goBase64Decode, hkdfSha256, hmac, NONCE_SIZE, type AeadKind } from './crypto.js';
import { privateKeyOf, publicKeyOf, RSA_BITS } from './asym.js';
import { isEncryptionType, keyBytesOf, type Policy } from './policy.js';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string; internal?: boolean };
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });
const internal = (error: string): { ok: false; error: string; internal: true } => ({ ok: false, error, internal: true });
const isRsa = (p: Policy): boolean => Object.hasOwn(RSA_BITS, p.typeName);

export interface CipherInput {
  context: Uint8Array;
  nonce: Uint8Array;
  ad: Uint8Array;
}

function aeadKind(p: Policy): AeadKind {
  return p.typeName === 'chacha20-poly1305' ? 'chacha20-poly1305' : 'aes-gcm';
}

/** KU policy.go GetKey / DeriveKey: the version's key, or the HKDF-derived one. */
function keyFor(p: Policy, version: number, context: Uint8Array, length: number): Outcome<Uint8Array> {
  const entryKey = () => {
    const entry = p.entry(version);
    return entry === undefined ? undefined : keyBytesOf(entry).key;
  };
  if (!p.data.derived) {
    const raw = entryKey();
    return raw === undefined ? fail(E.ERR_TRANSIT_NO_SUCH_VERSION) : { ok: true, value: raw };
  }
  // DeriveKey's order: version range, then the context, then the entry.
  if (version <= 0 || version > p.data.latest_version) return fail(E.ERR_TRANSIT_INVALID_KEY_VERSION);
  if (context.length === 0) return fail(E.ERR_TRANSIT_MISSING_CONTEXT);
  const entry = p.entry(version);
  if (entry === undefined) return fail(E.ERR_TRANSIT_NO_SUCH_VERSION);
  const raw = keyBytesOf(entry).key;
  if (p.data.kdf === 1) return { ok: true, value: derivedOnce(entry, `hkdf${length}`, context, () => hkdfSha256(raw, context, length)) };
  // Legacy KDF mode 0 (SP 800-108 counter mode, one HMAC-SHA256 block): 32 bytes whatever the type.
  if (length !== 32) return fail(E.ERR_TRANSIT_DERIVE_LENGTH);
  const label = new Uint8Array(4 + context.length + 4);
  label.set(context, 4);
  new DataView(label.buffer).setUint32(4 + context.length, 256);
  return { ok: true, value: hmac('sha256', raw, label) };
}

// Random nonces are cut from a pool drawn in one call per 256 nonces: a 12-byte draw from the
// platform source (WebCrypto getRandomValues) cost as much as the AES-GCM seal of 1 KiB itself.
const POOL_NONCES = 256;
const pools = new WeakMap<RandomSource, { bytes: Uint8Array; next: number }>();

function nonceFrom(random: RandomSource): Uint8Array {
  let pool = pools.get(random);
  if (pool === undefined || pool.next === pool.bytes.length) {
    pool = { bytes: random.bytes(NONCE_SIZE * POOL_NONCES), next: 0 };
    pools.set(random, pool);
  }
  const nonce = pool.bytes.subarray(pool.next, pool.next + NONCE_SIZE);
  pool.next += NONCE_SIZE;
  return nonce;
}

/** `vault:v<N>:` + base64 of the payload, for the key version used. */
export function encryptItem(p: Policy, random: RandomSource, plaintext: Uint8Array, version: number, input: CipherInput): Outcome<{ ciphertext: string; version: number }> {
  const d = p.data;
  if (!isEncryptionType(p.typeName)) return fail(E.errTransitEncryptUnsupported(p.typeName));
  if (version === 0) version = d.latest_version;
  if (version < 0) return fail(E.ERR_TRANSIT_ENC_VERSION_NEGATIVE);
  if (version > d.latest_version) return fail(E.ERR_TRANSIT_ENC_VERSION_TOO_HIGH);
  if (version < d.min_encryption_version) return fail(E.ERR_TRANSIT_ENC_VERSION_TOO_LOW);
  if (isRsa(p)) {
    const entry = p.entry(version);
    if (entry === undefined) return fail(E.ERR_TRANSIT_NO_SUCH_VERSION);
    const k = k8(p.typeName) - 66;
    if (plaintext.length > k) return internal(E.ERR_TRANSIT_RSA_TOO_LONG);
    const ct = publicEncrypt({ key: publicKeyOf(p.typeName, entry), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, plaintext);
    return { ok: true, value: { ciphertext: `vault:v${version}:${b64(ct)}`, version } };
  }
  const conv = p.convergentVersion(version);
  // Only convergent version 1 takes the caller's nonce; checked before the key is derived.
  if (input.nonce.length > 0 && conv !== 1) return fail(E.ERR_TRANSIT_NONCE_WHEN_NOT_ALLOWED);
  const encLen = p.keyBytes;
  const derived = keyFor(p, version, input.context, conv >= 3 ? encLen + 32 : encLen);
  if (!derived.ok) return derived;
  const key = derived.value.subarray(0, encLen);
  let nonce: Uint8Array;
  if (!d.convergent_encryption) {
    nonce = nonceFrom(random);
  } else if (conv === 1) {
    if (input.nonce.length !== NONCE_SIZE) return fail(E.ERR_TRANSIT_CONVERGENT_NONCE_LENGTH);
    nonce = input.nonce;
  } else {
    const nonceKey = conv === 2 ? input.context : derived.value.subarray(encLen);
    nonce = hmac('sha256', nonceKey, plaintext).subarray(0, NONCE_SIZE);
  }
  // Convergent version 1 payloads carry no nonce; every other layout is nonce ‖ ct ‖ tag.
  const payload = conv === 1 ? aeadSeal(aeadKind(p), key, nonce, plaintext, input.ad) : aeadSealWithNonce(aeadKind(p), key, nonce, plaintext, input.ad);
  return { ok: true, value: { ciphertext: `vault:v${version}:${b64(payload)}`, version } };
}

/** Go strconv.Atoi on the version field: optional sign, decimal digits, int64 range. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Decrypts `vault:v<N>:…` (KU policy.go DecryptWithFactory), checking the version against the policy. */
export function decryptItem(p: Policy, ciphertext: string, input: CipherInput): Outcome<Uint8Array> {
  const d = p.data;
  if (!isEncryptionType(p.typeName)) return fail(E.errTransitDecryptUnsupported(p.typeName));
  if (!ciphertext.startsWith('vault:v')) return fail(E.ERR_TRANSIT_CT_NO_PREFIX);
  const rest = ciphertext.slice('vault:v'.length);
  const colon = rest.indexOf(':');
  if (colon === -1) return fail(E.ERR_TRANSIT_CT_FIELDS);
  let version = atoi(rest.slice(0, colon));
  if (version === undefined) return fail(E.ERR_TRANSIT_CT_VERSION);
  if (version === 0) version = 1;
  if (version > d.latest_version) return fail(E.ERR_TRANSIT_CT_TOO_NEW);
  if (version < d.min_decryption_version) return fail(E.ERR_TRANSIT_CT_TOO_OLD);
  if (isRsa(p)) return rsaDecrypt(p, version, rest.slice(colon + 1));
  const conv = p.convergentVersion(version);
  if (conv === 1 && input.nonce.length === 0) return fail(E.ERR_TRANSIT_INVALID_CONVERGENT_NONCE);
  const decoded = goBase64Decode(rest.slice(colon + 1));
  if (!decoded.ok) return fail(E.ERR_TRANSIT_CT_BASE64);
  const key = keyFor(p, version, input.context, p.keyBytes);
  if (!key.ok) return key;
  let nonce: Uint8Array;
  let sealed: Uint8Array;
  if (decoded.bytes.length < NONCE_SIZE) return fail(E.ERR_TRANSIT_CT_LENGTH);
  if (conv === 1) {
    // 1.18 hands Open no nonce for version-1 payloads (hashicorp/vault sdk/helper/keysutil/policy.go DecryptWithFactory), so they never open.
    nonce = new Uint8Array(0);
    sealed = decoded.bytes;
  } else {
    nonce = decoded.bytes.subarray(0, NONCE_SIZE);
    sealed = decoded.bytes.subarray(NONCE_SIZE);
  }
  const kind = aeadKind(p);
  const pt = nonce.length === NONCE_SIZE ? aeadOpen(kind, key.value, nonce, sealed, input.ad) : undefined;
  if (pt === undefined) return fail(kind === 'aes-gcm' ? E.ERR_TRANSIT_GCM_AUTH : E.ERR_TRANSIT_CHACHA_AUTH);
  return { ok: true, value: pt };
}

/** KU policy.go HMACKey: the version's HMAC key, with Vault's checks and texts. */
export function hmacKey(p: Policy, version: number): Outcome<Uint8Array> {
  if (version < 0) return fail(E.ERR_TRANSIT_HMAC_VERSION_NEGATIVE);
  if (version > p.data.latest_version) return fail(E.errTransitHmacVersionTooHigh(p.data.latest_version));
  const entry = p.entry(version);
  if (entry === undefined) return fail(E.ERR_TRANSIT_NO_SUCH_VERSION);
  return { ok: true, value: keyBytesOf(entry).hmac };
}

const k8 = (type: string): number => RSA_BITS[type]! / 8;

/** The RSA branch of KU policy.go DecryptWithFactory: OAEP-SHA256, failures internal. */
function rsaDecrypt(p: Policy, version: number, payload: string): Outcome<Uint8Array> {
  const decoded = goBase64Decode(payload);
  if (!decoded.ok) return fail(E.ERR_TRANSIT_CT_BASE64);
  const entry = p.entry(version);
  if (entry === undefined) return fail(E.ERR_TRANSIT_NO_SUCH_VERSION);
  const key = privateKeyOf(p.typeName, entry);
  if (key === undefined) return internal(E.ERR_TRANSIT_RSA_NO_PRIVATE);
  try {
    const pt = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, decoded.bytes);
    return { ok: true, value: new Uint8Array(pt) };
  } catch {
    return internal(E.ERR_TRANSIT_RSA_DECRYPT);
  }
}
