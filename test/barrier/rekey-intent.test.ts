// A rekey's intent (src/barrier/rekey-intent.ts): between the answer that hands out the new
// shares and the removal of the intent, a crash leaves both share sets working, each with its own
// threshold; the first unseal settles on the set used. Seal and the answer's own follow-up remove
// the intent, after which only the new shares work. Also the ShareCollector every flow shares.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SealManager } from '../../src/barrier/seal-manager.js';
import type { RekeyUpdateResult } from '../../src/barrier/rekey.js';
import { REKEY_INTENT_PATH } from '../../src/barrier/rekey-intent.js';
import { ShareCollector } from '../../src/barrier/share-collector.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { SeededRandom } from '../../src/util/random.js';
import { split } from '../../src/shamir/index.js';
import { CrashingStorage } from '../reliability/crashing-storage.js';

const utf8 = new TextEncoder();
const text = (u: Uint8Array | undefined) => (u === undefined ? undefined : new TextDecoder().decode(u));

/** A 5-of-3 vault rekeyed to 2-of-4; the intent is left as a crash right after the answer leaves it. */
async function rekeyedWithoutSettling() {
  const storage = new MemoryStorage();
  const sm = new SealManager(storage, { random: new SeededRandom('intent') });
  const { keys } = await sm.init({ secret_shares: 5, secret_threshold: 3 });
  for (const k of keys.slice(0, 3)) await sm.unseal(k);
  await sm.barrier.put('logical/x/secret', utf8.encode('kept'));
  const rekey = await sm.rekey();
  const { nonce } = await rekey.init({ secret_shares: 4, secret_threshold: 2 });
  let done: unknown;
  for (const k of keys.slice(0, 3)) done = await rekey.update(k, nonce);
  const crashed = new MemoryStorage();
  crashed.replaceAll(storage.entries()); // the disk as it is before the intent goes
  await sm.settleKeyOperations();
  return { storage, crashed, old: keys, fresh: (done as RekeyUpdateResult).keys };
}

async function unsealStepwise(sm: SealManager, keys: string[]): Promise<number[]> {
  const progress: number[] = [];
  for (const k of keys) progress.push((await sm.unseal(k)).progress);
  return progress;
}

describe('rekey intent', () => {
  it('is removed once the answer is out: then only the new shares open the vault', async () => {
    const { storage, old, fresh } = await rekeyedWithoutSettling();
    expect(await storage.get(REKEY_INTENT_PATH)).toBeUndefined();
    const a = new SealManager(storage);
    await unsealStepwise(a, old.slice(0, 3)).catch(() => undefined);
    expect(a.sealed).toBe(true);
    const b = new SealManager(storage);
    await unsealStepwise(b, fresh.slice(0, 2));
    expect(b.sealed).toBe(false);
  });

  it('after a crash before its removal, the old shares still open the vault (at their own threshold) and it settles on them', async () => {
    const { crashed, old, fresh } = await rekeyedWithoutSettling();
    const sm = new SealManager(crashed);
    expect(await sm.status()).toMatchObject({ t: 2, n: 4 }); // the configuration on disk is the new one
    expect(await unsealStepwise(sm, old.slice(2, 5))).toEqual([1, 2, 0]); // two old shares are not enough
    expect(sm.sealed).toBe(false);
    expect(text(await sm.barrier.get('logical/x/secret'))).toBe('kept');
    expect(await crashed.get(REKEY_INTENT_PATH)).toBeUndefined();
    expect(await sm.status()).toMatchObject({ t: 3, n: 5 });
    await sm.seal();
    await unsealStepwise(sm, fresh.slice(0, 2)).catch(() => undefined);
    expect(sm.sealed).toBe(true); // settled: the new shares no longer open it
    await sm.unseal({ reset: true });
    await unsealStepwise(sm, old.slice(0, 3));
    expect(sm.sealed).toBe(false);
  });

  it('after a crash before its removal, the new shares open the vault and it settles on them', async () => {
    const { crashed, old, fresh } = await rekeyedWithoutSettling();
    const sm = new SealManager(crashed);
    await unsealStepwise(sm, [fresh[3]!, fresh[1]!]);
    expect(sm.sealed).toBe(false);
    expect(text(await sm.barrier.get('logical/x/secret'))).toBe('kept');
    expect(await crashed.get(REKEY_INTENT_PATH)).toBeUndefined();
    await sm.seal();
    await unsealStepwise(sm, old.slice(0, 3)).catch(() => undefined);
    expect(sm.sealed).toBe(true);
  });

  it('answers a wrong share set with Vault\'s invalid-key error once the higher threshold is reached', async () => {
    const { crashed } = await rekeyedWithoutSettling();
    const other = new SealManager(new MemoryStorage(), { random: new SeededRandom('other') });
    const { keys } = await other.init({ secret_shares: 5, secret_threshold: 3 });
    const sm = new SealManager(crashed);
    await sm.unseal(keys[0]!);
    await sm.unseal(keys[1]!);
    await expect(sm.unseal(keys[2]!)).rejects.toThrow('invalid key');
    expect((await sm.status()).progress).toBe(0);
  });

  it('is removed by a seal that follows the rekey', async () => {
    const storage = new MemoryStorage();
    const sm = new SealManager(storage, { random: new SeededRandom('seal') });
    const { keys } = await sm.init({ secret_shares: 1, secret_threshold: 1 });
    await sm.unseal(keys[0]!);
    const rekey = await sm.rekey();
    const { nonce } = await rekey.init({ secret_shares: 1, secret_threshold: 1 });
    await rekey.update(keys[0]!, nonce);
    await sm.seal();
    expect(await storage.get(REKEY_INTENT_PATH)).toBeUndefined();
  });
});

describe('rekey intent, any share counts', () => {
  const config = fc.integer({ min: 1, max: 5 }).chain((n) => fc.record({ n: fc.constant(n), t: n === 1 ? fc.constant(1) : fc.integer({ min: 2, max: n }) }));
  type Config = { n: number; t: number };

  /** An unsealed `from` vault over `storage` (through a CrashingStorage) holding logical/x/v, with a rekey to `to` started. */
  async function rekeying(storage: MemoryStorage, from: Config, to: Config, seed: number, verify = false) {
    const crashing = new CrashingStorage(storage);
    const sm = new SealManager(crashing, { random: new SeededRandom(seed) });
    const { keys } = await sm.init({ secret_shares: from.n, secret_threshold: from.t });
    for (const k of keys.slice(0, from.t)) await sm.unseal(k);
    await sm.barrier.put('logical/x/v', utf8.encode(String(seed)));
    const rekey = await sm.rekey();
    const { nonce } = await rekey.init({ secret_shares: to.n, secret_threshold: to.t, require_verification: verify });
    return { crashing, sm, keys, rekey, nonce };
  }

  it('after a crash before its removal, a threshold of either set opens the vault, and only that set afterwards', async () => {
    await fc.assert(fc.asyncProperty(config, config, fc.boolean(), fc.integer(), async (from, to, useNew, seed) => {
      const storage = new MemoryStorage();
      const { keys, rekey, nonce } = await rekeying(storage, from, to, seed);
      let done: unknown;
      for (const k of keys.slice(0, from.t)) done = await rekey.update(k, nonce);
      const crashed = new MemoryStorage();
      crashed.replaceAll(storage.entries());
      const fresh = (done as RekeyUpdateResult).keys;
      const [used, other] = useNew ? [fresh.slice(-to.t), keys.slice(-from.t)] : [keys.slice(-from.t), fresh.slice(-to.t)];
      const restarted = new SealManager(crashed);
      for (const k of used) await restarted.unseal(k);
      expect(restarted.sealed).toBe(false);
      expect(text(await restarted.barrier.get('logical/x/v'))).toBe(String(seed));
      await restarted.seal();
      for (const k of other) await restarted.unseal(k).catch(() => undefined);
      expect(restarted.sealed).toBe(true); // settled: the other set no longer opens it
    }), { numRuns: 25 });
  });

  it('after a crash at any write of the rekey (no answer, no new shares), a threshold of the old set opens the vault', async () => {
    await fc.assert(fc.asyncProperty(config, config, fc.integer({ min: 1, max: 7 }), fc.integer(), async (from, to, crashAt, seed) => {
      const storage = new MemoryStorage();
      const { crashing, keys, rekey, nonce } = await rekeying(storage, from, to, seed);
      for (const k of keys.slice(0, from.t - 1)) await rekey.update(k, nonce);
      crashing.arm(crashAt);
      await expect(rekey.update(keys[from.t - 1]!, nonce)).rejects.toThrow();
      const restarted = new SealManager(storage);
      for (const k of keys.slice(-from.t)) await restarted.unseal(k);
      expect(restarted.sealed).toBe(false);
      expect(text(await restarted.barrier.get('logical/x/v'))).toBe(String(seed));
    }), { numRuns: 40 });
  });

  it('after a crash at any write of a verified rekey, the old shares open the vault, and the new ones once their stored keys are written', async () => {
    await fc.assert(fc.asyncProperty(config, config, fc.integer({ min: 1, max: 8 }), fc.integer(), async (from, to, crashAt, seed) => {
      const storage = new MemoryStorage();
      const { crashing, keys, rekey, nonce } = await rekeying(storage, from, to, seed, true);
      let issued: unknown;
      for (const k of keys.slice(0, from.t)) issued = await rekey.update(k, nonce);
      const { keys: fresh, verification_nonce: vnonce } = issued as RekeyUpdateResult;
      for (const k of fresh.slice(0, to.t - 1)) await rekey.verifyUpdate(k, vnonce);
      crashing.arm(crashAt);
      const last = rekey.verifyUpdate(fresh[to.t - 1]!, vnonce);
      if (crashAt < 8) await expect(last).rejects.toThrow();
      else expect(await last).toEqual({ nonce: vnonce, complete: true }); // only the intent's removal failed
      const opens = async (shares: string[]) => {
        const copy = new MemoryStorage();
        copy.replaceAll(storage.entries());
        const restarted = new SealManager(copy);
        for (const k of shares) await restarted.unseal(k).catch(() => undefined);
        return !restarted.sealed;
      };
      expect(await opens(keys.slice(-from.t))).toBe(true);
      expect(await opens(fresh.slice(-to.t))).toBe(crashAt > 4);
    }), { numRuns: 40 });
  });
});

describe('ShareCollector', () => {
  it('holds distinct shares only, and any threshold of them gives back the split key', async () => {
    await fc.assert(fc.asyncProperty(
      fc.uint8Array({ minLength: 16, maxLength: 32 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 5 }), fc.integer(),
      async (secret, threshold, extra, seed) => {
        const shares = split(secret, { shares: threshold + extra, threshold, random: new SeededRandom(seed) });
        const c = new ShareCollector('n');
        for (const s of shares.slice(0, threshold)) {
          expect(c.add(new Uint8Array(s))).toBe(true);
          expect(c.add(new Uint8Array(s))).toBe(false);
        }
        expect(c.progress).toBe(threshold);
        expect(await c.spend()).toEqual(secret);
        expect(c.progress).toBe(0);
      },
    ), { numRuns: 30 });
  });
});
