// The pieces of Go's standard library whose exact output reaches Vault's error messages and field
// values: strconv (Quote, ParseInt, ParseBool, ParseFloat), fmt's `%v`/`%s` of a decoded JSON
// value, time.ParseDuration (with the time package's own quoting), time.Parse for RFC 3339,
// strings.TrimSpace/ToLower, base64.StdEncoding and textproto's header-key canonicalisation.
// Values are what Vault's HTTP layer hands a backend (encoding/json with UseNumber): a JSON number
// is Go's json.Number, a string kind holding the literal, which minivault reads as `String(n)`.
import {
  errGoDurationInvalid, errGoDurationMissingUnit, errGoDurationUnknownUnit, errGoStrconvRange, errGoStrconvSyntax,
} from '../errors/framework.js';

/** An error a Go library function returns; the message is Go's text. */
export class GoLibError extends Error {}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrintable(ch: string): boolean {
  return PRINTABLE.test(ch);
}

/** strutil.Printable: every rune of s is printable. */
export function isGoPrintableString(s: string): boolean {
  for (const ch of s) if (!isGoPrintable(ch)) return false;
  return true;
}

const SHORT_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

/** strconv.Quote, which is what `%q` prints for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (let ch of s) {
    let cp = ch.codePointAt(0)!;
    // A lone surrogate cannot be UTF-8; Go's JSON decoder turns it into U+FFFD.
    if (cp >= 0xd800 && cp <= 0xdfff) { ch = '\ufffd'; cp = 0xfffd; }
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (isGoPrintable(ch)) out += ch;
    else if (SHORT_ESCAPES[cp]) out += SHORT_ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

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

/** fmt's `%v` of a value decoded from JSON (maps print with sorted keys, as fmt does). */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[' + v.map(goValue).join(' ') + ']';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return 'map[' + Object.keys(o).sort().map((k) => `${k}:${goValue(o[k])}`).join(' ') + ']';
  }
  return String(v);
}

/** fmt's `%s` of a value decoded from JSON: non-strings print as `%!s(bool=true)`, `%!s(<nil>)`. */
export function goSprintS(v: unknown): string {
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (typeof v === 'boolean') return `%!s(bool=${v})`;
  if (Array.isArray(v)) return '[' + v.map(goSprintS).join(' ') + ']';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return 'map[' + Object.keys(o).sort().map((k) => `${k}:${goSprintS(o[k])}`).join(' ') + ']';
  }
  return String(v);
}

/** The Go type name mapstructure prints for a decoded JSON value (`got unconvertible type '…'`). */
export function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  switch (typeof v) {
    case 'number': return 'json.Number';
    case 'boolean': return 'bool';
    case 'string': return 'string';
    case 'object': return v === null ? 'interface {}' : 'map[string]interface {}';
    default: return 'interface {}';
  }
}

/** reflect.Kind of a decoded JSON value (json.Number is a string kind). */
export function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'slice';
  switch (typeof v) {
    case 'number': case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'object': return v === null ? 'invalid' : 'map';
    default: return 'invalid';
  }
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** strconv.ParseInt(s, base, 64) for base 0 (Go literal prefixes and underscores) or 10, exactly. */
export function goParseIntBig(s: string, base: 0 | 10): bigint {
  const syntax = () => new GoLibError(errGoStrconvSyntax('ParseInt', goQuote(s)));
  let body = s;
  let neg = false;
  if (body.startsWith('+') || body.startsWith('-')) { neg = body[0] === '-'; body = body.slice(1); }
  let radix = 10;
  let digits = body;
  if (base === 0 && body.length > 1 && body[0] === '0') {
    const p = body[1]!.toLowerCase();
    if (p === 'x') { radix = 16; digits = body.slice(2); }
    else if (p === 'o') { radix = 8; digits = body.slice(2); }
    else if (p === 'b') { radix = 2; digits = body.slice(2); }
    else { radix = 8; digits = body.slice(1); }
  }
  if (base === 0 && digits.includes('_')) {
    if (!goUnderscoresOk(body)) throw syntax();
    digits = digits.replaceAll('_', '');
  }
  const allowed = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : radix === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!allowed.test(digits)) throw syntax();
  const prefix = radix === 16 ? '0x' : radix === 8 ? '0o' : radix === 2 ? '0b' : '';
  let value = BigInt(prefix + digits);
  if (neg) value = -value;
  if (value > INT64_MAX || value < INT64_MIN) throw new GoLibError(errGoStrconvRange('ParseInt', goQuote(s)));
  return value;
}

/** strconv.ParseInt(s, base, 64) as a JS number (beyond 2^53 the nearest double). */
export function goParseInt(s: string, base: 0 | 10): number {
  // The common case (`?version=3`): plain decimal without a leading zero, exact as a double.
  if (/^-?(?:0|[1-9]\d{0,14})$/.test(s)) return Number(s) || 0;
  return Number(goParseIntBig(s, base));
}

/** strconv's underscoreOK (sign already removed): each '_' sits between digits; a base prefix counts as a digit. */
function goUnderscoresOk(s: string): boolean {
  let saw = '^';
  let i = 0;
  const hex = /^0[xX]/.test(s);
  if (/^0[xXbBoO]/.test(s)) { i = 2; saw = '0'; }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c))) { saw = '0'; continue; }
    if (c === '_') { if (saw !== '0') return false; saw = '_'; continue; }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const BOOL_WORDS: Readonly<Record<string, boolean>> = {
  '1': true, t: true, T: true, TRUE: true, true: true, True: true,
  '0': false, f: false, F: false, FALSE: false, false: false, False: false,
};

/** strconv.ParseBool: the twelve words Go accepts; anything else is a syntax error. */
export function goParseBool(s: string): boolean {
  const b = Object.hasOwn(BOOL_WORDS, s) ? BOOL_WORDS[s] : undefined;
  if (b === undefined) throw new GoLibError(errGoStrconvSyntax('ParseBool', goQuote(s)));
  return b;
}

const FLOAT_DEC = /^[+-]?(?=[._0-9]*[0-9])[0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9][0-9_]*)?$/;
const FLOAT_HEX = /^[+-]?0[xX](?=[._0-9a-fA-F]*[0-9a-fA-F])([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?[pP]([+-]?[0-9][0-9_]*)$/;

/** strconv.ParseFloat(s, 64): Go float literals (decimal or hex, underscores), Inf/Infinity/NaN. */
export function goParseFloat(s: string): number {
  if (/^[+-]?inf(?:inity)?$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  const unsigned = s.replace(/^[+-]/, '');
  const hex = FLOAT_HEX.exec(s);
  if ((!hex && !FLOAT_DEC.test(s)) || (s.includes('_') && !goUnderscoresOk(unsigned))) {
    throw new GoLibError(errGoStrconvSyntax('ParseFloat', goQuote(s)));
  }
  let value: number;
  if (hex) {
    const intDigits = hex[1]!.replaceAll('_', '');
    const fracDigits = (hex[2] ?? '').replaceAll('_', '');
    const mantissa = Number(BigInt('0x0' + intDigits + fracDigits));
    value = mantissa * 2 ** (Number(hex[3]!.replaceAll('_', '')) - 4 * fracDigits.length);
    if (s.startsWith('-')) value = -value;
  } else {
    value = Number(s.replaceAll('_', ''));
  }
  if (!Number.isFinite(value)) throw new GoLibError(errGoStrconvRange('ParseFloat', goQuote(s)));
  return value;
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

const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

/** strings.TrimSpace (unicode.IsSpace: unlike String.prototype.trim, U+0085 yes and U+FEFF no). */
export function goTrimSpace(s: string): string {
  return s.replace(GO_TRIM, '');
}

/** strings.ToLower: rune by rune (no final-sigma rule; U+0130 gives plain 'i'). */
export function goToLower(s: string): string {
  let out = '';
  for (const ch of s) out += [...ch.toLowerCase()][0] ?? ch;
  return out;
}

/** sort.Strings order: byte order of the UTF-8 forms, i.e. code-point order (not UTF-16 unit order). */
export function goStringCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** encoding/base64 StdEncoding.DecodeString (padding required; CR and LF ignored), or undefined. */
export function goBase64StdDecode(s: string): Buffer | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return undefined;
  return Buffer.from(t, 'base64');
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

const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]*$/;

/** textproto.CanonicalMIMEHeaderKey: `content-type` → `Content-Type`; keys with non-token bytes stay as they are. */
export function goCanonicalHeaderKey(key: string): string {
  if (!HEADER_TOKEN.test(key)) return key;
  let out = '';
  let upper = true;
  for (const c of key) {
    out += upper ? c.toUpperCase() : c.toLowerCase();
    upper = c === '-';
  }
  return out;
}
