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
