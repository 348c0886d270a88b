// The in-memory physical backend (Vault's `inmem` backend, sdk/physical/inmem/inmem.go): the
// default for tests and `server -dev`. Values are copied in and out so callers cannot alias them.
import { copyBytes } from '../util/bytes.js';
import { deepFreeze } from '../go/object.js';
import { listChildren, type Storage } from './types.js';

export class MemoryStorage implements Storage {
  readonly storageType = 'inmem';
  readonly #map = new Map<string, Uint8Array>();
  readonly #decoded = new WeakMap<Uint8Array, { decode: (value: Uint8Array) => unknown; value: unknown }>();

  async get(key: string): Promise<Uint8Array | undefined> {
    const v = this.#map.get(key);
    return v === undefined ? undefined : copyBytes(v);
  }
  getShared(key: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.#map.get(key));
  }
  /** Stored buffers are never changed in place (put stores a new one), so a decoding can be kept with its buffer. */
  getDecoded<T>(key: string, decode: (value: Uint8Array) => T): Promise<T | undefined> {
    const v = this.#map.get(key);
    if (v === undefined) return Promise.resolve(undefined);
    const known = this.#decoded.get(v);
    if (known !== undefined && known.decode === decode) return Promise.resolve(known.value as T);
    try {
      const value = deepFreeze(decode(copyBytes(v))); // shared from now on, so nobody may change it
      this.#decoded.set(v, { decode, value });
      return Promise.resolve(value);
    } catch (e) {
      return Promise.reject(e);
    }
  }
  async put(key: string, value: Uint8Array): Promise<void> {
    // Long-lived: its own buffer, so no slab is kept alive. `new Uint8Array(x)` always copies; a
    // Buffer's slice() would keep a view of the caller's memory.
    this.#map.set(key, new Uint8Array(value));
  }
  async delete(key: string): Promise<void> {
    this.#map.delete(key);
  }
  async list(prefix: string): Promise<string[]> {
    return listChildren(this.#map.keys(), prefix);
  }
  /** Every key and value, for snapshots and dumps (copies). */
  entries(): Array<[string, Uint8Array]> {
    return [...this.#map].map(([k, v]) => [k, copyBytes(v)]);
  }
  /** Replaces the whole content (restore points). */
  replaceAll(entries: Iterable<[string, Uint8Array]>): void {
    this.#map.clear();
    for (const [k, v] of entries) this.#map.set(k, new Uint8Array(v));
  }
}
