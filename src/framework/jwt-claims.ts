// The registered claims of a JWT as hashicorp/cap reads them (jwt/jwt.go validateAll): a JSON
// round trip of the claims into go-jose's jwt.Claims, so keys are visited in sorted order (Go's
// json.Marshal of a map), an Audience or NumericDate of the wrong type stops at once, and a
// non-string iss/sub/jti is reported after the rest. Absent (or null) values are zero. Shared by
// the auth methods that validate JWTs through CAP (jwt/oidc, kubernetes).
import { ERR_JOSE_AUDIENCE, ERR_JOSE_NUMERIC_DATE, errJsonClaimType } from '../errors/jwt.js';

interface RegisteredClaims { iss: string; sub: string; aud: string[]; exp: number; nbf: number; iat: number }

const JSON_TYPE = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v);

/** `fail` makes the caller's error from go-jose's or encoding/json's text. */
export function registeredClaims(claims: Readonly<Record<string, unknown>>, fail: (message: string) => Error): RegisteredClaims {
  const r: RegisteredClaims = { iss: '', sub: '', aud: [], exp: 0, nbf: 0, iat: 0 };
  let typeError: string | undefined;
  for (const key of ['aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub'] as const) {
    const v = claims[key];
    if (v === undefined || v === null) continue;
    if (key === 'aud') {
      if (typeof v === 'string') r.aud = [v];
      else if (Array.isArray(v) && v.every((a) => typeof a === 'string')) r.aud = v as string[];
      else throw fail(ERR_JOSE_AUDIENCE);
    } else if (key === 'exp' || key === 'iat' || key === 'nbf') {
      if (typeof v !== 'number') throw fail(ERR_JOSE_NUMERIC_DATE);
      r[key] = Math.trunc(v);
    } else if (typeof v !== 'string') {
      typeError ??= errJsonClaimType(JSON_TYPE(v), key);
    } else if (key !== 'jti') {
      r[key] = v;
    }
  }
  if (typeError !== undefined) throw fail(typeError);
  return r;
}
