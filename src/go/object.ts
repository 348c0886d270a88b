// Go-decoded JSON held as JavaScript objects: a JSON key such as `__proto__` is data in Go's
// map[string]interface{} and must stay an own property here (setOwn); decodings shared between
// readers are frozen so that a caller changing one fails loudly (deepFreeze), and copied before
// they are handed to a caller who may change them (copyJson); a Go map's keys come out sorted by
// their bytes (goMapOrder: encoding/json sorts map keys, golang/go src/encoding/json/encode.go).
import { goStringCompare } from './strings.js';

import { copyJsonDeep, deepFreezeIter, setOwn } from '../util/json-iter.js';

/** Sets an own property even for the key `__proto__` (defined beside the JSON walkers that need it too). */
export { setOwn };

/**
 * Freezes a value and everything reachable from it (already frozen parts are not walked again).
 * Without recursion: Go accepts JSON 10000 levels deep (src/util/json-iter.ts).
 */
export function deepFreeze<T>(value: T): T {
  return deepFreezeIter(value);
}

/** A fresh, unfrozen copy of a JSON value (for handing a shared decoding to a caller who may change it). */
export function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  return copyJsonDeep(value);
}

/** A copy of a Go map with its keys in Go's order (sorted by their UTF-8 bytes), `__proto__` kept as data. */
export function goMapOrder<T>(m: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(m).sort(goStringCompare)) setOwn(out, k, m[k] as T);
  return out;
}
