import { describe, expect, it } from 'vitest';
import {
  ERR_PARENT_REFERENCES, ERR_UNSUPPORTED_OPERATION, ERR_UNSUPPORTED_PATH, ERR_WRITE_TRAILING_SLASH, multierror,
} from '../../../src/errors/core.js';
import { WARN_KV_ROOT_NOT_SUPPORTED, warnKvInvalidPath } from '../../../src/errors/kv.js';
import type { Operation } from '../../../src/logical/types.js';
import { KvBackend } from '../../../src/secrets/kv/backend.js';
import { KvDirect } from '../../../src/secrets/kv/direct.js';
import { MemoryStorage } from '../../../src/storage/memory.js';
import type { Storage } from '../../../src/storage/types.js';
import { ManualClock } from '../../../src/util/clock.js';
import { expectVaultError, setup } from './helpers.js';

describe('paths Vault does not route', () => {
  it('answers the bare roots with 404 and the root warning', async () => {
    const { call } = setup();
    for (const root of ['data', 'metadata', 'delete', 'undelete', 'destroy']) {
      expect(await call('read', root)).toEqual({ status: 404, data: null, warnings: [WARN_KV_ROOT_NOT_SUPPORTED] });
    }
  });

  it('answers other unknown paths with 404 and a warning naming the vault kv subcommand', async () => {
    const { call } = setup();
    const cases: Array<[Operation, string, string]> = [
      ['read', 'secret-without-prefix', 'get'], ['update', 'foo/bar', 'put'], ['create', 'foo', 'put'],
      ['patch', 'foo', 'patch'], ['delete', 'foo', 'delete'], ['list', 'data/', 'list'], ['list', 'data/dir/', 'list'],
      ['read', 'data/dir/', 'get'], ['read', 'subkeys', 'get'], ['list', 'config/', 'list'],
    ];
    for (const [op, path, sub] of cases) {
      expect(await call(op, path), `${op} ${path}`).toEqual({ status: 404, data: null, warnings: [warnKvInvalidPath(sub)] });
    }
  });

  it('answers 405 unsupported operation for an operation the matched path lacks', async () => {
    const { call } = setup();
    const cases: Array<[Operation, string]> = [
      ['delete', 'config'], ['patch', 'config'], ['list', 'data/x'], ['read', 'delete/x'], ['list', 'delete/x/'],
      ['read', 'undelete/x'], ['delete', 'destroy/x'], ['patch', 'subkeys/x'], ['update', 'subkeys/x'],
    ];
    for (const [op, path] of cases) await expectVaultError(call(op, path), 405, multierror(ERR_UNSUPPORTED_OPERATION));
  });

  it('answers 404 unsupported path where not even the catch-all matches', async () => {
    const { call } = setup();
    await expectVaultError(call('read', 'data/line\nbreak'), 404, multierror(ERR_UNSUPPORTED_PATH));
  });

  it('treats create like update on paths without an existence check', async () => {
    const { call, kv } = setup();
    expect(await call('create', 'config', { max_versions: 3 })).toBeNull();
    expect((await kv.config()).max_versions).toBe(3);
  });
});

describe('paths core refuses too', () => {
  it('refuses parent references anywhere in the path', async () => {
    const { call } = setup();
    for (const path of ['data/../config', 'data/a/..', 'metadata/..', '../x']) {
      await expectVaultError(call('read', path), 400, ERR_PARENT_REFERENCES);
    }
    expect(await call('update', 'data/a..b', { data: { ok: true } })).not.toBeNull();
  });

  it('refuses writes and patches to a path ending in a slash', async () => {
    const { call } = setup();
    for (const op of ['create', 'update', 'patch'] as const) {
      await expectVaultError(call(op, 'data/dir/', { data: {} }), 400, ERR_WRITE_TRAILING_SLASH);
      await expectVaultError(call(op, 'metadata/', { max_versions: 1 }), 400, ERR_WRITE_TRAILING_SLASH);
    }
  });
});

describe('existence check', () => {
  it('reports data/ and metadata/ keys by their metadata, even with every version deleted', async () => {
    const { backend, kv } = setup();
    const exists = (path: string) => backend.exists({ operation: 'update', path, data: {}, mountPoint: 'secret/' });
    expect(await exists('data/x')).toBe(false);
    await kv.put('x', { a: 1 });
    await kv.delete('x');
    expect(await exists('data/x')).toBe(true);
    expect(await exists('metadata/x')).toBe(true);
    expect(await exists('config')).toBe(true);
    expect(await exists('delete/nothing')).toBe(true);
  });
});

describe('unknown request fields', () => {
  it('are ignored, with the warning Vault adds to a response that has a body', async () => {
    const { call, kv } = setup();
    const res = await call('create', 'data/x', { data: { a: 1 }, zeta: 1, alpha: 'x' });
    expect(res!.warnings).toEqual(['Endpoint ignored these unrecognized parameters: [alpha zeta]']);
    expect((await kv.get('x'))!.data).toEqual({ a: 1 });
    const read = await call('read', 'data/x', { foo: 'bar' });
    expect(read!.warnings).toEqual(['Endpoint ignored these unrecognized parameters: [foo]']);
  });

  it('are ignored silently when the answer is 204', async () => {
    const { call } = setup();
    expect(await call('update', 'config', { bogus: true })).toBeNull();
  });

  it('lose to the path capture for `path`, with the replaced-parameter warning', async () => {
    const { call, kv } = setup();
    const res = await call('create', 'data/real', { data: { a: 1 }, path: 'elsewhere' });
    expect(res!.warnings).toEqual(["Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [path]"]);
    expect(await kv.get('elsewhere')).toBeNull();
    expect(await kv.get('real')).not.toBeNull();
  });
});

describe('mounts', () => {
  it('work the same at any mount point: paths arrive relative to the mount', async () => {
    for (const mountPoint of ['secret/', 'kgc/', 'team/a/']) {
      const { backend } = setup();
      await backend.handle({ operation: 'create', path: 'data/api-credentials', data: { data: { m: mountPoint } }, mountPoint });
      const res = await backend.handle({ operation: 'read', path: 'data/api-credentials', data: {}, mountPoint });
      expect((res!.data as { data: unknown }).data).toEqual({ m: mountPoint });
    }
  });
});

describe('keys with dots', () => {
  it('keep `..` inside a segment out of storage paths, which a barrier view would refuse', async () => {
    const inner = new MemoryStorage();
    const refusing: Storage = {
      get: async (k) => { if (k.includes('..')) throw new Error('relative paths not supported'); return inner.get(k); },
      put: async (k, v) => { if (k.includes('..')) throw new Error('relative paths not supported'); return inner.put(k, v); },
      delete: (k) => inner.delete(k), list: (p) => inner.list(p),
    };
    const kv = new KvDirect(new KvBackend({ storage: refusing, clock: new ManualClock() }));
    for (const key of ['a..b', 'dir/x.y', 'dir/x-y', 'dir/100%', 'v1..2/z']) await kv.put(key, { key });
    for (const key of ['a..b', 'dir/x.y', 'dir/x-y', 'dir/100%', 'v1..2/z']) expect((await kv.get(key))!.data).toEqual({ key });
    expect(await kv.list()).toEqual(['a..b', 'dir/', 'v1..2/']);
    expect(await kv.list('dir/')).toEqual(['100%', 'x-y', 'x.y']);
  });
});
