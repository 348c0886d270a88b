// The few pieces of Go's standard library whose exact output reaches KV's error messages:
// strconv.Quote (`%q`), fmt's `%v` of a decoded JSON value, strconv.ParseInt / ParseBool and
// time.ParseDuration. Values are what Vault's HTTP layer hands a backend (encoding/json with
// UseNumber), so a JSON number behaves like Go's json.Number (a string kind holding the literal).
import {
  errKvGoDurationInvalid, errKvGoDurationMissingUnit, errKvGoDurationUnknownUnit, errKvGoStrconvRange, errKvGoStrconvSyntax,
} from '../../errors/kv.js';

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

/** strconv.ParseInt(s, base, 64) for base 0 (Go literal prefixes and underscores) or 10. */
export function goParseInt(s: string, base: 0 | 10): number {
  // The common case (`?version=3`): plain decimal without a leading zero, exact as a double.
  if (/^-?(?:0|[1-9]\d{0,14})$/.test(s)) return Number(s) || 0;
  const syntax = () => new Error(errKvGoStrconvSyntax('ParseInt', goQuote(s)));
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
  if (value > INT64_MAX || value < INT64_MIN) throw new Error(errKvGoStrconvRange('ParseInt', goQuote(s)));
  return Number(value);
}

/** strconv's underscoreOK: each '_' sits between digits (a base prefix counts as a digit). */
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

const BOOL_WORDS: Record<string, boolean> = {
  '1': true, t: true, T: true, TRUE: true, true: true, True: true,
  '0': false, f: false, F: false, FALSE: false, false: false, False: false,
};

/** strconv.ParseBool. */
export function goParseBool(s: string): boolean {
  const b = BOOL_WORDS[s];
  if (b === undefined) throw new Error(errKvGoStrconvSyntax('ParseBool', goQuote(s)));
  return b;
}

const DURATION_UNIT_NS: Record<string, number> = {
  ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
};

/** time.ParseDuration, returning seconds as a float (callers truncate as Go's int(d.Seconds())). */
export function goParseDurationSeconds(input: string): number {
  const invalid = () => new Error(errKvGoDurationInvalid(goQuote(input)));
  let s = input;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) { neg = s[0] === '-'; s = s.slice(1); }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let totalNs = 0;
  while (s !== '') {
    if (!/^[0-9.]/.test(s)) throw invalid();
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const intPart = m[1]!;
    const fracPart = m[2];
    if (intPart === '' && (fracPart === undefined || fracPart === '')) throw invalid();
    s = s.slice(m[0].length);
    const unitMatch = /^[^0-9.]*/.exec(s)![0];
    if (unitMatch === '') throw new Error(errKvGoDurationMissingUnit(goQuote(input)));
    const unitNs = DURATION_UNIT_NS[unitMatch];
    if (unitNs === undefined) throw new Error(errKvGoDurationUnknownUnit(goQuote(unitMatch), goQuote(input)));
    s = s.slice(unitMatch.length);
    totalNs += Number(intPart || '0') * unitNs + (fracPart ? Number('0.' + fracPart) * unitNs : 0);
    if (totalNs > 9.223372036854775807e18) throw invalid();
  }
  return (neg ? -totalNs : totalNs) / 1e9;
}
