// The stack-free JSON walkers (src/util/json-iter.ts) that let minivault store and serve what
// Go's decoder accepts (10000 levels): they agree with V8's own recursive ones wherever those
// work, and keep working far beyond where those overflow.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goSprintS, goValue } from '../../src/go/fmt.js';
import { copyJsonDeep, deepFreezeIter, estimateRetained, jsonDepth, stringifyIter, stringifyJson } from '../../src/util/json-iter.js';
import { mergePatch, sortKeysDeep } from '../../src/secrets/kv/merge-patch.js';

// What the recursive versions printed (fmt's %v of decoded JSON), as the reference.
const goValueRef = (v: unknown): string => {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[' + v.map(goValueRef).join(' ') + ']';
  if (typeof v === 'object') return 'map[' + Object.keys(v).sort().map((k) => `${k}:${goValueRef((v as Record<string, unknown>)[k])}`).join(' ') + ']';
  return String(v);
};

describe('stack-free JSON walkers', () => {
  it('write what JSON.stringify writes and copy what they are given, for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(stringifyIter(v)).toBe(JSON.stringify(v));
      expect(stringifyJson(v)).toBe(JSON.stringify(v));
      const copy = copyJsonDeep(v);
      expect(copy).toEqual(v);
      if (typeof v === 'object' && v !== null) expect(copy).not.toBe(v);
      expect(goValue(v)).toBe(goValueRef(v));
      expect(JSON.stringify(sortKeysDeep(v))).toBe(JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x)
        ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, (x as Record<string, unknown>)[k]])) : x)));
    }), { numRuns: 300 });
  });

  it('keep JSON.stringify’s rules for values JSON cannot hold', () => {
    const odd = { a: undefined, b: () => 1, c: [undefined, () => 1, NaN, Infinity], d: new Date(0), e: { toJSON: () => 'j' } };
    expect(stringifyIter(odd)).toBe(JSON.stringify(odd));
    expect(stringifyIter(undefined)).toBeUndefined();
    expect(() => stringifyJson(undefined)).toThrow(TypeError);
    const proto = JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.hasOwn(copyJsonDeep(proto), '__proto__')).toBe(true);
  });

  it('handle 100000 levels of nesting where V8’s recursive walkers overflow', () => {
    const deep = JSON.parse('['.repeat(100_000) + '{"a":1}' + ']'.repeat(100_000)) as unknown;
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = stringifyJson(deep);
    expect(text.length).toBe(200_007);
    expect(jsonDepth(copyJsonDeep(deep))).toBe(100_001);
    expect(Object.isFrozen(deepFreezeIter(copyJsonDeep(deep)))).toBe(true);
    expect(goValue(deep).length).toBe(200_008); // `map[a:1]` inside
    expect(goSprintS(deep).startsWith('[[[')).toBe(true);
    expect(sortKeysDeep(deep)).toBe(deep); // already sorted: unchanged, not copied
    const patched = mergePatch({ a: deep as never }, { b: deep as never });
    expect(jsonDepth(patched)).toBe(100_002);
    expect(Number.isFinite(estimateRetained(deep, text.length))).toBe(true);
  });
});
