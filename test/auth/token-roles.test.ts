// Token roles through core (hashicorp/vault vault/token_store.go tokenStoreRole*): CRUD and LIST
// with Vault's read shape, the legacy aliases, and write validation. Failed writes change nothing.
import { describe, expect, it } from 'vitest';
import { decodeRole, encodeRole } from '../../src/auth/token-roles.js';
import { body, DEFAULT_READ, vaultWith, roleRead, type Vault } from './token-roles-helpers.js';

describe('auth/token/roles: CRUD, LIST and the read shape', () => {
  it('lists nothing as 404 {"errors":[]}, then the names sorted', async () => {
    const v = await vaultWith();
    expect(await v.request('list', 'auth/token/roles')).toEqual({ status: 404, body: { errors: [] } });
    await v.request('update', 'auth/token/roles/web', {});
    await v.request('update', 'auth/token/roles/a.b-c_1', {});
    expect(body(await v.request('list', 'auth/token/roles')).data).toEqual({ keys: ['a.b-c_1', 'web'] });
    expect(body(await v.request('list', 'auth/token/roles/')).data).toEqual({ keys: ['a.b-c_1', 'web'] });
  });

  it('reads a role exactly as Vault answers (sorted keys, [] lists, null aliases, default-service)', async () => {
    const v = await vaultWith({ nomad: { allowed_policies: 'dev,prod', token_period: '72h' } });
    const res = await v.request('read', 'auth/token/roles/nomad');
    expect(res.status).toBe(200);
    expect(Object.keys(body(res).data)).toEqual(Object.keys(DEFAULT_READ));
    expect(body(res).data).toEqual({ ...DEFAULT_READ, name: 'nomad', allowed_policies: ['dev', 'prod'], token_period: 259200 });
  });

  it('answers 204 on write, 404 for an unknown role, and 204 on delete (present or not)', async () => {
    const v = await vaultWith();
    expect(await v.request('update', 'auth/token/roles/r', {})).toEqual({ status: 204 });
    expect(await roleRead(v, 'r')).toEqual(DEFAULT_READ);
    expect(await v.request('read', 'auth/token/roles/nope')).toEqual({ status: 404, body: { errors: [] } });
    expect((await v.request('delete', 'auth/token/roles/r')).status).toBe(204);
    expect((await v.request('delete', 'auth/token/roles/r')).status).toBe(204);
    expect(await roleRead(v, 'r')).toBeUndefined();
  });

  it('does not route names outside \\w(([\\w-.]+)?\\w)?', async () => {
    const v = await vaultWith();
    for (const name of ['-x', 'x-', 'a b', 'a/b']) {
      expect((await v.request('update', `auth/token/roles/${name}`, {})).status).toBe(404);
    }
  });

  it('sanitises the lists: policies lower-cased, trimmed, deduplicated, sorted, no default added', async () => {
    const v = await vaultWith({
      r: {
        allowed_policies: ' Prod, dev ,prod', disallowed_policies: ['B', 'a', 'a'], allowed_policies_glob: 'Team-*,x',
        disallowed_policies_glob: 'Z*', allowed_entity_aliases: ['Bob', 'alice', 'bob', 'svc-*'],
      },
    });
    expect(await roleRead(v, 'r')).toMatchObject({
      allowed_policies: ['dev', 'prod'], disallowed_policies: ['a', 'b'], allowed_policies_glob: ['team-*', 'x'],
      disallowed_policies_glob: ['z*'], allowed_entity_aliases: ['alice', 'bob', 'svc-*'],
    });
  });

  it('keeps unsent fields on update and takes the defaults on create', async () => {
    const v = await vaultWith({ r: { allowed_policies: 'a', orphan: true, renewable: false, path_suffix: 'v1.0', token_num_uses: 3 } });
    await v.request('update', 'auth/token/roles/r', { disallowed_policies: 'x' });
    expect(await roleRead(v, 'r')).toEqual({
      ...DEFAULT_READ, allowed_policies: ['a'], disallowed_policies: ['x'], orphan: true, renewable: false,
      path_suffix: 'v1.0', token_num_uses: 3,
    });
  });

  it('shows token_num_uses, token_bound_cidrs and bound_cidrs only when set', async () => {
    const v = await vaultWith({ r: { token_num_uses: 2, token_bound_cidrs: '10.0.0.0/8, 127.0.0.1/32' } });
    const read = (await roleRead(v, 'r'))!;
    expect(read.token_num_uses).toBe(2);
    expect(read.token_bound_cidrs).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(read).not.toHaveProperty('bound_cidrs');
    await v.request('update', 'auth/token/roles/r', { token_num_uses: 0 });
    expect(await roleRead(v, 'r')).not.toHaveProperty('token_num_uses');
  });

  it('applies the legacy aliases as Vault does (period, explicit_max_ttl, bound_cidrs)', async () => {
    const v = await vaultWith({ r: { period: '1h', explicit_max_ttl: 7200, bound_cidrs: ['192.168.0.0/16'] } });
    expect(await roleRead(v, 'r')).toMatchObject({
      period: 3600, token_period: 3600, explicit_max_ttl: 7200, token_explicit_max_ttl: 7200,
      bound_cidrs: ['192.168.0.0/16'], token_bound_cidrs: ['192.168.0.0/16'],
    });
    // The token_ field wins and clears the legacy value.
    expect((await v.request('update', 'auth/token/roles/r', { token_period: 60 })).status).toBe(204);
    expect(await roleRead(v, 'r')).toMatchObject({ period: 0, token_period: 60, explicit_max_ttl: 7200 });
    const both = await v.request('update', 'auth/token/roles/r', {
      token_period: 30, period: 40, token_explicit_max_ttl: 100, explicit_max_ttl: 200, token_bound_cidrs: '10.1.0.0/16', bound_cidrs: '10.2.0.0/16',
    });
    expect(both.status).toBe(200);
    expect(body(both).warnings).toEqual([
      "Both 'token_period' and deprecated 'period' value supplied, ignoring the deprecated value",
      "Both 'token_bound_cidrs' and deprecated 'bound_cidrs' value supplied, ignoring the deprecated value",
      "Both 'token_explicit_max_ttl' and deprecated 'explicit_max_ttl' value supplied, ignoring the deprecated value",
    ]);
    const read = (await roleRead(v, 'r'))!;
    expect(read).toMatchObject({ period: 0, token_period: 30, explicit_max_ttl: 0, token_explicit_max_ttl: 100, token_bound_cidrs: ['10.1.0.0/16'] });
    expect(read).not.toHaveProperty('bound_cidrs');
  });

  it('reads a stored legacy-only role with the token_ values filled in', async () => {
    const stored = {
      name: 'old', allowed_policies: ['a'], disallowed_policies: null, orphan: false, period: 3600e9, path_suffix: '',
      renewable: true, explicit_max_ttl: 7200e9, bound_cidrs: ['10.0.0.0/8'], token_type: 0,
    };
    const role = decodeRole(new TextEncoder().encode(JSON.stringify(stored)));
    expect(role.params).toMatchObject({ tokenPeriod: 3600, tokenExplicitMaxTtl: 7200, tokenBoundCidrs: ['10.0.0.0/8'], tokenType: 'default-service' });
    const again = JSON.parse(new TextDecoder().decode(encodeRole(role))) as Record<string, unknown>;
    expect(again).toMatchObject({ token_period: 3600e9, period: 3600e9, token_type: 3, disallowed_policies: null, allowed_entity_aliases: null });
  });

  it('ignores token_ttl, token_max_ttl and token_policies (warned about only when a response is sent)', async () => {
    const v = await vaultWith();
    expect(await v.request('update', 'auth/token/roles/r', { token_ttl: '1h', token_max_ttl: '2h', token_policies: 'a' })).toEqual({ status: 204 });
    expect(await roleRead(v, 'r')).toEqual(DEFAULT_READ);
    const res = await v.request('update', 'auth/token/roles/r', { token_ttl: '1h', period: 1, token_period: 2 });
    expect(body(res).warnings).toEqual([
      "Both 'token_period' and deprecated 'period' value supplied, ignoring the deprecated value",
      'Endpoint ignored these unrecognized parameters: [token_ttl]',
    ]);
  });

  it('saves a role whose explicit max TTL exceeds the mount max, with Vault\'s warning', async () => {
    const v = await vaultWith();
    const res = await v.request('update', 'auth/token/roles/r', { token_explicit_max_ttl: '800h' });
    expect(body(res).warnings).toEqual([
      'Given explicit max TTL of 2880000 is greater than system/mount allowed value of 2764800 seconds; until this is fixed attempting to create tokens against this role will result in an error',
    ]);
    expect((await roleRead(v, 'r'))!.token_explicit_max_ttl).toBe(2880000);
  });

  it('accepts the four token types and reads them back', async () => {
    const v = await vaultWith();
    for (const t of ['service', 'default-batch', 'default-service']) {
      expect((await v.request('update', 'auth/token/roles/r', { token_type: t })).status).toBe(204);
      expect((await roleRead(v, 'r'))!.token_type).toBe(t);
    }
    await v.request('update', 'auth/token/roles/b', { token_type: 'batch', orphan: true, renewable: false });
    expect((await roleRead(v, 'b'))!.token_type).toBe('batch');
  });

  it('needs create (not update) capability to make a role, update to change one (existence check)', async () => {
    const v = await vaultWith({ existing: {} });
    await v.request('update', 'sys/policies/acl/role-updater', { policy: 'path "auth/token/roles/*" { capabilities = ["update", "read"] }' });
    const t = await v.createToken({ policies: ['role-updater'] });
    expect(await v.request('update', 'auth/token/roles/fresh', {}, t)).toEqual({ status: 403, body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] } });
    expect((await v.request('update', 'auth/token/roles/existing', { orphan: true }, t)).status).toBe(204);
    expect((await roleRead(v, 'existing'))!.orphan).toBe(true);
  });
});

describe('auth/token/roles: write validation (400, Vault\'s texts) leaves the stored role as it was', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['path suffix without a 3-character word', { path_suffix: 'v1' }, 'given role path suffix contains invalid characters; must match \\w[\\w-.]+\\w'],
    ['path suffix with ..', { path_suffix: 'abc/../x' }, 'error registering path suffix: path cannot contain parent references'],
    ['token_type null', { token_type: null }, "Invalid 'token_type' value: null"],
    ['token_type default', { token_type: 'default' }, 'invalid \'token_type\' value "default"'],
    ['token_type empty', { token_type: '' }, 'invalid \'token_type\' value ""'],
    ['negative token_num_uses', { token_num_uses: -1 }, "error parsing role fields: 'token_num_uses' cannot be negative"],
    ['bad token_bound_cidrs', { token_bound_cidrs: 'nope' }, 'error parsing role fields: error parsing address "nope": unable to convert "nope" to an IPv4 or IPv6 address, or a UNIX Socket'],
    ['bad bound_cidrs', { bound_cidrs: 'nope' }, 'error parsing bound_cidrs: error parsing address "nope": unable to convert "nope" to an IPv4 or IPv6 address, or a UNIX Socket'],
    ['negative duration (existence check)', { token_period: '-5s' }, 'error converting input -5s for field "token_period": cannot provide negative value \'-5\''],
    ['batch, not orphan', { token_type: 'batch', renewable: false }, "'token_type' cannot be 'batch' when role is set to generate non-orphan tokens"],
    ['batch, periodic', { token_type: 'batch', orphan: true, renewable: false, period: 60 }, "'token_type' cannot be 'batch' when role is set to generate periodic tokens"],
    ['batch, renewable', { token_type: 'batch', orphan: true }, "'token_type' cannot be 'batch' when role is set to generate renewable tokens"],
    ['batch, explicit max', { token_type: 'batch', orphan: true, renewable: false, token_explicit_max_ttl: 60 }, "'token_type' cannot be 'batch' when role is set to generate tokens with an explicit max TTL"],
  ];
  it.each(cases)('%s', async (_what, data, message) => {
    const v = await vaultWith({ r: { allowed_policies: 'keep', path_suffix: 'abc' } });
    const before = await roleRead(v, 'r');
    expect(await v.request('update', 'auth/token/roles/r', data)).toEqual({ status: 400, body: { errors: [message] } });
    expect(await roleRead(v, 'r')).toEqual(before);
    // A refused create stores nothing.
    expect((await v.request('update', 'auth/token/roles/fresh', data)).status).toBe(400);
    expect(await roleRead(v, 'fresh')).toBeUndefined();
  });

  it('checks a stored batch type when token_type is not sent (tokenutil sees it)', async () => {
    const v = await vaultWith({ db: { token_type: 'default-batch' } });
    expect(body(await v.request('update', 'auth/token/roles/db', { token_period: 60 })).errors).toEqual([
      "error parsing role fields: 'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens",
    ]);
    // Sent alongside a new token_type, tokenutil parses with the default type and lets it pass.
    expect((await v.request('update', 'auth/token/roles/db', { token_period: 60, token_type: 'service' })).status).toBe(204);
  });
});
