// `login` (JWT mode) of the JWT/OIDC auth method (JWT path_login.go pathLogin, createIdentity;
// JWT backend.go jwtValidator; CAP jwt/jwt.go Validator.Validate/validateAll,
// validateSigningAlgorithm, validateAudience; CAP jwt/keyset.go). Order as the plugin runs it:
// config, role, role type, token present, bound CIDRs, key sets, signature, algorithm, iss, sub,
// aud, time claims with leeways, the no-bound-audience rule, identity (user claim, claim
// mappings, groups), then bound claims.
// The token itself never appears in an error.
import { ERR_PERMISSION_DENIED } from '../../errors/core.js';
import {
  ERR_CAP_EXPIRED, ERR_CAP_INVALID_ALG, ERR_CAP_INVALID_AUDIENCE, ERR_CAP_INVALID_ISSUER, ERR_CAP_INVALID_SUBJECT,
  ERR_CAP_ISSUED_IN_FUTURE, ERR_CAP_NO_TIME_CLAIMS, ERR_CAP_NOT_YET_VALID, ERR_JWT_AUD_WITHOUT_BOUND,
  ERR_JWT_MISSING_ROLE, ERR_JWT_MISSING_TOKEN, ERR_JWT_NO_CONFIG, ERR_JWT_OIDC_ROLE, errJwtRoleNotFound,
  errJwtConfiguringValidator, errJwtKeysetConfiguration, ERR_JWT_UNSUPPORTED_CONFIG_TYPE, errJwtValidatingToken,
  errJwtVerifySignature,
} from '../../errors/jwt.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import { remoteAddrIsOk } from '../../framework/cidr.js';
import { registeredClaims } from '../../framework/jwt-claims.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../../framework/types.js';
import type { LoginAuth, LogicalResponse } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import type { Clock } from '../../util/clock.js';
import { loginFromClaims } from './identity.js';
import { jwksPairs, loadConfig, type JwtConfig } from './config.js';
import { JwtValidationError, parsePublicKeyPem, SUPPORTED_ALGS, type VerifiedJwt } from './jws.js';
import { checkCaPem, discoveryKeySet, RemoteKeySet, StaticKeySet, type KeySet } from './keysets.js';
import type { JwtRole, RoleStore } from './roles.js';

export interface LoginContext {
  readonly storage: Storage;
  readonly roles: RoleStore;
  readonly clock: Clock;
  /** backend.go b.validator: the key sets built from the config, until the next config write. */
  keySets: KeySet[] | undefined;
}

/** jwtValidator: the key sets of the config's one key source (cached on success). */
async function keySetsFor(ctx: LoginContext, config: JwtConfig): Promise<KeySet[]> {
  if (ctx.keySets !== undefined) return ctx.keySets;
  let sets: KeySet[];
  // backend.go jwtValidator has no case for the OIDC flow (discovery URL plus client credentials):
  // such a mount logs in through oidc/callback only.
  if (config.jwt_validation_pubkeys.length === 0 && config.jwks_url === '' && config.jwks_pairs.length === 0
    && config.oidc_discovery_url !== '' && config.oidc_client_id !== '' && config.oidc_client_secret !== '') {
    throw new VaultError(400, errJwtConfiguringValidator(ERR_JWT_UNSUPPORTED_CONFIG_TYPE));
  }
  try {
    if (config.jwks_url !== '') {
      checkCaPem(config.jwks_ca_pem);
      sets = [new RemoteKeySet(config.jwks_url, config.jwks_ca_pem)];
    } else if (config.jwks_pairs.length > 0) {
      sets = jwksPairs(config.jwks_pairs).map((p) => {
        checkCaPem(p.jwks_ca_pem);
        return new RemoteKeySet(p.jwks_url, p.jwks_ca_pem);
      });
    } else if (config.oidc_discovery_url !== '') {
      sets = [await discoveryKeySet(config.oidc_discovery_url, config.oidc_discovery_ca_pem)];
    } else {
      sets = [new StaticKeySet(config.jwt_validation_pubkeys.map(parsePublicKeyPem))];
    }
  } catch (e) {
    throw new VaultError(400, errJwtConfiguringValidator(errJwtKeysetConfiguration((e as Error).message)));
  }
  ctx.keySets = sets;
  return sets;
}

/** validateAll's first step: the first key set that verifies; else the last one's error. */
async function verifySignature(sets: readonly KeySet[], token: string): Promise<VerifiedJwt> {
  let last: unknown;
  for (const set of sets) {
    try {
      return await set.verify(token);
    } catch (e) {
      last = e;
    }
  }
  throw new JwtValidationError(errJwtVerifySignature((last as Error).message));
}

const FIELDS: FieldSchemas = {
  role: { type: 'lowercase_string', description: 'The role to log in against.' },
  jwt: { type: 'string', description: 'The signed JWT to validate.' },
};

/** CAP jwt.DefaultLeeway (clock skew) and the plugin's 150 s for the derived exp/nbf. */
const DEFAULT_CLOCK_SKEW = 60;
const DEFAULT_DERIVE_LEEWAY = 150;
/** A stored leeway at login: 0 means the default, negative means none. */
const leeway = (v: number, dflt: number) => (v === 0 ? dflt : v < 0 ? 0 : v);


/** CAP validateAll after the signature: alg, iss, sub, aud, then the time claims (0 = absent). */
function validateClaims(header: Record<string, unknown>, claims: Record<string, unknown>, role: JwtRole, algs: readonly string[],
  boundIssuer: string, nowMs: number): void {
  const allowed = algs.length > 0 ? algs : SUPPORTED_ALGS;
  if (!allowed.includes(String(header.alg))) throw new JwtValidationError(ERR_CAP_INVALID_ALG);
  const c = registeredClaims(claims, (m) => new JwtValidationError(m));
  if (boundIssuer !== '' && c.iss !== boundIssuer) throw new JwtValidationError(ERR_CAP_INVALID_ISSUER);
  if (role.boundSubject !== '' && c.sub !== role.boundSubject) throw new JwtValidationError(ERR_CAP_INVALID_SUBJECT);
  const audiences = role.boundAudiences ?? [];
  if (audiences.length > 0 && !audiences.some((a) => c.aud.includes(a))) throw new JwtValidationError(ERR_CAP_INVALID_AUDIENCE);
  let { exp, nbf } = c;
  const iat = c.iat;
  if (iat === 0 && exp === 0 && nbf === 0) throw new JwtValidationError(ERR_CAP_NO_TIME_CLAIMS);
  if (exp === 0) exp = Math.max(iat, nbf) + leeway(role.expirationLeeway, DEFAULT_DERIVE_LEEWAY);
  if (nbf === 0) nbf = iat !== 0 ? iat : exp - leeway(role.notBeforeLeeway, DEFAULT_DERIVE_LEEWAY);
  const skewMs = leeway(role.clockSkewLeeway, DEFAULT_CLOCK_SKEW) * 1000;
  if (nowMs + skewMs < nbf * 1000) throw new JwtValidationError(ERR_CAP_NOT_YET_VALID);
  if (nowMs - skewMs > exp * 1000) throw new JwtValidationError(ERR_CAP_EXPIRED);
  if (nowMs + skewMs < iat * 1000) throw new JwtValidationError(ERR_CAP_ISSUED_IN_FUTURE);
}

/** path_login.go: a token with any audience needs audiences bound on the role (plugin v0.20.3+). */
function hasAudience(aud: unknown): boolean {
  return (typeof aud === 'string' && aud !== '') || (Array.isArray(aud) && aud.length > 0);
}

async function pathLogin(ctx: LoginContext, req: FrameworkRequest, data: FieldData): Promise<LogicalResponse> {
  const config = await loadConfig(ctx.storage);
  if (config === undefined) throw new VaultError(400, ERR_JWT_NO_CONFIG);
  const roleName = data.get<string>('role') || config.default_role;
  if (roleName === '') throw new VaultError(400, ERR_JWT_MISSING_ROLE);
  const role = await ctx.roles.get(roleName);
  if (role === undefined) throw new VaultError(400, errJwtRoleNotFound(roleName));
  if (role.roleType === 'oidc') throw new VaultError(400, ERR_JWT_OIDC_ROLE);
  const token = data.get<string>('jwt');
  if (token === '') throw new VaultError(400, ERR_JWT_MISSING_TOKEN);

  const cidrs = role.token.tokenBoundCidrs;
  if (cidrs.length > 0 && (req.remoteAddress === undefined || !remoteAddrIsOk(req.remoteAddress, cidrs))) {
    throw new GoError(403, ERR_PERMISSION_DENIED);
  }

  const sets = await keySetsFor(ctx, config);
  let claims: Record<string, unknown>;
  try {
    const parsed = await verifySignature(sets, token);
    claims = parsed.claims;
    validateClaims(parsed.header, claims, role, config.jwt_supported_algs, config.bound_issuer, ctx.clock.now());
  } catch (e) {
    if (!(e instanceof JwtValidationError)) throw e;
    throw new VaultError(400, errJwtValidatingToken(e.message));
  }
  if (hasAudience(claims.aud) && (role.boundAudiences ?? []).length === 0) throw new VaultError(400, ERR_JWT_AUD_WITHOUT_BOUND);

  return { login: loginFromClaims(claims, role, roleName, req.mountPoint) };
}

export function pathLoginSpec(ctx: () => LoginContext): PathSpec {
  return {
    pattern: 'login$',
    fields: FIELDS,
    operations: {
      update: { handler: (req, data) => pathLogin(ctx(), req, data), summary: 'Authenticates to Vault using a JWT (or OIDC) token.' },
    },
    notes: 'no alias lookahead / resolve-role operations',
    helpSynopsis: 'Authenticates to Vault using a JWT (or OIDC) token.',
    helpDescription: `Authenticates JWTs.`,
  };
}
