// `identity/oidc/introspect` (V vault/identity_store_oidc.go pathOIDCIntrospect): a token is
// active when one of the published keys verifies it, its claims pass go-jose's checks with one
// minute of leeway (issuer, audience when a client_id is given, expiry, issued-at) and its entity
// exists and is enabled. Always a raw 200 answer.
import {
  ERR_OIDC_ENTITY_DISABLED, ERR_OIDC_ENTITY_NOT_FOUND, ERR_OIDC_JWS_PARTS, ERR_OIDC_SIGNATURE, errOidcClaims,
} from '../errors/identity.js';
import { verifyJws } from './oidc-keys.js';
import type { OidcStore } from './oidc-store.js';

const LEEWAY = 60;

const inactive = (error: string) => ({ active: false, error });

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function introspect(oidc: OidcStore, token: string, clientId: string, issuer: string): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) return inactive(ERR_OIDC_JWS_PARTS);
  const header = decodeJson(parts[0]!);
  const signature = Buffer.from(parts[2]!, 'base64url');
  const jwks = oidc.publishedJwks();
  const candidates = typeof header?.kid === 'string' ? jwks.filter((k) => k.kid === header.kid) : jwks;
  const input = `${parts[0]}.${parts[1]}`;
  if (!header || !candidates.some((k) => k.alg === header.alg && verifyJws(k, input, signature))) return inactive(ERR_OIDC_SIGNATURE);
  const claims = decodeJson(parts[1]!) ?? {};
  const now = Math.floor(oidc.identity.now() / 1000);
  if (claims.iss !== issuer) return inactive(errOidcClaims('invalid issuer claim (iss)'));
  if (clientId !== '') {
    const aud = claims.aud;
    const list = Array.isArray(aud) ? aud : [aud];
    if (!list.includes(clientId)) return inactive(errOidcClaims('invalid audience claim (aud)'));
  }
  if (typeof claims.exp === 'number' && now > claims.exp + LEEWAY) return inactive(errOidcClaims('token is expired (exp)'));
  if (typeof claims.iat === 'number' && now < claims.iat - LEEWAY) return inactive(errOidcClaims('token issued in the future (iat)'));
  const entity = typeof claims.sub === 'string' ? oidc.identity.entityByIdOrMerged(claims.sub) : undefined;
  if (!entity) return inactive(ERR_OIDC_ENTITY_NOT_FOUND);
  if (entity.disabled) return inactive(ERR_OIDC_ENTITY_DISABLED);
  return { active: true };
}
