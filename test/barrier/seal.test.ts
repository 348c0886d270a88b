// The Shamir seal lifecycle as an operator sees it: init, unseal progress, any threshold of shares,
// wrong shares, reset, seal, restart on disk, tampering, and Vault's error strings and statuses.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SealManager, type SealStatus } from '../../src/barrier/seal-manager.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { FileStorage } from '../../src/storage/file.js';
import { SeededRandom } from '../../src/util/random.js';
import { ManualClock } from '../../src/util/clock.js';
import { VaultError } from '../../src/errors/vault-error.js';
import { createAead } from '../../src/barrier/aead.js';
import { failure } from './helpers.js';

const utf8 = new TextEncoder();
const text = (u: Uint8Array | undefined) => (u === undefined ? undefined : new TextDecoder().decode(u));
const root = mkdtempSync(join(tmpdir(), 'minivault-seal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

function manager(storage = new MemoryStorage(), seed: string | number = 'seal') {
  return new SealManager(storage, { random: new SeededRandom(seed), clock: new ManualClock() });
}


const pick = (s: SealStatus) => ({ sealed: s.sealed, t: s.t, n: s.n, progress: s.progress });

describe('the seed story: init 5/3, unseal with three shares, seal, unseal again', () => {
  it('walks through progress 1/3, 2/3 and then unsealed', async () => {
    const sm = manager();
    const { keys, keys_base64 } = await sm.init({ secret_shares: 5, secret_threshold: 3 });
    expect(keys).toHaveLength(5);
    expect(keys.every((k) => /^[0-9a-f]{66}$/.test(k))).toBe(true);
    expect(keys_base64.every((k) => k.length === 44)).toBe(true);

    const s1 = await sm.unseal(keys[0]!);
    expect(pick(s1)).toEqual({ sealed: true, t: 3, n: 5, progress: 1 });
    expect(s1.nonce).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const s2 = await sm.unseal({ key: keys_base64[1]! });
    expect(pick(s2)).toEqual({ sealed: true, t: 3, n: 5, progress: 2 });
    expect(s2.nonce).toBe(s1.nonce);
    const s3 = await sm.unseal(keys[2]!);
    expect(pick(s3)).toEqual({ sealed: false, t: 3, n: 5, progress: 0 });
    expect(s3.nonce).toBe('');
    expect(s3.cluster_name).toMatch(/^vault-cluster-[0-9a-f]{8}$/);

    await sm.barrier.put('secret/x', utf8.encode('42'));
    await sm.seal();
    expect((await sm.status()).sealed).toBe(true);
    for (const k of [keys[4]!, keys[3]!, keys[1]!]) await sm.unseal(k);
    expect(sm.sealed).toBe(false);
    expect(text(await sm.barrier.get('secret/x'))).toBe('42');
    expect((await sm.status()).cluster_id).toBe(s3.cluster_id);
  });

  it('answers seal-status with exactly Vault’s fields in Vault’s order, in every state', async () => {
    const sm = manager();
    const before = await sm.status();
    expect(Object.keys(before)).toEqual(['type', 'initialized', 'sealed', 't', 'n', 'progress', 'nonce', 'version',
      'build_date', 'migration', 'recovery_seal', 'storage_type']);
    expect(before).toMatchObject({ type: 'shamir', initialized: false, sealed: true, t: 0, n: 0, progress: 0, nonce: '', storage_type: 'inmem' });
    const { keys } = await sm.init({ secret_shares: 3, secret_threshold: 2 });
    await sm.unseal(keys[0]!);
    const unsealed = await sm.unseal(keys[1]!);
    expect(Object.keys(unsealed)).toEqual(['type', 'initialized', 'sealed', 't', 'n', 'progress', 'nonce', 'version',
      'build_date', 'migration', 'cluster_name', 'cluster_id', 'recovery_seal', 'storage_type']);
  });
});

describe('unsealing with shares', () => {
  it('opens with any 3 of the 5 shares, in any order and encoding, and never with 2', async () => {
    const storage = new MemoryStorage();
    const { keys, keys_base64 } = await manager(storage).init({ secret_shares: 5, secret_threshold: 3 });
    const subset = fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 2, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(subset, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), async (idx, b64) => {
        const sm = manager(storage); // a restart: same storage, fresh memory
        for (let i = 0; i < idx.length; i++) await sm.unseal(b64[i] ? keys_base64[idx[i]!]! : keys[idx[i]!]!);
        expect(sm.sealed).toBe(idx.length < 3);
        if (idx.length < 3) expect((await sm.status()).progress).toBe(idx.length);
      }),
      { numRuns: 40 },
    );
  });

  it('ignores a share it already holds', async () => {
    const sm = manager();
    const { keys } = await sm.init({ secret_shares: 5, secret_threshold: 3 });
    await sm.unseal(keys[0]!);
    const again = await sm.unseal(keys[0]!.toUpperCase());
    expect(again.progress).toBe(1);
  });

  it("reports wrong shares in Vault's words, stays sealed, and clears progress", async () => {
    const sm = manager();
    const { keys } = await sm.init({ secret_shares: 5, secret_threshold: 3 });
    const other = await manager(new MemoryStorage(), 'other').init({ secret_shares: 5, secret_threshold: 3 });
    await sm.unseal(keys[0]!);
    await sm.unseal(keys[1]!);
    const e = await failure(sm.unseal(other.keys[2]!));
    expect([e.status, e.message]).toEqual([400,
      'unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed']);
    expect(pick(await sm.status())).toEqual({ sealed: true, t: 3, n: 5, progress: 0 });
    for (const k of keys.slice(2)) await sm.unseal(k);
    expect(sm.sealed).toBe(false);
  });

  it('reports shares that cannot be combined as an invalid key', async () => {
    const sm = manager();
    const { keys } = await sm.init({ secret_shares: 3, secret_threshold: 2 });
    await sm.unseal(keys[0]!);
    const sameX = keys[1]!.slice(0, 64) + keys[0]!.slice(64); // different y, same x coordinate
    const e = await failure(sm.unseal(sameX));
    expect([e.status, e.message]).toEqual([400, 'invalid key: failed to compute combined key: duplicate part detected']);
  });

  it("refuses keys of the wrong length or encoding before counting them", async () => {
    const sm = manager();
    await sm.init({ secret_shares: 3, secret_threshold: 2 });
    expect((await failure(sm.unseal('abcd'))).message).toBe('invalid key: key is shorter than minimum 16 bytes');
    expect((await failure(sm.unseal('ab'.repeat(40)))).message).toBe('invalid key: key is longer than maximum 33 bytes');
    expect((await failure(sm.unseal('not a key!'))).message).toBe("'key' must be a valid hex or base64 string");
    expect((await failure(sm.unseal({}))).message).toBe("'key' must be specified in request body as JSON, or 'reset' set to true");
    expect((await sm.status()).progress).toBe(0);
  });

  it('forgets collected shares on reset, and refuses reset once unsealed', async () => {
    const sm = manager();
    const { keys } = await sm.init({ secret_shares: 3, secret_threshold: 2 });
    await sm.unseal(keys[0]!);
    const reset = await sm.unseal({ reset: true });
    expect([reset.progress, reset.nonce]).toEqual([0, '']);
    await sm.unseal(keys[1]!);
    expect(sm.sealed).toBe(true);
    await sm.unseal(keys[2]!);
    expect(sm.sealed).toBe(false);
    const e = await failure(sm.unseal({ reset: true }));
    expect([e.status, e.message]).toEqual([400, 'vault is unsealed']);
  });

  it('with one share uses the raw 32-byte unseal key, no split', async () => {
    const sm = manager();
    const { keys, keys_base64 } = await sm.init({ secret_shares: 1, secret_threshold: 1 });
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(keys_base64[0]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect((await sm.unseal(keys_base64[0]!)).sealed).toBe(false);
  });

  it('accepts a key while unsealed as a no-op, and refuses unseal before init', async () => {
    const fresh = manager();
    expect((await failure(fresh.unseal('ab'.repeat(33)))).message).toBe('Vault is not initialized');
    const sm = manager();
    const { keys } = await sm.init({ secret_shares: 1, secret_threshold: 1 });
    await sm.unseal(keys[0]!);
    expect((await sm.unseal('00'.repeat(32))).sealed).toBe(false);
  });
});

describe('init', () => {
  it.each([
    [{ secret_shares: 0, secret_threshold: 0 }, 'shares must be at least one'],
    [{ secret_shares: 3, secret_threshold: 0 }, 'threshold must be at least one'],
    [{ secret_shares: 3, secret_threshold: 1 }, 'threshold must be greater than one for multiple shares'],
    [{ secret_shares: 256, secret_threshold: 3 }, 'shares must be less than 256'],
    [{ secret_shares: 3, secret_threshold: 4 }, 'threshold cannot be larger than shares'],
    [{ secret_shares: 3, secret_threshold: 2, pgp_keys: ['a'] }, 'count mismatch between number of provided PGP keys and number of shares'],
  ])('refuses %j with a 400 and writes nothing', async (req, reason) => {
    const storage = new MemoryStorage();
    const e = await failure(manager(storage).init(req));
    expect([e.status, e.message]).toEqual([400, `invalid seal configuration: ${reason}`]);
    expect(storage.entries()).toEqual([]);
  });

  it("refuses fields of the wrong JSON type with Go's decoding error", async () => {
    const sm = manager();
    expect((await failure(sm.init({ secret_shares: '5' as never, secret_threshold: 3 }))).message)
      .toBe('json: cannot unmarshal string into Go struct field InitRequest.secret_shares of type int');
    expect((await failure(sm.init({ secret_shares: 5, secret_threshold: 2.5 }))).message)
      .toBe('json: cannot unmarshal number 2.5 into Go struct field InitRequest.secret_threshold of type int');
    expect((await failure(sm.unseal({ key: 5 as never }))).message)
      .toBe('json: cannot unmarshal number into Go struct field UnsealRequest.Key of type string');
    expect(await sm.initialized()).toBe(false);
  });

  it('refuses recovery parameters on a Shamir seal, as Vault does', async () => {
    const e = await failure(manager().init({ secret_shares: 1, secret_threshold: 1, recovery_shares: 5, recovery_threshold: 3 }));
    expect(e.message).toBe('parameters recovery_shares,recovery_threshold not applicable to seal type shamir');
  });

  it('refuses a second init with `Vault is already initialized`', async () => {
    const sm = manager();
    await sm.init({ secret_shares: 1, secret_threshold: 1 });
    const e = await failure(sm.init({ secret_shares: 1, secret_threshold: 1 }));
    expect([e.status, e.message]).toEqual([400, 'Vault is already initialized']);
  });

  it('runs onInitialized with the barrier unsealed, then leaves the vault sealed', async () => {
    const sm = manager();
    let sawUnsealed = false;
    const { keys } = await sm.init({ secret_shares: 1, secret_threshold: 1 }, async (barrier) => {
      sawUnsealed = !barrier.sealed;
      await barrier.put('sys/token/id/root', utf8.encode('root-token'));
    });
    expect(sawUnsealed).toBe(true);
    expect(sm.sealed).toBe(true);
    await sm.unseal(keys[0]!);
    expect(text(await sm.barrier.get('sys/token/id/root'))).toBe('root-token');
  });

  it('stores the seal config in plaintext with Vault’s field names', async () => {
    const storage = new MemoryStorage();
    await manager(storage).init({ secret_shares: 5, secret_threshold: 3 });
    expect(text(await storage.get('core/seal-config'))).toBe(
      '{"type":"shamir","secret_shares":5,"secret_threshold":3,"pgp_keys":null,"nonce":"","backup":false,"stored_shares":1}');
  });
});

describe('what lands in storage', () => {
  it('stores the root key as a BlobInfo protobuf of nonce ‖ AES-GCM(unseal key, ["<root key>"])', async () => {
    const storage = new MemoryStorage();
    const { keys } = await manager(storage).init({ secret_shares: 1, secret_threshold: 1 });
    const blob = (await storage.get('core/hsm/barrier-unseal-keys'))!;
    const len = blob[1]!; // one-byte varint: nonce 12 + `["<44 base64 chars>"]` 48 + tag 16
    expect([blob[0], len, blob[2 + len], blob[3 + len], blob.length]).toEqual([0x0a, 76, 0x2a, 0x00, 4 + len]);
    const sealed = blob.subarray(2, 2 + len);
    const plain = createAead('noble').cipher(Buffer.from(keys[0]!, 'hex')).open(sealed.subarray(0, 12), sealed.subarray(12), undefined);
    const [rootB64] = JSON.parse(text(plain)!) as string[];
    const keyring = (await storage.get('core/keyring'))!;
    const opened = createAead('noble').cipher(Buffer.from(rootB64!, 'base64')).open(keyring.subarray(5, 17), keyring.subarray(17), utf8.encode('core/keyring'));
    expect(JSON.parse(text(opened)!).MasterKey).toBe(rootB64);
  });

  it('writes byte-identical storage with either AEAD given the same randomness and clock', async () => {
    const dump = async (aead: 'node' | 'noble') => {
      const storage = new MemoryStorage();
      const sm = new SealManager(storage, { aead, random: new SeededRandom('same'), clock: new ManualClock() });
      const { keys } = await sm.init({ secret_shares: 3, secret_threshold: 2 });
      for (const k of keys.slice(0, 2)) await sm.unseal(k);
      await sm.barrier.put('logical/x', utf8.encode('payload'));
      await sm.rotate();
      await sm.barrier.put('logical/y', utf8.encode('payload'));
      return storage.entries().map(([k, v]) => [k, Buffer.from(v).toString('hex')]);
    };
    expect(await dump('node')).toEqual(await dump('noble'));
  });
});

describe('durability on FileStorage', () => {
  async function initOnDisk() {
    const dir = join(root, `v${dirs++}`);
    const sm = new SealManager(new FileStorage(dir), { random: new SeededRandom(dirs) });
    const { keys } = await sm.init({ secret_shares: 5, secret_threshold: 3 });
    for (const k of keys.slice(0, 3)) await sm.unseal(k);
    const cluster = sm.cluster();
    const written = new Map<string, string>();
    for (let i = 0; i < 20; i++) {
      written.set(`logical/kv/item${i}`, `value-${i}`);
      await sm.barrier.put(`logical/kv/item${i}`, utf8.encode(`value-${i}`));
    }
    await sm.rotate();
    await sm.barrier.put('logical/kv/after-rotation', utf8.encode('late'));
    written.set('logical/kv/after-rotation', 'late');
    return { dir, keys, written, cluster };
  }

  it('restarts initialised and sealed, and after unseal every value written before is intact', async () => {
    const { dir, keys, written, cluster } = await initOnDisk();
    const restarted = new SealManager(new FileStorage(dir));
    const status = await restarted.status();
    expect([status.initialized, status.sealed, status.t, status.n, status.progress, status.storage_type]).toEqual([true, true, 3, 5, 0, 'file']);
    for (const k of [keys[3]!, keys[0]!, keys[4]!]) await restarted.unseal(k);
    for (const [k, v] of written) expect(text(await restarted.barrier.get(k))).toBe(v);
    expect(restarted.keyStatus().term).toBe(2);
    expect(restarted.cluster()).toEqual(cluster);
  });

  it('detects tampering with any file on disk when it is read', async () => {
    const { dir, keys, written } = await initOnDisk();
    const files = readdirSync(join(dir, 'logical', 'kv')).filter((f) => statSync(join(dir, 'logical', 'kv', f)).isFile());
    for (const f of files) {
      const p = join(dir, 'logical', 'kv', f);
      const entry = JSON.parse(readFileSync(p, 'utf8')) as { Value: string };
      const raw = Buffer.from(entry.Value, 'base64');
      raw[raw.length - 20]! ^= 0x01;
      writeFileSync(p, JSON.stringify({ Value: raw.toString('base64') }));
    }
    const sm = new SealManager(new FileStorage(dir));
    for (const k of keys.slice(0, 3)) await sm.unseal(k);
    for (const k of written.keys()) {
      expect((await failure(sm.barrier.get(k))).message).toBe('decryption failed: cipher: message authentication failed');
    }
  });

  it('refuses to unseal when the stored keyring was tampered with', async () => {
    const { dir, keys } = await initOnDisk();
    const p = join(dir, 'core', '_keyring');
    const raw = Buffer.from((JSON.parse(readFileSync(p, 'utf8')) as { Value: string }).Value, 'base64');
    raw[30]! ^= 0x01;
    writeFileSync(p, JSON.stringify({ Value: raw.toString('base64') }));
    const sm = new SealManager(new FileStorage(dir));
    await sm.unseal(keys[0]!);
    await sm.unseal(keys[1]!);
    const e = await failure(sm.unseal(keys[2]!));
    expect(e.message).toBe('Unseal failed, invalid key');
    expect(sm.sealed).toBe(true);
  });
});
