// The OIDC browser flow (JWT path_oidc.go) against the fake provider of src/testing: auth_url →
// the provider's authorization endpoint (a simulated browser follows the URL and is redirected
// back with code and state) → callback → a token, over HTTP and in process; then every error.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from '../../../src/errors/jwt.js';
import { FakeOidcProvider, type FakeOidcLogin } from '../../../src/testing/fake-oidc-provider.js';
import { createVault, startVault, type TestVault } from '../../../src/testing/index.js';
import { goTime } from '../../../src/credential/jwt/oidc-provider.js';
import { authOf, errors } from './helpers.js';

const REDIRECT = 'http://localhost:8250/oidc/callback';
let provider: FakeOidcProvider;
let clockNow = () => Date.UTC(2026, 0, 1);

beforeAll(async () => {
  provider = await FakeOidcProvider.start({ now: () => clockNow() });
});
afterAll(() => provider.close());

async function oidcVault(config: Record<string, unknown> = {}, role: Record<string, unknown> = {}, mount = 'oidc'): Promise<TestVault> {
  const vault = await createVault({ seed: 'oidc' });
  clockNow = () => vault.clock.now();
  expect((await vault.request('update', `sys/auth/${mount}`, { type: 'oidc' })).status).toBe(204);
  const c = await vault.request('update', `auth/${mount}/config`, provider.vaultConfig(config));
  expect(c.status, JSON.stringify(c.body)).toBe(204);
  const r = await vault.request('update', `auth/${mount}/role/web`, {
    user_claim: 'email', allowed_redirect_uris: [REDIRECT, 'https://app.example/v1/auth/oidc/oidc/callback'],
    token_policies: 'dev', oidc_scopes: 'email,profile', claim_mappings: { name: 'display' }, ...role,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(204);
  return vault;
}

const call = (vault: TestVault, operation: 'read' | 'update', path: string, data: Record<string, unknown>, remoteAddress = '127.0.0.1') =>
  vault.handle({ operation, path, data, token: '', remoteAddress });

/** auth_url, then the browser at the provider; returns what the provider sends back. */
async function authorize(vault: TestVault, login: FakeOidcLogin = {}, body: Record<string, unknown> = {}, mount = 'oidc') {
  const res = await call(vault, 'update', `auth/${mount}/oidc/auth_url`, { role: 'web', redirect_uri: REDIRECT, ...body });
  const url = (res.body as { data: { auth_url: string } }).data.auth_url;
  expect(url).not.toBe('');
  provider.nextLogin({ claims: { email: 'alice@example.com', name: 'Alice' }, ...login });
  return { url, ...(await provider.browse(url)) };
}

describe('OIDC browser flow', () => {
  it('logs in end to end over HTTP: auth_url, the provider redirect, the callback, then the token works', async () => {
    await using vault = await startVault({ seed: 'oidc-http' });
    clockNow = () => vault.clock.now();
    const api = async (method: string, path: string, body?: unknown, token = vault.rootToken) => {
      const res = await fetch(`${vault.url}/v1/${path}`, { method, headers: { 'X-Vault-Token': token }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    await api('POST', 'sys/auth/oidc', { type: 'oidc' });
    expect((await api('POST', 'auth/oidc/config', provider.vaultConfig())).status).toBe(204);
    await api('POST', 'auth/oidc/role/web', { user_claim: 'email', allowed_redirect_uris: REDIRECT, token_policies: 'dev', oidc_scopes: 'email' });
    const started = await api('POST', 'auth/oidc/oidc/auth_url', { role: 'web', redirect_uri: REDIRECT, client_nonce: 'cli-nonce-1234567890' }, '');
    expect(started.status).toBe(200);
    const authUrl = new URL(started.body.data.auth_url as string);
    expect(`${authUrl.origin}${authUrl.pathname}`).toBe(`${provider.issuer}/authorize`);
    // golang.org/x/oauth2 AuthCodeURL: keys sorted, PKCE S256, openid first in the scope.
    expect([...authUrl.searchParams.keys()]).toEqual(['client_id', 'code_challenge', 'code_challenge_method', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state']);
    expect(authUrl.searchParams.get('scope')).toBe('openid email');
    expect(authUrl.searchParams.get('state')).toMatch(/^st_[A-Za-z0-9]{20}$/);
    expect(authUrl.searchParams.get('nonce')).toMatch(/^n_[A-Za-z0-9]{20}$/);
    expect(started.body.data.auth_url).toContain('redirect_uri=http%3A%2F%2Flocalhost%3A8250%2Foidc%2Fcallback');
    provider.nextLogin({ claims: { email: 'bob@example.com' } });
    const back = await provider.browse(started.body.data.auth_url);
    expect(back.redirectUri).toBe(REDIRECT);
    const q = new URLSearchParams({ state: back.params.state!, code: back.params.code!, id_token: '', client_nonce: 'cli-nonce-1234567890' });
    const done = await api('GET', `auth/oidc/oidc/callback?${q}`, undefined, '');
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.mount_type).toBe(''); // handleLoginRequest never sets MountType
    expect(done.body.auth).toMatchObject({ policies: ['default', 'dev'], metadata: { role: 'web' }, renewable: true, orphan: true, token_type: 'service' });
    const self = await api('GET', 'auth/token/lookup-self', undefined, done.body.auth.client_token);
    expect(self.body.data.display_name).toBe('oidc-bob@example.com');
    expect(self.body.data.path).toBe('auth/oidc/oidc/callback');
    // The token request carried the PKCE verifier that matches the challenge.
    expect(provider.tokenRequests.at(-1)).toMatchObject({ grant_type: 'authorization_code', redirect_uri: REDIRECT });
    expect(provider.tokenRequests.at(-1)!.code_verifier).toMatch(/^[A-Za-z0-9]{43}$/);
    // The state is good once.
    const again = await api('GET', `auth/oidc/oidc/callback?${q}`, undefined, '');
    expect(again).toEqual({ status: 400, body: { errors: [E.ERR_OIDC_EXPIRED_STATE] } });
  });

  it('maps claims, merges userinfo claims and checks bound claims against them', async () => {
    const vault = await oidcVault({}, { bound_claims: { team: 'blue' }, claim_mappings: { name: 'display', team: 'team' } });
    const ok = await authorize(vault, { userinfo: { team: 'blue' } });
    const res = await call(vault, 'read', 'auth/oidc/oidc/callback', ok.params);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(authOf(res).metadata).toEqual({ display: 'Alice', role: 'web', team: 'blue' });
    const bad = await authorize(vault, { userinfo: { team: 'red' } });
    expect(errors(await call(vault, 'read', 'auth/oidc/oidc/callback', bad.params))).toEqual([E.errJwtValidatingClaims(E.errJwtBoundClaimNoMatch('team'))]);
  });

  it('asks for max_age and checks auth_time; honours the loopback port rule for redirect_uri', async () => {
    const vault = await oidcVault({}, { max_age: 60 });
    const res = await call(vault, 'update', 'auth/oidc/oidc/auth_url', { role: 'web', redirect_uri: 'http://localhost:9999/oidc/callback' });
    const url = new URL((res.body as { data: { auth_url: string } }).data.auth_url);
    expect(url.searchParams.get('max_age')).toBe('60');
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost:9999/oidc/callback');
    provider.nextLogin({ claims: { email: 'a@x' } });
    const back = await provider.browse(url.href);
    expect(errors(await call(vault, 'read', 'auth/oidc/oidc/callback', back.params))).toEqual([E.errOidcExchange(E.errCapIdTokenFailed(E.ERR_CAP_MISSING_AUTH_TIME))]);
    const fresh = await authorize(vault, { claims: { email: 'a@x', auth_time: Math.floor(vault.clock.now() / 1000) } });
    expect((await call(vault, 'read', 'auth/oidc/oidc/callback', fresh.params)).status).toBe(200);
  });

  it('runs the implicit flow with form_post: the provider posts the id_token, the browser comes back with no_code', async () => {
    const vault = await oidcVault({ oidc_response_mode: 'form_post', oidc_response_types: 'id_token' });
    const post = 'https://app.example/ui/vault/auth/oidc/oidc/callback';
    await vault.request('update', 'auth/oidc/role/web', { allowed_redirect_uris: post });
    const res = await call(vault, 'update', 'auth/oidc/oidc/auth_url', { role: 'web', redirect_uri: post });
    const url = new URL((res.body as { data: { auth_url: string } }).data.auth_url);
    expect(url.searchParams.get('response_type')).toBe('id_token');
    expect(url.searchParams.get('response_mode')).toBe('form_post');
    expect(url.searchParams.get('code_challenge')).toBeNull();
    expect(url.searchParams.get('redirect_uri')).toBe('https://app.example/v1/auth/oidc/oidc/callback');
    provider.nextLogin({ claims: { email: 'carol@example.com' } });
    const form = await provider.browse(url.href);
    const posted = await call(vault, 'update', 'auth/oidc/oidc/callback', form.params);
    expect(posted.status).toBe(200);
    expect(String(posted.body)).toContain('code=no_code');
    const done = await call(vault, 'read', 'auth/oidc/oidc/callback', { state: form.params.state, code: 'no_code' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(authOf(done).client_token).toMatch(/^hvs\./);
    // A form_post for an unknown state: 400; a GET-mode mount refuses the POST with a bare 405.
    expect((await call(vault, 'update', 'auth/oidc/oidc/callback', { state: 'st_nope', id_token: 'x' })).status).toBe(400);
    const queryMode = await oidcVault();
    expect(await call(queryMode, 'update', 'auth/oidc/oidc/callback', { state: 'x' })).toEqual({ status: 405 });
  });
});

describe('the fake OIDC provider', () => {
  it('issues ID tokens a standard verifier (jose, over its JWKS) accepts, and refuses a code twice or without the client secret', async () => {
    const vault = await createVault({ seed: 'jose' });
    clockNow = () => vault.clock.now();
    provider.nextLogin({ claims: { email: 'eve@example.com' } });
    const q = new URLSearchParams({ client_id: provider.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's1', nonce: 'n1' });
    const back = await provider.browse(`${provider.issuer}/authorize?${q}`);
    expect(back.params.state).toBe('s1');
    const exchange = (auth: string) => fetch(`${provider.issuer}/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(auth).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: back.params.code!, redirect_uri: REDIRECT }),
    });
    expect((await exchange(`${provider.clientId}:wrong`)).status).toBe(401);
    const res = await exchange(`${provider.clientId}:${provider.clientSecret}`);
    const body = await res.json() as { id_token: string; access_token: string };
    const { payload } = await jwtVerify(body.id_token, createRemoteJWKSet(new URL(`${provider.issuer}/keys`)), {
      issuer: provider.issuer, audience: provider.clientId, currentDate: new Date(vault.clock.now()),
    });
    expect(payload).toMatchObject({ sub: 'alice', email: 'eve@example.com', nonce: 'n1' });
    expect((await exchange(`${provider.clientId}:${provider.clientSecret}`)).status).toBe(400); // a code is good once
  });
});

describe('OIDC flow errors', () => {
  it('auth_url: Vault\'s errors up to the role, an empty URL for a redirect_uri that is not allowed', async () => {
    const bare = await createVault({ seed: 1 });
    await bare.request('update', 'sys/auth/oidc', { type: 'oidc' });
    expect(errors(await call(bare, 'update', 'auth/oidc/oidc/auth_url', { role: 'web', redirect_uri: REDIRECT }))).toEqual([E.ERR_JWT_NO_CONFIG]);
    const vault = await oidcVault();
    const url = (d: Record<string, unknown>) => call(vault, 'update', 'auth/oidc/oidc/auth_url', d);
    expect(errors(await url({ redirect_uri: REDIRECT }))).toEqual([E.ERR_JWT_MISSING_ROLE]);
    expect(errors(await url({ role: 'web' }))).toEqual([E.ERR_JWT_MISSING_REDIRECT_URI]);
    expect(errors(await url({ role: 'nope', redirect_uri: REDIRECT }))).toEqual([E.errJwtRoleNotFound('nope')]);
    expect((await url({ role: 'web', redirect_uri: 'https://evil.example/cb' })).body).toMatchObject({ data: { auth_url: '' } });
    expect((await url({ role: 'web', redirect_uri: 'HTTPS://APP.EXAMPLE/v1/auth/oidc/oidc/callback' })).body).not.toMatchObject({ data: { auth_url: '' } });
    // A provider that has gone away since the config was written: an empty URL too.
    const brief = await FakeOidcProvider.start();
    const down = await createVault({ seed: 4 });
    await down.request('update', 'sys/auth/oidc', { type: 'oidc' });
    await down.request('update', 'auth/oidc/config', brief.vaultConfig());
    await down.request('update', 'auth/oidc/role/web', { user_claim: 'sub', allowed_redirect_uris: REDIRECT });
    await brief.close();
    expect((await call(down, 'update', 'auth/oidc/oidc/auth_url', { role: 'web', redirect_uri: REDIRECT })).body).toMatchObject({ data: { auth_url: '' } });
    const keysOnly = await createVault({ seed: 2 });
    await keysOnly.request('update', 'sys/auth/jwt', { type: 'jwt' });
    await keysOnly.request('update', 'auth/jwt/config', { oidc_discovery_url: provider.issuer });
    expect(errors(await call(keysOnly, 'update', 'auth/jwt/oidc/auth_url', { role: 'web', redirect_uri: REDIRECT }))).toEqual([E.ERR_JWT_OIDC_NOT_CONFIGURED]);
  });

  it('callback: state, client_nonce, role, CIDRs and missing code', async () => {
    const vault = await oidcVault();
    const cb = (d: Record<string, unknown>, addr?: string) => call(vault, 'read', 'auth/oidc/oidc/callback', d, addr);
    expect(errors(await cb({ state: 'st_unknown', code: 'c' }))).toEqual([E.ERR_OIDC_EXPIRED_STATE]);
    const withNonce = await authorize(vault, {}, { client_nonce: 'n1' });
    expect(errors(await cb({ ...withNonce.params, client_nonce: 'n2' }))).toEqual([E.ERR_OIDC_INVALID_CLIENT_NONCE]);
    const expired = await authorize(vault);
    vault.clock.advance('10m');
    expect(errors(await cb(expired.params))).toEqual([E.ERR_OIDC_EXPIRED_STATE]);
    const orphaned = await authorize(vault);
    await vault.request('delete', 'auth/oidc/role/web');
    expect(errors(await cb(orphaned.params))).toEqual([E.ERR_OIDC_ROLE_NOT_FOUND]);
    const bound = await oidcVault({}, { token_bound_cidrs: '10.0.0.0/8' });
    const a = await authorize(bound);
    expect(await call(bound, 'read', 'auth/oidc/oidc/callback', a.params, '192.168.1.1')).toEqual({ status: 403, body: { errors: ['permission denied'] } });
    const b = await authorize(bound);
    expect(errors(await call(bound, 'read', 'auth/oidc/oidc/callback', { state: b.params.state }, '10.1.1.1'))).toEqual([E.ERR_OIDC_NO_CODE]);
    const gone = await createVault({ seed: 3 });
    await gone.request('update', 'sys/auth/oidc', { type: 'oidc' });
    expect(errors(await call(gone, 'read', 'auth/oidc/oidc/callback', { state: 'x' }))).toEqual([E.ERR_OIDC_CALLBACK_NO_CONFIG]);
    expect(errors(await call(gone, 'update', 'auth/oidc/oidc/callback', { state: 'x' }))).toEqual([E.ERR_OIDC_CALLBACK_POST_NO_CONFIG]);
  });

  it('callback: the ID token checks, each with CAP\'s wrapped text', async () => {
    const vault = await oidcVault({}, { bound_audiences: provider.clientId });
    const fail = async (login: FakeOidcLogin) => {
      const a = await authorize(vault, login);
      return errors(await call(vault, 'read', 'auth/oidc/oidc/callback', a.params));
    };
    const ex = (m: string) => [E.errOidcExchange(E.errCapIdTokenFailed(m))];
    expect(await fail({ override: { nonce: 'n_other' } })).toEqual(ex(E.ERR_CAP_INVALID_NONCE));
    expect(await fail({ foreignKey: true })).toEqual(ex(E.errCapInvalidIdToken(E.ERR_GO_OIDC_BAD_SIGNATURE)));
    expect(await fail({ override: { iss: 'https://other' } })).toEqual(ex(E.errCapInvalidIdToken(E.errGoOidcWrongIssuer(provider.issuer, 'https://other'))));
    const exp = Math.floor(vault.clock.now() / 1000) - 10;
    expect(await fail({ override: { exp } })).toEqual(ex(E.errCapInvalidIdToken(E.errGoOidcExpired(goTime(exp * 1000)))));
    expect(await fail({ override: { aud: 'someone-else' } })).toEqual(ex(E.ERR_CAP_AUDIENCES));
    expect(await fail({ override: { sub: '' } })).toEqual(ex(E.ERR_CAP_MISSING_SUB));
    expect(await fail({ override: { aud: [provider.clientId, 'x'] } })).toEqual(ex(E.errCapMultipleAudAzp('%!s(<nil>)', provider.clientId)));
    expect(await fail({ omitIdToken: true })).toEqual([E.errOidcExchange(E.ERR_CAP_EXCHANGE_NO_ID_TOKEN)]);
    expect(await fail({ override: { at_hash: 'AAAAAAAAAAAAAAAAAAAAAA' } })).toEqual([E.errOidcExchange(E.ERR_CAP_AT_HASH)]);
    expect(await fail({ override: { c_hash: 'AAAAAAAAAAAAAAAAAAAAAA' } })).toEqual([E.errOidcExchange(E.ERR_CAP_C_HASH)]);
    expect(await fail({ override: { exp: undefined } })).toEqual(ex(E.errCapInvalidIdToken(E.errGoOidcExpired('0001-01-01 00:00:00 +0000 UTC'))));
    expect(await fail({ tokenError: 'access_denied' })).toEqual([E.errOidcExchange(E.errCapExchangeFailed(E.errOauth2Code('access_denied', '')))]);
    expect(await fail({ claims: { name: 'no email' } })).toEqual([E.errJwtClaimNotFound('email')]);
  });

  it('a JWT login on an OIDC-flow mount has no validator; hvac\'s extra nonce parameter is a warning', async () => {
    const vault = await oidcVault({}, {});
    await vault.request('update', 'auth/oidc/role/ci', { role_type: 'jwt', user_claim: 'sub', bound_subject: 'x' });
    expect(errors(await call(vault, 'update', 'auth/oidc/login', { role: 'ci', jwt: 'a.b.c' }))).toEqual([E.errJwtConfiguringValidator(E.ERR_JWT_UNSUPPORTED_CONFIG_TYPE)]);
    const a = await authorize(vault);
    const done = await call(vault, 'read', 'auth/oidc/oidc/callback', { ...a.params, nonce: 'hvac-sends-this' });
    expect(done.status).toBe(200);
    expect((done.body as { warnings: string[] }).warnings).toEqual(['Endpoint ignored these unrecognized parameters: [nonce]']);
  });

  it('callback: a wrong client secret and a bound subject mismatch', async () => {
    const vault = await oidcVault({ oidc_client_secret: 'wrong' }, {});
    const a = await authorize(vault);
    expect(errors(await call(vault, 'read', 'auth/oidc/oidc/callback', a.params))).toEqual([E.errOidcExchange(E.errCapExchangeFailed(E.errOauth2Code('invalid_client', '')))]);
    const subj = await oidcVault({}, { bound_subject: 'bob' });
    const b = await authorize(subj);
    // A plain Go error on a login path: 500 with the bare text.
    expect(await call(subj, 'read', 'auth/oidc/oidc/callback', b.params)).toEqual({ status: 500, body: { errors: [E.ERR_OIDC_BOUND_SUBJECT] } });
  });
});
