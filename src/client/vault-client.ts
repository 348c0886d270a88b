// The sidecar's Vault client: what a service that gets its credentials from Vault at start uses
// to keep them fresh and to keep working when Vault does not. It speaks Vault's HTTP API (KV v2,
// auth/token, an auth method's login, sys/health), so it works against minivault and real Vault
// alike. Its parts: cache.ts (reads), token.ts (renewal), login.ts and relogin.ts (auth methods),
// monitor.ts (degraded mode), rotation.ts, kv.ts, all driven
// by one Scheduler on the injected clock (see scheduler.ts for why `tick()` exists).
import { rfc3339Nano } from '../util/clock.js';
import { errClientFieldMissing, errClientNoValue, errClientRotationPaused, errClientUnavailable, ERR_CLIENT_CLOSED, ERR_CLIENT_PERMISSION_DENIED } from '../errors/client.js';
import { SecretCache, type ReadTicket } from './cache.js';
import { isOutage, VaultClientError } from './errors.js';
import { TypedEmitter, type DegradedReason, type VaultClientEvents } from './events.js';
import { KvV2, type KvVersion, type KvWritten } from './kv.js';
import { OutageMonitor } from './monitor.js';
import { resolveOptions, type ResolvedOptions, type VaultClientOptions } from './options.js';
import { EnvFallback, SecretPaths } from './paths.js';
import { checkRotateOptions, freshSecretValue, RotationPlanner, type RotateOptions, type RotationResult, type RotationSchedule, type ScheduleRotationOptions } from './rotation.js';
import { Scheduler } from './scheduler.js';
import { Reauthenticator } from './relogin.js';
import { TokenKeeper, type TokenInfo } from './token.js';
import { VaultTransport } from './transport.js';

export type SecretData = Readonly<Record<string, unknown>>;

export interface GetSecretOptions {
  /** Skip the cache and read Vault (the answer refreshes the cache). */
  refresh?: boolean;
}

export interface StartOptions extends VaultClientOptions {
  /** Keys fetched at start. Default: api-credentials, encryption-credentials, database-credentials. */
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
  readonly #paths: SecretPaths;
  readonly #fallback: EnvFallback;
  readonly #cache = new SecretCache();
  readonly #scheduler: Scheduler;
  readonly #kv: KvV2;
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
      if (type === 'renew-stopped') {
        const e = event as VaultClientEvents['renew-stopped'];
        this.#relogin?.renewalStopped(e.reason, e.expiresAt);
      } else if (type === 'expired') {
        this.#relogin?.expired();
      }
    };
    this.#http = new VaultTransport({ address: o.address, token: o.token, fetch: o.fetch, timeoutMs: o.timeoutMs });
    this.#paths = new SecretPaths(o.mount);
    this.#fallback = new EnvFallback(this.#paths, o.fallbackEnv, o.env);
    this.#scheduler = new Scheduler(o.clock, { pollMs: o.pollIntervalMs, onError: (source, error) => emit('error', { source, error }) });
    this.#kv = new KvV2(this.#http, this.#paths);
    const common = { http: this.#http, scheduler: this.#scheduler, clock: o.clock, emit };
    this.#monitor = new OutageMonitor({ ...common, probeIntervalMs: o.probeIntervalMs, onRecovered: () => this.#onRecovered() });
    this.#token = new TokenKeeper({ ...common, random: o.random, renewAt: o.renewAt, backoff: o.backoff, onOutage: (e) => this.#monitor.enter(e) });
    this.#relogin = o.auth === null ? null : new Reauthenticator({
      http: this.#http, auth: o.auth, token: this.#token, scheduler: this.#scheduler, clock: o.clock, random: o.random,
      renewAt: o.renewAt, backoff: o.backoff, emit, onOutage: (e) => this.#monitor.enter(e),
    });
    this.#rotations = new RotationPlanner({
      kv: this.#kv, scheduler: this.#scheduler, clock: o.clock, random: o.random, backoff: o.backoff, emit,
      rotate: (rel, opts) => this.#rotate(rel, opts),
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

  get mount(): string {
    return this.#paths.mount;
  }

  /** A cached value younger than cacheTtl, synchronously; undefined when a read would be needed. */
  peek(path: string, field?: string): unknown {
    const data = this.#fresh(this.#paths.relative(path));
    return data === undefined || field === undefined ? data : data[field];
  }

  /** The key's data (or one field of it): from the cache within cacheTtl, else from Vault. */
  getSecret(path: string, field?: undefined, opts?: GetSecretOptions): Promise<SecretData>;
  getSecret<T = unknown>(path: string, field: string, opts?: GetSecretOptions): Promise<T>;
  getSecret(path: string, field?: string, opts?: GetSecretOptions): Promise<unknown> {
    let rel: string;
    try {
      rel = this.#paths.relative(path);
    } catch (e) {
      return Promise.reject(e);
    }
    if (opts?.refresh !== true) {
      const hit = this.#fresh(rel);
      if (hit !== undefined) return field === undefined ? Promise.resolve(hit) : pickField(hit, field);
    }
    const loaded = this.#load(rel, opts?.refresh === true);
    return field === undefined ? loaded : loaded.then((data) => pickField(data, field));
  }

  /** Drops cached values (one key, or all) so the next read goes to Vault. */
  invalidate(path?: string): void {
    if (path === undefined) this.#cache.clear();
    else this.#cache.invalidate(this.#paths.relative(path));
  }

  /** Writes a fresh random value (and `created_at`) as a new version, with cas on the current one. */
  async rotate(path: string, opts: RotateOptions = {}): Promise<RotationResult> {
    return this.#rotate(this.#paths.relative(path), checkRotateOptions(opts));
  }

  /** Rotates the key whenever `every` (or its custom_metadata.rotation_days) has passed on the clock. */
  async scheduleRotation(path: string, opts: ScheduleRotationOptions = {}): Promise<RotationSchedule> {
    this.#assertOpen();
    const rel = this.#paths.relative(path);
    return this.#rotations.schedule(rel, this.#paths.full(rel), opts);
  }

  /** `vault kv rollback`: writes version N's data back as a new version (cas on the current one). */
  async rollback(path: string, version: number): Promise<KvWritten & { path: string }> {
    this.#assertOpen();
    const rel = this.#paths.relative(path);
    try {
      const written = await this.#kv.rollback(rel, version);
      this.#cache.invalidate(rel);
      return { path: this.#paths.full(rel), ...written };
    } catch (e) {
      throw this.#failed(rel, e);
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

  #fresh(rel: string): SecretData | undefined {
    const entry = this.#cache.get(rel);
    if (entry === undefined) return undefined;
    const now = this.#o.clock.now();
    return now - entry.fetchedAt < this.#o.cacheTtlMs && now < this.#token.deadline ? entry.data : undefined;
  }

  #load(rel: string, refresh: boolean): Promise<SecretData> {
    if (this.#closed) return Promise.reject(closedError());
    if (this.#monitor.degraded) {
      try {
        return Promise.resolve(this.#fallbackRead(rel, null));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    if (!refresh) {
      const flight = this.#cache.flight(rel);
      if (flight !== undefined) return flight;
    }
    const ticket = this.#cache.begin(rel);
    const promise = this.#kv.read(rel).then((v) => this.#fetched(rel, ticket, v), (e) => this.#readFailed(rel, e));
    this.#cache.setFlight(rel, ticket, promise);
    const done = () => this.#cache.endFlight(rel, promise);
    promise.then(done, done);
    return promise;
  }

  #fetched(rel: string, ticket: ReadTicket, v: KvVersion | null): SecretData {
    if (v === null || v.data === null) {
      this.#cache.invalidate(rel);
      const path = this.#paths.data(rel);
      throw new VaultClientError('not-found', 404, errClientNoValue(`${this.#paths.mount}/data/${rel}`), [], { method: 'GET', path });
    }
    const data = deepFreeze(v.data);
    this.#cache.commit(rel, ticket, { data, version: v.version, fetchedAt: this.#o.clock.now() });
    return data;
  }

  #readFailed(rel: string, e: unknown): SecretData {
    const error = this.#failed(rel, e);
    if (isOutage(error)) return this.#fallbackRead(rel, error);
    throw error;
  }

  /** While Vault is unavailable: a young-enough cached value, else the environment, else an error. */
  #fallbackRead(rel: string, error: VaultClientError | null): SecretData {
    const entry = this.#cache.get(rel);
    const now = this.#o.clock.now();
    if (entry !== undefined && now < this.#token.deadline) {
      const age = now - entry.fetchedAt;
      if (age < this.#o.cacheTtlMs || (this.#o.staleMaxAgeMs >= 0 && age <= this.#o.staleMaxAgeMs)) return entry.data;
    }
    const fromEnv = this.#fallback.read(rel);
    if (fromEnv !== undefined) return fromEnv;
    if (error !== null) throw error;
    const last = this.#monitor.lastError;
    const message = errClientUnavailable(this.#monitor.reason ?? 'unknown');
    throw new VaultClientError('unavailable', last?.status ?? 0, message, last?.errors ?? [], { cause: last ?? undefined });
  }

  async #rotate(rel: string, opts: Required<RotateOptions>): Promise<RotationResult> {
    this.#assertOpen();
    if (this.#monitor.degraded) {
      throw new VaultClientError('rotation-paused', 0, errClientRotationPaused(this.#monitor.reason ?? 'unknown'), []);
    }
    try {
      const current = await this.#kv.read(rel);
      const createdAt = rfc3339Nano(this.#o.clock.now());
      const value = freshSecretValue(this.#o.random, opts.bytes, opts.encoding);
      const data = { ...(current?.data ?? {}), [opts.field]: value, created_at: createdAt };
      const written = await this.#kv.write(rel, data, current?.version ?? 0);
      this.#cache.invalidate(rel);
      this.#cache.store(rel, { data: deepFreeze(data), version: written.version, fetchedAt: this.#o.clock.now() });
      const path = this.#paths.full(rel);
      this.emit('rotated', { path, field: opts.field, version: written.version, createdAt });
      return { path, field: opts.field, version: written.version, value, createdAt };
    } catch (e) {
      throw this.#failed(rel, e);
    }
  }

  /** Bookkeeping for a failed request about `rel`; returns the error to throw. */
  #failed(rel: string, e: unknown): VaultClientError {
    const error = this.#explain(e);
    if (isOutage(error)) this.#monitor.enter(error);
    else if (error.kind === 'cas-mismatch') this.#cache.invalidate(rel);
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

function closedError(): VaultClientError {
  return new VaultClientError('closed', 0, ERR_CLIENT_CLOSED, []);
}

function pickField(data: SecretData, field: string): Promise<unknown> {
  const value = data[field];
  if (value === undefined) {
    const message = errClientFieldMissing(field);
    return Promise.reject(new VaultClientError('field-missing', 0, message, [message]));
  }
  return Promise.resolve(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
