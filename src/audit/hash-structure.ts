// Salted hashing of request and response data, as Vault's audit formatter does it
// (openbao internal/audit/hashstructure.go: HashStructure, hashWalker.Primitive). Data is copied
// (Vault deep-copies through JSON, so structs become maps), object keys come out sorted (Go's
// encoding/json writes maps in key order), and every string leaf is replaced by its HMAC except:
// map keys, strings that are RFC 3339 timestamps, and values whose nearest enclosing map key is
// one of the mount's non-HMAC keys. Numbers, booleans and nulls are never hashed.

import { isRfc3339 } from '../go/time.js';
import { isIndexKey } from '../go/json.js';
import { goStringCompare } from '../go/strings.js';
import { rebuildJson, type JsonRebuilder } from '../util/json-iter.js';

/** Turns a sensitive string into `hmac-sha256:<hex>`. */
export type Hasher = (value: string) => string;

/** Set when a copied object has keys JavaScript would reorder (see isIndexKey). */
export interface KeyOrderFlag {
  exact: boolean;
}

interface WalkContext {
  hash: Hasher | null;
  ignored: readonly string[] | undefined;
  order: KeyOrderFlag;
}

function leaf(value: unknown, key: string | undefined, ctx: WalkContext): unknown {
  if (typeof value === 'string') {
    if (ctx.hash === null || isRfc3339(value)) return value;
    if (key !== undefined && ctx.ignored !== undefined && ctx.ignored.includes(key)) return value;
    return ctx.hash(value);
  }
  return value;
}

/** The walk as a stack-free rebuild (src/util/json-iter.ts): request data may nest 10000 deep. */
function walker(ctx: WalkContext): JsonRebuilder {
  return {
    prepare: (value) => {
      const toJSON = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { toJSON?: () => unknown }).toJSON : undefined;
      return typeof toJSON === 'function' ? toJSON.call(value) : value;
    },
    keys: (obj) => {
      const keys = Object.keys(obj).sort(goStringCompare).filter((k) => obj[k] !== undefined);
      if (!ctx.order.exact && keys.some(isIndexKey)) ctx.order.exact = true;
      return keys;
    },
    leaf: (value, key) => leaf(value, key, ctx),
    array: (_node, values) => values,
    object: (_node, keys, values) => {
      const out = plainMap();
      for (let i = 0; i < keys.length; i++) out[keys[i]!] = values[i];
      return out;
    },
  };
}

/** An object whose `__proto__` key is an ordinary key, as JSON.parse makes it. */
export function plainMap(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function sortedObject(obj: Record<string, unknown>, ctx: WalkContext): Record<string, unknown> {
  return rebuildJson(obj, walker(ctx)) as Record<string, unknown>;
}

/**
 * A copy of `data` with keys sorted and string leaves hashed (`hash` null: copied only, as with
 * `log_raw`). `ignoredKeys` are the mount's `audit_non_hmac_*_keys`. `order.exact` is set when
 * the copy needs the exact serialiser (goJson) to come out in Go's key order.
 */
export function hashData(
  data: Record<string, unknown>, hash: Hasher | null, ignoredKeys?: readonly string[],
  order: KeyOrderFlag = { exact: false },
): Record<string, unknown> {
  return sortedObject(data, { hash, ignored: ignoredKeys && ignoredKeys.length > 0 ? ignoredKeys : undefined, order });
}

/**
 * `elide_list_responses`: a list response's `keys` (array) and `key_info` (map) become their
 * sizes (openbao internal/audit/format.go doElideListResponseData). Returns a shallow copy.
 */
export function elideListData(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  if (Array.isArray(out.keys)) out.keys = out.keys.length;
  const info = out.key_info;
  if (info !== null && typeof info === 'object' && !Array.isArray(info)) out.key_info = Object.keys(info).length;
  return out;
}
