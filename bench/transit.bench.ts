// Transit (issue "The transit secrets engine"): encrypt then decrypt of 1 KiB with an
// aes256-gcm96 key through core in-process, beside the raw node:crypto AES-256-GCM seal and open
// it makes, measured interleaved in the same run; the same round trip beside a KV v2 read through
// core (what request handling alone costs); a batch of 1,000 encryptions; ed25519 sign beside a
// raw node:crypto Ed25519 sign; and over HTTP (keep-alive, one connection) the p50 of a transit
// encrypt beside the p50 of a 1 KiB KV read on the same server, alternating in rounds.
import { createCipheriv, createDecipheriv, generateKeyPairSync, randomBytes, sign as edSign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { createVault, startVault } from '../src/testing/index.js';
import { paired, timeRow, type BenchRow } from './harness.js';

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** HTTP p50s (µs) of an encrypt and a KV read, sequential on one keep-alive connection, in alternating rounds. */
async function httpP50(plaintext: string): Promise<{ encrypt: number; kv: number }> {
  await using vault = await startVault({ rootToken: 'root' });
  await vault.vault.request('update', 'sys/mounts/transit', { type: 'transit' });
  await vault.vault.request('update', 'transit/keys/bench', {});
  await vault.vault.request('update', 'secret/data/bench', { data: { value: 'v'.repeat(1024) } });
  const pool = new Pool(vault.url, { connections: 1 });
  const headers = { 'x-vault-token': 'root', 'content-type': 'application/json' };
  const body = JSON.stringify({ plaintext });
  const encrypt = async () => {
    const r = await pool.request({ method: 'POST', path: '/v1/transit/encrypt/bench', headers, body });
    if (r.statusCode !== 200) throw new Error(`encrypt: status ${r.statusCode}`);
    await r.body.text();
  };
  const kv = async () => {
    const r = await pool.request({ method: 'GET', path: '/v1/secret/data/bench', headers });
    if (r.statusCode !== 200) throw new Error(`kv read: status ${r.statusCode}`);
    await r.body.text();
  };
  const samples = { encrypt: [] as number[], kv: [] as number[] };
  const timed = async (fn: () => Promise<void>, n: number, into: number[] | null) => {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fn();
      into?.push((performance.now() - t0) * 1000);
    }
  };
  try {
    await timed(encrypt, 300, null);
    await timed(kv, 300, null);
    for (let round = 0; round < 6; round++) {
      const order = round % 2 === 0 ? (['encrypt', 'kv'] as const) : (['kv', 'encrypt'] as const);
      for (const side of order) await timed(side === 'encrypt' ? encrypt : kv, 500, samples[side]);
    }
  } finally {
    await pool.close();
  }
  return { encrypt: percentile(samples.encrypt.sort((a, b) => a - b), 0.5), kv: percentile(samples.kv.sort((a, b) => a - b), 0.5) };
}

export async function run(): Promise<BenchRow[]> {
  const vault = await createVault({ rootToken: 'root' });
  await vault.request('update', 'sys/mounts/transit', { type: 'transit' });
  await vault.request('update', 'transit/keys/bench', {});
  await vault.request('update', 'transit/keys/ed', { type: 'ed25519' });
  await vault.request('update', 'secret/data/bench', { data: { value: 'v'.repeat(1024) } });
  const plaintext = randomBytes(1024).toString('base64');
  const key = randomBytes(32);
  const raw = randomBytes(1024);
  const anchor = () => {
    const nonce = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, nonce);
    const ct = Buffer.concat([c.update(raw), c.final()]);
    const tag = c.getAuthTag();
    const d = createDecipheriv('aes-256-gcm', key, nonce);
    d.setAuthTag(tag);
    Buffer.concat([d.update(ct), d.final()]);
  };
  const roundTrip = async () => {
    const enc = await vault.request('update', 'transit/encrypt/bench', { plaintext });
    const ciphertext = (enc.body as { data: { ciphertext: string } }).data.ciphertext;
    await vault.request('update', 'transit/decrypt/bench', { ciphertext });
  };
  // Warm both paths up (JIT, the barrier's decoded cache) before the first timed batch.
  for (let i = 0; i < 2000; i++) {
    anchor();
    await roundTrip();
  }
  const [anchorNs, mineNs] = await paired(anchor, roundTrip, 1500);
  // Two KV reads: the request handling a round trip of two transit requests pays outside transit.
  const kvReads = async () => {
    await vault.request('read', 'secret/data/bench');
    await vault.request('read', 'secret/data/bench');
  };
  const [kvNs, mine2Ns] = await paired(kvReads, roundTrip, 1000);

  const items = Array.from({ length: 1000 }, () => ({ plaintext }));
  await vault.request('update', 'transit/encrypt/bench', { batch_input: items });
  const b0 = performance.now();
  for (let i = 0; i < 5; i++) await vault.request('update', 'transit/encrypt/bench', { batch_input: items });
  const batchMs = (performance.now() - b0) / 5;

  const input = randomBytes(256).toString('base64');
  const edKey = generateKeyPairSync('ed25519').privateKey;
  const message = randomBytes(256);
  const [edAnchorNs, edNs] = await paired(() => edSign(null, message, edKey), () => vault.request('update', 'transit/sign/ed', { input }), 1000);

  const http = await httpP50(plaintext);
  return [
    timeRow('transit encrypt+decrypt 1 KiB (aes256-gcm96) via core', mineNs / 1000, anchorNs / 1000, 'raw node:crypto AES-256-GCM seal+open', '≤ 2×', 2),
    timeRow('transit encrypt+decrypt 1 KiB (aes256-gcm96) via core, beside two KV reads', mine2Ns / 1000, kvNs / 1000, 'two 1 KiB KV v2 reads via core', 'reported', null),
    timeRow('transit encrypt, batch of 1,000 × 1 KiB via core', batchMs, null, '', 'reported', null, 'ms'),
    timeRow('transit sign 256 B (ed25519) via core', edNs / 1000, edAnchorNs / 1000, 'raw node:crypto Ed25519 sign', 'reported', null),
    timeRow('HTTP transit encrypt 1 KiB, keep-alive, p50', http.encrypt, http.kv, 'HTTP GET 1 KiB KV v2 read, same server', 'reported', null),
  ];
}
