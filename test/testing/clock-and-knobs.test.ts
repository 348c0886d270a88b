// The test fake's clock (real time by default, moved at once by advance(), frozen only when asked)
// and its knobs, which keep working when their methods are destructured.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVault, startVault } from '../../src/testing/index.js';
import { parseRfc3339Nano, rfc3339Nano, TestClock } from '../../src/util/clock.js';

const GO_RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
const HOUR = 3_600_000;

type Body = { data: Record<string, unknown> };
const lookup = async (v: Awaited<ReturnType<typeof createVault>>, token: string) =>
  (await v.request('read', 'auth/token/lookup-self', undefined, token));

describe('the test clock', () => {
  it('runs on real time by default: timestamps are near Date.now()', async () => {
    const v = await createVault();
    expect(v.clock.frozen).toBe(false);
    expect(Math.abs(v.clock.now() - Date.now())).toBeLessThan(1000);
    const token = await v.createToken({ ttl: '1h' });
    const data = (await lookup(v, token)).body as Body;
    const expire = Date.parse(data.data.expire_time as string);
    expect(Math.abs(expire - (Date.now() + HOUR))).toBeLessThan(5000);
    const created = Date.parse((await v.kv().put('app', { a: 1 })).created_time);
    expect(Math.abs(created - Date.now())).toBeLessThan(5000);
  });

  it('moves forward at once on advance(), and what ran out is revoked', async () => {
    const v = await createVault();
    const token = await v.createToken({ ttl: '1h' });
    const before = v.clock.now();
    v.clock.advance('2h');
    expect(v.clock.now() - before).toBeGreaterThanOrEqual(2 * HOUR);
    expect(v.clock.now() - before).toBeLessThan(2 * HOUR + 1000);
    await v.leases.expire();
    expect(await v.tokens.lookup(token)).toBeUndefined();
    expect((await lookup(v, token)).status).toBe(403);
  });

  it('keeps running after advance() (an offset over real time, not a freeze)', async () => {
    const clock = new TestClock();
    clock.advance('1d');
    const a = clock.preciseNow();
    let b = clock.preciseNow();
    while (b === a) b = clock.preciseNow();
    expect(b).toBeGreaterThan(a);
  });

  it('stays frozen with clock: "manual" (at 2026-01-01 unless now is given)', async () => {
    const v = await createVault({ clock: 'manual' });
    expect(v.clock.frozen).toBe(true);
    expect(v.clock.now()).toBe(Date.UTC(2026, 0, 1));
    const token = await v.createToken({ ttl: '1h' });
    expect(((await lookup(v, token)).body as Body).data.expire_time).toBe('2026-01-01T01:00:00Z');
    v.clock.advance('59m');
    expect(((await lookup(v, token)).body as Body).data.ttl).toBe(60);
  });

  it('stays frozen with now: Date, at that time', async () => {
    const at = new Date('2030-05-06T07:08:09.5Z');
    const v = await createVault({ now: at });
    expect(v.clock.frozen).toBe(true);
    expect((await v.kv().put('k', { a: 1 })).created_time).toBe('2030-05-06T07:08:09.5Z');
    expect(v.clock.now()).toBe(at.getTime());
  });

  it('is not frozen by a seed alone', async () => {
    const v = await createVault({ seed: 7 });
    expect(v.clock.frozen).toBe(false);
    expect(Math.abs(v.clock.now() - Date.now())).toBeLessThan(1000);
  });

  it('reset() takes a running clock back to real time', async () => {
    const v = await createVault();
    v.clock.advance('30d');
    await v.reset();
    expect(Math.abs(v.clock.now() - Date.now())).toBeLessThan(1000);
  });

  it('is shared by startVault() and its vault', async () => {
    const s = await startVault({ clock: 'manual', now: Date.UTC(2027, 0, 1) });
    try {
      expect(s.clock).toBe(s.vault.clock);
      expect(s.clock.now()).toBe(Date.UTC(2027, 0, 1));
    } finally {
      await s.close();
    }
  });
});

describe('Go RFC3339Nano timestamps', () => {
  it('formats any instant with up to nine digits, trailing zeros trimmed, no fraction when whole', () => {
    // Up to 2100: a double holds those milliseconds to under 500 ns.
    fc.assert(fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), fc.integer({ min: 0, max: 999_000 }), (ms, subNs) => {
      const s = rfc3339Nano(ms + subNs / 1e6);
      expect(s).toMatch(GO_RFC3339_NANO);
      expect(s).not.toMatch(/\.\d*0Z$/);
      expect(s.slice(0, 19)).toBe(new Date(ms).toISOString().slice(0, 19));
      const frac = (/\.(\d+)Z$/.exec(s)?.[1] ?? '').padEnd(9, '0');
      expect(Math.abs(Number(frac) - (ms % 1000) * 1e6 - subNs)).toBeLessThanOrEqual(500);
      if (subNs === 0) expect(s).toBe(new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z'));
      expect(rfc3339Nano(parseRfc3339Nano(s))).toBe(s);
    }), { numRuns: 500 });
  });

  it('prints whole seconds bare and keeps significant digits', () => {
    expect(rfc3339Nano(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00Z');
    expect(rfc3339Nano(Date.UTC(2026, 0, 1) + 120)).toBe('2026-01-01T00:00:00.12Z');
    expect(rfc3339Nano(Date.UTC(2026, 0, 1) + 0.5)).toBe('2026-01-01T00:00:00.0005Z');
  });
});

describe('knobs that can be destructured', () => {
  it('faults: inject, latency, clear, dropConnections', async () => {
    const v = await createVault();
    const { inject, clear, latency, dropConnections } = v.faults;
    inject({ path: 'sys/health', status: 503, times: 1 });
    expect((await v.request('read', 'sys/health')).status).toBe(503);
    latency(0);
    inject({ path: 'sys/health', status: 500 });
    clear();
    expect((await v.request('read', 'sys/health')).status).toBe(200);
    expect(() => dropConnections()).not.toThrow();
  });

  it('clock: now, advance, set, onMove', async () => {
    const v = await createVault({ clock: 'manual' });
    const { now, advance, set, onMove } = v.clock;
    let moves = 0;
    onMove(() => moves++);
    advance('1h');
    expect(now()).toBe(Date.UTC(2026, 0, 1, 1));
    set(Date.UTC(2027, 0, 1));
    expect(now()).toBe(Date.UTC(2027, 0, 1));
    expect(moves).toBe(2);
  });

  it('the vault itself: request, createToken, seal, unseal, snapshot, restore, reset, dump', async () => {
    const v = await createVault();
    const { request, createToken, seal, unseal, snapshot, restore, reset, dump } = v;
    const snap = snapshot();
    const token = await createToken({ policies: ['default'] });
    expect((await request('read', 'auth/token/lookup-self', undefined, token)).status).toBe(200);
    await restore(snap);
    expect((await request('read', 'auth/token/lookup-self', undefined, token)).status).toBe(403);
    await seal();
    expect((await request('read', 'sys/health')).status).toBe(503);
    await unseal();
    expect(Object.keys(await dump()).length).toBeGreaterThan(0);
    await reset();
    expect((await request('read', 'sys/health')).status).toBe(200);
  });

  it('leases, audit, tokens, policies and kv', async () => {
    const v = await createVault();
    expect((await v.request('update', 'sys/audit/mem', { type: 'memory' })).status).toBe(204);
    const { list, expire, revoke } = v.leases;
    const { memory, hash } = v.audit;
    const { lookup: lookupToken } = v.tokens;
    const { get: getPolicy } = v.policies;
    const { put, get } = v.kv();
    await put('app', { a: 1 });
    expect((await get('app'))!.data).toEqual({ a: 1 });
    const token = await v.createToken({ ttl: '1h' });
    expect((await lookupToken(token))?.id).toBe(token);
    expect(await getPolicy('default')).toBeDefined();
    const leases = await list('auth/token/');
    expect(leases).toHaveLength(1);
    expect(await expire()).toBe(0);
    await revoke(leases[0]!);
    expect(await lookupToken(token)).toBeUndefined();
    expect(hash('mem/', 'x')).toMatch(/^hmac-sha256:/);
    expect(memory('mem/')?.entries().length).toBeGreaterThan(0);
  });
});
