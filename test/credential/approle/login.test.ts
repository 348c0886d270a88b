// AppRole login (V builtin/credential/approle/path_login.go pathLoginUpdate, 1.18 line) through the
// whole server: the auth block and token core builds from it, bind_secret_id=false roles, use
// counts, CIDR bindings against the caller's address, secret-ID expiry on the vault clock, tidy,
// and a property: a secret ID with num_uses n logs in exactly n times.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authOf, body, errors, login, roleWithSecret, storageKeys, vaultWithApprole } from './helpers.js';

describe('approle login', () => {
  it('issues a token with the role’s policies, role_name metadata and the approle display name', async () => {
    const vault = await vaultWithApprole();
    const { roleId, secretId } = await roleWithSecret(vault, 'Web', { token_policies: 'dev', token_ttl: '1h' }, { metadata: '{"env":"prod"}' });
    const res = await login(vault, { role_id: ` ${roleId} `, secret_id: `${secretId} ` });
    expect(res.status).toBe(200);
    const auth = authOf(res);
    expect(auth).toMatchObject({
      policies: ['default', 'dev'], token_policies: ['default', 'dev'], metadata: { env: 'prod', role_name: 'web' },
      lease_duration: 3600, renewable: true, token_type: 'service', orphan: true, num_uses: 0,
    });
    expect(Object.keys(auth.metadata as object)).toEqual(['env', 'role_name']);
    const self = body(await vault.request('read', 'auth/token/lookup-self', undefined, auth.client_token)).data;
    expect(self).toMatchObject({ display_name: 'approle', path: 'auth/approle/login', meta: { env: 'prod', role_name: 'web' } });
  });

  it('answers Vault’s failures', async () => {
    const vault = await vaultWithApprole();
    const { roleId, secretId } = await roleWithSecret(vault, 'r');
    const fail = async (data: Record<string, unknown>) => {
      const r = await login(vault, data);
      return [r.status, errors(r)];
    };
    expect(await fail({})).toEqual([500, ['failed to determine alias name from login request']]);
    expect(await fail({ role_id: 'nope', secret_id: secretId })).toEqual([400, ['invalid role or secret ID']]);
    expect(await fail({ role_id: roleId })).toEqual([400, ['missing secret_id']]);
    expect(await fail({ role_id: roleId, secret_id: 'wrong' })).toEqual([400, ['invalid role or secret ID']]);
    expect((await vault.handle({ operation: 'read', path: 'auth/approle/login', token: '' })).status).toBe(405);
    // A destroyed secret ID, and one of a deleted role, no longer log in.
    await vault.request('update', 'auth/approle/role/r/secret-id/destroy', { secret_id: secretId });
    expect(await fail({ role_id: roleId, secret_id: secretId })).toEqual([400, ['invalid role or secret ID']]);
    const other = await roleWithSecret(vault, 'gone');
    await vault.request('delete', 'auth/approle/role/gone');
    expect(await fail({ role_id: other.roleId, secret_id: other.secretId })).toEqual([400, ['invalid role or secret ID']]);
  });

  it('logs in with role_id alone when bind_secret_id is false, inside the role’s CIDRs', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/open', { bind_secret_id: false, secret_id_bound_cidrs: '10.0.0.0/8', role_id: 'open-id' });
    const ok = await login(vault, { role_id: 'open-id' }, '10.1.2.3');
    expect(authOf(ok).metadata).toEqual({ role_name: 'open' });
    const r = await login(vault, { role_id: 'open-id' }, '192.168.1.1');
    expect([r.status, errors(r)]).toEqual([400, ['source address "192.168.1.1" unauthorized by CIDR restrictions on the role: %!w(<nil>)']]);
  });

  it('checks the secret ID’s cidr_list, using up a limited use even when refused', async () => {
    const vault = await vaultWithApprole();
    const unlimited = await roleWithSecret(vault, 'u', {}, { cidr_list: '10.0.0.0/8' });
    let r = await login(vault, { role_id: unlimited.roleId, secret_id: unlimited.secretId }, '192.168.0.1');
    expect([r.status, errors(r)]).toEqual([400, ['source address "192.168.0.1" unauthorized through CIDR restrictions on the secret ID']]);
    expect((await login(vault, { role_id: unlimited.roleId, secret_id: unlimited.secretId }, '10.9.9.9')).status).toBe(200);

    const limited = await roleWithSecret(vault, 'l', {}, { cidr_list: '10.0.0.0/8', num_uses: 2 });
    r = await login(vault, { role_id: limited.roleId, secret_id: limited.secretId }, '192.168.0.1');
    expect(errors(r)).toEqual(['source address "192.168.0.1" unauthorized by CIDR restrictions on the secret ID: %!w(<nil>)']);
    expect((await login(vault, { role_id: limited.roleId, secret_id: limited.secretId }, '10.0.0.1')).status).toBe(200);
    expect(errors(await login(vault, { role_id: limited.roleId, secret_id: limited.secretId }, '10.0.0.1'))).toEqual(['invalid role or secret ID']);
  });

  it('binds the token to the secret ID’s token_bound_cidrs, else the role’s', async () => {
    const vault = await vaultWithApprole();
    const s = await roleWithSecret(vault, 'r', { token_bound_cidrs: '10.0.0.0/8' }, { token_bound_cidrs: '10.1.0.0/16' });
    const token = authOf(await login(vault, { role_id: s.roleId, secret_id: s.secretId }, '192.168.0.9')).client_token;
    const use = (addr: string) => vault.handle({ operation: 'read', path: 'auth/token/lookup-self', token, remoteAddress: addr });
    expect((await use('10.1.2.3')).status).toBe(200);
    expect((await use('10.2.0.1')).status).toBe(403);
    const plain = body(await vault.request('update', 'auth/approle/role/r/secret-id', {})).data.secret_id;
    const t2 = authOf(await login(vault, { role_id: s.roleId, secret_id: plain })).client_token;
    expect((await vault.handle({ operation: 'read', path: 'auth/token/lookup-self', token: t2, remoteAddress: '10.2.0.1' })).status).toBe(200);
  });

  it('counts uses down, shows the remaining count and deletes the spent secret ID', async () => {
    const vault = await vaultWithApprole();
    const s = await roleWithSecret(vault, 'r', {}, { num_uses: 3 });
    vault.clock.advance('1m');
    expect((await login(vault, { role_id: s.roleId, secret_id: s.secretId })).status).toBe(200);
    const look = body(await vault.request('update', 'auth/approle/role/r/secret-id/lookup', { secret_id: s.secretId })).data;
    expect(look.secret_id_num_uses).toBe(2);
    expect(look.last_updated_time).not.toBe(look.creation_time);
    expect((await login(vault, { role_id: s.roleId, secret_id: s.secretId })).status).toBe(200);
    expect((await login(vault, { role_id: s.roleId, secret_id: s.secretId })).status).toBe(200);
    expect(errors(await login(vault, { role_id: s.roleId, secret_id: s.secretId }))).toEqual(['invalid role or secret ID']);
    expect((await vault.request('list', 'auth/approle/role/r/secret-id')).status).toBe(404);
    expect((await storageKeys(vault)).filter((k) => k.startsWith('accessor/') || k.startsWith('secret_id/'))).toEqual([]);
  });

  it('refuses a secret ID once its TTL has passed on the vault clock', async () => {
    const vault = await vaultWithApprole();
    const s = await roleWithSecret(vault, 'r', { secret_id_ttl: '1h' });
    vault.clock.advance('59m');
    expect((await login(vault, { role_id: s.roleId, secret_id: s.secretId })).status).toBe(200);
    vault.clock.advance('2m');
    const r = await login(vault, { role_id: s.roleId, secret_id: s.secretId });
    expect([r.status, errors(r)]).toEqual([400, ['invalid role or secret ID']]);
    expect((await vault.request('update', 'auth/approle/role/r/secret-id-accessor/lookup', { secret_id_accessor: s.accessor })).status).toBe(404);
    // Lookups and listings see an expired secret ID as gone too (as after Vault's periodic tidy).
    const other = body(await vault.request('update', 'auth/approle/role/r/secret-id', { ttl: '5m' })).data;
    expect(body(await vault.request('list', 'auth/approle/role/r/secret-id')).data.keys).toEqual([other.secret_id_accessor]);
    vault.clock.advance('6m');
    expect((await vault.request('update', 'auth/approle/role/r/secret-id/lookup', { secret_id: other.secret_id })).status).toBe(204);
    expect((await vault.request('list', 'auth/approle/role/r/secret-id')).status).toBe(404);
  });

  it('tidies expired secret IDs and dangling accessors', async () => {
    const vault = await vaultWithApprole();
    const short = await roleWithSecret(vault, 'r', { secret_id_ttl: '1h' });
    const long = body(await vault.request('update', 'auth/approle/role/r/secret-id', { ttl: '30m' })).data;
    vault.clock.advance('45m');
    const r = await vault.request('update', 'auth/approle/tidy/secret-id', {});
    expect(r.status).toBe(202);
    expect(body(r)).toMatchObject({
      data: null, auth: null,
      warnings: ["Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."],
    });
    expect(body(await vault.request('list', 'auth/approle/role/r/secret-id')).data.keys).toEqual([short.accessor]);
    expect(long.secret_id_accessor).not.toBe(short.accessor);
    vault.clock.advance('30m');
    await vault.request('update', 'auth/approle/tidy/secret-id', {});
    expect((await storageKeys(vault)).filter((k) => k.startsWith('accessor/') || k.startsWith('secret_id/'))).toEqual([]);
  });

  it('logs in exactly num_uses times (property)', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/p', { role_id: 'p-id' });
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }), async (n, extra) => {
      const id = body(await vault.request('update', 'auth/approle/role/p/secret-id', { num_uses: n })).data.secret_id;
      let ok = 0;
      for (let i = 0; i < n + extra + 1; i++) {
        if ((await login(vault, { role_id: 'p-id', secret_id: id })).status === 200) ok++;
      }
      expect(ok).toBe(n);
    }), { numRuns: 15 });
  });
});
