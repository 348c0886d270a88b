import { describe, expect, it } from 'vitest';
import {
  ERR_KV_CAS_MISMATCH, ERR_KV_CAS_PARSE, ERR_KV_CAS_REQUIRED, ERR_KV_NO_DATA, ERR_KV_VERSION_DATA_MISSING,
} from '../../../src/errors/kv.js';
import { KvBackend } from '../../../src/secrets/kv/backend.js';
import { KvDirect } from '../../../src/secrets/kv/direct.js';
import type { Storage } from '../../../src/storage/types.js';
import { MemoryStorage } from '../../../src/storage/memory.js';
import { ManualClock } from '../../../src/util/clock.js';
import { SeededRandom } from '../../../src/util/random.js';
import { expectVaultError, setup, snapshot } from './helpers.js';

describe('data/:path write', () => {
  it('numbers versions from 1 and answers with the new version metadata', async () => {
    const { call } = setup();
    const first = await call('create', 'data/app/db', { data: { password: 'a' } });
    expect(first).toEqual({
      data: { created_time: '2026-01-01T00:00:00Z', custom_metadata: null, deletion_time: '', destroyed: false, version: 1 },
    });
    const second = await call('update', 'data/app/db', { data: { password: 'b' } });
    expect(second!.data!.version).toBe(2);
  });

  it('renders created_time in RFC 3339 with the fraction trimmed', async () => {
    const { call, clock } = setup();
    clock.advance(123);
    const res = await call('create', 'data/t', { data: {} });
    expect(res!.data!.created_time).toBe('2026-01-01T00:00:00.123Z');
  });

  it('refuses a body without data', async () => {
    const { call } = setup();
    await expectVaultError(call('create', 'data/x', { options: {} }), 400, ERR_KV_NO_DATA);
  });

  it('accepts cas 0 only while the key does not exist', async () => {
    const { call } = setup();
    await call('create', 'data/x', { data: { a: 1 }, options: { cas: 0 } });
    await expectVaultError(call('update', 'data/x', { data: { a: 2 }, options: { cas: 0 } }), 400, ERR_KV_CAS_MISMATCH);
  });

  it('refuses a write whose cas does not match the current version', async () => {
    const { call, kv } = setup();
    await kv.put('x', { a: 1 });
    await expectVaultError(call('update', 'data/x', { data: { a: 2 }, options: { cas: 2 } }), 400, ERR_KV_CAS_MISMATCH);
    await call('update', 'data/x', { data: { a: 2 }, options: { cas: 1 } });
    expect((await kv.get('x'))!.data).toEqual({ a: 2 });
  });

  it('decodes cas loosely: numeric strings and hex literals count, other text does not', async () => {
    const { call, kv } = setup();
    await kv.put('x', { a: 1 });
    await call('update', 'data/x', { data: { a: 2 }, options: { cas: '1' } });
    await call('update', 'data/x', { data: { a: 3 }, options: { cas: '0x2' } });
    await expectVaultError(call('update', 'data/x', { data: {}, options: { cas: 'three' } }), 400, ERR_KV_CAS_PARSE);
    await expectVaultError(call('update', 'data/x', { data: {}, options: { cas: 2.5 } }), 400, ERR_KV_CAS_PARSE);
    await expectVaultError(call('update', 'data/x', { data: {}, options: { cas: [3] } }), 400, ERR_KV_CAS_PARSE);
  });

  it('requires cas when the mount config says so', async () => {
    const { call, kv } = setup();
    await kv.setConfig({ cas_required: true });
    await expectVaultError(call('create', 'data/x', { data: { a: 1 } }), 400, ERR_KV_CAS_REQUIRED);
    await call('create', 'data/x', { data: { a: 1 }, options: { cas: 0 } });
  });

  it('requires cas when the key metadata says so', async () => {
    const { call, kv } = setup();
    await kv.putMetadata('x', { cas_required: true });
    await expectVaultError(call('update', 'data/x', { data: { a: 1 } }), 400, ERR_KV_CAS_REQUIRED);
    await call('update', 'data/x', { data: { a: 1 }, options: { cas: 0 } });
  });

  it('lets a write follow a soft-deleted latest version, with cas equal to that version', async () => {
    const { call, kv } = setup();
    await kv.put('x', { a: 1 });
    await kv.delete('x');
    const res = await call('update', 'data/x', { data: { a: 2 }, options: { cas: 1 } });
    expect(res!.data!.version).toBe(2);
  });

  it('stores each version in its own entry and never rewrites older ones', async () => {
    const { kv, storage } = setup();
    await kv.put('x', { a: 1 });
    const before = snapshot(storage);
    await kv.put('x', { a: 2 });
    const after = snapshot(storage);
    for (const k of Object.keys(before)) if (k.startsWith('versions/')) expect(after[k]).toBe(before[k]);
    expect(Object.keys(after).filter((k) => k.startsWith('versions/'))).toHaveLength(2);
  });

  it('warns, and still succeeds, when pruning old version data fails', async () => {
    const inner = new MemoryStorage();
    let failDeletes = false;
    const flaky: Storage = {
      get: (k) => inner.get(k), put: (k, v) => inner.put(k, v), list: (p) => inner.list(p),
      delete: async (k) => { if (failDeletes) throw new Error('disk on fire'); return inner.delete(k); },
    };
    const backend = new KvBackend({ storage: flaky, clock: new ManualClock() });
    const w = (data: Record<string, unknown>) => backend.handle({ operation: 'update', path: 'data/x', data: { data }, mountPoint: 's/' });
    await backend.handle({ operation: 'update', path: 'metadata/x', data: { max_versions: 1 }, mountPoint: 's/' });
    await w({ n: 1 });
    failDeletes = true;
    const res = await w({ n: 2 });
    expect(res!.warnings).toEqual(['error occurred when cleaning up old versions, these will be cleaned up on next write: disk on fire']);
    expect(res!.data!.version).toBe(2);
  });
});

describe('data/:path read', () => {
  it('returns the latest version, or the one asked for; version 0 and negatives mean latest', async () => {
    const { kv, call } = setup();
    await kv.put('x', { n: 1 });
    await kv.put('x', { n: 2 });
    const read = async (q: Record<string, unknown>) => ((await call('read', 'data/x', q))!.data as { data: unknown }).data;
    expect(await read({})).toEqual({ n: 2 });
    expect(await read({ version: '1' })).toEqual({ n: 1 });
    expect(await read({ version: '0' })).toEqual({ n: 2 });
    expect(await read({ version: '-1' })).toEqual({ n: 2 });
  });

  it('answers 404 with an empty errors list for a missing key, a missing version and a metadata-only key', async () => {
    const { kv, call } = setup();
    await kv.put('x', { n: 1 });
    await kv.putMetadata('only-meta', { max_versions: 3 });
    for (const [path, q] of [['data/nope', {}], ['data/x', { version: '2' }], ['data/only-meta', {}]] as const) {
      const err = await expectVaultError(call('read', path, q), 404);
      expect(err.errors).toEqual([]);
    }
  });

  it('answers a soft-deleted version with 404, data null and its metadata', async () => {
    const { kv, call, clock } = setup();
    await kv.put('x', { n: 1 });
    clock.advance('1m');
    await kv.delete('x');
    expect(await call('read', 'data/x')).toEqual({
      status: 404,
      data: {
        data: null,
        metadata: {
          created_time: '2026-01-01T00:00:00Z', custom_metadata: null, deletion_time: '2026-01-01T00:01:00Z',
          destroyed: false, version: 1,
        },
      },
    });
  });

  it('answers a destroyed version with 404 and destroyed true', async () => {
    const { kv, call } = setup();
    await kv.put('x', { n: 1 });
    await kv.destroy('x', [1]);
    const res = await call('read', 'data/x');
    expect(res!.status).toBe(404);
    expect((res!.data as { metadata: { destroyed: boolean } }).metadata.destroyed).toBe(true);
  });

  it('includes the key custom_metadata in every version metadata', async () => {
    const { kv } = setup();
    await kv.putMetadata('x', { custom_metadata: { owner: 'ops' } });
    await kv.put('x', { n: 1 });
    expect((await kv.get('x'))!.metadata.custom_metadata).toEqual({ owner: 'ops' });
  });

  it('reports 500 when the version entry is missing from storage', async () => {
    const { kv, call, storage } = setup();
    await kv.put('x', { n: 1 });
    for (const [k] of storage.entries()) if (k.startsWith('versions/')) await storage.delete(k);
    await expectVaultError(call('read', 'data/x'), 500, `1 error occurred:\n\t* ${ERR_KV_VERSION_DATA_MISSING}\n\n`);
  });

  it('does exactly one storage get for the metadata and one for the version', async () => {
    const inner = new MemoryStorage();
    const gets: string[] = [];
    const counting: Storage = {
      get: (k) => { gets.push(k); return inner.get(k); },
      put: (k, v) => inner.put(k, v), delete: (k) => inner.delete(k), list: (p) => inner.list(p),
    };
    const backend = new KvBackend({ storage: counting, clock: new ManualClock() });
    await backend.handle({ operation: 'create', path: 'data/a/b', data: { data: { k: 'v' } }, mountPoint: 's/' });
    for (let i = 0; i < 3; i++) {
      gets.length = 0;
      const res = await backend.handle({ operation: 'read', path: 'data/a/b', data: {}, mountPoint: 's/' });
      expect((res!.data as { data: unknown }).data).toEqual({ k: 'v' });
      expect(gets).toHaveLength(2);
      expect(gets[0]).toBe('metadata/a/b');
      expect(gets[1]!.startsWith('versions/')).toBe(true);
    }
  });

  it('never lets a caller corrupt stored data by changing a response', async () => {
    const { kv } = setup();
    await kv.putMetadata('x', { custom_metadata: { a: 'b' } });
    await kv.put('x', { n: 1 });
    const first = (await kv.get('x'))!;
    (first.data as Record<string, unknown>).n = 99;
    first.metadata.custom_metadata!.a = 'changed';
    const again = (await kv.get('x'))!;
    expect(again.data).toEqual({ n: 1 });
    expect(again.metadata.custom_metadata).toEqual({ a: 'b' });
  });

  it('sees writes made to the storage behind its back (no stale metadata)', async () => {
    const { kv, storage } = setup();
    await kv.put('x', { n: 1 });
    const saved = storage.entries();
    await kv.put('x', { n: 2 });
    storage.replaceAll(saved);
    expect((await kv.get('x'))!.data).toEqual({ n: 1 });
    expect((await kv.get('x'))!.metadata.version).toBe(1);
  });
});

describe('data/:path patch', () => {
  it('applies a JSON merge patch to the current version as a new version', async () => {
    const { kv, call } = setup();
    await kv.put('x', { keep: 1, drop: 2, nested: { a: 1, b: 2 }, list: [1, 2] });
    const res = await call('patch', 'data/x', { data: { drop: null, nested: { b: null, c: 3 }, list: [3], added: 'y' } });
    expect(res!.data!.version).toBe(2);
    expect((await kv.get('x'))!.data).toEqual({ keep: 1, nested: { a: 1, c: 3 }, list: [3], added: 'y' });
  });

  it('answers 404 without a body for a missing key and for a key with no versions', async () => {
    const { kv, call } = setup();
    expect(await call('patch', 'data/nope', { data: { a: 1 } })).toEqual({ status: 404 });
    await kv.putMetadata('meta-only', { max_versions: 2 });
    expect(await call('patch', 'data/meta-only', { data: { a: 1 } })).toEqual({ status: 404 });
  });

  it('answers a deleted current version with 404 and the version fields flat in data', async () => {
    const { kv, call } = setup();
    await kv.put('x', { a: 1 });
    await kv.delete('x');
    expect(await call('patch', 'data/x', { data: { a: 2 } })).toEqual({
      status: 404,
      data: {
        created_time: '2026-01-01T00:00:00Z', custom_metadata: null, deletion_time: '2026-01-01T00:00:00Z',
        destroyed: false, version: 1,
      },
    });
  });

  it('applies the write cas rules, so cas 0 never patches', async () => {
    const { kv, call } = setup();
    await kv.put('x', { a: 1 });
    await expectVaultError(call('patch', 'data/x', { data: { a: 2 }, options: { cas: 0 } }), 400, ERR_KV_CAS_MISMATCH);
    await kv.setConfig({ cas_required: true });
    await expectVaultError(call('patch', 'data/x', { data: { a: 2 } }), 400, ERR_KV_CAS_REQUIRED);
    await call('patch', 'data/x', { data: { a: 2 }, options: { cas: 1 } });
    await expectVaultError(call('patch', 'data/x', {}), 400, ERR_KV_NO_DATA);
  });
});

describe('data/:path delete', () => {
  it('soft-deletes only the latest version and is a no-op when it is already gone', async () => {
    const { kv, call, clock } = setup();
    await kv.put('x', { n: 1 });
    await kv.put('x', { n: 2 });
    expect(await call('delete', 'data/x')).toBeNull();
    clock.advance('1h');
    expect(await call('delete', 'data/x')).toBeNull();
    expect((await kv.get('x'))!.metadata.deletion_time).toBe('2026-01-01T00:00:00Z');
    expect((await kv.get('x', { version: 1 }))!.data).toEqual({ n: 1 });
    expect(await call('delete', 'data/never-written')).toBeNull();
  });

});

describe('subkeys/:path', () => {
  it('nulls every leaf, arrays and empty objects included', async () => {
    const { kv } = setup();
    await kv.put('x', { a: 1, b: { c: 'x', d: { e: [1, 2] }, f: {} }, g: [{ h: 1 }] });
    expect(await kv.subkeys('x')).toMatchObject({ subkeys: { a: null, b: { c: null, d: { e: null }, f: null }, g: null } });
  });

  it('cuts objects at the requested depth', async () => {
    const { kv } = setup();
    await kv.put('x', { a: { b: { c: { d: 1 } } }, z: 2 });
    expect((await kv.subkeys('x', { depth: 1 }))!.subkeys).toEqual({ a: null, z: null });
    expect((await kv.subkeys('x', { depth: 2 }))!.subkeys).toEqual({ a: { b: null }, z: null });
    expect((await kv.subkeys('x', { depth: 0 }))!.subkeys).toEqual({ a: { b: { c: { d: null } } }, z: null });
  });

  it('selects versions and answers deleted ones like a data read, with subkeys null', async () => {
    const { kv, call } = setup();
    await kv.put('x', { v1: true });
    await kv.put('x', { v2: true });
    expect((await kv.subkeys('x', { version: 1 }))!.subkeys).toEqual({ v1: null });
    await kv.delete('x');
    const res = await call('read', 'subkeys/x');
    expect(res!.status).toBe(404);
    expect((res!.data as { subkeys: unknown }).subkeys).toBeNull();
    expect(await kv.subkeys('nope')).toBeNull();
  });
});

describe('concurrent requests', () => {
  it('serialise writes to one key: no version is lost or doubled', async () => {
    const { kv } = setup();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => kv.put('x', { i })));
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect((await kv.metadata('x'))!.current_version).toBe(20);
  });

  it('let exactly one of several cas=0 writes create the key', async () => {
    const { kv } = setup();
    const settled = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => kv.put('x', { i }, { cas: 0 })));
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
  });

  it('answer a read that races a destroy for the state after it, not with a 500', async () => {
    const inner = new MemoryStorage();
    let gate: Promise<void> | undefined;
    const gated: Storage = {
      get: async (k) => { if (gate !== undefined && k.startsWith('versions/')) await gate; return inner.get(k); },
      put: (k, v) => inner.put(k, v), delete: (k) => inner.delete(k), list: (p) => inner.list(p),
    };
    const backend = new KvBackend({ storage: gated, clock: new ManualClock() });
    const req = (operation: 'read' | 'update', path: string, data: Record<string, unknown> = {}) =>
      backend.handle({ operation, path, data, mountPoint: 's/' });
    await req('update', 'data/x', { data: { n: 1 } });
    let open!: () => void;
    gate = new Promise((resolve) => { open = resolve; });
    const reading = req('read', 'data/x');
    await req('update', 'destroy/x', { versions: [1] });
    open();
    const res = await reading;
    expect(res!.status).toBe(404);
    expect((res!.data as { metadata: { destroyed: boolean } }).metadata.destroyed).toBe(true);
  });
});

describe('storage restored underneath (restore points)', () => {
  it('re-stores the salt after a restore to before it existed, so a new backend still finds the data', async () => {
    const { kv, storage } = setup();
    await kv.put('x', { n: 1 });
    storage.replaceAll([]);
    await kv.put('y', { n: 2 });
    const fresh = new KvDirect(new KvBackend({ storage, clock: new ManualClock(), random: new SeededRandom('other') }));
    expect((await fresh.get('y'))!.data).toEqual({ n: 2 });
  });

  it('adopts the salt of a snapshot taken from another mount', async () => {
    const a = setup();
    await a.kv.put('x', { from: 'a' });
    const other = new MemoryStorage();
    const b = new KvDirect(new KvBackend({ storage: other, clock: new ManualClock(), random: new SeededRandom('b') }));
    await b.put('x', { from: 'b' });
    a.storage.replaceAll(other.entries());
    expect((await a.kv.get('x'))!.data).toEqual({ from: 'b' });
    await a.kv.put('x', { from: 'a again' });
    expect((await b.get('x'))!.data).toEqual({ from: 'b' });
    expect((await new KvDirect(new KvBackend({ storage: a.storage, clock: new ManualClock() })).get('x'))!.data).toEqual({ from: 'a again' });
  });

  it('reads the config as it is in storage now', async () => {
    const { kv, storage } = setup();
    const before = storage.entries();
    await kv.setConfig({ cas_required: true });
    storage.replaceAll(before);
    await kv.put('x', { n: 1 });
    expect((await kv.config()).cas_required).toBe(false);
  });
});
