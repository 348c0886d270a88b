// Vault's duration inputs (sdk/helper/parseutil ParseDurationSecond): a bare integer or integer
// string means seconds; otherwise Go's time.ParseDuration units, plus Vault's `d` for days.
const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400,
};

/** Parses a duration to whole seconds (fractions truncated as Vault does). Throws on bad input. */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new TypeError('invalid duration');
    return Math.trunc(input);
  }
  const s = input.trim();
  if (s === '') return 0;
  if (/^-?\d+$/.test(s)) return parseInt(s, 10);
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d)/gy;
  let total = 0;
  let sign = 1;
  let rest = s;
  if (rest.startsWith('-')) { sign = -1; rest = rest.slice(1); } else if (rest.startsWith('+')) rest = rest.slice(1);
  re.lastIndex = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(rest)) !== null) {
    total += parseFloat(m[1]!) * UNIT_SECONDS[m[2]!]!;
    consumed = re.lastIndex;
  }
  if (consumed !== rest.length || consumed === 0) throw new TypeError(`time: invalid duration "${input}"`);
  return sign * Math.trunc(total + 1e-9);
}

/** Formats seconds the way Go prints a time.Duration (`768h0m0s`, `1h30m0s`, `0s`). */
export function formatGoDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const neg = seconds < 0;
  let s = Math.abs(Math.trunc(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  let out = '';
  if (h) out += `${h}h`;
  if (h || m) out += `${m}m`;
  out += `${s}s`;
  return (neg ? '-' : '') + out;
}

/**
 * sdk/framework/lease.go humanDuration (and the CLI's): Go's Duration.String with a trailing `0s`
 * after minutes and a `0m` after hours cut (`768h`, `1h30m`, `1h5s`, `45s`, `0s`).
 */
export function humanDuration(seconds: number): string {
  let s = formatGoDuration(seconds);
  if (s.endsWith('m0s')) s = s.slice(0, -2);
  const idx = s.indexOf('h0m');
  if (idx > 0) s = s.slice(0, idx + 1) + s.slice(idx + 3);
  return s;
}
