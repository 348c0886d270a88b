import { describe, expect, it } from 'vitest';
import { ERR_UNSUPPORTED_OPERATION, ERR_WRITE_TRAILING_SLASH, multierror } from '../../../src/errors/core.js';
import { ERR_KV_MISSING_PATH, ERR_KV_V1_MISSING_DATA_FIELDS } from '../../../src/errors/kv.js';
import { createKvBackend, KvBackend, KvV1Backend } from '../../../src/secrets/kv/index.js';
import type { Operation } from '../../../src/logical/types.js';
import { MemoryStorage } from '../../../src/storage/memory.js';
import { expectVaultError, snapshot } from './helpers.js';

function v1(defaultTtl = 2_764_800) {
  const storage = new MemoryStorage();
  const backend = new KvV1Backend({ storage, defaultLeaseTtl: () => defaultTtl });
  const call = (operation: Operation, path: string, data: Record<string, unknown> = {}) =>
    backend.handle({ operation, path, data, mountPoint: 'kv/' });
  return { storage, backend, call };
}

describe('KV v1 (passthrough)', () => {
  it('writes an object at any path and reads it back with the mount default TTL as lease duration', async () => {
    const { call } = v1();
    expect(await call('create', 'app/db', { password: 's3cret', port: 5432 })).toBeNull();
    expect(await call('read', 'app/db')).toEqual({ data: { password: 's3cret', port: 5432 }, secret: { ttl: 2_764_800, maxTtl: 0, renewable: false } });
  });

  it('takes the lease duration from a ttl (or lease) field', async () => {
    const { call } = v1();
    await call('create', 'a', { v: 1, ttl: '1h' });
    await call('create', 'b', { v: 1, lease: 90 });
    await call('create', 'c', { v: 1, ttl: 'not-a-duration' });
    expect((await call('read', 'a'))!.secret!.ttl).toBe(3600);
    expect((await call('read', 'b'))!.secret!.ttl).toBe(90);
    expect((await call('read', 'c'))!.secret!.ttl).toBe(2_764_800);
  });

  it('replaces the whole object on write and deletes with 204 whether or not it existed', async () => {
    const { call } = v1();
    await call('create', 'x', { a: 1, b: 2 });
    await call('update', 'x', { c: 3 });
    expect((await call('read', 'x'))!.data).toEqual({ c: 3 });
    expect(await call('delete', 'x')).toBeNull();
    expect(await call('delete', 'x')).toBeNull();
    expect((await expectVaultError(call('read', 'x'), 404)).errors).toEqual([]);
  });

  it('lists children with folders, and answers an empty folder with 404', async () => {
    const { call } = v1();
    for (const p of ['a', 'b/c', 'b/d/e']) await call('create', p, { v: 1 });
    expect(await call('list', '')).toEqual({ data: { keys: ['a', 'b/'] } });
    expect(await call('list', 'b/')).toEqual({ data: { keys: ['c', 'd/'] } });
    await expectVaultError(call('list', 'nothing/'), 404);
  });

  it('refuses an empty body, an empty path, a trailing slash and PATCH, changing nothing', async () => {
    const { call, storage } = v1();
    await call('create', 'keep', { v: 1 });
    const before = snapshot(storage);
    await expectVaultError(call('create', 'x', {}), 400, ERR_KV_V1_MISSING_DATA_FIELDS);
    await expectVaultError(call('create', '', { v: 1 }), 400, ERR_KV_MISSING_PATH);
    await expectVaultError(call('create', 'dir/', { v: 1 }), 400, ERR_WRITE_TRAILING_SLASH);
    await expectVaultError(call('patch', 'keep', { v: 2 }), 405, multierror(ERR_UNSUPPORTED_OPERATION));
    expect(snapshot(storage)).toEqual(before);
  });

  it('tells create from update by whether the path holds a value', async () => {
    const { call, backend } = v1();
    const exists = () => backend.exists({ operation: 'update', path: 'x', data: {}, mountPoint: 'kv/' });
    expect(await exists()).toBe(false);
    await call('create', 'x', { v: 1 });
    expect(await exists()).toBe(true);
  });
});

describe('createKvBackend', () => {
  it('gives v2 for version "2" and the passthrough engine for "1" or no version', () => {
    const storage = new MemoryStorage();
    expect(createKvBackend({ storage, version: '2' })).toBeInstanceOf(KvBackend);
    expect(createKvBackend({ storage, version: '1' })).toBeInstanceOf(KvV1Backend);
    expect(createKvBackend({ storage })).toBeInstanceOf(KvV1Backend);
    expect(() => createKvBackend({ storage, version: '3' })).toThrow(RangeError);
  });
});
