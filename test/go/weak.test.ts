// mapstructure WeakDecode (src/go/weak.ts) as Vault runs it over raw request data: weak scalar
// conversions, one value lifted to a list, maps element by element, and every member's failure
// collected into one sorted `N error(s) decoding:` text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldDecodeError, weakBool, weakDecodeStruct, weakInt, weakSlice, weakString } from '../../src/go/weak.js';

describe('weak scalars', () => {
  it('converts as WeakDecode does', () => {
    expect(weakString('', true)).toBe('1');
    expect(weakString('', 12)).toBe('12');
    expect(weakString('', null)).toBe('');
    expect(weakInt('', '0x1f', 'int')).toBe(31);
    expect(weakInt('', '', 'int')).toBe(0);
    expect(weakInt('', false, 'int')).toBe(0);
    expect(weakBool('', 'T')).toBe(true);
    expect(weakBool('', '')).toBe(false);
    expect(weakBool('', 0)).toBe(false);
  });

  it('fails with mapstructure\'s texts', () => {
    expect(() => weakInt('n', 'x', 'int')).toThrow("cannot parse 'n' as int: strconv.ParseInt: parsing \"x\": invalid syntax");
    expect(() => weakString('s', [1])).toThrow(FieldDecodeError);
    expect(() => weakBool('b', { a: 1 })).toThrow("'b' expected type 'bool', got unconvertible type 'map[string]interface {}', value: 'map[a:1]'");
  });

  it('lifts a scalar to a one-element list and keeps any list of strings', () => {
    expect(weakSlice('', 'a', weakString, '')).toEqual(['a']);
    expect(weakSlice('', {}, weakString, '')).toEqual([]);
    expect(weakSlice('', null, weakString, '')).toBeNull();
    fc.assert(fc.property(fc.array(fc.string()), (list) => {
      expect(weakSlice('', list, weakString, '')).toEqual(list);
    }));
  });
});

describe('weakDecodeStruct', () => {
  const members = { id: 'string', n: 'int', ok: 'bool', list: 'string_slice', meta: 'string_map' } as const;

  it('decodes every member weakly', () => {
    const { values, error } = weakDecodeStruct({ id: 7, n: '3', ok: 'true', list: 'a', meta: { k: 1 } }, members);
    expect(error).toBeUndefined();
    expect(values).toEqual({ id: '7', n: 3, ok: true, list: ['a'], meta: { k: '1' } });
  });

  it('collects every member\'s failure, sorted, into one text', () => {
    const { error } = weakDecodeStruct({ n: 'x', ok: 'maybe', meta: { a: [1], b: [2] } }, members);
    expect(error).toBe([
      '4 error(s) decoding:',
      '',
      "* 'meta[a]' expected type 'string', got unconvertible type '[]interface {}', value: '[1]'",
      "* 'meta[b]' expected type 'string', got unconvertible type '[]interface {}', value: '[2]'",
      "* cannot parse 'n' as int: strconv.ParseInt: parsing \"x\": invalid syntax",
      "* cannot parse 'ok' as bool: strconv.ParseBool: parsing \"maybe\": invalid syntax",
    ].join('\n'));
  });

  it('keeps a `__proto__` map key as data', () => {
    const { values } = weakDecodeStruct(JSON.parse('{"meta":{"__proto__":"x"}}') as Record<string, unknown>, members);
    expect(Object.keys(values.meta as object)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(values.meta)).toBe(Object.prototype);
  });
});
