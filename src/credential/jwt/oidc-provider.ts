// The OIDC provider as the JWT plugin's browser flow talks to it (CAP oidc/provider.go NewProvider,
// AuthURL, Exchange, VerifyIDToken, UserInfo, convertError; LIB go-oidc v3 oidc.go NewProvider and
// verify.go IDTokenVerifier.Verify; LIB golang.org/x/oauth2 AuthCodeURL, Exchange, RetrieveError).
// Discovery is fetched once per config (JWT backend.go getProvider caches it until the next config
// write); the code is exchanged at the token endpoint with HTTP Basic client authentication and the
// PKCE verifier; the ID token is checked in go-oidc's order, then CAP's. Times come from the vault
// clock. Neither the client secret nor a token ever appears in an error.
import { createHash } from 'node:crypto';
import {
  CAP_ERR, ERR_CAP_AT_HASH, ERR_CAP_AUDIENCES, ERR_CAP_C_HASH, ERR_CAP_EXCHANGE_NO_ID_TOKEN, ERR_CAP_INVALID_NONCE, ERR_CAP_MISSING_AUD,
  ERR_CAP_MISSING_AUTH_TIME, ERR_CAP_MISSING_SUB, ERR_GO_OIDC_BAD_SIGNATURE, ERR_OAUTH2_NO_ACCESS_TOKEN,
  errCapAuthTimeTooOld, errCapAzpNotClient, errCapExchangeFailed, errCapIdTokenFailed, errCapInvalidIdToken,
  errCapIssuedInFuture, errCapMultipleAudAzp, errCapMultipleAudNoClient, errCapOneAudNotClient,
  errGoOidcDiscoveryStatus, errGoOidcExpired, errGoOidcIssuerMismatch, errGoOidcMalformed, errGoOidcNotBefore, errGoOidcWrongIssuer,
  errGoOidcUnsupportedAlg, errOauth2Code, errOauth2Status,
} from '../../errors/jwt.js';
import type { JwtConfig } from './config.js';
import { JwtValidationError, parseCompactJws } from './jws.js';
import { httpGet, httpSend, RemoteKeySet } from './keysets.js';
import type { OidcRequest } from './oidc-state.js';
import { goStringCompare } from '../../go/strings.js';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint: string;
}

/** A failure CAP reports as an error value (the callback wraps it in its own message). */
export class OidcFlowError extends Error {}

/** Go's `%v` of a time.Time in UTC: `2026-01-01 00:05:00 +0000 UTC` (fraction only when non-zero). */
export function goTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac === '' ? '' : '.' + frac} +0000 UTC`;
}

/** Go's url.QueryEscape: only A-Z a-z 0-9 - _ . ~ stay; space is `+`. */
export function goQueryEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+');
}

/** url.Values.Encode: keys sorted, each pair escaped. */
export function goValuesEncode(values: Record<string, string>): string {
  return Object.keys(values).sort(goStringCompare).map((k) => `${goQueryEscape(k)}=${goQueryEscape(values[k]!)}`).join('&');
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** CAP verifyHashClaim: the left half of the alg's hash of `value`, base64url; EdDSA is not checked. */
function hashClaimMatches(alg: string, value: string, claim: string): boolean {
  const hash = /256$/.test(alg) ? 'sha256' : /384$/.test(alg) ? 'sha384' : /512$/.test(alg) ? 'sha512' : undefined;
  if (hash === undefined) return true;
  const sum = createHash(hash).update(value).digest();
  return sum.subarray(0, sum.length / 2).toString('base64url') === claim;
}

export class OidcProvider {
  readonly #keys: RemoteKeySet;
  private constructor(private readonly config: JwtConfig, readonly discovery: Discovery) {
    this.#keys = new RemoteKeySet(discovery.jwks_uri, config.oidc_discovery_ca_pem);
  }

  /** go-oidc NewProvider: the discovery document, whose issuer must be the configured URL. */
  static async load(config: JwtConfig): Promise<OidcProvider> {
    const issuer = config.oidc_discovery_url;
    const res = await httpGet(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration', config.oidc_discovery_ca_pem);
    if (res.status !== 200) throw new Error(errGoOidcDiscoveryStatus(res.statusText, res.body));
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(res.body) as Record<string, unknown>;
    } catch (e) {
      throw new Error(`oidc: failed to decode provider discovery object: ${(e as Error).message}`);
    }
    if (str(doc.issuer) !== issuer) throw new Error(errGoOidcIssuerMismatch(issuer, str(doc.issuer)));
    return new OidcProvider(config, {
      issuer, authorization_endpoint: str(doc.authorization_endpoint), token_endpoint: str(doc.token_endpoint),
      jwks_uri: str(doc.jwks_uri), userinfo_endpoint: str(doc.userinfo_endpoint),
    });
  }

  /** The algorithms an ID token may use: the config's, else RS256 only (createProvider). */
  get algs(): string[] {
    return this.config.jwt_supported_algs.length > 0 ? [...this.config.jwt_supported_algs] : ['RS256'];
  }

  /** CAP AuthURL through oauth2.Config.AuthCodeURL: the query sorted by key. */
  authUrl(req: OidcRequest): string {
    const q: Record<string, string> = {
      client_id: this.config.oidc_client_id, nonce: req.nonce, redirect_uri: req.redirectUri, response_type: 'code',
      scope: ['openid', ...req.scopes.filter((s) => s !== 'openid')].join(' '), state: req.state,
    };
    if (req.implicit) {
      q.response_mode = 'form_post';
      q.response_type = 'id_token';
    }
    if (req.codeVerifier !== undefined) {
      q.code_challenge = req.codeChallenge!;
      q.code_challenge_method = 'S256';
    }
    if (req.maxAge > 0) q.max_age = String(req.maxAge);
    const base = this.discovery.authorization_endpoint;
    return base + (base.includes('?') ? '&' : '?') + goValuesEncode(q);
  }

  /** CAP Exchange: the code for tokens at the token endpoint, then the ID token verified. */
  async exchange(req: OidcRequest, code: string, nowMs: number): Promise<{ idToken: string; accessToken: string; claims: Record<string, unknown> }> {
    const form: Record<string, string> = { code, grant_type: 'authorization_code', redirect_uri: req.redirectUri };
    if (req.codeVerifier !== undefined) form.code_verifier = req.codeVerifier;
    // oauth2 AuthStyleAutoDetect tries HTTP Basic first, with both halves query-escaped.
    const basic = Buffer.from(`${goQueryEscape(this.config.oidc_client_id)}:${goQueryEscape(this.config.oidc_client_secret)}`).toString('base64');
    let res;
    try {
      res = await httpSend('POST', this.discovery.token_endpoint, this.config.oidc_discovery_ca_pem, {
        'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}`,
      }, goValuesEncode(form));
    } catch (e) {
      throw new OidcFlowError(errCapExchangeFailed(`Post ${JSON.stringify(this.discovery.token_endpoint)}: ${(e as Error).message}`));
    }
    let body: Record<string, unknown> = {};
    try {
      const parsed = JSON.parse(res.body) as unknown;
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
    } catch {
      // oauth2 reads a form-encoded answer too; minivault's fake and real providers answer JSON
    }
    if (res.status < 200 || res.status > 299) {
      const reason = str(body.error) !== '' ? errOauth2Code(str(body.error), str(body.error_description)) : errOauth2Status(res.statusText, res.body);
      // CAP convertError marks a 404 with its ErrNotFound.
      throw new OidcFlowError(errCapExchangeFailed(reason + (reason.includes('404 Not Found') ? `: ${CAP_ERR.notFound}` : '')));
    }
    if (str(body.access_token) === '') throw new OidcFlowError(errCapExchangeFailed(ERR_OAUTH2_NO_ACCESS_TOKEN));
    const idToken = str(body.id_token);
    if (idToken === '') throw new OidcFlowError(ERR_CAP_EXCHANGE_NO_ID_TOKEN);
    let claims: Record<string, unknown>;
    try {
      claims = await this.verifyIdToken(idToken, req, nowMs);
    } catch (e) {
      if (e instanceof OidcFlowError) throw new OidcFlowError(errCapIdTokenFailed(e.message));
      throw e;
    }
    const accessToken = str(body.access_token);
    // at_hash and c_hash are checked only when the token carries them (CAP verifyHashClaim).
    const alg = str(parseCompactJws(idToken).header.alg);
    if (typeof claims.at_hash === 'string' && !hashClaimMatches(alg, accessToken, claims.at_hash)) throw new OidcFlowError(ERR_CAP_AT_HASH);
    if (typeof claims.c_hash === 'string' && claims.c_hash !== '' && !hashClaimMatches(alg, code, claims.c_hash)) throw new OidcFlowError(ERR_CAP_C_HASH);
    return { idToken, accessToken, claims };
  }

  /** CAP VerifyIDToken over go-oidc's Verify (issuer, expiry, nbf, alg, signature), then CAP's checks. */
  async verifyIdToken(token: string, req: OidcRequest, nowMs: number): Promise<Record<string, unknown>> {
    const invalid = (msg: string) => new OidcFlowError(errCapInvalidIdToken(msg));
    let parsed;
    try {
      parsed = parseCompactJws(token);
    } catch (e) {
      throw invalid(errGoOidcMalformed((e as Error).message));
    }
    const c = parsed.claims;
    if (c === undefined) throw invalid(errGoOidcMalformed('payload is not a JSON object'));
    const iss = str(c.iss);
    if (iss !== this.discovery.issuer) throw invalid(errGoOidcWrongIssuer(this.discovery.issuer, iss));
    const expMs = typeof c.exp === 'number' ? Math.trunc(c.exp) * 1000 : 0;
    // A token without exp has Go's zero time as its expiry: expired, and printed as such.
    if (expMs < nowMs) throw invalid(errGoOidcExpired(expMs === 0 ? '0001-01-01 00:00:00 +0000 UTC' : goTime(expMs)));
    if (typeof c.nbf === 'number' && nowMs + 300_000 < c.nbf * 1000) throw invalid(errGoOidcNotBefore(goTime(nowMs), goTime(c.nbf * 1000)));
    const alg = str(parsed.header.alg);
    if (!this.algs.includes(alg)) throw invalid(errGoOidcUnsupportedAlg(this.algs, alg));
    try {
      await this.#keys.verify(token);
    } catch (e) {
      if (!(e instanceof JwtValidationError)) throw e;
      const m = e.message;
      const suffix = m.includes('get keys failed') || m.includes('failed to decode keys') ? `: ${CAP_ERR.invalidJwks}` : '';
      throw invalid(m.includes('failed to verify id token signature') ? ERR_GO_OIDC_BAD_SIGNATURE : `failed to verify signature: ${m}${suffix}`);
    }
    if (str(c.nonce) !== req.nonce) throw new OidcFlowError(ERR_CAP_INVALID_NONCE);
    if (typeof c.iat === 'number' && nowMs + 60_000 < c.iat * 1000) throw new OidcFlowError(errCapIssuedInFuture(goTime(nowMs), goTime(c.iat * 1000)));
    if (str(c.sub) === '') throw new OidcFlowError(ERR_CAP_MISSING_SUB);
    const aud = typeof c.aud === 'string' ? [c.aud] : Array.isArray(c.aud) ? c.aud.filter((a): a is string => typeof a === 'string') : [];
    if (aud.length === 0) throw new OidcFlowError(ERR_CAP_MISSING_AUD);
    if (req.audiences.length > 0 && !req.audiences.some((a) => aud.includes(a))) throw new OidcFlowError(ERR_CAP_AUDIENCES);
    const clientId = this.config.oidc_client_id;
    if (aud.length > 1 && !aud.includes(clientId)) throw new OidcFlowError(errCapMultipleAudNoClient(aud, clientId));
    const hasAzp = Object.hasOwn(c, 'azp');
    const azp = hasAzp ? (typeof c.azp === 'string' ? c.azp : String(c.azp)) : '%!s(<nil>)';
    if (hasAzp && c.azp !== clientId) throw new OidcFlowError(errCapAzpNotClient(azp, clientId));
    if (aud.length > 1 && c.azp !== clientId) throw new OidcFlowError(errCapMultipleAudAzp(azp, clientId));
    if (aud.length === 1 && aud[0] !== clientId && c.azp !== clientId) throw new OidcFlowError(errCapOneAudNotClient(aud[0]!, clientId, azp));
    if (req.maxAge > 0) {
      if (typeof c.auth_time !== 'number') throw new OidcFlowError(ERR_CAP_MISSING_AUTH_TIME);
      const authAfter = req.createdAt - req.maxAge * 1000;
      const authMs = Math.trunc(c.auth_time) * 1000;
      if (!(authMs + 60_000 > authAfter)) throw new OidcFlowError(errCapAuthTimeTooOld(goTime(authMs), req.maxAge, goTime(authAfter)));
    }
    return { ...c };
  }

  /**
   * CAP UserInfo: the endpoint's claims merged over the ID token's when its `sub` is the token's
   * and its `iss` (if any) the provider's. Any failure is only logged by the plugin: undefined.
   */
  async userInfo(accessToken: string, subject: string): Promise<Record<string, unknown> | undefined> {
    if (this.discovery.userinfo_endpoint === '') return undefined;
    try {
      const res = await httpSend('GET', this.discovery.userinfo_endpoint, this.config.oidc_discovery_ca_pem, { Authorization: `Bearer ${accessToken}` });
      if (res.status !== 200) return undefined;
      const info = JSON.parse(res.body) as unknown;
      if (info === null || typeof info !== 'object' || Array.isArray(info)) return undefined;
      const o = info as Record<string, unknown>;
      if (o.sub !== subject) return undefined;
      if (str(o.iss) !== '' && o.iss !== this.discovery.issuer) return undefined;
      return o;
    } catch {
      return undefined;
    }
  }
}
