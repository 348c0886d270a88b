// Transit (issue "The transit secrets engine"): encrypt then decrypt of 1 KiB with an
// aes256-gcm96 key through core in-process, beside the raw node:crypto AES-256-GCM seal and open
// it makes, measured interleaved in the same run; a batch of 1,000 encryptions.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createVault } from '../src/testing/index.js';
import { paired, timeRow, type BenchRow } from './harness.js';

export async function run(): Promise<BenchRow[]> {
  const vault = await createVault({ rootToken: 'root' });
  await vault.request('update', 'sys/mounts/transit', { type: 'transit' });
  await vault.request('update', 'transit/keys/bench', {});
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
  const [anchorNs, mineNs] = await paired(anchor, roundTrip, 1500);
  const mineUs = mineNs / 1000;
  const items = Array.from({ length: 1000 }, () => ({ plaintext }));
  const b0 = performance.now();
  for (let i = 0; i < 5; i++) await vault.request('update', 'transit/encrypt/bench', { batch_input: items });
  const batchMs = (performance.now() - b0) / 5;
  return [
    timeRow('transit encrypt+decrypt 1 KiB (aes256-gcm96) via core', mineUs, anchorNs / 1000, 'raw node:crypto AES-256-GCM seal+open', '≤ 2×', 2),
    timeRow('transit encrypt, batch of 1,000 × 1 KiB via core', batchMs, null, '', 'reported', null, 'ms'),
  ];
}
