// Parameter constraints of a matched ACL rule (required_parameters, denied_parameters,
// allowed_parameters), checked for read/create/update/patch after the capability check, as
// Vault's vault/acl.go AllowOperation does, including its newer handling of list values and
// comma-separated strings and the lower-casing of `policies` values.
import type { PathPermissions } from './policy.js';

/** True when the request data satisfies the rule's parameter constraints. */
export function parametersAllowed(perms: PathPermissions, data: Record<string, unknown> | undefined): boolean {
  const body = data ?? {};
  for (const required of perms.requiredParameters) {
    if (!Object.hasOwn(body, required.toLowerCase())) return false;
  }
  const keys = Object.keys(body);
  if (keys.length === 0) return true;

  const denied = perms.deniedParameters;
  if (denied && denied.size > 0) {
    if (denied.has('*')) return false;
    for (const key of keys) {
      const list = denied.get(key.toLowerCase());
      if (list && valueInDeniedList(normalize(key, body[key]), list)) return false;
    }
  }

  const allowed = perms.allowedParameters;
  if (!allowed || allowed.size === 0) return true;
  const allowedAll = allowed.has('*');
  if (allowed.size === 1 && allowedAll) return true;
  for (const key of keys) {
    const list = allowed.get(key.toLowerCase());
    if (!list && !allowedAll) return false;
    if (list && !valueInAllowedList(normalize(key, body[key]), list)) return false;
  }
  return true;
}

/** Vault canonicalises policy names to lower case, so constraints compare them that way too. */
function normalize(key: string, value: unknown): unknown {
  const k = key.toLowerCase();
  if (k !== 'policies' && k !== 'token_policies') return value;
  if (typeof value === 'string') return value.toLowerCase();
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v.toLowerCase() : v));
  return value;
}

function valueInAllowedList(v: unknown, list: unknown[]): boolean {
  if (list.length === 0 || valueInList(v, list)) return true;
  const parts = asParts(v);
  return parts !== undefined && parts.every((p) => valueInList(p, list));
}

function valueInDeniedList(v: unknown, list: unknown[]): boolean {
  if (list.length === 0 || valueInList(v, list)) return true;
  const parts = asParts(v);
  return parts !== undefined && parts.some((p) => valueInList(p, list));
}

/** A list value's elements, or a string's comma-separated parts (parseutil.ParseCommaStringSlice). */
function asParts(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return v === '' ? [] : v.split(',').map((s) => s.trim());
  return undefined;
}

function valueInList(v: unknown, list: unknown[]): boolean {
  for (const el of list) {
    if (el === null || v === null || v === undefined) {
      if (el === v || (el === null && v === undefined)) return true;
    } else if (typeof el === 'string') {
      if (typeof v === 'string' && globbedStringsMatch(el, v)) return true;
    } else if (deepEqual(el, v)) {
      return true;
    }
  }
  return false;
}

/** go-secure-stdlib strutil.GlobbedStringsMatch: `*` only at either end. */
function globbedStringsMatch(item: string, val: string): boolean {
  if (item.length < 2) return val === item;
  const pre = item.startsWith('*');
  const suf = item.endsWith('*');
  if (pre && suf) return val.includes(item.slice(1, -1));
  if (pre) return val.endsWith(item.slice(1));
  if (suf) return val.startsWith(item.slice(0, -1));
  return val === item;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
