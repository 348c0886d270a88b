// The byte-level pieces of transit: Go's strict standard base64 decoder (with its exact
// `illegal base64 data at input byte N` offsets), HKDF-SHA256 without Node's 1024-byte `info`
// limit, the AEADs (AES-GCM with 12-byte nonce and 16-byte tag, ChaCha20-Poly1305) sealing as Go's
// `Seal` does, and the hash table of hash/ and hmac/. Upstream: GO encoding/base64 decodeQuantum;
// SDK helper/kdf and golang.org/x/crypto/hkdf; KU sdk/helper/keysutil policy.go
// SymmetricEncryptRaw / SymmetricDecryptRaw, consts.go HashTypeMap.
import { createCipheriv, createDecipheriv, createHash, createHmac, type CipherGCMTypes } from 'node:crypto';
import { errGoBase64 } from '../../errors/transit.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
const CR = 13, LF = 10, PAD = 61;

/** Go's base64.StdEncoding.DecodeString: bytes, or the Go error text. */
export function goBase64Decode(s: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  // The common case at native speed: whole quanta, padding only at the very end and no URL-safe
  // symbols (which Node takes and Go refuses). Node skips what is not in the alphabet and stops at
  // padding, so any other oddity yields fewer bytes than the length promises, and such input goes
  // through the byte walk below for Go's exact error offsets. (Cheaper than a regex or a
  // re-encoding over a long input.)
  if (s.length % 4 === 0 && s.indexOf('-') === -1 && s.indexOf('_') === -1) {
    const pads = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
    const firstPad = s.indexOf('=');
    if (firstPad === -1 || firstPad === s.length - pads) {
      const fast = Buffer.from(s, 'base64');
      if (fast.length === (s.length / 4) * 3 - pads) return { ok: true, bytes: new Uint8Array(fast.buffer, fast.byteOffset, fast.length) };
    }
  }
  return goBase64Walk(s);
}

/** decodeQuantum's byte walk (GO encoding/base64): the reference the fast path above must agree with. */
export function goBase64Walk(s: string): { ok: true; bytes: Uint8Array } | { ok: false; error: string } {
  const src = new TextEncoder().encode(s); // a Go string is its UTF-8 bytes
  const out: number[] = [];
  let si = 0;
  const fail = (at: number) => ({ ok: false as const, error: errGoBase64(at) });
  for (;;) {
    // decodeQuantum: up to four symbols, CR/LF skipped, padding only at the end.
    const buf = [0, 0, 0, 0];
    let dlen = 4;
    let j = 0;
    let trailing = -1;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return { ok: true, bytes: Uint8Array.from(out) };
        return fail(si - j);
      }
      const c = src[si]!;
      si++;
      const v = DECODE[c]!;
      if (v >= 0) { buf[j] = v; continue; }
      if (c === LF || c === CR) { j--; continue; }
      if (c !== PAD) return fail(si - 1);
      if (j === 0 || j === 1) return fail(si - 1);
      if (j === 2) {
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
        if (si === src.length) return fail(src.length);
        if (src[si] !== PAD) return fail(si - 1);
        si++;
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const val = (buf[0]! << 18) | (buf[1]! << 12) | (buf[2]! << 6) | buf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    for (let k = 0; k < dlen - 1; k++) out.push(bytes[k]!);
    if (trailing >= 0) return fail(trailing);
    if (dlen < 4) return { ok: true, bytes: Uint8Array.from(out) };
  }
}

export function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** HKDF-SHA256 (RFC 5869) with an empty salt, any `info` length (golang.org/x/crypto/hkdf). */
export function hkdfSha256(ikm: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const prk = createHmac('sha256', Buffer.alloc(32)).update(ikm).digest();
  const out = Buffer.alloc(length);
  let prev: Buffer = Buffer.alloc(0);
  for (let off = 0, counter = 1; off < length; counter++) {
    prev = createHmac('sha256', prk).update(prev).update(info).update(Uint8Array.of(counter)).digest();
    prev.copy(out, off);
    off += prev.length;
  }
  return new Uint8Array(out.buffer, out.byteOffset, length);
}

export type AeadKind = 'aes-gcm' | 'chacha20-poly1305';
const NONCE = 12, TAG = 16;

function cipherName(kind: AeadKind, key: Uint8Array): string {
  if (kind === 'chacha20-poly1305') return 'chacha20-poly1305';
  return key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm';
}

/** Go's aead.Seal(nil, nonce, plaintext, ad): ciphertext ‖ tag. */
export function aeadSeal(kind: AeadKind, key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Uint8Array {
  const c = createCipheriv(cipherName(kind, key) as CipherGCMTypes, key, nonce, { authTagLength: TAG });
  if (ad.length > 0) c.setAAD(ad, { plaintextLength: plaintext.length });
  const body = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
  return new Uint8Array(body.buffer, body.byteOffset, body.length);
}

/** nonce ‖ Seal(nonce, plaintext, ad) in one buffer (hashicorp/vault sdk/helper/keysutil/policy.go SymmetricEncryptRaw). */
export function aeadSealWithNonce(kind: AeadKind, key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad: Uint8Array): Uint8Array {
  const c = createCipheriv(cipherName(kind, key) as CipherGCMTypes, key, nonce, { authTagLength: TAG });
  if (ad.length > 0) c.setAAD(ad, { plaintextLength: plaintext.length });
  const body = Buffer.concat([nonce, c.update(plaintext), c.final(), c.getAuthTag()]);
  return new Uint8Array(body.buffer, body.byteOffset, body.length);
}

/** Go's aead.Open: the plaintext, or undefined when authentication fails. */
export function aeadOpen(kind: AeadKind, key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, ad: Uint8Array): Uint8Array | undefined {
  if (sealed.length < TAG || nonce.length !== NONCE) return undefined;
  try {
    const d = createDecipheriv(cipherName(kind, key) as CipherGCMTypes, key, nonce, { authTagLength: TAG });
    d.setAuthTag(sealed.subarray(sealed.length - TAG));
    const ct = sealed.subarray(0, sealed.length - TAG);
    if (ad.length > 0) d.setAAD(ad, { plaintextLength: ct.length });
    const pt = Buffer.concat([d.update(ct), d.final()]);
    return new Uint8Array(pt.buffer, pt.byteOffset, pt.length);
  } catch {
    return undefined;
  }
}

export const NONCE_SIZE = NONCE;

/** hash/ algorithms (V path_hash.go) → node:crypto names. */
export const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  'sha2-224': 'sha224', 'sha2-256': 'sha256', 'sha2-384': 'sha384', 'sha2-512': 'sha512',
  'sha3-224': 'sha3-224', 'sha3-256': 'sha3-256', 'sha3-384': 'sha3-384', 'sha3-512': 'sha3-512',
};

/** hmac/ algorithms (KU consts.go HashTypeMap: the signing table, so sha1 too; `none` left out). */
export const HMAC_ALGORITHMS: Readonly<Record<string, string>> = { sha1: 'sha1', ...HASH_ALGORITHMS };

export function digest(alg: string, input: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(alg).update(input).digest());
}

export function hmac(alg: string, key: Uint8Array, input: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac(alg, key).update(input).digest());
}

// Derived keys per version object and context (HKDF output, or an Ed25519 KeyObject), a few dozen
// per version: a workload that sends the same contexts again (per tenant, per user) derives each
// once. Very long contexts are derived every time rather than kept.
const derivedKeys = new WeakMap<object, Map<string, unknown>>();
const DERIVED_PER_ENTRY = 64, DERIVED_CONTEXT_MAX = 256;

export function derivedOnce<T>(entry: object, tag: string, context: Uint8Array, compute: () => T): T {
  if (context.length > DERIVED_CONTEXT_MAX) return compute();
  let memo = derivedKeys.get(entry);
  if (memo === undefined) derivedKeys.set(entry, (memo = new Map()));
  const k = `${tag}:${b64(context)}`;
  const hit = memo.get(k);
  if (hit !== undefined) return hit as T;
  const value = compute();
  if (memo.size >= DERIVED_PER_ENTRY) memo.delete(memo.keys().next().value!);
  memo.set(k, value);
  return value;
}
