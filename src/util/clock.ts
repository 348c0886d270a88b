// Time as minivault sees it. Every expiry (token TTLs, KV delete_version_after, scheduled
// rotation) reads an injected Clock, so tests can move time instead of waiting. Printed
// timestamps follow Go's time.Now().Format(time.RFC3339Nano), which Vault uses for every
// time.Time and protobuf Timestamp it writes (sdk/helper/parseutil, KV backend.go
// ptypesTimestampToString): up to nine fractional digits, trailing zeros trimmed.
import { parseDurationSecond } from '../go/parseutil.js';

export interface Clock {
  /** Milliseconds since the Unix epoch (an integer). */
  now(): number;
  /**
   * The same instant with a sub-millisecond fraction, for timestamps Vault prints with
   * nanoseconds. Absent: `now()` (a frozen clock prints whatever it was set to).
   */
  preciseNow?(): number;
}

// Wall time with sub-millisecond digits: Date.now() once, then the monotonic high-resolution
// counter from there, so two stamps in one process never go backwards. Re-anchored when the
// wall clock drifts from it by more than a millisecond (NTP steps, a suspended machine).
let anchorMs = Date.now();
let anchorHr = process.hrtime.bigint();
let lastPrecise = anchorMs;

function systemPreciseNow(): number {
  const hr = process.hrtime.bigint();
  let t = anchorMs + Number(hr - anchorHr) / 1e6;
  const wall = Date.now();
  if (Math.abs(t - wall) > 1) {
    anchorMs = wall;
    anchorHr = hr;
    t = wall;
  }
  if (t < lastPrecise) t = lastPrecise;
  lastPrecise = t;
  return t;
}

export const systemClock: Clock = { now: () => Date.now(), preciseNow: systemPreciseNow };

/** A clock's instant with its sub-millisecond fraction when it has one. */
export function preciseNow(clock: Clock): number {
  return clock.preciseNow ? clock.preciseNow() : clock.now();
}

/** Now as Vault prints it (RFC3339Nano, UTC): what every writer of a Vault timestamp uses. */
export function goNow(clock: Clock): string {
  return rfc3339Nano(preciseNow(clock));
}

const toMs = (by: string | number): number => {
  const ms = typeof by === 'number' ? by : parseDurationSecond(by) * 1000;
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance: duration must be a non-negative amount of time');
  return ms;
};

/**
 * The test fake's clock. Real time by default, with `advance()` adding an offset that takes
 * effect at once; frozen (`frozen: true`) only when asked, then it moves only when told to.
 * Its methods are bound: `const { advance } = vault.clock` works.
 */
export class TestClock implements Clock {
  /** Whether time stands still between moves. */
  readonly frozen: boolean;
  #ms: number;
  #offset = 0;
  readonly #listeners: Array<() => void> = [];

  constructor(opts: { frozenAt?: number | Date } = {}) {
    this.frozen = opts.frozenAt !== undefined;
    this.#ms = opts.frozenAt === undefined ? 0 : typeof opts.frozenAt === 'number' ? opts.frozenAt : opts.frozenAt.getTime();
  }

  readonly now = (): number => (this.frozen ? this.#ms : Math.floor(systemPreciseNow() + this.#offset));

  readonly preciseNow = (): number => (this.frozen ? this.#ms : systemPreciseNow() + this.#offset);

  /** Moves time forward by a duration (`'30d'`, `'12h'`, `'1h30m'`) or a number of milliseconds. */
  readonly advance = (by: string | number): void => {
    const ms = toMs(by);
    if (this.frozen) this.#ms += ms;
    else this.#offset += ms;
    this.#moved();
  };

  /** Jumps to a time (on a running clock, time goes on from there). */
  readonly set = (to: number | Date): void => {
    const ms = typeof to === 'number' ? to : to.getTime();
    if (this.frozen) this.#ms = ms;
    else this.#offset = ms - systemPreciseNow();
    this.#moved();
  };

  /** A running clock goes back to real time (the offset from advance() and set() is dropped). */
  readonly resetOffset = (): void => {
    if (this.frozen) return;
    this.#offset = 0;
    this.#moved();
  };

  /** Called after every move (the vault's expiration manager reaps what ran out). */
  readonly onMove = (listener: () => void): void => {
    this.#listeners.push(listener);
  };

  #moved(): void {
    for (const l of this.#listeners) l();
  }
}

/** A clock that moves only when told to: `advance('30d')`, `set(date)`. */
export class ManualClock extends TestClock {
  constructor(start: number | Date = Date.UTC(2026, 0, 1)) {
    super({ frozenAt: start });
  }
}

/**
 * Vault's timestamps: RFC 3339 with up to nine fractional digits, trailing zeros trimmed, UTC
 * (`2026-01-01T00:00:00.123456789Z`, `2026-01-01T00:00:00Z`). `ms` may carry a sub-millisecond
 * fraction (a double holds it to a few hundred nanoseconds at today's dates); `nanosWithinMs`
 * gives exact digits for a whole `ms`.
 */
export function rfc3339Nano(ms: number, nanosWithinMs = 0): string {
  let whole = Math.floor(ms);
  let ns = Math.round((ms - whole) * 1e6) + nanosWithinMs;
  if (ns >= 1e6) {
    whole += Math.floor(ns / 1e6);
    ns %= 1e6;
  }
  const iso = new Date(whole).toISOString(); // 2026-01-01T00:00:00.123Z
  const frac = (iso.slice(20, 23) + String(ns).padStart(6, '0')).replace(/0+$/, '');
  return iso.slice(0, 19) + (frac ? '.' + frac : '') + 'Z';
}

/**
 * Reads back a time rfc3339Nano() printed (any RFC 3339 time Date.parse accepts), keeping the
 * digits below the millisecond; NaN when it is not a time.
 */
export function parseRfc3339Nano(s: string): number {
  const ms = Date.parse(s);
  const sub = /\.\d{3}(\d{1,6})(?:Z|[+-]\d\d:\d\d)$/.exec(s)?.[1];
  return sub === undefined || Number.isNaN(ms) ? ms : ms + Number(sub.padEnd(6, '0')) / 1e6;
}
