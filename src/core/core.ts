// Vault's core (vault/core.go): owns the seal state and, while unsealed, the mount table, the
// token and policy stores and the audit broker, and answers every request. `handle()` takes a
// plain request object and returns Vault's answer; the HTTP layer and the test fake both call it.
// The subsystems are built by the factories in CoreParts (wired to the real modules in
// src/core/create.ts), so this file reads as the lifecycle and nothing else.
import { ERR_PERMISSION_DENIED, ERR_SEALED, ERR_UNSUPPORTED_PATH, multierror } from '../errors/core.js';
import { GoError, isVaultError, unsupportedError, unsupportedHeaders } from '../errors/vault-error.js';
import type { FrameworkBackend } from '../framework/backend.js';
import type { Backend, BackendConfig } from '../logical/types.js';
import type { IdentityStore } from '../identity/store.js';
import type { Storage } from '../storage/types.js';
import type { Clock } from '../util/clock.js';
import { uuidGenerator, type RandomSource } from '../util/random.js';
import { SharedExclusiveLock } from '../util/key-locks.js';
import { errorResponse } from './envelope.js';
import { loadFactory } from './builtin-backends.js';
import { MountTable, clearTree, isAuthMount, type MountEntry } from './mounts.js';
import { asError, runLogical, type PipelineDeps } from './pipeline.js';
import type { AuditPort, AuthPort, BarrierPort, SealPort } from './ports.js';
import { Expiration } from './expiration.js';
import { Wrapping } from './wrapping.js';
import { SecretLeases } from './secret-leases.js';
import { createSysBackend } from './sys-backend.js';
import type { MigrationInfo, SysContext } from './sys-context.js';
import { effectiveTtls, type SystemTtls } from './sys-mount-info.js';
import { handleRaw, isRawPath, type RawDeps } from './sys-raw.js';
import { routeLoginRenewals } from './login-renew.js';
import type { CoreRequest, CoreResponse } from './types.js';
import { VAULT_VERSION } from './version.js';
import { locksOwnKeys } from './write-gate.js';

export interface CoreParts {
  clock: Clock;
  random: RandomSource;
  seal: SealPort;
  /** The server's default/max lease TTLs (absent: Vault's 768h each). */
  systemTtls?: SystemTtls;
  /** The server's api_addr (Vault's CoreConfig.RedirectAddr): the identity issuer's default. */
  apiAddr?: string;
  /** The auth port; `identity` is the identity store the token store shares with the identity/ mount. */
  makeAuth(barrier: BarrierPort): AuthPort & { identity?: IdentityStore };
  makeAudit(barrier: BarrierPort): AuditPort;
}

interface Unsealed {
  barrier: BarrierPort;
  mounts: MountTable;
  auth: AuthPort;
  audit: AuditPort;
  expiration: Expiration;
  pipeline: PipelineDeps;
}


/** Backend for a mount type minivault lists but does not serve. */
const unsupportedBackend = (type: string): Backend => ({
  type,
  async handle() {
    throw unsupportedError(new GoError(404, ERR_UNSUPPORTED_PATH));
  },
});

export class Core {
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly seal: SealPort;
  /** The server's api_addr, '' when unknown; settable once a listener's address is known. */
  apiAddr: string;
  #parts: CoreParts;
  #state: Unsealed | undefined;
  /**
   * Writes to engines that lock their own keys run side by side under the shared side; every other
   * write, and the expiration sweep, holds it exclusively (write-gate.ts says which is which).
   */
  readonly #writes = new SharedExclusiveLock();
  readonly #requestId: () => string;
  readonly #rawDeps: RawDeps;
  /** sys/remount/status: in memory only, as in Vault. */
  readonly #migrations = new Map<string, MigrationInfo>();

  constructor(parts: CoreParts) {
    this.#parts = parts;
    this.apiAddr = parts.apiAddr ?? '';
    this.clock = parts.clock;
    this.random = parts.random;
    this.seal = parts.seal;
    this.#requestId = uuidGenerator(parts.random);
    this.#rawDeps = {
      seal: this.seal,
      nowMs: () => this.clock.now(),
      cluster: () => this.seal.cluster(),
      initialize: (body: Record<string, unknown>) => this.initialize(body),
      afterUnseal: () => this.afterUnseal(),
      sealWithRequest: (req: CoreRequest) => this.#sealWithRequest(req),
      createRootToken: () => this.#state?.auth.createRootToken(),
    };
  }

  get unsealed(): Unsealed | undefined {
    return this.#state;
  }

  async handle(req: CoreRequest): Promise<CoreResponse> {
    try {
      if (isRawPath(req.path)) {
        const raw = await handleRaw(this.#rawDeps, req);
        if (raw) return raw;
      }
      const state = this.#state;
      if (!state || this.seal.sealed()) return errorResponse(503, [ERR_SEALED]);
      const due = state.expiration.nextExpiry();
      if (due !== undefined && due <= this.clock.now()) await this.expireDue();
      if (req.operation === 'read' || req.operation === 'list') return await runLogical(state.pipeline, req);
      const run = () => runLogical(state.pipeline, req);
      const res = await (locksOwnKeys(state.mounts, req) ? this.#writes.shared(run) : this.#writes.exclusive(run));
      this.#arm(state);
      return res;
    } catch (e) {
      const { status, errors } = asError(e);
      const res = errorResponse(status, errors);
      const headers = unsupportedHeaders(e);
      if (headers) res.headers = headers;
      return res;
    }
  }

  /**
   * The expiration manager's revocations (vault/expiration.go): every token whose lease ran out is
   * revoked with its children, cubbyhole and leases, between writes. Runs before any request once
   * something is due (so a manual clock that moved is honoured at the next request), from a timer
   * on the system clock, and when a test asks (`vault.leases.expire()`).
   */
  async expireDue(): Promise<number> {
    const state = this.#state;
    if (!state) return 0;
    const n = await this.#writes.exclusive(() => state.expiration.expireDue().catch(() => 0));
    this.#arm(state);
    return n;
  }

  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;

  /** Keeps one unref'd timer at the next expiry, so an idle server still reaps expired tokens. */
  #arm(state: Unsealed): void {
    const next = state.expiration.nextExpiry();
    if (next === undefined || (this.#timer !== undefined && this.#timerAt === next)) return;
    clearTimeout(this.#timer);
    this.#timerAt = next;
    const delay = Math.min(Math.max(0, next - this.clock.now()), 2 ** 31 - 1);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#state === state) void this.expireDue().catch(() => undefined);
    }, delay);
    this.#timer.unref?.();
  }

  /** Initialises the vault: keys, required mounts and the root token (optionally a chosen id). */
  async initialize(body: Record<string, unknown>, rootTokenId?: string) {
    return this.seal.init(body, async (barrier) => {
      const state = await this.#open(barrier, true);
      const root = await state.auth.createRootToken(rootTokenId);
      await state.audit.unload();
      this.#state = undefined;
      return root;
    });
  }

  /** Builds the unsealed subsystems over the barrier (first time: creates the required mounts). */
  async #open(barrier: BarrierPort, firstTime: boolean): Promise<Unsealed> {
    const { random, clock } = this.#parts;
    const auth = this.#parts.makeAuth(barrier);
    const audit = this.#parts.makeAudit(barrier);
    let sys: FrameworkBackend | undefined;
    const mounts: MountTable = new MountTable(() => barrier.storage(), (p) => barrier.view(p), async (entry, storage) => {
      if (entry.type === 'system') return sys!;
      if (entry.type === 'token') return auth.tokenBackend();
      if (entry.type === 'cubbyhole') return (await import('../secrets/cubbyhole/index.js')).factory(config(entry, storage));
      // identity_store.go: the identity mount serves the store the token store consults per request.
      if (entry.type === 'identity' && auth.identity) {
        return (await import('../identity/index.js')).identityBackend(auth.identity, storage, {
          mountOf: (acc) => {
            const m = mounts.entries.find((e) => e.accessor === acc);
            return m && { type: m.type, path: m.path, local: m.local };
          },
          tokenAccessor: () => mounts.entries.find((e) => e.type === 'token')?.accessor ?? '',
          entityOfToken: async (id) => (id ? (await auth.lookupToken(id, true))?.entityId ?? '' : ''),
          apiAddr: () => this.apiAddr,
        });
      }
      const kind = isAuthMount(entry) ? 'auth' : 'secret';
      const factory = loadFactory(kind, entry.type);
      if (factory === undefined) return unsupportedBackend(entry.type);
      return (await factory)(config(entry, storage));
    }, random, this.#parts.systemTtls);
    // The entry as the table holds it now (a tune or a remount replaces it).
    const current = (entry: MountEntry) => mounts.entries.find((e) => e.uuid === entry.uuid) ?? entry;
    const config = (entry: MountEntry, storage: Storage): BackendConfig => ({
      storage, clock, random, options: entry.options, mountPath: entry.path, accessor: entry.accessor, uuid: entry.uuid,
      system: {
        // Read at each call: a tune changes the entry the table holds.
        defaultLeaseTtl: () => effectiveTtls(current(entry), mounts.systemTtls).defaultTtl,
        maxLeaseTtl: () => effectiveTtls(current(entry), mounts.systemTtls).maxTtl,
      },
    });
    const secretLeases = new SecretLeases(barrier.view('sys/expire/'), clock, random);
    const expiration = new Expiration(secretLeases, mounts, auth, clock);
    const wrapping = new Wrapping(auth, mounts, (p) => barrier.view(p), clock, () => barrier.storage(), () => this.apiAddr);
    const state: Unsealed = {
      barrier, mounts, auth, audit, expiration,
      pipeline: { requestId: this.#requestId, mounts, auth, audit, expiration, wrapping, version: VAULT_VERSION },
    };
    const context: SysContext = {
      mounts, auth, audit, expiration, wrapping, seal: this.seal, clock, random, version: VAULT_VERSION, migrations: this.#migrations,
      revokePrefix: async (prefix) => {
        await expiration.revokePrefix(prefix, true);
        await auth.revokeByPathPrefix(prefix);
      },
      openApi: async (clientToken, generic) => (await import('./openapi-of-mounts.js')).openApiOfMounts(mounts, auth, clientToken, generic, VAULT_VERSION),
    };
    sys = createSysBackend(context);
    // A login's token renews through its auth mount's renew handler (expiration.go renewAuthEntry).
    routeLoginRenewals(auth.tokenBackend(), mounts);
    await mounts.load();
    if (firstTime || mounts.entries.length === 0) await this.#requiredMounts(mounts);
    // A revoked token's cubbyhole and the leases it created go with it (token_store.go
    // destroyCubbyhole, expiration.go RevokeByToken).
    auth.onRevoke(async (tokenKey) => {
      const cubbyhole = mounts.entries.find((e) => e.type === 'cubbyhole');
      if (cubbyhole) await clearTree(barrier.view(cubbyhole.storagePrefix), `${tokenKey}/`);
      await expiration.revokeByToken(tokenKey);
    });
    auth.onTidy(async (live) => {
      const cubbyhole = mounts.entries.find((e) => e.type === 'cubbyhole');
      if (!cubbyhole) return;
      const view = barrier.view(cubbyhole.storagePrefix);
      for (const dir of await view.list('')) {
        if (dir.endsWith('/') && !live.has(dir.slice(0, -1))) await clearTree(view, dir);
      }
    });
    await auth.loadExpiries();
    await secretLeases.load();
    await audit.load();
    return state;
  }

  // vault/mount.go requiredMountTable + the token auth mount (credential.go).
  async #requiredMounts(mounts: MountTable): Promise<void> {
    const missing: MountEntry[] = [];
    const add = (path: string, type: string, description: string, extra: Partial<MountEntry> = {}, accessorType = type) => {
      if (!mounts.find(path)) missing.push(mounts.newEntry(path, type, { description, ...extra }, accessorType));
    };
    add('cubbyhole/', 'cubbyhole', 'per-token private secret storage', { local: true });
    add('identity/', 'identity', 'identity store', {
      config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0, passthrough_request_headers: ['Authorization'] },
    });
    add('sys/', 'system', 'system endpoints used for control, policy and debugging', {
      seal_wrap: true,
      config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0, passthrough_request_headers: ['Accept'] },
    });
    add('auth/token/', 'token', 'token based credentials', {
      config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0, token_type: 'default-service' },
    }, 'auth_token');
    if (missing.length > 0) await mounts.add(...missing);
  }

  /** After the seal opened: bring the subsystems up. */
  async afterUnseal(): Promise<void> {
    if (this.#state) return;
    this.#state = await this.#open(this.seal.barrier(), false);
    this.#arm(this.#state);
  }

  /** Seals: drops every in-memory key and subsystem (storage stays as it is). */
  async sealVault(): Promise<void> {
    const state = this.#state;
    this.#state = undefined;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (state) await state.audit.unload();
    await this.seal.seal();
  }

  /** Closes audit files; the core is unusable afterwards. */
  async shutdown(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#state) await this.#state.audit.unload();
    this.#state = undefined;
  }

  // vault/core.go SealWithRequest: token with sudo on sys/seal; the request is audited first.
  async #sealWithRequest(req: CoreRequest): Promise<CoreResponse> {
    const state = this.#state;
    if (!state) return { status: 204 };
    const token = req.token ? await state.auth.resolveToken(req.token) : undefined;
    if (!token) return errorResponse(403, [ERR_PERMISSION_DENIED]);
    const decision = await state.auth.authorize(token, 'sys/seal', 'update', undefined, true);
    if (!decision.allowed) return errorResponse(403, [multierror(ERR_PERMISSION_DENIED)]);
    await state.audit.logRequest({
      requestId: this.#requestId(), operation: 'update', path: 'sys/seal', data: null, token,
      clientToken: req.token, remoteAddress: req.remoteAddress, remotePort: req.remotePort, policyResults: decision,
    });
    await this.sealVault();
    return { status: 204 };
  }
}
