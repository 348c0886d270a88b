// Validating a service account JWT as the Kubernetes plugin does before the TokenReview (K8S
// path_login.go parseAndValidateJWT, DontVerifySignature, allowedSigningAlgs; CAP jwt/jwt.go
// ValidateAllowMissingIatNbfExp, validateSigningAlgorithm, validateAudience; CAP jwt/keyset.go
// staticKeySet). The signature is checked only when `pem_keys` is configured; any failure to parse
// or verify is a SignatureError (the login answers a bare 403 "permission denied"); the claim
// checks throw ClaimError with CAP's text (a 403 carrying that text). The token never appears
// in an error.
import { verify as cryptoVerify, constants, type KeyObject } from 'node:crypto';
import {
  ERR_CAP_EXPIRED, ERR_CAP_INVALID_AUDIENCE, ERR_CAP_INVALID_ISSUER, ERR_CAP_ISSUED_IN_FUTURE, ERR_CAP_MUST_BE_SIGNED,
  ERR_CAP_NOT_YET_VALID,
} from '../../errors/kubernetes.js';
import { registeredClaims } from '../../framework/jwt-claims.js';

/** The algorithms Kubernetes signs with (allowedSigningAlgs). */
const K8S_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512'] as const;

export class SignatureError extends Error {}
export class ClaimError extends Error {}

interface Parsed { header: Record<string, unknown>; claims: Record<string, unknown>; input: string; signature: Buffer }

function b64json(part: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new SignatureError('illegal base64 data');
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

/** go-jose ParseSigned of the compact form, then the payload as a JSON object. */
function parse(token: string): Parsed {
  const parts = token.split('.');
  if (parts.length !== 3) throw new SignatureError('compact JWS format must have three parts');
  let header: unknown;
  let claims: unknown;
  try {
    header = b64json(parts[0]!);
    claims = b64json(parts[1]!);
  } catch {
    throw new SignatureError('malformed token');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new SignatureError('malformed header');
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) throw new SignatureError('malformed claims');
  if (!/^[A-Za-z0-9_-]*$/.test(parts[2]!)) throw new SignatureError('illegal base64 data');
  return {
    header: header as Record<string, unknown>, claims: claims as Record<string, unknown>,
    input: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2]!, 'base64url'),
  };
}

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };
const CURVE: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

/** go-jose's verifier for one key: the algorithm must suit the key type (and an EC key's curve). */
function verifyWith(p: Parsed, alg: string, key: KeyObject): boolean {
  const hash = HASH[alg.slice(2)];
  if (hash === undefined) return false;
  const data = Buffer.from(p.input);
  try {
    if (alg.startsWith('RS') && key.asymmetricKeyType === 'rsa') return cryptoVerify(hash, data, key, p.signature);
    if (alg.startsWith('PS') && key.asymmetricKeyType === 'rsa') {
      return cryptoVerify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, p.signature);
    }
    if (alg.startsWith('ES') && key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === CURVE[alg]) {
      return cryptoVerify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, p.signature);
    }
  } catch {
    return false;
  }
  return false;
}

export interface Expected {
  /** Checked when not empty. */
  issuer: string;
  /** The role's audience; checked when not empty. */
  audience: string;
  nowMs: number;
}

/** CAP's default leeways: 150 s to derive a missing exp/nbf, 60 s of clock skew. */
const DERIVE_LEEWAY = 150;
const SKEW_MS = 60_000;

/**
 * ValidateAllowMissingIatNbfExp over the plugin's key set: the verified (or, without keys, merely
 * parsed) claims, or a SignatureError / ClaimError.
 */
export function validateServiceAccountJwt(token: string, keys: readonly KeyObject[], expected: Expected): Record<string, unknown> {
  const p = parse(token);
  const alg = String(p.header.alg);
  if (keys.length === 0) {
    // DontVerifySignature: go-jose v4 ParseSigned accepts only the listed algorithms.
    if (!(K8S_ALGS as readonly string[]).includes(alg)) throw new SignatureError('unexpected signature algorithm');
  } else if (!keys.some((k) => verifyWith(p, alg, k))) {
    throw new SignatureError('no known key successfully validated the token signature');
  }
  if (p.signature.length === 0) throw new ClaimError(ERR_CAP_MUST_BE_SIGNED);
  const c = registeredClaims(p.claims, (m) => new ClaimError(m));
  if (expected.issuer !== '' && expected.issuer !== c.iss) throw new ClaimError(ERR_CAP_INVALID_ISSUER);
  if (expected.audience !== '' && !c.aud.includes(expected.audience)) throw new ClaimError(ERR_CAP_INVALID_AUDIENCE);
  let { exp, nbf } = c;
  const iat = c.iat;
  if (iat === 0 && exp === 0 && nbf === 0) return p.claims;
  if (exp === 0) exp = Math.max(iat, nbf) + DERIVE_LEEWAY;
  if (nbf === 0) nbf = iat !== 0 ? iat : exp - DERIVE_LEEWAY;
  const now = expected.nowMs;
  if (now + SKEW_MS < nbf * 1000) throw new ClaimError(ERR_CAP_NOT_YET_VALID);
  if (now - SKEW_MS > exp * 1000) throw new ClaimError(ERR_CAP_EXPIRED);
  if (now + SKEW_MS < iat * 1000) throw new ClaimError(ERR_CAP_ISSUED_IN_FUTURE);
  return p.claims;
}
