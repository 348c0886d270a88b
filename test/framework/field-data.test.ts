import { fc, it as itProp } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  createFieldData, fieldConversionError, unknownFieldWarnings, validateFields,
} from '../../src/framework/field-data.js';
import type { FieldSchemas } from '../../src/framework/types.js';

const schema: FieldSchemas = {
  name: { type: 'string', default: 'anon' },
  count: { type: 'int' },
  value: { type: 'bool' },
  ttl: { type: 'duration_second', default: '1h' },
  max_ttl: { type: 'duration_second' },
  options: { type: 'map' },
  meta: { type: 'kvpairs' },
  policies: { type: 'comma_string_slice', default: ['default'] },
  token_policies: { type: 'comma_string_slice' },
  not_before: { type: 'time' },
};

describe('get', () => {
  it('decodes a sent value weakly', () => {
    const d = createFieldData({ count: '7', value: 'T', ttl: '2m', policies: 'a, b' }, schema);
    expect(d.get('count')).toBe(7);
    expect(d.get('value')).toBe(true);
    expect(d.get('ttl')).toBe(120);
    expect(d.get('policies')).toEqual(['a', 'b']);
  });

  it('falls back to the default, then the zero value, when the key was not sent', () => {
    const d = createFieldData({}, schema);
    expect(d.get('name')).toBe('anon');
    expect(d.get('ttl')).toBe(3600);
    expect(d.get('count')).toBe(0);
    expect(d.get('options')).toEqual({});
    expect(d.get('policies')).toEqual(['default']);
    expect((d.get('not_before') as Date).toISOString()).toBe('0001-01-01T00:00:00.000Z');
  });

  it('gives the zero value, not the default, for a sent null (WeakDecode of nil)', () => {
    const d = createFieldData({ name: null, count: null, policies: null }, schema);
    expect(d.get('name')).toBe('');
    expect(d.get('count')).toBe(0);
    expect(d.get('policies')).toEqual([]);
  });

  it('treats a null duration or time as not sent, so the default applies', () => {
    const d = createFieldData({ ttl: null, not_before: null }, schema);
    expect(d.get('ttl')).toBe(3600);
    expect(d.getOk('ttl')).toEqual({ value: 3600, ok: false });
    expect(d.getOk('not_before').ok).toBe(false);
  });

  it('gives Go\'s nil map (null) for a null map or kvpairs', () => {
    const d = createFieldData({ options: null, meta: null }, schema);
    expect(d.get('options')).toBeNull();
    expect(d.getOk('options')).toEqual({ value: null, ok: true });
    expect(d.get('meta')).toBeNull();
  });

  it('throws for a name outside the schema (a panic in Go)', () => {
    const d = createFieldData({ other: 1 }, schema);
    expect(() => d.get('other')).toThrow('field other not in the schema');
  });

  it('throws when reading a value that does not decode (validation comes first)', () => {
    const d = createFieldData({ count: 'x' }, schema);
    expect(() => d.get('count')).toThrow(`error reading count: cannot parse '' as int: strconv.ParseInt: parsing "x": invalid syntax`);
  });

  it('decodes afresh on every read, as Go does', () => {
    const d = createFieldData({ policies: 'a' }, schema);
    (d.get('policies') as string[]).push('mutated');
    expect(d.get('policies')).toEqual(['a']);
  });

  it('exposes raw and schema', () => {
    const raw = { count: 1 };
    const d = createFieldData(raw, schema);
    expect(d.raw).toBe(raw);
    expect(d.schema).toBe(schema);
  });
});

describe('getOk', () => {
  it('reports whether the key was sent; a JSON null counts', () => {
    const d = createFieldData({ count: 3, name: null, value: undefined }, schema);
    expect(d.getOk('count')).toEqual({ value: 3, ok: true });
    expect(d.getOk('name')).toEqual({ value: '', ok: true });
    expect(d.getOk('value')).toEqual({ value: false, ok: false });
    expect(d.getOk('ttl')).toEqual({ value: 3600, ok: false });
  });

  it('is not ok, without throwing, for a name outside the schema', () => {
    expect(createFieldData({ other: 1 }, schema).getOk('other')).toEqual({ value: undefined, ok: false });
  });
});

describe('getFirst', () => {
  it('returns the first name that was sent', () => {
    const d = createFieldData({ policies: 'b', token_policies: 'a' }, schema);
    expect(d.getFirst('token_policies', 'policies')).toEqual({ value: ['a'], ok: true });
    expect(createFieldData({ policies: 'b' }, schema).getFirst('token_policies', 'policies')).toEqual({ value: ['b'], ok: true });
  });

  it('falls back to the first name\'s default when none was sent', () => {
    expect(createFieldData({}, schema).getFirst('policies', 'token_policies')).toEqual({ value: ['default'], ok: false });
    expect(createFieldData({}, schema).getFirst('token_policies', 'policies')).toEqual({ value: [], ok: false });
  });
});

describe('validateFields and fieldConversionError', () => {
  it('reproduces Vault\'s own example', () => {
    expect(validateFields({ value: '3false3' }, schema)).toBe(
      'Field validation failed: error converting input 3false3 for field "value": cannot parse \'\' as bool: ' +
      'strconv.ParseBool: parsing "3false3": invalid syntax');
  });

  it('gives the bare cause for the existence check', () => {
    expect(fieldConversionError({ ttl: 'abc' }, schema)).toBe('error converting input abc for field "ttl": time: invalid duration "abc"');
  });

  it('prints the input with %v', () => {
    expect(fieldConversionError({ count: { b: [1, null], a: true } }, schema)).toBe(
      'error converting input map[a:true b:[1 <nil>]] for field "count": ' +
      "'' expected type 'int', got unconvertible type 'map[string]interface {}', value: 'map[a:true b:[1 <nil>]]'");
    expect(fieldConversionError({ count: 1.5 }, schema)).toBe(
      `error converting input 1.5 for field "count": cannot parse '' as int: strconv.ParseInt: parsing "1.5": invalid syntax`);
  });

  it('ignores fields outside the schema and passes good input', () => {
    expect(validateFields({ unknown: { deep: 1 }, count: '5', ttl: null, options: null }, schema)).toBeUndefined();
  });

  it('reports the first bad field in key order', () => {
    expect(validateFields({ count: 'x', value: 'y' }, schema)).toContain('for field "count"');
  });

  itProp.prop([fc.dictionary(fc.constantFrom(...Object.keys(schema)), fc.jsonValue())])(
    'accepts exactly the input whose every field reads without error', (raw) => {
      const d = createFieldData(raw, schema);
      const readable = Object.keys(raw).every((k) => {
        try {
          d.get(k);
          return true;
        } catch {
          return false;
        }
      });
      expect(validateFields(raw, schema) === undefined).toBe(readable);
    });
});

describe('unknownFieldWarnings', () => {
  it('lists ignored parameters sorted, Go %v style', () => {
    expect(unknownFieldWarnings({ zeta: 1, count: 1, alpha: null }, schema, {})).toEqual([
      'Endpoint ignored these unrecognized parameters: [alpha zeta]',
    ]);
  });

  it('sorts bytewise like Go, not by UTF-16 units', () => {
    expect(unknownFieldWarnings({ '\u{1f600}': 1, '\uff5e': 1, B: 1, a: 1 }, {}, {})).toEqual([
      'Endpoint ignored these unrecognized parameters: [B a \uff5e \u{1f600}]',
    ]);
  });

  it('says nothing about unknown keys when the path takes arbitrary input', () => {
    expect(unknownFieldWarnings({ anything: 1 }, schema, {}, true)).toEqual([]);
  });

  it('lists captures that replaced a non-null body value', () => {
    const caps = { name: 'from-path', count: '' };
    expect(unknownFieldWarnings({ name: 'body', count: null }, schema, caps)).toEqual([
      "Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [name]",
    ]);
    expect(unknownFieldWarnings({}, schema, caps)).toEqual([]);
  });

  it('puts the ignored warning before the replaced one, as Vault\'s own test expects', () => {
    const sch: FieldSchemas = { an_int: { type: 'int' }, a_string: { type: 'string' }, name: { type: 'string' } };
    const data = { an_int: 10, a_string: 'accepted', unrecognized1: 'unrecognized', unrecognized2: 20.2, name: 'noop' };
    expect(unknownFieldWarnings(data, sch, { name: 'baz' })).toEqual([
      'Endpoint ignored these unrecognized parameters: [unrecognized1 unrecognized2]',
      "Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [name]",
    ]);
  });
});
