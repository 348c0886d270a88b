// JWT `role/:name` and `role` (JWT path_role.go pathRoleCreateUpdate, pathRoleRead, pathRoleList,
// pathRoleDelete) through core: the read shape, defaults, legacy aliases and Vault's errors.
import { describe, expect, it } from 'vitest';
import type { JwtBackend } from '../../../src/credential/jwt/index.js';
import * as E from '../../../src/errors/jwt.js';
import { body, errors, vaultWithJwt } from './helpers.js';

const JWT_ROLE = { role_type: 'jwt', user_claim: 'sub', bound_audiences: 'vault' };

describe('jwt roles', () => {
  it('reads back every field as Vault does (never-set lists and maps null)', async () => {
    const vault = await vaultWithJwt();
    expect((await vault.request('update', 'auth/jwt/role/Dev', { ...JWT_ROLE, token_policies: 'dev' })).status).toBe(204);
    const data = body(await vault.request('read', 'auth/jwt/role/dev')).data;
    expect(data).toEqual({
      allowed_redirect_uris: null, bound_audiences: ['vault'], bound_claims: null, bound_claims_type: 'string', bound_subject: '',
      claim_mappings: null, clock_skew_leeway: 0, expiration_leeway: 0, groups_claim: '', max_age: 0, not_before_leeway: 0,
      oidc_scopes: null, role_type: 'jwt', token_bound_cidrs: [], token_explicit_max_ttl: 0, token_max_ttl: 0,
      token_no_default_policy: false, token_num_uses: 0, token_period: 0, token_policies: ['dev'], token_ttl: 0,
      token_type: 'default', user_claim: 'sub', user_claim_json_pointer: false, verbose_oidc_logging: false,
    });
    expect(Object.keys(data)).toEqual(Object.keys(data).sort());
    expect(body(await vault.request('list', 'auth/jwt/role')).data).toEqual({ keys: ['dev'] });
  });

  it('keeps bound_claims JSON types, stores leeways only when sent, shows legacy keys when set', async () => {
    const vault = await vaultWithJwt();
    await vault.request('update', 'auth/jwt/role/r', {
      ...JWT_ROLE, bound_claims: { n: 5, l: ['a', true] }, claim_mappings: { email: 'mail' }, clock_skew_leeway: -1,
      expiration_leeway: '5m', policies: 'A,b', ttl: '1h', num_uses: 2, max_age: '10m', oidc_scopes: 'email,profile',
    });
    const data = body(await vault.request('read', 'auth/jwt/role/r')).data;
    expect(data).toMatchObject({
      bound_claims: { n: 5, l: ['a', true] }, claim_mappings: { email: 'mail' }, clock_skew_leeway: -1, expiration_leeway: 300,
      not_before_leeway: 0, policies: ['a', 'b'], token_policies: ['a', 'b'], ttl: 3600, token_ttl: 3600, num_uses: 2,
      token_num_uses: 2, max_age: 600, oidc_scopes: ['email', 'profile'],
    });
    expect(data).not.toHaveProperty('period');
  });

  it('defaults role_type to oidc on every write, which needs allowed_redirect_uris', async () => {
    const vault = await vaultWithJwt();
    await vault.request('update', 'auth/jwt/role/r', JWT_ROLE);
    const r = await vault.request('update', 'auth/jwt/role/r', { bound_subject: 'x' });
    expect([r.status, errors(r)]).toEqual([400, [E.ERR_JWT_REDIRECT_URIS_REQUIRED]]);
    expect((await vault.request('update', 'auth/jwt/role/r', { allowed_redirect_uris: 'http://localhost:8250/cb' })).status).toBe(204);
    expect(body(await vault.request('read', 'auth/jwt/role/r')).data.role_type).toBe('oidc');
  });

  it('answers Vault validation errors', async () => {
    const vault = await vaultWithJwt();
    const write = async (d: Record<string, unknown>) => {
      const r = await vault.request('update', 'auth/jwt/role/bad', d);
      expect(r.status).toBe(400);
      return errors(r)?.[0];
    };
    expect(await write({ ...JWT_ROLE, role_type: 'saml' })).toBe(E.errJwtInvalidRoleType('saml'));
    expect(await write({ role_type: 'jwt', bound_audiences: 'v' })).toBe(E.ERR_JWT_USER_CLAIM_REQUIRED);
    expect(await write({ ...JWT_ROLE, bound_claims_type: 'regex' })).toBe(E.errJwtInvalidBoundClaimsType('regex'));
    expect(await write({ ...JWT_ROLE, bound_claims_type: 'glob', bound_claims: { a: 5 } })).toBe(E.errJwtClaimNotString('5'));
    expect(await write({ ...JWT_ROLE, bound_claims_type: 'glob', bound_claims: { a: { b: 1 } } })).toBe(E.errJwtClaimNotStringOrList('map[b:1]'));
    expect(await write({ ...JWT_ROLE, bound_claims_type: 'glob', bound_claims: { a: ['x', true] } })).toBe(E.errJwtClaimNotString('true'));
    expect(await write({ ...JWT_ROLE, claim_mappings: { a: 'role' } })).toBe(E.errJwtReservedMetadata('role'));
    expect(await write({ ...JWT_ROLE, claim_mappings: { a: 'x', b: 'x' } })).toBe(E.errJwtDuplicateMapping('x'));
    expect(await write({ role_type: 'jwt', user_claim: 'sub' })).toBe(E.ERR_JWT_NO_BOUND_CONSTRAINT);
    expect(await write({ ...JWT_ROLE, token_period: '800h' })).toBe(E.errJwtPeriodTooLong('800h0m0s', '768h0m0s'));
    expect(await write({ ...JWT_ROLE, ttl: '2h', max_ttl: '1h' })).toBe(E.ERR_JWT_TTL_OVER_MAX);
    expect((await vault.request('read', 'auth/jwt/role/bad')).status).toBe(404);
  });

  it('warns on verbose_oidc_logging and a max TTL above the mount', async () => {
    const vault = await vaultWithJwt();
    const r = await vault.request('update', 'auth/jwt/role/w', { ...JWT_ROLE, verbose_oidc_logging: true, token_max_ttl: '1000h' });
    expect(r.status).toBe(200);
    expect(body(r).warnings).toEqual([E.WARN_JWT_TOKEN_MAX_TTL, E.WARN_JWT_VERBOSE_OIDC_LOGGING]);
  });

  it('deletes with 204 always, and lists 404 when empty', async () => {
    const vault = await vaultWithJwt();
    expect((await vault.request('list', 'auth/jwt/role')).status).toBe(404);
    await vault.request('update', 'auth/jwt/role/a', JWT_ROLE);
    expect((await vault.request('delete', 'auth/jwt/role/a')).status).toBe(204);
    expect((await vault.request('delete', 'auth/jwt/role/a')).status).toBe(204);
    expect((await vault.request('read', 'auth/jwt/role/a')).status).toBe(404);
  });

  it('renews with the role current TTLs while the role exists (AuthRenew)', async () => {
    const vault = await vaultWithJwt();
    await vault.request('update', 'auth/jwt/role/r', { ...JWT_ROLE, token_ttl: '1m', token_period: '2m' });
    const backend = vault.core.unsealed!.mounts.route('auth/jwt/')!.backend as JwtBackend;
    expect(await backend.renewAuth({ role: 'r' })).toEqual({ ttl: 60, maxTtl: 0, period: 120 });
    await expect(backend.renewAuth({})).rejects.toMatchObject({ plain: E.ERR_JWT_RENEW_NO_ROLE_NAME });
    await vault.request('delete', 'auth/jwt/role/r');
    await expect(backend.renewAuth({ role: 'r' })).rejects.toMatchObject({ plain: E.errJwtRenewRoleGone('r') });
  });
});
