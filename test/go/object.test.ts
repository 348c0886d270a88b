// deepFreeze, copyJson and setOwn (src/go/object.ts): what the storage layers share is frozen all the
// way down, and what leaves the core is a faithful, changeable copy of any JSON value.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { copyJson, deepFreeze, goMapOrder, setOwn } from '../../src/go/object.js';

describe('deepFreeze and copyJson', () => {
  it('freezes nested objects and arrays', () => {
    const v = deepFreeze(JSON.parse('{"a":{"b":[1,{"c":2}]}}') as { a: { b: [number, { c: number }] } });
    expect(Object.isFrozen(v.a.b[1])).toBe(true);
    expect(() => { (v.a.b[1] as { c: number }).c = 3; }).toThrow(TypeError);
  });

  it('copies any JSON value into an equal, unfrozen value that shares nothing', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const frozen = deepFreeze(JSON.parse(JSON.stringify(value)) as unknown);
      const copy = copyJson(frozen);
      expect(JSON.stringify(copy)).toBe(JSON.stringify(frozen));
      if (typeof copy === 'object' && copy !== null) {
        expect(copy).not.toBe(frozen);
        expect(Object.isFrozen(copy)).toBe(false);
      }
    }));
  });

  it('keeps a `__proto__` key as data, never as the prototype', () => {
    const copy = copyJson(deepFreeze(JSON.parse('{"__proto__":{"polluted":true},"x":1}') as Record<string, unknown>));
    expect(Object.keys(copy)).toEqual(['__proto__', 'x']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"x":1}');
  });
});

describe('setOwn and goMapOrder', () => {
  it('sets `__proto__` as an own key and leaves the prototype alone', () => {
    const o: Record<string, unknown> = {};
    setOwn(o, '__proto__', { polluted: true });
    expect(Object.keys(o)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
  });

  it('orders a map\'s keys by their UTF-8 bytes, as Go writes a map', () => {
    const m = JSON.parse('{"b":1,"__proto__":2,"\uffff":3,"\ud83d\ude00":4,"a":5}') as Record<string, number>;
    expect(Object.keys(goMapOrder(m))).toEqual(['__proto__', 'a', 'b', '\uffff', '\u{1f600}']);
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.integer()), (d) => {
      expect(goMapOrder(d)).toEqual(d);
    }));
  });
});

