// Child process of load-soak.test.ts: 100k mixed requests against one in-process vault — KV
// writes, reads, deletes and lists over a bounded key space, token create/lookup/revoke, transit
// encrypt/decrypt — with the heap measured after full GCs at 20k and at 100k requests. Whatever
// the requests leave behind is bounded (keys reused, tokens revoked, KV keeps 10 versions), so a
// heap that keeps growing is a leak.
import { createVault } from '../../src/testing/index.js';

const TOTAL = 100_000;
const CHECKPOINT = 20_000;
const KEYS = 256;
const vault = await createVault({ seed: 'soak' });
const ok = (r: { status: number }, what: string) => {
  if (r.status >= 400 && r.status !== 404) throw new Error(`${what} answered ${r.status}`);
};
ok(await vault.request('update', 'sys/mounts/transit', { type: 'transit' }), 'mount transit');
ok(await vault.request('update', 'transit/keys/soak', {}), 'transit key');
const gc = (globalThis as { gc?: () => void }).gc!;
const heap = () => {
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
};
const plaintext = Buffer.from('soak test plaintext').toString('base64');
const counts: Record<string, number> = {};

let calls = 0;
const call: typeof vault.request = (...args) => {
  calls++;
  return vault.request(...args);
};

/** One step of the mix (per 100: 70 reads, 15 writes, 5 deletes, 1 list, 2 token lives of 3 calls, 1.5 transit round trips). */
async function one(i: number): Promise<void> {
  const key = `soak/k${(i * 7919) % KEYS}`;
  const kind = i % 200;
  let what: string;
  if (kind < 140) {
    what = 'read';
    ok(await call('read', `secret/data/${key}`), what);
  } else if (kind < 170) {
    what = 'write';
    ok(await call('update', `secret/data/${key}`, { data: { i, text: `value ${i}` } }), what);
  } else if (kind < 180) {
    what = 'delete';
    ok(await call('delete', `secret/data/${key}`), what);
  } else if (kind < 182) {
    what = 'list';
    ok(await call('list', 'secret/metadata/soak/'), what);
  } else if (kind < 186) {
    what = 'token';
    const created = await call('update', 'auth/token/create', { policies: ['default'], ttl: '1h' });
    ok(created, 'token create');
    const token = (created.body as { auth: { client_token: string } }).auth.client_token;
    ok(await call('read', 'auth/token/lookup-self', undefined, token), 'lookup-self');
    ok(await call('update', 'auth/token/revoke', { token }), 'token revoke');
  } else if (kind < 189) {
    what = 'transit';
    const enc = await call('update', 'transit/encrypt/soak', { plaintext });
    ok(enc, 'encrypt');
    ok(await call('update', 'transit/decrypt/soak', { ciphertext: (enc.body as { data: { ciphertext: string } }).data.ciphertext }), 'decrypt');
  } else {
    what = 'read';
    ok(await call('read', `secret/data/${key}`), what);
  }
  counts[what] = (counts[what] ?? 0) + 1;
}

const start = performance.now();
let atCheckpoint = 0;
for (let i = 0; calls < TOTAL; i += 16) {
  await Promise.all(Array.from({ length: 16 }, (_, j) => one(i + j)));
  if (atCheckpoint === 0 && calls >= CHECKPOINT) atCheckpoint = heap();
}
const atEnd = heap();
process.stdout.write(JSON.stringify({ requests: calls, counts, heapAt20k: atCheckpoint, heapAt100k: atEnd, seconds: (performance.now() - start) / 1000 }) + '\n');
