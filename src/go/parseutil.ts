// hashicorp/go-secure-stdlib parseutil v0.1.8 (parseutil/parseutil.go), which Vault uses for
// every duration it reads from a request, a policy or a configuration file: ParseDurationSecond
// (a bare integer is seconds, `<int>d` is days, anything else is time.ParseDuration).
import { GoLibError, goParseIntBig } from './strconv.js';
import { goDurationSeconds, goParseDurationNs } from './time.js';

/** parseutil.ParseDurationSecond for a string: integer seconds, `<int>d`, else time.ParseDuration. */
export function parseDurationSecondNs(s: string): bigint {
  if (s === '') return 0n;
  // time.Duration(v) * time.Second wraps around on overflow in v0.1.8 (v0.1.9 reports it instead)
  if (/^[+-]?\d+$/.test(s)) {
    try {
      return BigInt.asIntN(64, goParseIntBig(s, 10) * 1_000_000_000n);
    } catch (e) {
      if (!(e instanceof GoLibError)) throw e; // out of int64 range: on to the other forms, as Go does
    }
  }
  if (s.endsWith('d')) return BigInt.asIntN(64, goParseIntBig(s.slice(0, -1), 10) * 86_400_000_000_000n);
  return goParseDurationNs(s);
}

/**
 * ParseDurationSecond as whole seconds, int(d.Seconds()) as Vault's callers truncate it. A JS
 * number stands for a Go int or float (time.Duration(inp) * time.Second truncates a float).
 * Throws GoLibError with Go's text.
 */
export function parseDurationSecond(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new GoLibError('could not parse duration from input');
    return Math.trunc(input) || 0;
  }
  return Math.trunc(goDurationSeconds(parseDurationSecondNs(input))) || 0;
}
