// Asymmetric key material of a transit key version, kept in the members keysutil's KeyEntry uses
// (KU sdk/helper/keysutil policy.go KeyEntry: `key` = Ed25519 seed ‖ public key, `ec_x`/`ec_y`/
// `ec_d`, `rsa_key` = Go's rsa.PrivateKey JSON, `rsa_public_key`, `public_key`), generation
// (KU policy.go RotateInMemory) and the node:crypto KeyObjects built from them. Big integers are
// kept as decimal strings in minivault's storage; backups turn them into JSON numbers as Go does.
import { createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { RandomSource } from '../../util/random.js';
import { b64, derivedOnce, hkdfSha256 } from './crypto.js';

export interface RsaKeyJson {
  N: string; E: number; D: string; Primes: string[];
  Precomputed: { Dp: string; Dq: string; Qinv: string; CRTValues: unknown[] };
}

/** The asymmetric members of a KeyEntry (KU policy.go KeyEntry json tags). */
export interface AsymFields {
  ec_x?: string | null;
  ec_y?: string | null;
  ec_d?: string | null;
  rsa_key?: RsaKeyJson | null;
  rsa_public_key?: { N: string; E: number } | null;
  public_key?: string;
  /** DER certificates, base64 (Go [][]byte), set by keys/:name/set-certificate. */
  certificate_chain?: string[] | null;
}

/** Go curve names shown as `name` in a key read (V path_keys.go formatKeyPolicy). */
export const CURVES: Readonly<Record<string, { jwk: string; node: string; bytes: number }>> = {
  'ecdsa-p256': { jwk: 'P-256', node: 'prime256v1', bytes: 32 },
  'ecdsa-p384': { jwk: 'P-384', node: 'secp384r1', bytes: 48 },
  'ecdsa-p521': { jwk: 'P-521', node: 'secp521r1', bytes: 66 },
};
export const RSA_BITS: Readonly<Record<string, number>> = { 'rsa-2048': 2048, 'rsa-3072': 3072, 'rsa-4096': 4096 };

const toBig = (u: string | undefined): bigint => BigInt(`0x${Buffer.from(u ?? '', 'base64url').toString('hex') || '0'}`);
function fromBig(n: string | bigint, len?: number): string {
  let hex = BigInt(n).toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const buf = Buffer.from(hex, 'hex');
  const out = len !== undefined && buf.length < len ? Buffer.concat([Buffer.alloc(len - buf.length), buf]) : buf;
  return out.toString('base64url');
}

const generateRsa = promisify(generateKeyPair);

/**
 * Fresh key material for a new version of an asymmetric type (KU policy.go RotateInMemory). RSA
 * keys are generated off the event loop: an RSA-4096 key (the import wrapping key) takes seconds,
 * which would otherwise stall every other request of the server.
 */
export async function generateAsym(type: string, random: RandomSource): Promise<AsymFields & { key?: string }> {
  if (type === 'ed25519') {
    // Ed25519 comes from the vault's random source, so seeded vaults give the same keys.
    return asymFieldsOf(ed25519Private(random.bytes(32)), true);
  }
  if (Object.hasOwn(CURVES, type)) return asymFieldsOf(generateKeyPairSync('ec', { namedCurve: CURVES[type]!.node }).privateKey, true);
  const { privateKey } = await generateRsa('rsa', { modulusLength: RSA_BITS[type]!, publicExponent: 65537 });
  return asymFieldsOf(privateKey, true);
}

/**
 * A version's stored members from a node:crypto key, private or public-only (KU policy.go
 * KeyEntry.parseFromKey): Ed25519 `key` = seed ‖ public key and `public_key` base64; ECDSA
 * coordinates and PEM `public_key`; RSA `rsa_key` (Go's rsa.PrivateKey JSON) and
 * `rsa_public_key`, which RotateInMemory sets for generated keys too.
 */
export function asymFieldsOf(k: KeyObject, isPrivate: boolean): AsymFields & { key?: string } {
  const j = k.export({ format: 'jwk' });
  if (j.kty === 'OKP') {
    const pub = Buffer.from(j.x!, 'base64url');
    if (!isPrivate) return { public_key: b64(pub) };
    return { key: b64(Buffer.concat([Buffer.from(j.d!, 'base64url'), pub])), public_key: b64(pub) };
  }
  if (j.kty === 'EC') {
    const pem = (k.type === 'public' ? k : createPublicKey(k)).export({ format: 'pem', type: 'spki' }).toString();
    const out: AsymFields = { ec_x: toBig(j.x).toString(), ec_y: toBig(j.y).toString(), public_key: pem };
    if (isPrivate) out.ec_d = toBig(j.d).toString();
    return out;
  }
  const N = toBig(j.n).toString();
  const E = Number(toBig(j.e));
  if (!isPrivate) return { rsa_key: null, rsa_public_key: { N, E } };
  return {
    rsa_key: {
      N, E, D: toBig(j.d).toString(), Primes: [toBig(j.p).toString(), toBig(j.q).toString()],
      Precomputed: { Dp: toBig(j.dp).toString(), Dq: toBig(j.dq).toString(), Qinv: toBig(j.qi).toString(), CRTValues: [] },
    },
    rsa_public_key: { N, E },
  };
}

// PKCS#8 DER prefix of an Ed25519 private key (RFC 8410), followed by the 32-byte seed.
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');

function ed25519Private(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, seed]), format: 'der', type: 'pkcs8' });
}

export function ed25519Public(seed: Uint8Array): Buffer {
  return Buffer.from(createPublicKey(ed25519Private(seed)).export({ format: 'jwk' }).x!, 'base64url');
}

/**
 * The Ed25519 seed of a version: the stored one, or for a derived key HKDF-SHA256 of the stored
 * 64-byte key with the context (KU policy.go GetKey → ed25519.GenerateKey on the HKDF stream).
 */
export function ed25519Seed(key: string, derivedContext?: Uint8Array): Uint8Array {
  const raw = Buffer.from(key, 'base64');
  return derivedContext === undefined ? raw.subarray(0, 32) : hkdfSha256(raw, derivedContext, 32);
}

// KeyObjects built from a version's stored members, kept per entry object: entries of a policy
// read through the barrier's decoded cache are shared (and frozen) for as long as the stored bytes
// are unchanged, so a key is imported once rather than on every sign, verify or RSA operation.
const privateKeys = new WeakMap<object, KeyObject | undefined>();
const publicKeys = new WeakMap<object, KeyObject>();

/** The private KeyObject of a version, or undefined when it has only a public half. */
export function privateKeyOf(type: string, e: AsymFields & { key?: string | null }, ed25519Context?: Uint8Array): KeyObject | undefined {
  if (ed25519Context !== undefined) return derivedOnce(e, 'ed25519', ed25519Context, () => buildPrivate(type, e, ed25519Context));
  if (privateKeys.has(e)) return privateKeys.get(e);
  const k = buildPrivate(type, e);
  privateKeys.set(e, k);
  return k;
}

function buildPrivate(type: string, e: AsymFields & { key?: string | null }, ed25519Context?: Uint8Array): KeyObject | undefined {
  if (type === 'ed25519') return e.key ? ed25519Private(ed25519Seed(e.key, ed25519Context)) : undefined;
  if (Object.hasOwn(CURVES, type)) {
    if (!e.ec_d) return undefined;
    const c = CURVES[type]!;
    return createPrivateKey({ key: { kty: 'EC', crv: c.jwk, x: fromBig(e.ec_x!, c.bytes), y: fromBig(e.ec_y!, c.bytes), d: fromBig(e.ec_d, c.bytes) }, format: 'jwk' });
  }
  const r = e.rsa_key;
  if (!r) return undefined;
  return createPrivateKey({
    key: {
      kty: 'RSA', n: fromBig(r.N), e: fromBig(BigInt(r.E)), d: fromBig(r.D), p: fromBig(r.Primes[0]!), q: fromBig(r.Primes[1]!),
      dp: fromBig(r.Precomputed.Dp), dq: fromBig(r.Precomputed.Dq), qi: fromBig(r.Precomputed.Qinv),
    },
    format: 'jwk',
  });
}

/** The public KeyObject of a version. */
export function publicKeyOf(type: string, e: AsymFields & { key?: string | null }, ed25519Context?: Uint8Array): KeyObject {
  if (ed25519Context !== undefined) return createPublicKey(privateKeyOf(type, e, ed25519Context)!);
  let k = publicKeys.get(e);
  if (k === undefined) publicKeys.set(e, (k = buildPublic(type, e)));
  return k;
}

function buildPublic(type: string, e: AsymFields & { key?: string | null }): KeyObject {
  if (type === 'ed25519') {
    if (!e.public_key) return createPublicKey(privateKeyOf(type, e)!);
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(e.public_key, 'base64').toString('base64url') }, format: 'jwk' });
  }
  if (Object.hasOwn(CURVES, type)) {
    const c = CURVES[type]!;
    return createPublicKey({ key: { kty: 'EC', crv: c.jwk, x: fromBig(e.ec_x!, c.bytes), y: fromBig(e.ec_y!, c.bytes) }, format: 'jwk' });
  }
  const pub = e.rsa_public_key ?? e.rsa_key!;
  return createPublicKey({ key: { kty: 'RSA', n: fromBig(pub.N), e: fromBig(BigInt(pub.E)) }, format: 'jwk' });
}

/** PEM of a public key (PKIX `PUBLIC KEY`), with its trailing newline. */
export const publicPem = (k: KeyObject): string => k.export({ format: 'pem', type: 'spki' }).toString();
