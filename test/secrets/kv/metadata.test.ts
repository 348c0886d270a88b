import { describe, expect, it } from 'vitest';
import { WARN_KV_CAS_REQUIRED_IGNORED } from '../../../src/errors/kv.js';
import { expectVaultError, setup, snapshot } from './helpers.js';

const cm = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

describe('config', () => {
  it('reads Vault defaults before any write', async () => {
    const { call } = setup();
    expect(await call('read', 'config')).toEqual({ data: { cas_required: false, delete_version_after: '0s', max_versions: 0 } });
  });

  it('changes only the fields sent, and a body without any is a no-op', async () => {
    const { call, kv, storage } = setup();
    expect(await call('update', 'config', { max_versions: 4 })).toBeNull();
    await call('update', 'config', { delete_version_after: '768h' });
    const before = snapshot(storage);
    expect(await call('update', 'config', {})).toBeNull();
    expect(snapshot(storage)).toEqual(before);
    expect(await kv.config()).toEqual({ cas_required: false, delete_version_after: '768h0m0s', max_versions: 4 });
    await call('update', 'config', { delete_version_after: 0 });
    expect((await kv.config()).delete_version_after).toBe('0s');
  });

  it('stores max_versions as uint32 without a range check, so negatives wrap', async () => {
    const { call, kv } = setup();
    await call('update', 'config', { max_versions: -1 });
    expect((await kv.config()).max_versions).toBe(4294967295);
  });
});

describe('metadata/:path read', () => {
  it('shows every field with Vault names and formats', async () => {
    const { kv, clock } = setup();
    await kv.put('app/db', { a: 1 });
    clock.advance('5s');
    await kv.put('app/db', { a: 2 });
    expect(await kv.metadata('app/db')).toEqual({
      cas_required: false,
      created_time: '2026-01-01T00:00:00Z',
      current_version: 2,
      custom_metadata: null,
      delete_version_after: '0s',
      max_versions: 0,
      oldest_version: 0,
      updated_time: '2026-01-01T00:00:05Z',
      versions: {
        1: { created_time: '2026-01-01T00:00:00Z', deletion_time: '', destroyed: false },
        2: { created_time: '2026-01-01T00:00:05Z', deletion_time: '', destroyed: false },
      },
    });
  });

  it('answers 404 for an unknown key', async () => {
    const { call } = setup();
    expect((await expectVaultError(call('read', 'metadata/nope'), 404)).errors).toEqual([]);
  });
});

describe('metadata/:path write', () => {
  it('creates a version-less key that exists for create/update and lists', async () => {
    const { kv, call, backend } = setup();
    expect(await call('create', 'metadata/k', { max_versions: 3, custom_metadata: { team: 'ops' } })).toBeNull();
    const meta = (await kv.metadata('k'))!;
    expect(meta).toMatchObject({ current_version: 0, max_versions: 3, custom_metadata: { team: 'ops' }, versions: {} });
    expect(await backend.exists({ operation: 'update', path: 'data/k', data: {}, mountPoint: 'secret/' })).toBe(true);
    expect(await kv.list()).toEqual(['k']);
  });

  it('is a no-op that creates nothing when no known field is sent', async () => {
    const { call, storage } = setup();
    const before = snapshot(storage);
    expect(await call('update', 'metadata/k', { unknown: 1 })).toBeNull();
    expect(snapshot(storage)).toEqual(before);
  });

  it('replaces custom_metadata as a whole, and {} reads back as null', async () => {
    const { kv } = setup();
    await kv.putMetadata('k', { custom_metadata: { a: '1', b: '2' } });
    await kv.putMetadata('k', { custom_metadata: { c: '3' } });
    expect((await kv.metadata('k'))!.custom_metadata).toEqual({ c: '3' });
    await kv.putMetadata('k', { custom_metadata: {} });
    expect((await kv.metadata('k'))!.custom_metadata).toBeNull();
  });

  it('converts custom_metadata values loosely to strings', async () => {
    const { call, kv } = setup();
    await call('update', 'metadata/k', { custom_metadata: { n: 5, t: true, f: false } });
    expect((await kv.metadata('k'))!.custom_metadata).toEqual({ n: '5', t: '1', f: '0' });
  });

  it('warns, stores it anyway, when cas_required=false is sent while the mount requires cas', async () => {
    const { call, kv } = setup();
    await kv.setConfig({ cas_required: true });
    expect(await call('update', 'metadata/k', { cas_required: false })).toEqual({ data: null, warnings: [WARN_KV_CAS_REQUIRED_IGNORED] });
    expect((await kv.metadata('k'))!.cas_required).toBe(false);
  });

  it('clears delete_version_after with 0 and refuses a negative one', async () => {
    const { call, kv } = setup();
    await call('update', 'metadata/k', { delete_version_after: '90m' });
    expect((await kv.metadata('k'))!.delete_version_after).toBe('1h30m0s');
    await call('update', 'metadata/k', { delete_version_after: '0s' });
    expect((await kv.metadata('k'))!.delete_version_after).toBe('0s');
    await expectVaultError(call('update', 'metadata/k', { delete_version_after: '-1h' }), 400,
      "Field validation failed: error converting input -1h for field \"delete_version_after\": cannot provide negative value '-3600'");
  });

  it('never touches updated_time; only new versions do', async () => {
    const { kv, clock } = setup();
    await kv.put('k', { a: 1 });
    clock.advance('1h');
    await kv.putMetadata('k', { max_versions: 4 });
    expect((await kv.metadata('k'))!.updated_time).toBe('2026-01-01T00:00:00Z');
  });
});

describe('custom_metadata limits', () => {
  it('allows 64 keys and refuses 65 with the count', async () => {
    const { call } = setup();
    expect(await call('update', 'metadata/k', { custom_metadata: cm(64) })).toBeNull();
    await expectVaultError(call('update', 'metadata/k', { custom_metadata: cm(65) }), 400,
      '1 error occurred:\n\t* custom_metadata validation failed: payload must contain at most 64 keys, provided 65\n\n');
  });

  it('counts key and value lengths in UTF-8 bytes', async () => {
    const { call } = setup();
    expect(await call('update', 'metadata/k', { custom_metadata: { ['é'.repeat(64)]: 'ü'.repeat(256) } })).toBeNull();
    await expectVaultError(call('update', 'metadata/k', { custom_metadata: { ['é'.repeat(65)]: 'v' } }), 400,
      `1 error occurred:\n\t* custom_metadata validation failed: length of key "${'é'.repeat(65)}" is 130 but must be 0 < len(key) <= 128\n\n`);
    await expectVaultError(call('update', 'metadata/k', { custom_metadata: { k: 'ü'.repeat(257) } }), 400,
      '1 error occurred:\n\t* custom_metadata validation failed: length of value for key "k" is 514 but must be 0 < len(value) <= 512\n\n');
  });

  it('reports every failing check of every entry', async () => {
    const { call } = setup();
    const err = await expectVaultError(call('update', 'metadata/k', { custom_metadata: { '': 'x', 'bad\u200b': '' } }), 400);
    expect(err.message).toBe('3 errors occurred:\n' +
      '\t* custom_metadata validation failed: length of key "" is 0 but must be 0 < len(key) <= 128\n' +
      '\t* custom_metadata validation failed: length of value for key "bad\\u200b" is 0 but must be 0 < len(value) <= 512\n' +
      '\t* custom_metadata validation failed: key "bad\\u200b" (bad\u200b) contains unprintable characters\n\n');
  });

  it('refuses an unprintable value', async () => {
    const { call } = setup();
    await expectVaultError(call('update', 'metadata/k', { custom_metadata: { k: 'line\nbreak' } }), 400,
      '1 error occurred:\n\t* custom_metadata validation failed: value for key "k" contains unprintable characters\n\n');
  });

  it('refuses values that cannot become strings', async () => {
    const { call } = setup();
    await expectVaultError(call('update', 'metadata/k', { custom_metadata: { k: [1, 2] } }), 400,
      "custom_metadata validation failed: '' expected type 'string', got unconvertible type '[]interface {}', value: '[1 2]'");
  });
});

describe('metadata/:path patch', () => {
  it('answers 404 without a body for an unknown key', async () => {
    const { call } = setup();
    expect(await call('patch', 'metadata/nope', { max_versions: 1 })).toEqual({ status: 404 });
  });

  it('merges custom_metadata: null removes one key, others are added or replaced', async () => {
    const { call, kv } = setup();
    await kv.putMetadata('k', { custom_metadata: { a: '1', b: '2' }, max_versions: 5, cas_required: true });
    expect(await call('patch', 'metadata/k', { custom_metadata: { a: null, c: '3' } })).toBeNull();
    expect(await kv.metadata('k')).toMatchObject({ custom_metadata: { b: '2', c: '3' }, max_versions: 5, cas_required: true });
  });

  it('unsets max_versions and cas_required with null; a null delete_version_after or custom_metadata changes nothing', async () => {
    const { call, kv } = setup();
    await kv.putMetadata('k', { custom_metadata: { a: '1' }, max_versions: 5, cas_required: true, delete_version_after: '1h' });
    await call('patch', 'metadata/k', { max_versions: null, cas_required: null, delete_version_after: null, custom_metadata: null });
    expect(await kv.metadata('k')).toMatchObject({
      custom_metadata: { a: '1' }, max_versions: 0, cas_required: false, delete_version_after: '1h0m0s',
    });
    await call('patch', 'metadata/k', { delete_version_after: '0s' });
    expect((await kv.metadata('k'))!.delete_version_after).toBe('0s');
  });

  it('validates only the patch input, so patches can grow past 64 keys', async () => {
    const { call, kv } = setup();
    await kv.putMetadata('k', { custom_metadata: cm(64) });
    expect(await call('patch', 'metadata/k', { custom_metadata: { extra: 'x' } })).toBeNull();
    expect(Object.keys((await kv.metadata('k'))!.custom_metadata as object)).toHaveLength(65);
  });

  it('fails like Go unmarshalling when the merged document does not fit', async () => {
    const { call, kv } = setup();
    await kv.putMetadata('k', { max_versions: 2 });
    await expectVaultError(call('patch', 'metadata/k', { custom_metadata: { n: 5 } }), 500,
      '1 error occurred:\n\t* json: cannot unmarshal number into Go struct field KeyMetadata.custom_metadata of type string\n\n');
    await expectVaultError(call('patch', 'metadata/k', { max_versions: -1 }), 500,
      '1 error occurred:\n\t* json: cannot unmarshal number -1 into Go struct field KeyMetadata.max_versions of type uint32\n\n');
    expect((await kv.metadata('k'))!.max_versions).toBe(2);
  });

  it('warns like a write when cas_required=false meets a cas-requiring mount', async () => {
    const { call, kv } = setup();
    await kv.setConfig({ cas_required: true });
    await kv.putMetadata('k', { max_versions: 1 });
    expect(await call('patch', 'metadata/k', { cas_required: false })).toEqual({ data: null, warnings: [WARN_KV_CAS_REQUIRED_IGNORED] });
  });
});

describe('metadata/:path delete and list', () => {
  it('removes every version and the metadata, leaving only the mount salt in storage', async () => {
    const { kv, storage, call } = setup();
    for (let i = 0; i < 3; i++) await kv.put('k', { i });
    expect(await call('delete', 'metadata/k')).toBeNull();
    expect(await kv.metadata('k')).toBeNull();
    expect(Object.keys(snapshot(storage))).toEqual(['salt']);
    expect(await call('delete', 'metadata/k')).toBeNull();
  });

  it('lists children sorted, folders with a trailing slash, a name both as key and folder', async () => {
    const { kv, call } = setup();
    for (const p of ['b', 'a', 'a/x', 'a/y/z', 'c/d']) await kv.put(p, { v: 1 });
    expect(await call('list', 'metadata/')).toEqual({ data: { keys: ['a', 'a/', 'b', 'c/'] } });
    expect(await call('list', 'metadata/a/')).toEqual({ data: { keys: ['x', 'y/'] } });
    expect(await call('list', 'metadata/a')).toEqual({ data: { keys: ['x', 'y/'] } });
  });

  it('answers an empty folder with 404', async () => {
    const { call } = setup();
    expect((await expectVaultError(call('list', 'metadata/'), 404)).errors).toEqual([]);
    expect((await expectVaultError(call('list', 'metadata/none/'), 404)).errors).toEqual([]);
  });

  // exclude_deleted arrived with KV plugin v0.24.2; Vault 1.18.1 (KV v0.20.0) ignores it with a warning.
  it('ignores exclude_deleted as an unknown parameter, as KV v0.20.0 does', async () => {
    const { kv, call } = setup();
    await kv.put('live', { v: 1 });
    await kv.put('gone', { v: 1 });
    await kv.delete('gone');
    await kv.putMetadata('scheduled', { delete_version_after: '1h' });
    await kv.put('scheduled', { v: 1 });
    await kv.put('wrecked', { v: 1 });
    await kv.destroy('wrecked', [1]);
    await kv.putMetadata('meta-only', { max_versions: 1 });
    await kv.put('dir/inner', { v: 1 });
    await kv.delete('dir/inner');
    const res = await call('list', 'metadata/', { exclude_deleted: 'true' });
    expect(res).toEqual({
      data: { keys: ['dir/', 'gone', 'live', 'meta-only', 'scheduled', 'wrecked'] },
      warnings: ['Endpoint ignored these unrecognized parameters: [exclude_deleted]'],
    });
  });
});
