// Vault's physical backend contract (sdk/physical/physical.go: Backend with Get, Put, Delete,
// List). Keys are '/'-separated paths; List(prefix) returns the next path segment of every key
// under prefix, folders with a trailing '/', sorted, each once.
export interface Storage {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  list(prefix: string): Promise<string[]>;
  /** The backend name sys/seal-status reports as `storage_type` (`inmem`, `file`). */
  readonly storageType?: string;
  /**
   * Optional: the stored bytes themselves rather than a copy, for a caller that only reads them
   * (the barrier, which opens or compares them and keeps copies). Never change what it returns.
   */
  getShared?(key: string): Promise<Uint8Array | undefined>;
  /**
   * Optional: the value at `key` decoded by `decode`, where the storage may hand back the result
   * of an earlier call with the same `decode` for the same stored bytes (the barrier does, see
   * src/barrier/open-cache.ts). A result kept for sharing is deep-frozen by the storage, so
   * callers must treat every result as read-only (and `decode` must not keep its input).
   */
  getDecoded?<T>(key: string, decode: (value: Uint8Array) => T): Promise<T | undefined>;
}

/** `storage.getDecoded` where the storage has it, else a plain get and decode. */
export function readDecoded<T>(storage: Storage, key: string, decode: (value: Uint8Array) => T): Promise<T | undefined> {
  // Not async: on the hot read path every extra async layer costs a promise and a tick.
  if (storage.getDecoded !== undefined) return storage.getDecoded(key, decode);
  return storage.get(key).then((value) => (value === undefined ? undefined : decode(value)));
}

/** The next segment of each key under prefix, folders ending in '/', deduplicated and sorted. */
export function listChildren(keys: Iterable<string>, prefix: string): string[] {
  const out = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf('/');
    out.add(slash === -1 ? rest : rest.slice(0, slash + 1));
  }
  out.delete('');
  return [...out].sort();
}
