import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GoLibError, goParseBool, goParseBoolOk, goParseFloat, goParseInt, goParseIntBig, goQuote, goQuoteAscii } from '../../src/go/strconv.js';
import { goBase64StdDecode, goCanonicalHeaderKey, goToLower, goTrimSpace } from '../../src/go/strings.js';
import { goDurationSeconds, goParseDurationNs, goParseDurationSeconds, goParseRfc3339, goTimeQuote, isRfc3339 } from '../../src/go/time.js';
import { goKind, goSprintS, goSprintT, goTypeName, goValue } from '../../src/go/fmt.js';
import { formatGoDuration } from '../../src/go/time.js';
import { goStringCompare } from '../../src/go/strings.js';

// Go's strconv, fmt, strings and time pieces (src/go) against the texts Go itself prints.
describe('goQuoteAscii (strconv.QuoteToASCII, `%+q`)', () => {
  it('is Quote with every non-ASCII rune escaped', () => {
    expect(goQuoteAscii('/tmp/é😀')).toBe('"/tmp/\\u00e9\\U0001f600"');
    expect(goQuoteAscii('a\tb')).toBe('"a\\tb"');
    fc.assert(fc.property(fc.string(), (s) => /^[\x00-\x7f]*$/.test(goQuoteAscii(s))), { numRuns: 200 });
  });
});

const wellFormed = (s: string): boolean => !/[\ud800-\udfff]/u.test(s); // no lone surrogate

describe('goStringCompare (Go\'s byte order of UTF-8)', () => {
  it('orders strings as their UTF-8 bytes compare', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
      const ours = Math.sign(goStringCompare(a, b));
      const bytes = Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
      // lone surrogates encode as U+FFFD in UTF-8, so only compare well-formed strings
      if (wellFormed(a) && wellFormed(b)) expect(ours).toBe(bytes);
    }), { numRuns: 300 });
  });
});

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

describe('goTimeQuote (the time package quote)', () => {
  it('writes non-ASCII and control characters as UTF-8 \\x bytes', () => {
    expect(goTimeQuote('1µx')).toBe('"1\\xc2\\xb5x"');
    expect(goTimeQuote('a\tb"\\')).toBe('"a\\x09b\\"\\\\"');
    expect(goTimeQuote('\ud800')).toBe('"\\xef\\xbf\\xbd"');
  });
});

describe('goParseInt (strconv.ParseInt)', () => {
  it('round-trips every int64 in base 10 and base-0 hex', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (n) => {
      expect(goParseIntBig(n.toString(), 10)).toBe(n);
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
    expect(() => goParseInt('', 0)).toThrow('strconv.ParseInt: parsing "": invalid syntax');
    expect(() => goParseInt('9223372036854775808', 10)).toThrow('strconv.ParseInt: parsing "9223372036854775808": value out of range');
  });

  it('throws GoLibError, so callers can tell Go failures from bugs', () => {
    expect(() => goParseInt('x', 10)).toThrow(GoLibError);
  });
});

describe('goParseBool (strconv.ParseBool)', () => {
  it('answers undefined instead of an error where a caller words its own', () => {
    expect(goParseBoolOk('T')).toBe(true);
    expect(goParseBoolOk('0')).toBe(false);
    for (const s of ['yes', '', 'tRUE', '__proto__', 'constructor']) expect(goParseBoolOk(s), s).toBeUndefined();
  });

  it('accepts exactly the twelve words', () => {
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) expect(goParseBool(t)).toBe(true);
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) expect(goParseBool(f)).toBe(false);
    for (const bad of ['', 'yes', 'tRUE', ' true', 'constructor', '__proto__']) {
      expect(() => goParseBool(bad)).toThrow(`strconv.ParseBool: parsing ${goQuote(bad)}: invalid syntax`);
    }
  });
});

describe('goParseFloat (strconv.ParseFloat)', () => {
  it('reads decimal, hex, underscore and special forms', () => {
    expect(goParseFloat('1.5')).toBe(1.5);
    expect(goParseFloat('.5')).toBe(0.5);
    expect(goParseFloat('5.')).toBe(5);
    expect(goParseFloat('-1e3')).toBe(-1000);
    expect(goParseFloat('1_000.5')).toBe(1000.5);
    expect(goParseFloat('0x1p-2')).toBe(0.25);
    expect(goParseFloat('0x1.8p1')).toBe(3);
    expect(goParseFloat('+Inf')).toBe(Infinity);
    expect(goParseFloat('-infinity')).toBe(-Infinity);
    expect(goParseFloat('NaN')).toBeNaN();
  });

  it('fails with Go\'s syntax and range errors', () => {
    for (const bad of ['', 'abc', '1.2.3', '1e', '0x10', '_1', '1_', '1_.5', '-nan', 'infx', '1 ']) {
      expect(() => goParseFloat(bad)).toThrow(`strconv.ParseFloat: parsing ${goQuote(bad)}: invalid syntax`);
    }
    expect(() => goParseFloat('1e400')).toThrow('strconv.ParseFloat: parsing "1e400": value out of range');
    expect(goParseFloat('1e-400')).toBe(0);
  });

  it('round-trips every finite double through its JS text', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
      expect(Object.is(goParseFloat(String(d)), d) || (d === 0 && goParseFloat(String(d)) === 0)).toBe(true);
    }), { numRuns: 300 });
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
    expect(goParseDurationNs('1µs')).toBe(1000n);
    expect(goParseDurationNs('1μs2ns')).toBe(1002n);
  });

  it('adds integer parts exactly and fractions with Go\'s float64 arithmetic', () => {
    expect(goParseDurationNs('1.000000001s')).toBe(1_000_000_001n);
    expect(goParseDurationNs('2562047h47m16.854775807s')).toBe(2n ** 63n - 1n);
    // float64(9999999999999999) is 1e16, so Go itself rounds this one up to a whole minute
    expect(goParseDurationNs('59.9999999999999999s')).toBe(60_000_000_000n);
  });

  it('fails with Go\'s messages', () => {
    expect(() => goParseDurationSeconds('')).toThrow('time: invalid duration ""');
    expect(() => goParseDurationSeconds('h')).toThrow('time: invalid duration "h"');
    expect(() => goParseDurationSeconds('.s')).toThrow('time: invalid duration ".s"');
    expect(() => goParseDurationSeconds('1')).toThrow('time: missing unit in duration "1"');
    expect(() => goParseDurationSeconds('3w')).toThrow('time: unknown unit "w" in duration "3w"');
    expect(() => goParseDurationSeconds('1_000')).toThrow('time: unknown unit "_" in duration "1_000"');
    expect(() => goParseDurationSeconds('3é')).toThrow('time: unknown unit "\\xc3\\xa9" in duration "3\\xc3\\xa9"');
  });

  it('refuses durations beyond int64 nanoseconds, but takes the minimum', () => {
    expect(() => goParseDurationNs('9223372036854775808ns')).toThrow('time: invalid duration "9223372036854775808ns"');
    expect(goParseDurationNs('-9223372036854775808ns')).toBe(-(2n ** 63n));
    expect(() => goParseDurationNs('2562048h')).toThrow('time: invalid duration');
  });

  it('reports seconds the way Duration.Seconds() does', () => {
    expect(goDurationSeconds(-1_500_000_000n)).toBe(-1.5);
    expect(goDurationSeconds(2n ** 63n - 1n)).toBe(9223372036.854776);
  });
});

describe('fmt %v and %s of decoded JSON', () => {
  it('prints values the way fmt %v does', () => {
    expect(goValue([1, 'a', null, { z: 1, a: [true] }])).toBe('[1 a <nil> map[a:[true] z:1]]');
  });

  it('prints map keys in Go\'s byte order, as fmt does', () => {
    expect(goValue({ '\uffff': 1, '😀': 2 })).toBe('map[\uffff:1 😀:2]');
  });

  it('names types and kinds for numbers decoded with UseNumber or as float64', () => {
    const values = [1, 'a', true, [1], { a: 1 }];
    expect(values.map((v) => goTypeName(v))).toEqual(['json.Number', 'string', 'bool', '[]interface {}', 'map[string]interface {}']);
    expect(values.map((v) => goTypeName(v, 'float64'))[0]).toBe('float64');
    expect(values.map((v) => goKind(v))).toEqual(['string', 'string', 'bool', 'slice', 'map']);
    expect(values.map((v) => goKind(v, 'float64'))).toEqual(['float64', 'string', 'bool', 'slice', 'map']);
  });

  it('names types as %T does for decoded JSON (json.Number for numbers)', () => {
    expect([null, 1, 'a', true, [1], { a: 1 }].map(goSprintT)).toEqual(['<nil>', 'json.Number', 'string', 'bool', '[]interface {}', 'map[string]interface {}']);
  });

  it('prints non-strings under %s as %!s(…)', () => {
    expect(goSprintS(['a', 1, true, null])).toBe('[a 1 %!s(bool=true) %!s(<nil>)]');
    expect(goSprintS({ b: false, a: 'x' })).toBe('map[a:x b:%!s(bool=false)]');
  });
});

describe('strings, base64, headers and RFC 3339', () => {
  it('trims Go\'s white space only', () => {
    expect(goTrimSpace(' \t\u0085a b\u3000\n')).toBe('a b');
    expect(goTrimSpace('\ufeffa\ufeff')).toBe('\ufeffa\ufeff');
  });

  it('lower-cases rune by rune', () => {
    expect(goToLower('ÀBΣ')).toBe('àbσ');
    expect(goToLower('\u0130')).toBe('i');
  });

  it('decodes padded standard base64 only', () => {
    expect(goBase64StdDecode('eyJhIjoiYiJ9')?.toString()).toBe('{"a":"b"}');
    expect(goBase64StdDecode('YQ==\r\n')?.toString()).toBe('a');
    expect(goBase64StdDecode('YQ')).toBeUndefined();
    expect(goBase64StdDecode('a-b_')).toBeUndefined();
  });

  it('canonicalises MIME header keys', () => {
    expect(goCanonicalHeaderKey('content-type')).toBe('Content-Type');
    expect(goCanonicalHeaderKey('X-VAULT-token')).toBe('X-Vault-Token');
    expect(goCanonicalHeaderKey('bad key')).toBe('bad key');
    expect(goCanonicalHeaderKey('ünï')).toBe('ünï');
  });

  it('keeps Time.UnmarshalText strict where time.Parse is lenient', () => {
    expect(isRfc3339('2026-01-02T03:04:05Z')).toBe(true);
    expect(isRfc3339('2024-02-29T23:59:59.123+05:30')).toBe(true);
    expect(goParseRfc3339('2026-01-02T3:04:05Z')).toBeDefined();
    for (const s of ['2026-01-02T3:04:05Z', '2026-01-02T03:04:05,5Z', '2023-02-29T00:00:00Z', '2026-01-02T03:04:05+24:00', '2026-01-02 03:04:05Z']) {
      expect(isRfc3339(s), s).toBe(false);
    }
  });

  it('parses RFC 3339 with Go\'s leniencies and range checks', () => {
    expect(goParseRfc3339('2024-02-29T12:00:00Z')?.toISOString()).toBe('2024-02-29T12:00:00.000Z');
    expect(goParseRfc3339('2024-01-02T03:04:05.123456789+01:30')?.toISOString()).toBe('2024-01-02T01:34:05.123Z');
    expect(goParseRfc3339('2024-01-02T3:04:05,5Z')?.toISOString()).toBe('2024-01-02T03:04:05.500Z');
    expect(goParseRfc3339('0001-01-01T00:00:00Z')?.getTime()).toBe(-62_135_596_800_000);
    for (const bad of ['2023-02-29T00:00:00Z', '2024-01-02T24:00:00Z', '2024-01-02t00:00:00Z', '2024-01-02T00:00:00z',
      '2024-01-02T00:00:00', '2024-01-02 00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-02T00:00:00+25:00', '1700000000']) {
      expect(goParseRfc3339(bad)).toBeUndefined();
    }
  });
});
