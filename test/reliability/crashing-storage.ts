// A storage wrapper that simulates a crash at the Nth write (put or delete): that write does not
// happen, it and every later call throw, as if the process had died there. The durable state is
// whatever the wrapped storage holds; a new vault opened over it plays the restarted process.
import type { Storage } from '../../src/storage/types.js';

export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash');
  }
}

export class CrashingStorage implements Storage {
  readonly inner: Storage;
  /** Keys written since arm(), in order (what a complete run writes, when nothing crashed). */
  readonly written: string[] = [];
  #crashAt = Infinity;
  #dead = false;
  #waiters: Array<{ key: string; resolve: () => void }> = [];

  constructor(inner: Storage) {
    this.inner = inner;
  }

  get crashed(): boolean {
    return this.#dead;
  }

  /** Counts writes from now; the `crashAt`-th (1-based) crashes. Infinity: none does. */
  arm(crashAt: number): void {
    this.written.length = 0;
    this.#crashAt = crashAt;
  }

  /** Resolves once `key` has been written (put or delete) from now on, or the crash came. */
  nextWrite(key: string): Promise<void> {
    if (this.#dead) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ key, resolve }));
  }

  #wake(key: string | undefined): void {
    const ready = this.#waiters.filter((w) => key === undefined || w.key === key);
    this.#waiters = this.#waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  #alive(): void {
    if (this.#dead) throw new SimulatedCrash();
  }

  #write(key: string): void {
    this.#alive();
    if (this.written.length + 1 === this.#crashAt) {
      this.#dead = true;
      this.#wake(undefined);
      throw new SimulatedCrash();
    }
    this.written.push(key);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    this.#alive();
    return this.inner.get(key);
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    this.#write(key);
    await this.inner.put(key, value);
    this.#wake(key);
  }

  async delete(key: string): Promise<void> {
    this.#write(key);
    await this.inner.delete(key);
    this.#wake(key);
  }

  async list(prefix: string): Promise<string[]> {
    this.#alive();
    return this.inner.list(prefix);
  }
}
