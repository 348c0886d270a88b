import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { VaultClient, VaultClientError } from '../../src/client/index.js';
import { SeededRandom } from '../../src/util/random.js';
import { DAY, record, setup } from './helpers.js';

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

describe('rotate', () => {
  it('writes a 64-byte random value and created_at as a new version, keeping other fields', async () => {
    const { clock, vault, client } = setup();
    vault.put('api-credentials', { api_key: 'old', client_id: 'svc-1' });
    const log = record(client, 'rotated');
    const r = await client.rotate('api-credentials');
    expect(r).toMatchObject({ path: 'kgc/api-credentials', field: 'api_key', version: 3 });
    expect(r.value).toMatch(/^[0-9a-f]{128}$/);
    expect(r.createdAt).toMatch(RFC3339);
    expect(Date.parse(r.createdAt)).toBe(clock.now());
    expect(vault.latest('api-credentials')).toEqual({ api_key: r.value, client_id: 'svc-1', created_at: r.createdAt });
    expect(log).toEqual([{ type: 'rotated', event: { path: 'kgc/api-credentials', field: 'api_key', version: 3, createdAt: r.createdAt } }]);
    expect(await client.getSecret('api-credentials', 'api_key')).toBe(r.value);
    await client.close();
  });

  it('encodes exactly the requested number of random bytes in either encoding', async () => {
    const { client } = setup();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 512 }), fc.constantFrom('hex' as const, 'base64' as const), async (bytes, encoding) => {
        const r = await client.rotate('sized', { field: 'secret', bytes, encoding });
        expect(Buffer.from(r.value, encoding).length).toBe(bytes);
        expect(Buffer.from(r.value, encoding).toString(encoding)).toBe(r.value);
      }),
      { numRuns: 30 },
    );
    await client.close();
  });

  it('lets exactly one of two concurrent rotations win; the other gets Vault’s cas error', async () => {
    const { vault, client } = setup();
    const other = new VaultClient({ address: 'http://vault.test', token: vault.rootToken, clock: vault.clock, fetch: vault.fetch, mount: 'kgc', random: new SeededRandom(99) });
    const before = vault.versions('api-credentials');
    const results = await Promise.allSettled([client.rotate('api-credentials'), other.rotate('api-credentials')]);
    expect(vault.versions('api-credentials')).toBe(before + 1);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const err = lost[0]!.reason;
    expect(err).toBeInstanceOf(VaultClientError);
    expect(err).toMatchObject({ kind: 'cas-mismatch', status: 400, errors: ['check-and-set parameter did not match the current version'] });
    expect(vault.latest('api-credentials')!.api_key).toBe((won[0] as PromiseFulfilledResult<{ value: string }>).value.value);
    await other.close();
    await client.close();
  });

  it('refuses bad options before any request', async () => {
    const { vault, client } = setup();
    await expect(client.rotate('api-credentials', { bytes: 0 })).rejects.toThrow(/bytes/);
    await expect(client.rotate('api-credentials', { encoding: 'utf8' as never })).rejects.toThrow(/encoding/);
    await expect(client.rotate('api-credentials', { field: 'created_at' })).rejects.toThrow(/field/);
    expect(vault.requests).toEqual([]);
    await client.close();
  });
});

describe('scheduleRotation', () => {
  it('rotates when 30 days have passed on the clock, and not before', async () => {
    const { clock, vault, client } = setup({ root: true });
    const schedule = await client.scheduleRotation('api-credentials', { every: '30d' });
    expect(vault.versions('api-credentials')).toBe(1);
    expect(schedule.nextAt).toBe(clock.now() + 30 * DAY);
    clock.advance('719h'); // 29 days 23 hours
    await client.tick();
    expect(vault.versions('api-credentials')).toBe(1);
    clock.advance('1h');
    await client.tick();
    expect(vault.versions('api-credentials')).toBe(2);
    expect(vault.latest('api-credentials')!.api_key).toMatch(/^[0-9a-f]{128}$/);
    expect(schedule.nextAt).toBe(clock.now() + 30 * DAY);
    schedule.cancel();
    clock.advance('60d');
    await client.tick();
    expect(vault.versions('api-credentials')).toBe(2);
    await client.close();
  });

  it('takes the interval from custom_metadata.rotation_days', async () => {
    const { clock, vault, client } = setup({ root: true });
    vault.setCustomMetadata('api-credentials', { rotation_days: '7' });
    const schedule = await client.scheduleRotation('api-credentials');
    expect(schedule.everyMs).toBe(7 * DAY);
    clock.advance('7d');
    await client.tick();
    expect(vault.versions('api-credentials')).toBe(2);
    await client.close();
  });

  it('refuses a key with no interval or a malformed rotation_days', async () => {
    const { vault, client } = setup({ root: true });
    await expect(client.scheduleRotation('api-credentials')).rejects.toThrow(/rotation_days/);
    vault.setCustomMetadata('api-credentials', { rotation_days: 'monthly' });
    await expect(client.scheduleRotation('api-credentials')).rejects.toThrow(/not a positive number/);
    await client.close();
  });

  it('rotates a key at once when its last version is already older than the interval', async () => {
    const { clock, vault, client } = setup({ root: true });
    clock.advance('45d');
    await client.scheduleRotation('api-credentials', { every: '30d' });
    expect(vault.versions('api-credentials')).toBe(2);
    await client.close();
  });

  it('makes exactly one new version when two sidecars are due at the same moment', async () => {
    const { clock, vault, client } = setup({ root: true });
    const other = new VaultClient({ address: 'http://vault.test', token: vault.rootToken, clock, fetch: vault.fetch, random: new SeededRandom(3), pollInterval: 60_000, mount: 'kgc' });
    await client.scheduleRotation('api-credentials', { every: '30d' });
    await other.scheduleRotation('api-credentials', { every: '30d' });
    const failed = record(other, 'rotate-failed');
    clock.advance('30d');
    await Promise.all([client.tick(), other.tick()]);
    expect(vault.versions('api-credentials')).toBe(2);
    expect(failed).toEqual([]);
    // both now plan from the one new version
    expect(client.pendingWork().find((p) => p.name.startsWith('rotation'))!.dueAt).toBe(clock.now() + 30 * DAY);
    expect(other.pendingWork().find((p) => p.name.startsWith('rotation'))!.dueAt).toBe(clock.now() + 30 * DAY);
    await other.close();
    await client.close();
  });

  it('pauses while Vault is sealed and rotates once it is back', async () => {
    const { clock, vault, client } = setup({ root: true });
    await client.scheduleRotation('api-credentials', { every: '30d' });
    const log = record(client, 'degraded', 'rotate-failed', 'recovered', 'rotated');
    vault.sealed = true;
    clock.advance('30d');
    await client.tick();
    expect(client.degraded).toBe(true);
    await expect(client.rotate('api-credentials')).rejects.toMatchObject({ kind: 'rotation-paused' });
    expect(vault.versions('api-credentials')).toBe(1);
    vault.sealed = false;
    clock.advance('5s');
    await client.tick();
    expect(vault.versions('api-credentials')).toBe(2);
    expect(log.map((l) => l.type)).toEqual(['degraded', 'rotate-failed', 'recovered', 'rotated']);
    await client.close();
  });
});

describe('rollback', () => {
  it('writes version N back as a new version', async () => {
    const { vault, client } = setup();
    vault.put('api-credentials', { api_key: 'second' });
    await client.getSecret('api-credentials');
    const r = await client.rollback('api-credentials', 1);
    expect(r).toMatchObject({ path: 'kgc/api-credentials', version: 3 });
    expect(vault.latest('api-credentials')).toEqual({ api_key: 'initial', created_at: '2026-01-01T00:00:00Z' });
    expect(await client.getSecret('api-credentials', 'api_key')).toBe('initial');
    await client.close();
  });

  it('refuses deleted, destroyed, missing and invalid versions in the vault CLI’s words, writing nothing', async () => {
    const { vault, client } = setup();
    vault.put('api-credentials', { api_key: 'second' });
    vault.put('api-credentials', { api_key: 'third' });
    vault.handle('POST', 'kgc/destroy/api-credentials', vault.rootToken, { versions: [2] });
    vault.handle('DELETE', 'kgc/data/api-credentials', vault.rootToken, undefined);
    const cases: Array<[number, string]> = [
      [2, 'Cannot roll back to a version that has been destroyed'],
      [3, 'Cannot roll back to a version that has been deleted'],
      [9, 'No value found at kgc/data/api-credentials'],
      [0, 'Invalid value 0 for the version flag'],
      [1.5, 'Invalid value 1.5 for the version flag'],
    ];
    for (const [version, message] of cases) {
      await expect(client.rollback('api-credentials', version)).rejects.toMatchObject({ kind: 'rollback-refused', message });
    }
    expect(vault.versions('api-credentials')).toBe(3);
    await expect(client.rollback('never-written', 1)).rejects.toMatchObject({ kind: 'rollback-refused', message: 'No value found at kgc/data/never-written' });
    // a soft-deleted latest version still gives the cas value
    expect((await client.rollback('api-credentials', 1)).version).toBe(4);
    await client.close();
  });

  it('reports a writer that got in between its reads as a typed cas error', async () => {
    const { vault } = setup();
    vault.put('api-credentials', { api_key: 'second' });
    let reads = 0;
    const racing: typeof vault.fetch = async (url, init) => {
      if (init.method === 'GET' && url.includes('/kgc/data/') && ++reads === 2) vault.put('api-credentials', { api_key: 'sneaked in' });
      return vault.fetch(url, init);
    };
    const client = new VaultClient({ address: 'http://vault.test', token: vault.rootToken, clock: vault.clock, fetch: racing, mount: 'kgc' });
    const err = await client.rollback('api-credentials', 1).catch((e) => e);
    expect(err).toMatchObject({ kind: 'cas-mismatch', status: 400, errors: ['check-and-set parameter did not match the current version'] });
    expect(err.message).toContain('Error writing data to kgc/data/api-credentials');
    expect(vault.latest('api-credentials')).toEqual({ api_key: 'sneaked in' });
    await client.close();
  });

  it('reports a sealed Vault during rollback as an outage', async () => {
    const { vault, client } = setup();
    vault.sealed = true;
    await expect(client.rollback('api-credentials', 1)).rejects.toMatchObject({ kind: 'sealed', status: 503, errors: ['Vault is sealed'] });
    expect(client.degraded).toBe(true);
    await client.close();
  });
});
