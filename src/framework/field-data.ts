// A request's raw values read through a path's field schema: sdk/framework/field_data.go
// (FieldData Get/GetOk/GetFirst/Validate) and the parts of sdk/framework/backend.go
// HandleRequest/HandleExistenceCheck that validate fields and warn about parameters the path
// ignored or overwrote with its captures. Decoding itself is in field-types.ts.
import {
  errFwFieldConversion, errFwFieldNotInSchema, errFwFieldValidation, errFwReadingField, warnFwIgnoredParams,
  warnFwReplacedParams,
} from '../errors/framework.js';
import { decodeFieldValue, defaultOrZero } from './field-types.js';
import { FieldDecodeError } from '../go/weak.js';
import { goStringCompare } from '../go/strings.js';
import { goValue } from '../go/fmt.js';
import type { FieldData, FieldSchema, FieldSchemas } from './types.js';

function schemaOf(schema: FieldSchemas, name: string): FieldSchema | undefined {
  return Object.hasOwn(schema, name) ? schema[name] : undefined;
}

/** Whether the request carried the key (a JS `undefined` is treated as absent; JSON null is present). */
function sent(raw: Readonly<Record<string, unknown>>, name: string): boolean {
  return Object.hasOwn(raw, name) && raw[name] !== undefined;
}

/**
 * FieldData over `raw` (request data with the captures already copied over it). Values are
 * decoded on every read, as Go does, so a handler may mutate what it gets.
 *
 * - `get(k)`: the decoded value, else the default (or zero). A name outside the schema throws
 *   (Go panics). A sent JSON null decodes to the type's zero value, NOT the default (WeakDecode of
 *   nil leaves the zero value), except for durations and time, where null counts as not sent;
 *   a null map/kvpairs gives `null` (Go's nil map).
 * - `getOk(k)`: `{ value, ok }`, ok = the key was sent (null included, durations/time excepted).
 *   When not ok, Go returns nil; here `value` is the default-or-zero so that it keeps its type
 *   (and `undefined` for a name outside the schema, which Go also reports as not ok).
 * - `getFirst(a, b…)`: the first name that is ok; else `{ value: default-or-zero of a, ok: false }`.
 *
 * Reading a value that does not decode throws (Go panics; dispatch validates first).
 */
export function createFieldData(raw: Record<string, unknown>, schema: FieldSchemas): FieldData {
  function getOk<T>(name: string): { value: T; ok: boolean } {
    const s = schemaOf(schema, name);
    if (!s) return { value: undefined as T, ok: false };
    if (!sent(raw, name)) return { value: defaultOrZero(s) as T, ok: false };
    let value: unknown;
    try {
      value = decodeFieldValue(s.type, raw[name]);
    } catch (e) {
      if (e instanceof FieldDecodeError) throw new Error(errFwReadingField(name, e.message));
      throw e;
    }
    if (value === undefined) return { value: defaultOrZero(s) as T, ok: false };
    return { value: value as T, ok: true };
  }

  return {
    raw,
    schema,
    get<T = unknown>(name: string): T {
      if (!schemaOf(schema, name)) throw new Error(errFwFieldNotInSchema(name));
      return getOk<T>(name).value;
    },
    getOk,
    getFirst<T = unknown>(...names: string[]): { value: T; ok: boolean } {
      for (const name of names) {
        const r = getOk<T>(name);
        if (r.ok) return r;
      }
      const first = names.length > 0 ? schemaOf(schema, names[0]!) : undefined;
      return { value: (first ? defaultOrZero(first) : undefined) as T, ok: false };
    },
  };
}

/**
 * FieldData.Validate: the first sent field of the schema whose value does not decode, as
 * `error converting input <%v of value> for field "<name>": <cause>`; undefined when all decode.
 * This bare form is what HandleExistenceCheck returns (as a user error → 400). Go visits the
 * fields in map order (random); minivault in the order of `raw`'s keys.
 */
export function fieldConversionError(raw: Readonly<Record<string, unknown>>, schema: FieldSchemas): string | undefined {
  for (const name of Object.keys(raw)) {
    const s = schemaOf(schema, name);
    if (!s || raw[name] === undefined) continue;
    try {
      decodeFieldValue(s.type, raw[name]);
    } catch (e) {
      if (e instanceof FieldDecodeError) return errFwFieldConversion(goValue(raw[name]), name, e.message);
      throw e;
    }
  }
  return undefined;
}

/**
 * HandleRequest's check before calling a handler: `Field validation failed: error converting
 * input … for field "…": …` (an error response, 400) for the first bad field, else undefined.
 */
export function validateFields(raw: Readonly<Record<string, unknown>>, schema: FieldSchemas): string | undefined {
  const err = fieldConversionError(raw, schema);
  return err === undefined ? undefined : errFwFieldValidation(err);
}


/**
 * HandleRequest's warnings for a response the handler returned (none for a nil response):
 * `Endpoint ignored these unrecognized parameters: [a b]` for keys of `data` (the request data
 * BEFORE the captures are copied over it) that the schema lacks, sorted, unless the path takes
 * arbitrary input; then `Endpoint replaced the value of these parameters with the values captured
 * from the endpoint's path: [name]` for captures that overwrote a non-null data value (capture order).
 */
export function unknownFieldWarnings(
  data: Readonly<Record<string, unknown>>,
  schema: FieldSchemas,
  captures: Readonly<Record<string, string>>,
  takesArbitraryInput = false,
): string[] {
  const warnings: string[] = [];
  if (!takesArbitraryInput) {
    const ignored = Object.keys(data).filter((k) => !schemaOf(schema, k)).sort(goStringCompare);
    if (ignored.length > 0) warnings.push(warnFwIgnoredParams(ignored));
  }
  const replaced = Object.keys(captures).filter((k) => Object.hasOwn(data, k) && data[k] !== null && data[k] !== undefined);
  if (replaced.length > 0) warnings.push(warnFwReplacedParams(replaced));
  return warnings;
}
