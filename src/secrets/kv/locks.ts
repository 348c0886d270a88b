// Per-key write serialisation, the role of Vault's locksutil.LockForKey in the KV engine: a
// read-modify-write of one key's metadata must not interleave with another at an `await`.
// Reads take no lock (they re-check instead; see data.ts), so the hot path pays nothing here.
export class KeyLocks {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `fn` once every earlier holder of `key` has finished. */
  async exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => { release = resolve; });
    const tail = previous === undefined ? mine : previous.then(() => mine);
    this.#tails.set(key, tail);
    try {
      if (previous !== undefined) await previous;
      return await fn();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
