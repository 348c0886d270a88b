// AppRole secret IDs through the whole server (V builtin/credential/approle/path_role.go
// handleRoleSecretIDCommon and the lookup/destroy/list paths; validation.go): response shapes,
// the checks against the role, metadata forms, custom ids, accessors, and HMAC'd storage.
import { describe, expect, it } from 'vitest';
import { body, errors, storageKeys, storageValues, vaultWithApprole, wrapped } from './helpers.js';

describe('approle role/:role_name/secret-id', () => {
  it('generates a secret id and looks it up by value and by accessor', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/r', { secret_id_num_uses: 5, secret_id_ttl: '10m' });
    const gen = await vault.request('update', 'auth/approle/role/r/secret-id', {
      metadata: '{"tag":"prod","Team":"A"}', cidr_list: '127.0.0.0/8', token_bound_cidrs: ['10.0.0.0/8'],
    });
    expect(gen.status).toBe(200);
    const d = body(gen).data;
    expect(Object.keys(d)).toEqual(['secret_id', 'secret_id_accessor', 'secret_id_num_uses', 'secret_id_ttl']);
    expect(d).toMatchObject({ secret_id_num_uses: 5, secret_id_ttl: 600 });
    expect(d.secret_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const created = new Date(vault.clock.now()).toISOString().replace('.000Z', 'Z');
    const expires = new Date(vault.clock.now() + 600_000).toISOString().replace('.000Z', 'Z');
    const expected = {
      cidr_list: ['127.0.0.0/8'], creation_time: created, expiration_time: expires, last_updated_time: created,
      metadata: { Team: 'A', tag: 'prod' }, secret_id_accessor: d.secret_id_accessor, secret_id_num_uses: 5, secret_id_ttl: 600,
      token_bound_cidrs: ['10.0.0.0/8'],
    };
    const look = body(await vault.request('update', 'auth/approle/role/r/secret-id/lookup', { secret_id: d.secret_id })).data;
    expect(look).toEqual(expected);
    expect(Object.keys(look)).toEqual(Object.keys(expected));
    const byAcc = await vault.request('update', 'auth/approle/role/R/secret-id-accessor/lookup', { secret_id_accessor: d.secret_id_accessor });
    expect(body(byAcc).data).toEqual(expected);
    expect(body(await vault.request('list', 'auth/approle/role/r/secret-id')).data.keys).toEqual([d.secret_id_accessor]);
  });

  it('stores only HMACs of secret ids and salted accessors and role ids', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/r', { role_id: 'my-role-id' });
    const d = body(await vault.request('update', 'auth/approle/role/r/custom-secret-id', { secret_id: 'my-very-secret-id' })).data;
    const keys = await storageKeys(vault);
    expect(keys.filter((k) => k.startsWith('secret_id/'))).toHaveLength(1);
    expect(keys.find((k) => k.startsWith('secret_id/'))).toMatch(/^secret_id\/[0-9a-f]{64}\/[0-9a-f]{64}$/);
    expect(keys.find((k) => k.startsWith('accessor/'))).toMatch(/^accessor\/[0-9a-f]{64}$/);
    expect(keys.find((k) => k.startsWith('role_id/'))).toMatch(/^role_id\/[0-9a-f]{64}$/);
    expect(keys).toContain('role/r');
    expect(keys).toContain('salt');
    const all = await storageValues(vault);
    expect(all).not.toContain('my-very-secret-id');
    expect(all).not.toContain(`accessor/${d.secret_id_accessor as string}`);
  });

  it('takes a TTL above the mount max as the max, and zero as never', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/r', { secret_id_ttl: '1000h' });
    const d = body(await vault.request('update', 'auth/approle/role/r/secret-id', {})).data;
    expect(d.secret_id_ttl).toBe(2764800);
    const look = body(await vault.request('update', 'auth/approle/role/r/secret-id/lookup', { secret_id: d.secret_id })).data;
    expect(look.secret_id_ttl).toBe(3600000);
    await vault.request('update', 'auth/approle/role/n', {});
    const n = body(await vault.request('update', 'auth/approle/role/n/secret-id', {})).data;
    expect(n.secret_id_ttl).toBe(0);
    const nl = body(await vault.request('update', 'auth/approle/role/n/secret-id/lookup', { secret_id: n.secret_id })).data;
    expect(nl).toMatchObject({ expiration_time: '0001-01-01T00:00:00Z', metadata: {}, cidr_list: [], token_bound_cidrs: [] });
  });

  it('accepts metadata as JSON, base64 JSON or k=v pairs', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/r', {});
    const meta = async (metadata: string) => {
      const r = await vault.request('update', 'auth/approle/role/r/secret-id', { metadata });
      if (r.status !== 200) return errors(r);
      const id = body(r).data.secret_id;
      return body(await vault.request('update', 'auth/approle/role/r/secret-id/lookup', { secret_id: id })).data.metadata;
    };
    expect(await meta('{"a":"1"}')).toEqual({ a: '1' });
    expect(await meta(Buffer.from('{"b":"2"}').toString('base64'))).toEqual({ b: '2' });
    expect(await meta('K=V, x=y')).toEqual({ k: 'v', x: 'y' });
    expect(await meta('novalue')).toEqual(['failed to parse metadata: failed to parse the input: invalid <key,value> format']);
    expect(await meta('{"a":""}')).toEqual(['failed to parse metadata: invalid value for key "a"']);
  });

  it('checks the request against the role', async () => {
    const vault = await vaultWithApprole();
    const gen = (role: string, data: Record<string, unknown>) => vault.request('update', `auth/approle/role/${role}/secret-id`, data);
    let r = await gen('none', {});
    expect([r.status, errors(r)]).toEqual([404, ['role "none" does not exist']]);
    await vault.request('update', 'auth/approle/role/nb', { bind_secret_id: false, secret_id_bound_cidrs: '10.0.0.0/8' });
    expect(errors(await gen('nb', {}))).toEqual(['bind_secret_id is not set on the role']);
    await vault.request('update', 'auth/approle/role/r', {
      secret_id_bound_cidrs: '10.0.0.0/8', token_bound_cidrs: '10.0.0.1', secret_id_num_uses: 3, secret_id_ttl: 100,
    });
    r = await gen('r', { cidr_list: '10.0.0.5' });
    expect([r.status, errors(r)]).toEqual([500, [wrapped('failed to validate CIDR blocks: invalid CIDR address: 10.0.0.5')]]);
    r = await gen('r', { cidr_list: '192.168.0.0/24' });
    expect([r.status, errors(r)]).toEqual([500, [wrapped(
      'failed to verify subset relationship between CIDR blocks on the role ["10.0.0.0/8"] and CIDR blocks on the secret ID ["192.168.0.0/24"]: %!w(<nil>)',
    )]]);
    r = await gen('r', { token_bound_cidrs: '10.0.0.0/24' });
    expect(errors(r)).toEqual([wrapped(
      'failed to verify subset relationship between CIDR blocks on the role ["10.0.0.1/32"] and CIDR blocks on the secret ID ["10.0.0.0/24"]: %!w(<nil>)',
    )]);
    r = await gen('r', { token_bound_cidrs: 'x' });
    expect(errors(r)).toEqual([wrapped('failed to validate token CIDR blocks: invalid CIDR address: x')]);
    expect(errors(await gen('r', { num_uses: -1 }))).toEqual(['num_uses cannot be negative']);
    expect(errors(await gen('r', { num_uses: 0 }))).toEqual(["num_uses cannot be higher than the role's secret_id_num_uses"]);
    expect(errors(await gen('r', { num_uses: 4 }))).toEqual(["num_uses cannot be higher than the role's secret_id_num_uses"]);
    expect(errors(await gen('r', { ttl: 0 }))).toEqual(["ttl cannot be longer than the role's secret_id_ttl"]);
    expect(errors(await gen('r', { ttl: 101 }))).toEqual(["ttl cannot be longer than the role's secret_id_ttl"]);
    r = await gen('r', { num_uses: 2, ttl: 50, cidr_list: '10.1.0.0/16' });
    expect(body(r).data).toMatchObject({ secret_id_num_uses: 2, secret_id_ttl: 50 });
  });

  it('assigns custom secret ids once', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/r', {});
    const custom = (data: Record<string, unknown>) => vault.request('update', 'auth/approle/role/r/custom-secret-id', data);
    expect(errors(await custom({}))).toEqual(['missing secret_id']);
    const ok = await custom({ secret_id: 's3cret' });
    expect(body(ok).data).toMatchObject({ secret_id: 's3cret', secret_id_num_uses: 0, secret_id_ttl: 0 });
    const again = await custom({ secret_id: 's3cret' });
    expect([again.status, errors(again)]).toEqual([500, [wrapped('failed to store secret_id: SecretID is already registered')]]);
  });

  it('lists, looks up and destroys with Vault’s answers', async () => {
    const vault = await vaultWithApprole();
    await vault.request('update', 'auth/approle/role/r', {});
    const p = (s: string) => `auth/approle/role/r/${s}`;
    let r = await vault.request('list', 'auth/approle/role/none/secret-id');
    expect([r.status, errors(r)]).toEqual([400, ['role "none" does not exist']]);
    expect((await vault.request('list', p('secret-id'))).status).toBe(404);
    const a = body(await vault.request('update', p('secret-id'), {})).data;
    const b = body(await vault.request('update', p('secret-id'), {})).data;
    expect((body(await vault.request('list', p('secret-id/'))).data.keys as string[]).sort())
      .toEqual([a.secret_id_accessor, b.secret_id_accessor].sort());

    expect(errors(await vault.request('update', p('secret-id/lookup'), {}))).toEqual(['missing secret_id']);
    expect((await vault.request('update', p('secret-id/lookup'), { secret_id: 'unknown' })).status).toBe(204);
    r = await vault.request('update', 'auth/approle/role/none/secret-id/lookup', { secret_id: 'x' });
    expect([r.status, errors(r)]).toEqual([500, [wrapped('role "none" does not exist')]]);
    expect(errors(await vault.request('update', p('secret-id-accessor/lookup'), {}))).toEqual(['missing secret_id_accessor']);
    r = await vault.request('update', p('secret-id-accessor/lookup'), { secret_id_accessor: 'nope' });
    expect(r.status).toBe(404);
    expect(body(r)).toMatchObject({ data: { error: 'failed to find accessor entry for secret_id_accessor: "nope"' }, warnings: null });
    expect(body(r)).not.toHaveProperty('errors');

    expect((await vault.request('update', p('secret-id/destroy'), { secret_id: a.secret_id })).status).toBe(204);
    expect((await vault.request('update', p('secret-id/destroy'), { secret_id: a.secret_id })).status).toBe(204);
    expect((await vault.request('update', p('secret-id/lookup'), { secret_id: a.secret_id })).status).toBe(204);
    r = await vault.request('delete', p('secret-id-accessor/destroy'), { secret_id_accessor: a.secret_id_accessor });
    expect([r.status, errors(r)]).toEqual([500, [wrapped(`failed to find accessor entry for secret_id_accessor: "${a.secret_id_accessor as string}"`)]]);
    expect((await vault.request('delete', p('secret-id-accessor/destroy'), { secret_id_accessor: b.secret_id_accessor })).status).toBe(204);
    expect((await vault.request('list', p('secret-id'))).status).toBe(404);
    r = await vault.request('delete', 'auth/approle/role/none/secret-id/destroy', { secret_id: 'x' });
    expect([r.status, errors(r)]).toEqual([500, [wrapped('role "none" does not exist')]]);
  });
});
