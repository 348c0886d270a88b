import { gzipSync } from 'node:zlib';
import { fc, it as itProp } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { decodeFieldValue, defaultOrZero, fieldTypeName, GO_ZERO_TIME_MS, zeroValue } from '../../src/framework/field-types.js';
import { FieldDecodeError } from '../../src/go/weak.js';
import { goQuote } from '../../src/go/strconv.js';
import type { FieldType } from '../../src/framework/types.js';

const ALL_TYPES: FieldType[] = [
  'string', 'lowercase_string', 'name_string', 'int', 'int64', 'float', 'bool', 'duration_second',
  'signed_duration_second', 'map', 'kvpairs', 'slice', 'string_slice', 'comma_string_slice', 'comma_int_slice',
  'header', 'time',
];

const decode = decodeFieldValue;
const MAP = 'map[string]interface {}';
const SLICE = '[]interface {}';
const unconvertible = (want: string, got: string, value: string, name = '') =>
  `'${name}' expected type '${want}', got unconvertible type '${got}', value: '${value}'`;
const decoding = (...points: string[]) => `${points.length} error(s) decoding:\n\n${points.map((p) => `* ${p}`).join('\n')}`;

function cause(type: FieldType, value: unknown): string {
  try {
    decode(type, value);
  } catch (e) {
    expect(e).toBeInstanceOf(FieldDecodeError);
    return (e as Error).message;
  }
  throw new Error(`${type} accepted ${JSON.stringify(value)}`);
}

describe('string types (mapstructure decodeString)', () => {
  it.each([
    ['abc', 'abc'], [1.5, '1.5'], [3, '3'], [true, '1'], [false, '0'], [null, ''], ['', ''],
  ])('string %j → %j', (input, out) => expect(decode('string', input)).toBe(out));

  it('refuses objects and arrays with their Go type and %v value', () => {
    expect(cause('string', { a: 1 })).toBe(unconvertible('string', MAP, 'map[a:1]'));
    expect(cause('string', ['a', 'b'])).toBe(unconvertible('string', SLICE, '[a b]'));
  });

  it('lower-cases lowercase_string after the same decoding', () => {
    expect(decode('lowercase_string', 'AbC')).toBe('abc');
    expect(decode('lowercase_string', true)).toBe('1');
    expect(cause('lowercase_string', {})).toBe(unconvertible('string', MAP, 'map[]'));
  });

  it('accepts name_string only in the generic name format', () => {
    for (const ok of ['a', 'my-role.1', 'my_role', 'A9']) expect(decode('name_string', ok)).toBe(ok);
    expect(decode('name_string', 3)).toBe('3');
    for (const bad of ['-a', 'a-', '.a', 'a b', '', null, 'é']) {
      expect(cause('name_string', bad)).toBe('field does not match the formatting rules');
    }
  });
});

describe('integer types (mapstructure decodeInt)', () => {
  it.each([
    [5, 5], ['5', 5], ['0x10', 16], ['010', 8], ['0b11', 3], ['1_000', 1000], ['-7', -7], ['', 0], [true, 1], [false, 0], [null, 0],
  ])('int %j → %j', (input, out) => {
    expect(decode('int', input)).toBe(out);
    expect(decode('int64', input)).toBe(out);
  });

  it('parses JSON numbers as text, so fractions and exponents fail', () => {
    expect(cause('int', 1.5)).toBe(`cannot parse '' as int: strconv.ParseInt: parsing "1.5": invalid syntax`);
    expect(cause('int', '1.5')).toBe(`cannot parse '' as int: strconv.ParseInt: parsing "1.5": invalid syntax`);
    expect(cause('int', '1e3')).toBe(`cannot parse '' as int: strconv.ParseInt: parsing "1e3": invalid syntax`);
    expect(cause('int', 'abc')).toBe(`cannot parse '' as int: strconv.ParseInt: parsing "abc": invalid syntax`);
    expect(cause('int', '9223372036854775808')).toBe(
      `cannot parse '' as int: strconv.ParseInt: parsing "9223372036854775808": value out of range`);
  });

  it('names the target type for objects and arrays', () => {
    expect(cause('int', { a: 1 })).toBe(unconvertible('int', MAP, 'map[a:1]'));
    expect(cause('int', [1])).toBe(unconvertible('int', SLICE, '[1]'));
    expect(cause('int64', [1])).toBe(unconvertible('int64', SLICE, '[1]'));
  });

  itProp.prop([fc.integer()])('round-trips every int through its text', (n) => {
    expect(decode('int', String(n))).toBe(n);
    expect(decode('int', n)).toBe(n);
  });
});

describe('float (mapstructure decodeFloat)', () => {
  it.each([[1.5, 1.5], ['2.5', 2.5], ['1e3', 1000], ['', 0], [true, 1], [null, 0], [7, 7]])('float %j → %j', (input, out) => {
    expect(decode('float', input)).toBe(out);
  });

  it('fails with strconv.ParseFloat and float64 texts', () => {
    expect(cause('float', 'abc')).toBe(`cannot parse '' as float: strconv.ParseFloat: parsing "abc": invalid syntax`);
    expect(cause('float', {})).toBe(unconvertible('float64', MAP, 'map[]'));
  });
});

describe('bool (mapstructure decodeBool)', () => {
  it('takes strconv.ParseBool words, JSON 0/1 and "" as false', () => {
    for (const t of [true, 'true', 'T', 'TRUE', '1', 1]) expect(decode('bool', t)).toBe(true);
    for (const f of [false, 'false', 'F', '0', 0, '', null]) expect(decode('bool', f)).toBe(false);
  });

  it('refuses other words and numbers with the ParseBool error', () => {
    expect(cause('bool', 'yes')).toBe(`cannot parse '' as bool: strconv.ParseBool: parsing "yes": invalid syntax`);
    expect(cause('bool', 2)).toBe(`cannot parse '' as bool: strconv.ParseBool: parsing "2": invalid syntax`);
    expect(cause('bool', '3false3')).toBe(`cannot parse '' as bool: strconv.ParseBool: parsing "3false3": invalid syntax`);
    expect(cause('bool', { a: 1 })).toBe(unconvertible('bool', MAP, 'map[a:1]'));
  });

  itProp.prop([fc.string()])('either decodes a ParseBool word or reports it quoted', (s) => {
    const words: Record<string, boolean> = { '1': true, t: true, T: true, TRUE: true, true: true, True: true,
      '0': false, f: false, F: false, FALSE: false, false: false, False: false, '': false };
    if (Object.hasOwn(words, s)) expect(decode('bool', s)).toBe(words[s]);
    else expect(cause('bool', s)).toBe(`cannot parse '' as bool: strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`);
  });
});

describe('durations (parseutil.ParseDurationSecond)', () => {
  it.each([
    [90, 90], ['90', 90], ['+90', 90], ['2d', 172800], ['1h30m', 5400], ['90s', 90], ['1.9s', 1], ['', 0], ['-0.5s', 0], ['0', 0],
  ])('duration_second %j → %j seconds', (input, out) => expect(decode('duration_second', input)).toBe(out));

  it('treats null as not sent', () => {
    expect(decode('duration_second', null)).toBeUndefined();
    expect(decode('signed_duration_second', null)).toBeUndefined();
  });

  it('reports Go\'s duration and strconv errors', () => {
    expect(cause('duration_second', 'abc')).toBe('time: invalid duration "abc"');
    expect(cause('duration_second', '1.5')).toBe('time: missing unit in duration "1.5"');
    expect(cause('duration_second', 1.5)).toBe('time: missing unit in duration "1.5"');
    expect(cause('duration_second', '10x')).toBe('time: unknown unit "x" in duration "10x"');
    expect(cause('duration_second', '1.5d')).toBe('strconv.ParseInt: parsing "1.5": invalid syntax');
    expect(cause('duration_second', 'd')).toBe('strconv.ParseInt: parsing "": invalid syntax');
    for (const v of [true, {}, [], ['1h']]) expect(cause('duration_second', v)).toBe('could not parse duration from input');
  });

  it('refuses negatives unless signed', () => {
    expect(cause('duration_second', -5)).toBe("cannot provide negative value '-5'");
    expect(cause('duration_second', '-1s')).toBe("cannot provide negative value '-1'");
    expect(decode('signed_duration_second', -5)).toBe(-5);
    expect(decode('signed_duration_second', '-1h')).toBe(-3600);
  });

  it('wraps int64 nanoseconds on overflow as parseutil v0.1.8 does', () => {
    expect(decode('signed_duration_second', '9223372037')).toBe(-9223372036);
    expect(cause('duration_second', '9223372037')).toBe("cannot provide negative value '-9223372036'");
  });

  itProp.prop([fc.nat()])('reads bare seconds, `s` and `d` forms alike', (n) => {
    expect(decode('duration_second', n)).toBe(n);
    expect(decode('duration_second', `${n % 1e6}s`)).toBe(n % 1e6);
    expect(decode('duration_second', `${n % 1e5}d`)).toBe((n % 1e5) * 86400);
  });
});

describe('time (parseutil.ParseAbsoluteTime, in UTC)', () => {
  it('reads RFC 3339 and epoch seconds', () => {
    expect((decode('time', '2024-01-02T03:04:05Z') as Date).toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect((decode('time', '2024-01-02T03:04:05.5+02:00') as Date).toISOString()).toBe('2024-01-02T01:04:05.500Z');
    expect((decode('time', '1700000000') as Date).getTime()).toBe(1.7e12);
    expect((decode('time', 1700000000) as Date).getTime()).toBe(1.7e12);
    expect(decode('time', null)).toBeUndefined();
  });

  it('fails with parseutil\'s and strconv\'s texts', () => {
    expect(cause('time', 'nope')).toBe('could not parse string as date and time');
    expect(cause('time', '')).toBe('could not parse string as date and time');
    expect(cause('time', 1.5)).toBe('strconv.ParseInt: parsing "1.5": invalid syntax');
    expect(cause('time', true)).toBe('could not parse time from input type');
    expect(cause('time', {})).toBe('could not parse time from input type');
  });
});

describe('map (mapstructure decodeMap)', () => {
  it('takes objects and merges lists of objects in order', () => {
    expect(decode('map', { a: 1, b: null })).toEqual({ a: 1, b: null });
    expect(decode('map', [{ a: 1 }, null, { b: 2, a: 3 }])).toEqual({ a: 3, b: 2 });
    expect(decode('map', [[{ a: 1 }]])).toEqual({ a: 1 });
    expect(decode('map', [])).toEqual({});
    expect(decode('map', {})).toEqual({});
    expect(decode('map', [[]])).toEqual({});
  });

  it('gives Go\'s nil map (null) for null and lists of nulls', () => {
    expect(decode('map', null)).toBeNull();
    expect(decode('map', [null])).toBeNull();
  });

  it('names the kind it got', () => {
    expect(cause('map', 'x')).toBe("'' expected a map, got 'string'");
    expect(cause('map', 5)).toBe("'' expected a map, got 'string'");
    expect(cause('map', true)).toBe("'' expected a map, got 'bool'");
    expect(cause('map', [1])).toBe("'[0]' expected a map, got 'string'");
    expect(cause('map', [{ a: 1 }, 'x'])).toBe("'[1]' expected a map, got 'string'");
  });

  it('keeps a __proto__ key as data', () => {
    const out = decode('map', JSON.parse('{"__proto__":{"x":1}}')) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe('kvpairs (map[string]string, else k=v strings)', () => {
  it('stringifies object values weakly', () => {
    expect(decode('kvpairs', { a: 'x', b: 1, c: true, d: null })).toEqual({ a: 'x', b: '1', c: '1', d: '' });
    expect(decode('kvpairs', [{ a: 1 }])).toEqual({ a: '1' });
    expect(decode('kvpairs', [])).toEqual({});
    expect(decode('kvpairs', null)).toBeNull();
  });

  it('splits k=v items at the first "=" without splitting on commas', () => {
    expect(decode('kvpairs', ['a=1', 'b=c=d', 'e='])).toEqual({ a: '1', b: 'c=d', e: '' });
    expect(decode('kvpairs', 'a=1,b=2')).toEqual({ a: '1,b=2' });
  });

  it('reports bad pairs quoted', () => {
    expect(cause('kvpairs', 'x')).toBe('invalid key pair "x"');
    expect(cause('kvpairs', '=x')).toBe('invalid key pair "=x"');
    expect(cause('kvpairs', '')).toBe('invalid key pair ""');
    expect(cause('kvpairs', 3)).toBe('invalid key pair "3"');
    expect(cause('kvpairs', ['a=1', null])).toBe('invalid key pair ""');
  });

  it('reports nested objects from the list attempt', () => {
    expect(cause('kvpairs', { a: { b: 1 } })).toBe(decoding(unconvertible('string', MAP, 'map[a:map[b:1]]', '[0]')));
    expect(cause('kvpairs', [{ a: 1 }, 'x=1'])).toBe(decoding(unconvertible('string', MAP, 'map[a:1]', '[0]')));
  });
});

describe('slices', () => {
  it('slice keeps elements and lifts scalars', () => {
    expect(decode('slice', [1, 'a', null])).toEqual([1, 'a', null]);
    expect(decode('slice', 'a')).toEqual(['a']);
    expect(decode('slice', '')).toEqual(['']);
    expect(decode('slice', 3)).toEqual([3]);
    expect(decode('slice', { a: 1 })).toEqual([{ a: 1 }]);
    for (const empty of [{}, null, []]) expect(decode('slice', empty)).toEqual([]);
  });

  it('string_slice stringifies and trims, without splitting', () => {
    expect(decode('string_slice', ['a', ' b ', 1, true, null])).toEqual(['a', 'b', '1', '1', '']);
    expect(decode('string_slice', 'a,b')).toEqual(['a,b']);
    expect(decode('string_slice', ' a ')).toEqual(['a']);
    expect(decode('string_slice', 5)).toEqual(['5']);
    for (const empty of ['', null, {}, []]) expect(decode('string_slice', empty)).toEqual([]);
  });

  it('string_slice collects element errors, sorted', () => {
    expect(cause('string_slice', [{ a: 1 }])).toBe(decoding(unconvertible('string', MAP, 'map[a:1]', '[0]')));
    expect(cause('string_slice', { a: 1 })).toBe(decoding(unconvertible('string', MAP, 'map[a:1]', '[0]')));
    expect(cause('string_slice', ['ok', ['x'], { b: 2 }])).toBe(decoding(
      unconvertible('string', SLICE, '[x]', '[1]'), unconvertible('string', MAP, 'map[b:2]', '[2]')));
  });

  it('comma_string_slice splits a string on commas and trims every item', () => {
    expect(decode('comma_string_slice', 'a, b ,c')).toEqual(['a', 'b', 'c']);
    expect(decode('comma_string_slice', 'a,,b')).toEqual(['a', '', 'b']);
    expect(decode('comma_string_slice', 12)).toEqual(['12']);
    expect(decode('comma_string_slice', 1.5)).toEqual(['1.5']);
    expect(decode('comma_string_slice', ['a,b', ' c'])).toEqual(['a,b', 'c']);
    expect(decode('comma_string_slice', true)).toEqual(['1']);
    for (const empty of ['', null, {}, []]) expect(decode('comma_string_slice', empty)).toEqual([]);
    expect(cause('comma_string_slice', [{ a: 1 }])).toBe(decoding(unconvertible('string', MAP, 'map[a:1]', '[0]')));
  });

  itProp.prop([fc.array(fc.string().filter((s) => !s.includes(',')), { minLength: 1 })])(
    'comma_string_slice of items.join(",") gives the trimmed items', (items) => {
      fc.pre(items.join(',') !== '');
      expect(decode('comma_string_slice', items.join(','))).toEqual(items.map((s) => s.trim()));
    });

  it('comma_int_slice reads comma strings, lists and single values', () => {
    expect(decode('comma_int_slice', '1,2,3')).toEqual([1, 2, 3]);
    expect(decode('comma_int_slice', [1, '2', true, null])).toEqual([1, 2, 1, 0]);
    expect(decode('comma_int_slice', 3)).toEqual([3]);
    expect(decode('comma_int_slice', '1,,0x10')).toEqual([1, 0, 16]);
    for (const empty of ['', null, {}, []]) expect(decode('comma_int_slice', empty)).toEqual([]);
  });

  it('comma_int_slice reports each bad item by index', () => {
    expect(cause('comma_int_slice', 'one,two')).toBe(decoding(
      `cannot parse '[0]' as int: strconv.ParseInt: parsing "one": invalid syntax`,
      `cannot parse '[1]' as int: strconv.ParseInt: parsing "two": invalid syntax`));
    expect(cause('comma_int_slice', [1.5])).toBe(decoding(`cannot parse '[0]' as int: strconv.ParseInt: parsing "1.5": invalid syntax`));
    expect(cause('comma_int_slice', '1, 2')).toBe(decoding(`cannot parse '[1]' as int: strconv.ParseInt: parsing " 2": invalid syntax`));
    expect(cause('comma_int_slice', [{ a: 1 }])).toBe(decoding(unconvertible('int', MAP, 'map[a:1]', '[0]')));
  });

  itProp.prop([fc.array(fc.integer())])('comma_int_slice of xs.join(",") and of xs gives xs', (xs) => {
    expect(decode('comma_int_slice', xs.join(','))).toEqual(xs);
    expect(decode('comma_int_slice', xs)).toEqual(xs);
  });
});

describe('header (http.Header)', () => {
  const want = { 'Content-Type': ['text/json'], Accept: ['a', 'b'] };

  it('reads an object, a JSON string, base64 JSON and Key:Value lists, canonicalising keys', () => {
    expect(decode('header', { 'content-type': 'text/json', accept: ['a', 'b'] })).toEqual(want);
    const json = '{"content-type":"text/json","accept":["a","b"]}';
    expect(decode('header', json)).toEqual(want);
    expect(decode('header', Buffer.from(json).toString('base64'))).toEqual(want);
    expect(decode('header', ['content-type:text/json', 'accept:a', 'ACCEPT:b'])).toEqual(want);
    expect(decode('header', ['x:  spaced '])).toEqual({ X: ['  spaced '] });
    expect(decode('header', { n: 5, m: [6] })).toEqual({ N: ['5'], M: ['6'] });
    const gzipped = Buffer.concat([Buffer.from('G'), gzipSync(json)]);
    expect(decode('header', gzipped.toString('base64'))).toEqual(want);
  });

  it('gives an empty header for null, empty values and JSON null', () => {
    for (const empty of [null, [], {}, ' null', [null]]) expect(decode('header', empty)).toEqual({});
  });

  it('reads a string that happens to be valid base64 as base64, as Go does', () => {
    expect(cause('header', 'null')).toBe("invalid character '\\u009e' looking for beginning of value");
  });

  it('reports bad pairs, values and JSON', () => {
    expect(cause('header', ['x'])).toBe('invalid key pair "x"');
    expect(cause('header', [':v'])).toBe('invalid key pair ":v"');
    for (const v of [[5], true, 5]) expect(cause('header', v)).toBe('invalid key pair ""');
    expect(cause('header', { a: true })).toBe('unrecognized type for %!s(bool=true)');
    expect(cause('header', { a: { b: 'c' } })).toBe('unrecognized type for map[b:c]');
    expect(cause('header', { a: [true] })).toBe('received non-string value for header key:a, val:[%!s(bool=true)]');
    expect(cause('header', 'x:y')).toBe("invalid character 'x' looking for beginning of value");
    expect(cause('header', '"abc"')).toBe('json: cannot unmarshal string into Go value of type map[string]interface {}');
    expect(cause('header', ' ')).toBe('EOF');
    expect(cause('header', '')).toBe("'data' being decoded is nil");
    expect(cause('header', 'Gx')).toBe('failed to decompress JSON: failed to create a compression reader: unexpected EOF');
  });
});

describe('zero values, defaults and type names', () => {
  it('zeroValue gives a fresh zero per type', () => {
    expect(zeroValue('string')).toBe('');
    expect(zeroValue('int64')).toBe(0);
    expect(zeroValue('bool')).toBe(false);
    expect(zeroValue('kvpairs')).toEqual({});
    expect(zeroValue('comma_int_slice')).toEqual([]);
    expect((zeroValue('time') as Date).toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(GO_ZERO_TIME_MS).toBe(Date.parse('0001-01-01T00:00:00Z'));
    expect(zeroValue('map')).not.toBe(zeroValue('map'));
  });

  it('defaultOrZero converts duration defaults to whole seconds', () => {
    expect(defaultOrZero({ type: 'duration_second', default: '768h' })).toBe(2764800);
    expect(defaultOrZero({ type: 'duration_second', default: '2d' })).toBe(172800);
    expect(defaultOrZero({ type: 'duration_second', default: 60 })).toBe(60);
    expect(defaultOrZero({ type: 'duration_second', default: 'bogus' })).toBe(0);
    expect(defaultOrZero({ type: 'duration_second' })).toBe(0);
  });

  it('defaultOrZero returns other defaults as given (a copy), even false or ""', () => {
    expect(defaultOrZero({ type: 'bool', default: false })).toBe(false);
    expect(defaultOrZero({ type: 'int', default: '5' })).toBe('5');
    const list = ['default'];
    const got = defaultOrZero({ type: 'comma_string_slice', default: list });
    expect(got).toEqual(list);
    expect(got).not.toBe(list);
  });

  it.each([
    ['string', 'string'], ['lowercase_string', 'lowercase string'], ['name_string', 'name string'], ['int', 'int'],
    ['int64', 'int64'], ['float', 'float'], ['bool', 'bool'], ['duration_second', 'duration (sec)'],
    ['signed_duration_second', 'duration (sec)'], ['map', 'map'], ['kvpairs', 'keypair'], ['slice', 'slice'],
    ['string_slice', 'slice'], ['comma_string_slice', 'slice'], ['comma_int_slice', 'slice'], ['header', 'header'], ['time', 'time'],
  ] as Array<[FieldType, string]>)('fieldTypeName(%s) is %j', (type, name) => expect(fieldTypeName(type)).toBe(name));
});

describe('decoding never fails with anything but FieldDecodeError', () => {
  itProp.prop([fc.constantFrom(...ALL_TYPES), fc.jsonValue()], { numRuns: 500 })('for any JSON value', (type, value) => {
    try {
      decode(type, value);
    } catch (e) {
      expect(e).toBeInstanceOf(FieldDecodeError);
    }
  });

  itProp.prop([fc.constantFrom(...ALL_TYPES), fc.string({ unit: 'binary' })], { numRuns: 500 })('for any string', (type, value) => {
    try {
      decode(type, value);
    } catch (e) {
      expect(e).toBeInstanceOf(FieldDecodeError);
    }
  });
});
