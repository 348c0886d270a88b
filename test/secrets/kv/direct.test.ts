import { describe, expect, it } from 'vitest';
import { WARN_KV_CAS_REQUIRED_IGNORED } from '../../../src/errors/kv.js';
import { expectVaultError, setup } from './helpers.js';

describe('KvDirect', () => {
  it('turns Vault\'s bodiless 404s into null or [] and keeps the deleted-version body', async () => {
    const { kv } = setup();
    expect(await kv.get('nope')).toBeNull();
    expect(await kv.metadata('nope')).toBeNull();
    expect(await kv.subkeys('nope')).toBeNull();
    expect(await kv.patch('nope', { a: 1 })).toBeNull();
    expect(await kv.list()).toEqual([]);
    await kv.put('x', { a: 1 });
    await kv.delete('x');
    expect(await kv.get('x')).toMatchObject({ data: null, metadata: { version: 1 } });
  });

  it('passes cas through and lets Vault\'s errors out unchanged', async () => {
    const { kv } = setup();
    await kv.put('x', { a: 1 }, { cas: 0 });
    await expectVaultError(kv.put('x', { a: 2 }, { cas: 0 }), 400, 'check-and-set parameter did not match the current version');
    expect((await kv.patch('x', { b: 2 }, { cas: 1 }))!.version).toBe(2);
    expect((await kv.get('x'))!.data).toEqual({ a: 1, b: 2 });
  });

  it('returns metadata write warnings', async () => {
    const { kv } = setup();
    await kv.setConfig({ cas_required: true });
    expect(await kv.putMetadata('x', { cas_required: false })).toEqual([WARN_KV_CAS_REQUIRED_IGNORED]);
  });
});
