// The expiration manager through core (hashicorp/vault vault/expiration.go): tokens revoked when their lease runs out on the
// vault's clock (children, cubbyhole and storage with them), secret leases of a leased KV mount
// registered, looked up, listed, renewed and revoked, token leases addressed by sys/leases, and
// Vault's answers for each bad request.
import { describe, expect, it } from 'vitest';
import { createVault, type TestVault } from '../../src/testing/index.js';

type Body = Record<string, unknown>;
const body = (res: { body?: unknown }) => res.body as Body;
const data = (res: { body?: unknown }) => body(res).data as Body;

async function leasedKv(vault: TestVault): Promise<string> {
  await vault.request('update', 'sys/mounts/kv1', { type: 'kv', options: { version: '1', leased_passthrough: 'true' } });
  await vault.request('update', 'kv1/app', { password: 'p', ttl: '1h' });
  const read = await vault.request('read', 'kv1/app');
  return body(read).lease_id as string;
}

describe('token expiry', () => {
  it('revokes a token, its children and its cubbyhole once its TTL has passed, and its storage goes', async () => {
    const vault = await createVault({ clock: 'manual' });
    await vault.request('update', 'sys/policies/acl/creator', { policy: 'path "auth/token/create" { capabilities = ["update"] }' });
    const before = Object.keys(await vault.dump()).length;
    const parent = await vault.createToken({ policies: ['creator'], ttl: '1h' });
    const child = body(await vault.request('update', 'auth/token/create', { policies: ['default'], ttl: '4h' }, parent)).auth as Body;
    await vault.request('update', 'cubbyhole/x', { v: 1 }, parent);
    vault.clock.advance('59m');
    expect((await vault.request('read', 'auth/token/lookup-self', undefined, parent)).status).toBe(200);
    vault.clock.advance('2m');
    await vault.core.expireDue();
    expect((await vault.request('read', 'auth/token/lookup-self', undefined, parent)).status).toBe(403);
    expect((await vault.request('read', 'auth/token/lookup-self', undefined, child.client_token as string)).status).toBe(403);
    expect(Object.keys(await vault.dump()).length).toBe(before);
  });

  it('leaves storage at its earlier size after 2,000 short-lived tokens expire', async () => {
    const vault = await createVault({ clock: 'manual' });
    const before = Object.keys(await vault.dump()).length;
    for (let i = 0; i < 2000; i++) await vault.tokens.create({
      parentHash: '', policies: ['default'], path: 'auth/token/create', meta: null, displayName: 'token', numUses: 0,
      creationTime: Math.floor(vault.clock.now() / 1000), ttl: 2, explicitMaxTtl: 0, period: 0, type: 'service', entityId: '',
      lease: { issueTime: vault.clock.now(), expireTime: vault.clock.now() + 2000, lastRenewalTime: 0, ttl: 2, renewable: true },
    });
    expect(Object.keys(await vault.dump()).length).toBeGreaterThanOrEqual(before + 4000);
    vault.clock.advance('3s');
    await vault.request('read', 'sys/mounts'); // the next request reaps what is due
    expect(Object.keys(await vault.dump()).length).toBe(before);
  });
});

describe('secret leases (KV with leased_passthrough)', () => {
  it('registers a lease on read with the entry\'s TTL, and lookup reports it', async () => {
    const vault = await createVault({ clock: 'manual' });
    const id = await leasedKv(vault);
    expect(id).toMatch(/^kv1\/app\/[0-9A-Za-z]{24}$/);
    const read = body(await vault.request('read', 'kv1/app'));
    expect(read).toMatchObject({ lease_duration: 3600, renewable: true });
    const look = data(await vault.request('update', 'sys/leases/lookup', { lease_id: id }));
    expect(Object.keys(look)).toEqual(['expire_time', 'id', 'issue_time', 'last_renewal', 'renewable', 'ttl']);
    expect(look).toMatchObject({ id, last_renewal: null, renewable: true, ttl: 3600 });
  });

  it('lists leases by prefix (sudo), renews them and revokes them', async () => {
    const vault = await createVault({ clock: 'manual' });
    const id = await leasedKv(vault);
    expect(data(await vault.request('list', 'sys/leases/lookup/kv1/'))).toEqual({ keys: ['app/'] });
    expect(data(await vault.request('list', 'sys/leases/lookup/kv1/app/'))).toEqual({ keys: [id.slice('kv1/app/'.length)] });
    vault.clock.advance('10m');
    const renewed = body(await vault.request('update', 'sys/leases/renew', { lease_id: id }));
    expect(renewed).toMatchObject({ lease_id: id, lease_duration: 3600, renewable: true });
    expect(data(await vault.request('update', 'sys/leases/lookup', { lease_id: id })).last_renewal).not.toBeNull();
    expect(await vault.request('update', 'sys/leases/revoke', { lease_id: id })).toEqual({ status: 204 });
    expect(await vault.request('update', 'sys/leases/lookup', { lease_id: id })).toEqual({ status: 400, body: { errors: ['invalid lease'] } });
    expect(await vault.request('update', 'sys/leases/renew', { lease_id: id })).toEqual({ status: 400, body: { errors: ['lease not found'] } });
  });

  it('revokes a prefix, answers 202 for an asynchronous revoke, and ends leases with their token', async () => {
    const vault = await createVault({ clock: 'manual' });
    const id = await leasedKv(vault);
    expect(await vault.request('update', `sys/leases/revoke/${id}`, { sync: false })).toEqual({ status: 202 });
    const again = await leasedKv(vault);
    expect(await vault.request('update', 'sys/leases/revoke-prefix/kv1/app', {})).toEqual({ status: 204 });
    expect((await vault.request('update', 'sys/leases/lookup', { lease_id: again })).status).toBe(400);
    await vault.request('update', 'sys/policies/acl/reader', { policy: 'path "kv1/*" { capabilities = ["read"] }' });
    const t = await vault.createToken({ policies: ['reader'] });
    const mine = body(await vault.request('read', 'kv1/app', undefined, t)).lease_id as string;
    await vault.request('update', 'auth/token/revoke-self', {}, t);
    expect((await vault.request('update', 'sys/leases/lookup', { lease_id: mine })).status).toBe(400);
  });

  it('expires a lease on the clock', async () => {
    const vault = await createVault({ clock: 'manual' });
    const id = await leasedKv(vault);
    vault.clock.advance('2h');
    await vault.request('read', 'sys/mounts');
    expect(await vault.request('update', 'sys/leases/lookup', { lease_id: id })).toEqual({ status: 400, body: { errors: ['invalid lease'] } });
  });
});

describe('token leases in sys/leases', () => {
  it('lists token leases by creation path, refuses to renew them here, and revokes them by prefix', async () => {
    const vault = await createVault({ clock: 'manual' });
    const t = await vault.createToken({ policies: ['default'], ttl: '1h' });
    const keys = data(await vault.request('list', 'sys/leases/lookup/auth/token/create/')).keys as string[];
    expect(keys).toHaveLength(1);
    const id = `auth/token/create/${keys[0]}`;
    expect(keys[0]).toMatch(/^h[0-9a-f]{64}$/);
    expect(data(await vault.request('update', 'sys/leases/lookup', { lease_id: id }))).toMatchObject({ id, renewable: true, ttl: 3600 });
    expect(await vault.request('update', 'sys/leases/renew', { lease_id: id }))
      .toEqual({ status: 400, body: { errors: ['tokens cannot be renewed through this endpoint'] } });
    expect(await vault.request('update', 'sys/leases/revoke-prefix/auth/token/create', {})).toEqual({ status: 204 });
    expect((await vault.request('read', 'auth/token/lookup-self', undefined, t)).status).toBe(403);
    expect((await vault.request('read', 'auth/token/lookup-self')).status).toBe(200); // the root token has no lease
  });
});

describe('sys/leases bad input', () => {
  it('answers each with Vault\'s status and words', async () => {
    const vault = await createVault({ clock: 'manual' });
    expect(await vault.request('update', 'sys/leases/lookup', {})).toEqual({ status: 400, body: { errors: ['lease_id must be specified'] } });
    expect(await vault.request('update', 'sys/leases/renew', {})).toEqual({ status: 400, body: { errors: ['lease_id must be specified'] } });
    expect(await vault.request('update', 'sys/leases/revoke', {})).toEqual({ status: 400, body: { errors: ['lease_id must be specified'] } });
    expect(await vault.request('update', 'sys/leases/revoke', { lease_id: 'nope/x' })).toEqual({ status: 204 });
    expect(await vault.request('list', 'sys/leases/lookup/nothing/')).toEqual({ status: 404, body: { errors: [] } });
    expect(await vault.request('read', 'sys/leases/count', { type: 'other' })).toEqual({ status: 404, body: { errors: [] } });
    expect(data(await vault.request('read', 'sys/leases/count', { type: 'IRREVOCABLE' }))).toEqual({ counts: {}, lease_count: 0 });
    const renewNeg = await vault.request('update', 'sys/leases/renew', { lease_id: 'x', increment: -5 });
    expect(renewNeg).toEqual({ status: 400, body: { errors: ['Field validation failed: error converting input -5 for field "increment": cannot provide negative value \'-5\''] } });
  });

  it('needs sudo for revoke-prefix and the lease listing', async () => {
    const vault = await createVault({ clock: 'manual' });
    await vault.request('update', 'sys/policies/acl/leases', { policy: 'path "sys/leases/*" { capabilities = ["update", "list"] }' });
    const t = await vault.createToken({ policies: ['leases'] });
    expect((await vault.request('update', 'sys/leases/revoke-prefix/kv1', {}, t)).status).toBe(403);
    expect((await vault.request('list', 'sys/leases/lookup/', undefined, t)).status).toBe(403);
    expect((await vault.request('update', 'sys/leases/revoke', { lease_id: 'x' }, t)).status).toBe(204);
  });

  it('answers tidy with Vault\'s raw 202 body', async () => {
    const vault = await createVault({ clock: 'manual' });
    const res = await vault.request('update', 'sys/leases/tidy', {});
    expect(res.status).toBe(202);
    expect(body(res)).toMatchObject({ lease_id: '', data: null, auth: null, warnings: ["Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."] });
  });
});

describe('the test fake\'s leases knob', () => {
  it('lists every lease, expires what is due on the clock and revokes one at once', async () => {
    const vault = await createVault({ clock: 'manual' });
    const id = await leasedKv(vault);
    await vault.createToken({ policies: ['default'], ttl: '10m' });
    const all = await vault.leases.list();
    expect(all).toContain(id);
    expect(all.filter((l) => l.startsWith('auth/token/create/'))).toHaveLength(1);
    vault.clock.advance('11m');
    await vault.leases.expire();
    expect(await vault.leases.list()).toEqual([id]);
    await vault.leases.revoke(id);
    expect(await vault.leases.list()).toEqual([]);
  });
});

describe('a manual clock', () => {
  it('reaps what ran out as soon as it is moved', async () => {
    const vault = await createVault({ clock: 'manual' });
    const before = Object.keys(await vault.dump()).length;
    await vault.createToken({ policies: ['default'], ttl: '1m' });
    vault.clock.advance('2m');
    // The move already queued the revocation: by the time this call's turn comes, nothing is left.
    expect(await vault.leases.expire()).toBe(0);
    expect(Object.keys(await vault.dump()).length).toBe(before);
  });
});
