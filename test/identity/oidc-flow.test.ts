// The OIDC provider's authorization code flow over HTTP (vault/identity_store_oidc_provider.go
// pathOIDCAuthorize, pathOIDCToken, pathOIDCUserInfo): a userpass user authorizes a client with PKCE,
// the client exchanges the code (client_secret_basic and client_secret_post, and a public client with
// none), the ID token is verified by `jose` against the provider's JWKS, userinfo answers the
// requested scopes' claims to the Bearer access token, and every refusal is an OAuth error body.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { hashClaim } from '../../src/identity/oidc-flow.js';

const PASSWORD_HASH = '$2b$04$QvBA4I5mMfO2QT6n4iCWVukOgvqLcvjErUOMehwxns4J463rEr4Mu';
const VERIFIER = 'a'.repeat(20) + 'verifier-of-at-least-43-characters';
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const REDIRECT = 'https://app.example/cb';

let v: StartedVault;
let userToken = '';
let entityId = '';
let app = { client_id: '', client_secret: '' };
let spa = { client_id: '' };

async function api(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${v.url}/v1/${path}`, { method, headers: { 'x-vault-token': token }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function authorize(params: Record<string, string>, token = userToken) {
  const res = await fetch(`${v.url}/v1/identity/oidc/provider/p1/authorize?${new URLSearchParams(params)}`, { headers: { 'x-vault-token': token } });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

async function exchange(form: Record<string, string>, basic?: [string, string]) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64')}`;
  const res = await fetch(`${v.url}/v1/identity/oidc/provider/p1/token`, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, string> };
}

const codeParams = (extra: Record<string, string> = {}) => ({
  client_id: app.client_id, scope: 'openid profile unknown', redirect_uri: REDIRECT, response_type: 'code', state: 's1', nonce: 'n1',
  code_challenge: CHALLENGE, code_challenge_method: 'S256', ...extra,
});

beforeAll(async () => {
  v = await startVault({ clock: 'manual', seed: 7 });
  const root = v.rootToken;
  await api('POST', 'sys/auth/userpass', root, { type: 'userpass' });
  await api('POST', 'auth/userpass/users/ann', root, { password_hash: PASSWORD_HASH });
  const login = await api('POST', 'auth/userpass/login/ann', '', { password: 'identity-pw' });
  userToken = login.body.auth.client_token;
  entityId = login.body.auth.entity_id;
  await api('POST', 'identity/oidc/scope/profile', root, { template: '{"username": {{identity.entity.name}}, "team": "blue"}' });
  await api('POST', 'identity/oidc/assignment/ann-only', root, { entity_ids: [entityId] });
  await api('POST', 'identity/oidc/client/app', root, { redirect_uris: [REDIRECT], assignments: ['ann-only'], id_token_ttl: '30m', access_token_ttl: '1h' });
  await api('POST', 'identity/oidc/client/spa', root, { redirect_uris: ['http://127.0.0.1:3000/cb'], assignments: ['allow_all'], client_type: 'public' });
  await api('POST', 'identity/oidc/provider/p1', root, { scopes_supported: ['profile'], allowed_client_ids: ['*'] });
  app = (await api('GET', 'identity/oidc/client/app', root)).body.data;
  spa = (await api('GET', 'identity/oidc/client/spa', root)).body.data;
});
afterAll(async () => v.close());

describe('OIDC provider authorization code flow', () => {
  it('authorizes with PKCE, exchanges the code once with client_secret_basic, and signs an ID token jose verifies', async () => {
    const auth = await authorize(codeParams());
    expect(auth.status).toBe(200);
    expect(Object.keys(auth.body)).toEqual(['code', 'state']);
    expect(auth.body.state).toBe('s1');
    const tok = await exchange({ grant_type: 'authorization_code', code: auth.body.code!, redirect_uri: REDIRECT, code_verifier: VERIFIER }, [app.client_id, app.client_secret]);
    expect(tok.status).toBe(200);
    expect(tok.headers.get('cache-control')).toBe('no-store');
    expect(tok.headers.get('pragma')).toBe('no-cache');
    expect(Object.keys(tok.body)).toEqual(['access_token', 'expires_in', 'id_token', 'token_type']);
    expect(tok.body).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
    const issuer = `${v.url}/v1/identity/oidc/provider/p1`;
    const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/keys`));
    const { payload, protectedHeader } = await jwtVerify(tok.body.id_token!, jwks, { issuer, audience: app.client_id, currentDate: new Date(v.clock.now()) });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ sub: entityId, nonce: 'n1', namespace: 'root', username: expect.stringMatching(/^entity_/), team: 'blue' });
    expect(payload.exp! - payload.iat!).toBe(1800);
    expect(payload.at_hash).toBe(hashClaim('RS256', tok.body.access_token!));
    expect(payload.c_hash).toBe(createHash('sha256').update(auth.body.code!).digest().subarray(0, 16).toString('base64url'));
    // single use
    const again = await exchange({ grant_type: 'authorization_code', code: auth.body.code!, redirect_uri: REDIRECT, code_verifier: VERIFIER }, [app.client_id, app.client_secret]);
    expect([again.status, again.body]).toEqual([400, { error: 'invalid_grant', error_description: 'authorization grant is invalid or expired' }]);

    // userinfo: the Bearer access token, claims of the granted scopes; nothing else is open to it
    const info = await fetch(`${issuer}/userinfo`, { headers: { authorization: `Bearer ${tok.body.access_token}` } });
    expect(info.status).toBe(200);
    expect(await info.json()).toEqual({ sub: entityId, team: 'blue', username: payload.username });
    const viaHeader = await fetch(`${issuer}/userinfo`, { headers: { 'x-vault-token': tok.body.access_token! } });
    expect(viaHeader.status).toBe(401);
    expect(viaHeader.headers.get('www-authenticate')).toBe('Bearer error="invalid_token",error_description="access token must be sent as a Bearer token"');
    expect((await api('GET', 'sys/mounts', tok.body.access_token!)).status).toBe(403);
    await api('POST', `identity/entity/id/${entityId}`, v.rootToken, { policies: ['eng'] });
    expect((await api('GET', 'auth/token/lookup-self', userToken)).body.data.identity_policies).toEqual(['eng']);
    const looked = (await api('POST', 'auth/token/lookup', v.rootToken, { token: tok.body.access_token })).body.data;
    expect(looked).toMatchObject({ type: 'batch', entity_id: entityId, meta: { oidc_token_type: 'access token' }, ttl: 3600 });
    expect(looked).not.toHaveProperty('identity_policies');
    const serviceToken = await fetch(`${issuer}/userinfo`, { headers: { authorization: `Bearer ${v.rootToken}` } });
    expect([serviceToken.status, await serviceToken.json()]).toEqual([401, { error: 'invalid_token', error_description: 'access token is malformed or invalid' }]);
  });

  it('takes client_secret_post, and answers client authentication failures with 401 and WWW-Authenticate: Basic', async () => {
    const code = (await authorize(codeParams({ code_challenge: '', code_challenge_method: '' }))).body;
    expect(code).toEqual({ error: 'invalid_request', error_description: 'invalid code_challenge', state: 's1' });
    const plain = { ...codeParams() } as Record<string, string>;
    delete plain.code_challenge;
    delete plain.code_challenge_method;
    const bad = await exchange({ grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT, client_id: app.client_id, client_secret: 'wrong' });
    expect([bad.status, bad.body, bad.headers.get('www-authenticate'), bad.headers.get('cache-control')]).toEqual(
      [401, { error: 'invalid_client', error_description: 'client failed to authenticate' }, 'Basic', 'no-store']);
    const missing = await exchange({ grant_type: 'authorization_code', code: 'x' });
    expect([missing.status, missing.body]).toEqual([400, { error: 'invalid_request', error_description: 'client_id parameter is required' }]);
    const c = (await authorize(plain)).body.code!;
    const unexpected = await exchange({ grant_type: 'authorization_code', code: c, redirect_uri: REDIRECT, client_id: app.client_id, client_secret: app.client_secret, code_verifier: VERIFIER });
    expect(unexpected.body).toEqual({ error: 'invalid_request', error_description: 'unexpected code_verifier for token exchange' });
    const c2 = (await authorize(plain)).body.code!;
    const wrongGrant = await exchange({ grant_type: 'password', code: c2, redirect_uri: REDIRECT, client_id: app.client_id, client_secret: app.client_secret });
    expect(wrongGrant.body.error).toBe('unsupported_grant_type');
    const ok = await exchange({ grant_type: 'authorization_code', code: c2, redirect_uri: REDIRECT, client_id: app.client_id, client_secret: app.client_secret });
    expect(ok.status).toBe(200);
    expect(decodeJwt(ok.body.id_token!).auth_time).toBeUndefined();
    // with max_age, auth_time is the Vault token's creation time
    const c3 = (await authorize({ ...plain, max_age: '3600' })).body.code!;
    const withAge = await exchange({ grant_type: 'authorization_code', code: c3, redirect_uri: REDIRECT, client_id: app.client_id, client_secret: app.client_secret });
    const created = (await api('GET', 'auth/token/lookup-self', userToken)).body.data.creation_time;
    expect(decodeJwt(withAge.body.id_token!).auth_time).toBe(created);
  });

  it('requires PKCE of a public client, matches loopback redirects on any port, and checks the verifier', async () => {
    const base = { client_id: spa.client_id, scope: 'openid', redirect_uri: 'http://127.0.0.1:4567/cb', response_type: 'code', state: 'z' };
    expect((await authorize(base)).body).toEqual({ error: 'invalid_request', error_description: 'PKCE is required for public clients', state: 'z' });
    const code = (await authorize({ ...base, code_challenge: CHALLENGE, code_challenge_method: 'S256' })).body.code!;
    const wrong = await exchange({ grant_type: 'authorization_code', code, redirect_uri: base.redirect_uri, client_id: spa.client_id, code_verifier: VERIFIER + 'x' });
    expect([wrong.status, wrong.body]).toEqual([400, { error: 'invalid_grant', error_description: 'invalid code_verifier for token exchange' }]);
    const code2 = (await authorize({ ...base, code_challenge: CHALLENGE, code_challenge_method: 'S256' })).body.code!;
    const ok = await exchange({ grant_type: 'authorization_code', code: code2, redirect_uri: base.redirect_uri, client_id: spa.client_id, code_verifier: VERIFIER });
    expect(ok.status).toBe(200);
    const info = await fetch(`${v.url}/v1/identity/oidc/provider/p1/userinfo`, { headers: { authorization: `Bearer ${ok.body.access_token}` } });
    expect(await info.json()).toEqual({ sub: entityId }); // only openid was asked for
  });

  it('answers authorization errors as OAuth bodies with the state, and refuses entities outside the assignment', async () => {
    expect(await authorize({ ...codeParams(), client_id: 'nope' })).toEqual({ status: 400, body: { error: 'invalid_client_id', error_description: 'client with client_id not found', state: 's1' } });
    expect((await authorize(codeParams({ redirect_uri: 'https://evil.example/cb' }))).body.error).toBe('invalid_redirect_uri');
    expect((await authorize(codeParams({ scope: 'profile' }))).body.error_description).toBe('scope parameter must contain the "openid" value');
    expect((await authorize(codeParams({ response_type: 'token' }))).body.error).toBe('unsupported_response_type');
    expect((await authorize(codeParams({ request: 'jwt' }))).body).toEqual({ error: 'request_not_supported', error_description: 'request parameter is not supported', state: '' });
    expect((await authorize(codeParams({ max_age: '0' }))).body.error_description).toBe('max_age must be greater than zero');
    expect((await authorize(codeParams(), v.rootToken)).body).toEqual({ error: 'access_denied', error_description: 'identity entity must be associated with the request', state: 's1' });
    await api('POST', 'auth/userpass/users/bob', v.rootToken, { password_hash: PASSWORD_HASH });
    const bob = (await api('POST', 'auth/userpass/login/bob', '', { password: 'identity-pw' })).body.auth.client_token;
    expect((await authorize(codeParams(), bob)).body).toEqual({ error: 'access_denied', error_description: 'identity entity not authorized by client assignment', state: 's1' });
    // max_age against the token's creation on the vault clock
    expect((await authorize(codeParams({ max_age: '60' }))).status).toBe(200);
    v.clock.advance(120_000);
    expect((await authorize(codeParams({ max_age: '60' }))).body.error).toBe('max_age_violation');
  });
});
