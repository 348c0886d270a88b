// JSON merge patch (RFC 7386) as evanphx/json-patch's MergePatch applies it, which is what Vault's
// framework.HandlePatchOperation uses for KV PATCH: a null removes a key, objects merge
// recursively, anything else replaces. One evanphx detail differs from the RFC text: when a patch
// value lands where the document has no object (key absent, null, or a non-object), nulls inside
// it are pruned, including inside objects nested in arrays.
import { copyJsonDeep, rebuildJson, type JsonRebuilder } from '../../util/json-iter.js';
import { setOwn } from '../../go/object.js';

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

// Every walker here is iterative (src/util/json-iter.ts): documents may nest 10000 levels deep.
const PRUNE: JsonRebuilder = {
  keys: (o) => Object.keys(o),
  leaf: (v) => v,
  array: (_n, values) => values,
  object: (_n, keys, values) => {
    const out: JsonObject = {};
    for (let i = 0; i < keys.length; i++) if (values[i] !== null) setOwn(out, keys[i]!, values[i]);
    return out;
  },
};

function pruneNulls(v: Json): Json {
  return rebuildJson(v, PRUNE);
}

function mergeInto(root: JsonObject, rootPatch: JsonObject): void {
  const pending: Array<[JsonObject, JsonObject]> = [[root, rootPatch]];
  while (pending.length > 0) {
    const [doc, patch] = pending.pop()!;
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
        pending.push([current, value]);
      } else {
        setOwn(doc, k, value);
      }
    }
  }
}

/** Returns `target` with `patch` applied; neither input is modified. */
export function mergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const doc = copyJsonDeep(target);
  mergeInto(doc, copyJsonDeep(patch));
  return doc;
}

/**
 * `v` with every object's keys in sorted order, as Go's encoding/json writes a map. Objects that
 * are already sorted are returned as they are, so the usual case allocates nothing.
 */
export function sortKeysDeep<T extends Json>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  return rebuildJson(v, SORT) as T;
}

const SORT: JsonRebuilder = {
  keys: (o) => Object.keys(o),
  leaf: (v) => v,
  array: (node, values) => (values.every((s, i) => s === node[i]) ? node : values),
  object: (node, keys, values) => {
    let changed = false;
    for (let i = 0; i < keys.length && !changed; i++) changed = values[i] !== node[keys[i]!] || (i > 0 && keys[i - 1]! > keys[i]!);
    if (!changed) return node;
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
    const out: JsonObject = {};
    for (const i of order) setOwn(out, keys[i]!, values[i]);
    return out;
  },
};
