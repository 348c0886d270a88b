// Identity tokens (V vault/identity_store_oidc.go): config, named keys, roles, token generation,
// the unauthenticated discovery document and JWK set, introspection, rotation on the vault's
// clock. Tokens are verified by a real JOSE library (jose) against the published keys.
// The OIDC provider's objects (V vault/identity_store_oidc_provider.go): the default provider and
// allow_all assignment, assignments, scopes, clients and providers with Vault's checks, a provider's
// discovery document and JWK set; the authorization code flow says it is missing.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  ERR_OIDC_CLIENT_TTL, ERR_OIDC_CLIENT_TYPE_MODIFICATION, ERR_OIDC_DELETE_DEFAULT_KEY, ERR_OIDC_ISSUER_FORMAT,
  ERR_OIDC_KEY_MODIFICATION, ERR_OIDC_KEY_REQUIRED, ERR_OIDC_NO_ENTITY, ERR_OIDC_ROLE_TTL, ERR_OIDC_ROTATION_MIN,
  ERR_OIDC_VERIFICATION_TTL, WARN_OIDC_ISSUER_SET, WARN_OIDC_NO_ISSUER, errOidcAssignmentInUse, errOidcAssignmentMissing,
  errOidcCannotFindKey, errOidcClientNotAllowed, errOidcDeleteAssignment, errOidcDeleteProvider, errOidcInvalidChildIssuer, errOidcInvalidClientType,
  errOidcKeyClientTtlConflict, errOidcKeyInUse, errOidcKeyInUseByClients, errOidcKeyTtlConflict, errOidcKeyMissing, errOidcModifyAssignment, errOidcNoNamedKey,
  errOidcParsingTemplate, errOidcRoleNotFound, errOidcScopeInUse, errOidcScopeMissing, errOidcScopeReserved, errOidcTopLevelKey,
  errOidcUnknownAlgorithm, warnOidcScopeConflict,
} from '../../src/errors/identity.js';
import type { TestVault } from '../../src/testing/index.js';
import { addUser, body, data, errors, identityVault, login, withUserpass } from './helpers.js';

const ISSUER = 'https://vault.example.com:8200';

async function userToken(vault: TestVault): Promise<{ token: string; entityId: string; accessor: string }> {
  const accessor = await withUserpass(vault);
  await vault.request('update', 'sys/policies/acl/oidc', { policy: 'path "identity/oidc/token/*" { capabilities = ["read"] }\npath "identity/oidc/introspect" { capabilities = ["update"] }' });
  await addUser(vault, 'bob', 'oidc');
  const auth = await login(vault, 'bob');
  return { token: auth.client_token, entityId: auth.entity_id, accessor };
}

/** The JSON of a raw answer (Vault sends these as bare bodies, not in the envelope). */
const json = (r: { rawBody?: Uint8Array }): any => JSON.parse(Buffer.from(r.rawBody!).toString('utf8'));
const keysOf = async (vault: TestVault) => json(await vault.handle({ operation: 'read', path: 'identity/oidc/.well-known/keys', token: '' })) as { keys: Array<Record<string, string>> };

describe('identity tokens', () => {
  it('configures the issuer with Vault’s checks and warnings', async () => {
    const vault = await identityVault();
    const empty = body(await vault.request('read', 'identity/oidc/config'));
    expect([empty.data, empty.warnings]).toEqual([{ issuer: '' }, [WARN_OIDC_NO_ISSUER]]);
    const bad = await vault.request('update', 'identity/oidc/config', { issuer: 'https://x.example/path' });
    expect([bad.status, errors(bad)]).toEqual([400, [ERR_OIDC_ISSUER_FORMAT]]);
    const set = await vault.request('update', 'identity/oidc/config', { issuer: ISSUER });
    expect([set.status, body(set).data, body(set).warnings]).toEqual([200, null, [WARN_OIDC_ISSUER_SET]]);
    expect(body(await vault.request('read', 'identity/oidc/config'))).toMatchObject({ data: { issuer: ISSUER }, warnings: null });
    expect((await vault.request('update', 'identity/oidc/config', {})).status).toBe(204);
    expect(data(await vault.request('read', 'identity/oidc/config'))).toEqual({ issuer: ISSUER });
    expect((await vault.request('update', 'identity/oidc/config', { issuer: '' })).status).toBe(204);
    const child = await vault.handle({ operation: 'read', path: 'identity/oidc/plugins/.well-known/keys', token: '' });
    expect([child.status, errors(child)]).toEqual([400, [errOidcInvalidChildIssuer('plugins')]]);
    const disc = await vault.handle({ operation: 'read', path: 'identity/oidc/.well-known/openid-configuration', token: '' });
    expect(json(disc)).toEqual({
      issuer: '/v1/identity/oidc', jwks_uri: '/v1/identity/oidc/.well-known/keys', response_types_supported: ['id_token'],
      subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'EdDSA'],
    });
  });

  it('manages named keys: default listed at start, fields read back, Vault’s errors, deletion rules', async () => {
    const vault = await identityVault();
    expect(data(await vault.request('list', 'identity/oidc/key'))).toEqual({ keys: ['default'] });
    expect(data(await vault.request('read', 'identity/oidc/key/default'))).toEqual({ algorithm: 'RS256', allowed_client_ids: ['*'], rotation_period: 86400, verification_ttl: 86400 });
    expect((await vault.request('update', 'identity/oidc/key/k1', { algorithm: 'ES256', rotation_period: '1h', verification_ttl: '2h', allowed_client_ids: 'a,b' })).status).toBe(204);
    expect(data(await vault.request('read', 'identity/oidc/key/k1'))).toEqual({ algorithm: 'ES256', allowed_client_ids: ['a', 'b'], rotation_period: 3600, verification_ttl: 7200 });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ rotation_period: '30s' }, ERR_OIDC_ROTATION_MIN],
      [{ rotation_period: '1m', verification_ttl: '11m' }, ERR_OIDC_VERIFICATION_TTL],
      [{ algorithm: 'HS256' }, errOidcUnknownAlgorithm('HS256')],
    ];
    for (const [d, msg] of cases) {
      const r = await vault.request('update', 'identity/oidc/key/k2', d);
      expect([JSON.stringify(d), r.status, errors(r)]).toEqual([JSON.stringify(d), 400, [msg]]);
    }
    expect((await vault.request('read', 'identity/oidc/key/k2')).status).toBe(404);
    let r = await vault.request('delete', 'identity/oidc/key/default');
    expect([r.status, errors(r)]).toEqual([400, [ERR_OIDC_DELETE_DEFAULT_KEY]]);
    expect((await vault.request('update', 'identity/oidc/role/r1', { key: 'k1', ttl: '1h' })).status).toBe(204);
    r = await vault.request('delete', 'identity/oidc/key/k1');
    expect([r.status, errors(r)]).toEqual([400, [errOidcKeyInUse('k1', ['r1'])]]);
    r = await vault.request('update', 'identity/oidc/key/nope/rotate', {});
    expect([r.status, errors(r)]).toEqual([400, [errOidcNoNamedKey('nope')]]);
    r = await vault.request('update', 'identity/oidc/key/k1', { verification_ttl: '30m' });
    expect([r.status, errors(r)]).toEqual([400, [errOidcKeyTtlConflict('k1', 1800)]]);
    await vault.request('delete', 'identity/oidc/role/r1');
    expect((await vault.request('delete', 'identity/oidc/key/k1')).status).toBe(204);
  });

  it('manages roles with Vault’s checks', async () => {
    const vault = await identityVault();
    await vault.request('update', 'identity/oidc/key/k', { algorithm: 'ES256', rotation_period: '1h', verification_ttl: '1h' });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, ERR_OIDC_KEY_REQUIRED],
      [{ key: 'missing' }, errOidcCannotFindKey('missing')],
      [{ key: 'k', ttl: '2h' }, ERR_OIDC_ROLE_TTL],
      [{ key: 'k', template: '{"sub": "x"}' }, errOidcTopLevelKey('sub')],
      [{ key: 'k', template: '{"g": {{identity.groups.names.eng.id}}}' }, errOidcParsingTemplate('string contains groups template directives but no groups were provided')],
    ];
    for (const [d, msg] of cases) {
      const r = await vault.request('update', 'identity/oidc/role/r', d);
      expect([r.status, errors(r)]).toEqual([400, [msg]]);
    }
    const tpl = '{"name": {{identity.entity.name}}}';
    expect((await vault.request('update', 'identity/oidc/role/r', { key: 'k', ttl: '30m', template: Buffer.from(tpl).toString('base64') })).status).toBe(204);
    const role = data(await vault.request('read', 'identity/oidc/role/r'));
    expect(role).toMatchObject({ key: 'k', template: tpl, ttl: 1800 });
    expect(role.client_id).toMatch(/^[A-Za-z0-9]{26}$/);
    expect(data(await vault.request('list', 'identity/oidc/role'))).toEqual({ keys: ['r'] });
  });

  it('issues a token that jose verifies against .well-known/keys, and introspects it', async () => {
    const vault = await identityVault();
    const { token, entityId, accessor } = await userToken(vault);
    await vault.request('update', 'identity/oidc/config', { issuer: ISSUER });
    await vault.request('update', 'identity/oidc/key/k', { algorithm: 'RS256', allowed_client_ids: '*' });
    await vault.request('update', 'identity/oidc/role/r', {
      key: 'k', ttl: '1h', template: `{"username": {{identity.entity.aliases.${accessor}.name}}, "nbf": {{time.now}}, "meta": {{identity.entity.metadata}}}`,
    });
    const gen = await vault.request('read', 'identity/oidc/token/r', undefined, token);
    expect(gen.status).toBe(200);
    const { client_id, token: jwt, ttl } = data(gen) as { client_id: string; token: string; ttl: number };
    expect(ttl).toBe(3600);
    const jwks = await keysOf(vault);
    expect(jwks.keys).toHaveLength(2); // current and next, both published
    expect(Object.keys(jwks.keys[0]!)).toEqual(['use', 'kty', 'kid', 'alg', 'n', 'e']);
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks as never), { issuer: `${ISSUER}/v1/identity/oidc`, audience: client_id, currentDate: new Date(vault.clock.now()) });
    expect(Object.keys(decodeProtectedHeader(jwt))).toEqual(['alg', 'kid']);
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toEqual({
      aud: client_id, exp: Math.floor(vault.clock.now() / 1000) + 3600, iat: Math.floor(vault.clock.now() / 1000), iss: `${ISSUER}/v1/identity/oidc`,
      meta: {}, namespace: 'root', nbf: Math.floor(vault.clock.now() / 1000), sub: entityId, username: 'bob',
    });
    const intro = (t: string, extra: Record<string, unknown> = {}) => vault.request('update', 'identity/oidc/introspect', { token: t, ...extra }, token);
    expect(json(await intro(jwt))).toEqual({ active: true });
    expect(json(await intro(jwt, { client_id: 'other' }))).toEqual({ active: false, error: 'error validating claims: go-jose/go-jose/jwt: validation failed, invalid audience claim (aud)' });
    expect(json(await intro('abc'))).toEqual({ active: false, error: 'error parsing token: go-jose/go-jose: compact JWS format must have three parts' });
    const [h, p] = jwt.split('.');
    expect(json(await intro(`${h}.${p}.AAAA`))).toEqual({ active: false, error: 'unable to validate the token signature' });
    vault.clock.advance('2h');
    expect(json(await intro(jwt))).toEqual({ active: false, error: 'error validating claims: go-jose/go-jose/jwt: validation failed, token is expired (exp)' });
  });

  it('signs with every algorithm in a form jose accepts', async () => {
    const vault = await identityVault();
    const { token } = await userToken(vault);
    // RS384 shares RS512's code path but one more RSA pair costs a second on a slow machine.
    for (const alg of ['RS512', 'ES256', 'ES384', 'ES512', 'EdDSA']) {
      await vault.request('update', `identity/oidc/key/${alg}`, { algorithm: alg, allowed_client_ids: '*' });
      await vault.request('update', `identity/oidc/role/${alg}`, { key: alg });
      const jwt = (data(await vault.request('read', `identity/oidc/token/${alg}`, undefined, token)) as { token: string }).token;
      const { protectedHeader } = await jwtVerify(jwt, createLocalJWKSet((await keysOf(vault)) as never), { currentDate: new Date(vault.clock.now()) });
      expect(protectedHeader.alg).toBe(alg);
    }
  });

  it('refuses token generation with Vault’s messages', async () => {
    const vault = await identityVault();
    const { token } = await userToken(vault);
    await vault.request('update', 'identity/oidc/key/closed', { algorithm: 'EdDSA' });
    await vault.request('update', 'identity/oidc/role/closed', { key: 'closed' });
    await vault.request('update', 'identity/oidc/key/open', { algorithm: 'EdDSA', allowed_client_ids: '*' });
    await vault.request('update', 'identity/oidc/role/open', { key: 'open' });
    let r = await vault.request('read', 'identity/oidc/token/none', undefined, token);
    expect([r.status, errors(r)]).toEqual([400, [errOidcRoleNotFound('none')]]);
    r = await vault.request('read', 'identity/oidc/token/closed', undefined, token);
    expect([r.status, errors(r)]).toEqual([400, [errOidcClientNotAllowed('closed', 'closed')]]);
    r = await vault.request('read', 'identity/oidc/token/open');
    expect([r.status, errors(r)]).toEqual([400, [ERR_OIDC_NO_ENTITY]]);
    expect((await vault.request('read', 'identity/oidc/token/open', undefined, token)).status).toBe(200);
  });

  it('rotates keys on the vault clock: the old key stays published for verification_ttl, then goes', async () => {
    const vault = await identityVault();
    const { token } = await userToken(vault);
    await vault.request('update', 'identity/oidc/key/k', { algorithm: 'ES256', rotation_period: '1h', verification_ttl: '1h', allowed_client_ids: '*' });
    await vault.request('update', 'identity/oidc/role/r', { key: 'k', ttl: '30m' });
    const kidOf = async () => decodeProtectedHeader((data(await vault.request('read', 'identity/oidc/token/r', undefined, token)) as { token: string }).token).kid;
    const first = await kidOf();
    const before = (await keysOf(vault)).keys.map((k) => k.kid);
    expect(before).toContain(first);
    vault.clock.advance('61m');
    const second = await kidOf();
    expect(second).not.toBe(first);
    expect(before).toContain(second); // the pre-published next key became current
    const during = (await keysOf(vault)).keys.map((k) => k.kid);
    expect(during).toHaveLength(3);
    expect(during).toContain(first);
    vault.clock.advance('59m');
    await vault.request('update', 'identity/oidc/key/k/rotate', { verification_ttl: '1m' });
    vault.clock.advance('2m');
    const after = (await keysOf(vault)).keys.map((k) => k.kid);
    expect(after).not.toContain(first);
    expect(after).not.toContain(second);
  });
});
describe('OIDC provider objects', () => {
  it('starts with the default provider and the allow_all assignment', async () => {
    const vault = await identityVault();
    expect(data(await vault.request('list', 'identity/oidc/assignment'))).toEqual({ keys: ['allow_all'] });
    expect(data(await vault.request('read', 'identity/oidc/assignment/allow_all'))).toEqual({ entity_ids: ['*'], group_ids: ['*'] });
    expect(data(await vault.request('list', 'identity/oidc/provider'))).toEqual({
      key_info: { default: { allowed_client_ids: ['*'], issuer: '/v1/identity/oidc/provider/default', scopes_supported: [] } }, keys: ['default'],
    });
    expect((await vault.request('list', 'identity/oidc/client')).status).toBe(404);
    expect((await vault.request('list', 'identity/oidc/scope')).status).toBe(404);
    for (const [op, msg] of [['update', errOidcModifyAssignment('allow_all')], ['delete', errOidcDeleteAssignment('allow_all')]] as const) {
      const r = await vault.request(op, 'identity/oidc/assignment/allow_all', {});
      expect([r.status, errors(r)]).toEqual([400, [msg]]);
    }
    const r = await vault.request('delete', 'identity/oidc/provider/default');
    expect([r.status, errors(r)]).toEqual([400, [errOidcDeleteProvider('default')]]);
  });

  it('writes assignments and scopes with Vault’s normalisation and checks', async () => {
    const vault = await identityVault();
    expect((await vault.request('update', 'identity/oidc/assignment/a', { entity_ids: 'B,a,b', group_ids: [] })).status).toBe(204);
    expect(data(await vault.request('read', 'identity/oidc/assignment/a'))).toEqual({ entity_ids: ['a', 'b'], group_ids: [] });
    let r = await vault.request('update', 'identity/oidc/scope/openid', {});
    expect([r.status, errors(r)]).toEqual([400, [errOidcScopeReserved('openid')]]);
    r = await vault.request('update', 'identity/oidc/scope/bad', { template: '{"iss": "x"}' });
    expect([r.status, errors(r)]).toEqual([400, [errOidcTopLevelKey('iss')]]);
    const tpl = '{"groups": {{identity.entity.groups.names}}}';
    expect((await vault.request('update', 'identity/oidc/scope/groups', { template: Buffer.from(tpl).toString('base64'), description: 'd' })).status).toBe(204);
    expect(data(await vault.request('read', 'identity/oidc/scope/groups'))).toEqual({ description: 'd', template: tpl });
    expect(data(await vault.request('list', 'identity/oidc/scope'))).toEqual({ keys: ['groups'] });
  });

  it('creates clients with generated credentials and refuses bad input', async () => {
    const vault = await identityVault();
    await vault.request('update', 'identity/oidc/key/k', { algorithm: 'EdDSA', allowed_client_ids: '*', verification_ttl: '1h', rotation_period: '1h' });
    await vault.request('update', 'identity/oidc/assignment/a', {});
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ assignments: 'nope', key: 'k' }, errOidcAssignmentMissing('nope')],
      [{ key: 'missing' }, errOidcKeyMissing('missing')],
      [{ key: 'k' }, ERR_OIDC_CLIENT_TTL],
      [{ key: 'k', id_token_ttl: '30m', client_type: 'weird' }, errOidcInvalidClientType('weird')],
    ];
    for (const [d, msg] of cases) {
      const res = await vault.request('update', 'identity/oidc/client/app', d);
      expect([res.status, errors(res)]).toEqual([400, [msg]]);
    }
    expect((await vault.request('update', 'identity/oidc/client/app', { key: 'k', id_token_ttl: '30m', assignments: 'a', redirect_uris: 'https://b,https://a' })).status).toBe(204);
    const app = data(await vault.request('read', 'identity/oidc/client/app'));
    expect(Object.keys(app)).toEqual(['access_token_ttl', 'assignments', 'client_id', 'client_secret', 'client_type', 'id_token_ttl', 'key', 'redirect_uris']);
    expect(app).toMatchObject({ access_token_ttl: 86400, assignments: ['a'], client_type: 'confidential', id_token_ttl: 1800, key: 'k', redirect_uris: ['https://a', 'https://b'] });
    expect(app.client_id).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(app.client_secret).toMatch(/^hvo_secret_[A-Za-z0-9]{64}$/);
    let r = await vault.request('update', 'identity/oidc/client/app', { key: 'default' });
    expect([r.status, errors(r)]).toEqual([400, [ERR_OIDC_KEY_MODIFICATION]]);
    r = await vault.request('update', 'identity/oidc/client/app', { client_type: 'public' });
    expect([r.status, errors(r)]).toEqual([400, [ERR_OIDC_CLIENT_TYPE_MODIFICATION]]);
    expect((await vault.request('update', 'identity/oidc/client/spa', { key: 'k', id_token_ttl: '1h', client_type: 'public' })).status).toBe(204);
    expect(data(await vault.request('read', 'identity/oidc/client/spa'))).not.toHaveProperty('client_secret');
    const list = data(await vault.request('list', 'identity/oidc/client'));
    expect(list.keys).toEqual(['app', 'spa']);
    expect((list.key_info as Record<string, Record<string, unknown>>).app).not.toHaveProperty('client_secret');
    r = await vault.request('delete', 'identity/oidc/assignment/a');
    expect([r.status, errors(r)]).toEqual([400, [errOidcAssignmentInUse('a', ['app'])]]);
    r = await vault.request('delete', 'identity/oidc/key/k');
    expect([r.status, errors(r)]).toEqual([400, [errOidcKeyInUseByClients('k', ['app', 'spa'])]]);
    r = await vault.request('update', 'identity/oidc/key/k', { verification_ttl: '45m' });
    expect([r.status, errors(r)]).toEqual([400, [errOidcKeyClientTtlConflict('k', 2700)]]);
  });

  it('writes providers, serves their discovery document and keys, and answers the flow’s paths', async () => {
    const vault = await identityVault();
    await vault.request('update', 'identity/oidc/key/k', { algorithm: 'ES256', allowed_client_ids: '*', verification_ttl: '1h', rotation_period: '1h' });
    await vault.request('update', 'identity/oidc/client/app', { key: 'k', id_token_ttl: '1h' });
    const clientId = data(await vault.request('read', 'identity/oidc/client/app')).client_id as string;
    await vault.request('update', 'identity/oidc/scope/s1', { template: '{"a": 1}' });
    await vault.request('update', 'identity/oidc/scope/s2', { template: '{"a": 2}' });
    let r = await vault.request('update', 'identity/oidc/provider/p', { scopes_supported: 'nope' });
    expect([r.status, errors(r)]).toEqual([400, [errOidcScopeMissing('nope')]]);
    r = await vault.request('update', 'identity/oidc/provider/p', { issuer: 'https://x.example/' });
    expect([r.status, errors(r)]).toEqual([400, [ERR_OIDC_ISSUER_FORMAT]]);
    r = await vault.request('update', 'identity/oidc/provider/p', { issuer: 'https://x.example:8200', scopes_supported: 's1,s2', allowed_client_ids: clientId });
    expect([r.status, body(r).data, body(r).warnings]).toEqual([200, null, [WARN_OIDC_ISSUER_SET, warnOidcScopeConflict('a', 's2', 's1')]]);
    expect(data(await vault.request('read', 'identity/oidc/provider/p'))).toEqual({
      allowed_client_ids: [clientId], issuer: 'https://x.example:8200/v1/identity/oidc/provider/p', scopes_supported: ['s1', 's2'],
    });
    expect(data(await vault.handle({ operation: 'list', path: 'identity/oidc/provider', data: { allowed_client_id: 'other' }, token: vault.rootToken })).keys).toEqual(['default']);
    r = await vault.request('delete', 'identity/oidc/scope/s1');
    expect([r.status, errors(r)]).toEqual([400, [errOidcScopeInUse('s1', ['p'])]]);
    const disc = await vault.handle({ operation: 'read', path: 'identity/oidc/provider/p/.well-known/openid-configuration', token: '' });
    const issuer = 'https://x.example:8200/v1/identity/oidc/provider/p';
    expect(json(disc)).toEqual({
      issuer, jwks_uri: `${issuer}/.well-known/keys`, authorization_endpoint: 'https://x.example:8200/ui/vault/identity/oidc/provider/p/authorize',
      token_endpoint: `${issuer}/token`, userinfo_endpoint: `${issuer}/userinfo`, request_parameter_supported: false, request_uri_parameter_supported: false,
      id_token_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'EdDSA'], response_types_supported: ['code'],
      scopes_supported: ['s1', 's2', 'openid'], claims_supported: [], subject_types_supported: ['public'], grant_types_supported: ['authorization_code'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    });
    const keys = json(await vault.handle({ operation: 'read', path: 'identity/oidc/provider/p/.well-known/keys', token: '' })) as { keys: Array<{ alg: string }> };
    expect(keys.keys.map((k) => k.alg)).toEqual(['ES256', 'ES256']);
    expect((await vault.handle({ operation: 'read', path: 'identity/oidc/provider/none/.well-known/keys', token: '' })).status).toBe(404);
    // the flow itself: test/identity/oidc-flow.test.ts; the root token has no entity
    const flow = await vault.request('read', 'identity/oidc/provider/p/authorize');
    expect([flow.status, flow.headers?.['x-minivault-unsupported']]).toEqual([400, undefined]);
    expect((await vault.request('delete', 'identity/oidc/provider/p')).status).toBe(204);
  });
});
