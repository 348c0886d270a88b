import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERR_PARENT_REFERENCES, ERR_WRITE_TRAILING_SLASH } from '../../../src/errors/core.js';
import { ERR_KV_CAS_MISMATCH, ERR_KV_CAS_PARSE } from '../../../src/errors/kv.js';
import { isVaultError } from '../../../src/errors/vault-error.js';
import type { Operation } from '../../../src/logical/types.js';
import { expectVaultError, setup, snapshot } from './helpers.js';

/** A mount with some history: config, a key with three versions (one deleted), a metadata-only key. */
async function populated() {
  const env = setup();
  await env.kv.setConfig({ max_versions: 5 });
  for (let i = 1; i <= 3; i++) await env.kv.put('app/db', { n: i });
  await env.kv.delete('app/db', [2]);
  await env.kv.putMetadata('app/meta-only', { custom_metadata: { a: 'b' } });
  return env;
}

const fv = (input: string, field: string, err: string) => `Field validation failed: error converting input ${input} for field "${field}": ${err}`;

const CASES: Array<[string, Operation, string, Record<string, unknown>, number, string]> = [
  ['data that is a string', 'update', 'data/app/db', { data: 'text' }, 400, fv('text', 'data', "'' expected a map, got 'string'")],
  ['data that is a number', 'update', 'data/app/db', { data: 5 }, 400, fv('5', 'data', "'' expected a map, got 'string'")],
  ['data that is a boolean', 'update', 'data/app/db', { data: true }, 400, fv('true', 'data', "'' expected a map, got 'bool'")],
  ['data that is a list of scalars', 'update', 'data/app/db', { data: [1] }, 400, fv('[1]', 'data', "'[0]' expected a map, got 'string'")],
  ['patch data that is a string', 'patch', 'data/app/db', { data: 'text' }, 400, fv('text', 'data', "'' expected a map, got 'string'")],
  ['options that is not an object', 'update', 'data/app/db', { data: {}, options: 'cas=3' }, 400,
    fv('cas=3', 'options', "'' expected a map, got 'string'")],
  ['cas that is text', 'update', 'data/app/db', { data: {}, options: { cas: 'three' } }, 400, ERR_KV_CAS_PARSE],
  ['cas that is a fraction', 'update', 'data/app/db', { data: {}, options: { cas: 3.5 } }, 400, ERR_KV_CAS_PARSE],
  ['cas that is an object', 'patch', 'data/app/db', { data: {}, options: { cas: { v: 3 } } }, 400, ERR_KV_CAS_PARSE],
  ['cas that is stale', 'update', 'data/app/db', { data: {}, options: { cas: 2 } }, 400, ERR_KV_CAS_MISMATCH],
  ['a version that is not a number', 'read', 'data/app/db', { version: 'abc' }, 400,
    fv('abc', 'version', `cannot parse '' as int: strconv.ParseInt: parsing "abc": invalid syntax`)],
  ['versions with a fraction', 'update', 'delete/app/db', { versions: [1.5] }, 400,
    fv('[1.5]', 'versions', '1 error(s) decoding:\n\n* cannot parse \'[0]\' as int: strconv.ParseInt: parsing "1.5": invalid syntax')],
  ['versions as words', 'update', 'undelete/app/db', { versions: 'one,two' }, 400,
    fv('one,two', 'versions', '2 error(s) decoding:\n\n' +
      `* cannot parse '[0]' as int: strconv.ParseInt: parsing "one": invalid syntax\n` +
      `* cannot parse '[1]' as int: strconv.ParseInt: parsing "two": invalid syntax`)],
  ['versions that nest lists', 'update', 'destroy/app/db', { versions: [[1]] }, 400,
    fv('[[1]]', 'versions', "1 error(s) decoding:\n\n* '[0]' expected type 'int', got unconvertible type '[]interface {}', value: '[1]'")],
  ['versions as a map', 'update', 'destroy/app/db', { versions: { v: 1 } }, 400,
    fv('map[v:1]', 'versions', "1 error(s) decoding:\n\n* '[0]' expected type 'int', got unconvertible type 'map[string]interface {}', value: 'map[v:1]'")],
  ['max_versions as a word', 'update', 'config', { max_versions: 'ten' }, 400,
    fv('ten', 'max_versions', `cannot parse '' as int: strconv.ParseInt: parsing "ten": invalid syntax`)],
  ['cas_required that is not a bool', 'update', 'metadata/app/db', { cas_required: 'maybe' }, 400,
    fv('maybe', 'cas_required', `cannot parse '' as bool: strconv.ParseBool: parsing "maybe": invalid syntax`)],
  ['cas_required that is 2', 'update', 'config', { cas_required: 2 }, 400,
    fv('2', 'cas_required', `cannot parse '' as bool: strconv.ParseBool: parsing "2": invalid syntax`)],
  ['delete_version_after that is not a duration', 'update', 'config', { delete_version_after: 'soon' }, 400,
    fv('soon', 'delete_version_after', 'time: invalid duration "soon"')],
  ['delete_version_after with an unknown unit', 'update', 'metadata/app/db', { delete_version_after: '5y' }, 400,
    fv('5y', 'delete_version_after', 'time: unknown unit "y" in duration "5y"')],
  ['delete_version_after without a unit', 'update', 'metadata/app/db', { delete_version_after: '1.5' }, 400,
    fv('1.5', 'delete_version_after', 'time: missing unit in duration "1.5"')],
  ['delete_version_after that is a boolean', 'update', 'config', { delete_version_after: true }, 400,
    fv('true', 'delete_version_after', 'could not parse duration from input')],
  ['custom_metadata that is a list', 'update', 'metadata/app/db', { custom_metadata: ['a=b'] }, 400,
    fv('[a=b]', 'custom_metadata', "'[0]' expected a map, got 'string'")],
  ['custom_metadata with an empty value', 'patch', 'metadata/app/meta-only', { custom_metadata: { k: '' } }, 400,
    '1 error occurred:\n\t* custom_metadata validation failed: length of value for key "k" is 0 but must be 0 < len(value) <= 512\n\n'],
  ['a depth that is not a number', 'read', 'subkeys/app/db', { depth: 'deep' }, 400,
    fv('deep', 'depth', `cannot parse '' as int: strconv.ParseInt: parsing "deep": invalid syntax`)],
  ['a path with a parent reference', 'update', 'data/app/../db', { data: { a: 1 } }, 400, ERR_PARENT_REFERENCES],
  ['a write to a path ending in a slash', 'update', 'data/app/db/', { data: { a: 1 } }, 400, ERR_WRITE_TRAILING_SLASH],
];

describe('bad input gets Vault\'s error and changes nothing', () => {
  for (const [name, op, path, body, status, message] of CASES) {
    it(`refuses ${name}`, async () => {
      const { call, storage } = await populated();
      const before = snapshot(storage);
      await expectVaultError(call(op, path, body), status, message);
      expect(snapshot(storage)).toEqual(before);
    });
  }

  it('accepts version numbers that are not positive, as Vault does, and changes nothing visible', async () => {
    const { call, kv } = await populated();
    const visible = async () => {
      const rest = (await kv.metadata('app/db'))!;
      return { rest, data: await Promise.all([1, 2, 3].map((v) => kv.get('app/db', { version: v }))) };
    };
    const before = await visible();
    for (const ep of ['delete', 'undelete', 'destroy']) expect(await call('update', `${ep}/app/db`, { versions: [0, -1] })).toBeNull();
    expect(await visible()).toEqual(before);
  });

  it('any failed write, whatever the body, leaves storage as it was', async () => {
    const writes: Array<[Operation, string]> = [
      ['update', 'data/app/db'], ['patch', 'data/app/db'], ['update', 'metadata/app/db'], ['patch', 'metadata/app/meta-only'],
      ['update', 'delete/app/db'], ['update', 'undelete/app/db'], ['update', 'destroy/app/db'], ['update', 'config'],
    ];
    const field = fc.constantFrom('data', 'options', 'versions', 'max_versions', 'cas_required', 'delete_version_after',
      'custom_metadata', 'version', 'other');
    await fc.assert(fc.asyncProperty(fc.constantFrom(...writes), fc.dictionary(field, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
      async ([op, path], body) => {
        const { call, storage } = await populated();
        const before = snapshot(storage);
        try {
          await call(op, path, body);
        } catch (e) {
          if (!isVaultError(e)) throw e;
          expect(snapshot(storage)).toEqual(before);
        }
      }), { numRuns: 150 });
  });
});
