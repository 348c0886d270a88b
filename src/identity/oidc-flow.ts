// The OIDC provider's authorization code flow (V vault/identity_store_oidc_provider.go
// pathOIDCAuthorize, pathOIDCToken, pathOIDCUserInfo and their authResponse, tokenResponse,
// userInfoResponse; vault/identity_store_oidc_provider_util.go validRedirect, computeHashClaim,
// computeCodeChallenge, basicAuth). Every answer is a raw JSON body: OAuth error codes with
// `error_description`, never Vault's envelope. Authorization codes live in memory for five minutes
// on the vault's clock and are single use (Vault's oidcAuthCodeCache); access tokens are batch tokens
// whose only policy is the provider's userinfo endpoint.
import { createHash, timingSafeEqual } from 'node:crypto';
import { populateString } from '../auth/acl-templating.js';
import { OIDC_FLOW as M, errOidcAssignmentNotFound, errOidcClientKeyNotFound, errOidcScopeClaimConflict } from '../errors/identity.js';
import type { FieldData, FrameworkRequest } from '../framework/types.js';
import { rawJsonResponse } from '../logical/raw-body.js';
import type { LogicalResponse } from '../logical/types.js';
import { randomBase62 } from '../util/random.js';
import type { Algorithm } from './oidc-keys.js';
import { signJws } from './oidc-keys.js';
import type { Client, OidcStore } from './oidc-store.js';
import { sortDeep } from './oidc-token.js';
import type { Entity } from './types.js';
import { goStringCompare } from '../go/strings.js';

interface AuthCode {
  provider: string; clientId: string; entityId: string; redirectUri: string; nonce: string; scopes: string[];
  codeChallenge: string; codeChallengeMethod: string; authTime: number; expiresAt: number;
}

interface FlowDeps {
  entityOfToken(clientToken: string | undefined): Promise<string>;
  /** A provider's effective issuer. */
  issuerOf(name: string): string;
}

const CODE_TTL_MS = 5 * 60 * 1000;
const RESERVED = ['iat', 'aud', 'exp', 'iss', 'sub', 'namespace', 'nonce', 'auth_time', 'at_hash', 'c_hash'];
const HASH_OF: Record<Algorithm, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: 'sha512' };

function authResponse(code: string, state: string, error = '', description = ''): LogicalResponse {
  if (error === '') return rawJsonResponse({ code, state });
  return rawJsonResponse({ error, error_description: description, state }, error === 'server_error' ? 500 : 400);
}

function tokenResponse(body: Record<string, unknown> | null, error = '', description = ''): LogicalResponse {
  const headers = { cacheControl: 'no-store', pragma: 'no-cache' };
  if (error === '') return rawJsonResponse(body, 200, headers);
  const status = error === 'invalid_client' ? 401 : error === 'server_error' ? 500 : 400;
  return rawJsonResponse({ error, error_description: description }, status, error === 'invalid_client' ? { ...headers, wwwAuthenticate: 'Basic' } : headers);
}

function userInfoResponse(claims: Record<string, unknown> | null, error = '', description = ''): LogicalResponse {
  if (error === '') return rawJsonResponse(claims);
  const status = ({ invalid_request: 400, invalid_token: 401, access_denied: 403, server_error: 500 } as Record<string, number>)[error]!;
  const bearer = error === 'invalid_request' || error === 'invalid_token';
  return rawJsonResponse({ error, error_description: description }, status,
    bearer ? { wwwAuthenticate: `Bearer error=${JSON.stringify(error)},error_description=${JSON.stringify(description)}` } : {});
}

/** validRedirect: loopback URIs match whatever their port (RFC 8252 §7.3), others exactly. */
export function validRedirect(uri: string, allowed: readonly string[]): boolean {
  let input: URL;
  try {
    input = new URL(uri);
  } catch {
    return false;
  }
  const host = input.hostname.replace(/^\[|\]$/g, '');
  if (!['localhost', '127.0.0.1', '::1'].includes(host)) return allowed.includes(uri);
  const portless = (u: URL) => `${u.protocol}//${u.hostname}${u.pathname}${u.search}${u.hash}`;
  for (const a of allowed) {
    try {
      if (portless(new URL(a)) === portless(input)) return true;
    } catch {
      return false;
    }
  }
  return false;
}

/** computeHashClaim: the left half of the key algorithm's digest, base64url without padding. */
export function hashClaim(alg: Algorithm, input: string): string {
  const sum = createHash(HASH_OF[alg]).update(input).digest();
  return sum.subarray(0, sum.length / 2).toString('base64url');
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** net/http Request.BasicAuth: `Basic <base64 id:secret>`, standard alphabet, padded. */
function basicAuth(headers: Readonly<Record<string, string>> | undefined): [string, string] | undefined {
  const h = headers?.authorization ?? '';
  if (h.length < 6 || h.slice(0, 6).toLowerCase() !== 'basic ') return undefined;
  const b64 = h.slice(6);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  const text = Buffer.from(b64, 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? undefined : [text.slice(0, i), text.slice(i + 1)];
}

export class OidcFlow {
  readonly #codes = new Map<string, AuthCode>();

  constructor(private readonly oidc: OidcStore, private readonly deps: FlowDeps) {}

  #clientById(id: string): Client | undefined {
    for (const c of this.oidc.provider.client.values()) if (c.clientId === id) return c;
    return undefined;
  }

  #allowed(providerName: string, clientId: string): boolean {
    return this.oidc.provider.provider.get(providerName)!.allowedClientIds.some((c) => c === '*' || c === clientId);
  }

  /** entityHasAssignment: enabled, and in allow_all or an assignment's entities or (inherited) groups. */
  #hasAssignment(entity: Entity, assignments: readonly string[]): boolean {
    if (entity.disabled) return false;
    if (assignments.includes('allow_all')) return true;
    const { direct, inherited } = this.oidc.identity.groupsOfEntity(entity.id);
    const groupIds = new Set([...direct, ...inherited].map((g) => g.id));
    for (const name of assignments) {
      const a = this.oidc.provider.assignment.get(name);
      if (!a) throw new Error(errOidcAssignmentNotFound(name));
      if (a.groupIds.some((g) => groupIds.has(g)) || a.entityIds.includes(entity.id)) return true;
    }
    return false;
  }

  /** populateScopeTemplates: each scope's template rendered for the entity; a claim in two scopes is a conflict. */
  #scopeClaims(entity: Entity, scopes: readonly string[]): { claims: Record<string, unknown>[]; conflict?: string } {
    const owner = new Map<string, string>();
    const out: Record<string, unknown>[] = [];
    const id = this.oidc.identity;
    for (const scope of scopes) {
      const template = this.oidc.provider.scope.get(scope)?.template;
      if (template === undefined || template === '') continue;
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(populateString(template, { entity: id.templateEntity(entity), groups: id.templateGroups(entity), nowMs: id.now() }, 'json')) ?? {};
      } catch {
        continue; // Vault logs a template that fails at this stage
      }
      for (const k of Object.keys(parsed)) {
        const other = owner.get(k);
        if (other !== undefined) return { claims: out, conflict: errOidcScopeClaimConflict(k, scope, other) };
        owner.set(k, scope);
      }
      out.push(parsed);
    }
    return { claims: out };
  }

  async authorize(req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
    const state = d.get<string>('state');
    const clientId = d.get<string>('client_id');
    if (clientId === '') return authResponse('', state, 'invalid_client_id', M.clientIdRequired);
    const client = this.#clientById(clientId);
    if (!client) return authResponse('', state, 'invalid_client_id', M.clientNotFound);
    const redirectUri = d.get<string>('redirect_uri');
    if (redirectUri === '') return authResponse('', state, 'invalid_request', M.redirectRequired);
    if (!validRedirect(redirectUri, client.redirectUris)) return authResponse('', state, 'invalid_redirect_uri', M.redirectNotAllowed);
    const name = req.captures.name ?? '';
    const provider = this.oidc.provider.provider.get(name);
    if (!provider) return authResponse('', state, 'invalid_request', M.providerNotFound);
    if (!this.#allowed(name, clientId)) return authResponse('', state, 'unauthorized_client', M.clientNotAuthorizedProvider);
    if ('request' in d.raw) return authResponse('', '', 'request_not_supported', M.requestNotSupported);
    if ('request_uri' in d.raw) return authResponse('', '', 'request_uri_not_supported', M.requestUriNotSupported);
    // strutil.ParseDedupAndSortStrings on spaces
    const requested = [...new Set(d.get<string>('scope').split(' ').map((s) => s.trim()).filter((s) => s !== ''))].sort(goStringCompare);
    if (!requested.includes('openid')) return authResponse('', state, 'invalid_request', M.scopeOpenid);
    const scopes = requested.filter((s) => s !== 'openid' && provider.scopesSupported.includes(s));
    const responseType = d.get<string>('response_type');
    if (responseType === '') return authResponse('', state, 'invalid_request', M.responseTypeRequired);
    if (responseType !== 'code') return authResponse('', state, 'unsupported_response_type', M.responseTypeUnsupported);
    const entityId = await this.deps.entityOfToken(req.clientToken);
    if (entityId === '') return authResponse('', state, 'access_denied', M.entityRequired);
    const entity = this.oidc.identity.entities.get(entityId);
    if (!entity) return authResponse('', state, 'access_denied', M.entityNotFound);
    let member: boolean;
    try {
      member = this.#hasAssignment(entity, client.assignments);
    } catch (e) {
      return authResponse('', state, 'server_error', (e as Error).message);
    }
    if (!member) return authResponse('', state, 'access_denied', M.notAssigned);
    const now = this.oidc.identity.now();
    const entry: AuthCode = {
      provider: name, clientId, entityId: entity.id, redirectUri, nonce: d.get<string>('nonce'), scopes,
      codeChallenge: '', codeChallengeMethod: '', authTime: 0, expiresAt: now + CODE_TTL_MS,
    };
    const challenge = d.getOk<string>('code_challenge');
    if (!challenge.ok && client.type === 'public') return authResponse('', state, 'invalid_request', M.pkceRequired);
    if (challenge.ok) {
      let method = d.get<string>('code_challenge_method');
      if (method === '') method = 'plain';
      if (method !== 'plain' && method !== 'S256') return authResponse('', state, 'invalid_request', M.badChallengeMethod);
      if (challenge.value.length < 43 || challenge.value.length > 128) return authResponse('', state, 'invalid_request', M.badChallenge);
      entry.codeChallenge = challenge.value;
      entry.codeChallengeMethod = method;
    }
    const maxAge = d.getOk<number>('max_age');
    if (maxAge.ok) {
      if (maxAge.value < 1) return authResponse('', state, 'invalid_request', M.maxAgeZero);
      const te = req.clientToken ? await this.oidc.identity.tokens?.lookup(req.clientToken) : undefined;
      if (!te) return authResponse('', state, 'access_denied', M.tokenNotFound);
      if (Math.floor((now - te.creationTime * 1000) / 1000) > maxAge.value) return authResponse('', state, 'max_age_violation', M.maxAgeViolation);
      entry.authTime = te.creationTime;
    }
    for (const [c, e] of this.#codes) if (e.expiresAt <= now) this.#codes.delete(c);
    const code = randomBase62(this.oidc.identity.random, 32);
    this.#codes.set(code, entry);
    return authResponse(code, state);
  }

  async token(req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
    const name = req.captures.name ?? '';
    const provider = this.oidc.provider.provider.get(name);
    if (!provider) return tokenResponse(null, 'invalid_request', M.providerNotFound);
    // client_secret_basic first, else client_secret_post (or none, for a public client)
    const basic = basicAuth(req.headers);
    const clientId = basic ? basic[0] : d.get<string>('client_id');
    if (!basic && clientId === '') return tokenResponse(null, 'invalid_request', M.clientIdRequired);
    const clientSecret = basic ? basic[1] : d.get<string>('client_secret');
    const client = this.#clientById(clientId);
    if (!client) return tokenResponse(null, 'invalid_client', M.clientAuthFailed);
    if (client.type === 'confidential' && !sameSecret(client.clientSecret, clientSecret)) return tokenResponse(null, 'invalid_client', M.clientAuthFailed);
    if (!this.#allowed(name, clientId)) return tokenResponse(null, 'invalid_client', M.clientNotAuthorizedProvider);
    await this.oidc.tick();
    const key = this.oidc.keys.get(client.key);
    if (!key) return tokenResponse(null, 'server_error', errOidcClientKeyNotFound(client.key));
    if (!key.allowedClientIds.includes('*') && !key.allowedClientIds.includes(clientId)) return tokenResponse(null, 'invalid_client', M.clientNotAuthorizedKey);
    const grantType = d.get<string>('grant_type');
    if (grantType === '') return tokenResponse(null, 'invalid_request', M.grantTypeRequired);
    if (grantType !== 'authorization_code') return tokenResponse(null, 'unsupported_grant_type', M.grantTypeUnsupported);
    const code = d.get<string>('code');
    if (code === '') return tokenResponse(null, 'invalid_request', M.codeRequired);
    // single use: whatever follows, the code is gone
    const entry = this.#codes.get(code);
    this.#codes.delete(code);
    const now = this.oidc.identity.now();
    if (!entry || entry.expiresAt <= now) return tokenResponse(null, 'invalid_grant', M.grantInvalid);
    if (entry.clientId !== clientId) return tokenResponse(null, 'invalid_grant', M.codeOtherClient);
    if (entry.provider !== name) return tokenResponse(null, 'invalid_grant', M.codeOtherProvider);
    const redirectUri = d.get<string>('redirect_uri');
    if (redirectUri === '') return tokenResponse(null, 'invalid_request', M.redirectRequired);
    if (entry.redirectUri !== redirectUri) return tokenResponse(null, 'invalid_grant', M.redirectMismatch);
    const entity = this.oidc.identity.entityByIdOrMerged(entry.entityId);
    if (!entity) return tokenResponse(null, 'invalid_request', M.entityNotFound);
    let member: boolean;
    try {
      member = this.#hasAssignment(entity, client.assignments);
    } catch (e) {
      return tokenResponse(null, 'server_error', (e as Error).message);
    }
    if (!member) return tokenResponse(null, 'invalid_request', M.notAssigned);
    const usedPkce = entry.codeChallenge !== '' && entry.codeChallengeMethod !== '';
    const verifier = d.get<string>('code_verifier');
    if (!usedPkce && client.type === 'public') return tokenResponse(null, 'invalid_request', M.pkceRequired);
    if (!usedPkce && verifier !== '') return tokenResponse(null, 'invalid_request', M.unexpectedVerifier);
    if (usedPkce && verifier === '') return tokenResponse(null, 'invalid_request', M.expectedVerifier);
    if (usedPkce) {
      const computed = entry.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
      if (!sameSecret(computed, entry.codeChallenge)) return tokenResponse(null, 'invalid_grant', M.badVerifier);
    }
    const { claims: scopeClaims, conflict } = this.#scopeClaims(entity, entry.scopes);
    if (conflict !== undefined) return tokenResponse(null, 'invalid_request', conflict);
    const tokens = this.oidc.identity.tokens;
    if (!tokens) return tokenResponse(null, 'server_error', M.noTokenStore);
    if (!key.signingKey) await this.oidc.rotate(key, key.verificationTtl);
    const nowS = Math.floor(now / 1000);
    const ttl = client.accessTokenTtl;
    const access = await tokens.create({
      parentHash: '', policies: [], path: req.path, meta: { oidc_token_type: 'access token' }, displayName: '', numUses: 0,
      creationTime: nowS, ttl, explicitMaxTtl: 0, period: 0, type: 'batch', entityId: entity.id,
      lease: { issueTime: now, expireTime: ttl > 0 ? now + ttl * 1000 : 0, lastRenewalTime: 0, ttl, renewable: false },
      noIdentityPolicies: true, internalMeta: { client_id: client.clientId, scopes: entry.scopes.join(' ') },
      inlinePolicy: `path "identity/oidc/provider/${name}/userinfo" {\n  capabilities = ["read", "update"]\n}\n`,
    });
    const claims: Record<string, unknown> = {
      namespace: 'root', iss: this.deps.issuerOf(name), sub: entry.entityId, aud: entry.clientId,
      ...(entry.nonce !== '' ? { nonce: entry.nonce } : {}), exp: nowS + client.idTokenTtl, iat: nowS,
      ...(entry.authTime !== 0 ? { auth_time: entry.authTime } : {}),
      at_hash: hashClaim(key.algorithm, access.id), c_hash: hashClaim(key.algorithm, code),
    };
    for (const extra of scopeClaims) for (const [k, v] of Object.entries(extra)) if (!RESERVED.includes(k)) claims[k] = v;
    const idToken = signJws(key.signingKey!, JSON.stringify(sortDeep(claims)));
    return tokenResponse({ access_token: access.id, expires_in: ttl, id_token: idToken, token_type: 'Bearer' });
  }

  async userinfo(req: FrameworkRequest): Promise<LogicalResponse> {
    const name = req.captures.name ?? '';
    const provider = this.oidc.provider.provider.get(name);
    if (!provider) return userInfoResponse(null, 'invalid_request', M.providerNotFound);
    // ClientTokenFromAuthzHeader: X-Vault-Token wins over Authorization when both are sent
    const h = req.headers ?? {};
    if (h['x-vault-token'] || !/^Bearer /.test(h.authorization ?? '')) return userInfoResponse(null, 'invalid_token', M.bearerRequired);
    const te = req.clientToken ? await this.oidc.identity.tokens?.lookup(req.clientToken) : undefined;
    if (!te) return userInfoResponse(null, 'invalid_token', M.accessTokenExpired);
    if (te.type !== 'batch') return userInfoResponse(null, 'invalid_token', M.accessTokenInvalid);
    const clientId = te.internalMeta?.client_id;
    if (clientId === undefined) return userInfoResponse(null, 'server_error', M.noClientIdMeta);
    const client = this.#clientById(clientId);
    if (!client) return userInfoResponse(null, 'access_denied', M.userinfoClientNotFound);
    if (te.entityId === '') return userInfoResponse(null, 'access_denied', M.entityRequired);
    const entity = this.oidc.identity.entities.get(te.entityId);
    if (!entity) return userInfoResponse(null, 'access_denied', M.entityNotFound);
    let member: boolean;
    try {
      member = this.#hasAssignment(entity, client.assignments);
    } catch (e) {
      return userInfoResponse(null, 'server_error', (e as Error).message);
    }
    if (!member) return userInfoResponse(null, 'access_denied', M.notAssigned);
    if (!this.#allowed(name, clientId)) return userInfoResponse(null, 'access_denied', M.clientNotAuthorizedProvider);
    const claims: Record<string, unknown> = { sub: entity.id };
    const scopes = (te.internalMeta?.scopes ?? '').split(' ').filter((s) => s !== '' && provider.scopesSupported.includes(s));
    const { claims: scopeClaims, conflict } = this.#scopeClaims(entity, scopes);
    if (conflict !== undefined) return userInfoResponse(null, 'invalid_request', conflict);
    for (const extra of scopeClaims) for (const [k, v] of Object.entries(extra)) if (!RESERVED.includes(k)) claims[k] = v;
    return userInfoResponse(sortDeep(claims) as Record<string, unknown>);
  }
}
