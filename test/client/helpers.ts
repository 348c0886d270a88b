// Shared set-up for the client tests: a FakeVault on a ManualClock, served in-process, and a
// client pointed at it with seeded randomness and `mount: 'kgc'` (paths relative to the fake's mount).
import { ManualClock } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';
import { VaultClient, type VaultClientEvents, type VaultClientOptions } from '../../src/client/index.js';
import { FakeVault } from './fake-vault.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;

/** `root: true` uses the fake's non-expiring root token (for tests that jump weeks without renewing). */
export function setup(opts: Partial<VaultClientOptions> & { ttl?: number; renewable?: boolean; maxTtl?: number; root?: boolean } = {}) {
  const clock = new ManualClock();
  const vault = new FakeVault(clock);
  const { ttl, renewable, maxTtl, root, ...clientOpts } = opts;
  const token = root ? vault.rootToken : vault.token(ttl ?? 24 * 3600, { renewable: renewable ?? true, ...(maxTtl ? { maxTtl } : {}) });
  vault.put('api-credentials', { api_key: 'initial', created_at: '2026-01-01T00:00:00Z' });
  const client = new VaultClient({ address: 'http://vault.test', token, clock, fetch: vault.fetch, random: new SeededRandom(7), pollInterval: 60_000, mount: 'kgc', ...clientOpts });
  return { clock, vault, token, client };
}

/** Collects every event of the given types, in order. */
export function record(client: VaultClient, ...types: Array<keyof VaultClientEvents>): Array<{ type: string; event: any }> {
  const log: Array<{ type: string; event: any }> = [];
  for (const type of types) client.on(type, (event) => log.push({ type, event }));
  return log;
}
