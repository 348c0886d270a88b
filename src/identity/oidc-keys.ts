// Signing keys of identity tokens (V vault/identity_store_oidc.go generateKeys, signPayload and the
// go-jose v3 encodings it relies on): RSA 2048 for RS256/384/512, P-256/384/521 for ES256/384/512
// (signatures as raw R‖S), Ed25519 for EdDSA; public keys published as JWKs in go-jose's member
// order; compact JWS with the protected header exactly {"alg","kid"}.
import { createPrivateKey, createPublicKey, generateKeyPair, sign, verify, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

const generate = promisify(generateKeyPair);

export const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

const HASH: Record<Algorithm, string | null> = {
  RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null,
};
const CURVE: Partial<Record<Algorithm, string>> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/** A private key as stored (PKCS#8 PEM behind the barrier) with its key id. */
export interface SigningKey { kid: string; algorithm: Algorithm; pem: string }

/** Generated off the event loop: an RSA key takes a noticeable fraction of a second. */
export async function generateSigningKey(algorithm: Algorithm, kid: string): Promise<SigningKey> {
  let privateKey: KeyObject;
  if (algorithm.startsWith('RS')) privateKey = (await generate('rsa', { modulusLength: 2048 })).privateKey;
  else if (algorithm === 'EdDSA') privateKey = (await generate('ed25519', {})).privateKey;
  else privateKey = (await generate('ec', { namedCurve: CURVE[algorithm]! })).privateKey;
  return { kid, algorithm, pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

/** The public JWK of a signing key, members in go-jose's order: use, kty, kid, crv, alg, x, y, n, e. */
export function publicJwk(key: SigningKey): Record<string, string> {
  const jwk = createPublicKey(createPrivateKey(key.pem)).export({ format: 'jwk' }) as Record<string, string>;
  const out: Record<string, string> = { use: 'sig', kty: jwk.kty!, kid: key.kid };
  if (jwk.crv !== undefined) out.crv = jwk.crv;
  out.alg = key.algorithm;
  for (const k of ['x', 'y', 'n', 'e']) if (jwk[k] !== undefined) out[k] = jwk[k]!;
  return out;
}

const b64url = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');

/** Compact JWS of a JSON payload. */
export function signJws(key: SigningKey, payload: string): string {
  const header = b64url(JSON.stringify({ alg: key.algorithm, kid: key.kid }));
  const input = `${header}.${b64url(payload)}`;
  const opts = key.algorithm.startsWith('ES') ? { key: createPrivateKey(key.pem), dsaEncoding: 'ieee-p1363' as const } : createPrivateKey(key.pem);
  const sig = sign(HASH[key.algorithm], Buffer.from(input), opts);
  return `${input}.${b64url(sig)}`;
}

/** Verifies a compact JWS against a public JWK (alg taken from the JWK). */
export function verifyJws(jwk: Record<string, string>, signingInput: string, signature: Buffer): boolean {
  const alg = jwk.alg as Algorithm;
  if (!(ALGORITHMS as readonly string[]).includes(alg)) return false;
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    const opts = alg.startsWith('ES') ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
    return verify(HASH[alg], Buffer.from(signingInput), opts, signature);
  } catch {
    return false;
  }
}
