// Go's JSON writer (src/go/json.ts): HTML-safe escaping that keeps the value, json.Encoder and
// MarshalIndent output, and Go's map key order where JavaScript would reorder keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GoStruct, goEscapeJson, goJson, goJsonIndent, isIndexKey } from '../../src/go/json.js';

describe('goEscapeJson', () => {
  it('keeps the value and leaves no <, >, &, U+2028 or U+2029 in the text', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '<', '>', '&', '\u2028', '\u2029', '"', '\\', 'é') });
    fc.assert(fc.property(fc.array(text), (strings) => {
      const escaped = goEscapeJson(JSON.stringify(strings));
      expect(JSON.parse(escaped)).toEqual(strings);
      expect(/[<>&\u2028\u2029]/.test(escaped)).toBe(false);
    }));
    expect(goEscapeJson('{"a":"<b>&"}')).toBe('{"a":"\\u003cb\\u003e\\u0026"}');
    const plain = '{"a":"b"}';
    expect(goEscapeJson(plain)).toBe(plain);
  });
});

describe('goJson', () => {
  it('writes json.Encoder output with the newline and Go map order when asked', () => {
    expect(goJson({ b: '<', a: 1 })).toBe('{"b":"\\u003c","a":1}');
    expect(goJson({ b: 1 }, { newline: true })).toBe('{"b":1}\n');
    // JavaScript lists array-index keys first; Go sorts every map key by its bytes
    expect(goJson({ b: 1, 10: 2, 9: 3, '': 4 }, { exact: true })).toBe('{"":4,"10":2,"9":3,"b":1}');
    expect(() => goJson(undefined)).toThrow(TypeError);
  });

  it('gives the same value back with either option, for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const expected = JSON.parse(JSON.stringify(v)) as unknown;
      expect(JSON.parse(goJson(v))).toEqual(expected);
      expect(JSON.parse(goJson(v, { exact: true, newline: true }))).toEqual(expected);
    }), { numRuns: 200 });
  });

  it('tells array-index keys from other numeric-looking keys', () => {
    expect(['0', '9', '10', '4294967294'].every(isIndexKey)).toBe(true);
    expect(['01', '-1', '1.5', '4294967295', 'a1', ''].some(isIndexKey)).toBe(false);
  });
});

describe('goJsonIndent', () => {
  it('writes MarshalIndent: maps sorted, structs in field order without undefined members', () => {
    const v = { z: [1, { y: null, x: '&' }], a: new GoStruct([['second', 2], ['skipped', undefined], ['first', []]]), e: {} };
    expect(goJsonIndent(v)).toBe([
      '{',
      '  "a": {',
      '    "second": 2,',
      '    "first": []',
      '  },',
      '  "e": {},',
      '  "z": [',
      '    1,',
      '    {',
      '      "x": "\\u0026",',
      '      "y": null',
      '    }',
      '  ]',
      '}',
    ].join('\n'));
  });

  it('sorts keys by code point as Go does, not by UTF-16 unit', () => {
    expect(goJsonIndent({ '\uffff': 1, '😀': 2 })).toBe('{\n  "\uffff": 1,\n  "😀": 2\n}');
  });
});
