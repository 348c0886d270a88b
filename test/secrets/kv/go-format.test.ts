import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBool, decodeCommaIntSlice, decodeDurationSecond, decodeInt, decodeMap, decodeString } from '../../../src/secrets/kv/fields.js';
import { goParseDurationSeconds, goParseInt, goQuote, goValue } from '../../../src/secrets/kv/go-format.js';
import { formatGoDuration } from '../../../src/util/duration.js';

describe('goQuote (strconv.Quote)', () => {
  it('matches JSON string quoting for printable ASCII', () => {
    fc.assert(fc.property(fc.string(), (s) => goQuote(s) === JSON.stringify(s)), { numRuns: 300 });
  });

  it('escapes the way Go does for control, format and astral characters', () => {
    expect(goQuote('a\u0000b')).toBe('"a\\x00b"');
    expect(goQuote('\t\n\u0007')).toBe('"\\t\\n\\a"');
    expect(goQuote('\u200b\u00a0')).toBe('"\\u200b\\u00a0"');
    expect(goQuote('é😀')).toBe('"é😀"');
    expect(goQuote('\u{e0001}')).toBe('"\\U000e0001"');
  });
});

describe('goParseInt (strconv.ParseInt)', () => {
  it('round-trips every int64 in base 10 and base-0 hex', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
      expect(goParseInt(n.toString(), 10)).toBe(Number(n));
      const hex = (n < 0n ? '-0x' : '0x') + (n < 0n ? -n : n).toString(16);
      expect(goParseInt(hex, 0)).toBe(Number(n));
    }), { numRuns: 300 });
  });

  it('knows Go literal prefixes and underscores in base 0 only', () => {
    expect(goParseInt('0o17', 0)).toBe(15);
    expect(goParseInt('017', 0)).toBe(15);
    expect(goParseInt('0b101', 0)).toBe(5);
    expect(goParseInt('1_000', 0)).toBe(1000);
    expect(() => goParseInt('1_000', 10)).toThrow('strconv.ParseInt: parsing "1_000": invalid syntax');
    expect(() => goParseInt('_1', 0)).toThrow('invalid syntax');
    expect(() => goParseInt('9223372036854775808', 10)).toThrow('strconv.ParseInt: parsing "9223372036854775808": value out of range');
  });
});

describe('goParseDurationSeconds (time.ParseDuration)', () => {
  it('inverts formatGoDuration', () => {
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), (s) => goParseDurationSeconds(formatGoDuration(s)) === s), { numRuns: 300 });
  });

  it('adds mixed units and fractions', () => {
    expect(goParseDurationSeconds('1h30m')).toBe(5400);
    expect(goParseDurationSeconds('1.5h')).toBe(5400);
    expect(goParseDurationSeconds('.5s')).toBe(0.5);
    expect(goParseDurationSeconds('1500ms')).toBe(1.5);
    expect(goParseDurationSeconds('-0')).toBe(0);
  });

  it('fails with Go\'s messages', () => {
    expect(() => goParseDurationSeconds('')).toThrow('time: invalid duration ""');
    expect(() => goParseDurationSeconds('h')).toThrow('time: invalid duration "h"');
    expect(() => goParseDurationSeconds('1')).toThrow('time: missing unit in duration "1"');
    expect(() => goParseDurationSeconds('3w')).toThrow('time: unknown unit "w" in duration "3w"');
  });
});

describe('weak field decoding (mapstructure)', () => {
  it('decodes ints from numbers, strings, booleans and null', () => {
    expect(decodeInt('', 7)).toBe(7);
    expect(decodeInt('', '7')).toBe(7);
    expect(decodeInt('', '')).toBe(0);
    expect(decodeInt('', true)).toBe(1);
    expect(decodeInt('', null)).toBe(0);
    expect(() => decodeInt('', { a: 1 })).toThrow("'' expected type 'int', got unconvertible type 'map[string]interface {}', value: 'map[a:1]'");
  });

  it('decodes bools through strconv.ParseBool, numbers included', () => {
    for (const t of [true, 'true', 'T', '1', 1]) expect(decodeBool('', t)).toBe(true);
    for (const f of [false, 'false', 'F', '0', 0, '', null]) expect(decodeBool('', f)).toBe(false);
    expect(() => decodeBool('', 'yes')).toThrow('cannot parse \'\' as bool: strconv.ParseBool: parsing "yes": invalid syntax');
  });

  it('decodes strings from scalars only', () => {
    expect(decodeString('', 12)).toBe('12');
    expect(decodeString('', true)).toBe('1');
    expect(decodeString('', null)).toBe('');
  });

  it('merges a list of maps into one map', () => {
    expect(decodeMap('', [{ a: 1 }, null, { b: 2, a: 3 }])).toEqual({ a: 3, b: 2 });
    expect(decodeMap('', [])).toEqual({});
    expect(decodeMap('', null)).toEqual({});
  });

  it('decodes comma int slices from lists, comma strings and single values', () => {
    fc.assert(fc.property(fc.array(fc.integer()), (xs) => {
      expect(decodeCommaIntSlice(xs)).toEqual(xs);
      expect(decodeCommaIntSlice(xs.join(','))).toEqual(xs);
    }), { numRuns: 200 });
    expect(decodeCommaIntSlice(3)).toEqual([3]);
    expect(decodeCommaIntSlice(true)).toEqual([1]);
    expect(decodeCommaIntSlice({})).toEqual([]);
  });

  it('decodes durations as whole seconds, with days and bare integers', () => {
    expect(decodeDurationSecond('90', false)).toBe(90);
    expect(decodeDurationSecond(90, false)).toBe(90);
    expect(decodeDurationSecond('2d', false)).toBe(172800);
    expect(decodeDurationSecond('1.9s', false)).toBe(1);
    expect(decodeDurationSecond('', false)).toBe(0);
    expect(decodeDurationSecond(null, false)).toBeUndefined();
    expect(decodeDurationSecond('-1s', true)).toBe(-1);
    expect(() => decodeDurationSecond('-1s', false)).toThrow("cannot provide negative value '-1'");
  });

  it('prints values the way fmt %v does', () => {
    expect(goValue([1, 'a', null, { z: 1, a: [true] }])).toBe('[1 a <nil> map[a:[true] z:1]]');
  });
});
