// mitchellh/mapstructure v1.5.0 WeakDecode of a decoded JSON value into Go scalars, maps, slices
// and structs (upstream: mitchellh/mapstructure mapstructure.go decodeString/Int/Float/Bool/Map/
// Slice and its *Error text). Vault runs it for framework fields (hashicorp/vault
// sdk/framework/field_data.go getPrimitive, decoder name '') and over raw request data
// (vault/token_store.go handleCreateCommon). Failures are collected as mapstructure does.
import { errMsCannotParse, errMsDecoding, errMsExpectedMap, errMsUnconvertible } from '../errors/framework.js';
import { goKind, goTypeName, goValue } from './fmt.js';
import { setOwn } from './object.js';
import { GoLibError, goParseBool, goParseFloat, goParseInt } from './strconv.js';

/** A value that does not decode into its field's type; the message is Vault's cause text. */
export class FieldDecodeError extends Error {}

/** mapstructure's *Error: several element failures, reported together (sorted, bulleted). */
class DecodeErrors extends FieldDecodeError {
  constructor(readonly errors: string[]) { super(errMsDecoding(errors)); }
}

export type Json = Record<string, unknown>;
export type Decoder<T> = (name: string, v: unknown) => T;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isNil = (v: unknown): v is null | undefined => v === null || v === undefined;

/** Runs a Go-library call, turning its error into a field error with an optional prefix. */
export function go<T>(f: () => T, wrap: (cause: string) => string = (c) => c): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoLibError) throw new FieldDecodeError(wrap(e.message));
    throw e;
  }
}

/** Adds a failure to mapstructure's error list (appendErrors flattens a nested *Error). */
export function collect(errors: string[], e: unknown): void {
  if (e instanceof DecodeErrors) errors.push(...e.errors);
  else if (e instanceof FieldDecodeError) errors.push(e.message);
  else throw e;
}

const unconvertible = (name: string, want: string, v: unknown): FieldDecodeError =>
  new FieldDecodeError(errMsUnconvertible(name, want, goTypeName(v), goValue(v)));

// ---- mapstructure WeakDecode into Go scalars (a nil input leaves the zero value) -----------------

/** decodeString: strings and json.Number as text, bools as "1"/"0". */
export const weakString: Decoder<string> = (name, v) => {
  if (isNil(v)) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  throw unconvertible(name, 'string', v);
};

/** decodeInt: json.Number is a string kind, so it goes through strconv.ParseInt(s, 0, 64) like a string. */
export function weakInt(name: string, v: unknown, goType: 'int' | 'int64'): number {
  if (isNil(v)) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' || typeof v === 'number') {
    const s = String(v);
    return go(() => goParseInt(s === '' ? '0' : s, 0), (c) => errMsCannotParse(name, 'int', c));
  }
  throw unconvertible(name, goType, v);
}

/** decodeFloat: strconv.ParseFloat(s, 64) for strings and json.Number. */
export function weakFloat(name: string, v: unknown): number {
  if (isNil(v)) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' || typeof v === 'number') {
    const s = String(v);
    return go(() => goParseFloat(s === '' ? '0' : s), (c) => errMsCannotParse(name, 'float', c));
  }
  throw unconvertible(name, 'float64', v);
}

/** decodeBool: strconv.ParseBool, "" is false; json.Number's text goes through ParseBool too. */
export function weakBool(name: string, v: unknown): boolean {
  if (isNil(v)) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' || typeof v === 'number') {
    const s = String(v);
    if (s === '') return false;
    return go(() => goParseBool(s), (c) => errMsCannotParse(name, 'bool', c));
  }
  throw unconvertible(name, 'bool', v);
}

// ---- mapstructure WeakDecode into maps and slices -------------------------------------------------

/**
 * decodeMap into `target.map` (null = Go's nil map): an object's values go through `elem`, errors
 * collected; a list merges its elements into the same map ([] gives {}, nil elements are skipped).
 */
export function weakMapInto(name: string, v: unknown, target: { map: Json | null }, elem: Decoder<unknown>): void {
  if (isNil(v)) return;
  if (isObject(v)) {
    const out = target.map ?? {};
    const errors: string[] = [];
    for (const k of Object.keys(v)) {
      try {
        setOwn(out, k, elem(`${name}[${k}]`, v[k]));
      } catch (e) {
        collect(errors, e);
      }
    }
    target.map = out;
    if (errors.length > 0) throw new DecodeErrors(errors);
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) target.map ??= {};
    v.forEach((el, i) => weakMapInto(`${name}[${i}]`, el, target, elem));
    return;
  }
  throw new FieldDecodeError(errMsExpectedMap(name, goKind(v)));
}

/** decodeSlice: a scalar or non-empty object is lifted to a one-element list, {} is []; null is nil. */
export function weakSlice<T>(name: string, v: unknown, elem: Decoder<T>, zero: T): T[] | null {
  if (isNil(v)) return null;
  if (!Array.isArray(v)) return isObject(v) && Object.keys(v).length === 0 ? [] : weakSlice(name, [v], elem, zero);
  const errors: string[] = [];
  const out = v.map((el, i) => {
    if (isNil(el)) return zero;
    try {
      return elem(`${name}[${i}]`, el);
    } catch (e) {
      collect(errors, e);
      return zero;
    }
  });
  if (errors.length > 0) throw new DecodeErrors(errors);
  return out;
}

/** The Go kinds a struct member can have here. */
export type StructMember = 'string' | 'bool' | 'int' | 'string_slice' | 'string_map';

/** Every member's failure is collected; the result is mapstructure's `N error(s) decoding:` text. */
export function weakDecodeStruct(data: Readonly<Record<string, unknown>>, members: Readonly<Record<string, StructMember>>): { values: Record<string, unknown>; error?: string } {
  const values: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [name, kind] of Object.entries(members)) {
    const v = data[name];
    try {
      switch (kind) {
        case 'string': values[name] = weakString(name, v); break;
        case 'bool': values[name] = isNil(v) ? undefined : weakBool(name, v); break;
        case 'int': values[name] = weakInt(name, v, 'int'); break;
        case 'string_slice': values[name] = weakSlice(name, v, weakString, '') ?? []; break;
        case 'string_map': {
          const target: { map: Json | null } = { map: null };
          weakMapInto(name, v, target, weakString);
          values[name] = target.map;
          break;
        }
      }
    } catch (e) {
      collect(errors, e);
    }
  }
  return errors.length > 0 ? { values, error: errMsDecoding(errors) } : { values };
}
