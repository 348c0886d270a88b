// Decoding of token-endpoint request fields the way Vault reads them: handleCreateCommon runs
// mapstructure.WeakDecode over the raw request data (numbers become strings, "true"/"1" become
// booleans, one string becomes a one-element list), and durations go through
// parseutil.ParseDurationSecond (bare numbers are seconds).
import {
  ERR_AUTH_DURATION_UNPARSABLE, errAuthDecodeRequest, errAuthDurationMissingUnit, errAuthFieldValidation, errAuthMapstructure,
  errAuthParseBool, errAuthParseInt, errAuthUnconvertible,
} from '../errors/auth.js';
import { VaultError } from '../errors/vault-error.js';
import { parseDuration } from '../util/duration.js';

export interface CreateFields {
  id: string;
  policies: string[];
  meta: Record<string, string> | null;
  noParent: boolean;
  noDefaultPolicy: boolean;
  lease: string;
  ttl: string;
  renewable: boolean | undefined;
  explicitMaxTtl: string;
  displayName: string;
  numUses: number;
  period: string;
  type: string;
  entityAlias: string;
}

/** Every field the create endpoints read (their framework schema plus `meta` and `lease`). */
export const CREATE_FIELD_NAMES = [
  'id', 'policies', 'meta', 'metadata', 'no_parent', 'no_default_policy', 'lease', 'ttl', 'renewable',
  'explicit_max_ttl', 'display_name', 'num_uses', 'period', 'type', 'entity_alias', 'format', 'role_name',
] as const;

class DecodeError extends Error {}

const goType = (v: unknown): string =>
  Array.isArray(v) ? '[]interface {}' : v === null ? '<nil>' : typeof v === 'object' ? 'map[string]interface {}' : typeof v === 'number' ? 'float64' : typeof v;

function unconvertible(field: string, want: string, v: unknown): never {
  throw new DecodeError(errAuthUnconvertible(field, want, goType(v)));
}

export function weakString(field: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  unconvertible(field, 'string', v);
}

function weakBool(field: string, v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    if (v === '') return false;
    if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
    if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
    throw new DecodeError(errAuthParseBool(field, v));
  }
  unconvertible(field, 'bool', v);
}

function weakInt(field: string, v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    if (v === '') return 0;
    if (/^[+-]?\d+$/.test(v)) return parseInt(v, 10);
    throw new DecodeError(errAuthParseInt(field, v));
  }
  unconvertible(field, 'int', v);
}

function weakStringList(field: string, v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((x, i) => weakString(`${field}[${i}]`, x));
  return [weakString(field, v)];
}

function weakStringMap(field: string, v: unknown): Record<string, string> | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) unconvertible(field, 'map[string]string', v);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = weakString(`${field}[${k}]`, x);
  return out;
}

/** Reads a create request's fields; bad types → 400 `Error decoding request: ...`. */
export function decodeCreateFields(data: Record<string, unknown>): CreateFields {
  try {
    return {
      id: weakString('id', data.id),
      policies: weakStringList('policies', data.policies),
      meta: weakStringMap('meta', data.meta),
      noParent: weakBool('no_parent', data.no_parent) ?? false,
      noDefaultPolicy: weakBool('no_default_policy', data.no_default_policy) ?? false,
      lease: weakString('lease', data.lease),
      ttl: weakString('ttl', data.ttl),
      renewable: weakBool('renewable', data.renewable),
      explicitMaxTtl: weakString('explicit_max_ttl', data.explicit_max_ttl),
      displayName: weakString('display_name', data.display_name),
      numUses: weakInt('num_uses', data.num_uses),
      period: weakString('period', data.period),
      type: weakString('type', data.type),
      entityAlias: weakString('entity_alias', data.entity_alias),
    };
  } catch (e) {
    if (e instanceof DecodeError) throw new VaultError(400, errAuthDecodeRequest(errAuthMapstructure(e.message)));
    throw e;
  }
}

/** parseutil.ParseDurationSecond for a create field; its error text becomes a 400. */
export function durationField(text: string): number {
  try {
    return parseDuration(text);
  } catch (e) {
    throw new VaultError(400, (e as Error).message);
  }
}

/** Go's time.ParseDuration, used for the legacy `lease` field: units required (bare `0` allowed). */
export function goDurationField(text: string): number {
  if (/^[+-]?\d+$/.test(text.trim()) && !/^[+-]?0+$/.test(text.trim())) {
    throw new VaultError(400, errAuthDurationMissingUnit(text));
  }
  return durationField(text);
}

/** A TypeDurationSecond schema field (`increment`); bad input fails field validation (400). */
export function durationSecondField(field: string, v: unknown): number {
  if (v === undefined || v === null || v === '') return 0;
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw new VaultError(400, errAuthFieldValidation(field, JSON.stringify(v), ERR_AUTH_DURATION_UNPARSABLE));
  }
  try {
    return parseDuration(v);
  } catch (e) {
    throw new VaultError(400, errAuthFieldValidation(field, v, (e as Error).message));
  }
}

/** A TypeString schema field (`token`, `accessor`). */
export function stringField(field: string, v: unknown): string {
  try {
    return weakString(field, v);
  } catch {
    throw new VaultError(400, errAuthFieldValidation(field, JSON.stringify(v), errAuthUnconvertible(field, 'string', goType(v))));
  }
}
