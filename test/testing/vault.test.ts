// The test-fake knobs of createVault()/startVault(): seed, clock, faults, seal, restore points,
// reset, dump, createToken and the fetch handler.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVault, startVault } from '../../src/testing/index.js';
import { deferred } from '../support/deferred.js';

const errors = (body: unknown) => (body as { errors?: string[] }).errors;

describe('createVault knobs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('makes the root token, token ids and request ids reproducible with the same seed', async () => {
    const run = async (seed: number) => {
      const v = await createVault({ seed });
      const token = await v.createToken({ policies: ['default'], ttl: '1h' });
      const res = await v.request('read', 'auth/token/lookup-self');
      return { root: v.rootToken, token, requestId: (res.body as { request_id: string }).request_id };
    };
    const a = await run(42);
    expect(await run(42)).toEqual(a);
    expect((await run(43)).root).not.toBe(a.root);
  });

  it('createToken returns a token with the given id, policies and ttl', async () => {
    const v = await createVault({ clock: 'manual' });
    const id = await v.createToken({ id: 'app-token', policies: ['reader'], ttl: '2h' });
    expect(id).toBe('app-token');
    const data = (await v.request('read', 'auth/token/lookup-self', undefined, id)).body as { data: { policies: string[]; ttl: number } };
    expect(data.data.policies).toEqual(['default', 'reader']);
    expect(data.data.ttl).toBe(7200);
  });

  it('expires a token when the clock passes its ttl', async () => {
    const v = await createVault();
    const id = await v.createToken({ ttl: '1h' });
    expect((await v.request('read', 'auth/token/lookup-self', undefined, id)).status).toBe(200);
    v.clock.advance('61m');
    const res = await v.request('read', 'auth/token/lookup-self', undefined, id);
    expect(res.status).toBe(403);
  });

  it('deletes a version once delete_version_after has passed on the clock', async () => {
    const v = await createVault();
    expect((await v.request('update', 'secret/config', { delete_version_after: '1h' })).status).toBeLessThan(300);
    await v.kv().put('app', { password: 'p1' });
    expect((await v.request('read', 'secret/data/app')).status).toBe(200);
    v.clock.advance('2h');
    const res = await v.request('read', 'secret/data/app');
    expect(res.status).toBe(404);
    expect((res.body as { data: { metadata: { deletion_time: string } } }).data.metadata.deletion_time).not.toBe('');
  });

  it('answers injected faults only for the matching method and only `times` times', async () => {
    const v = await createVault();
    await v.kv().put('app', { a: 1 });
    v.faults.inject({ path: 'secret/data/*', method: 'GET', status: 500, errors: ['boom'], times: 2 });
    expect((await v.request('update', 'secret/data/app', { data: { a: 2 } })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await v.request('read', 'secret/data/app');
      expect(res.status).toBe(500);
      expect(errors(res.body)).toEqual(['boom']);
    }
    expect((await v.request('read', 'secret/data/app')).status).toBe(200);
    v.faults.inject({ path: 'secret/data/app', status: 429 });
    expect((await v.request('read', 'secret/data/app')).status).toBe(429);
    v.faults.clear();
    expect((await v.request('read', 'secret/data/app')).status).toBe(200);
  });

  it('holds every request back by the injected latency', async () => {
    const v = await createVault();
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    v.faults.latency(50);
    let done = false;
    const pending = v.request('read', 'sys/health').then((r) => { done = true; return r; });
    await vi.advanceTimersByTimeAsync(40);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect((await pending).status).toBe(200);
  });

  it('answers 503 "Vault is sealed" once sealed mid-test, and serves again after unseal', async () => {
    const v = await createVault();
    await v.kv().put('app', { a: 1 });
    await v.seal();
    const res = await v.request('read', 'secret/data/app');
    expect(res.status).toBe(503);
    expect(errors(res.body)).toEqual(['Vault is sealed']);
    expect(() => v.kv()).toThrow(/sealed/);
    await v.unseal();
    expect((await v.request('read', 'secret/data/app')).status).toBe(200);
  });

  it('restores a snapshot taken earlier', async () => {
    const v = await createVault();
    await v.kv().put('app', { a: 1 });
    const snap = v.snapshot();
    await v.kv().put('app', { a: 2 });
    await v.kv().put('other', { b: 1 });
    await v.restore(snap);
    expect((await v.kv().get('app'))?.data).toEqual({ a: 1 });
    expect(await v.kv().get('other')).toBeNull();
  });

  it('reset() returns to the fresh state: no secrets or tokens, clock, faults and seal undone', async () => {
    const v = await createVault({ seed: 5, clock: 'manual' });
    const start = v.clock.now();
    await v.kv().put('app', { a: 1 });
    const token = await v.createToken({ ttl: '1h' });
    v.faults.inject({ path: 'sys/health', status: 500 });
    v.clock.advance('3d');
    await v.seal();
    await v.reset();
    expect(v.clock.now()).toBe(start);
    expect((await v.request('read', 'sys/health')).status).toBe(200);
    expect(await v.kv().get('app')).toBeNull();
    expect((await v.request('read', 'auth/token/lookup-self', undefined, token)).status).toBe(403);
    expect((await v.request('read', 'auth/token/lookup-self')).status).toBe(200);
  });

  it('dump() lists keys and sizes without secret values unless asked', async () => {
    const v = await createVault();
    await v.kv().put('app', { password: 'hunter2-secret' });
    const sizes = await v.dump();
    expect(Object.keys(sizes).length).toBeGreaterThan(0);
    expect(Object.values(sizes).every((s) => typeof s === 'number')).toBe(true);
    expect(JSON.stringify(sizes)).not.toContain('hunter2-secret');
    expect(JSON.stringify(await v.dump({ values: true }))).toContain('hunter2-secret');
  });

  it('serves a real Request through fetch, the way globalThis.fetch is called', async () => {
    const v = await createVault();
    const put = await v.fetch(new Request('http://vault.test/v1/secret/data/app', {
      method: 'POST', headers: { 'X-Vault-Token': v.rootToken, 'Content-Type': 'application/json' }, body: JSON.stringify({ data: { k: 'v' } }),
    }));
    expect(put.status).toBe(200);
    const got = await v.fetch('http://vault.test/v1/secret/data/app', { headers: { 'X-Vault-Token': v.rootToken } });
    expect(((await got.json()) as { data: { data: unknown } }).data.data).toEqual({ k: 'v' });
    expect((await v.fetch(new Request('http://vault.test/v1/secret/data/app'))).status).toBe(403);
  });
});

describe('startVault', () => {
  it('serves over HTTP and drops open connections on request', async () => {
    await using s = await startVault();
    const ok = await fetch(`${s.url}/v1/sys/health`);
    expect(ok.status).toBe(200);
    s.vault.faults.latency(400);
    // Drop once the request is inside the vault (held by the latency), not after a guessed delay.
    const arrived = deferred();
    const apply = s.vault.faults.apply;
    Object.defineProperty(s.vault.faults, 'apply', { value: (req: Parameters<typeof apply>[0]) => { arrived.resolve(); return apply(req); } });
    const inFlight = fetch(`${s.url}/v1/sys/health`);
    const failed = inFlight.then(() => false, () => true);
    await arrived.promise;
    s.vault.faults.dropConnections();
    expect(await failed).toBe(true);
    s.vault.faults.clear();
    expect((await fetch(`${s.url}/v1/sys/health`)).status).toBe(200);
  });
});
