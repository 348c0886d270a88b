// The parts of Go's net/url and net/http path handling that decide what Vault sees of a request
// target: percent-decoding (url.PathUnescape / QueryUnescape), the escaped form of a path
// (URL.EscapedPath, used by Go 1.22+'s ServeMux), ServeMux's cleanPath, url.ParseQuery, and the
// printable-path check Vault wraps its handler in (go-cleanhttp PrintablePathCheckHandler).
// Inputs are "byte strings": one char per byte, as the wire parser decodes the request line
// (latin1), or as a WHATWG URL serialises (non-ASCII already percent-encoded).

import { isUtf8 } from 'node:buffer';

const HEX_UPPER = '0123456789ABCDEF';

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

const NEEDS_PATH_DECODE = /[%\x80-\xff]/;
const NEEDS_QUERY_DECODE = /[%+\x80-\xff]/;

/**
 * Percent-decodes a byte string and reads the bytes as UTF-8 (invalid sequences become U+FFFD,
 * where Go would keep the raw bytes). Returns null for a malformed escape, as Go's unescape does.
 * In query mode '+' means a space (url.QueryUnescape); in path mode it stays '+'.
 */
export function percentDecode(s: string, query: boolean): string | null {
  if (!(query ? NEEDS_QUERY_DECODE : NEEDS_PATH_DECODE).test(s)) return s;
  const bytes = Buffer.allocUnsafe(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      const hi = hexValue(s.charCodeAt(i + 1));
      const lo = hexValue(s.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return null;
      bytes[n++] = hi * 16 + lo;
      i += 2;
    } else {
      bytes[n++] = query && c === 43 ? 32 : c;
    }
  }
  return bytes.toString('utf8', 0, n);
}

/**
 * True when the percent-decoded bytes of a byte string are not valid UTF-8. Go keeps such bytes
 * in its strings (and Vault in its storage keys); JavaScript strings cannot hold them apart, so
 * percentDecode's U+FFFD would put `u%ff` and `u%fe` on one key. Only called when the decoded
 * text holds a U+FFFD, which every invalid sequence leaves.
 */
export function hasInvalidUtf8(s: string): boolean {
  const bytes = Buffer.allocUnsafe(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      bytes[n++] = hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2));
      i += 2;
    } else bytes[n++] = c;
  }
  return !isUtf8(bytes.subarray(0, n));
}

/** Go's shouldEscape(c, encodePath): which bytes url.URL escapes in a path. */
function pathNeedsEscape(c: number): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return false;
  switch (c) {
    case 45: case 95: case 46: case 126: // - _ . ~
    case 36: case 38: case 43: case 44: case 47: case 58: case 59: case 61: case 64: // $ & + , / : ; = @
      return false;
    default:
      return true;
  }
}

/** Go's url.escape(s, encodePath) over the UTF-8 bytes of a decoded path. */
export function escapePath(decoded: string): string {
  const bytes = Buffer.from(decoded, 'utf8');
  let out = '';
  for (const b of bytes) {
    out += pathNeedsEscape(b) ? '%' + HEX_UPPER[b >> 4] + HEX_UPPER[b & 15] : String.fromCharCode(b);
  }
  return out;
}

/** Go's validEncoded(s, encodePath): may a raw path be kept as the escaped form. */
function isValidEncodedPath(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    switch (c) {
      case 33: case 36: case 38: case 39: case 40: case 41: case 42: case 43: case 44: // ! $ & ' ( ) * + ,
      case 59: case 61: case 58: case 64: case 91: case 93: case 37: // ; = : @ [ ] %
        continue;
      default:
        if (pathNeedsEscape(c)) return false;
    }
  }
  return true;
}

/** URL.EscapedPath(): the raw path when it is a valid encoding, else Go's own escaping. */
export function escapedPathOf(rawPath: string, decodedPath: string): string {
  return isValidEncodedPath(rawPath) ? rawPath : escapePath(decodedPath);
}

const NEEDS_CLEANING = /\/\/|\/\.\.?(?:\/|$)/;

/** net/http cleanPath: path.Clean on a rooted path, keeping a trailing slash. */
export function cleanPath(p: string): string {
  if (p === '') return '/';
  if (p[0] !== '/') p = '/' + p;
  if (!NEEDS_CLEANING.test(p)) return p;
  const kept: string[] = [];
  for (const segment of p.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else kept.push(segment);
  }
  let cleaned = '/' + kept.join('/');
  if (p.endsWith('/') && cleaned !== '/') cleaned += '/';
  return cleaned;
}

export interface GoQuery {
  values: Map<string, string[]>;
  /** Some pair was refused (a ';' or a malformed escape); url.ParseQuery would return an error. */
  failed: boolean;
}

/** Go's url.ParseQuery: '&'-separated pairs; pairs with ';' or bad escapes are skipped and flagged. */
export function parseGoQuery(raw: string): GoQuery {
  const values = new Map<string, string[]>();
  let failed = false;
  if (raw === '') return { values, failed };
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    if (pair.includes(';')) {
      failed = true;
      continue;
    }
    const eq = pair.indexOf('=');
    const key = percentDecode(eq < 0 ? pair : pair.slice(0, eq), true);
    const value = eq < 0 ? '' : percentDecode(pair.slice(eq + 1), true);
    if (key === null || value === null) {
      failed = true;
      continue;
    }
    const list = values.get(key);
    if (list) list.push(value);
    else values.set(key, [value]);
  }
  return { values, failed };
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
const UNICODE_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]*$/u;

/** unicode.IsPrint over every rune: letters, marks, numbers, punctuation, symbols and ASCII space. */
export function isPrintable(s: string): boolean {
  return ASCII_PRINTABLE.test(s) || UNICODE_PRINTABLE.test(s);
}
