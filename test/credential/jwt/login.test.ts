// JWT `login` (JWT path_login.go pathLogin, createIdentity; CAP jwt/jwt.go validateAll) through
// core: tokens signed here with RS256, ES256 and EdDSA keys, the token's policy reading a secret,
// and each refusal with Vault's text (the JWT never appears in one).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as E from '../../../src/errors/jwt.js';
import {
  authOf, body, configuredVault, EC, ED, goodClaims, login, nowS, OTHER_RSA, RSA, signJwt, vaultWithJwt,
} from './helpers.js';

const refused = (r: { status: number; body?: unknown }) => [r.status, (r.body as { errors?: string[] }).errors];

describe('jwt login', () => {
  it('logs in with RS256, ES256 and EdDSA tokens and the token reads a secret under the role policy', async () => {
    const vault = await configuredVault({ claim_mappings: { email: 'mail' } });
    await vault.request('update', 'sys/policies/acl/dev', { policy: 'path "secret/data/app" { capabilities = ["read"] }' });
    await vault.request('update', 'secret/data/app', { data: { k: 'v' } });
    for (const key of [RSA, EC, ED]) {
      const res = await login(vault, { role: 'DEV', jwt: signJwt(key, goodClaims(vault, { email: 'a@x' })) });
      expect(res.status).toBe(200);
      const auth = authOf(res);
      expect(auth).toMatchObject({ policies: ['default', 'dev'], metadata: { mail: 'a@x', role: 'dev' }, renewable: true });
      const self = body(await vault.request('read', 'auth/token/lookup-self', undefined, auth.client_token)).data;
      expect(self).toMatchObject({ display_name: 'jwt-alice', path: 'auth/jwt/login' });
      const secret = await vault.request('read', 'secret/data/app', undefined, auth.client_token);
      expect(body(secret).data.data).toEqual({ k: 'v' });
    }
  });

  it('falls back to default_role and checks config, role and token presence in order', async () => {
    const vault = await configuredVault();
    const jwt = signJwt(RSA, goodClaims(vault));
    expect(refused(await login(vault, { jwt }))).toEqual([400, [E.ERR_JWT_MISSING_ROLE]]);
    expect(refused(await login(vault, { role: 'nope', jwt }))).toEqual([400, [E.errJwtRoleNotFound('nope')]]);
    expect(refused(await login(vault, { role: 'dev' }))).toEqual([400, [E.ERR_JWT_MISSING_TOKEN]]);
    await vault.request('update', 'auth/jwt/role/web', { user_claim: 'sub', allowed_redirect_uris: 'http://localhost/cb' });
    expect(refused(await login(vault, { role: 'web', jwt }))).toEqual([400, [E.ERR_JWT_OIDC_ROLE]]);
    await vault.request('update', 'auth/jwt/config', { jwt_validation_pubkeys: [RSA.pem], bound_issuer: 'https://issuer.example', default_role: 'dev' });
    expect((await login(vault, { jwt })).status).toBe(200);
    const bare = await vaultWithJwt();
    expect(refused(await login(bare, { role: 'dev', jwt }))).toEqual([400, [E.ERR_JWT_NO_CONFIG]]);
  });

  it('refuses a wrong signature, an unexpected algorithm and a malformed token without echoing it', async () => {
    const vault = await configuredVault();
    const bad = signJwt(OTHER_RSA, goodClaims(vault));
    const r = await login(vault, { role: 'dev', jwt: bad });
    expect(refused(r)).toEqual([400, [E.errJwtValidatingToken(E.errJwtVerifySignature(E.ERR_CAP_NO_KEY_VALIDATED))]]);
    expect(JSON.stringify(r.body)).not.toContain(bad.split('.')[2]!);
    await vault.request('update', 'auth/jwt/config', { jwt_validation_pubkeys: [RSA.pem, EC.pem], jwt_supported_algs: 'ES256' });
    expect(refused(await login(vault, { role: 'dev', jwt: signJwt(RSA, goodClaims(vault)) })))
      .toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_INVALID_ALG)]]);
    const m = await login(vault, { role: 'dev', jwt: 'not-a-jwt' });
    expect(refused(m)).toEqual([400, [E.errJwtValidatingToken(E.errJwtVerifySignature(E.ERR_JOSE_COMPACT_PARTS))]]);
    expect(JSON.stringify(m.body)).not.toContain('not-a-jwt');
  });

  it('checks iss, sub, aud and the no-bound-audience rule', async () => {
    const vault = await configuredVault({ bound_subject: 'alice' });
    const go = (claims: Record<string, unknown>, role = 'dev') => login(vault, { role, jwt: signJwt(EC, claims) });
    expect(refused(await go(goodClaims(vault, { iss: 'https://evil' })))).toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_INVALID_ISSUER)]]);
    expect(refused(await go(goodClaims(vault, { sub: 'bob' })))).toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_INVALID_SUBJECT)]]);
    expect(refused(await go(goodClaims(vault, { aud: ['other'] })))).toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_INVALID_AUDIENCE)]]);
    expect((await go(goodClaims(vault, { aud: ['other', 'vault'] }))).status).toBe(200);
    await vault.request('update', 'auth/jwt/role/noaud', { role_type: 'jwt', user_claim: 'sub', bound_subject: 'alice' });
    expect(refused(await go(goodClaims(vault), 'noaud'))).toEqual([400, [E.ERR_JWT_AUD_WITHOUT_BOUND]]);
    expect(refused(await go(goodClaims(vault, { aud: ['x'] }), 'noaud'))).toEqual([400, [E.ERR_JWT_AUD_WITHOUT_BOUND]]);
    const { aud: _aud, ...noAud } = goodClaims(vault);
    expect((await go(noAud, 'noaud')).status).toBe(200);
  });

  it('applies exp/nbf/iat with the default and role leeways', async () => {
    const vault = await configuredVault();
    const go = (extra: Record<string, unknown>, role = 'dev') => login(vault, { role, jwt: signJwt(RSA, { iss: 'https://issuer.example', sub: 'alice', aud: 'vault', ...extra }) });
    const now = nowS(vault);
    expect(refused(await go({}))).toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_NO_TIME_CLAIMS)]]);
    expect(refused(await go({ iat: 0, exp: 0 }))).toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_NO_TIME_CLAIMS)]]);
    expect(refused(await go({ exp: 'soon' }))).toEqual([400, [E.errJwtValidatingToken(E.ERR_JOSE_NUMERIC_DATE)]]);
    expect(refused(await go({ exp: now - 61 }))).toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_EXPIRED)]]);
    expect((await go({ exp: now - 59 })).status).toBe(200); // 60 s clock skew
    expect(refused(await go({ nbf: now + 61, exp: now + 600 }))).toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_NOT_YET_VALID)]]);
    expect(refused(await go({ iat: now + 61, nbf: now, exp: now + 600 }))).toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_ISSUED_IN_FUTURE)]]);
    // Without exp: iat + 150 s expiration leeway (+ 60 s skew).
    expect((await go({ iat: now - 200 })).status).toBe(200);
    expect(refused(await go({ iat: now - 211 }))).toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_EXPIRED)]]);
    await vault.request('update', 'auth/jwt/role/strict', { role_type: 'jwt', user_claim: 'sub', bound_audiences: 'vault', clock_skew_leeway: -1 });
    expect(refused(await go({ exp: now - 1 }, 'strict'))).toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_EXPIRED)]]);
    vault.clock.advance('10m');
    expect(refused(await go({ iat: now, exp: now + 300 }))).toEqual([400, [E.errJwtValidatingToken(E.ERR_CAP_EXPIRED)]]);
  });

  it('checks the user claim, groups claim and bound claims (string and glob, lists, numbers)', async () => {
    const vault = await configuredVault({
      bound_claims: { dept: ['eng', 'ops'], '/org/level': 3, admin: true }, groups_claim: 'groups',
    });
    const go = (extra: Record<string, unknown>, role = 'dev') => login(vault, { role, jwt: signJwt(ED, goodClaims(vault, extra)) });
    const base = { dept: 'ops', org: { level: 3.7 }, admin: true, groups: ['g1', ''] };
    expect((await go(base)).status).toBe(200);
    // A non-string sub fails go-jose's registered-claims decoding before the user claim is read.
    expect(refused(await go({ ...base, sub: 42 }))).toEqual([400, [E.errJwtValidatingToken(E.errJsonClaimType('number', 'sub'))]]);
    // Numbers inside a claim list stay float64 in the plugin and equal no bound value.
    expect(refused(await go({ ...base, org: { level: [3] } }))).toEqual([400, [E.errJwtValidatingClaims(E.errJwtBoundClaimNoMatch('/org/level'))]]);
    expect(refused(await go({ ...base, groups: undefined }))).toEqual([400, [E.errJwtGroupsClaimMissing('groups')]]);
    expect(refused(await go({ ...base, groups: { a: 1 } }))).toEqual([400, [E.errJwtGroupsNotList('groups')]]);
    expect(refused(await go({ ...base, groups: ['a', 7] }))).toEqual([400, [E.errJwtGroupValueNotString('7')]]);
    expect(refused(await go({ ...base, dept: 'hr' }))).toEqual([400, [E.errJwtValidatingClaims(E.errJwtBoundClaimNoMatch('dept'))]]);
    expect(refused(await go({ ...base, dept: undefined }))).toEqual([400, [E.errJwtValidatingClaims(E.errJwtBoundClaimMissing('dept'))]]);
    expect(refused(await go({ ...base, org: { level: 4 } }))).toEqual([400, [E.errJwtValidatingClaims(E.errJwtBoundClaimNoMatch('/org/level'))]]);
    expect(refused(await go({ ...base, admin: 'true' }))).toEqual([400, [E.errJwtValidatingClaims(E.errJwtBoundClaimNoMatch('admin'))]]);
    await vault.request('update', 'auth/jwt/role/glob', {
      role_type: 'jwt', user_claim: '/user/name', user_claim_json_pointer: true, bound_audiences: 'vault',
      bound_claims_type: 'glob', bound_claims: { email: ['*@example.com', 'root@*'] },
    });
    expect(authOf(await go({ user: { name: 'bo' }, email: 'bo@example.com' }, 'glob')).metadata).toEqual({ role: 'glob' });
    expect((await go({ user: { name: 'bo' }, email: ['x@y', 'root@host'] }, 'glob')).status).toBe(200);
    expect(refused(await go({ user: { name: 'bo' }, email: 'bo@example.org' }, 'glob')))
      .toEqual([400, [E.errJwtValidatingClaims(E.errJwtBoundClaimNoMatch('email'))]]);
    expect(refused(await go({ email: 'bo@example.com' }, 'glob'))).toEqual([400, [E.errJwtClaimNotFound('/user/name')]]);
    expect(refused(await go({ user: { name: 42 }, email: 'bo@example.com' }, 'glob'))).toEqual([400, [E.errJwtClaimNotConvertible('/user/name')]]);
  });

  it('refuses a source address outside token_bound_cidrs with 403', async () => {
    const vault = await configuredVault({ token_bound_cidrs: '10.0.0.0/8' });
    const jwt = signJwt(RSA, goodClaims(vault));
    expect(refused(await login(vault, { role: 'dev', jwt }, '192.168.1.1'))).toEqual([403, ['permission denied']]);
    expect((await login(vault, { role: 'dev', jwt }, '10.1.2.3')).status).toBe(200);
  });

  it('carries any string claim values through claim_mappings into metadata; non-strings are refused', async () => {
    const vault = await configuredVault({ claim_mappings: { a: 'meta_a', '/n/b': 'meta_b' } });
    await fc.assert(fc.asyncProperty(fc.string(), fc.string(), async (a, b) => {
      const res = await login(vault, { role: 'dev', jwt: signJwt(RSA, goodClaims(vault, { a, n: { b } })) });
      expect(authOf(res).metadata).toEqual({ meta_a: a, meta_b: b, role: 'dev' });
    }), { numRuns: 25 });
    await fc.assert(fc.asyncProperty(fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { minLength: 1 })), async (v) => {
      const res = await login(vault, { role: 'dev', jwt: signJwt(RSA, goodClaims(vault, { a: v })) });
      expect(refused(res)).toEqual([400, [E.errJwtClaimMappingNotString('a')]]);
    }), { numRuns: 15 });
  });
});
