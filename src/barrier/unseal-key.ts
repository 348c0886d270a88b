// From a combined unseal key to an open barrier (vault/core.go unsealKeyToRootKey, Shamir branch;
// vault/seal.go readStoredKeys), including while a rekey is pending after a crash (rekey-intent.ts):
// then either share set opens the vault, and the first unseal settles on the side that was used.
import type { Storage } from '../storage/types.js';
import type { RandomSource } from '../util/random.js';
import { VaultError } from '../errors/vault-error.js';
import { errSealExpectedOneKey, errSealInvalidKey, errSealSetupUnsealKey, errSealStoredKeys } from '../errors/barrier.js';
import { SHAMIR_KEK_PATH, type AesGcmBarrier } from './barrier.js';
import { rootKeysFor, settleRekey, type RekeyIntent } from './rekey-intent.js';
import type { SealConfig } from './seal-config.js';
import { decodeStoredKeys, STORED_BARRIER_KEYS_PATH, StoredKeysAuthError } from './stored-keys.js';

export interface UnsealHost {
  barrier: AesGcmBarrier;
  storage: Storage;
  random: RandomSource;
  setSealConfig(c: SealConfig): Promise<void>;
}

/** The unseal key must make an AES cipher (`failed to setup unseal key`), as Vault's aead wrapper checks. */
function checkCipher(barrier: AesGcmBarrier, kek: Uint8Array): void {
  try {
    barrier.aead.cipher(kek);
  } catch (e) {
    throw new VaultError(400, errSealInvalidKey(errSealSetupUnsealKey((e as Error).message)));
  }
}

/** unsealKeyToRootKey: opens core/hsm/barrier-unseal-keys with the combined unseal key. */
export async function storedRootKey(host: UnsealHost, kek: Uint8Array): Promise<Uint8Array> {
  checkCipher(host.barrier, kek);
  const stored = await host.storage.get(STORED_BARRIER_KEYS_PATH);
  if (stored === undefined) throw new VaultError(500, errSealStoredKeys(errSealExpectedOneKey(0)));
  let keys: Uint8Array[];
  try {
    keys = decodeStoredKeys(host.barrier.aead, kek, stored);
  } catch (e) {
    if (e instanceof StoredKeysAuthError) throw new VaultError(400, errSealStoredKeys(errSealInvalidKey(e.message)));
    throw new VaultError(500, errSealStoredKeys((e as Error).message));
  }
  if (keys.length !== 1) {
    for (const k of keys) k.fill(0);
    throw new VaultError(500, errSealStoredKeys(errSealExpectedOneKey(keys.length)));
  }
  return keys[0]!;
}

/** What is wrong with a combined key offered while unsealed (`cause` carries Vault's inner wording). */
export type UnsealKeyProblem =
  | { kind: 'cipher'; cause: string }
  | { kind: 'stored'; cause: string }
  | { kind: 'mismatch' };

/**
 * The check rekey (BarrierRekeyUpdate's test seal) and root generation
 * (generateStandardRootToken.authenticate) make with the current shares: `kek` must make a
 * cipher, open the stored keys to exactly one key, and that key must be the barrier's root key.
 * Each caller words the problem its own way.
 */
export async function checkUnsealKey(barrier: AesGcmBarrier, storage: Storage, kek: Uint8Array): Promise<UnsealKeyProblem | undefined> {
  try {
    barrier.aead.cipher(kek);
  } catch (e) {
    return { kind: 'cipher', cause: (e as Error).message };
  }
  const stored = await storage.get(STORED_BARRIER_KEYS_PATH);
  let keys: Uint8Array[] = [];
  try {
    if (stored !== undefined) keys = decodeStoredKeys(barrier.aead, kek, stored);
  } catch (e) {
    return { kind: 'stored', cause: e instanceof StoredKeysAuthError ? errSealInvalidKey(e.message) : (e as Error).message };
  }
  try {
    if (keys.length !== 1) return { kind: 'stored', cause: errSealExpectedOneKey(keys.length) };
    return barrier.verifyRoot(keys[0]!) ? undefined : { kind: 'mismatch' };
  } finally {
    for (const k of keys) k.fill(0);
  }
}

/**
 * Unseals with `kek` while `intent` is pending: tries the root keys `kek` reaches until one opens
 * the keyring, then settles the rekey on `kek`'s side. Answers false when `kek` opens nothing and
 * `more` shares may still come (the other side has a higher threshold); otherwise a failure is
 * Vault's unseal error for a wrong key.
 */
export async function unsealPending(host: UnsealHost, kek: Uint8Array, intent: RekeyIntent, more: boolean): Promise<boolean> {
  const { barrier } = host;
  try {
    checkCipher(barrier, kek);
  } catch (e) {
    if (more) return false; // a share tried at the lower threshold of 1 is no key (33 bytes)
    throw e;
  }
  const found = rootKeysFor(barrier.aead, kek, await host.storage.get(STORED_BARRIER_KEYS_PATH), intent);
  if (found === undefined) {
    if (more) return false;
    throw new VaultError(400, errSealStoredKeys(errSealInvalidKey(new StoredKeysAuthError().message)));
  }
  let failure: unknown;
  let used: Uint8Array | undefined;
  for (const root of found.roots) {
    if (used === undefined) {
      try {
        await barrier.unseal(root);
        used = root;
        continue;
      } catch (e) {
        failure = e;
      }
    }
    root.fill(0);
  }
  if (used === undefined) {
    if (more) return false;
    throw failure;
  }
  try {
    await settleRekey({
      storage: host.storage, aead: barrier.aead, random: host.random, setSealConfig: host.setSealConfig,
      putSealKey: (k) => barrier.put(SHAMIR_KEK_PATH, k),
    }, intent, found.side, kek, used);
  } catch (e) {
    await barrier.seal(); // as when post-unseal setup fails; the intent stays for the next unseal
    throw e;
  } finally {
    used.fill(0);
  }
  return true;
}
