// Degraded mode: what the client does while Vault is unreachable, timing out or sealed. The first
// failed request flips the client into it (event 'degraded'); from then on reads are served from
// stale cache or the environment without touching Vault, rotation waits, and a probe of the
// unauthenticated `sys/health` (hashicorp/vault http/sys_health.go) runs every `probeInterval` on
// the clock. A probe that finds Vault initialized and unsealed (active or standby) ends it.
import type { Clock } from '../util/clock.js';
import type { VaultClientError } from './errors.js';
import type { DegradedReason, VaultClientEvents } from './events.js';
import type { ScheduledJob, Scheduler } from './scheduler.js';
import type { VaultTransport } from './transport.js';

export interface OutageMonitorDeps {
  http: VaultTransport;
  scheduler: Scheduler;
  clock: Clock;
  probeIntervalMs: number;
  emit: <K extends keyof VaultClientEvents>(type: K, event: VaultClientEvents[K]) => void;
  /** Runs after 'recovered' is emitted: redo what waited for Vault. */
  onRecovered: () => Promise<void>;
}

export function degradedReason(error: VaultClientError): DegradedReason {
  if (error.kind === 'sealed') return 'sealed';
  if (error.kind === 'timeout') return 'timeout';
  if (error.kind === 'unreachable') return 'unreachable';
  return 'server-error';
}

export class OutageMonitor {
  readonly #d: OutageMonitorDeps;
  #since: number | null = null;
  #reason: DegradedReason | null = null;
  #lastError: VaultClientError | null = null;
  #probe: ScheduledJob | null = null;

  constructor(deps: OutageMonitorDeps) {
    this.#d = deps;
  }

  get degraded(): boolean {
    return this.#since !== null;
  }

  get reason(): DegradedReason | null {
    return this.#reason;
  }

  get lastError(): VaultClientError | null {
    return this.#lastError;
  }

  /** Records an outage; the first one enters degraded mode and starts probing. */
  enter(error: VaultClientError): void {
    this.#lastError = error;
    this.#reason = degradedReason(error);
    if (this.#since !== null) return;
    this.#since = this.#d.clock.now();
    this.#d.emit('degraded', { reason: this.#reason, error });
    this.#scheduleProbe();
  }

  stop(): void {
    this.#probe?.cancel();
    this.#probe = null;
  }

  #scheduleProbe(): void {
    this.#probe?.cancel();
    this.#probe = this.#d.scheduler.after(this.#d.probeIntervalMs, 'health-probe', () => this.#runProbe());
  }

  async #runProbe(): Promise<void> {
    this.#probe = null;
    if (this.#since === null) return;
    try {
      const answer = await this.#d.http.send('GET', 'sys/health', { auth: false });
      const body = answer.body;
      if (body?.initialized === true && body?.sealed === false) {
        await this.#leave();
        return;
      }
      this.#reason = body?.sealed === true ? 'sealed' : 'server-error';
    } catch (e) {
      const error = e as VaultClientError;
      if (error.kind === 'closed') return;
      this.#lastError = error;
      this.#reason = degradedReason(error);
    }
    this.#scheduleProbe();
  }

  async #leave(): Promise<void> {
    const degradedForMs = this.#d.clock.now() - (this.#since ?? this.#d.clock.now());
    this.#since = null;
    this.#reason = null;
    this.#lastError = null;
    this.#d.emit('recovered', { degradedForMs });
    await this.#d.onRecovered();
  }
}
