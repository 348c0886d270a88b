import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergePatch, sortKeysDeep } from '../../../src/secrets/kv/merge-patch.js';

type Obj = Record<string, unknown>;
const json = fc.jsonValue({ maxDepth: 3 });
const obj = fc.dictionary(fc.string({ maxLength: 3 }), json, { maxKeys: 5 }) as fc.Arbitrary<Obj>;
const hasNullInObject = (v: unknown): boolean =>
  Array.isArray(v) ? v.some((el) => el !== null && hasNullInObject(el))
    : typeof v === 'object' && v !== null && Object.values(v).some((x) => x === null || hasNullInObject(x));

describe('mergePatch (RFC 7386 as evanphx/json-patch applies it)', () => {
  it('follows the RFC 7386 appendix examples', () => {
    expect(mergePatch({ a: 'b' }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: 'b' }, { b: 'c' })).toEqual({ a: 'b', b: 'c' });
    expect(mergePatch({ a: 'b' }, { a: null })).toEqual({});
    expect(mergePatch({ a: 'b', b: 'c' }, { a: null })).toEqual({ b: 'c' });
    expect(mergePatch({ a: ['b'] }, { a: 'c' })).toEqual({ a: 'c' });
    expect(mergePatch({ a: 'c' }, { a: ['b'] })).toEqual({ a: ['b'] });
    expect(mergePatch({ a: { b: 'c' } }, { a: { b: 'd', c: null } })).toEqual({ a: { b: 'd' } });
    expect(mergePatch({ a: [{ b: 'c' }] }, { a: [1] })).toEqual({ a: [1] });
    expect(mergePatch({ e: null }, { a: 1 })).toEqual({ e: null, a: 1 });
    expect(mergePatch({}, { a: { bb: { ccc: null } } })).toEqual({ a: { bb: {} } });
  });

  it('prunes nulls inside objects nested in an array unless it replaces an object, as evanphx does', () => {
    expect(mergePatch({}, { a: [{ x: null, y: 1 }, null] })).toEqual({ a: [{ y: 1 }, null] });
    expect(mergePatch({ a: [] }, { a: [{ x: null }] })).toEqual({ a: [{}] });
    expect(mergePatch({ a: {} }, { a: [{ x: null }] })).toEqual({ a: [{ x: null }] });
  });

  it('is idempotent (unless arrays in the patch hold nulls evanphx prunes only sometimes), and leaves its inputs alone', () => {
    const arrayHoldsNull = (v: unknown): boolean => Array.isArray(v) ? v.some((el) => el !== null && hasNullInObject(el))
      : typeof v === 'object' && v !== null && Object.values(v).some(arrayHoldsNull);
    fc.assert(fc.property(obj, obj, (target, patch) => {
      fc.pre(!arrayHoldsNull(patch));
      const t = structuredClone(target);
      const p = structuredClone(patch);
      const once = mergePatch(target, patch);
      expect(mergePatch(once, patch)).toEqual(once);
      expect(target).toEqual(t);
      expect(patch).toEqual(p);
    }), { numRuns: 300 });
  });

  it('removes null-patched keys, sets scalar-patched keys, and keeps untouched ones', () => {
    fc.assert(fc.property(obj, obj, (target, patch) => {
      const out = mergePatch(target, patch);
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) expect(Object.hasOwn(out, k)).toBe(false);
        else if (typeof v !== 'object') expect(out[k]).toBe(v);
      }
      for (const k of Object.keys(target)) if (!Object.hasOwn(patch, k)) expect(out[k]).toEqual(target[k]);
    }), { numRuns: 300 });
  });

  it('never leaves a null object member behind on a fresh target', () => {
    fc.assert(fc.property(obj, (patch) => !hasNullInObject(mergePatch({}, patch))), { numRuns: 300 });
  });

  it('treats an empty patch as the identity', () => {
    fc.assert(fc.property(obj, (target) => { expect(mergePatch(target, {})).toEqual(target); }), { numRuns: 200 });
  });

  it('cannot be used to reach Object.prototype', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Obj;
    const out = mergePatch({}, patch);
    expect(({} as Obj).polluted).toBeUndefined();
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'a']);
  });
});

describe('sortKeysDeep', () => {
  it('sorts every object\'s keys, keeps the value, and is idempotent', () => {
    fc.assert(fc.property(json, (v) => {
      const s = sortKeysDeep(v);
      expect(s).toEqual(v);
      expect(JSON.stringify(sortKeysDeep(s))).toBe(JSON.stringify(s));
      const check = (x: unknown): void => {
        if (Array.isArray(x)) x.forEach(check);
        else if (typeof x === 'object' && x !== null) {
          const keys = Object.keys(x).filter((k) => !/^\d+$/.test(k));
          expect(keys).toEqual([...keys].sort());
          Object.values(x).forEach(check);
        }
      };
      check(s);
    }), { numRuns: 300 });
  });

  it('returns an already sorted object as it is', () => {
    const sorted = { a: 1, b: { c: [1, { d: 2 }] } };
    expect(sortKeysDeep(sorted)).toBe(sorted);
  });
});
