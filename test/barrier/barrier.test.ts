// The AES-GCM barrier: Vault's byte layout (checked by opening values by hand with the raw AEAD),
// Vault's read errors, path binding, terms and rotation, root-key rotation, and views.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AesGcmBarrier, KEYRING_PATH, ROOT_KEY_PATH } from '../../src/barrier/barrier.js';
import { createAead, type AeadName } from '../../src/barrier/aead.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { ManualClock } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';
import { VaultError } from '../../src/errors/vault-error.js';
import { failure } from './helpers.js';

const utf8 = new TextEncoder();
const text = (u: Uint8Array | undefined) => (u === undefined ? undefined : new TextDecoder().decode(u));

async function openBarrier(aead: AeadName, opts: { maxOperations?: number } = {}) {
  const storage = new MemoryStorage();
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const barrier = new AesGcmBarrier(storage, { aead, clock, random: new SeededRandom('barrier'), ...opts });
  const rootKey = barrier.generateKey();
  await barrier.initialize(rootKey);
  await barrier.unseal(rootKey);
  return { storage, clock, barrier, rootKey };
}

/** Opens a stored value with nothing but the raw AEAD: proves the on-disk layout independently. */
function openByHand(aead: AeadName, key: Uint8Array, path: string | undefined, value: Uint8Array): Uint8Array {
  return createAead(aead).cipher(key).open(value.subarray(5, 17), value.subarray(17), path === undefined ? undefined : utf8.encode(path));
}

function termKey(aead: AeadName, storage: MemoryStorage, rootKey: Uint8Array, term: number): Promise<Uint8Array> {
  return storage.get(KEYRING_PATH).then((v) => {
    const keyring = JSON.parse(text(openByHand(aead, rootKey, KEYRING_PATH, v!))!) as { Keys: Array<{ Term: number; Value: string }> };
    return new Uint8Array(Buffer.from(keyring.Keys.find((k) => k.Term === term)!.Value, 'base64'));
  });
}


const path = fc.array(fc.constantFrom('logical', 'sys', 'a', 'b/c', 'tøken', 'x y', '0'), { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));

describe.each(['node', 'noble'] as const)('barrier over %s', (aead) => {
  it("stores term ‖ 0x02 ‖ nonce ‖ ciphertext ‖ tag with the path as AAD, 33 bytes over the plaintext", async () => {
    const { storage, barrier, rootKey } = await openBarrier(aead);
    await barrier.put('logical/abc/secret', utf8.encode('hello'));
    const stored = (await storage.get('logical/abc/secret'))!;
    expect(stored.length).toBe(5 + 33);
    expect([...stored.subarray(0, 5)]).toEqual([0, 0, 0, 1, 2]);
    const key = await termKey(aead, storage, rootKey, 1);
    expect(text(openByHand(aead, key, 'logical/abc/secret', stored))).toBe('hello');
  });

  it("writes the keyring and the root-key copy in Vault's JSON", async () => {
    const { storage, rootKey } = await openBarrier(aead);
    const keyring = text(openByHand(aead, rootKey, KEYRING_PATH, (await storage.get(KEYRING_PATH))!))!;
    expect(keyring).toMatch(/^\{"MasterKey":"[A-Za-z0-9+/]{43}=","Keys":\[\{"Term":1,"Version":1,"Value":"[A-Za-z0-9+/]{43}=","InstallTime":"2026-01-01T00:00:00Z"\}\],"RotationConfig":\{"Disabled":false,"MaxOperations":3865470566,"Interval":0\}\}$/);
    const term1 = await termKey(aead, storage, rootKey, 1);
    const copy = text(openByHand(aead, term1, ROOT_KEY_PATH, (await storage.get(ROOT_KEY_PATH))!));
    expect(copy).toBe(`{"Term":1,"Version":1,"Value":"${Buffer.from(rootKey).toString('base64')}","InstallTime":"0001-01-01T00:00:00Z"}`);
  });

  it('round-trips any payload at any path, and a value never opens at another path', async () => {
    const { storage, barrier } = await openBarrier(aead);
    await fc.assert(
      fc.asyncProperty(path, path, fc.uint8Array({ maxLength: 2048 }), async (p, q, payload) => {
        await barrier.put(p, payload);
        expect(await barrier.get(p)).toEqual(payload);
        fc.pre(p !== q);
        await storage.put(q, (await storage.get(p))!);
        expect((await failure(barrier.get(q))).message).toBe('decryption failed: cipher: message authentication failed');
      }),
      { numRuns: 60 },
    );
  });

  it('detects a change to any single byte of a stored value', async () => {
    const { storage, barrier } = await openBarrier(aead);
    await barrier.put('k', utf8.encode('some secret value'));
    const good = (await storage.get('k'))!;
    for (let i = 0; i < good.length; i++) {
      const bad = good.slice();
      bad[i]! ^= 0x40;
      await storage.put('k', bad);
      const e = await failure(barrier.get('k'));
      expect(e.message).toMatch(/^(no decryption key available for term \d+|decryption failed: (version bytes mis-match|cipher: message authentication failed))$/);
    }
  });

  it("answers Vault's words for short, unknown-term and unknown-version values", async () => {
    const { storage, barrier } = await openBarrier(aead);
    await storage.put('short', new Uint8Array([0, 0, 1]));
    expect((await failure(barrier.get('short'))).message).toBe('invalid value');
    await storage.put('term7', new Uint8Array([0, 0, 0, 7, 2, ...new Uint8Array(40)]));
    expect((await failure(barrier.get('term7'))).message).toBe('no decryption key available for term 7');
    await storage.put('trunc', new Uint8Array([0, 0, 0, 1, 2, 1, 2, 3]));
    expect((await failure(barrier.get('trunc'))).message).toBe('decryption failed: invalid cipher length');
    await barrier.put('v3', utf8.encode('x'));
    const v3 = (await storage.get('v3'))!;
    v3[4] = 3;
    await storage.put('v3', v3);
    expect((await failure(barrier.get('v3'))).message).toBe('decryption failed: version bytes mis-match');
  });

  it('still reads version-1 values, which carry no AAD', async () => {
    const { storage, barrier, rootKey } = await openBarrier(aead);
    const key = await termKey(aead, storage, rootKey, 1);
    const nonce = new Uint8Array(12).fill(3);
    const v1 = new Uint8Array(17 + 4 + 16);
    v1.set([0, 0, 0, 1, 1], 0);
    v1.set(nonce, 5);
    createAead(aead).cipher(key).sealInto(nonce, utf8.encode('old!'), undefined, v1, 17);
    await storage.put('legacy/value', v1);
    expect(text(await barrier.get('legacy/value'))).toBe('old!');
  });

  it('keeps every old value readable across any number of rotations, writing new values with the newest term', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 64 }), { minLength: 1, maxLength: 6 }), async (values) => {
        const { storage, barrier } = await openBarrier(aead);
        for (let i = 0; i < values.length; i++) {
          await barrier.put(`v/${i}`, values[i]!);
          expect(await barrier.rotate()).toBe(i + 2);
        }
        await barrier.put('v/new', utf8.encode('n'));
        expect((await storage.get('v/new'))![3]).toBe(values.length + 1);
        for (let i = 0; i < values.length; i++) expect(await barrier.get(`v/${i}`)).toEqual(values[i]);
        expect(barrier.terms()).toEqual(Array.from({ length: values.length + 1 }, (_, i) => i + 1));
      }),
      { numRuns: 12 },
    );
  });

  it('refuses every operation while sealed with 503 `Vault is sealed`, and forgets its keys', async () => {
    const { barrier } = await openBarrier(aead);
    await barrier.put('x', utf8.encode('1'));
    await barrier.seal();
    for (const p of [barrier.get('x'), barrier.put('x', utf8.encode('2')), barrier.list(''), barrier.delete('x'), barrier.rotate()]) {
      const e = await failure(p);
      expect([e.status, e.message]).toEqual([503, 'Vault is sealed']);
    }
    expect(() => barrier.keyStatus()).toThrow('Vault is sealed');
  });

  it('rejects a wrong root key with `Unseal failed, invalid key` and opens with the right one', async () => {
    const { barrier, rootKey } = await openBarrier(aead);
    await barrier.put('x', utf8.encode('1'));
    await barrier.seal();
    expect((await failure(barrier.unseal(new Uint8Array(32).fill(1)))).message).toBe('Unseal failed, invalid key');
    expect(barrier.sealed).toBe(true);
    await barrier.unseal(rootKey);
    expect(text(await barrier.get('x'))).toBe('1');
  });

  it('refuses to initialise twice', async () => {
    const { barrier, rootKey } = await openBarrier(aead);
    expect((await failure(barrier.initialize(rootKey))).message).toBe('Vault is already initialized');
  });

  it('re-encrypts only the keyring when the root key changes: old root fails, data stays readable', async () => {
    const { storage, barrier, rootKey } = await openBarrier(aead);
    await barrier.put('data/one', utf8.encode('kept'));
    const before = (await storage.get('data/one'))!;
    const newRoot = new Uint8Array(32).fill(0x5a);
    await barrier.rotateRootKey(newRoot);
    expect(await storage.get('data/one')).toEqual(before);
    await barrier.seal();
    expect((await failure(barrier.unseal(rootKey))).message).toBe('Unseal failed, invalid key');
    await barrier.unseal(newRoot);
    expect(text(await barrier.get('data/one'))).toBe('kept');
  });
});

describe('key status and automatic rotation', () => {
  it('reports term, RFC 3339 install time and the encryption estimate; a rotation resets the estimate', async () => {
    const { barrier, clock } = await openBarrier('node');
    for (let i = 0; i < 4; i++) await barrier.put(`k${i}`, utf8.encode('v'));
    expect(barrier.keyStatus()).toEqual({ term: 1, install_time: '2026-01-01T00:00:00Z', encryptions: 4 });
    clock.advance(1500);
    await barrier.rotate();
    expect(barrier.keyStatus()).toEqual({ term: 2, install_time: '2026-01-01T00:00:01.5Z', encryptions: 0 });
  });

  it('keeps the encryption estimate across seal and unseal', async () => {
    const { barrier, rootKey } = await openBarrier('node');
    for (let i = 0; i < 7; i++) await barrier.put(`k${i}`, utf8.encode('v'));
    await barrier.seal();
    await barrier.unseal(rootKey);
    expect(barrier.keyStatus().encryptions).toBeGreaterThanOrEqual(7);
  });

  it('rotates by itself once the active term passes its operation limit', async () => {
    const { barrier } = await openBarrier('node', { maxOperations: 5 });
    for (let i = 0; i < 5; i++) await barrier.put(`k${i}`, utf8.encode('v'));
    expect(barrier.keyStatus().term).toBe(1);
    await barrier.put('k5', utf8.encode('v'));
    expect(barrier.keyStatus().term).toBe(2);
    for (let i = 0; i < 6; i++) expect(text(await barrier.get(`k${i}`))).toBe('v');
  });

  it('rotates by itself when the configured interval has passed', async () => {
    const { barrier, clock } = await openBarrier('node');
    await barrier.setRotationConfig({ intervalSeconds: 86400 });
    expect(barrier.rotationConfig()).toEqual({ enabled: true, maxOperations: 3865470566, intervalSeconds: 86400 });
    clock.advance('23h');
    await barrier.put('a', utf8.encode('1'));
    expect(barrier.keyStatus().term).toBe(1);
    clock.advance('2h');
    await barrier.put('b', utf8.encode('2'));
    expect(barrier.keyStatus().term).toBe(2);
  });

  it("refuses rotation settings outside Vault's ranges and changes nothing", async () => {
    const { barrier } = await openBarrier('node');
    expect((await failure(barrier.setRotationConfig({ maxOperations: 10 }))).message).toBe('max_operations must be in the range [1000000,3865470566]');
    expect((await failure(barrier.setRotationConfig({ intervalSeconds: 3600 }))).message).toBe('interval must be greater or equal to 24h0m0s');
    expect(barrier.rotationConfig()).toEqual({ enabled: true, maxOperations: 3865470566, intervalSeconds: 0 });
  });

  it('does not rotate automatically when rotation is disabled', async () => {
    const { barrier } = await openBarrier('node', { maxOperations: 2 });
    await barrier.setRotationConfig({ enabled: false });
    for (let i = 0; i < 6; i++) await barrier.put(`k${i}`, utf8.encode('v'));
    expect(barrier.keyStatus().term).toBe(1);
  });
});

describe('barrier views', () => {
  it('use keys relative to their prefix while binding values to the full path', async () => {
    const { barrier } = await openBarrier('node');
    const view = barrier.view('logical/uuid-1/');
    await view.put('config', utf8.encode('c'));
    await view.put('data/a', utf8.encode('a'));
    expect(text(await barrier.get('logical/uuid-1/config'))).toBe('c');
    expect(await view.list('')).toEqual(['config', 'data/']);
    expect(text(await view.view('data/').get('a'))).toBe('a');
    await view.delete('config');
    expect(await view.get('config')).toBeUndefined();
  });

  it("refuse relative paths with Vault's message", async () => {
    const { barrier } = await openBarrier('node');
    const e = await failure(barrier.view('logical/x/').get('../y'));
    expect(e.message).toBe('relative paths not supported');
  });
});
