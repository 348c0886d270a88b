// auth/token/create/<role> (hashicorp/vault vault/token_store.go handleCreateCommon's role
// branches, authRenew): each policy rule, orphan, path suffix, token type, period, explicit max
// TTL, use limit, bound CIDRs, entity aliases and renewal. A refused create makes no token.
import { describe, expect, it } from 'vitest';
import { body, vaultWith, createAgainst, lookup, type Vault } from './token-roles-helpers.js';

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
