// Rekey: Vault's nonce-and-progress flow producing new shares for a new unseal key and a new root
// key; old shares stop working, data stays readable; verification, cancel and error cases.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SealManager } from '../../src/barrier/seal-manager.js';
import type { RekeyStatus, RekeyUpdateResult } from '../../src/barrier/rekey.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { SeededRandom } from '../../src/util/random.js';
import { ManualClock } from '../../src/util/clock.js';
import { VaultError } from '../../src/errors/vault-error.js';
import { failure } from './helpers.js';

const utf8 = new TextEncoder();
const text = (u: Uint8Array | undefined) => (u === undefined ? undefined : new TextDecoder().decode(u));

async function unsealedVault(shares = 5, threshold = 3) {
  const storage = new MemoryStorage();
  const clock = new ManualClock();
  const sm = new SealManager(storage, { random: new SeededRandom('rekey'), clock });
  const { keys } = await sm.init({ secret_shares: shares, secret_threshold: threshold });
  for (const k of keys.slice(0, threshold)) await sm.unseal(k);
  await sm.barrier.put('logical/kv/a', utf8.encode('alpha'));
  return { storage, clock, sm, keys };
}


async function unsealWith(storage: MemoryStorage, keys: string[]): Promise<SealManager> {
  const sm = new SealManager(storage);
  for (const k of keys) await sm.unseal(k);
  return sm;
}

describe('rekey', () => {
  it('reports no attempt before init, with the current threshold as `required`', async () => {
    const { sm } = await unsealedVault();
    expect(await (await sm.rekey()).status()).toEqual({
      nonce: '', started: false, t: 0, n: 0, progress: 0, required: 3, pgp_fingerprints: null, backup: false, verification_required: false,
    });
  });

  it('collects current shares with the nonce, then hands out new shares; old shares stop working and data stays readable', async () => {
    const { storage, sm, keys } = await unsealedVault();
    const started = await (await sm.rekey()).init({ secret_shares: 4, secret_threshold: 2 });
    expect(started).toMatchObject({ started: true, t: 2, n: 4, progress: 0, required: 3 });
    expect(Object.keys(started)).toEqual(['nonce', 'started', 't', 'n', 'progress', 'required', 'pgp_fingerprints', 'backup', 'verification_required']);
    const nonce = started.nonce;
    expect((await (await sm.rekey()).update(keys[4]!, nonce)) as RekeyStatus).toMatchObject({ progress: 1, nonce });
    expect((await (await sm.rekey()).update(keys[0]!, nonce)) as RekeyStatus).toMatchObject({ progress: 2 });
    const done = (await (await sm.rekey()).update(keys[2]!, nonce)) as RekeyUpdateResult;
    expect(Object.keys(done)).toEqual(['nonce', 'complete', 'keys', 'keys_base64', 'pgp_fingerprints', 'backup', 'verification_required']);
    expect(done).toMatchObject({ nonce, complete: true, pgp_fingerprints: null, backup: false, verification_required: false });
    expect(done.keys).toHaveLength(4);
    expect((await (await sm.rekey()).status()).started).toBe(false);
    expect((await sm.status())).toMatchObject({ t: 2, n: 4 });

    await sm.settleKeyOperations(); // the answer is out: the old shares' way in goes
    const oldOnly = await unsealWith(storage, keys.slice(0, 1));
    const e = await failure(oldOnly.unseal(keys[1]!)); // two old shares now meet the new threshold of 2
    expect(e.message).toContain('invalid key: failed to decrypt keys from storage');
    expect(oldOnly.sealed).toBe(true);

    const fresh = await unsealWith(storage, [done.keys[3]!, done.keys_base64[1]!]);
    expect(fresh.sealed).toBe(false);
    expect(text(await fresh.barrier.get('logical/kv/a'))).toBe('alpha');
  });

  it('replaces the root key too: the keyring is re-encrypted, data entries are not', async () => {
    const { storage, sm, keys } = await unsealedVault(1, 1);
    const dataBefore = await storage.get('logical/kv/a');
    const keyringBefore = await storage.get('core/keyring');
    const storedBefore = await storage.get('core/hsm/barrier-unseal-keys');
    const { nonce } = await (await sm.rekey()).init({ secret_shares: 1, secret_threshold: 1 });
    const done = (await (await sm.rekey()).update(keys[0]!, nonce)) as RekeyUpdateResult;
    expect(await storage.get('logical/kv/a')).toEqual(dataBefore);
    expect(await storage.get('core/keyring')).not.toEqual(keyringBefore);
    expect(await storage.get('core/hsm/barrier-unseal-keys')).not.toEqual(storedBefore);
    expect(done.keys[0]).not.toBe(keys[0]);
    const reopened = await unsealWith(storage, done.keys);
    expect(text(await reopened.barrier.get('logical/kv/a'))).toBe('alpha');
  });

  it('keeps data readable through any sequence of rekeys, rotations and writes', async () => {
    const step = fc.oneof(
      fc.constant({ kind: 'rotate' as const }),
      fc.constant({ kind: 'write' as const }),
      fc.record({ kind: fc.constant('rekey' as const), shares: fc.integer({ min: 1, max: 4 }), extra: fc.nat(3) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 6 }), async (steps) => {
        const { storage, sm, keys } = await unsealedVault(1, 1);
        let current = keys;
        let threshold = 1;
        let n = 0;
        for (const s of steps) {
          if (s.kind === 'rotate') await sm.rotate();
          else if (s.kind === 'write') await sm.barrier.put(`logical/w${n}`, utf8.encode(`w${n++}`));
          else {
            const t = s.shares === 1 ? 1 : 2 + (s.extra % (s.shares - 1));
            const { nonce } = await (await sm.rekey()).init({ secret_shares: s.shares, secret_threshold: t });
            let result: RekeyStatus | RekeyUpdateResult | undefined;
            for (const k of current.slice(0, threshold)) result = await (await sm.rekey()).update(k, nonce);
            current = (result as RekeyUpdateResult).keys;
            threshold = t;
          }
        }
        await sm.seal();
        const reopened = await unsealWith(storage, current.slice(-threshold));
        expect(reopened.sealed).toBe(false);
        expect(text(await reopened.barrier.get('logical/kv/a'))).toBe('alpha');
        for (let i = 0; i < n; i++) expect(text(await reopened.barrier.get(`logical/w${i}`))).toBe(`w${i}`);
      }),
      { numRuns: 15 },
    );
  });

  it("answers Vault's errors for a wrong nonce, a repeated share, no attempt, and a second init", async () => {
    const { sm, keys } = await unsealedVault();
    expect((await failure((await sm.rekey()).update(keys[0]!, 'x'))).message).toBe('no barrier rekey in progress');
    const { nonce } = await (await sm.rekey()).init({ secret_shares: 3, secret_threshold: 2 });
    expect((await failure((await sm.rekey()).init({ secret_shares: 3, secret_threshold: 2 }))).message).toBe('rekey already in progress');
    const wrong = await failure((await sm.rekey()).update(keys[0]!, 'not-the-nonce'));
    expect([wrong.status, wrong.message]).toEqual([400, `incorrect nonce supplied; nonce for this rekey operation is "${nonce}"`]);
    await (await sm.rekey()).update(keys[0]!, nonce);
    const dup = await failure((await sm.rekey()).update(keys[0]!, nonce));
    expect([dup.status, dup.message]).toEqual([400, 'given key has already been provided during this generation operation']);
    expect((await (await sm.rekey()).status()).progress).toBe(1);
    expect((await failure((await sm.rekey()).update('', nonce))).message).toBe("'key' must be specified in request body as JSON");
    expect((await failure((await sm.rekey()).update('abcd', nonce))).message).toBe('key is shorter than minimum 16 bytes');
  });

  it('refuses bad new configurations in Vault’s words', async () => {
    const { sm } = await unsealedVault();
    expect((await failure((await sm.rekey()).init({ secret_shares: 2, secret_threshold: 3 }))).message).toBe('provided threshold greater than the total shares');
    const invalid = await failure((await sm.rekey()).init({ secret_shares: 3, secret_threshold: 1 }));
    expect([invalid.status, invalid.message]).toEqual([500, 'invalid rekey seal configuration: threshold must be greater than one for multiple shares']);
    expect((await failure((await sm.rekey()).init({ secret_shares: 3, secret_threshold: 2, backup: true }))).message)
      .toBe('cannot request a backup of the new keys without providing PGP keys for encryption');
    expect((await failure((await sm.rekey()).init({ secret_shares: 3, secret_threshold: 2, pgp_keys: ['k'] }))).message).toBe('incorrect number of PGP keys for rekey');
    expect((await (await sm.rekey()).status()).started).toBe(false);
  });

  it('fails on wrong current shares without changing anything, and clears progress', async () => {
    const { storage, sm, keys } = await unsealedVault(3, 2);
    const other = new SealManager(new MemoryStorage(), { random: new SeededRandom('else') });
    const foreign = (await other.init({ secret_shares: 3, secret_threshold: 2 })).keys;
    const { nonce } = await (await sm.rekey()).init({ secret_shares: 3, secret_threshold: 2 });
    await (await sm.rekey()).update(foreign[0]!, nonce);
    const e = await failure((await sm.rekey()).update(foreign[1]!, nonce));
    expect([e.status, e.message]).toEqual([500,
      'failed to read root key: invalid key: failed to decrypt keys from storage: cipher: message authentication failed']);
    expect((await (await sm.rekey()).status()).progress).toBe(0);
    const still = await unsealWith(storage, keys.slice(0, 2));
    expect(still.sealed).toBe(false);
  });

  it('cancels without a nonce right after init (1.18.1, before the CVE-2025-4656 rule), and forgets attempts on seal', async () => {
    const { sm, keys } = await unsealedVault();
    await (await sm.rekey()).init({ secret_shares: 3, secret_threshold: 2 });
    await (await sm.rekey()).cancel();
    expect((await (await sm.rekey()).status()).started).toBe(false);
    await (await sm.rekey()).cancel(); // nothing running: still fine
    await (await sm.rekey()).init({ secret_shares: 3, secret_threshold: 2 });
    await sm.seal();
    expect((await failure((await sm.rekey()).status())).status).toBe(503);
    for (const k of keys.slice(0, 3)) await sm.unseal(k);
    expect((await (await sm.rekey()).status()).started).toBe(false);
  });

  it('answers 503 while sealed and 400 `server is not yet initialized` before init', async () => {
    const fresh = new SealManager(new MemoryStorage());
    expect((await failure((await fresh.rekey()).status())).message).toBe('server is not yet initialized');
    const sealedInit = await failure((await fresh.rekey()).init({ secret_shares: 1, secret_threshold: 1 }));
    expect([sealedInit.status, sealedInit.message]).toEqual([503, 'Vault is sealed']);
  });

  it('with require_verification installs the new shares only after they are proven', async () => {
    const { storage, sm, keys } = await unsealedVault(3, 2);
    const { nonce } = await (await sm.rekey()).init({ secret_shares: 3, secret_threshold: 2, require_verification: true });
    await (await sm.rekey()).update(keys[0]!, nonce);
    const pending = (await (await sm.rekey()).update(keys[1]!, nonce)) as RekeyUpdateResult;
    expect(pending).toMatchObject({ complete: true, verification_required: true });
    const vnonce = pending.verification_nonce!;
    expect((await (await sm.rekey()).status()).verification_nonce).toBe(vnonce);
    expect((await failure((await sm.rekey()).update(keys[2]!, nonce))).message).toContain('rekey operation already finished; verification must be performed');
    expect(await (await sm.rekey()).verifyStatus()).toEqual({ nonce: vnonce, started: true, t: 2, n: 3, progress: 0 });

    // Old shares still work until verification completes.
    expect((await unsealWith(storage, keys.slice(1))).sealed).toBe(false);

    expect((await failure((await sm.rekey()).verifyUpdate(pending.keys[0]!, 'bad'))).message)
      .toBe(`incorrect nonce supplied; nonce for this verify operation is "${vnonce}"`);
    await (await sm.rekey()).verifyUpdate(keys[0]!, vnonce);
    const mismatch = await failure((await sm.rekey()).verifyUpdate(keys[1]!, vnonce));
    expect([mismatch.status, mismatch.message]).toEqual([400, 'rekey verification failed; incorrect key shares supplied']);
    const next = await (await sm.rekey()).verifyStatus();
    expect(next.nonce).not.toBe(vnonce);
    expect(next.progress).toBe(0);

    await (await sm.rekey()).verifyUpdate(pending.keys[2]!, next.nonce);
    expect(await (await sm.rekey()).verifyUpdate(pending.keys[0]!, next.nonce)).toEqual({ nonce: next.nonce, complete: true });
    expect((await (await sm.rekey()).status()).started).toBe(false);
    const old = await unsealWith(storage, keys.slice(0, 1));
    expect((await failure(old.unseal(keys[1]!))).message).toContain('failed to decrypt keys from storage');
    const fresh = await unsealWith(storage, pending.keys.slice(1));
    expect(text(await fresh.barrier.get('logical/kv/a'))).toBe('alpha');
  });

  it('restarts verification with a fresh nonce', async () => {
    const { sm, keys } = await unsealedVault(3, 2);
    const { nonce } = await (await sm.rekey()).init({ secret_shares: 3, secret_threshold: 2, require_verification: true });
    await (await sm.rekey()).update(keys[0]!, nonce);
    const pending = (await (await sm.rekey()).update(keys[1]!, nonce)) as RekeyUpdateResult;
    await (await sm.rekey()).verifyUpdate(pending.keys[0]!, pending.verification_nonce!);
    const restarted = await (await sm.rekey()).verifyRestart();
    expect(restarted.progress).toBe(0);
    expect(restarted.nonce).not.toBe(pending.verification_nonce);
    expect((await failure((await sm.rekey()).verifyUpdate(pending.keys[1]!, pending.verification_nonce!))).message).toContain('incorrect nonce supplied');
  });
});

describe('sys/rekey/verify (http/sys_rekey.go handleSysRekeyVerify*)', () => {
  it('reports, takes, restarts and completes the verification as Vault answers them', async () => {
    const { createCore } = await import('../../src/core/create.js');
    const core = createCore({ random: new SeededRandom('verify-wire'), clock: new ManualClock() });
    const call = async (operation: string, path: string, data?: Record<string, unknown>) =>
      (await core.handle({ operation: operation as 'read', path, data })) as { status: number; body?: any };
    const init = await call('update', 'sys/init', { secret_shares: 3, secret_threshold: 2 });
    for (const key of init.body.keys.slice(0, 2)) await call('update', 'sys/unseal', { key });
    expect(await call('read', 'sys/rekey/verify')).toEqual({ status: 400, body: { errors: ['no rekey configuration found'] } });
    const { body: started } = await call('update', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 2, require_verification: true });
    await call('update', 'sys/rekey/update', { key: init.body.keys[0], nonce: started.nonce });
    const { body: issued } = await call('update', 'sys/rekey/update', { key: init.body.keys[1], nonce: started.nonce });
    const status = await call('read', 'sys/rekey/verify');
    expect(status).toEqual({ status: 200, body: { nonce: issued.verification_nonce, started: true, t: 2, n: 3, progress: 0 } });
    expect(Object.keys(status.body)).toEqual(['nonce', 'started', 't', 'n', 'progress']);
    const one = await call('update', 'sys/rekey/verify', { key: issued.keys[0], nonce: issued.verification_nonce });
    expect(one.body).toMatchObject({ nonce: issued.verification_nonce, progress: 1 });
    const restarted = await call('delete', 'sys/rekey/verify');
    expect(restarted.status).toBe(200);
    expect(restarted.body).toMatchObject({ started: true, progress: 0 });
    expect(restarted.body.nonce).not.toBe(issued.verification_nonce);
    const wrong = await call('update', 'sys/rekey/verify', { key: issued.keys[0], nonce: issued.verification_nonce });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toContain('incorrect nonce supplied');
    await call('update', 'sys/rekey/verify', { key: issued.keys[2], nonce: restarted.body.nonce });
    const done = await call('update', 'sys/rekey/verify', { key: issued.keys[1], nonce: restarted.body.nonce });
    expect(done).toEqual({ status: 200, body: { nonce: restarted.body.nonce, complete: true } });
    expect(await call('read', 'sys/rekey/verify')).toEqual({ status: 400, body: { errors: ['no rekey configuration found'] } });
  });
});
