// The KV v2 read through core, in a loop, for profiling the hot path (issue "Performance"):
//   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile-read.ts [reads] [token]
// `token` = root (default) or app (a kgc-read style child token with a policy); the run prints
// reads/s, and the .cpuprofile opens in Chrome DevTools or any cpuprofile viewer.
import { createVault } from '../src/testing/index.js';

const n = Number(process.argv[2] ?? 200_000);
const vault = await createVault({ rootToken: 'root' });
await vault.request('update', 'secret/data/app', { data: { api_key: 'k'.repeat(1000) } });
await vault.request('update', 'sys/policy/read', { policy: 'path "secret/data/*" { capabilities = ["read"] }' });
const token = process.argv[3] === 'app' ? await vault.createToken({ policies: ['read'] }) : 'root';
const req = { operation: 'read' as const, path: 'secret/data/app', token };
for (let i = 0; i < 20_000; i++) await vault.handle(req);
const t0 = performance.now();
for (let i = 0; i < n; i++) await vault.handle(req);
const ms = performance.now() - t0;
console.log(`${Math.round((n / ms) * 1000)} reads/s, ${((ms / n) * 1000).toFixed(2)} µs a read (${n} reads, token ${process.argv[3] ?? 'root'})`);
