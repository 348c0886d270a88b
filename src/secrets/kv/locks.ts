// Per-key write serialisation, the role of Vault's locksutil.LockForKey in the KV engine
// (vault-plugin-secrets-kv path_data.go and friends): a read-modify-write of one key's metadata
// must not interleave with another at an `await`. The locks are the shared striped ones
// (src/util/key-locks.ts). No handler takes a second lock while holding one, which is what makes
// striping safe here. Reads take no lock (they re-check instead; see data.ts).
import { KeyLocks as StripedLocks } from '../../util/key-locks.js';

export class KeyLocks {
  readonly #locks = new StripedLocks();

  /** Runs `fn` once every earlier holder of `key`'s lock has finished. */
  exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.#locks.withKey(key, fn);
  }
}
