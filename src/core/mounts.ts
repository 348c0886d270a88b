// The mount table and router (vault/mount.go, vault/router.go): which backend serves which path
// prefix, persisted behind the barrier at `core/mounts` so mounts survive seal and restart. The
// router picks the longest mount prefix; "foo" also matches the mount "foo/" (router.go retries
// with a trailing slash). Each mount's data lives under `logical/<uuid>/`, so disabling a mount
// removes exactly its sub-tree.
import type { Backend } from '../logical/types.js';
import type { Storage } from '../storage/types.js';
import { randomUUID, type RandomSource } from '../util/random.js';

export interface MountConfig {
  default_lease_ttl: number;
  force_no_cache: boolean;
  max_lease_ttl: number;
  [k: string]: unknown;
}

/** One row of sys/mounts, field order as Vault lists it (vault/logical_system.go mountInfo). */
export interface MountEntry {
  path: string;
  type: string;
  description: string;
  accessor: string;
  uuid: string;
  config: MountConfig;
  local: boolean;
  seal_wrap: boolean;
  external_entropy_access: boolean;
  options: Record<string, string> | null;
  /** Where the backend's data lives behind the barrier. */
  storagePrefix: string;
}

const MOUNT_TABLE_KEY = 'core/mounts';

// vault/mount.go: mounts that always exist and cannot be disabled or re-mounted.
export const PROTECTED_PREFIXES = ['audit/', 'auth/', 'sys/', 'cubbyhole/', 'identity/'];
export const SINGLETON_TYPES = ['cubbyhole', 'system', 'token', 'identity'];

export type BackendFactory = (entry: MountEntry, storage: Storage) => Backend;

interface Routed {
  entry: MountEntry;
  backend: Backend;
}

export class MountTable {
  #entries: MountEntry[] = [];
  #backends = new Map<string, Backend>();
  /** Mount paths sorted longest first, so the first prefix hit is the longest. */
  #order: Routed[] = [];

  constructor(
    private readonly barrier: () => Storage,
    private readonly view: (prefix: string) => Storage,
    private readonly factory: BackendFactory,
    private readonly random: RandomSource,
  ) {}

  get entries(): readonly MountEntry[] {
    return this.#entries;
  }

  async load(): Promise<void> {
    const raw = await this.barrier().get(MOUNT_TABLE_KEY);
    this.#entries = raw ? (JSON.parse(new TextDecoder().decode(raw)) as MountEntry[]) : [];
    this.#rebuild();
  }

  unload(): void {
    this.#entries = [];
    this.#backends.clear();
    this.#order = [];
  }

  async #persist(entries: MountEntry[]): Promise<void> {
    await this.barrier().put(MOUNT_TABLE_KEY, new TextEncoder().encode(JSON.stringify(entries)));
  }

  #rebuild(): void {
    const next = new Map<string, Backend>();
    for (const e of this.#entries) {
      next.set(e.path, this.#backends.get(e.path) ?? this.factory(e, this.view(e.storagePrefix)));
    }
    this.#backends = next;
    this.#order = this.#entries
      .map((entry) => ({ entry, backend: next.get(entry.path)! }))
      .sort((a, b) => b.entry.path.length - a.entry.path.length);
  }

  /** Longest-prefix match; retries with a trailing slash as Vault's router does. */
  route(path: string): Routed | undefined {
    for (const r of this.#order) if (path.startsWith(r.entry.path)) return r;
    if (!path.endsWith('/')) {
      const slashed = path + '/';
      for (const r of this.#order) if (slashed.startsWith(r.entry.path)) return r;
    }
    return undefined;
  }

  find(path: string): MountEntry | undefined {
    return this.#entries.find((e) => e.path === path);
  }

  /** The existing mount that conflicts with `path` (equal, a prefix of it, or under it). */
  conflict(path: string): MountEntry | undefined {
    return this.#entries.find((e) => e.path.startsWith(path) || path.startsWith(e.path));
  }

  newEntry(path: string, type: string, fields: Partial<MountEntry>, accessorType = type): MountEntry {
    const uuid = randomUUID(this.random);
    const hex = Array.from(this.random.bytes(4), (b) => b.toString(16).padStart(2, '0')).join('');
    return {
      path,
      type,
      description: fields.description ?? '',
      accessor: `${accessorType}_${hex}`,
      uuid,
      config: fields.config ?? { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
      local: fields.local ?? false,
      seal_wrap: fields.seal_wrap ?? false,
      external_entropy_access: fields.external_entropy_access ?? false,
      options: fields.options ?? null,
      storagePrefix: fields.storagePrefix ?? `logical/${uuid}/`,
    };
  }

  /** Adds mount entries, persisting the table once. */
  async add(...entries: MountEntry[]): Promise<void> {
    const next = [...this.#entries, ...entries];
    await this.#persist(next);
    this.#entries = next;
    this.#rebuild();
  }

  async update(path: string, change: (e: MountEntry) => MountEntry): Promise<void> {
    const next = this.#entries.map((e) => (e.path === path ? change(structuredClone(e)) : e));
    await this.#persist(next);
    this.#entries = next;
    this.#backends.delete(path); // options (e.g. KV version) may change the backend
    this.#rebuild();
  }

  /** Removes the mount and every key under its storage prefix. */
  async remove(path: string): Promise<void> {
    const entry = this.find(path);
    if (!entry) return;
    const next = this.#entries.filter((e) => e.path !== path);
    await this.#persist(next);
    this.#entries = next;
    this.#rebuild();
    await clearTree(this.view(entry.storagePrefix), '');
  }
}

/** Deletes every key below `prefix` of a storage (depth-first over list()). */
export async function clearTree(storage: Storage, prefix: string): Promise<void> {
  for (const child of await storage.list(prefix)) {
    if (child.endsWith('/')) await clearTree(storage, prefix + child);
    else await storage.delete(prefix + child);
  }
}
