// Go's fmt verbs and reflect type names as they print a value decoded from JSON (upstream:
// golang/go src/fmt/print.go; mitchellh/mapstructure mapstructure.go prints `%T`/`%v` in its
// errors). Values are what Vault's HTTP layer decodes (encoding/json with UseNumber): a JSON
// number is Go's json.Number, a string kind holding the literal, read here as `String(n)`.

import { rebuildJson } from '../util/json-iter.js';
import { goStringCompare } from './strings.js';

/** Prints arrays as `[a b]` and maps as `map[k:v]` (sorted keys) around `leaf`, without recursion: request data may nest 10000 deep. */
function goComposite(v: unknown, leaf: (x: unknown) => string): string {
  return rebuildJson(v, {
    keys: (o) => Object.keys(o).sort(goStringCompare), // internal/fmtsort: strings by their bytes
    leaf: (x) => leaf(x),
    array: (_n, values) => '[' + values.join(' ') + ']',
    object: (_n, keys, values) => 'map[' + keys.map((k, i) => `${k}:${values[i] as string}`).join(' ') + ']',
  }) as string;
}

/** fmt's `%v` of a value decoded from JSON (maps print with sorted keys, as fmt does). */
export function goValue(v: unknown): string {
  return goComposite(v, (x) => (x === null || x === undefined ? '<nil>' : String(x)));
}

/** fmt's `%s` of a value decoded from JSON: non-strings print as `%!s(bool=true)`, `%!s(<nil>)`. */
export function goSprintS(v: unknown): string {
  return goComposite(v, (x) => {
    if (x === null || x === undefined) return '%!s(<nil>)';
    if (typeof x === 'boolean') return `%!s(bool=${x})`;
    return String(x);
  });
}

/**
 * How JSON numbers were decoded: Vault's HTTP layer uses UseNumber (json.Number, a string kind);
 * a plain json.Unmarshal, as plugins do with JWT claims, gives float64.
 */
export type GoNumbers = 'json.Number' | 'float64';

/** The Go type name mapstructure prints for a decoded JSON value (`got unconvertible type '…'`). */
export function goTypeName(v: unknown, numbers: GoNumbers = 'json.Number'): string {
  if (Array.isArray(v)) return '[]interface {}';
  switch (typeof v) {
    case 'number': return numbers;
    case 'boolean': return 'bool';
    case 'string': return 'string';
    case 'object': return v === null ? 'interface {}' : 'map[string]interface {}';
    default: return 'interface {}';
  }
}

/** fmt's `%T` of a value decoded from JSON: goTypeName, and `<nil>` for null. */
export function goSprintT(v: unknown): string {
  return v === null || v === undefined ? '<nil>' : goTypeName(v);
}

/** reflect.Kind of a decoded JSON value (json.Number is a string kind). */
export function goKind(v: unknown, numbers: GoNumbers = 'json.Number'): string {
  if (Array.isArray(v)) return 'slice';
  switch (typeof v) {
    case 'number': return numbers === 'float64' ? 'float64' : 'string';
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'object': return v === null ? 'invalid' : 'map';
    default: return 'invalid';
  }
}
