// Signing and signature verification of one input with one key version, as keysutil does it
// (KU sdk/helper/keysutil policy.go SignWithOptions, VerifySignatureWithOptions; consts.go
// HashTypeMap; GO crypto/rsa pkcs1v15.go hashPrefixes, pss.go): Ed25519 (pure, optionally on the
// context-derived key), ECDSA (asn1 DER or JWS r‖s) and RSA (PSS with Go's salt lengths, or
// PKCS#1 v1.5, incl. prehashed input and hash `none` = no DigestInfo). Digest-level primitives
// (prehashed ECDSA and PSS) are in rawsign.ts. Results and failures come back as values;
// `internal` marks errors Vault returns as non-user errors (500 in single mode).
import { constants, privateEncrypt, publicDecrypt, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import * as E from '../../errors/transit.js';
import { CURVES, ed25519Public, ed25519Seed, privateKeyOf, publicKeyOf, RSA_BITS } from './asym.js';
import type { Outcome } from './cipher.js';
import { bigFrom, ecdsaBytes, ecdsaSignDigest, ecdsaVerifyDigest, pssSignDigest, pssVerifyDigest } from './rawsign.js';
import type { RandomSource } from '../../util/random.js';
import { b64, goBase64Decode, HMAC_ALGORITHMS } from './crypto.js';
import type { Policy } from './policy.js';

/** Options of one sign/verify request (V path_sign_verify.go pathSignWrite fields). */
export interface SignOptions {
  hash: string; // sha1, sha2-*, sha3-*, none
  prehashed: boolean;
  signatureAlgorithm: string; // '' = pss
  marshaling: 'asn1' | 'jws';
  saltLength: number; // Go: 0 auto, -1 hash, else the length
}

const fail = (error: string, internal = false): { ok: false; error: string; internal: boolean } => ({ ok: false, error, internal });
const HASH_LEN: Readonly<Record<string, number>> = {
  sha1: 20, 'sha2-224': 28, 'sha2-256': 32, 'sha2-384': 48, 'sha2-512': 64, 'sha3-224': 28, 'sha3-256': 32, 'sha3-384': 48, 'sha3-512': 64,
};
/** The sign/verify hash table (KU consts.go HashTypeMap, with `none`). */
export const SIGN_HASHES = new Set([...Object.keys(HASH_LEN), 'none']);

const NIST_HASH_OID: Readonly<Record<string, string>> = {
  'sha2-256': '01', 'sha2-384': '02', 'sha2-512': '03', 'sha2-224': '04', 'sha3-224': '07', 'sha3-256': '08', 'sha3-384': '09', 'sha3-512': '0a',
};

/** GO crypto/rsa hashPrefixes: DER of DigestInfo up to the digest. */
function digestInfoPrefix(hash: string): Buffer {
  // 1.3.14.3.2.26 (SHA-1), else 2.16.840.1.101.3.4.2.<n> (NIST hash algorithms).
  const oid = hash === 'sha1' ? Buffer.from('2b0e03021a', 'hex') : Buffer.from(`6086480165030402${NIST_HASH_OID[hash]!}`, 'hex');
  const algId = Buffer.concat([Buffer.from([0x06, oid.length]), oid, Buffer.from([0x05, 0x00])]);
  const hLen = HASH_LEN[hash]!;
  return Buffer.concat([Buffer.from([0x30, 2 + algId.length + 2 + hLen, 0x30, algId.length]), algId, Buffer.from([0x04, hLen])]);
}

/** The version to sign with (KU policy.go SignWithOptions). */
function signVersion(p: Policy, requested: number): Outcome<number> {
  const version = requested === 0 ? p.data.latest_version : requested;
  if (version < 0) return fail(E.ERR_TRANSIT_SIGN_VERSION_NEGATIVE);
  if (version > p.data.latest_version) return fail(E.ERR_TRANSIT_SIGN_VERSION_TOO_HIGH);
  if (p.data.min_encryption_version > 0 && version < p.data.min_encryption_version) return fail(E.ERR_TRANSIT_SIGN_VERSION_TOO_LOW);
  if (p.entry(version) === undefined) return fail(E.ERR_TRANSIT_NO_SUCH_VERSION);
  return { ok: true, value: version };
}

/** The PSS salt length in bytes for the digest-level primitives (undefined: detect on verify). */
function rawSalt(p: Policy, o: SignOptions, signing: boolean): number | undefined {
  if (o.saltLength === -1) return HASH_LEN[o.hash]!;
  if (o.saltLength > 0) return o.saltLength;
  return signing ? Math.ceil((RSA_BITS[p.typeName]! - 1) / 8) - 2 - HASH_LEN[o.hash]! : undefined;
}

/** KU policy.go validRSAPSSSaltLength: 0 (auto) and -1 (hash) always, else 0..max. */
function pssSalt(p: Policy, o: SignOptions, signing: boolean): Outcome<number> {
  if (o.saltLength === 0) return { ok: true, value: signing ? constants.RSA_PSS_SALTLEN_MAX_SIGN : constants.RSA_PSS_SALTLEN_AUTO };
  if (o.saltLength === -1) return { ok: true, value: constants.RSA_PSS_SALTLEN_DIGEST };
  const max = Math.ceil((RSA_BITS[p.typeName]! - 1) / 8) - 2 - (HASH_LEN[o.hash] ?? 0);
  if (o.saltLength < 0 || o.saltLength > max) return fail(E.errTransitSaltLengthInvalid(o.saltLength));
  return { ok: true, value: o.saltLength };
}

interface Signed { signature: string; version: number; publicKey?: string }

/** KU policy.go SignWithOptions; `input` is already the digest for ECDSA/RSA unless prehashed. */
export function signItem(p: Policy, version: number, input: Uint8Array, context: Uint8Array, o: SignOptions, random: RandomSource): Outcome<Signed> {
  const v = signVersion(p, version);
  if (!v.ok) return v;
  const t = p.typeName;
  const entry = p.entry(v.value)!;
  let sig: Buffer;
  let publicKey: string | undefined;
  if (t === 'ed25519') {
    let ctx: Uint8Array | undefined;
    if (p.data.derived) {
      if (context.length === 0) return fail(E.errTransitDeriving(E.ERR_TRANSIT_MISSING_CONTEXT), true);
      ctx = context;
      publicKey = b64(ed25519Public(ed25519Seed(entry.key!, ctx)));
    }
    const key = privateKeyOf(t, entry, ctx);
    if (key === undefined) return fail(E.ERR_TRANSIT_SIGN_NO_PRIVATE);
    sig = nodeSign(null, input, key);
  } else {
    const key = privateKeyOf(t, entry);
    if (key === undefined) return fail(E.ERR_TRANSIT_SIGN_NO_PRIVATE);
    const r = Object.hasOwn(CURVES, t) ? ecdsaSign(t, entry.ec_d!, key, input, o, random) : rsaSign(p, key, input, o, random);
    if (!r.ok) return r;
    sig = r.value;
  }
  const payload = o.marshaling === 'jws' ? sig.toString('base64url') : sig.toString('base64');
  return { ok: true, value: { signature: `vault:v${v.value}:${payload}`, version: v.value, ...(publicKey === undefined ? {} : { publicKey }) } };
}

/** DER of a non-negative INTEGER's content (minimal, with a 0x00 when the top bit is set). */
function derInt(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const b = Buffer.from(hex, 'hex');
  return b[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), b]) : b;
}
function derTlv(tag: number, body: Buffer): Buffer {
  const len = body.length < 0x80 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

function ecdsaSign(t: string, d: string, key: KeyObject, input: Uint8Array, o: SignOptions, random: RandomSource): Outcome<Buffer> {
  if (o.prehashed || o.hash === 'none') {
    // The input is the digest (or, with none, the message itself): Go signs it as given.
    const { r, s } = ecdsaSignDigest(t, BigInt(d), input, random);
    if (o.marshaling === 'jws') return { ok: true, value: Buffer.concat([ecdsaBytes(r, t), ecdsaBytes(s, t)]) };
    return { ok: true, value: derTlv(0x30, Buffer.concat([derTlv(0x02, derInt(r)), derTlv(0x02, derInt(s))])) };
  }
  const dsaEncoding = o.marshaling === 'jws' ? 'ieee-p1363' : 'der';
  return { ok: true, value: nodeSign(HMAC_ALGORITHMS[o.hash]!, input, { key, dsaEncoding }) };
}

function rsaSign(p: Policy, key: KeyObject, input: Uint8Array, o: SignOptions, random: RandomSource): Outcome<Buffer> {
  const alg = o.signatureAlgorithm === '' ? 'pss' : o.signatureAlgorithm;
  if (alg === 'pkcs1v15') {
    if (!o.prehashed) return { ok: true, value: nodeSign(HMAC_ALGORITHMS[o.hash]!, input, { key, padding: constants.RSA_PKCS1_PADDING }) };
    if (o.hash !== 'none' && input.length !== HASH_LEN[o.hash]) return fail(E.ERR_TRANSIT_RSA_NOT_HASHED, true);
    const prefix = o.hash === 'none' ? Buffer.alloc(0) : digestInfoPrefix(o.hash);
    try {
      return { ok: true, value: privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([prefix, input])) };
    } catch {
      return fail(E.ERR_TRANSIT_RSA_MSG_TOO_LONG, true);
    }
  }
  if (alg !== 'pss') return fail(E.errTransitRsaSignatureAlgorithm(alg), true);
  const salt = pssSalt(p, o, true);
  if (!salt.ok) return { ...salt, internal: true };
  if (o.prehashed) {
    if (input.length !== HASH_LEN[o.hash]) return fail(E.ERR_TRANSIT_PSS_NOT_HASHED, true);
    return { ok: true, value: pssSignDigest(key, o.hash, input, rawSalt(p, o, true)!, random) };
  }
  return { ok: true, value: nodeSign(HMAC_ALGORITHMS[o.hash]!, input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt.value }) };
}

/** Go base64.RawURLEncoding.DecodeString (JWS signatures): the bytes, or undefined. */
function rawUrlDecode(s: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return undefined;
  return Buffer.from(s, 'base64url');
}

/** A DER `SEQUENCE { INTEGER r, INTEGER s }` (GO encoding/asn1 Unmarshal of ecdsaSignature). */
function parseEcdsaDer(sig: Buffer): 'ok' | 'invalid' | 'extra' {
  const len = (at: number): [number, number] | undefined => {
    const first = sig[at];
    if (first === undefined) return undefined;
    if (first < 0x80) return [first, at + 1];
    const n = first & 0x7f;
    if (n === 0 || n > 2 || at + 1 + n > sig.length) return undefined;
    let v = 0;
    for (let i = 0; i < n; i++) v = v * 256 + sig[at + 1 + i]!;
    return [v, at + 1 + n];
  };
  if (sig[0] !== 0x30) return 'invalid';
  const seq = len(1);
  if (seq === undefined || seq[1] + seq[0] > sig.length) return 'invalid';
  let at = seq[1];
  for (let k = 0; k < 2; k++) {
    if (sig[at] !== 0x02) return 'invalid';
    const l = len(at + 1);
    if (l === undefined || l[0] === 0 || l[1] + l[0] > seq[1] + seq[0]) return 'invalid';
    at = l[1] + l[0];
  }
  if (at !== seq[1] + seq[0]) return 'invalid';
  return at === sig.length ? 'ok' : 'extra';
}

/** r and s of a DER signature already checked by parseEcdsaDer. */
function derInts(sig: Buffer): [bigint, bigint] {
  let at = sig[1]! < 0x80 ? 2 : 2 + (sig[1]! & 0x7f);
  const out: bigint[] = [];
  for (let k = 0; k < 2; k++) {
    const first = sig[at + 1]!;
    const [len, start] = first < 0x80 ? [first, at + 2] : [sig[at + 2]!, at + 3];
    out.push(bigFrom(sig.subarray(start, start + len)));
    at = start + len;
  }
  return [out[0]!, out[1]!];
}

function ecdsaRawVerify(t: string, d: string | null | undefined, digest: Uint8Array, [r, s]: [bigint, bigint]): boolean {
  // minivault holds every ECDSA private key it verifies for (no public-key import yet).
  if (!d) return false;
  return ecdsaVerifyDigest(t, BigInt(d), digest, r, s);
}

/** KU policy.go VerifySignatureWithOptions: the `vault:v<N>:` prefix parse, then the type's verification. */
export function verifyItem(p: Policy, signature: string, input: Uint8Array, context: Uint8Array, o: SignOptions): Outcome<boolean> {
  if (!signature.startsWith('vault:v')) return fail(E.ERR_TRANSIT_SIG_NO_PREFIX);
  const rest = signature.slice('vault:v'.length);
  const colon = rest.indexOf(':');
  if (colon === -1) return fail(E.ERR_TRANSIT_SIG_FIELDS);
  const vs = rest.slice(0, colon);
  const version = /^[+-]?[0-9]+$/.test(vs) && Number.isSafeInteger(Number(vs)) ? Number(vs) : undefined;
  if (version === undefined) return fail(E.ERR_TRANSIT_SIG_VERSION);
  if (version > p.data.latest_version) return fail(E.ERR_TRANSIT_SIG_TOO_NEW);
  if (p.data.min_decryption_version > 0 && version < p.data.min_decryption_version) return fail(E.ERR_TRANSIT_CT_TOO_OLD);
  const payload = rest.slice(colon + 1);
  let sig: Buffer | undefined;
  if (o.marshaling === 'jws') sig = rawUrlDecode(payload);
  else {
    const d = goBase64Decode(payload);
    sig = d.ok ? Buffer.from(d.bytes) : undefined;
  }
  if (sig === undefined) return fail(E.ERR_TRANSIT_SIG_BASE64);
  const entry = p.entry(version);
  if (entry === undefined) return fail(E.ERR_TRANSIT_NO_SUCH_VERSION);
  const t = p.typeName;
  const safe = (f: () => boolean): Outcome<boolean> => {
    try { return { ok: true, value: f() }; } catch { return { ok: true, value: false }; }
  };
  if (t === 'ed25519') {
    if (p.data.derived && context.length === 0) return fail(E.errTransitDeriving(E.ERR_TRANSIT_MISSING_CONTEXT), true);
    const key = publicKeyOf(t, entry, p.data.derived ? context : undefined);
    return safe(() => nodeVerify(null, input, key, sig));
  }
  const key = publicKeyOf(t, entry);
  if (Object.hasOwn(CURVES, t)) {
    const raw = o.prehashed || o.hash === 'none';
    const size = CURVES[t]!.bytes;
    if (o.marshaling === 'asn1') {
      const parsed = parseEcdsaDer(sig);
      if (parsed === 'invalid') return fail(E.ERR_TRANSIT_SIG_INVALID);
      if (parsed === 'extra') return fail(E.ERR_TRANSIT_SIG_EXTRA);
      if (raw) return safe(() => ecdsaRawVerify(t, entry.ec_d, input, derInts(sig)));
      return safe(() => nodeVerify(HMAC_ALGORITHMS[o.hash]!, input, { key, dsaEncoding: 'der' }, sig));
    }
    if (raw) {
      const half = Math.floor(sig.length / 2);
      return safe(() => ecdsaRawVerify(t, entry.ec_d, input, [bigFrom(sig.subarray(0, half)), bigFrom(sig.subarray(half))]));
    }
    // JWS: split in half, no length check (r and s are then compared as integers).
    const half = Math.floor(sig.length / 2);
    const pad = (b: Buffer): Buffer | undefined => {
      const trimmed = b.subarray(Math.max(0, b.findIndex((x) => x !== 0)));
      return trimmed.length > size ? undefined : Buffer.concat([Buffer.alloc(size - trimmed.length), trimmed]);
    };
    const r = pad(sig.subarray(0, half)), s = pad(sig.subarray(half));
    if (r === undefined || s === undefined) return { ok: true, value: false };
    return safe(() => nodeVerify(HMAC_ALGORITHMS[o.hash]!, input, { key, dsaEncoding: 'ieee-p1363' }, Buffer.concat([r, s])));
  }
  const alg = o.signatureAlgorithm === '' ? 'pss' : o.signatureAlgorithm;
  if (alg === 'pkcs1v15') {
    if (!o.prehashed) return safe(() => nodeVerify(HMAC_ALGORITHMS[o.hash]!, input, { key, padding: constants.RSA_PKCS1_PADDING }, sig));
    const prefix = o.hash === 'none' ? Buffer.alloc(0) : digestInfoPrefix(o.hash);
    return safe(() => publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, sig).equals(Buffer.concat([prefix, input])));
  }
  if (alg !== 'pss') return fail(E.errTransitRsaSignatureAlgorithm(alg), true);
  const salt = pssSalt(p, o, false);
  if (!salt.ok) return salt;
  if (o.prehashed) return safe(() => pssVerifyDigest(key, o.hash, input, sig, rawSalt(p, o, false)));
  return safe(() => nodeVerify(HMAC_ALGORITHMS[o.hash]!, input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: salt.value }, sig));
}
