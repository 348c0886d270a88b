// JWT signatures on node:crypto, as the plugin's validator does them (CAP jwt/keyset.go
// StaticKeySet, jwt/algs.go; the PEM parsing of vault sdk/helper/certutil ParsePublicKeyPEM that
// JWT path_config.go uses for `jwt_validation_pubkeys`). A compact JWS is split, its signature is
// tried against every configured key whose type fits the header's `alg`, and only a verified
// token's claims are returned. HMAC and `none` are never accepted.
import { createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';
import {
  ERR_CAP_NO_KEY_VALIDATED, ERR_CERTUTIL_NO_PUBLIC_KEYS, ERR_CERTUTIL_TRAILING_DATA, ERR_JOSE_COMPACT_PARTS,
  ERR_JOSE_HEADER_JSON, ERR_X509_MALFORMED_CERTIFICATE, errBase64Illegal,
} from '../../errors/jwt.js';

/** CAP jwt/algs.go: every algorithm SupportedSigningAlgorithm accepts (also the login default). */
export const SUPPORTED_ALGS: readonly string[] = [
  'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA',
];

/** A thrown validation failure; the message is CAP's text (never contains the token). */
export class JwtValidationError extends Error {}

/**
 * certutil.ParsePublicKeyPEM: the first PEM block, nothing but space after it, holding a PKIX
 * public key or a certificate whose key is RSA, ECDSA or Ed25519. Throws with Go's error text.
 */
export function parsePublicKeyPem(text: string): KeyObject {
  const m = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (m === null) throw new Error(ERR_CERTUTIL_NO_PUBLIC_KEYS);
  if (text.slice(m.index + m[0].length).trim() !== '') throw new Error(ERR_CERTUTIL_TRAILING_DATA);
  const der = Buffer.from((m[2] ?? '').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch {
    try {
      key = new X509Certificate(der).publicKey;
    } catch {
      throw new Error(ERR_X509_MALFORMED_CERTIFICATE);
    }
  }
  if (!['rsa', 'ec', 'ed25519'].includes(key.asymmetricKeyType ?? '')) throw new Error(ERR_CERTUTIL_NO_PUBLIC_KEYS);
  return key;
}

interface ParsedJwt {
  header: Record<string, unknown>;
  /** The payload as a JSON object; undefined when it is not one (no key then verifies it). */
  claims: Record<string, unknown> | undefined;
  signingInput: Buffer;
  signature: Buffer;
}

/** base64.RawURLEncoding strictness: the offset of the first illegal byte. */
function b64url(raw: string): Buffer {
  const part = raw.replace(/=+$/, ''); // go-jose base64URLDecode trims padding first
  const bad = part.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) throw new JwtValidationError(errBase64Illegal(bad));
  if (part.length % 4 === 1) throw new JwtValidationError(errBase64Illegal(part.length - 1));
  return Buffer.from(part, 'base64url');
}

/** A JSON object, or undefined. */
function jsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(bytes.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** go-jose ParseSigned of a compact serialization (the payload must be a JSON object of claims). */
export function parseCompactJws(token: string): ParsedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtValidationError(ERR_JOSE_COMPACT_PARTS);
  const [h, p, s] = parts as [string, string, string];
  const header = jsonObject(b64url(h));
  if (header === undefined) throw new JwtValidationError(ERR_JOSE_HEADER_JSON);
  const payload = b64url(p);
  const signature = b64url(s);
  return { header, claims: jsonObject(payload), signingInput: Buffer.from(`${h}.${p}`, 'ascii'), signature };
}

const HASH: Readonly<Record<string, string>> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };
const EC_CURVE: Readonly<Record<string, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

/** One key against one signature under the header's algorithm; a key of the wrong type fails. */
function verifyWith(alg: string, key: KeyObject, input: Buffer, sig: Buffer): boolean {
  const type = key.asymmetricKeyType;
  try {
    if (alg === 'EdDSA') return type === 'ed25519' && verify(null, input, key, sig);
    const hash = HASH[alg.slice(2)];
    if (hash === undefined) return false;
    if (alg.startsWith('RS')) return type === 'rsa' && verify(hash, input, key, sig);
    if (alg.startsWith('PS')) {
      return type === 'rsa' && verify(hash, input, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: Number(alg.slice(2)) / 8 }, sig);
    }
    if (alg.startsWith('ES')) {
      return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === EC_CURVE[alg]
        && verify(hash, input, { key, dsaEncoding: 'ieee-p1363' }, sig);
    }
  } catch {
    return false;
  }
  return false;
}

export type VerifiedJwt = ParsedJwt & { claims: Record<string, unknown> };

/** The token if one of `keys` verifies it under its header alg and its payload is a JSON object. */
export function verifyWithKeys(jwt: ParsedJwt, keys: readonly KeyObject[]): VerifiedJwt | undefined {
  const alg = typeof jwt.header.alg === 'string' ? jwt.header.alg : '';
  const claims = jwt.claims;
  if (claims === undefined || !SUPPORTED_ALGS.includes(alg)) return undefined;
  return keys.some((k) => verifyWith(alg, k, jwt.signingInput, jwt.signature)) ? { ...jwt, claims } : undefined;
}

/**
 * CAP staticKeySet.VerifySignature: the parse error as is, else the claims of a token some key
 * verifies and whose payload is a JSON object (go-jose's Claims fails otherwise, for every key).
 */
export function verifyStatic(token: string, keys: readonly KeyObject[]): VerifiedJwt {
  const verified = verifyWithKeys(parseCompactJws(token), keys);
  if (verified === undefined) throw new JwtValidationError(ERR_CAP_NO_KEY_VALIDATED);
  return verified;
}
