// The KV v2 read through core, in a loop, for profiling the hot path (issue "Performance"):
//   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-read.ts [reads] [token] [nocache] [noble]
// `token` = root (default) or app (a kgc-read style child token with a policy), `nocache` turns
// the barrier's decrypt memo off (disable_cache), `noble` picks the noble AEAD; the run prints
// reads/s, and the .cpuprofile opens in Chrome DevTools or any cpuprofile viewer.
import { createVault } from '../src/testing/index.js';

const n = Number(process.argv[2] ?? 200_000);
const vault = await createVault({
  rootToken: 'root', cache: process.argv[4] === 'nocache' ? false : undefined, aead: process.argv[5] === 'noble' ? 'noble' : undefined,
});
await vault.request('update', 'secret/data/app', { data: { api_key: 'k'.repeat(1000) } });
await vault.request('update', 'sys/policy/read', { policy: 'path "secret/data/*" { capabilities = ["read"] }' });
const token = process.argv[3] === 'app' ? await vault.createToken({ policies: ['read'] }) : 'root';
const req = { operation: 'read' as const, path: 'secret/data/app', token };
for (let i = 0; i < 20_000; i++) await vault.handle(req);
// Batches of 10k; the median batch is reported (the machine's noise moves single runs a lot).
const batches: number[] = [];
for (let b = 0; b < n / 10_000; b++) {
  const t0 = performance.now();
  for (let i = 0; i < 10_000; i++) await vault.handle(req);
  batches.push((performance.now() - t0) / 10);
}
batches.sort((a, b) => a - b);
const us = batches[Math.floor(batches.length / 2)]!;
console.log(`${Math.round(1e6 / us)} reads/s, ${us.toFixed(2)} µs a read (median of ${batches.length} batches of 10k, best ${batches[0]!.toFixed(2)} µs, token ${process.argv[3] ?? 'root'})`);
