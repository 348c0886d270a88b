// Token roles through core (V vault/token_store.go tokenStoreRole*, handleCreateCommon's role
// branches, authRenew): CRUD and LIST with Vault's read shape and write validation, then
// auth/token/create/<role> with each policy rule, orphan, path suffix, token type, period,
// explicit max TTL, use limit, bound CIDRs and renewal. Failed writes change nothing.
import { describe, expect, it } from 'vitest';
import { decodeRole, encodeRole, glob } from '../../src/auth/token-roles.js';
import { createVault, type TestVault as Vault } from '../../src/testing/index.js';

type Body = { data: Record<string, any>; auth: Record<string, any>; warnings: string[] | null; errors?: string[] };
const body = (r: { body?: unknown }) => r.body as Body;

/** Vault's read of a role written with only a name: every default. */
const DEFAULT_READ = {
  allowed_entity_aliases: null, allowed_policies: [], allowed_policies_glob: [], disallowed_policies: [],
  disallowed_policies_glob: [], explicit_max_ttl: 0, name: 'r', orphan: false, path_suffix: '', period: 0,
  renewable: true, token_explicit_max_ttl: 0, token_no_default_policy: false, token_period: 0, token_type: 'default-service',
};

async function vaultWith(roles: Record<string, Record<string, unknown>> = {}): Promise<Vault> {
  const v = await createVault({ seed: 7 });
  for (const [name, data] of Object.entries(roles)) {
    const res = await v.request('update', `auth/token/roles/${name}`, data);
    if (res.status >= 300) throw new Error(`role ${name}: ${JSON.stringify(res.body)}`);
  }
  return v;
}

async function roleRead(v: Vault, name: string): Promise<Record<string, any> | undefined> {
  const res = await v.request('read', `auth/token/roles/${name}`);
  return res.status === 404 ? undefined : body(res).data;
}

/** Creates against a role as `token` (root by default) and returns the response. */
const createAgainst = (v: Vault, role: string, data: Record<string, unknown> = {}, token?: string) =>
  v.request('update', `auth/token/create/${role}`, data, token);

async function lookup(v: Vault, token: string): Promise<Record<string, any>> {
  return body(await v.request('update', 'auth/token/lookup', { token })).data;
}

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

describe('auth/token/create/:role', () => {
  it('answers 400 unknown role <name> before looking at anything else', async () => {
    const v = await vaultWith();
    expect(await createAgainst(v, 'ghost', { ttl: 'bogus' })).toEqual({ status: 400, body: { errors: ['unknown role ghost'] } });
  });

  it('allowed_policies: no request → the allowed set plus default; a subset passes; others are refused', async () => {
    const v = await vaultWith({ r: { allowed_policies: 'dev,prod' } });
    expect(body(await createAgainst(v, 'r')).auth.policies).toEqual(['default', 'dev', 'prod']);
    expect(body(await createAgainst(v, 'r', { policies: ['Dev'] })).auth.policies).toEqual(['default', 'dev']);
    expect(body(await createAgainst(v, 'r', { policies: ['dev', 'ops'] })).errors).toEqual([
      'token policies (["default" "dev" "ops"]) must be subset of the role\'s allowed policies (["default" "dev" "prod"]) or glob policies ([])',
    ]);
    expect(body(await createAgainst(v, 'r', { no_default_policy: true })).auth.policies).toEqual(['dev', 'prod']);
  });

  it('allowed_policies_glob: requested names may match a glob; globs are never expanded', async () => {
    const v = await vaultWith({ r: { allowed_policies: 'base', allowed_policies_glob: 'team-*' } });
    expect(body(await createAgainst(v, 'r', { policies: ['team-a', 'base'] })).auth.policies).toEqual(['base', 'default', 'team-a']);
    expect(body(await createAgainst(v, 'r')).auth.policies).toEqual(['base', 'default']);
    expect(body(await createAgainst(v, 'r', { policies: ['teams'] })).errors).toEqual([
      'token policies (["default" "teams"]) must be subset of the role\'s allowed policies (["base" "default"]) or glob policies (["team-*"])',
    ]);
  });

  it('disallowed_policies: no request → the parent\'s policies plus default; a listed one is refused', async () => {
    const v = await vaultWith({ r: { disallowed_policies: 'secret' } });
    await v.request('update', 'sys/policies/acl/maker', { policy: 'path "auth/token/create/*" { capabilities = ["update"] }' });
    const parent = await v.createToken({ policies: ['maker', 'ops'], noDefaultPolicy: true });
    expect(body(await createAgainst(v, 'r', {}, parent)).auth.policies).toEqual(['default', 'maker', 'ops']);
    expect(body(await createAgainst(v, 'r', { policies: ['anything'] }, parent)).auth.policies).toEqual(['anything', 'default']);
    expect(body(await createAgainst(v, 'r', { policies: ['ops', 'secret'] }, parent)).errors).toEqual(['token policy "secret" is disallowed by this role']);
  });

  it('disallowed_policies_glob refuses matches; a disallowed default is simply not added', async () => {
    const v = await vaultWith({ g: { disallowed_policies_glob: 'adm*' }, d: { disallowed_policies: 'default' } });
    expect(body(await createAgainst(v, 'g', { policies: ['admin'] })).errors).toEqual(['token policy "admin" is disallowed by this role']);
    expect(body(await createAgainst(v, 'g', { policies: ['user'] })).auth.policies).toEqual(['default', 'user']);
    expect(body(await createAgainst(v, 'd', { policies: ['user'] })).auth.policies).toEqual(['user']);
    expect(body(await createAgainst(v, 'd', { policies: ['user', 'default'] })).errors).toEqual(['token policy "default" is disallowed by this role']);
  });

  it('token_no_default_policy on the role leaves default out of the allowed set', async () => {
    const v = await vaultWith({ r: { allowed_policies: 'a', token_no_default_policy: true } });
    expect(body(await createAgainst(v, 'r')).auth.policies).toEqual(['a']);
    expect(body(await createAgainst(v, 'r', { policies: ['a', 'default'] })).errors).toEqual([
      'token policies (["a" "default"]) must be subset of the role\'s allowed policies (["a"]) or glob policies ([])',
    ]);
  });

  it('grants a non-sudo caller policies it does not hold; without lists the ordinary subset rule applies', async () => {
    const v = await vaultWith({ grant: { allowed_policies: 'payments' }, plain: {} });
    await v.request('update', 'sys/policies/acl/maker', { policy: 'path "auth/token/create/*" { capabilities = ["update"] }' });
    const caller = await v.createToken({ policies: ['maker'] });
    expect(body(await createAgainst(v, 'grant', {}, caller)).auth.policies).toEqual(['default', 'payments']);
    expect(body(await createAgainst(v, 'plain', { policies: ['payments'] }, caller)).errors).toEqual(['child policies must be subset of parent']);
    expect(body(await createAgainst(v, 'plain', {}, caller)).auth.policies).toEqual(['default', 'maker']);
  });

  it('orphan: the role makes orphans without sudo and ignores no_parent', async () => {
    const v = await vaultWith({ o: { orphan: true }, c: {} });
    await v.request('update', 'sys/policies/acl/maker', { policy: 'path "auth/token/create/*" { capabilities = ["update"] }' });
    const caller = await v.createToken({ policies: ['maker'] });
    expect(body(await createAgainst(v, 'o', {}, caller)).auth.orphan).toBe(true);
    const child = await createAgainst(v, 'c', { no_parent: true }, caller);
    expect(child.status).toBe(200);
    expect(body(child).auth.orphan).toBe(false);
  });

  it('puts the role and path suffix in the token path and lookup', async () => {
    const v = await vaultWith({ r: { path_suffix: 'v2.1' }, plain: {} });
    const tok = body(await createAgainst(v, 'r')).auth.client_token;
    expect(await lookup(v, tok)).toMatchObject({ path: 'auth/token/create/r/v2.1', role: 'r' });
    const plain = body(await createAgainst(v, 'plain')).auth.client_token;
    expect(await lookup(v, plain)).toMatchObject({ path: 'auth/token/create/plain', role: 'plain' });
    expect(await lookup(v, await v.createToken())).not.toHaveProperty('role');
  });

  it('renewable:false on the role makes tokens unrenewable', async () => {
    const v = await vaultWith({ r: { renewable: false } });
    const res = await createAgainst(v, 'r', { renewable: true, ttl: '1h' });
    expect(body(res).auth.renewable).toBe(false);
    const renew = await v.request('update', 'auth/token/renew', { token: body(res).auth.client_token });
    expect(body(renew).errors).toEqual(['lease is not renewable']);
  });

  it('token_type: batch and default-batch give batch tokens; service forces service', async () => {
    const v = await vaultWith({
      b: { token_type: 'batch', orphan: true, renewable: false }, db: { token_type: 'default-batch' }, s: { token_type: 'service' },
    });
    const b = body(await createAgainst(v, 'b', { ttl: '10m', policies: ['web'] })).auth;
    expect(b).toMatchObject({ token_type: 'batch', orphan: true, renewable: false, accessor: '', lease_duration: 600 });
    expect(b.client_token).toMatch(/^hvb\./);
    expect(await lookup(v, b.client_token)).toMatchObject({ type: 'batch', path: 'auth/token/create/b', role: 'b' });
    expect(body(await createAgainst(v, 'db', { policies: ['web'] })).auth.token_type).toBe('batch');
    expect(body(await createAgainst(v, 'db', { type: 'service' })).auth.token_type).toBe('service');
    expect(body(await createAgainst(v, 's', { type: 'batch' })).auth.token_type).toBe('service');
    // The request's batch restrictions still apply, and a batch token is never root.
    expect(body(await createAgainst(v, 'b')).errors).toEqual(['batch tokens cannot be root tokens']);
    expect(body(await createAgainst(v, 'b', { policies: ['web'], num_uses: 2 })).errors).toEqual(['batch tokens cannot have "num_uses" set']);
  });

  it('token_period: periodic tokens without sudo, renewing to the role\'s current period', async () => {
    const v = await vaultWith({ p: { token_period: '1h' } });
    await v.request('update', 'sys/policies/acl/maker', { policy: 'path "auth/token/create/*" { capabilities = ["update"] }' });
    const caller = await v.createToken({ policies: ['maker'] });
    const res = await createAgainst(v, 'p', { ttl: '5m' }, caller);
    expect(body(res).auth.lease_duration).toBe(3600);
    const tok = body(res).auth.client_token;
    // The entry keeps the request's own period (none): lookup shows no period.
    expect(await lookup(v, tok)).not.toHaveProperty('period');
    expect(body(await createAgainst(v, 'p', { period: '10m' }, caller)).errors).toEqual(['root or sudo privileges required to create periodic token']);
    await v.request('update', 'auth/token/roles/p', { token_period: '2h' });
    v.clock.advance('30m');
    expect(body(await v.request('update', 'auth/token/renew-self', {}, tok)).auth.lease_duration).toBe(7200);
  });

  it('uses the lesser of the request\'s and the role\'s period and explicit max TTL, with Vault\'s warnings', async () => {
    const v = await vaultWith({ r: { token_period: '1h', token_explicit_max_ttl: '10h' } });
    const res = await createAgainst(v, 'r', { period: '30m', explicit_max_ttl: '20h' });
    expect(body(res).warnings).toEqual([
      'Explicit max TTL specified both during creation call and in role; using the lesser value of 36000 seconds',
      'Period specified both during creation call and in role; using the lesser value of 1800 seconds',
    ]);
    expect(body(res).auth.lease_duration).toBe(1800);
    expect(await lookup(v, body(res).auth.client_token)).toMatchObject({ period: 1800, explicit_max_ttl: 72000 });
  });

  it('caps the TTL with the role\'s explicit max TTL', async () => {
    const v = await vaultWith({ r: { token_explicit_max_ttl: '2h' } });
    const res = await createAgainst(v, 'r', { ttl: '5h' });
    expect(body(res).auth.lease_duration).toBe(7200);
    expect(body(res).warnings).toEqual(['TTL of "5h0m0s" exceeded the effective max_ttl of "2h0m0s"; TTL value is capped accordingly']);
  });

  it('token_num_uses applies to unlimited requests and caps larger ones', async () => {
    const v = await vaultWith({ r: { token_num_uses: 3 } });
    expect(body(await createAgainst(v, 'r')).auth.num_uses).toBe(3);
    expect(body(await createAgainst(v, 'r', { num_uses: 10 })).auth.num_uses).toBe(3);
    expect(body(await createAgainst(v, 'r', { num_uses: 2 })).auth.num_uses).toBe(2);
  });

  it('binds the token to the role\'s CIDRs: used from elsewhere it is no token', async () => {
    const v = await vaultWith({ r: { token_bound_cidrs: '10.0.0.0/8' } });
    const tok = body(await createAgainst(v, 'r', { ttl: '1h' })).auth.client_token;
    const self = (remoteAddress: string) => v.handle({ operation: 'read', path: 'auth/token/lookup-self', token: tok, remoteAddress });
    const inside = await self('10.1.2.3');
    expect(inside.status).toBe(200);
    expect(body(inside).data.bound_cidrs).toEqual(['10.0.0.0/8']);
    expect((await self('192.168.1.1')).status).toBe(403);
  });

  it('entity_alias: refused unless allowed; an allowed one creates or finds its entity', async () => {
    const v = await vaultWith({ r: { allowed_entity_aliases: 'svc-*' } });
    expect(body(await createAgainst(v, 'r', { entity_alias: 'bob' })).errors).toEqual(["invalid 'entity_alias' value"]);
    const res = await createAgainst(v, 'r', { entity_alias: 'SVC-api' });
    expect(res.status).toBe(200);
    const entityId = body(res).auth.entity_id as string;
    expect(entityId).not.toBe('');
    expect(body(await createAgainst(v, 'r', { entity_alias: 'SVC-api' })).auth.entity_id).toBe(entityId);
    expect(body(await v.request('update', 'auth/token/create', { entity_alias: 'x' })).errors).toEqual([
      "'entity_alias' is only allowed in combination with token role",
    ]);
  });

  it('refuses to renew a role token once its role is gone (500, as authRenew\'s error)', async () => {
    const v = await vaultWith({ r: {} });
    const tok = body(await createAgainst(v, 'r', { ttl: '1h' })).auth.client_token;
    await v.request('delete', 'auth/token/roles/r');
    expect(await v.request('update', 'auth/token/renew-self', {}, tok)).toEqual({
      status: 500, body: { errors: ['1 error occurred:\n\t* failed to renew entry: original token role "r" could not be found, not renewing\n\n'] },
    });
  });

  it('creates no token when a create against a role is refused', async () => {
    const v = await vaultWith({ r: { allowed_policies: 'a' } });
    const before = body(await v.request('list', 'auth/token/accessors')).data.keys;
    expect((await createAgainst(v, 'r', { policies: 'b' })).status).toBe(400);
    expect((await createAgainst(v, 'r', { ttl: '-1s' })).status).toBe(400);
    expect(body(await v.request('list', 'auth/token/accessors')).data.keys).toEqual(before);
  });
});

describe('go-glob', () => {
  it('matches * anywhere, like ryanuber/go-glob', () => {
    expect(glob('*', 'x')).toBe(true);
    expect(glob('a*c', 'abbc')).toBe(true);
    expect(glob('a*c', 'abbcd')).toBe(false);
    expect(glob('*b*', 'abc')).toBe(true);
    expect(glob('ab', 'ab')).toBe(true);
    expect(glob('', '')).toBe(true);
    expect(glob('a*b*c', 'acbc')).toBe(true);
    expect(glob('x*', 'yx')).toBe(false);
  });
});
