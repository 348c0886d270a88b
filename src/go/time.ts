// Go's time package where its exact behaviour reaches Vault's answers (upstream: golang/go
// src/time/format.go ParseDuration, Duration.String, Parse with RFC3339; the package's private
// quote) and Vault's humanDuration (hashicorp/vault sdk/framework/lease.go, api's copy for the CLI),
// and time.Time's wall clock as the CLI decodes and prints it.
import { errGoDurationInvalid, errGoDurationMissingUnit, errGoDurationUnknownUnit } from '../errors/framework.js';
import { GoLibError } from './strconv.js';

/** The time package's private quote (time/format.go): non-ASCII and control runes as `\x` bytes. */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
    }
  }
  return out + '"';
}

const DURATION_UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
const U63 = 1n << 63n;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** time.ParseDuration, exactly (nanoseconds as a bigint, with Go's overflow and fraction rules). */
export function goParseDurationNs(orig: string): bigint {
  const invalid = () => new GoLibError(errGoDurationInvalid(goTimeQuote(orig)));
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) { neg = s[0] === '-'; s = s.slice(1); }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    let i = 0;
    let v = 0n;
    for (; isDigit(s[i]); i++) {
      if (v > U63 / 10n) throw invalid();
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > U63) throw invalid();
    }
    const pre = i > 0;
    s = s.slice(i);
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; isDigit(s[j]); j++) {
        if (overflow) continue;
        if (f > (U63 - 1n) / 10n) { overflow = true; continue; }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > U63) { overflow = true; continue; }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let k = 0;
    while (k < s.length && s[k] !== '.' && !isDigit(s[k])) k++;
    if (k === 0) throw new GoLibError(errGoDurationMissingUnit(goTimeQuote(orig)));
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = Object.hasOwn(DURATION_UNIT_NS, u) ? DURATION_UNIT_NS[u] : undefined;
    if (unit === undefined) throw new GoLibError(errGoDurationUnknownUnit(goTimeQuote(u), goTimeQuote(orig)));
    if (v > U63 / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // Go computes the fraction in float64: uint64(float64(f) * (float64(unit) / scale)).
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > U63) throw invalid();
    }
    d += v;
    if (d > U63) throw invalid();
  }
  if (neg) return -d;
  if (d > U63 - 1n) throw invalid();
  return d;
}

/** time.Duration.Seconds(): whole seconds plus the nanosecond remainder, as Go's float64. */
export function goDurationSeconds(ns: bigint): number {
  const sec = ns / 1_000_000_000n;
  return Number(sec) + Number(ns - sec * 1_000_000_000n) / 1e9;
}

/** time.ParseDuration, as seconds (Go's Duration.Seconds(); callers truncate as int(d.Seconds())). */
export function goParseDurationSeconds(input: string): number {
  return goDurationSeconds(goParseDurationNs(input));
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * time.Parse(time.RFC3339Nano, s), falling back to time.RFC3339, as an instant (JS keeps
 * milliseconds). Go's general parser is what decides: a one-digit hour, a comma before the
 * fraction and offsets up to 24:60 pass; out-of-range fields and trailing text do not.
 */
export function goParseRfc3339(s: string): Date | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [year, month, day, hour, min, sec] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || min > 59 || sec > 59) return undefined;
  let offset = 0;
  if (m[8] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 24 || om > 60) return undefined;
    offset = (oh * 60 + om) * 60 * (m[8] === '-' ? -1 : 1);
  }
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  const t = new Date(0);
  t.setUTCFullYear(year, month - 1, day);
  t.setUTCHours(hour, min, sec, ms);
  return new Date(t.getTime() - offset * 1000);
}

const STRICT_RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * Whether Go's time.Time.UnmarshalText (and UnmarshalJSON) accepts the string: parseStrictRFC3339,
 * stricter than time.Parse (two-digit fields in range, a real calendar day, optional `.` fraction,
 * `Z` or a ±hh:mm offset with hh < 24).
 */
export function isRfc3339(s: string): boolean {
  if (s.length < 20) return false;
  const c = s.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  const m = STRICT_RFC3339.exec(s);
  if (!m) return false;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
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

// ---- time.Time as the CLI decodes it ---------------------------------------------------------------
// The one time the api.Secret struct decodes itself: the `creation_time` of wrap info
// (hashicorp/vault api/secret.go SecretWrapInfo). The JSON text is parsed with time.RFC3339 (`Z`
// means UTC; an offset means the local zone when the local zone has that offset at that instant,
// else a nameless fixed zone) and printed either by Time.String (`2006-01-02 15:04:05.999999999
// -0700 MST`, table rows) or by Time.MarshalJSON / Format(RFC3339Nano) (JSON output and `-field`).

interface GoTime {
  /** `2026-01-01`, `12:00:00`: the wall clock in the parsed zone. */
  date: string;
  clock: string;
  /** The fractional second with trailing zeros removed (`.123`), or ''. */
  fraction: string;
  /** Minutes east of UTC. */
  offsetMinutes: number;
  /** The zone's abbreviation, '' for a fixed nameless zone. */
  zoneName: string;
}

const WALL_RFC3339 = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** English locales whose short zone names between them cover the usual tzdata abbreviations. */
const ZONE_NAME_LOCALES = ['en-US', 'en-GB', 'en-IN', 'en-AU'];

/**
 * The local zone's abbreviation at an instant (`CEST`, `EDT`, `IST`), as far as Intl knows one;
 * '' when it only knows `GMT+9`-style names (Go's tzdata may still have one, e.g. `JST`).
 */
function localZoneName(ms: number): string {
  for (const locale of ZONE_NAME_LOCALES) {
    try {
      const parts = new Intl.DateTimeFormat(locale, { timeZoneName: 'short' }).formatToParts(new Date(ms));
      const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
      if (/^[A-Z]{2,5}$/.test(name) && !name.startsWith('GMT')) return name;
      if (name === 'GMT' || name === 'UTC') return 'UTC';
    } catch {
      return '';
    }
  }
  return '';
}

/** Time.UnmarshalJSON's parse of an RFC 3339 text; undefined when Go would refuse it. */
export function parseGoTime(s: string): GoTime | undefined {
  const m = WALL_RFC3339.exec(s);
  if (!m || !isRfc3339(s)) return undefined;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  const date = m[1]!;
  const clock = m[2]!;
  if (m[4] === 'Z') return { date, clock, fraction: fraction === '.' ? '' : fraction, offsetMinutes: 0, zoneName: 'UTC' };
  const sign = m[4]!.startsWith('-') ? -1 : 1;
  const offsetMinutes = sign * (Number(m[4]!.slice(1, 3)) * 60 + Number(m[4]!.slice(4, 6)));
  const instant = Date.parse(`${date}T${clock}${m[4]}`);
  const localOffset = Number.isNaN(instant) ? Number.NaN : -new Date(instant).getTimezoneOffset();
  const zoneName = localOffset === offsetMinutes ? localZoneName(instant) : '';
  return { date, clock, fraction: fraction === '.' ? '' : fraction, offsetMinutes, zoneName };
}

function numericOffset(minutes: number, colon: boolean): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}${colon ? ':' : ''}${mm}`;
}

/** Time.String(): `2026-01-01 00:00:00 +0000 UTC`; a nameless zone repeats the offset. */
function goTimeString(t: GoTime): string {
  const offset = numericOffset(t.offsetMinutes, false);
  return `${t.date} ${t.clock}${t.fraction} ${offset} ${t.zoneName || offset}`;
}

/** Format(time.RFC3339Nano): `2026-01-01T00:00:00.5Z`, `…-04:00`. */
function goTimeRfc3339Nano(t: GoTime): string {
  const zone = t.offsetMinutes === 0 ? 'Z' : numericOffset(t.offsetMinutes, true);
  return `${t.date}T${t.clock}${t.fraction}${zone}`;
}

/** Go's zero Time, what an absent or null time decodes to. */
const ZERO_TIME: GoTime = { date: '0001-01-01', clock: '00:00:00', fraction: '', offsetMinutes: 0, zoneName: 'UTC' };

function wireTime(v: unknown): GoTime | undefined {
  if (v === undefined || v === null) return ZERO_TIME;
  return typeof v === 'string' ? parseGoTime(v) : undefined;
}

/** A wire time as Time.String shows it; text Go could not parse is shown as sent. */
export function wireTimeString(v: unknown): string {
  const t = wireTime(v);
  return t ? goTimeString(t) : String(v);
}

/** A wire time re-encoded as Time.MarshalJSON writes it; text Go could not parse is kept. */
export function wireTimeRfc3339Nano(v: unknown): unknown {
  const t = wireTime(v);
  return t ? goTimeRfc3339Nano(t) : v;
}
