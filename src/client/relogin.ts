// Keeping a logged-in client logged in, as Vault Agent's auto-auth loop does
// (command/agentproxyshared/auth/auth.go AuthHandler.Run): log in, watch the token's lifetime,
// and when the watcher is done — Vault grants less than before because the token nears its max
// TTL, the token is not renewable, Vault refused it, or it ran out — log in again. A re-login
// happens once the same fraction of what is left has passed as for renewals (renewAt), at once
// when the token is already refused or gone. Failed logins retry with the client's backoff; an
// outage also puts the client in degraded mode, where reads fall back as before.
import type { Clock } from '../util/clock.js';
import type { RandomSource } from '../util/random.js';
import { isOutage, VaultClientError } from './errors.js';
import type { RenewStopReason, VaultClientEvents } from './events.js';
import { login, type VaultClientAuth } from './login.js';
import { backoffDelay, randomUnit, type BackoffPolicy, type ScheduledJob, type Scheduler } from './scheduler.js';
import type { TokenInfo, TokenKeeper } from './token.js';
import type { VaultTransport } from './transport.js';

export interface ReloginDeps {
  http: VaultTransport;
  auth: VaultClientAuth;
  token: TokenKeeper;
  scheduler: Scheduler;
  clock: Clock;
  random: RandomSource;
  renewAt: number;
  backoff: BackoffPolicy;
  emit: <K extends keyof VaultClientEvents>(type: K, event: VaultClientEvents[K]) => void;
  onOutage: (error: VaultClientError) => void;
}

export class Reauthenticator {
  readonly #d: ReloginDeps;
  #job: ScheduledJob | null = null;
  #attempt = 0;
  /** Logins made so far (the first one included). */
  count = 0;

  constructor(deps: ReloginDeps) {
    this.#d = deps;
  }

  /** Logs in now and starts watching the new token. Throws VaultClientError. */
  async login(): Promise<TokenInfo> {
    this.#job?.cancel();
    this.#job = null;
    const result = await login(this.#d.http, this.#d.auth);
    this.count++;
    this.#attempt = 0;
    const info = this.#d.token.adopt(result);
    this.#d.emit('logged-in', { method: this.#d.auth.method, ttlSeconds: result.ttlSeconds, expiresAt: info.expiresAt });
    return this.#d.token.info!;
  }

  /** The token's renewal ended: log in again before it runs out (at once if Vault refused it). */
  renewalStopped(reason: RenewStopReason, expiresAt: number | null): void {
    const now = this.#d.clock.now();
    if (reason === 'revoked' || expiresAt === null) return this.#schedule(now);
    this.#schedule(now + Math.max(0, expiresAt - now) * this.#d.renewAt);
  }

  /** The token ran out on the clock: log in again now. */
  expired(): void {
    this.#schedule(this.#d.clock.now());
  }

  stop(): void {
    this.#job?.cancel();
    this.#job = null;
  }

  #schedule(at: number): void {
    if (this.#job !== null && this.#job.dueAt <= at) return;
    this.#job?.cancel();
    this.#job = this.#d.scheduler.at(at, 'relogin', () => this.#run());
  }

  async #run(): Promise<void> {
    this.#job = null;
    try {
      await this.login();
    } catch (e) {
      const error = e instanceof VaultClientError ? e : new VaultClientError('bad-response', 0, String(e), [], { cause: e });
      if (error.kind === 'closed') return;
      if (isOutage(error)) this.#d.onOutage(error);
      this.#attempt++;
      const retryAt = this.#d.clock.now() + backoffDelay(this.#d.backoff, this.#attempt, randomUnit(this.#d.random));
      this.#job = this.#d.scheduler.at(retryAt, 'relogin-retry', () => this.#run());
      this.#d.emit('login-failed', { method: this.#d.auth.method, error, attempt: this.#attempt, retryAt });
    }
  }
}
