// Clock-driven work for the client (token renewal, retries, health probes, rotations). Vault's Go
// client sleeps on real timers (api/lifetime_watcher.go); minivault's client must follow an injected
// Clock instead, and a ManualClock never fires timers. So jobs carry a due time on the clock, and
// two things run what is due:
//   - `tick()`: runs every job due now per the clock and resolves when they (and any job they
//     schedule that is also due) have finished. Tests advance a ManualClock, then `await tick()`.
//   - a short real interval (default 250 ms), unref'd and only alive while jobs are pending, that
//     calls `tick()` when the earliest job is due. It makes the system clock work unattended and a
//     ManualClock advanced elsewhere catch up within one interval.
// Ticks are serialised, so a job never runs twice and jobs run one at a time in due order.
import type { Clock } from '../util/clock.js';
import type { RandomSource } from '../util/random.js';
import { SerialQueue } from '../util/serial-queue.js';

export interface ScheduledJob {
  readonly name: string;
  readonly dueAt: number;
  cancel(): void;
}

interface Entry {
  name: string;
  dueAt: number;
  seq: number;
  run: () => unknown;
  cancelled: boolean;
}

/** Rounds of "run what is due" per tick: a bound against a job that reschedules itself at now forever. */
const MAX_ROUNDS_PER_TICK = 100;

export class Scheduler {
  readonly #clock: Clock;
  readonly #pollMs: number;
  readonly #onError: (name: string, error: unknown) => void;
  readonly #jobs = new Set<Entry>();
  #seq = 0;
  #interval: ReturnType<typeof setInterval> | null = null;
  readonly #queue = new SerialQueue();
  #closed = false;

  constructor(clock: Clock, opts: { pollMs?: number; onError?: (name: string, error: unknown) => void } = {}) {
    this.#clock = clock;
    this.#pollMs = opts.pollMs ?? 250;
    this.#onError = opts.onError ?? (() => {});
  }

  /** Runs `run` once the clock reaches `dueAt` (ms since the epoch). */
  at(dueAt: number, name: string, run: () => unknown): ScheduledJob {
    const entry: Entry = { name, dueAt, seq: this.#seq++, run, cancelled: false };
    if (!this.#closed) {
      this.#jobs.add(entry);
      this.#ensurePolling();
    }
    return {
      name,
      dueAt,
      cancel: () => {
        entry.cancelled = true;
        this.#jobs.delete(entry);
        if (this.#jobs.size === 0) this.#stopPolling();
      },
    };
  }

  after(delayMs: number, name: string, run: () => unknown): ScheduledJob {
    return this.at(this.#clock.now() + Math.max(0, delayMs), name, run);
  }

  /** Pending jobs, earliest first (for introspection and tests). */
  pending(): Array<{ name: string; dueAt: number }> {
    return [...this.#jobs].sort(byDue).map((e) => ({ name: e.name, dueAt: e.dueAt }));
  }

  /** Runs everything due now per the clock; resolves when that work is done. */
  tick(): Promise<void> {
    return this.#queue.run(() => this.#runDue());
  }

  /** Drops every pending job and stops the interval. Jobs already running finish on their own. */
  close(): void {
    this.#closed = true;
    for (const e of this.#jobs) e.cancelled = true;
    this.#jobs.clear();
    this.#stopPolling();
  }

  async #runDue(): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS_PER_TICK; round++) {
      const now = this.#clock.now();
      const due = [...this.#jobs].filter((e) => e.dueAt <= now).sort(byDue);
      if (due.length === 0) break;
      for (const entry of due) {
        if (entry.cancelled) continue;
        this.#jobs.delete(entry);
        try {
          await entry.run();
        } catch (e) {
          this.#onError(entry.name, e);
        }
      }
    }
    if (this.#jobs.size === 0) this.#stopPolling();
  }

  #ensurePolling(): void {
    if (this.#interval !== null || this.#closed) return;
    this.#interval = setInterval(() => {
      let earliest = Infinity;
      for (const e of this.#jobs) if (e.dueAt < earliest) earliest = e.dueAt;
      if (earliest <= this.#clock.now()) void this.tick();
    }, this.#pollMs);
    this.#interval.unref?.();
  }

  #stopPolling(): void {
    if (this.#interval === null) return;
    clearInterval(this.#interval);
    this.#interval = null;
  }
}

function byDue(a: Entry, b: Entry): number {
  return a.dueAt - b.dueAt || a.seq - b.seq;
}

/** Exponential backoff with jitter, shaped like the Go client's renewal retries. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  multiplier: number;
  /** Each delay is drawn from [base·(1−r), base·(1+r)]. */
  randomization: number;
}

// api/lifetime_watcher.go: cenkalti/backoff ExponentialBackOff with InitialInterval 10s,
// MaxInterval 5m, Multiplier 2 and the default RandomizationFactor 0.5.
export const RENEW_BACKOFF: BackoffPolicy = { initialMs: 10_000, maxMs: 300_000, multiplier: 2, randomization: 0.5 };

/** The delay before retry number `attempt` (1-based), given a uniform `unit` in [0, 1). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, unit: number): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.multiplier ** Math.max(0, attempt - 1));
  return base * (1 - policy.randomization + 2 * policy.randomization * unit);
}

/** A uniform number in [0, 1) from the injected random source. */
export function randomUnit(random: RandomSource): number {
  const b = random.bytes(4);
  return (((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!) / 2 ** 32;
}
