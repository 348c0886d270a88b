// Write locks as Vault takes them. Per-key locks are striped as in sdk/helper/locksutil
// (CreateLocks makes 256; LockForKey picks one by a hash of the key), so memory stays bounded
// however many keys exist, and two keys share a lock only by hash collision. Operations that
// span many keys take the shared/exclusive gate (Vault's stateLock / mount-table locks play that
// role): ordinary writes hold it shared and run side by side, while a mount table change, a
// policy change or the expiration sweep holds it exclusively.
import { SerialQueue } from './serial-queue.js';

/** locksutil.LockCount. */
export const LOCK_STRIPES = 256;

/** FNV-1a over the key's UTF-16 code units: cheap, stable, and spreads short similar keys. */
export function lockIndexForKey(key: string, stripes = LOCK_STRIPES): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % stripes;
}

export class KeyLocks {
  readonly #stripes: SerialQueue[];

  constructor(stripes = LOCK_STRIPES) {
    this.#stripes = Array.from({ length: stripes }, () => new SerialQueue());
  }

  /** Runs `fn` holding the lock of `key` (locksutil.LockForKey + Lock). */
  withKey<T>(key: string, fn: () => Promise<T> | T): Promise<T> {
    return this.#stripes[lockIndexForKey(key, this.#stripes.length)]!.run(fn);
  }

  /**
   * Runs `fn` holding the locks of every key (locksutil.LocksForKeys): taken in stripe order, so
   * two callers asking for overlapping sets cannot each hold what the other waits for.
   */
  withKeys<T>(keys: readonly string[], fn: () => Promise<T> | T): Promise<T> {
    const indexes = [...new Set(keys.map((k) => lockIndexForKey(k, this.#stripes.length)))].sort((a, b) => a - b);
    const take = (i: number): Promise<T> =>
      i === indexes.length ? Promise.resolve().then(fn) : this.#stripes[indexes[i]!]!.run(() => take(i + 1));
    return take(0);
  }
}

interface Waiter {
  exclusive: boolean;
  grant: () => void;
}

/**
 * A readers–writer gate, first come first served: shared holders run together; an exclusive
 * holder runs alone, and a shared request that arrives after a waiting exclusive one waits behind
 * it, so a stream of ordinary writes cannot starve a mount change.
 */
export class SharedExclusiveLock {
  #shared = 0;
  #exclusive = false;
  readonly #waiting: Waiter[] = [];

  shared<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.#hold(false, fn);
  }

  exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.#hold(true, fn);
  }

  async #hold<T>(exclusive: boolean, fn: () => Promise<T> | T): Promise<T> {
    await this.#acquire(exclusive);
    try {
      return await fn();
    } finally {
      if (exclusive) this.#exclusive = false;
      else this.#shared--;
      this.#pump();
    }
  }

  #acquire(exclusive: boolean): Promise<void> | void {
    if (this.#waiting.length === 0 && this.#free(exclusive)) {
      this.#take(exclusive);
      return;
    }
    return new Promise<void>((grant) => this.#waiting.push({ exclusive, grant }));
  }

  #free(exclusive: boolean): boolean {
    return exclusive ? !this.#exclusive && this.#shared === 0 : !this.#exclusive;
  }

  #take(exclusive: boolean): void {
    if (exclusive) this.#exclusive = true;
    else this.#shared++;
  }

  #pump(): void {
    while (this.#waiting.length > 0 && this.#free(this.#waiting[0]!.exclusive)) {
      const next = this.#waiting.shift()!;
      this.#take(next.exclusive);
      next.grant();
      if (next.exclusive) return;
    }
  }
}
