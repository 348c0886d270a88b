// Vault's framework field handling for KV paths (SDK framework/field_data.go and the weak
// mapstructure decoding behind it): each request field is converted to its schema type, a failed
// conversion is a 400 `Field validation failed: …`, and fields outside the schema are ignored with
// a warning. Conversions are loose the way mapstructure's WeakDecode is (`"5"` → 5, `true` → 1,
// `"1,2"` → [1, 2]); the messages are mapstructure's.
import {
  ERR_KV_DURATION_INPUT, errKvFieldConversion, errKvFieldValidation, errKvNegativeDuration, errKvMsCannotParse,
  errKvMsDecoding, errKvMsExpectedMap, errKvMsJsonNumber, errKvMsUnconvertible, warnKvIgnoredParams, warnKvReplacedParams,
} from '../../errors/kv.js';
import { VaultError } from '../../errors/vault-error.js';
import { setOwn } from './merge-patch.js';
import { goKind, goParseBool, goParseDurationSeconds, goParseInt, goTypeName, goValue } from './go-format.js';

export type FieldType = 'string' | 'int' | 'bool' | 'map' | 'commaIntSlice' | 'durationSecond' | 'signedDurationSecond';
export type FieldSchema = Readonly<Record<string, FieldType>>;
export type JsonObject = Record<string, unknown>;

/** A decoded request: only fields present in the request (after Vault's null handling). */
export type Fields = Map<string, unknown>;

const INT64_LIMIT = 2 ** 63;

function jsonNumberToInt(name: string, n: number): number {
  const literal = String(n);
  if (!Number.isInteger(n)) throw new Error(errKvMsJsonNumber(name, `strconv.ParseInt: parsing "${literal}": invalid syntax`));
  if (n >= INT64_LIMIT || n < -INT64_LIMIT) {
    throw new Error(errKvMsJsonNumber(name, `strconv.ParseInt: parsing "${literal}": value out of range`));
  }
  return n;
}

/** mapstructure WeakDecode into a Go int (`name` is the element name, '' at top level). */
export function decodeInt(name: string, v: unknown): number {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'number': return jsonNumberToInt(name, v);
    case 'boolean': return v ? 1 : 0;
    case 'string':
      try {
        return goParseInt(v === '' ? '0' : v, 0);
      } catch (e) {
        throw new Error(errKvMsCannotParse(name, 'int', (e as Error).message));
      }
    default: throw new Error(errKvMsUnconvertible(name, 'int', goTypeName(v), goValue(v)));
  }
}

/** mapstructure WeakDecode into a Go bool (json.Number goes through strconv.ParseBool). */
export function decodeBool(name: string, v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' || typeof v === 'number') {
    const s = String(v);
    if (s === '') return false;
    try {
      return goParseBool(s);
    } catch (e) {
      throw new Error(errKvMsCannotParse(name, 'bool', (e as Error).message));
    }
  }
  throw new Error(errKvMsUnconvertible(name, 'bool', goTypeName(v), goValue(v)));
}

/** mapstructure WeakDecode into a Go string. */
export function decodeString(name: string, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  throw new Error(errKvMsUnconvertible(name, 'string', goTypeName(v), goValue(v)));
}

function isPlainObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** mapstructure WeakDecode into map[string]interface{}: a list of maps is merged, in order. */
export function decodeMap(name: string, v: unknown): JsonObject {
  if (v === null || v === undefined) return {};
  if (isPlainObject(v)) return v;
  if (Array.isArray(v)) {
    const merged: JsonObject = {};
    v.forEach((el, i) => {
      if (el === null) return;
      const part = decodeMap(`${name}[${i}]`, el);
      for (const k of Object.keys(part)) setOwn(merged, k, part[k]);
    });
    return merged;
  }
  throw new Error(errKvMsExpectedMap(name, goKind(v)));
}

/** TypeCommaIntSlice: a list, a single value, or a comma-separated string of integers. */
export function decodeCommaIntSlice(v: unknown): number[] {
  if (v === null || v === undefined) return [];
  let items: unknown[];
  if (typeof v === 'number') v = String(v);
  if (typeof v === 'string') items = v === '' ? [] : v.split(',');
  else if (Array.isArray(v)) items = v;
  else if (isPlainObject(v) && Object.keys(v).length === 0) items = [];
  else items = [v];
  const errors: string[] = [];
  const out: number[] = [];
  items.forEach((item, i) => {
    try {
      out.push(decodeInt(`[${i}]`, item));
    } catch (e) {
      errors.push((e as Error).message);
    }
  });
  if (errors.length > 0) throw new Error(errKvMsDecoding(errors));
  return out;
}

/** parseutil.ParseDurationSecond → whole seconds; undefined for null (the field counts as absent). */
export function decodeDurationSecond(v: unknown, signed: boolean): number | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new Error(ERR_KV_DURATION_INPUT);
  const s = String(v);
  let seconds: number;
  if (s === '') seconds = 0;
  else if (/^[+-]?\d+$/.test(s)) seconds = goParseInt(s, 10);
  else if (s.endsWith('d')) seconds = goParseInt(s.slice(0, -1), 10) * 86400;
  else seconds = Math.trunc(goParseDurationSeconds(s));
  if (!signed && seconds < 0) throw new Error(errKvNegativeDuration(seconds));
  return seconds;
}

function decodeField(type: FieldType, v: unknown): unknown {
  switch (type) {
    case 'string': return decodeString('', v);
    case 'int': return decodeInt('', v);
    case 'bool': return decodeBool('', v);
    case 'map': return decodeMap('', v);
    case 'commaIntSlice': return decodeCommaIntSlice(v);
    case 'durationSecond': return decodeDurationSecond(v, false);
    case 'signedDurationSecond': return decodeDurationSecond(v, true);
  }
}

export interface ParsedRequest {
  fields: Fields;
  /** Warnings the framework adds to a successful response (unknown or overridden parameters). */
  warnings: string[];
}

/**
 * Validates `raw` against `schema` as the framework does before calling a handler. A path
 * capture (`path`) wins over a body field of the same name. Throws 400 on the first bad field.
 */
export function parseFields(raw: JsonObject, schema: FieldSchema, captures: JsonObject): ParsedRequest {
  const fields: Fields = new Map();
  const ignored: string[] = [];
  const replaced: string[] = [];
  for (const name of Object.keys(raw)) {
    if (Object.hasOwn(captures, name)) { replaced.push(name); continue; }
    if (!Object.hasOwn(schema, name)) { ignored.push(name); continue; }
    const type = schema[name]!;
    const value = raw[name];
    let decoded: unknown;
    try {
      decoded = decodeField(type, value);
    } catch (e) {
      throw new VaultError(400, errKvFieldValidation(errKvFieldConversion(goValue(value), name, (e as Error).message)));
    }
    if (decoded !== undefined) fields.set(name, decoded);
  }
  for (const name of Object.keys(captures)) fields.set(name, captures[name]);
  const warnings: string[] = [];
  if (ignored.length > 0) warnings.push(warnKvIgnoredParams(ignored.sort()));
  if (replaced.length > 0) warnings.push(warnKvReplacedParams(replaced.sort()));
  return { fields, warnings };
}
