// The sidecar's Vault client: what a service that gets its credentials from Vault at start uses
// to keep them fresh and to keep working when Vault does not. It speaks Vault's HTTP API (KV v1
// and v2, the UI mounts preflight, auth/token, an auth method's login, sys/health), so it works
// against minivault and real Vault alike. Its parts: paths.ts and mounts.ts (which mount and KV
// version a path is on), cache.ts (reads), token.ts (renewal), login.ts and relogin.ts (auth
// methods), monitor.ts (degraded mode), rotation.ts, kv.ts and kv-rollback.ts, all driven by one
// Scheduler on the injected clock (see scheduler.ts for why `tick()` exists).
import { rfc3339Nano } from '../util/clock.js';
import { errClientNoValue, errClientRotationPaused, errClientUnavailable, ERR_CLIENT_PERMISSION_DENIED } from '../errors/client.js';
import { SecretCache, type ReadTicket } from './cache.js';
import { isOutage, VaultClientError } from './errors.js';
import { TypedEmitter, type DegradedReason, type VaultClientEvents } from './events.js';
import { KvClient, requireV2, type KvVersion, type KvWritten } from './kv.js';
import { apiPath, MountResolver, type KvLocation } from './mounts.js';
import { OutageMonitor } from './monitor.js';
import { resolveOptions, type ResolvedOptions, type VaultClientOptions } from './options.js';
import { EnvFallback, SecretKeys } from './paths.js';
import { checkRotateOptions, freshSecretValue, RotationPlanner, type RotateOptions, type RotationResult, type RotationSchedule, type ScheduleRotationOptions } from './rotation.js';
import { Scheduler } from './scheduler.js';
import { Reauthenticator } from './relogin.js';
import { TokenKeeper, type TokenInfo } from './token.js';
import { VaultTransport } from './transport.js';
import { closedError, pickField } from './values.js';
import { deepFreeze } from '../go/object.js';

export type SecretData = Readonly<Record<string, unknown>>;

export interface GetSecretOptions {
  /** Skip the cache and read Vault (the answer refreshes the cache). */
  refresh?: boolean;
}

export interface StartOptions extends VaultClientOptions {
  /**
   * Paths fetched at start. Default: api-credentials, encryption-credentials, database-credentials
   * (the example app's names, relative to the `mount` option; without one, pass full paths).
   */
  secrets?: readonly string[];
}

export interface Started {
  client: VaultClient;
  /** Each start-up key's data, by the name given in `secrets`. */
  secrets: Record<string, SecretData>;
}

export const DEFAULT_STARTUP_SECRETS: readonly string[] = ['api-credentials', 'encryption-credentials', 'database-credentials'];

export class VaultClient extends TypedEmitter<VaultClientEvents> {
  readonly #o: ResolvedOptions;
  readonly #http: VaultTransport;
  readonly #keys: SecretKeys;
  readonly #mounts: MountResolver;
  readonly #fallback: EnvFallback;
  readonly #cache = new SecretCache();
  readonly #scheduler: Scheduler;
  readonly #kv: KvClient;
  readonly #token: TokenKeeper;
  readonly #monitor: OutageMonitor;
  readonly #rotations: RotationPlanner;
  /** Present when the client logs in with an auth method instead of a fixed token. */
  readonly #relogin: Reauthenticator | null;
  #tokenKnown = false;
  #closed = false;

  constructor(options: VaultClientOptions) {
    super();
    const o = (this.#o = resolveOptions(options));
    const emit = <K extends keyof VaultClientEvents>(type: K, event: VaultClientEvents[K]) => {
      this.emit(type, event);
      // A token that can be renewed no more (or is gone) is replaced by a fresh login.
      if (type === 'logged-in') {
        // A new token may see other mounts (or none): look them up again.
        this.#mounts.clear();
      } else if (type === 'renew-stopped') {
        const e = event as VaultClientEvents['renew-stopped'];
        this.#relogin?.renewalStopped(e.reason, e.expiresAt);
      } else if (type === 'expired') {
        this.#relogin?.expired();
      }
    };
    this.#http = new VaultTransport({ address: o.address, token: o.token, fetch: o.fetch, timeoutMs: o.timeoutMs });
    this.#keys = new SecretKeys(o.mount);
    this.#mounts = new MountResolver(this.#http, o.mount);
    this.#fallback = new EnvFallback(this.#keys, o.fallbackEnv, o.env);
    this.#scheduler = new Scheduler(o.clock, { pollMs: o.pollIntervalMs, onError: (source, error) => emit('error', { source, error }) });
    this.#kv = new KvClient(this.#http);
    const common = { http: this.#http, scheduler: this.#scheduler, clock: o.clock, emit };
    this.#monitor = new OutageMonitor({ ...common, probeIntervalMs: o.probeIntervalMs, onRecovered: () => this.#onRecovered() });
    this.#token = new TokenKeeper({ ...common, random: o.random, renewAt: o.renewAt, backoff: o.backoff, onOutage: (e) => this.#monitor.enter(e) });
    this.#relogin = o.auth === null ? null : new Reauthenticator({
      http: this.#http, auth: o.auth, token: this.#token, scheduler: this.#scheduler, clock: o.clock, random: o.random,
      renewAt: o.renewAt, backoff: o.backoff, emit, onOutage: (e) => this.#monitor.enter(e),
    });
    this.#rotations = new RotationPlanner({
      metadata: (key) => this.#mounts.at(key, (loc) => this.#kv.metadata(loc)), scheduler: this.#scheduler, clock: o.clock, random: o.random, backoff: o.backoff, emit,
      rotate: (key, opts) => this.#rotate(key, opts),
      isDegraded: () => this.#monitor.degraded,
      onOutage: (e) => this.#monitor.enter(e),
    });
  }

  /** The seed's start-up: connect, fetch the start-up keys (from the environment if degraded). */
  static async start(options: StartOptions): Promise<Started> {
    const client = new VaultClient(options);
    try {
      await client.connect();
      const names = options.secrets ?? DEFAULT_STARTUP_SECRETS;
      const values = await Promise.all(names.map((name) => client.getSecret(name)));
      const secrets: Record<string, SecretData> = {};
      names.forEach((name, i) => { secrets[name] = values[i]!; });
      return { client, secrets };
    } catch (e) {
      await client.close();
      throw e;
    }
  }

  /**
   * Logs in (with `auth`) or looks the token up, and starts renewing it. Resolves with null (and
   * enters degraded mode) when Vault is unreachable or sealed; rejects when Vault refuses the
   * token or the credentials.
   */
  async connect(): Promise<TokenInfo | null> {
    this.#assertOpen();
    try {
      const info = this.#relogin !== null ? await this.#relogin.login() : await this.#token.start();
      this.#tokenKnown = true;
      return info;
    } catch (e) {
      if (isOutage(e)) {
        this.#monitor.enter(e as VaultClientError);
        return null;
      }
      throw this.#explain(e);
    }
  }

  get degraded(): boolean {
    return this.#monitor.degraded;
  }

  get degradedReason(): DegradedReason | null {
    return this.#monitor.reason;
  }

  /** What the client knows about its token (null before a successful lookup). */
  get token(): TokenInfo | null {
    return this.#token.info;
  }

  /** The `mount` option (without slashes); null when each path names its mount. */
  get mount(): string | null {
    return this.#keys.mount;
  }

  /**
   * Where a path's secret lives: its mount, KV version and the API path a read uses (a preflight
   * when the mount is not known yet). `mount` is '' when the server named none (read as KV v1).
   */
  async locate(path: string): Promise<{ path: string; mount: string; kvVersion: 1 | 2; apiPath: string }> {
    this.#assertOpen();
    const loc = await this.#mounts.resolve(this.#keys.key(path));
    return { path: loc.key, mount: loc.mount, kvVersion: loc.version, apiPath: apiPath(loc) };
  }

  /** A cached value younger than cacheTtl, synchronously; undefined when a read would be needed. */
  peek(path: string, field?: string): unknown {
    const data = this.#fresh(this.#keys.key(path));
    return data === undefined || field === undefined ? data : data[field];
  }

  /** The key's data (or one field of it): from the cache within cacheTtl, else from Vault. */
  getSecret(path: string, field?: undefined, opts?: GetSecretOptions): Promise<SecretData>;
  getSecret<T = unknown>(path: string, field: string, opts?: GetSecretOptions): Promise<T>;
  getSecret(path: string, field?: string, opts?: GetSecretOptions): Promise<unknown> {
    let key: string;
    try {
      key = this.#keys.key(path);
    } catch (e) {
      return Promise.reject(e);
    }
    if (opts?.refresh !== true) {
      const hit = this.#fresh(key);
      if (hit !== undefined) return field === undefined ? Promise.resolve(hit) : pickField(hit, field);
    }
    const loaded = this.#load(key, opts?.refresh === true);
    return field === undefined ? loaded : loaded.then((data) => pickField(data, field));
  }

  /** Drops cached values (one key, or all) so the next read goes to Vault. */
  invalidate(path?: string): void {
    if (path === undefined) this.#cache.clear();
    else this.#cache.invalidate(this.#keys.key(path));
  }

  /** Writes a fresh random value (and `created_at`) as a new version, with cas on the current one. */
  async rotate(path: string, opts: RotateOptions = {}): Promise<RotationResult> {
    return this.#rotate(this.#keys.key(path), checkRotateOptions(opts));
  }

  /** Rotates the key whenever `every` (or its custom_metadata.rotation_days) has passed on the clock. */
  async scheduleRotation(path: string, opts: ScheduleRotationOptions = {}): Promise<RotationSchedule> {
    this.#assertOpen();
    const key = this.#keys.key(path);
    return this.#rotations.schedule(key, key, opts);
  }

  /** `vault kv rollback`: writes version N's data back as a new version (cas on the current one). */
  async rollback(path: string, version: number): Promise<KvWritten & { path: string }> {
    this.#assertOpen();
    const key = this.#keys.key(path);
    try {
      const written = await this.#mounts.at(key, (loc) => this.#kv.rollback(loc, version));
      this.#cache.invalidate(key);
      return { path: key, ...written };
    } catch (e) {
      throw this.#failed(key, e);
    }
  }

  /** Runs all scheduled work that is due on the clock now (renewals, retries, probes, rotations). */
  tick(): Promise<void> {
    return this.#scheduler.tick();
  }

  /** Scheduled work, earliest first. */
  pendingWork(): Array<{ name: string; dueAt: number }> {
    return this.#scheduler.pending();
  }

  /** Stops all scheduled work, aborts requests in flight and forgets cached values. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#scheduler.close();
    this.#token.stop();
    this.#relogin?.stop();
    this.#monitor.stop();
    this.#rotations.stop();
    this.#http.close();
    this.#cache.clear();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #fresh(key: string): SecretData | undefined {
    const entry = this.#cache.get(key);
    if (entry === undefined) return undefined;
    const now = this.#o.clock.now();
    return now - entry.fetchedAt < this.#o.cacheTtlMs && now < this.#token.deadline ? entry.data : undefined;
  }

  #load(key: string, refresh: boolean): Promise<SecretData> {
    if (this.#closed) return Promise.reject(closedError());
    if (this.#monitor.degraded) {
      try {
        return Promise.resolve(this.#fallbackRead(key, null));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    if (!refresh) {
      const flight = this.#cache.flight(key);
      if (flight !== undefined) return flight;
    }
    const ticket = this.#cache.begin(key);
    const promise = this.#mounts.at(key, async (loc) => this.#fetched(key, loc, ticket, await this.#kv.read(loc))).catch((e) => this.#readFailed(key, e));
    this.#cache.setFlight(key, ticket, promise);
    const done = () => this.#cache.endFlight(key, promise);
    promise.then(done, done);
    return promise;
  }

  #fetched(key: string, loc: KvLocation, ticket: ReadTicket, v: KvVersion | null): SecretData {
    if (v === null || v.data === null) {
      this.#cache.invalidate(key);
      // Named as `vault kv get` names it: the data path of v2, the key itself on v1.
      const shown = loc.version === 2 ? `${loc.mount}data/${key.slice(loc.mount.length)}` : key;
      throw new VaultClientError('not-found', 404, errClientNoValue(shown), [], { method: 'GET', path: apiPath(loc) });
    }
    const data = deepFreeze(v.data);
    this.#cache.commit(key, ticket, { data, version: v.version, fetchedAt: this.#o.clock.now() });
    return data;
  }

  #readFailed(key: string, e: unknown): SecretData {
    const error = this.#failed(key, e);
    if (isOutage(error)) return this.#fallbackRead(key, error);
    throw error;
  }

  /** While Vault is unavailable: a young-enough cached value, else the environment, else an error. */
  #fallbackRead(key: string, error: VaultClientError | null): SecretData {
    const entry = this.#cache.get(key);
    const now = this.#o.clock.now();
    if (entry !== undefined && now < this.#token.deadline) {
      const age = now - entry.fetchedAt;
      if (age < this.#o.cacheTtlMs || (this.#o.staleMaxAgeMs >= 0 && age <= this.#o.staleMaxAgeMs)) return entry.data;
    }
    const fromEnv = this.#fallback.read(key);
    if (fromEnv !== undefined) return fromEnv;
    if (error !== null) throw error;
    const last = this.#monitor.lastError;
    const message = errClientUnavailable(this.#monitor.reason ?? 'unknown');
    throw new VaultClientError('unavailable', last?.status ?? 0, message, last?.errors ?? [], { cause: last ?? undefined });
  }

  async #rotate(key: string, opts: Required<RotateOptions>): Promise<RotationResult> {
    this.#assertOpen();
    if (this.#monitor.degraded) {
      throw new VaultClientError('rotation-paused', 0, errClientRotationPaused(this.#monitor.reason ?? 'unknown'), []);
    }
    try {
      const { data, value, createdAt, written } = await this.#mounts.at(key, async (loc) => {
        requireV2(loc, 'rotation');
        const current = await this.#kv.read(loc);
        const createdAt = rfc3339Nano(this.#o.clock.now());
        const value = freshSecretValue(this.#o.random, opts.bytes, opts.encoding);
        const data = { ...(current?.data ?? {}), [opts.field]: value, created_at: createdAt };
        return { data, value, createdAt, written: await this.#kv.write(loc, data, current?.version ?? 0) };
      });
      this.#cache.invalidate(key);
      this.#cache.store(key, { data: deepFreeze(data), version: written.version, fetchedAt: this.#o.clock.now() });
      const path = key;
      this.emit('rotated', { path, field: opts.field, version: written.version, createdAt });
      return { path, field: opts.field, version: written.version, value, createdAt };
    } catch (e) {
      throw this.#failed(key, e);
    }
  }

  /** Bookkeeping for a failed request about `key`; returns the error to throw. */
  #failed(key: string, e: unknown): VaultClientError {
    if (e instanceof TypeError) throw e; // a path that names a mount, not a secret: the caller's mistake
    const error = this.#explain(e);
    if (isOutage(error)) this.#monitor.enter(error);
    else if (error.kind === 'cas-mismatch') this.#cache.invalidate(key);
    return error;
  }

  /** Adds what the client knows to a refusal: a token past its end, or one Vault no longer honours. */
  #explain(e: unknown): VaultClientError {
    if (!(e instanceof VaultClientError)) return new VaultClientError('bad-response', 0, String(e), [], { cause: e });
    if (e.kind !== 'permission-denied') return e;
    // A bare "permission denied" is a token refusal; an ACL denial comes multierror-wrapped.
    if (e.errors.length === 1 && e.errors[0] === ERR_CLIENT_PERMISSION_DENIED) this.#token.refused();
    const hint = this.#token.expiredHint();
    if (hint === undefined) return e;
    return new VaultClientError(e.kind, e.status, `${e.message}\n\n${hint}`, e.errors, {
      ...(e.method ? { method: e.method } : {}), ...(e.path ? { path: e.path } : {}), cause: e,
    });
  }

  async #onRecovered(): Promise<void> {
    if (this.#closed) return;
    if (!this.#tokenKnown) {
      try {
        await this.connect();
      } catch (e) {
        if (e instanceof VaultClientError && e.kind === 'permission-denied') this.emit('renew-stopped', { reason: 'revoked', expiresAt: null, error: e });
        else this.emit('error', { source: 'token-lookup', error: e });
      }
    }
    await this.#rotations.resume();
  }

  #assertOpen(): void {
    if (this.#closed) throw closedError();
  }
}
