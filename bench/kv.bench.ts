// KV v2 in-process figures: get and put of a 1 KiB secret through KvBackend.handle(), on
// MemoryStorage and on a barrier view (node:crypto and noble AES-GCM), and reads of a key with a
// 10-version history. Anchors, measured in the same run: the bare storage work a request cannot
// avoid (the same MemoryStorage gets or puts plus the JSON of the same bytes), and the two
// AES-GCM opens of same-sized entries that a read through the barrier makes when the barrier's
// decrypt memo is off (disable_cache) — with it on, an unchanged entry is not opened again.
import { randomBytes } from 'node:crypto';
import { AesGcmBarrier, BarrierView, createAead, type Aead } from '../src/barrier/index.js';
import { KvBackend } from '../src/secrets/kv/backend.js';
import type { LogicalRequest } from '../src/logical/types.js';
import { MemoryStorage } from '../src/storage/memory.js';
import type { Storage } from '../src/storage/types.js';
import { ManualClock } from '../src/util/clock.js';
import { SeededRandom } from '../src/util/random.js';
import { aeadOpens, measure, paired, rateRow, timeRow, type BenchRow } from './harness.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const mountPoint = 'secret/';
const us = (ns: number): number => ns / 1000;

/** A 1 KiB JSON object of the shape secrets have: a few string fields. */
function secretOfOneKiB(): Record<string, unknown> {
  const data: Record<string, unknown> = { api_key: 'k'.repeat(128), created_at: '2026-01-01T00:00:00Z' };
  for (let i = 0; JSON.stringify(data).length < 1024 - 40; i++) data[`field_${i}`] = 'v'.repeat(60);
  return data;
}

const read = (path: string, data: Record<string, unknown> = {}): LogicalRequest => ({ operation: 'read', path, data, mountPoint });

async function seeded(storage: Storage, secret: Record<string, unknown>): Promise<KvBackend> {
  const kv = new KvBackend({ storage, clock: new ManualClock(), random: new SeededRandom('kv-bench') });
  await kv.handle({ operation: 'create', path: 'data/app/one', data: { data: secret }, mountPoint });
  for (let i = 0; i < 10; i++) {
    await kv.handle({ operation: 'update', path: 'data/app/history', data: { data: { ...secret, n: i } }, mountPoint });
  }
  return kv;
}

async function barrierView(aead: Aead, cache: boolean): Promise<Storage> {
  const barrier = new AesGcmBarrier(new MemoryStorage(), { aead, cache: cache ? undefined : false });
  const rootKey = new Uint8Array(randomBytes(32));
  await barrier.initialize(rootKey);
  await barrier.unseal(rootKey);
  return new BarrierView(barrier, 'logical/5f1c0b7e-0000-4000-8000-000000000000/');
}

export async function run(): Promise<BenchRow[]> {
  const secret = secretOfOneKiB();
  const storage = new MemoryStorage();
  const kv = await seeded(storage, secret);

  // The irreducible storage work of a read: the same two gets, and decoding the version's JSON.
  const entries = storage.entries();
  const metaEntry = entries.find(([k]) => k === 'metadata/app/one')!;
  const versionEntry = entries.find(([k, v]) => k.startsWith('versions/') && !decoder.decode(v).includes('"n":'))!;
  const bareRead = async () => {
    await storage.get(metaEntry[0]);
    JSON.parse(decoder.decode((await storage.get(versionEntry[0]))!));
  };
  const bareWrite = async () => {
    await storage.put('bench/version', encoder.encode(JSON.stringify({ created: 0, data: secret })));
    await storage.put('bench/meta', metaEntry[1]);
  };
  const sizes: [number, number] = [metaEntry[1].length, versionEntry[1].length];

  // Each figure interleaved with its anchor (ABAB…), so a slow moment of the machine hits both alike.
  const [bareR, readMem] = await paired(bareRead, () => kv.handle(read('data/app/one')), 600, 200);
  const [bareW, write] = await paired(bareWrite, () => kv.handle({ operation: 'update', path: 'data/app/written', data: { data: secret }, mountPoint }), 600, 200);
  const latest = () => kv.handle(read('data/app/history'));
  const [latestA, old] = await paired(latest, () => kv.handle(read('data/app/history', { version: '3' })), 600, 200);
  const [latestB, meta] = await paired(latest, () => kv.handle(read('metadata/app/history')), 600, 200);

  const rows: BenchRow[] = [
    timeRow('kv v2 read 1 KiB, in-process, MemoryStorage', us(readMem), us(bareR),
      'bare: the same 2 gets + version JSON decode', '≤ 2× the bare storage work', 2),
    timeRow('kv v2 write 1 KiB (new version, pruning), MemoryStorage', us(write), us(bareW),
      'bare: 2 puts + version JSON encode', 'report (writes are not the hot path)', null),
    timeRow('kv v2 read version 3 of 10, MemoryStorage', us(old), us(latestA),
      'kv v2 read of the latest of the same 10', '≤ 1.3×', 1.3),
    timeRow('kv v2 metadata read, 10 versions, MemoryStorage', us(meta), us(latestB),
      'kv v2 read of the latest of the same 10', '≤ 2×', 2),
  ];

  for (const name of ['node', 'noble'] as const) {
    let aead: Aead;
    try {
      aead = createAead(name);
    } catch {
      continue; // node:crypto absent (not on Node): nothing to measure for it
    }
    const label = name === 'node' ? 'node:crypto' : 'noble';
    // With the decrypt memo (the default): an unchanged entry is not opened again; a plain loop of
    // reads. Without it (disable_cache) the read is interleaved with its anchor (ABAB…), so a slow
    // moment of the machine hits both alike.
    const memo = await seeded(await barrierView(aead, true), secret);
    const anchorNs = (await measure(aeadOpens(aead, sizes), { warmupMs: 300, timeMs: 800 })).medianNs;
    const memoNs = (await measure(() => memo.handle(read('data/app/one')), { warmupMs: 1000, timeMs: 1500 })).medianNs;
    rows.push(rateRow(`kv v2 reads/s through the barrier (${label}, decrypt memo)`, 1e9 / memoNs, 1e9 / anchorNs,
      'the 2 AES-GCM opens alone', name === 'node' ? '≥ 100k reads/s' : 'informational', name === 'node' ? 1e9 / memoNs >= 100_000 : null, 'ops/s'));
    // disable_cache: every read opens its metadata and version entries.
    const plain = await seeded(await barrierView(aead, false), secret);
    const [openNs, readNs] = await paired(aeadOpens(aead, sizes), () => plain.handle(read('data/app/one')), 1000, 500);
    rows.push(timeRow(`kv v2 read through the barrier (${label}, disable_cache: 2 opens a read)`, us(readNs), us(openNs),
      `the 2 ${label} AES-GCM opens alone`, name === 'noble' ? '≤ 1.3× the AEAD cost' : 'report', name === 'noble' ? 1.3 : null));
  }
  return rows;
}
