// Request bodies arrive as parsed JSON; Vault decodes them into typed Go structs, so a field of the
// wrong JSON type is a 400 with encoding/json's UnmarshalTypeError text. These helpers do the same
// for the seal endpoints' fields (null and absent both mean the zero value, as in Go).
import { VaultError } from '../errors/vault-error.js';
import { errSealJsonFieldType } from '../errors/barrier.js';
import { errHttpParseJsonInput } from '../errors/http.js';

function jsonType(v: unknown): string {
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' ? `number ${v}` : typeof v;
}

function wrongType(v: unknown, struct: string, field: string, goType: string): VaultError {
  const t = typeof v === 'number' && goType !== 'int' ? 'number' : jsonType(v);
  return new VaultError(400, errSealJsonFieldType(t, struct, field, goType));
}

export function intField(v: unknown, struct: string, field: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw wrongType(v, struct, field, 'int');
  return v;
}

export function boolField(v: unknown, struct: string, field: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw wrongType(v, struct, field, 'bool');
  return v;
}

export function stringField(v: unknown, struct: string, field: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw wrongType(v, struct, field, 'string');
  return v;
}

export function stringListField(v: unknown, struct: string, field: string): string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw wrongType(v, struct, field, '[]string');
  for (const s of v) if (typeof s !== 'string') throw wrongType(s, struct, field, 'string');
  return v as string[];
}

/** encoding/json's key match for a struct field: exact, or equal under Unicode simple case folding. */
function sameFieldName(key: string, name: string): boolean {
  return key === name || key.toLowerCase() === name.toLowerCase() || key.toUpperCase() === name.toUpperCase();
}

/**
 * The string fields of a Go struct decoded from a JSON object as encoding/json does it: each key
 * goes to the field whose name matches it case-insensitively (the last such key wins), `null`
 * leaves a field alone, and the first value of another type in document order fails the whole
 * decode — with parseJSONRequest's `failed to parse JSON input: ` prefix, as the raw sys handlers
 * that use this (http/sys_generate_root.go) answer it. Absent fields are "".
 */
export function goStringFields<K extends string>(
  body: Record<string, unknown> | undefined, struct: string, names: readonly K[],
): Record<K, string> {
  const out = Object.fromEntries(names.map((n) => [n, ''])) as Record<K, string>;
  for (const [key, value] of Object.entries(body ?? {})) {
    const name = names.find((n) => sameFieldName(key, n));
    if (name === undefined || value === null) continue;
    if (typeof value !== 'string') {
      const message = wrongType(value, struct, name, 'string').message;
      throw new VaultError(400, errHttpParseJsonInput(message));
    }
    out[name] = value;
  }
  return out;
}
