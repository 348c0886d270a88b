// Freezes a parsed JSON value all the way down. Decodings the barrier shares between reads
// (Storage.getDecoded) are frozen so that a caller changing one fails loudly instead of changing
// what the next request sees.
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
