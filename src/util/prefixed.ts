// Storage paths built by concatenation (`prefix + key`) are fresh V8 cons strings, and a Map
// lookup with a fresh one first copies it flat and hashes it: ~0.5 µs for a 110-character barrier
// path, several times per request. Hot paths ask this memo instead, which hands back the same
// string object for the same key, flattened and hashed once (bounded; emptied when full).
const LIMIT = 4096;

export class Prefixed {
  readonly prefix: string;
  readonly #memo = new Map<string, string>();
  readonly #transform: (key: string) => string;
  /** `transform` (e.g. an escaping) is applied to the key before the prefix is put in front. */
  constructor(prefix: string, transform: (key: string) => string = (k) => k) {
    this.prefix = prefix;
    this.#transform = transform;
  }
  /** `prefix + transform(key)`, the same string object every time for the same key. */
  of(key: string): string {
    let full = this.#memo.get(key);
    if (full === undefined) {
      if (this.#memo.size >= LIMIT) this.#memo.clear();
      full = this.prefix + this.#transform(key); // hashed (and flattened) once, by its first lookup
      this.#memo.set(key, full);
    }
    return full;
  }
}
