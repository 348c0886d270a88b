import { describe, it, expect } from 'vitest';
import { VaultClient } from '../../src/client/index.js';
import { DAY, HOUR, record, setup } from './helpers.js';

const RENEW = 'POST auth/token/renew-self';

describe('token lifecycle', () => {
  it('renews a 24 h token at 12 h, and the token lives past 24 h', async () => {
    const { clock, vault, client } = setup();
    const log = record(client, 'renewed', 'renew-stopped', 'expired');
    const start = clock.now();
    const info = await client.connect();
    expect(info).toMatchObject({ ttlSeconds: 86400, renewable: true, expiresAt: start + DAY });
    expect(client.pendingWork()).toContainEqual({ name: 'token-renewal', dueAt: start + 12 * HOUR });
    clock.advance('11h59m');
    await client.tick();
    expect(vault.count(RENEW)).toBe(0);
    clock.advance('1m');
    await client.tick();
    expect(vault.count(RENEW)).toBe(1);
    expect(log).toEqual([{ type: 'renewed', event: { ttlSeconds: 86400, expiresAt: start + 36 * HOUR } }]);
    clock.advance('12h');
    await client.tick(); // the second renewal, at 24 h
    clock.advance('1h');
    expect(vault.count(RENEW)).toBe(2);
    expect(await client.getSecret('api-credentials', 'api_key')).toBe('initial');
    expect(client.token?.expiresAt).toBe(start + 48 * HOUR);
    expect(log.map((l) => l.type)).toEqual(['renewed', 'renewed']);
    await client.close();
  });

  it('lets a non-renewable token expire, then says so instead of serving cached data', async () => {
    const { clock, vault, client } = setup({ renewable: false });
    const log = record(client, 'renew-stopped', 'expired');
    await client.connect();
    expect(log).toEqual([{ type: 'renew-stopped', event: { reason: 'not-renewable', expiresAt: clock.now() + DAY } }]);
    clock.advance('23h58m');
    await client.getSecret('api-credentials'); // cached for 5 minutes...
    clock.advance('3m'); // ...but the token ended 1 minute ago
    await client.tick();
    expect(log.map((l) => l.type)).toEqual(['renew-stopped', 'expired']);
    expect(client.peek('api-credentials')).toBeUndefined();
    const err = await client.getSecret('api-credentials').catch((e) => e);
    expect(err).toMatchObject({ name: 'VaultClientError', kind: 'permission-denied', status: 403, errors: ['permission denied'] });
    expect(err.message).toContain('permission denied');
    expect(err.message).toContain('the client token expired at 2026-01-02T00:00:00Z');
    expect(vault.count(RENEW)).toBe(0);
    await client.close();
  });

  it('stops renewing when Vault grants less than before (max TTL reached), and expires at the max', async () => {
    const { clock, client } = setup({ maxTtl: 30 * 3600 });
    const log = record(client, 'renewed', 'renew-stopped', 'expired');
    const start = clock.now();
    await client.connect();
    clock.advance('12h');
    await client.tick();
    expect(log).toEqual([
      { type: 'renewed', event: { ttlSeconds: 18 * 3600, expiresAt: start + 30 * HOUR } },
      { type: 'renew-stopped', event: { reason: 'max-ttl', expiresAt: start + 30 * HOUR } },
    ]);
    expect(client.pendingWork().map((p) => p.name)).toEqual(['token-expiry']);
    clock.advance('18h');
    await client.tick();
    expect(log.at(-1)).toEqual({ type: 'expired', event: { expiredAt: start + 30 * HOUR } });
    await client.close();
  });

  it('stops at a revoked token and stops serving what it cached with it', async () => {
    const { clock, vault, token, client } = setup();
    const log = record(client, 'renew-stopped');
    await client.connect();
    await client.getSecret('api-credentials');
    vault.revoke(token);
    clock.advance('12h');
    await client.tick();
    expect(log).toHaveLength(1);
    expect(log[0]!.event).toMatchObject({ reason: 'revoked', expiresAt: null, error: { kind: 'permission-denied', status: 403 } });
    expect(client.pendingWork()).toEqual([]);
    expect(client.peek('api-credentials')).toBeUndefined();
    await expect(client.getSecret('api-credentials')).rejects.toMatchObject({ kind: 'permission-denied' });
    await client.close();
  });

  it('retries a failed renewal with backoff and jitter, never past the token’s end', async () => {
    const { clock, vault, client } = setup();
    const log = record(client, 'renew-failed', 'renewed', 'expired');
    const start = clock.now();
    await client.connect();
    vault.sealed = true;
    clock.advance('12h');
    await client.tick();
    // Vault stays sealed: follow every retry until the token runs out.
    while (clock.now() < start + DAY) {
      const next = client.pendingWork().find((p) => p.name.startsWith('token-'))!;
      clock.set(Math.max(clock.now(), next.dueAt));
      await client.tick();
    }
    const failures = log.filter((l) => l.type === 'renew-failed').map((l) => l.event);
    expect(failures.length).toBeGreaterThan(5);
    let prev = start + 12 * HOUR;
    for (const [i, f] of failures.entries()) {
      expect(f.attempt).toBe(i + 1);
      expect(f.error.kind).toBe('sealed');
      expect(f.retryAt).toBeLessThan(start + DAY);
      const base = Math.min(300_000, 10_000 * 2 ** i);
      const delay = f.retryAt - prev;
      // jittered within ±50 %, or halved to fit before expiry
      expect(delay <= base * 1.5 && (delay >= base * 0.5 || delay <= (start + DAY - prev) / 2 + 1)).toBe(true);
      prev = f.retryAt;
    }
    expect(new Set(failures.map((f) => f.retryAt - 0)).size).toBe(failures.length);
    expect(log.at(-1)).toEqual({ type: 'expired', event: { expiredAt: start + DAY } });
    await client.close();
  });

  it('recovers renewal once Vault answers again', async () => {
    const { clock, vault, client } = setup({ probeInterval: '5s' });
    const log = record(client, 'renew-failed', 'renewed', 'recovered');
    await client.connect();
    vault.sealed = true;
    clock.advance('12h');
    await client.tick();
    vault.sealed = false;
    clock.advance('15s');
    await client.tick();
    expect(log.map((l) => l.type)).toEqual(['renew-failed', 'recovered', 'renewed']);
    expect(client.degraded).toBe(false);
    await client.close();
  });

  it('schedules nothing for a token that never expires', async () => {
    const { vault, client } = setup();
    const root = new VaultClient({ address: 'http://vault.test', token: vault.rootToken, clock: vault.clock, fetch: vault.fetch, mount: 'kgc' });
    expect(await root.connect()).toMatchObject({ ttlSeconds: 0, expiresAt: null });
    expect(root.pendingWork()).toEqual([]);
    await root.close();
    await client.close();
  });

  it('refuses to start with a token Vault does not know', async () => {
    const { vault } = setup();
    const bad = new VaultClient({ address: 'http://vault.test', token: 'hvs.nope', clock: vault.clock, fetch: vault.fetch, mount: 'kgc' });
    await expect(bad.connect()).rejects.toMatchObject({ kind: 'permission-denied', status: 403, errors: ['permission denied'] });
    expect(bad.degraded).toBe(false);
    await bad.close();
  });

  it('reports a token refused after a degraded start once Vault is back', async () => {
    const { clock, vault, token, client } = setup();
    const log = record(client, 'degraded', 'recovered', 'renew-stopped');
    vault.down = true;
    expect(await client.connect()).toBeNull();
    vault.down = false;
    vault.revoke(token);
    clock.advance('5s');
    await client.tick();
    expect(log.map((l) => l.type)).toEqual(['degraded', 'recovered', 'renew-stopped']);
    expect(log[2]!.event).toMatchObject({ reason: 'revoked', error: { kind: 'permission-denied' } });
    await client.close();
  });
});
