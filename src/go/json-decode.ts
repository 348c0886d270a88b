// How Go's encoding/json Decoder reads one request body into a map (Vault's parseJSONRequest):
// it decodes the FIRST value only (trailing bytes are never looked at), treats an empty or blank
// body as io.EOF, accepts `null`, and refuses other non-objects with an UnmarshalTypeError. Syntax
// errors carry the scanner's words (encoding/json scanner.go), which the raw sys/* handlers show.
// JSON.parse does the decoding; the byte scanner below runs only when JSON.parse refuses a body,
// to find where Go's first value ends or which error Go would report.
import {
  ERR_HTTP_JSON_UNEXPECTED_EOF, errHttpJsonInvalidCharacter, errHttpJsonUnmarshalType,
} from '../errors/http.js';

export type JsonBody =
  | { ok: true; data: Record<string, unknown> | undefined }
  | { ok: false; message: string };

/** Go's type name for the map every logical request body is decoded into. */
export const GO_MAP_TYPE = 'map[string]interface {}';

const MAX_DEPTH = 10000; // encoding/json maxNestingDepth

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value; // 'string' | 'number'
}

function asObject(value: unknown, goType: string): JsonBody {
  if (value === null) return { ok: true, data: undefined };
  if (typeof value === 'object' && !Array.isArray(value)) return { ok: true, data: value as Record<string, unknown> };
  return { ok: false, message: errHttpJsonUnmarshalType(kindOf(value), goType) };
}

/** Decodes a request body the way Vault's json.Decoder does; `goType` names the target in errors. */
export function decodeJsonBody(body: Uint8Array, goType: string = GO_MAP_TYPE): JsonBody {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    // JSON.parse has no depth limit; Go's decoder stops at maxNestingDepth. Only a body with more
    // openers than the limit can be that deep, and two memchr-speed counts rule most bodies out.
    if (mayExceedDepth(bytes)) {
      const scan = scanFirstValue(bytes);
      if (scan.kind === 'error') return { ok: false, message: scan.message };
    }
    return asObject(value, goType);
  } catch {
    const scan = scanFirstValue(bytes);
    if (scan.kind === 'empty') return { ok: true, data: undefined };
    if (scan.kind === 'error') return { ok: false, message: scan.message };
    try {
      return asObject(JSON.parse(bytes.toString('utf8', 0, scan.end)), goType);
    } catch {
      return { ok: false, message: errHttpJsonInvalidCharacter(quoteChar(91), 'exceeded max depth') };
    }
  }
}

/** More than MAX_DEPTH `[` and `{` bytes in all (strings included: this only decides whether to scan). */
function mayExceedDepth(bytes: Buffer): boolean {
  if (bytes.length <= 2 * MAX_DEPTH) return false;
  let openers = 0;
  for (const c of [0x5b, 0x7b]) {
    for (let i = bytes.indexOf(c); i >= 0; i = bytes.indexOf(c, i + 1)) if (++openers > MAX_DEPTH) return true;
  }
  return false;
}

/** strconv.Quote of one byte read as a rune, in the single quotes scanner errors use. */
export function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 92: '\\\\' };
  if (named[c] !== undefined) return `'${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if (c < 0x80) return `'${String.fromCharCode(c)}'`;
  const printable = c > 0xa0 && c !== 0xad; // U+0080..U+00A0 and U+00AD are not unicode.IsPrint
  return printable ? `'${String.fromCharCode(c)}'` : `'\\u${c.toString(16).padStart(4, '0')}'`;
}

type Scan = { kind: 'empty' } | { kind: 'value'; end: number } | { kind: 'error'; message: string };

// scanner states (encoding/json scanner.go, the state* functions); IN_LITERAL walks the rest of true/false/null
const BEGIN_VALUE = 0, BEGIN_VALUE_OR_EMPTY = 1, BEGIN_STRING_OR_EMPTY = 2, BEGIN_STRING = 3,
  END_VALUE = 4, IN_STRING = 5, IN_STRING_ESC = 6, IN_STRING_ESC_U = 7, NEG = 8, ONE = 9, ZERO = 10,
  DOT = 11, DOT0 = 12, EXP = 13, EXP_SIGN = 14, EXP0 = 15, IN_LITERAL = 16;
// what the innermost open container expects next (scanner.go parseObjectKey and friends)
const OBJECT_KEY = 0, OBJECT_VALUE = 1, ARRAY_VALUE = 2;

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/** Go's scanner over the bytes until the first top-level value ends or an error is found. */
export function scanFirstValue(b: Uint8Array): Scan {
  const stack: number[] = [];
  let state = BEGIN_VALUE;
  let literal = '';
  let literalAt = 0;
  let hexLeft = 0;
  let started = false;
  const fail = (c: number, context: string): Scan => ({ kind: 'error', message: errHttpJsonInvalidCharacter(quoteChar(c), context) });
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    switch (state) {
      case BEGIN_VALUE_OR_EMPTY:
        if (isSpace(c)) continue;
        if (c === 93) { stack.pop(); if (stack.length === 0) return { kind: 'value', end: i + 1 }; state = END_VALUE; continue; }
        state = BEGIN_VALUE;
        i--; // read this byte again as the start of a value
        continue;
      case BEGIN_VALUE:
        if (isSpace(c)) continue;
        started = true;
        if (c === 123 || c === 91) {
          if (stack.length >= MAX_DEPTH) return fail(c, 'exceeded max depth');
          stack.push(c === 123 ? OBJECT_KEY : ARRAY_VALUE);
          state = c === 123 ? BEGIN_STRING_OR_EMPTY : BEGIN_VALUE_OR_EMPTY;
        } else if (c === 34) state = IN_STRING;
        else if (c === 45) state = NEG;
        else if (c === 48) state = ZERO;
        else if (c >= 49 && c <= 57) state = ONE;
        else if (c === 116 || c === 102 || c === 110) {
          literal = c === 116 ? 'true' : c === 102 ? 'false' : 'null';
          literalAt = 1;
          state = IN_LITERAL;
        } else return fail(c, 'looking for beginning of value');
        continue;
      case BEGIN_STRING_OR_EMPTY:
        if (isSpace(c)) continue;
        if (c === 125) { stack.pop(); if (stack.length === 0) return { kind: 'value', end: i + 1 }; state = END_VALUE; continue; }
        state = BEGIN_STRING;
        i--;
        continue;
      case BEGIN_STRING:
        if (isSpace(c)) continue;
        if (c !== 34) return fail(c, 'looking for beginning of object key string');
        state = IN_STRING;
        continue;
      case IN_STRING:
        if (c === 34) state = END_VALUE;
        else if (c === 92) state = IN_STRING_ESC;
        else if (c < 0x20) return fail(c, 'in string literal');
        if (state === END_VALUE && stack.length === 0) return { kind: 'value', end: i + 1 };
        continue;
      case IN_STRING_ESC:
        if (c === 117) { hexLeft = 4; state = IN_STRING_ESC_U; continue; }
        if (!'"\\/bfnrt'.includes(String.fromCharCode(c))) return fail(c, 'in string escape code');
        state = IN_STRING;
        continue;
      case IN_STRING_ESC_U:
        if (!isHex(c)) return fail(c, 'in \\u hexadecimal character escape');
        if (--hexLeft === 0) state = IN_STRING;
        continue;
      case IN_LITERAL:
        if (c !== literal.charCodeAt(literalAt)) return fail(c, `in literal ${literal} (expecting '${literal[literalAt]}')`);
        if (++literalAt === literal.length) {
          if (stack.length === 0) return { kind: 'value', end: i + 1 };
          state = END_VALUE;
        }
        continue;
      case NEG:
        if (c === 48) state = ZERO;
        else if (c >= 49 && c <= 57) state = ONE;
        else return fail(c, 'in numeric literal');
        continue;
      case ONE:
        if (isDigit(c)) continue;
        state = ZERO;
        i--;
        continue;
      case ZERO:
        if (c === 46) { state = DOT; continue; }
        if (c === 101 || c === 69) { state = EXP; continue; }
        break;
      case DOT:
        if (!isDigit(c)) return fail(c, 'after decimal point in numeric literal');
        state = DOT0;
        continue;
      case DOT0:
        if (isDigit(c)) continue;
        if (c === 101 || c === 69) { state = EXP; continue; }
        break;
      case EXP:
        state = EXP_SIGN;
        if (c !== 43 && c !== 45) i--; // no sign: this byte must be the first digit
        continue;
      case EXP_SIGN:
        if (!isDigit(c)) return fail(c, 'in exponent of numeric literal');
        state = EXP0;
        continue;
      case EXP0:
        if (isDigit(c)) continue;
        break;
    }
    // END_VALUE, or a number that ended at this byte
    if (stack.length === 0) return { kind: 'value', end: i };
    state = END_VALUE;
    if (isSpace(c)) continue;
    const top = stack.length - 1;
    if (stack[top] === OBJECT_KEY) {
      if (c !== 58) return fail(c, 'after object key');
      stack[top] = OBJECT_VALUE;
      state = BEGIN_VALUE;
    } else if (stack[top] === OBJECT_VALUE) {
      if (c === 44) { stack[top] = OBJECT_KEY; state = BEGIN_STRING; }
      else if (c === 125) { stack.pop(); if (stack.length === 0) return { kind: 'value', end: i + 1 }; }
      else return fail(c, 'after object key:value pair');
    } else {
      if (c === 44) state = BEGIN_VALUE;
      else if (c === 93) { stack.pop(); if (stack.length === 0) return { kind: 'value', end: i + 1 }; }
      else return fail(c, 'after array element');
    }
  }
  if (!started) return { kind: 'empty' };
  const numberComplete = state === ONE || state === ZERO || state === DOT0 || state === EXP0;
  if (stack.length === 0 && numberComplete) return { kind: 'value', end: b.length };
  return { kind: 'error', message: ERR_HTTP_JSON_UNEXPECTED_EOF };
}
