import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { VaultClient, VaultClientError } from '../../src/client/index.js';
import { setup } from './helpers.js';

const READ = 'GET kgc/data/api-credentials';

describe('getSecret cache', () => {
  it('serves a read within cacheTtl without a request, and reads again after it', async () => {
    const { clock, vault, client } = setup();
    expect(await client.getSecret('api-credentials', 'api_key')).toBe('initial');
    expect(vault.count(READ)).toBe(1);
    clock.advance('4m59s');
    expect(await client.getSecret('api-credentials', 'api_key')).toBe('initial');
    expect(vault.count(READ)).toBe(1);
    clock.advance('1s');
    await client.getSecret('api-credentials');
    expect(vault.count(READ)).toBe(2);
    await client.close();
  });

  it('matches a model of hits and misses for any sequence of reads, clock moves and refreshes', async () => {
    type Op = { kind: 'read' } | { kind: 'refresh' } | { kind: 'advance'; ms: number } | { kind: 'write' };
    const op = fc.oneof(
      fc.constant<Op>({ kind: 'read' }),
      fc.constant<Op>({ kind: 'refresh' }),
      fc.constant<Op>({ kind: 'write' }),
      fc.integer({ min: 0, max: 200_000 }).map((ms): Op => ({ kind: 'advance', ms })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        const { clock, vault, client } = setup({ cacheTtl: '1m' });
        let fetchedAt: number | null = null;
        let expectedReads = 0;
        let written = 0;
        for (const o of ops) {
          if (o.kind === 'advance') clock.advance(o.ms);
          else if (o.kind === 'write') {
            await client.rotate('api-credentials');
            written++;
            fetchedAt = clock.now(); // the client caches what it wrote
          } else {
            const fresh = fetchedAt !== null && clock.now() - fetchedAt < 60_000;
            const data = await client.getSecret('kgc/api-credentials', undefined, { refresh: o.kind === 'refresh' });
            if (o.kind === 'refresh' || !fresh) { expectedReads++; fetchedAt = clock.now(); }
            expect(data).toEqual(vault.latest('api-credentials'));
          }
        }
        expect(vault.count(READ)).toBe(expectedReads + written); // rotate reads the current version once
        await client.close();
      }),
      { numRuns: 40 },
    );
  });

  it('shares one request among concurrent misses for one key', async () => {
    const { vault, client } = setup();
    vault.delayMs = 5;
    const all = await Promise.all(Array.from({ length: 10 }, (_, i) => client.getSecret(i % 2 ? 'api-credentials' : 'kgc/api-credentials')));
    expect(vault.count(READ)).toBe(1);
    for (const d of all) expect(d).toBe(all[0]);
    await client.close();
  });

  it('bypasses the cache with refresh: true', async () => {
    const { vault, client } = setup();
    await client.getSecret('api-credentials');
    vault.put('api-credentials', { api_key: 'changed elsewhere' });
    expect(await client.getSecret('api-credentials', 'api_key')).toBe('initial');
    expect(await client.getSecret('api-credentials', 'api_key', { refresh: true })).toBe('changed elsewhere');
    expect(await client.getSecret('api-credentials', 'api_key')).toBe('changed elsewhere');
    await client.close();
  });

  it.each(['rotate', 'rollback'] as const)('does not let a read that began before the client’s own %s fill the cache', async (write) => {
    const { vault, client } = setup();
    vault.put('api-credentials', { api_key: 'second' });
    // Hold the first data read until the write (and the reads it makes) has finished.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first = true;
    const slowFirst: typeof vault.fetch = async (url, init) => {
      const answer = await vault.fetch(url, init);
      if (first && init.method === 'GET' && url.includes('/data/')) { first = false; await held; }
      return answer;
    };
    const c2 = new VaultClient({ address: 'http://vault.test', token: vault.rootToken, clock: vault.clock, fetch: slowFirst, mount: 'kgc' });
    const before = c2.getSecret('api-credentials', 'api_key');
    if (write === 'rotate') await c2.rotate('api-credentials');
    else await c2.rollback('api-credentials', 1);
    release();
    expect(await before).toBe('second'); // the caller asked before the write
    expect(await c2.getSecret('api-credentials', 'api_key')).toBe(vault.latest('api-credentials')!.api_key);
    await c2.close();
    await client.close();
  });

  it('answers peek synchronously from the cache only', async () => {
    const { clock, client } = setup();
    expect(client.peek('api-credentials', 'api_key')).toBeUndefined();
    await client.getSecret('api-credentials');
    expect(client.peek('api-credentials', 'api_key')).toBe('initial');
    expect(client.peek('kgc/api-credentials')).toEqual({ api_key: 'initial', created_at: '2026-01-01T00:00:00Z' });
    clock.advance('5m');
    expect(client.peek('api-credentials')).toBeUndefined();
    await client.close();
  });

  it('returns frozen data so callers cannot change the cache', async () => {
    const { client } = setup();
    const data = await client.getSecret('api-credentials');
    expect(Object.isFrozen(data)).toBe(true);
    expect(() => { (data as Record<string, unknown>).api_key = 'x'; }).toThrow(TypeError);
    await client.close();
  });

  it('names a missing field and a missing key in Vault’s words', async () => {
    const { client } = setup();
    await expect(client.getSecret('api-credentials', 'nope')).rejects.toMatchObject({ kind: 'field-missing', message: 'Field "nope" not present in secret' });
    const err = await client.getSecret('no-such-key').catch((e) => e);
    expect(err).toBeInstanceOf(VaultClientError);
    expect(err).toMatchObject({ kind: 'not-found', status: 404 });
    expect(err.message).toBe('No value found at kgc/data/no-such-key');
    await client.close();
  });

  it('refuses paths with empty or parent segments before any request', async () => {
    const { vault, client } = setup();
    for (const bad of ['', 'kgc/', 'a//b', '../x', 'a/./b']) await expect(client.getSecret(bad)).rejects.toThrow(/invalid secret path/);
    expect(vault.requests).toEqual([]);
    await client.close();
  });
});
