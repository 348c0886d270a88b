// The client token's lifetime, like hashicorp/vault api/lifetime_watcher.go: learn the TTL with
// `auth/token/lookup-self`, renew with `auth/token/renew-self` once `renewAt` of it has passed,
// retry failures with exponential backoff and jitter, and stop when the token is not renewable,
// Vault grants less than before (its max TTL is near) or Vault refuses the token. Every step runs
// on the injected clock through the Scheduler. The TTL is counted on the client's clock from the
// moment of the answer, as the Go watcher does, so a skewed server clock does not matter.
import { rfc3339Nano, type Clock } from '../util/clock.js';
import type { RandomSource } from '../util/random.js';
import { errClientBadResponse, errClientTokenExpired } from '../errors/client.js';
import { isOutage, VaultClientError } from './errors.js';
import type { RenewStopReason, VaultClientEvents } from './events.js';
import { backoffDelay, randomUnit, type BackoffPolicy, type ScheduledJob, type Scheduler } from './scheduler.js';
import type { VaultTransport } from './transport.js';

export interface TokenInfo {
  accessor: string;
  policies: string[];
  renewable: boolean;
  /** TTL in seconds as of the last lookup or renewal; 0 for a token that never expires. */
  ttlSeconds: number;
  /** Clock time (ms) the token expires; null when it never does. */
  expiresAt: number | null;
  lastRenewedAt: number | null;
  /** Why renewal ended, once it has. */
  renewalStopped: RenewStopReason | null;
}

export interface TokenKeeperDeps {
  http: VaultTransport;
  scheduler: Scheduler;
  clock: Clock;
  random: RandomSource;
  renewAt: number;
  backoff: BackoffPolicy;
  emit: <K extends keyof VaultClientEvents>(type: K, event: VaultClientEvents[K]) => void;
  /** Renewal failed because Vault is not serving: the client enters degraded mode. */
  onOutage: (error: VaultClientError) => void;
}

/** Retries stop this close to expiry: nothing useful can happen in less. */
const LAST_RETRY_MS = 1000;

export class TokenKeeper {
  readonly #d: TokenKeeperDeps;
  #info: TokenInfo | null = null;
  #renewJob: ScheduledJob | null = null;
  #expiryJob: ScheduledJob | null = null;
  #attempt = 0;
  /** Clock time after which cached reads stop being served: the token's end as far as we know. */
  deadline = Infinity;

  constructor(deps: TokenKeeperDeps) {
    this.#d = deps;
  }

  get info(): TokenInfo | null {
    return this.#info === null ? null : { ...this.#info, policies: [...this.#info.policies] };
  }

  /** Looks the token up and schedules its renewal and expiry. Throws VaultClientError. */
  async start(): Promise<TokenInfo> {
    const answer = await this.#d.http.call('GET', 'auth/token/lookup-self');
    const data = answer.body?.data;
    if (typeof data?.ttl !== 'number') {
      throw new VaultClientError('bad-response', answer.status, errClientBadResponse('no ttl in auth/token/lookup-self'), [], { method: 'GET', path: 'auth/token/lookup-self' });
    }
    return this.adopt({
      accessor: String(data.accessor ?? ''), policies: Array.isArray(data.policies) ? data.policies.map(String) : [],
      renewable: data.renewable === true, ttlSeconds: data.ttl as number,
    });
  }

  /** Starts from what is already known (a login's `auth` block) without asking Vault again. */
  adopt(known: { accessor: string; policies: string[]; renewable: boolean; ttlSeconds: number }): TokenInfo {
    this.stop();
    const ttl = known.ttlSeconds;
    const now = this.#d.clock.now();
    this.#info = {
      accessor: known.accessor, policies: [...known.policies], renewable: known.renewable, ttlSeconds: ttl,
      expiresAt: ttl > 0 ? now + ttl * 1000 : null, lastRenewedAt: null, renewalStopped: null,
    };
    this.#armExpiry();
    if (ttl > 0) {
      if (this.#info.renewable) this.#scheduleRenewal(ttl);
      else this.#stopRenewing('not-renewable');
    }
    return this.info!;
  }

  /** Forgets scheduled work (close, or before a fresh lookup). */
  stop(): void {
    this.#renewJob?.cancel();
    this.#expiryJob?.cancel();
    this.#renewJob = this.#expiryJob = null;
    this.#attempt = 0;
  }

  /** Extra words for a 403, when the client knows its token is past its end. */
  expiredHint(): string | undefined {
    const at = this.#info?.expiresAt;
    if (at === null || at === undefined || this.#d.clock.now() < at) return undefined;
    return errClientTokenExpired(rfc3339Nano(at));
  }

  /** Vault refused the token on some request: no cached value may outlive that. */
  refused(): void {
    this.deadline = Math.min(this.deadline, this.#d.clock.now());
  }

  #scheduleRenewal(ttlSeconds: number): void {
    this.#renewJob = this.#d.scheduler.after(ttlSeconds * 1000 * this.#d.renewAt, 'token-renewal', () => this.#renew());
  }

  async #renew(): Promise<void> {
    this.#renewJob = null;
    const info = this.#info;
    if (info === null) return;
    let auth: { lease_duration?: unknown; renewable?: unknown } | undefined;
    try {
      const answer = await this.#d.http.call('POST', 'auth/token/renew-self', { body: {} });
      auth = answer.body?.auth;
      if (typeof auth?.lease_duration !== 'number') {
        throw new VaultClientError('bad-response', answer.status, errClientBadResponse('no auth.lease_duration in auth/token/renew-self'), [], { method: 'POST', path: 'auth/token/renew-self' });
      }
    } catch (e) {
      this.#renewalFailed(e);
      return;
    }
    const granted = auth.lease_duration as number;
    const now = this.#d.clock.now();
    const prior = info.ttlSeconds;
    this.#attempt = 0;
    info.ttlSeconds = granted;
    info.expiresAt = granted > 0 ? now + granted * 1000 : null;
    info.lastRenewedAt = now;
    info.renewable = auth.renewable === true;
    this.#armExpiry();
    this.#d.emit('renewed', { ttlSeconds: granted, expiresAt: info.expiresAt ?? Infinity });
    if (granted === 0) return;
    // A grant shorter than the last one means Vault capped it at the token's max TTL: renewing
    // again cannot extend it (the Go watcher stops at the same point: lease no longer extending).
    if (!info.renewable) this.#stopRenewing('not-renewable');
    else if (granted < prior) this.#stopRenewing('max-ttl');
    else this.#scheduleRenewal(granted);
  }

  #renewalFailed(e: unknown): void {
    const error = e instanceof VaultClientError ? e : new VaultClientError('bad-response', 0, String(e), [], { cause: e });
    if (error.kind === 'closed') return;
    if (error.kind === 'permission-denied') {
      this.refused();
      this.#stopRenewing('revoked', error);
      return;
    }
    if (error.kind === 'not-renewable') {
      this.#stopRenewing('not-renewable', error);
      return;
    }
    if (isOutage(error)) this.#d.onOutage(error);
    const now = this.#d.clock.now();
    const expiresAt = this.#info?.expiresAt ?? Infinity;
    const remaining = expiresAt - now;
    if (remaining <= LAST_RETRY_MS) return; // the expiry job reports the end
    this.#attempt++;
    const delay = Math.min(backoffDelay(this.#d.backoff, this.#attempt, randomUnit(this.#d.random)), remaining / 2);
    const retryAt = now + delay;
    this.#renewJob = this.#d.scheduler.at(retryAt, 'token-renewal-retry', () => this.#renew());
    this.#d.emit('renew-failed', { error, attempt: this.#attempt, retryAt });
  }

  #stopRenewing(reason: RenewStopReason, error?: VaultClientError): void {
    const info = this.#info;
    if (info !== null) info.renewalStopped = reason;
    this.#renewJob?.cancel();
    this.#renewJob = null;
    if (reason === 'revoked') {
      // Vault has ended the token already: there is no expiry left to report.
      this.#expiryJob?.cancel();
      this.#expiryJob = null;
    }
    const expiresAt = reason === 'revoked' ? null : info?.expiresAt ?? null;
    this.#d.emit('renew-stopped', { reason, expiresAt, ...(error ? { error } : {}) });
  }

  #armExpiry(): void {
    this.#expiryJob?.cancel();
    this.#expiryJob = null;
    const at = this.#info?.expiresAt ?? null;
    this.deadline = at ?? Infinity;
    if (at === null) return;
    this.#expiryJob = this.#d.scheduler.at(at, 'token-expiry', () => {
      this.#expiryJob = null;
      this.#renewJob?.cancel();
      this.#renewJob = null;
      this.#d.emit('expired', { expiredAt: at });
    });
  }
}
