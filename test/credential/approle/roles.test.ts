// AppRole roles through the whole server (V builtin/credential/approle/path_role.go, 1.18 line):
// role/:role_name create/update/read/delete with Vault's defaults, lower-cased names, the legacy
// aliases, the checks and their texts, role-id uniqueness, and every single-field sub-path.
import { describe, expect, it } from 'vitest';
import { body, errors, vaultWithApprole, wrapped } from './helpers.js';

const DEFAULT_ROLE = {
  bind_secret_id: true, local_secret_ids: false, secret_id_bound_cidrs: null, secret_id_num_uses: 0, secret_id_ttl: 0,
  token_bound_cidrs: [], token_explicit_max_ttl: 0, token_max_ttl: 0, token_no_default_policy: false, token_num_uses: 0,
  token_period: 0, token_policies: [], token_ttl: 0, token_type: 'default',
};

describe('approle role/:role_name', () => {
  it('creates a role with Vault defaults, stored lower-cased, keys sorted', async () => {
    const vault = await vaultWithApprole();
    expect((await vault.request('list', 'auth/approle/role')).status).toBe(404);
    expect((await vault.request('update', 'auth/approle/role/MyApp', {})).status).toBe(204);
    const read = body(await vault.request('read', 'auth/approle/role/myapp'));
    expect(read.data).toEqual(DEFAULT_ROLE);
    expect(Object.keys(read.data)).toEqual(Object.keys(DEFAULT_ROLE));
    expect(body(await vault.request('read', 'auth/approle/role/MYAPP')).data).toEqual(DEFAULT_ROLE);
    expect(body(await vault.request('list', 'auth/approle/role')).data.keys).toEqual(['myapp']);
    expect((await vault.request('read', 'auth/approle/role/other')).status).toBe(404);
  });

  it('updates only the fields sent and reports the legacy aliases', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/r', {
      policies: 'B,a', period: '1h', secret_id_num_uses: 3, secret_id_ttl: '10m', secret_id_bound_cidrs: '10.0.0.0/8, 192.168.0.0/16',
      token_bound_cidrs: '127.0.0.1', token_ttl: 60, token_max_ttl: 120,
    });
    let d = body(await vault.request('read', 'auth/approle/role/r')).data;
    expect(d).toMatchObject({
      policies: ['a', 'b'], token_policies: ['a', 'b'], period: 3600, token_period: 3600, secret_id_num_uses: 3, secret_id_ttl: 600,
      secret_id_bound_cidrs: ['10.0.0.0/8', '192.168.0.0/16'], token_bound_cidrs: ['127.0.0.1'], token_ttl: 60, token_max_ttl: 120,
    });
    await vault.request('update', 'auth/approle/role/r', { token_policies: 'z,y', token_period: 0 });
    d = body(await vault.request('read', 'auth/approle/role/r')).data;
    expect(d.token_policies).toEqual(['z', 'y']);
    expect(d).not.toHaveProperty('policies');
    expect(d).not.toHaveProperty('period');
    expect(d.secret_id_num_uses).toBe(3);
    // The deprecated bound_cidr_list is the second name for secret_id_bound_cidrs; an empty list reads [].
    await vault.request('update', 'auth/approle/role/r', { bound_cidr_list: '' });
    expect(body(await vault.request('read', 'auth/approle/role/r')).data.secret_id_bound_cidrs).toEqual([]);
  });

  it('answers Vault’s checks in order', async () => {
    const vault = await vaultWithApprole();
    const w = (data: Record<string, unknown>, name = 'r') => vault.request('update', `auth/approle/role/${name}`, data);
    let r = await w({ token_type: 'default-service' });
    expect(r.status).toBe(200);
    expect(body(r).warnings).toEqual(['default-service has no useful meaning; adjusting to service']);
    expect(body(await vault.request('read', 'auth/approle/role/r')).data.token_type).toBe('service');
    r = await w({ token_type: 'default-batch' });
    expect(body(r).warnings).toEqual(['default-batch has no useful meaning; adjusting to batch']);
    expect(errors(await w({ token_type: 'bogus' }))).toEqual(['invalid \'token_type\' value "bogus"']);
    expect(errors(await w({ local_secret_ids: true }))).toEqual(['local_secret_ids can only be modified during role creation']);
    expect(errors(await w({ role_id: '' }))).toEqual(['invalid role_id supplied, or failed to generate a role_id']);
    r = await w({ secret_id_bound_cidrs: '10.0.0.1' });
    expect([r.status, errors(r)]).toEqual([500, [wrapped('failed to validate CIDR blocks: invalid CIDR address: 10.0.0.1')]]);
    expect(errors(await w({ secret_id_num_uses: -1 }))).toEqual(['secret_id_num_uses cannot be negative']);
    r = await w({ period: '800h' });
    expect([r.status, errors(r)]).toEqual([400, ['period of "800h0m0s" is greater than the backend\'s maximum lease TTL of "768h0m0s"']]);
    r = await w({ token_max_ttl: '800h' });
    expect(body(r).warnings).toEqual([
      "token_max_ttl is greater than the backend mount's maximum TTL value; issued tokens' max TTL value will be truncated",
    ]);
    r = await w({ bind_secret_id: false });
    expect([r.status, errors(r)]).toEqual([500, [wrapped('at least one constraint should be enabled on the role')]]);
    expect((await w({ bind_secret_id: false, token_bound_cidrs: '10.0.0.0/8', token_max_ttl: 0 })).status).toBe(204);
    expect(errors(await w({}, 'x'.repeat(4097)))).toEqual(['role_name is longer than maximum of 4096 bytes']);
    expect((await vault.request('update', 'auth/approle/role/-bad', {})).status).toBe(404);
  });

  it('keeps role ids unique and moves the index when one changes', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/a', { role_id: 'custom-a' });
    expect(body(await vault.request('read', 'auth/approle/role/a/role-id')).data).toEqual({ role_id: 'custom-a' });
    const r = await vault.request('update', 'auth/approle/role/b', { role_id: 'custom-a' });
    expect([r.status, errors(r)]).toEqual([500, [wrapped('role_id already in use')]]);
    expect((await vault.request('update', 'auth/approle/role/a/role-id', { role_id: 'new-a' })).status).toBe(204);
    expect((await vault.request('update', 'auth/approle/role/b', { role_id: 'custom-a' })).status).toBe(204);
    expect(errors(await vault.request('update', 'auth/approle/role/a/role-id', {}))).toEqual(['missing role_id']);
    const missing = await vault.request('update', 'auth/approle/role/none/role-id', { role_id: 'x' });
    expect([missing.status, errors(missing)]).toEqual([404, [wrapped('unsupported path')]]);
    expect((await vault.request('read', 'auth/approle/role/none/role-id')).status).toBe(404);
  });

  it('deletes a role with its secret ids and role-id index', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/a', { role_id: 'rid' });
    await vault.request('update', 'auth/approle/role/a/secret-id', {});
    expect((await vault.request('delete', 'auth/approle/role/A')).status).toBe(204);
    expect((await vault.request('delete', 'auth/approle/role/A')).status).toBe(204);
    expect((await vault.request('read', 'auth/approle/role/a')).status).toBe(404);
    // The role id is free again.
    expect((await vault.request('update', 'auth/approle/role/b', { role_id: 'rid' })).status).toBe(204);
    expect((await vault.request('update', 'auth/approle/role/a', {})).status).toBe(204);
    expect((await vault.request('list', 'auth/approle/role/a/secret-id')).status).toBe(404);
  });
});

describe('approle role sub-paths', () => {
  it('reads, updates and resets each field', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/r', {});
    const sub = (op: 'read' | 'update' | 'delete', p: string, data?: Record<string, unknown>) =>
      vault.request(op, `auth/approle/role/r/${p}`, data);
    const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]> = [
      ['bind-secret-id', { bind_secret_id: false, secret_id_bound_cidrs: undefined }, { bind_secret_id: true }, { bind_secret_id: true }],
      ['secret-id-num-uses', { secret_id_num_uses: 5 }, { secret_id_num_uses: 5 }, { secret_id_num_uses: 0 }],
      ['secret-id-ttl', { secret_id_ttl: '1h' }, { secret_id_ttl: 3600 }, { secret_id_ttl: 0 }],
      ['token-num-uses', { token_num_uses: 4 }, { token_num_uses: 4 }, { token_num_uses: 0 }],
      ['token-ttl', { token_ttl: '5m' }, { token_ttl: 300 }, { token_ttl: 0 }],
      ['token-max-ttl', { token_max_ttl: '1h' }, { token_max_ttl: 3600 }, { token_max_ttl: 0 }],
      ['period', { period: '2h' }, { token_period: 7200, period: 7200 }, { token_period: 0 }],
      ['policies', { token_policies: 'B,a' }, { token_policies: ['a', 'b'] }, { token_policies: [] }],
      ['secret-id-bound-cidrs', { secret_id_bound_cidrs: '10.0.0.0/8' }, { secret_id_bound_cidrs: ['10.0.0.0/8'] }, { secret_id_bound_cidrs: null }],
      ['token-bound-cidrs', { token_bound_cidrs: '10.1.0.0/16,127.0.0.1' }, { token_bound_cidrs: ['10.1.0.0/16', '127.0.0.1'] }, { token_bound_cidrs: null }],
    ];
    for (const [p, update, after, reset] of cases) {
      if (p === 'bind-secret-id') {
        // Turning bind_secret_id off needs another constraint first.
        const r = await sub('update', p, { bind_secret_id: false });
        expect([r.status, errors(r)]).toEqual([500, [wrapped('at least one constraint should be enabled on the role')]]);
        expect(body(await sub('read', p)).data).toEqual(after);
        continue;
      }
      expect((await sub('update', p, update)).status, p).toBe(204);
      expect(body(await sub('read', p)).data, p).toEqual(after);
      expect((await sub('delete', p)).status, p).toBe(204);
      expect(body(await sub('read', p)).data, p).toEqual(reset);
    }
    expect(body(await sub('read', 'local-secret-ids')).data).toEqual({ local_secret_ids: false });
    const legacy = await sub('read', 'bound-cidr-list');
    expect(body(legacy).data).toEqual({ bound_cidr_list: null });
    expect(body(legacy).warnings).toEqual(['The "bound_cidr_list" field is deprecated and will be removed. Please use "secret_id_bound_cidrs" instead.']);
  });

  it('answers the sub-path errors', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/r', { token_max_ttl: 100, token_ttl: 50 });
    const up = (p: string, data: Record<string, unknown>) => vault.request('update', `auth/approle/role/r/${p}`, data);
    for (const [p, field] of [
      ['bind-secret-id', 'bind_secret_id'], ['secret-id-num-uses', 'secret_id_num_uses'], ['secret-id-ttl', 'secret_id_ttl'],
      ['token-num-uses', 'token_num_uses'], ['token-ttl', 'token_ttl'], ['token-max-ttl', 'token_max_ttl'], ['period', 'period'],
      ['policies', 'token_policies'],
    ] as const) {
      expect(errors(await up(p, {})), p).toEqual([`missing ${field}`]);
    }
    expect(errors(await up('secret-id-bound-cidrs', { secret_id_bound_cidrs: '' }))).toEqual(['missing bound_cidr_list']);
    expect(errors(await up('secret-id-bound-cidrs', { secret_id_bound_cidrs: 'nope' })))
      .toEqual(['failed to validate CIDR blocks: invalid CIDR address: nope']);
    expect(errors(await up('token-bound-cidrs', { token_bound_cidrs: 'nope' })))
      .toEqual(['failed to parse token_bound_cidrs: error parsing address "nope": unable to convert "nope" to an IPv4 or IPv6 address, or a UNIX Socket']);
    expect(errors(await up('token-ttl', { token_ttl: 200 }))).toEqual(['token_ttl should not be greater than token_max_ttl']);
    expect(errors(await up('token-max-ttl', { token_max_ttl: 10 }))).toEqual(['token_max_ttl should be greater than or equal to token_ttl']);
    expect(errors(await up('secret-id-num-uses', { secret_id_num_uses: -2 }))).toEqual(['secret_id_num_uses cannot be negative']);
    expect(errors(await up('period', { token_period: '800h' })))
      .toEqual(['period of "0s" is greater than the backend\'s maximum lease TTL of "768h0m0s"']);
    const missing = await vault.request('update', 'auth/approle/role/none/token-ttl', { token_ttl: 1 });
    expect([missing.status, errors(missing)]).toEqual([404, [wrapped('unsupported path')]]);
    expect((await vault.request('delete', 'auth/approle/role/none/token-ttl')).status).toBe(204);
    expect((await vault.request('read', 'auth/approle/role/none/token-ttl')).status).toBe(404);
  });
});
