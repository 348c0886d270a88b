// Time as minivault sees it. Every expiry (token TTLs, KV delete_version_after, scheduled
// rotation) reads an injected Clock, so tests can move time with a ManualClock instead of waiting.
import { parseDuration } from './duration.js';

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to: `advance('30d')`, `set(date)`. */
export class ManualClock implements Clock {
  #ms: number;
  readonly #listeners: Array<() => void> = [];
  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    this.#ms = typeof start === 'number' ? start : start.getTime();
  }
  now(): number {
    return this.#ms;
  }
  /** Moves time forward by a duration (`'30d'`, `'12h'`, `'1h30m'`) or a number of milliseconds. */
  advance(by: string | number): void {
    const ms = typeof by === 'number' ? by : parseDuration(by) * 1000;
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance: duration must be a non-negative amount of time');
    this.#ms += ms;
    this.#moved();
  }
  set(to: number | Date): void {
    this.#ms = typeof to === 'number' ? to : to.getTime();
    this.#moved();
  }
  /** Called after every move (the vault's expiration manager reaps what ran out). */
  onMove(listener: () => void): void {
    this.#listeners.push(listener);
  }
  #moved(): void {
    for (const l of this.#listeners) l();
  }
}

/** Vault's timestamps: RFC 3339 with nanoseconds, UTC (`2026-01-01T00:00:00.123456789Z`). */
export function rfc3339Nano(ms: number, nanosWithinMs = 0): string {
  const iso = new Date(ms).toISOString(); // 2026-01-01T00:00:00.123Z
  const frac = iso.slice(20, 23) + String(nanosWithinMs).padStart(6, '0');
  const trimmed = frac.replace(/0+$/, '');
  return iso.slice(0, 19) + (trimmed ? '.' + trimmed : '') + 'Z';
}
