// JSON merge patch (RFC 7386) as evanphx/json-patch's MergePatch applies it, which is what Vault's
// framework.HandlePatchOperation uses for KV PATCH: a null removes a key, objects merge
// recursively, anything else replaces. One evanphx detail differs from the RFC text: when a patch
// value lands where the document has no object (key absent, null, or a non-object), nulls inside
// it are pruned, including inside objects nested in arrays.
type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets an own property even for the name `__proto__`, which plain assignment would not. */
export function setOwn(obj: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function pruneNulls(v: Json): Json {
  if (Array.isArray(v)) return v.map((el) => (el === null ? el : pruneNulls(el)));
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) if (v[k] !== null) setOwn(out, k, pruneNulls(v[k]));
  return out;
}

function mergeInto(doc: JsonObject, patch: JsonObject): void {
  for (const k of Object.keys(patch)) {
    const value = patch[k];
    if (value === null) {
      delete doc[k];
      continue;
    }
    const current = Object.hasOwn(doc, k) ? doc[k] : undefined;
    if (current === undefined || current === null || !isObject(current)) {
      setOwn(doc, k, pruneNulls(value));
    } else if (isObject(value)) {
      mergeInto(current, value);
    } else {
      setOwn(doc, k, value);
    }
  }
}

/** Returns `target` with `patch` applied; neither input is modified. */
export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const doc = structuredClone(target);
  mergeInto(doc, structuredClone(patch));
  return doc;
}

/**
 * `v` with every object's keys in sorted order, as Go's encoding/json writes a map. Objects that
 * are already sorted are returned as they are, so the usual case allocates nothing.
 */
export function sortKeysDeep<T extends Json>(v: T): T {
  if (Array.isArray(v)) {
    let copy: Json[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const s = sortKeysDeep(v[i]);
      if (s !== v[i]) (copy ??= v.slice())[i] = s;
    }
    return (copy ?? v) as T;
  }
  if (!isObject(v)) return v;
  const keys = Object.keys(v);
  let changed = false;
  const values = keys.map((k, i) => {
    const s = sortKeysDeep(v[k]);
    if (s !== v[k] || (i > 0 && keys[i - 1]! > k)) changed = true;
    return s;
  });
  if (!changed) return v;
  const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
  const out: JsonObject = {};
  for (const i of order) setOwn(out, keys[i]!, values[i]);
  return out as T;
}
