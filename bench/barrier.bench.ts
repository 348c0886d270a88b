// Barrier figures: encrypt+decrypt through the barrier (term lookup, Vault's header, pooled nonce,
// path AAD) beside the raw AES-GCM seal+open of the same bytes with the same prepared key, for
// both AEADs and three sizes (goal ≤ 1.15× at 1 KiB); a 5/3 unseal from a cold start (goal < 5 ms);
// FileStorage put latency with fsync beside a plain writeFile of the same bytes (reported only).
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gcm } from '@noble/ciphers/aes.js';
import { AesGcmBarrier } from '../src/barrier/barrier.js';
import { SealManager } from '../src/barrier/seal-manager.js';
import { MemoryStorage } from '../src/storage/memory.js';
import { FileStorage } from '../src/storage/file.js';
import { performance } from 'node:perf_hooks';
import { measure, paired, timeRow, type BenchRow } from './harness.js';

const PATH = 'logical/6f0c1b2e-4b7a-4c2b-9d7e-2f1a3c4d5e6f/versions/abc/secret';
const SIZES: Array<[string, number]> = [['64 B', 64], ['1 KiB', 1024], ['64 KiB', 65536]];

/** The raw call: one AES-256-GCM seal and one open of `pt` under a prepared key, fixed nonce. */
function rawRoundTrip(aead: 'node' | 'noble', key: Uint8Array): (pt: Uint8Array) => Uint8Array {
  const nonce = randomBytes(12);
  const aad = new TextEncoder().encode(PATH);
  if (aead === 'noble') {
    return (pt) => gcm(key, nonce, aad).decrypt(gcm(key, nonce, aad).encrypt(pt));
  }
  const keyObject = createSecretKey(key);
  return (pt) => {
    const c = createCipheriv('aes-256-gcm', keyObject, nonce);
    c.setAAD(aad);
    const ct = c.update(pt);
    c.final();
    const tag = c.getAuthTag();
    const d = createDecipheriv('aes-256-gcm', keyObject, nonce);
    d.setAuthTag(tag);
    d.setAAD(aad);
    const out = d.update(ct);
    d.final();
    return out;
  };
}

async function aeadRows(aead: 'node' | 'noble'): Promise<BenchRow[]> {
  const barrier = new AesGcmBarrier(new MemoryStorage(), { aead });
  const root = barrier.generateKey();
  await barrier.initialize(root);
  await barrier.unseal(root);
  const raw = rawRoundTrip(aead, randomBytes(32));
  const rows: BenchRow[] = [];
  for (const [label, size] of SIZES) {
    const pt = randomBytes(size);
    const [anchor, mine] = await paired(() => raw(pt), () => barrier.decrypt(PATH, barrier.encrypt(PATH, pt)), size > 4096 ? 1200 : 800);
    const goal = size === 1024 ? '≤ 1.15× raw AEAD' : 'report';
    rows.push(timeRow(`barrier encrypt+decrypt ${label} (${aead})`, mine / 1000, anchor / 1000,
      `raw AES-256-GCM seal+open (${aead})`, goal, size === 1024 ? 1.15 : null));
  }
  return rows;
}

async function unsealRow(): Promise<BenchRow> {
  const storage = new MemoryStorage();
  const { keys } = await new SealManager(storage).init({ secret_shares: 5, secret_threshold: 3 });
  await (async () => { const sm = new SealManager(storage); for (const k of keys.slice(0, 3)) await sm.unseal(k); })(); // creates cluster info
  const t = await measure(async () => {
    const sm = new SealManager(storage);
    await sm.unseal(keys[0]!);
    await sm.unseal(keys[2]!);
    await sm.unseal(keys[4]!);
  }, { timeMs: 500 });
  const ms = t.medianNs / 1e6;
  return { figure: 'unseal 5/3 from a fresh start (3 shares)', minivault: ms, anchor: null, anchorName: 'Vault docs: "2–5 s automatic"', unit: 'ms', ratio: null, goal: '< 5 ms', met: ms < 5 };
}

async function fileRows(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'minivault-bench-'));
  try {
    const storage = new FileStorage(join(dir, 'fs'));
    const value = randomBytes(1024 + 33);
    await storage.put('logical/bench/key', value);
    const plain = join(dir, 'plain.json');
    const body = Buffer.from(`{"Value":"${value.toString('base64')}"}\n`);
    const anchor = await measure(() => writeFile(plain, body), { timeMs: 400, batch: 1 });
    const mine = await measure(() => storage.put('logical/bench/key', value), { timeMs: 600, batch: 1 });
    return [timeRow('FileStorage put 1 KiB (temp+fsync+rename+dir fsync)', mine.medianNs / 1000, anchor.medianNs / 1000,
      'plain fs.writeFile, no fsync', 'report (durability costs fsync)', null)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchRow[]> {
  return [...(await aeadRows('node')), ...(await aeadRows('noble')), await unsealRow(), ...(await fileRows())];
}
