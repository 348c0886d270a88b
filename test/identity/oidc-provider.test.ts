// The OIDC provider's objects (V vault/identity_store_oidc_provider.go): the default provider and
// allow_all assignment, assignments, scopes, clients and providers with Vault's checks, a
// provider's discovery document and JWK set; the authorization code flow says it is missing.
import { describe, expect, it } from 'vitest';
import {
  ERR_OIDC_CLIENT_TTL, ERR_OIDC_CLIENT_TYPE_MODIFICATION, ERR_OIDC_ISSUER_FORMAT, ERR_OIDC_KEY_MODIFICATION, WARN_OIDC_ISSUER_SET,
  errOidcAssignmentInUse, errOidcAssignmentMissing, errOidcDeleteAssignment, errOidcDeleteProvider, errOidcInvalidClientType,
  errOidcKeyInUseByClients, errOidcKeyMissing, errOidcModifyAssignment, errOidcScopeInUse, errOidcScopeMissing, errOidcScopeReserved,
  errOidcTopLevelKey, warnOidcScopeConflict,
} from '../../src/errors/identity.js';
import { body, data, errors, identityVault } from './helpers.js';

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
  });

  it('writes providers, serves their discovery document and keys, and says the flow is missing', async () => {
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
    expect(disc.body).toEqual({
      issuer, jwks_uri: `${issuer}/.well-known/keys`, authorization_endpoint: 'https://x.example:8200/ui/vault/identity/oidc/provider/p/authorize',
      token_endpoint: `${issuer}/token`, userinfo_endpoint: `${issuer}/userinfo`, request_parameter_supported: false, request_uri_parameter_supported: false,
      id_token_signing_alg_values_supported: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'EdDSA'], response_types_supported: ['code'],
      scopes_supported: ['s1', 's2', 'openid'], claims_supported: [], subject_types_supported: ['public'], grant_types_supported: ['authorization_code'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    });
    const keys = (await vault.handle({ operation: 'read', path: 'identity/oidc/provider/p/.well-known/keys', token: '' })).body as { keys: Array<{ alg: string }> };
    expect(keys.keys.map((k) => k.alg)).toEqual(['ES256', 'ES256']);
    expect((await vault.handle({ operation: 'read', path: 'identity/oidc/provider/none/.well-known/keys', token: '' })).status).toBe(404);
    const flow = await vault.request('read', 'identity/oidc/provider/p/authorize');
    expect([flow.status, flow.headers?.['x-minivault-unsupported']]).toEqual([400, 'true']);
    expect((await vault.request('delete', 'identity/oidc/provider/p')).status).toBe(204);
  });
});
