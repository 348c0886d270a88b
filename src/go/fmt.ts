// Go's fmt verbs and reflect type names as they print a value decoded from JSON (upstream:
// golang/go src/fmt/print.go; mitchellh/mapstructure mapstructure.go prints `%T`/`%v` in its
// errors). Values are what Vault's HTTP layer decodes (encoding/json with UseNumber): a JSON
// number is Go's json.Number, a string kind holding the literal, read here as `String(n)`.

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
