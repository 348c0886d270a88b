// A memo of the barrier's decrypt. Vault keeps a write-through LRU of *ciphertext* entries in
// front of physical storage (sdk/physical/cache.go, 128Ki entries, turned off by `disable_cache`)
// and still opens every value it reads. With node:crypto one AES-GCM open costs ~5 µs, which is
// the whole per-read budget, so minivault remembers the plaintext of the exact ciphertext it last
// opened or wrote at each path: a read still fetches the stored bytes and only skips the open when
// they are byte-for-byte those bytes. Anything changed underneath (another writer, a restore, a
// flipped bit) differs and is opened and authenticated as usual, so tampering is still an error.
//
// Plaintext lives here only while unsealed: the barrier clears (and zeroes) the memo on seal and
// whenever its keyring is replaced. Key material under `core/` is never kept.
import { copyBytes, sameBytes } from '../util/bytes.js';
import { deepFreeze } from '../util/freeze.js';

export interface OpenCacheOptions {
  /** Entry limit (Vault's `cache_size`; default 128 Ki, physical.DefaultCacheSize). */
  maxEntries?: number;
  /** Plaintext byte limit across entries (default 64 MiB). Values above 1/16 of it are never kept. */
  maxBytes?: number;
}

interface Entry {
  sealed: Uint8Array;
  /**
   * The stored object these bytes last came in. Storage that hands out its stored buffer itself
   * (MemoryStorage.getShared) and never changes one in place gives the same object back until the
   * value is rewritten, so the same object means the same bytes without comparing them.
   */
  seen: Uint8Array;
  plain: Uint8Array;
  /** The last decoding of `plain` asked for (getDecoded), shared read-only with callers. */
  decodedBy?: (value: Uint8Array) => unknown;
  decoded?: unknown;
  /** Read since it last came up for eviction (the CLOCK policy's reference bit). */
  used: boolean;
}

export const DEFAULT_CACHE_ENTRIES = 128 * 1024;
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
const UNCACHED_PREFIX = 'core/';

export class OpenCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(opts: OpenCacheOptions = {}) {
    this.#maxEntries = opts.maxEntries !== undefined && opts.maxEntries > 0 ? opts.maxEntries : DEFAULT_CACHE_ENTRIES;
    this.#maxBytes = opts.maxBytes ?? DEFAULT_CACHE_BYTES;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** A copy of the plaintext when `sealed` is exactly the ciphertext remembered for `path`. */
  lookup(path: string, sealed: Uint8Array): Uint8Array | undefined {
    const e = this.#find(path, sealed);
    return e === undefined ? undefined : copyBytes(e.plain);
  }

  /**
   * `decode(plaintext)` when `sealed` is exactly the ciphertext remembered for `path`, computed
   * once per remembered value and decoder; undefined when the bytes are not the remembered ones.
   */
  lookupDecoded<T>(path: string, sealed: Uint8Array, decode: (value: Uint8Array) => T): { value: T } | undefined {
    const e = this.#find(path, sealed);
    if (e === undefined) return undefined;
    if (e.decodedBy !== decode) {
      e.decoded = deepFreeze(decode(e.plain)); // shared from now on, so nobody may change it
      e.decodedBy = decode;
    }
    return { value: e.decoded as T };
  }

  #find(path: string, sealed: Uint8Array): Entry | undefined {
    const e = this.#entries.get(path);
    if (e === undefined) return undefined;
    if (e.seen !== sealed) {
      if (!sameBytes(e.sealed, sealed)) return undefined;
      e.seen = sealed;
    }
    e.used = true;
    return e;
  }

  /** Remembers that `sealed` opens to `plain` at `path` (both are copied). */
  remember(path: string, sealed: Uint8Array, plain: Uint8Array): void {
    this.forget(path);
    if (path.startsWith(UNCACHED_PREFIX) || plain.length > this.#maxBytes / 16) return;
    // Kept for long, so each gets its own buffer rather than pinning a shared slab. `new
    // Uint8Array(x)` always copies; a Buffer's slice() would be a view of the caller's memory.
    const copy = new Uint8Array(sealed);
    this.#entries.set(path, { sealed: copy, seen: copy, plain: new Uint8Array(plain), used: false });
    this.#bytes += plain.length;
    // CLOCK, an LRU approximation that costs a read nothing but a flag: the oldest entry goes,
    // unless it was read since it last came up, in which case it gets another round at the back.
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const [oldest, e] = this.#entries.entries().next().value as [string, Entry];
      if (e.used && oldest !== path) {
        e.used = false;
        this.#entries.delete(oldest);
        this.#entries.set(oldest, e);
      } else {
        this.forget(oldest);
      }
    }
  }

  forget(path: string): void {
    const e = this.#entries.get(path);
    if (e === undefined) return;
    this.#entries.delete(path);
    this.#bytes -= e.plain.length;
    e.plain.fill(0);
  }

  /** Drops and zeroes everything (seal, keyring replaced). */
  clear(): void {
    for (const e of this.#entries.values()) e.plain.fill(0);
    this.#entries.clear();
    this.#bytes = 0;
  }
}
