// Freezing and copying parsed JSON values. Decodings the barrier shares between reads
// (Storage.getDecoded) are frozen so that a caller changing one fails loudly instead of changing
// what the next request sees; data handed out of the core is copied so callers may change theirs.
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A fresh, unfrozen copy of a JSON value (for handing a shared decoding to a caller who may change it). */
export function copyJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyJson) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = copyJson((value as Record<string, unknown>)[k]);
    // A JSON key `__proto__` is an own property; plain assignment would set the prototype instead.
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out as T;
}
