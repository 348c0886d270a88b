// createVault(): an in-process Vault with no socket, for tests (what miniredis.Run is for Redis).
// Dev mode by default (initialised, unsealed, KV v2 at secret/); a clock on real time that tests
// can move forward at once (or frozen, when asked); seeded randomness; a fetch handler; a direct
// API that skips HTTP and ACL for seeding and asserting; fault injection; restore points. Every
// knob's methods are bound, so they can be destructured.
import type { ChainHead } from '../audit/types.js';
import type { MemorySink } from '../audit/sinks.js';
import type { PolicyStore, TokenStore } from '../auth/index.js';
import { Core } from '../core/core.js';
import { createWiredCore, type CoreHandles } from '../core/create.js';
import { initDev } from '../core/dev.js';
import type { CoreRequest, CoreResponse } from '../core/types.js';
import { toFetchHandler } from '../http/index.js';
import { KvBackend, KvDirect } from '../secrets/kv/index.js';
import { FileStorage } from '../storage/file.js';
import { MemoryStorage } from '../storage/memory.js';
import { TestClock } from '../util/clock.js';
import { bindMethods } from './bind.js';
import { createRandom } from '../util/random.js';
import { applyBootstrap, type BootstrapFixture } from '../bootstrap/fixture.js';
import { Faults } from './faults.js';

export interface VaultOptions {
  /** Initialised, unsealed, KV v2 at secret/ (default true). */
  dev?: boolean;
  rootToken?: string;
  /** Makes every token, accessor, request id, key and nonce reproducible (not the time: see `clock`). */
  seed?: number | string;
  /** Durable storage in this directory instead of memory. */
  storagePath?: string;
  /**
   * 'real' (the default): real time; `clock.advance()` moves it forward at once and it runs on
   * from there. 'manual': frozen (at `now`, default 2026-01-01T00:00:00Z), moved only by
   * `clock.advance()` and `clock.set()`.
   */
  clock?: 'real' | 'manual';
  /** Freezes the clock at this time (with `clock: 'real'`: a running clock starting here). */
  now?: number | Date;
  aead?: 'node' | 'noble';
  /** The barrier's decrypt memo; false opens every value read (Vault's `disable_cache`). */
  cache?: false;
  /** The server's default_lease_ttl / max_lease_ttl in seconds (default 768h each), as -config sets them. */
  systemTtls?: { defaultTtl: number; maxTtl: number };
  /** A fixture (object or JSON file path) applied after dev init through the API as root. */
  bootstrap?: string | BootstrapFixture;
}

export interface CreateTokenOptions {
  policies?: string[];
  /** Go duration ('1h', '768h') or seconds. */
  ttl?: string | number;
  /** A fixed token id. */
  id?: string;
  renewable?: boolean;
  period?: string | number;
  meta?: Record<string, string>;
  displayName?: string;
  noDefaultPolicy?: boolean;
}

export interface Snapshot {
  readonly entries: Array<[string, Uint8Array]>;
}

export class TestVault {
  readonly core: Core;
  readonly clock: TestClock;
  readonly faults: Faults;
  readonly storage: MemoryStorage | FileStorage;
  rootToken = '';
  unsealKeys: string[] = [];
  readonly #handles: () => CoreHandles | undefined;
  #fresh: { snap: Snapshot; now: number } | undefined;
  readonly handle: (req: CoreRequest) => Promise<CoreResponse>;
  /** A drop-in for globalThis.fetch (a Request, or a URL and init) answered in process. */
  readonly fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

  constructor(opts: VaultOptions = {}) {
    this.clock = clockFor(opts);
    // Moving the clock revokes what ran out, as Vault's timers would (the next request, or
    // `await vault.leases.expire()`, waits for it to finish).
    this.clock.onMove(() => {
      void this.core.expireDue().catch(() => undefined);
    });
    this.storage = opts.storagePath ? new FileStorage(opts.storagePath) : new MemoryStorage();
    const wired = createWiredCore({ storage: this.storage, clock: this.clock, random: createRandom(opts.seed), aead: opts.aead, cache: opts.cache, systemTtls: opts.systemTtls });
    this.core = wired.core;
    this.#handles = wired.handles;
    this.faults = new Faults();
    this.handle = (req) => (this.faults.active ? this.#withFaults(req) : this.core.handle(req));
    const serve = toFetchHandler(this.handle);
    this.fetch = (input, init) => serve(input instanceof Request && init === undefined ? input : new Request(input, init));
  }

  /** Direct KV access on a mount (no HTTP, no ACL): put/get/metadata/... */
  readonly kv = (mount = 'secret'): KvDirect => {
    const routed = this.#unsealed().mounts.route(mount.endsWith('/') ? mount : mount + '/');
    if (!routed || !(routed.backend instanceof KvBackend)) throw new Error(`no KV v2 mount at ${mount}/`);
    return bindMethods(new KvDirect(routed.backend, { mountPoint: routed.entry.path }));
  };

  /** Policy store (put/get/list/delete), no ACL. */
  get policies(): PolicyStore {
    return bindMethods(this.#unsealed().policies);
  }

  /** Token store (create/lookup/revoke), no ACL. */
  get tokens(): TokenStore {
    return bindMethods(this.#unsealed().tokens);
  }

  /**
   * Leases, no ACL: `list()` every lease id (secret and token leases), `expire()` revokes what is
   * due now on the vault's clock (the next request would too), `revoke(id)` ends one at once.
   */
  get leases(): LeasesKnob {
    const core = this.core;
    const expiration = () => this.#unsealed().expiration;
    return {
      list: async (prefix = ''): Promise<string[]> => expiration().allIds(prefix),
      expire: (): Promise<number> => core.expireDue(),
      revoke: (leaseId: string): Promise<void> => expiration().revoke(leaseId, true),
    };
  }

  /** The audit devices, no ACL: `audit.memory(path)?.entries()` for a memory device. */
  get audit(): AuditKnob {
    const broker = this.#unsealed().auditBroker;
    if (!broker) throw new Error('no audit device has been enabled on this vault');
    return {
      memory: (path) => broker.memory(path),
      hash: (path, input) => broker.hash(path, input),
      head: (path) => broker.head(path),
      devicePaths: () => broker.devicePaths(),
      flushHeads: () => broker.flushHeads(),
    };
  }

  async #withFaults(req: CoreRequest): Promise<CoreResponse> {
    return (await this.faults.apply(req)) ?? this.core.handle(req);
  }

  /** Calls the API as the root token (or another token) and returns status and parsed body. */
  readonly request = async (operation: CoreRequest['operation'], path: string, data?: Record<string, unknown>, token = this.rootToken): Promise<CoreResponse> =>
    this.handle({ operation, path, data, token });

  /** Creates a token as root (no ACL of the caller applies) and returns its id. */
  readonly createToken = async (opts: CreateTokenOptions = {}): Promise<string> => {
    const data: Record<string, unknown> = {};
    if (opts.policies) data.policies = opts.policies;
    if (opts.ttl !== undefined) data.ttl = opts.ttl;
    if (opts.id !== undefined) data.id = opts.id;
    if (opts.renewable !== undefined) data.renewable = opts.renewable;
    if (opts.period !== undefined) data.period = opts.period;
    if (opts.meta) data.meta = opts.meta;
    if (opts.displayName !== undefined) data.display_name = opts.displayName;
    if (opts.noDefaultPolicy) data.no_default_policy = true;
    const res = await this.core.handle({ operation: 'update', path: 'auth/token/create', data, token: this.rootToken });
    const auth = (res.body as { auth?: { client_token?: string }; errors?: string[] } | undefined);
    if (res.status >= 300 || !auth?.auth?.client_token) throw new Error(`createToken: ${auth?.errors?.join('; ') ?? `status ${res.status}`}`);
    return auth.auth.client_token;
  };

  /** Marks the current state as the one reset() returns to (createVault does after dev init and bootstrap). */
  readonly markFresh = (): void => {
    this.#fresh = { snap: this.snapshot(), now: this.clock.now() };
  };

  /** Back to the state right after createVault(): storage, clock, unsealed, no faults. */
  readonly reset = async (): Promise<void> => {
    if (!this.#fresh) throw new Error('reset() needs a vault made by createVault() with in-memory storage');
    this.faults.clear();
    if (this.clock.frozen) this.clock.set(this.#fresh.now);
    else this.clock.resetOffset();
    if (!this.core.seal.sealed()) await this.core.sealVault();
    (this.storage as MemoryStorage).replaceAll(this.#fresh.snap.entries);
    await this.unseal();
  };

  readonly seal = async (): Promise<void> => {
    await this.core.sealVault();
  };

  readonly unseal = async (keys = this.unsealKeys): Promise<void> => {
    for (const key of keys) {
      if (!this.core.seal.sealed()) break;
      await this.core.handle({ operation: 'update', path: 'sys/unseal', data: { key } });
    }
  };

  /** A restore point of the whole (encrypted) storage; memory storage only. */
  readonly snapshot = (): Snapshot => {
    if (!(this.storage instanceof MemoryStorage)) throw new Error('snapshot() needs in-memory storage');
    return { entries: this.storage.entries() };
  };

  readonly restore = async (snap: Snapshot): Promise<void> => {
    if (!(this.storage instanceof MemoryStorage)) throw new Error('restore() needs in-memory storage');
    const wasUnsealed = !this.core.seal.sealed();
    if (wasUnsealed) await this.core.sealVault();
    this.storage.replaceAll(snap.entries);
    if (wasUnsealed) await this.unseal();
  };

  /** Every stored key and its decrypted size: no values (they are secrets) unless asked. */
  readonly dump = async (opts: { values?: boolean } = {}): Promise<Record<string, unknown>> => {
    const out: Record<string, unknown> = {};
    const barrier = this.#unsealed().barrier.storage();
    const walk = async (prefix: string): Promise<void> => {
      for (const child of await barrier.list(prefix)) {
        const key = prefix + child;
        if (child.endsWith('/')) await walk(key);
        else if (!key.startsWith('core/')) {
          const v = await barrier.get(key);
          out[key] = opts.values ? new TextDecoder().decode(v) : (v?.length ?? 0);
        }
      }
    };
    await walk('');
    return out;
  };

  #unsealed(): CoreHandles {
    const s = this.#handles();
    if (!s) throw new Error('the vault is sealed');
    return s;
  }
}

/** `vault.leases`: every lease id, revoking what is due, ending one lease. */
export interface LeasesKnob {
  list(prefix?: string): Promise<string[]>;
  expire(): Promise<number>;
  revoke(leaseId: string): Promise<void>;
}

/** `vault.audit`: what the enabled devices hold (memory devices' entries, HMACs, chain heads). */
export interface AuditKnob {
  memory(path: string): MemorySink | undefined;
  /** The HMAC a device writes for this input (Vault's sys/audit-hash). */
  hash(path: string, input: string): string;
  head(path: string): ChainHead | undefined;
  devicePaths(): string[];
  flushHeads(): Promise<void>;
}

function clockFor(opts: VaultOptions): TestClock {
  if (opts.clock === 'real' || (opts.clock === undefined && opts.now === undefined)) {
    const clock = new TestClock();
    if (opts.now !== undefined) clock.set(opts.now);
    return clock;
  }
  return new TestClock({ frozenAt: opts.now ?? Date.UTC(2026, 0, 1) });
}

export async function createVault(opts: VaultOptions = {}): Promise<TestVault> {
  const vault = new TestVault(opts);
  if (opts.dev !== false) {
    if (await vault.core.seal.initialized()) throw new Error('dev mode needs empty storage; pass dev: false for an existing storagePath');
    const dev = await initDev(vault.core, { rootTokenId: opts.rootToken });
    vault.rootToken = dev.rootToken;
    vault.unsealKeys = dev.unsealKeys;
    if (opts.bootstrap !== undefined) await applyBootstrap(vault.handle, vault.rootToken, opts.bootstrap);
  } else if (opts.bootstrap !== undefined) {
    throw new Error('bootstrap needs dev mode');
  }
  if (vault.storage instanceof MemoryStorage && opts.dev !== false) vault.markFresh();
  return vault;
}
