// The mount tables and router (vault/mount.go, vault/auth.go, vault/router.go): which backend
// serves which path prefix, persisted behind the barrier at `core/mounts` so mounts survive seal
// and restart. Secrets mounts and auth mounts (router key `auth/<path>`) share one router; the
// router picks the longest mount prefix, and "foo" also matches the mount "foo/" (router.go
// retries with a trailing slash). Each mount's data lives under `logical/<uuid>/` (auth mounts:
// `auth/<uuid>/`), so disabling a mount removes exactly its sub-tree. Backends are built by an
// async factory, because an engine's code is loaded the first time a mount of its type is set up.
import { VAULT_SYSTEM_TTLS, type SystemTtls } from './sys-mount-info.js';
import type { Backend } from '../logical/types.js';
import type { Storage } from '../storage/types.js';
import { randomUUID, type RandomSource } from '../util/random.js';

export interface MountConfig {
  default_lease_ttl: number;
  force_no_cache: boolean;
  max_lease_ttl: number;
  [k: string]: unknown;
}

/** One mount table row (vault/mount.go MountEntry); `path` is the full router path. */
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

// vault/mount.go protectedMounts / singletonMounts
export const PROTECTED_PREFIXES = ['audit/', 'auth/', 'sys/', 'cubbyhole/', 'identity/'];
export const SINGLETON_TYPES = ['cubbyhole', 'system', 'token', 'identity'];

/** Builds the backend of a mount entry; undefined = a nil backend (Vault refuses the mount). */
export type MountBackendFactory = (entry: MountEntry, storage: Storage) => Promise<Backend | undefined>;

export interface Routed {
  entry: MountEntry;
  backend: Backend;
}

export const isAuthMount = (e: MountEntry): boolean => e.path.startsWith('auth/');

export class MountTable {
  #entries: MountEntry[] = [];
  #backends = new Map<string, Backend>();
  /** Mount paths sorted longest first, so the first prefix hit is the longest. */
  #order: Routed[] = [];

  constructor(
    private readonly barrier: () => Storage,
    private readonly view: (prefix: string) => Storage,
    private readonly factory: MountBackendFactory,
    private readonly random: RandomSource,
    /** The server's default/max lease TTLs, behind every mount that does not tune its own. */
    readonly systemTtls: SystemTtls = VAULT_SYSTEM_TTLS,
  ) {}

  get entries(): readonly MountEntry[] {
    return this.#entries;
  }

  async load(): Promise<void> {
    const raw = await this.barrier().get(MOUNT_TABLE_KEY);
    this.#entries = raw ? (JSON.parse(new TextDecoder().decode(raw)) as MountEntry[]) : [];
    this.#backends.clear();
    await this.#rebuild();
  }

  async #persist(entries: MountEntry[]): Promise<void> {
    await this.barrier().put(MOUNT_TABLE_KEY, new TextEncoder().encode(JSON.stringify(entries)));
  }

  /** The backend for an entry, or undefined when its factory gives none. */
  async build(entry: MountEntry): Promise<Backend | undefined> {
    return this.factory(entry, this.view(entry.storagePrefix));
  }

  async #rebuild(): Promise<void> {
    const next = new Map<string, Backend>();
    for (const e of this.#entries) {
      const backend = this.#backends.get(e.uuid) ?? (await this.build(e));
      if (backend !== undefined) next.set(e.uuid, backend);
    }
    this.#backends = next;
    this.#order = this.#entries
      .filter((entry) => next.has(entry.uuid))
      .map((entry) => ({ entry, backend: next.get(entry.uuid)! }))
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

  /** The existing mount of the same table that conflicts with `path` (equal, a prefix of it, or under it). */
  conflict(path: string): MountEntry | undefined {
    const auth = path.startsWith('auth/');
    return this.#entries.find((e) => isAuthMount(e) === auth && (e.path.startsWith(path) || path.startsWith(e.path)));
  }

  /** Any router entry that conflicts with `path` (router.go MountConflict). */
  routeConflict(path: string): MountEntry | undefined {
    return this.#entries.find((e) => e.path.startsWith(path) || path.startsWith(e.path));
  }

  newEntry(path: string, type: string, fields: Partial<MountEntry>, accessorType = type): MountEntry {
    const uuid = randomUUID(this.random);
    let accessor: string;
    do {
      const hex = Array.from(this.random.bytes(4), (b) => b.toString(16).padStart(2, '0')).join('');
      accessor = `${accessorType}_${hex}`;
    } while (this.#entries.some((e) => e.accessor === accessor)); // mount.go generateMountAccessor
    return {
      path,
      type,
      description: fields.description ?? '',
      accessor,
      uuid,
      config: fields.config ?? { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
      local: fields.local ?? false,
      seal_wrap: fields.seal_wrap ?? false,
      external_entropy_access: fields.external_entropy_access ?? false,
      options: fields.options === undefined ? null : fields.options,
      storagePrefix: fields.storagePrefix ?? `${path.startsWith('auth/') ? 'auth' : 'logical'}/${uuid}/`,
    };
  }

  /** Adds mount entries, persisting the table once. Entries whose factory gives no backend are refused. */
  async add(...entries: MountEntry[]): Promise<void> {
    const next = [...this.#entries, ...entries];
    await this.#persist(next);
    this.#entries = next;
    await this.#rebuild();
  }

  /** Adds one entry with a backend built beforehand (so a nil backend never reaches the table). */
  async addBuilt(entry: MountEntry, backend: Backend): Promise<void> {
    this.#backends.set(entry.uuid, backend);
    await this.add(entry);
  }

  /** Persists a changed entry; `rebuild` replaces its backend (e.g. a new KV version). */
  async update(path: string, change: (e: MountEntry) => MountEntry, rebuild = false): Promise<void> {
    const current = this.find(path);
    const next = this.#entries.map((e) => (e.path === path ? change(structuredClone(e)) : e));
    await this.#persist(next);
    this.#entries = next;
    if (rebuild && current) this.#backends.delete(current.uuid);
    await this.#rebuild();
  }

  /** Moves a mount to a new path, keeping its uuid, accessor and data (vault/mount.go remount). */
  async move(from: string, to: string): Promise<void> {
    await this.update(from, (e) => ({ ...e, path: to }));
  }

  /** Removes the mount and every key under its storage prefix. */
  async remove(path: string): Promise<MountEntry | undefined> {
    const entry = this.find(path);
    if (!entry) return undefined;
    const next = this.#entries.filter((e) => e.path !== path);
    await this.#persist(next);
    this.#entries = next;
    await this.#rebuild();
    await clearTree(this.view(entry.storagePrefix), '');
    return entry;
  }
}

/** Deletes every key below `prefix` of a storage (depth-first over list()). */
export async function clearTree(storage: Storage, prefix: string): Promise<void> {
  for (const child of await storage.list(prefix)) {
    if (child.endsWith('/')) await clearTree(storage, prefix + child);
    else await storage.delete(prefix + child);
  }
}
