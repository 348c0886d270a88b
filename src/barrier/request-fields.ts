// Request bodies arrive as parsed JSON; Vault decodes them into typed Go structs, so a field of the
// wrong JSON type is a 400 with encoding/json's UnmarshalTypeError text. These helpers do the same
// for the seal endpoints' fields (null and absent both mean the zero value, as in Go).
import { VaultError } from '../errors/vault-error.js';
import { errSealJsonFieldType } from '../errors/barrier.js';

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
