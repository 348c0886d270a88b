// Vault's field types and how one raw request value is decoded into each: the switch in
// sdk/framework/field_data.go getPrimitive, which runs mitchellh/mapstructure v1.5.0 WeakDecode
// (decoder name '', hence `cannot parse '' as int`) or go-secure-stdlib parseutil v0.1.8 helpers,
// plus each type's zero value and help name (backend.go Zero/DefaultOrZero, field_type.go String).
// Raw values are parsed JSON: a JS number stands for Go's json.Number, i.e. its text String(n).
import type * as NodeZlib from 'node:zlib';
import { builtin } from '../util/platform.js';
import {
  ERR_FW_NAME_FORMAT, ERR_GO_EOF, ERR_PARSEUTIL_DURATION_INPUT, ERR_PARSEUTIL_TIME_INPUT, ERR_PARSEUTIL_TIME_STRING,
  errFwHeaderNonString, errFwHeaderUnrecognized, errFwInvalidKeyPair, errFwNegativeDuration,
} from '../errors/framework.js';
import { decodeJsonBody } from '../go/json-decode.js';
import { setOwn } from '../go/object.js';
import { parseDurationSecondNs } from '../go/parseutil.js';
import { goQuote, GoLibError, goParseIntBig } from '../go/strconv.js';
import { goBase64StdDecode, goCanonicalHeaderKey, goToLower, goTrimSpace } from '../go/strings.js';
import { goSprintS } from '../go/fmt.js';
import { goDurationSeconds, goParseRfc3339 } from '../go/time.js';
import {
  FieldDecodeError, go, isNil, weakBool, weakFloat, weakInt, weakMapInto, weakSlice, weakString, type Decoder, type Json,
} from '../go/weak.js';
import type { FieldSchema, FieldType } from './types.js';

const identity: Decoder<unknown> = (_name, v) => v;
const weakIntElem: Decoder<number> = (name, v) => weakInt(name, v, 'int');

/** The decoder hook StringToSliceHookFunc(","): a top-level string is split first ("" gives []). */
function commaSlice<T>(v: unknown, elem: Decoder<T>, zero: T): T[] {
  if (typeof v === 'number') v = String(v);
  if (typeof v === 'string') return v === '' ? [] : weakSlice('', v.split(','), elem, zero)!;
  return weakSlice('', v, elem, zero) ?? [];
}

// ---- parseutil ------------------------------------------------------------------------------------

/** TypeDurationSecond / TypeSignedDurationSecond → int(dur.Seconds()); undefined for nil (not set). */
function decodeDuration(v: unknown, signed: boolean): number | undefined {
  if (isNil(v)) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new FieldDecodeError(ERR_PARSEUTIL_DURATION_INPUT);
  const s = String(v);
  const seconds = Math.trunc(goDurationSeconds(go(() => parseDurationSecondNs(s)))) || 0;
  if (!signed && seconds < 0) throw new FieldDecodeError(errFwNegativeDuration(seconds));
  return seconds;
}

/** parseutil.ParseAbsoluteTime, then .UTC(); undefined for nil (not set). */
function decodeTime(v: unknown): Date | undefined {
  if (isNil(v)) return undefined;
  let epoch: bigint;
  if (typeof v === 'string') {
    const t = goParseRfc3339(v);
    if (t) return t;
    try {
      epoch = goParseIntBig(v, 10);
    } catch (e) {
      if (e instanceof GoLibError) throw new FieldDecodeError(ERR_PARSEUTIL_TIME_STRING);
      throw e;
    }
  } else if (typeof v === 'number') {
    epoch = go(() => goParseIntBig(String(v), 10)); // json.Number.Int64(): the bare strconv error
  } else {
    throw new FieldDecodeError(ERR_PARSEUTIL_TIME_INPUT);
  }
  return new Date(Number(epoch) * 1000);
}

// ---- composite types ------------------------------------------------------------------------------

/** TypeKVPairs: first as map[string]string, else as []string of `k=v` (split at the first '='). */
function decodeKVPairs(v: unknown): Record<string, string> | null {
  const target: { map: Json | null } = { map: null };
  try {
    weakMapInto('', v, target, weakString);
    return target.map as Record<string, string> | null;
  } catch (e) {
    if (!(e instanceof FieldDecodeError)) throw e;
  }
  const out: Record<string, string> = {};
  for (const pair of weakSlice('', v, weakString, '') ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new FieldDecodeError(errFwInvalidKeyPair(goQuote(pair)));
    setOwn(out, pair.slice(0, at), pair.slice(at + 1));
  }
  return out;
}

type Header = Record<string, string[]>;

function headerAdd(h: Header, key: string, value: string): void {
  const k = goCanonicalHeaderKey(key);
  if (Object.hasOwn(h, k)) h[k]!.push(value);
  else setOwn(h, k, [value]);
}

/** field_data.go's toHeader: string, json.Number or a list of them per key. */
function toHeader(m: Json): Header {
  const h: Header = {};
  for (const [key, group] of Object.entries(m)) {
    if (typeof group === 'string' || typeof group === 'number') headerAdd(h, key, String(group));
    else if (Array.isArray(group)) {
      for (const item of group) {
        if (typeof item !== 'string' && typeof item !== 'number') {
          throw new FieldDecodeError(errFwHeaderNonString(key, goSprintS(group)));
        }
        headerAdd(h, key, String(item));
      }
    } else throw new FieldDecodeError(errFwHeaderUnrecognized(goSprintS(group)));
  }
  return h;
}

/**
 * sdk/helper/jsonutil DecodeJSON into a map: empty input refused, a leading compression canary
 * byte (G gzip, L lzw, S snappy, 4 lz4; compressutil.Decompress) means compressed input.
 * Only gzip is decompressed here; for the other three the error text is an approximation.
 */
function decodeJsonMap(b: Buffer): Json {
  if (b.length === 0) throw new FieldDecodeError("'data' being decoded is nil");
  const canary = String.fromCharCode(b[0]!);
  if ('GLS4'.includes(canary)) {
    const fail = (cause: string) => new FieldDecodeError(`failed to decompress JSON: ${cause}`);
    if (b.length < 2) throw fail("invalid 'data' after the canary");
    if (canary !== 'G') throw fail(canary === 'S' ? 'snappy: corrupt input' : canary === '4' ? 'lz4: bad magic number' : 'lzw: invalid code');
    const rest = b.subarray(1);
    if (rest.length < 10) throw fail('failed to create a compression reader: unexpected EOF');
    if (rest[0] !== 0x1f || rest[1] !== 0x8b || rest[2] !== 8) throw fail('failed to create a compression reader: gzip: invalid header');
    try {
      b = builtin<typeof NodeZlib>('node:zlib')!.gunzipSync(rest); // looked up: rare, and zlib costs at start-up
    } catch {
      throw fail('unexpected EOF');
    }
    if (b.length === 0) throw new FieldDecodeError('decompressed data being decoded is invalid');
  }
  if (b.every((c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d)) throw new FieldDecodeError(ERR_GO_EOF);
  const body = decodeJsonBody(b);
  if (!body.ok) throw new FieldDecodeError(body.message);
  return body.data ?? {};
}

/** TypeHeader: a map (or list of maps), a JSON string (maybe base64), or a list of `Key:Value` strings. */
function decodeHeader(v: unknown): Header {
  const target: { map: Json | null } = { map: {} };
  let isMap = true;
  try {
    weakMapInto('', v, target, identity);
  } catch (e) {
    if (!(e instanceof FieldDecodeError)) throw e;
    isMap = false;
  }
  if (isMap) return toHeader(target.map ?? {});
  if (typeof v === 'string') return toHeader(decodeJsonMap(goBase64StdDecode(v) ?? Buffer.from(v, 'utf8')));
  const h: Header = {};
  for (const item of weakSlice('', v, identity, null) ?? []) {
    // a non-string element is reported with the zero value of the failed type assertion: ""
    const pair = typeof item === 'string' ? item : '';
    const at = pair.indexOf(':');
    if (at <= 0) throw new FieldDecodeError(errFwInvalidKeyPair(goQuote(pair)));
    headerAdd(h, pair.slice(0, at), pair.slice(at + 1));
  }
  return h;
}

const NAME_STRING = /^\w(([\w-.]+)?\w)?$/;

/**
 * Decodes one raw value as `type` (field_data.go getPrimitive). Returns `undefined` where Go
 * returns (nil, false): a null duration or time, which therefore counts as not sent. A null map
 * or kvpairs value gives `null` (Go's nil map, which encodes as JSON null). Throws only
 * FieldDecodeError, whose message is the cause Vault reports.
 */
export function decodeFieldValue(type: FieldType, value: unknown): unknown {
  switch (type) {
    case 'string': return weakString('', value);
    case 'lowercase_string': return goToLower(weakString('', value));
    case 'name_string': {
      const s = weakString('', value);
      if (!NAME_STRING.test(s)) throw new FieldDecodeError(ERR_FW_NAME_FORMAT);
      return s;
    }
    case 'int': return weakInt('', value, 'int');
    case 'int64': return weakInt('', value, 'int64');
    case 'float': return weakFloat('', value);
    case 'bool': return weakBool('', value);
    case 'duration_second': return decodeDuration(value, false);
    case 'signed_duration_second': return decodeDuration(value, true);
    case 'time': return decodeTime(value);
    case 'map': {
      const target: { map: Json | null } = { map: null };
      weakMapInto('', value, target, identity);
      return target.map;
    }
    case 'kvpairs': return decodeKVPairs(value);
    case 'slice': return weakSlice('', value, identity, null) ?? [];
    case 'string_slice': {
      if (value === '') return [];
      return (weakSlice('', value, weakString, '') ?? []).map(goTrimSpace);
    }
    case 'comma_string_slice': return commaSlice(value, weakString, '').map(goTrimSpace);
    case 'comma_int_slice': return commaSlice(value, weakIntElem, 0);
    case 'header': return decodeHeader(value);
  }
}

/** Go's zero time.Time, 0001-01-01T00:00:00Z. */
export const GO_ZERO_TIME_MS = -62_135_596_800_000;

/** FieldType.Zero (backend.go): a fresh zero value of the type. */
export function zeroValue(type: FieldType): unknown {
  switch (type) {
    case 'string': case 'lowercase_string': case 'name_string': return '';
    case 'int': case 'int64': case 'float': case 'duration_second': case 'signed_duration_second': return 0;
    case 'bool': return false;
    case 'map': case 'kvpairs': case 'header': return {};
    case 'slice': case 'string_slice': case 'comma_string_slice': case 'comma_int_slice': return [];
    case 'time': return new Date(GO_ZERO_TIME_MS);
  }
}

/**
 * FieldSchema.DefaultOrZero (backend.go): the default as given (a copy), except that a duration
 * default goes through parseutil.ParseDurationSecond ("768h" → 2764800; unparsable → 0).
 */
export function defaultOrZero(schema: FieldSchema): unknown {
  const d = schema.default;
  if (isNil(d)) return zeroValue(schema.type);
  if (schema.type === 'duration_second' || schema.type === 'signed_duration_second') {
    // a Go int or float default is seconds (time.Duration(inp) truncates a float)
    if (typeof d === 'number') return Number.isFinite(d) ? Math.trunc(d) || 0 : 0;
    if (typeof d !== 'string') return 0;
    try {
      return Math.trunc(goDurationSeconds(parseDurationSecondNs(d))) || 0;
    } catch {
      return 0;
    }
  }
  return typeof d === 'object' ? structuredClone(d) : d;
}

/** FieldType.String (field_type.go): the name help and OpenAPI show. */
export function fieldTypeName(type: FieldType): string {
  switch (type) {
    case 'string': return 'string';
    case 'lowercase_string': return 'lowercase string';
    case 'name_string': return 'name string';
    case 'int': return 'int';
    case 'int64': return 'int64';
    case 'bool': return 'bool';
    case 'map': return 'map';
    case 'kvpairs': return 'keypair';
    case 'duration_second': case 'signed_duration_second': return 'duration (sec)';
    case 'slice': case 'string_slice': case 'comma_string_slice': case 'comma_int_slice': return 'slice';
    case 'header': return 'header';
    case 'float': return 'float';
    case 'time': return 'time';
  }
}
