// Salted hashing of request and response data, as Vault's audit formatter does it
// (openbao internal/audit/hashstructure.go: HashStructure, hashWalker.Primitive). Data is copied
// (Vault deep-copies through JSON, so structs become maps), object keys come out sorted (Go's
// encoding/json writes maps in key order), and every string leaf is replaced by its HMAC except:
// map keys, strings that are RFC 3339 timestamps, and values whose nearest enclosing map key is
// one of the mount's non-HMAC keys. Numbers, booleans and nulls are never hashed.

/** Turns a sensitive string into `hmac-sha256:<hex>`. */
export type Hasher = (value: string) => string;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Whether Go's time.Time.UnmarshalText accepts the string (strict RFC 3339: two-digit fields in
 * range, a real calendar day, optional `.` fraction, `Z` or a ±hh:mm offset with hh < 24).
 */
export function isRfc3339(s: string): boolean {
  if (s.length < 20) return false;
  const c = s.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  const m = RFC3339.exec(s);
  if (!m) return false;
  const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

/**
 * Go's map key order: byte order of the UTF-8 encodings, i.e. code point order (UTF-16 code
 * units differ only where surrogates meet U+E000..U+FFFF, which this corrects).
 */
export function goKeyOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x < 0xe000 ? x + 0x2000 : x - 0x800;
      y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    }
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Whether JavaScript lists this key before all others whatever the insertion order (an array
 * index). Objects holding one must be written by the exact serialiser to keep Go's order.
 */
export function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 48 && c <= 57 && /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295;
}

/** Set when a copied object has keys JavaScript would reorder (see isIndexKey). */
export interface KeyOrderFlag {
  exact: boolean;
}

interface WalkContext {
  hash: Hasher | null;
  ignored: readonly string[] | undefined;
  order: KeyOrderFlag;
}

function walk(value: unknown, key: string | undefined, ctx: WalkContext): unknown {
  if (typeof value === 'string') {
    if (ctx.hash === null || isRfc3339(value)) return value;
    if (key !== undefined && ctx.ignored !== undefined && ctx.ignored.includes(key)) return value;
    return ctx.hash(value);
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = walk(value[i], key, ctx);
    return out;
  }
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return walk(toJSON.call(value), key, ctx);
  return sortedObject(value as Record<string, unknown>, ctx);
}

/** An object whose `__proto__` key is an ordinary key, as JSON.parse makes it. */
export function plainMap(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function sortedObject(obj: Record<string, unknown>, ctx: WalkContext): Record<string, unknown> {
  const out = plainMap();
  for (const k of Object.keys(obj).sort(goKeyOrder)) {
    const v = obj[k];
    if (v === undefined) continue;
    if (!ctx.order.exact && isIndexKey(k)) ctx.order.exact = true;
    out[k] = walk(v, k, ctx);
  }
  return out;
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
