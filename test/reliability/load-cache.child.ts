// Child process of load-cache.test.ts: a barrier over memory storage, as a server has it, with
// 20k entries shaped like KV v2 versions (~2 KiB each); every one is read twice through
// getDecoded, so the decrypt memo holds ciphertext, plaintext and a decoding for as many as its
// budget allows. Reports memory after full GCs. Argument: 'cached' or 'uncached' (disable_cache).
import { AesGcmBarrier } from '../../src/barrier/index.js';
import { MemoryStorage } from '../../src/storage/memory.js';

const KEYS = 20_000;
const barrier = new AesGcmBarrier(new MemoryStorage(), process.argv[2] === 'uncached' ? { cache: false } : {});
const rootKey = barrier.generateKey();
await barrier.initialize(rootKey);
await barrier.unseal(rootKey);
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const decode = (b: Uint8Array) => JSON.parse(decoder.decode(b)) as unknown;
const filler = 'x'.repeat(1900);
for (let i = 0; i < KEYS; i++) {
  const version = { data: { i, filler, tags: ['a', 'b', String(i)] }, created_time: new Date(i).toISOString(), version: 1 };
  await barrier.put(`logical/1f2e3d4c/versions/${i.toString(16).padStart(8, '0')}/1`, encoder.encode(JSON.stringify(version)));
}
let seen = 0;
for (let round = 0; round < 2; round++) {
  for (let i = 0; i < KEYS; i++) {
    const v = (await barrier.getDecoded(`logical/1f2e3d4c/versions/${i.toString(16).padStart(8, '0')}/1`, decode)) as { data: { i: number } };
    if (v.data.i === i) seen++;
  }
}
const gc = (globalThis as { gc?: () => void }).gc!;
for (let i = 0; i < 3; i++) gc();
const m = process.memoryUsage();
process.stdout.write(JSON.stringify({ seen, rss: m.rss, retained: m.heapUsed + m.external }) + '\n');
if (barrier.sealed) console.log(barrier); // keeps the barrier reachable until measured
