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
//
// The byte budget counts what an entry keeps alive, not just its plaintext: the ciphertext copy,
// the plaintext, the shared decoding (estimated by walking it once, when it is made), and a fixed
// allowance for the path, the entry and the two buffers' bookkeeping. Counting the plaintext alone
// let a 64 MiB cap hold several hundred MiB of RSS (issue #25).
import { copyBytes, sameBytes } from '../util/bytes.js';
import { deepFreeze } from '../go/object.js';
import { estimateRetained } from '../util/json-iter.js';

export interface OpenCacheOptions {
  /** Entry limit (Vault's `cache_size`; default 128 Ki, physical.DefaultCacheSize). */
  maxEntries?: number;
  /**
   * Limit on the bytes entries retain, all counted (default 16 MiB: with 20k entries of ~2 KiB the
   * process then keeps 41–54 MiB more RSS than without the memo, 77–83 MiB at 32 MiB, because the
   * allocator keeps freed memory). Entries above 1/16 of it are never kept.
   */
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
  /** Bytes charged to the budget for this entry. */
  cost: number;
}

export const DEFAULT_CACHE_ENTRIES = 128 * 1024;
const DEFAULT_CACHE_BYTES = 16 * 1024 * 1024;
// The Map slot, the entry object, two Uint8Array/ArrayBuffer pairs with their malloc'd stores.
const ENTRY_OVERHEAD = 512;
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
      const hadDecoding = e.decodedBy !== undefined;
      e.decoded = deepFreeze(decode(e.plain)); // shared from now on, so nobody may change it
      e.decodedBy = decode;
      if (!hadDecoding) {
        const extra = estimateRetained(e.decoded, e.plain.length);
        e.cost += extra;
        this.#bytes += extra;
        this.#evict(path);
      }
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
    const cost = ENTRY_OVERHEAD + 2 * path.length + sealed.length + plain.length;
    if (cost > this.#maxBytes / 16) return;
    // Kept for long, so copied into a buffer of its own (a Buffer's slice() would pin the caller's
    // memory), one for both: half the malloc'd stores, and less fragmentation in RSS.
    const both = new Uint8Array(sealed.length + plain.length);
    both.set(sealed);
    both.set(plain, sealed.length);
    const copy = both.subarray(0, sealed.length);
    this.#entries.set(path, { sealed: copy, seen: copy, plain: both.subarray(sealed.length), used: false, cost });
    this.#bytes += cost;
    this.#evict(path);
  }

  /**
   * CLOCK, an LRU approximation that costs a read nothing but a flag: the oldest entry goes,
   * unless it was read since it last came up, in which case it gets another round at the back.
   * `path` (just added or grown) is not evicted while anything else can go.
   */
  #evict(path: string): void {
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const [oldest, e] = this.#entries.entries().next().value as [string, Entry];
      const spare = oldest === path && this.#entries.size > 1;
      if (spare || e.used) {
        if (!spare) e.used = false;
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
    this.#bytes -= e.cost;
    e.plain.fill(0);
  }

  /** Drops and zeroes everything (seal, keyring replaced). */
  clear(): void {
    for (const e of this.#entries.values()) e.plain.fill(0);
    this.#entries.clear();
    this.#bytes = 0;
  }
}
