// Signature primitives over a caller-supplied digest, which node:crypto's sign/verify (always
// hashing their input) cannot do: ECDSA on a prehashed input or with hash_algorithm=none (GO
// crypto/ecdsa Sign/Verify with hashToInt's truncation to the order's bit length) and RSA-PSS
// over a prehashed input (RFC 8017 §9.1 EMSA-PSS with MGF1 of the same hash, GO crypto/rsa
// pss.go, salt lengths as KU policy.go maps them). Point multiples come from node:crypto's ECDH
// (k·G as a public key); verification uses the private scalar transit holds:
// u1·G + u2·Q = (u1 + u2·d)·G.
import { constants, createECDH, createHash, privateEncrypt, publicDecrypt, type KeyObject } from 'node:crypto';
import type { RandomSource } from '../../util/random.js';
import { CURVES } from './asym.js';
import { HMAC_ALGORITHMS } from './crypto.js';

/** Group orders of the NIST curves (FIPS 186-4 D.1.2). */
const ORDERS: Readonly<Record<string, bigint>> = {
  'ecdsa-p256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'ecdsa-p384': 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  'ecdsa-p521': 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};

const toBig = (b: Uint8Array): bigint => (b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`));
function toBytes(n: bigint, len: number): Buffer {
  const hex = n.toString(16).padStart(len * 2, '0');
  return Buffer.from(hex.slice(-len * 2), 'hex');
}
const mod = (a: bigint, n: bigint): bigint => ((a % n) + n) % n;
export function inverse(a: bigint, n: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, n), n, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, n);
}
const bitLength = (n: bigint): number => n.toString(2).length;

/** GO crypto/ecdsa hashToInt: the digest's leftmost bits, as many as the order has. */
function hashToInt(type: string, digest: Uint8Array): bigint {
  const n = ORDERS[type]!;
  const bits = bitLength(n);
  const bytes = Math.ceil(bits / 8);
  const h = digest.length > bytes ? digest.subarray(0, bytes) : digest;
  let e = toBig(h);
  const excess = h.length * 8 - bits;
  if (excess > 0) e >>= BigInt(excess);
  return e;
}

/** The x coordinate of k·G, or undefined for k ≡ 0 (the point at infinity). */
function baseMultipleX(type: string, k: bigint): bigint | undefined {
  const c = CURVES[type]!;
  const scalar = mod(k, ORDERS[type]!);
  if (scalar === 0n) return undefined;
  const ecdh = createECDH(c.node);
  ecdh.setPrivateKey(toBytes(scalar, c.bytes));
  return toBig(ecdh.getPublicKey().subarray(1, 1 + c.bytes));
}

/** ECDSA over `digest` with private scalar d: r and s (GO crypto/ecdsa signGeneric). */
export function ecdsaSignDigest(type: string, d: bigint, digest: Uint8Array, random: RandomSource): { r: bigint; s: bigint } {
  const n = ORDERS[type]!;
  const e = hashToInt(type, digest);
  for (;;) {
    const k = mod(toBig(random.bytes(CURVES[type]!.bytes + 8)), n - 1n) + 1n;
    const x = baseMultipleX(type, k);
    if (x === undefined) continue;
    const r = mod(x, n);
    if (r === 0n) continue;
    const s = mod(inverse(k, n) * (e + r * d), n);
    if (s !== 0n) return { r, s };
  }
}

/** ECDSA verification over `digest` for the key with private scalar d (GO crypto/ecdsa verifyGeneric). */
export function ecdsaVerifyDigest(type: string, d: bigint, digest: Uint8Array, r: bigint, s: bigint): boolean {
  const n = ORDERS[type]!;
  if (r <= 0n || s <= 0n || r >= n || s >= n) return false;
  const w = inverse(s, n);
  const u1 = mod(hashToInt(type, digest) * w, n);
  const u2 = mod(r * w, n);
  const x = baseMultipleX(type, u1 + u2 * d);
  return x !== undefined && mod(x, n) === r;
}

export const ecdsaBytes = (n: bigint, type: string): Buffer => toBytes(n, CURVES[type]!.bytes);
export const bigFrom = toBig;

/** MGF1 with the given node hash (RFC 8017 B.2.1). */
function mgf1(hash: string, seed: Uint8Array, length: number): Buffer {
  const parts: Buffer[] = [];
  for (let counter = 0, got = 0; got < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(seed).update(c).digest();
    parts.push(block);
    got += block.length;
  }
  return Buffer.concat(parts).subarray(0, length);
}

/** RSASSA-PSS over `digest` (EMSA-PSS-ENCODE, then RSASP1 via a raw private operation). */
export function pssSignDigest(key: KeyObject, hash: string, digest: Uint8Array, saltLen: number, random: RandomSource): Buffer {
  const nodeHash = HMAC_ALGORITHMS[hash]!;
  const modBits = key.asymmetricKeyDetails!.modulusLength!;
  const emBits = modBits - 1, emLen = Math.ceil(emBits / 8), hLen = digest.length;
  const salt = Buffer.from(random.bytes(saltLen));
  const h = createHash(nodeHash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - saltLen - hLen - 2), Buffer.from([1]), salt]);
  const mask = mgf1(nodeHash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const em = Buffer.concat([db, h, Buffer.from([0xbc])]);
  const k = Math.ceil(modBits / 8);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.concat([Buffer.alloc(k - em.length), em]));
}

/** RSASSA-PSS verification over `digest`; saltLen undefined = detect it (Go's PSSSaltLengthAuto). */
export function pssVerifyDigest(key: KeyObject, hash: string, digest: Uint8Array, sig: Uint8Array, saltLen: number | undefined): boolean {
  const nodeHash = HMAC_ALGORITHMS[hash]!;
  const modBits = key.asymmetricKeyDetails!.modulusLength!;
  const emBits = modBits - 1, emLen = Math.ceil(emBits / 8), hLen = digest.length;
  const k = Math.ceil(modBits / 8);
  if (sig.length !== k) return false;
  let m: Buffer;
  try { m = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, sig); } catch { return false; }
  const em = m.subarray(m.length - emLen);
  if (m.length - emLen > 0 && m[0] !== 0) return false;
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  if ((db[0]! & ~(0xff >> (8 * emLen - emBits)) & 0xff) !== 0) return false;
  const mask = mgf1(nodeHash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const one = db.indexOf(1);
  if (one === -1 || db.subarray(0, one).some((x) => x !== 0)) return false;
  const salt = db.subarray(one + 1);
  if (saltLen !== undefined && salt.length !== saltLen) return false;
  const want = createHash(nodeHash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  return want.equals(h);
}
