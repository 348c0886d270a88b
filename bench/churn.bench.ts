// Token churn (issue "Core services"): 10,000 tokens with a 2 s TTL created through core, then
// the clock moved past their expiry. Storage (keys and bytes) must come back to its level, and
// the heap after a full GC must not keep what the tokens cost. Each figure beside its own
// "before" in the same run.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createVault } from '../src/testing/index.js';
import { timeRow, type BenchRow } from './harness.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export async function run(): Promise<BenchRow[]> {
  const vault = await createVault({ rootToken: 'root' });
  const size = async () => {
    const dump = (await vault.dump()) as Record<string, number>;
    return { keys: Object.keys(dump).length, bytes: Object.values(dump).reduce((n, v) => n + v, 0) };
  };
  const churn = async () => {
    for (let i = 0; i < 10_000; i++) {
      const res = await vault.request('update', 'auth/token/create', { policies: ['default'], ttl: '2s' });
      if (res.status !== 200) throw new Error(`token create answered ${res.status}`);
    }
  };
  const expire = async () => {
    vault.clock.advance('3s');
    await vault.leases.expire();
  };
  // One churn first, so compiled code and the bounded memos (token hashes, decrypt memo) are
  // in "before" too: what is measured is what 10k tokens leave behind, not the JIT's warm-up.
  await churn();
  await expire();
  const before = await size();
  const heapBefore = heapMiB();
  await churn();
  const full = await size();
  const heapFull = heapMiB();
  await expire();
  const after = await size();
  const heapAfter = heapMiB();
  return [
    timeRow('storage keys with 10k live tokens (2 s TTL), after one earlier churn', full.keys, before.keys, 'the vault before', 'reported', null, 'keys'),
    timeRow('storage keys after the 10k tokens expired', after.keys, before.keys, 'the vault before', 'back to its level (1.00×)', 1, 'keys'),
    timeRow('stored bytes after the 10k tokens expired', after.bytes, before.bytes, 'the vault before', 'back to its level (1.00×)', 1, 'bytes'),
    timeRow('heap after GC with 10k live tokens', heapFull, heapBefore, 'the heap before', 'reported', null, 'MiB'),
    timeRow('heap after GC, 3 more rounds of 10k tokens created and expired', heapAfter, heapBefore, 'the heap before', 'flat (≤ 1.15×: V8 varies ±1 MiB)', 1.15, 'MiB'),
  ];
}
