// The client against minivault itself (src/testing startVault: the real core behind the real HTTP
// server, on a ManualClock shared with the test). Requests are counted by wrapping fetch, so
// nothing here depends on server-side counters.
import { describe, it, expect, afterEach } from 'vitest';
import type { ManualClock } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';
import { VaultClient, type FetchLike, type VaultClientOptions } from '../../src/client/index.js';
import { record } from './helpers.js';

import { startVault } from '../../src/testing/index.js';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (open.length) await open.pop()!();
});

async function boot() {
  const vault = await startVault({ clock: 'manual' });
  open.push(() => vault.close());
  const api = async (method: string, path: string, body?: unknown, token = vault.rootToken) => {
    const res = await fetch(`${vault.address}/v1/${path}`, {
      method, headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const mounted = await api('GET', 'sys/mounts');
  if (!('kgc/' in (mounted.body?.data ?? mounted.body ?? {}))) await api('POST', 'sys/mounts/kgc', { type: 'kv', options: { version: '2' } });
  await api('POST', 'kgc/data/api-credentials', { data: { api_key: 'seeded' } });
  const token = async (body: Record<string, unknown>) => (await api('POST', 'auth/token/create', body)).body.auth.client_token as string;
  const requests: string[] = [];
  const counting: FetchLike = (url, init) => {
    requests.push(`${init.method} ${url.slice(url.indexOf('/v1/') + 4)}`);
    return globalThis.fetch(url, init) as unknown as ReturnType<FetchLike>;
  };
  const client = (extra: Partial<VaultClientOptions> & { token: string }) => {
    const c = new VaultClient({ address: vault.address, clock: vault.clock, fetch: counting, random: new SeededRandom(5), pollInterval: 60_000, mount: 'kgc', ...extra });
    open.push(() => c.close());
    return c;
  };
  const currentVersion = async (path: string) => (await api('GET', `kgc/metadata/${path}`)).body.data.current_version as number;
  return { vault, api, token, client, requests, currentVersion };
}

describe('VaultClient against minivault', () => {
  it('serves hits within cacheTtl without a request and reads again after it', async () => {
    const { vault, client, requests } = await boot();
    const c = client({ token: vault.rootToken });
    expect(await c.getSecret('api-credentials', 'api_key')).toBe('seeded');
    vault.clock.advance('4m');
    await c.getSecret('kgc/api-credentials');
    expect(requests.filter((r) => r.startsWith('GET kgc/data/'))).toHaveLength(1);
    vault.clock.advance('1m');
    await c.getSecret('api-credentials');
    expect(requests.filter((r) => r.startsWith('GET kgc/data/'))).toHaveLength(2);
  });

  it('renews a 24 h token at 12 h so it works past 24 h; a non-renewable one expires with permission denied', async () => {
    const { vault, token, client } = await boot();
    const renewing = client({ token: await token({ ttl: '24h' }) });
    const fixed = client({ token: await token({ ttl: '24h', renewable: false }) });
    const log = record(renewing, 'renewed');
    await renewing.connect();
    await fixed.connect();
    for (let h = 0; h < 30; h++) {
      vault.clock.advance('1h');
      await renewing.tick();
      await fixed.tick();
    }
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(await renewing.getSecret('api-credentials', 'api_key')).toBe('seeded');
    const err = await fixed.getSecret('api-credentials').catch((e) => e);
    expect(err).toMatchObject({ kind: 'permission-denied', status: 403 });
    expect(err.errors.join(' ')).toContain('permission denied');
    expect(err.message).toContain('the client token expired at');
  });

  it('rotates after 30 days on the clock, and two concurrent rotations make exactly one version', async () => {
    const { vault, client, currentVersion } = await boot();
    const a = client({ token: vault.rootToken });
    const b = client({ token: vault.rootToken, random: new SeededRandom(6) });
    await a.scheduleRotation('api-credentials', { every: '30d' });
    expect(await currentVersion('api-credentials')).toBe(1);
    vault.clock.advance('30d');
    await a.tick();
    expect(await currentVersion('api-credentials')).toBe(2);
    expect(await a.getSecret('api-credentials', 'api_key')).toMatch(/^[0-9a-f]{128}$/);
    const results = await Promise.allSettled([a.rotate('api-credentials'), b.rotate('api-credentials')]);
    expect(await currentVersion('api-credentials')).toBe(3);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ kind: 'cas-mismatch', status: 400 });
    expect(rejected[0]!.reason.errors.join(' ')).toContain('check-and-set parameter did not match the current version');
    const back = await a.rollback('api-credentials', 1);
    expect(back.version).toBe(4);
    expect(await a.getSecret('api-credentials', 'api_key')).toBe('seeded');
  });

  it('falls back while sealed and recovers after unseal without a restart', async () => {
    const { vault, api, client } = await boot();
    const c = client({ token: vault.rootToken, env: { API_KEY: 'env' }, fallbackEnv: { 'kgc/api-credentials': { api_key: 'API_KEY' } } });
    await c.connect();
    await api('PUT', 'sys/seal');
    expect(await c.getSecret('api-credentials', 'api_key', { refresh: true })).toBe('env');
    expect(c.degradedReason).toBe('sealed');
    for (const key of vault.unsealKeys) await api('PUT', 'sys/unseal', { key });
    vault.clock.advance('5s');
    await c.tick();
    expect(c.degraded).toBe(false);
    expect(await c.getSecret('api-credentials', 'api_key')).toBe('seeded');
  });
});
