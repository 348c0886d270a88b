// Go's strconv package as far as its exact output reaches Vault's messages and values (upstream:
// golang/go src/strconv/quote.go, atoi.go, atob.go, atof.go) and unicode.IsPrint: Quote (what `%q`
// prints), QuoteToASCII (`%+q`), ParseInt, ParseBool and ParseFloat with their NumError texts.
// Callers that need their own wording catch GoLibError and translate it; none re-implements these.
import { errGoStrconvRange, errGoStrconvSyntax } from '../errors/framework.js';

/** An error a Go library function returns; the message is Go's text. */
export class GoLibError extends Error {}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isGoPrintable(ch: string): boolean {
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

/** strconv.QuoteToASCII, which is what `%+q` prints: Quote with every non-ASCII rune escaped. */
export function goQuoteAscii(s: string): string {
  return goQuote(s).replace(/[^\x00-\x7f]/gu, (ch) => {
    const cp = ch.codePointAt(0)!;
    return cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\U${cp.toString(16).padStart(8, '0')}`;
  });
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
  const b = goParseBoolOk(s);
  if (b === undefined) throw new GoLibError(errGoStrconvSyntax('ParseBool', goQuote(s)));
  return b;
}

/** strconv.ParseBool for callers with their own error: undefined where Go returns an error. */
export function goParseBoolOk(s: string): boolean | undefined {
  return Object.hasOwn(BOOL_WORDS, s) ? BOOL_WORDS[s] : undefined;
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
