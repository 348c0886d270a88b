import { describe, expect, it } from 'vitest';
import { ERR_KV_DESTROY_NO_VERSION_NUMBER, ERR_KV_NO_VERSION_NUMBER } from '../../../src/errors/kv.js';
import { expectVaultError, setup, snapshot } from './helpers.js';

type VersionsView = Record<string, { deletion_time: string; destroyed: boolean }>;
const versionsOf = (meta: Record<string, unknown> | null) => meta!.versions as VersionsView;

describe('delete/:path', () => {
  it('soft-deletes the listed versions and skips absent, destroyed and already deleted ones', async () => {
    const { kv, call, clock } = setup();
    for (let i = 1; i <= 3; i++) await kv.put('x', { n: i });
    await kv.destroy('x', [3]);
    await kv.delete('x', [1]);
    clock.advance('1m');
    expect(await call('update', 'delete/x', { versions: [1, 2, 3, 9] })).toBeNull();
    const v = versionsOf(await kv.metadata('x'));
    expect(v['1']!.deletion_time).toBe('2026-01-01T00:00:00Z');
    expect(v['2']!.deletion_time).toBe('2026-01-01T00:01:00Z');
    expect(v['3']).toMatchObject({ deletion_time: '', destroyed: true });
  });

  it('accepts the versions as a comma-separated string', async () => {
    const { kv, call } = setup();
    for (let i = 1; i <= 3; i++) await kv.put('x', { n: i });
    await call('update', 'delete/x', { versions: '1,3' });
    const v = versionsOf(await kv.metadata('x'));
    expect([v['1']!.deletion_time !== '', v['2']!.deletion_time !== '', v['3']!.deletion_time !== '']).toEqual([true, false, true]);
  });

  it('deletes now a version whose deletion was only scheduled', async () => {
    const { kv, clock } = setup();
    await kv.putMetadata('x', { delete_version_after: '1h' });
    await kv.put('x', { n: 1 });
    clock.advance('1m');
    await kv.delete('x', [1]);
    expect((await kv.get('x'))!.data).toBeNull();
    expect((await kv.get('x'))!.metadata.deletion_time).toBe('2026-01-01T00:01:00Z');
  });

  it('refuses an empty version list, and is a no-op for a missing key', async () => {
    const { call } = setup();
    await expectVaultError(call('update', 'delete/x', { versions: [] }), 400, ERR_KV_NO_VERSION_NUMBER);
    await expectVaultError(call('update', 'delete/x', {}), 400, ERR_KV_NO_VERSION_NUMBER);
    expect(await call('update', 'delete/missing', { versions: [1] })).toBeNull();
  });
});

describe('undelete/:path', () => {
  it('restores deleted versions but not destroyed ones', async () => {
    const { kv, call } = setup();
    await kv.put('x', { n: 1 });
    await kv.put('x', { n: 2 });
    await kv.delete('x', [1, 2]);
    await kv.destroy('x', [2]);
    expect(await call('update', 'undelete/x', { versions: [1, 2] })).toBeNull();
    expect((await kv.get('x', { version: 1 }))!.data).toEqual({ n: 1 });
    expect((await kv.get('x', { version: 2 }))!.data).toBeNull();
    expect(versionsOf(await kv.metadata('x'))['1']!.deletion_time).toBe('');
  });

  it('reschedules the deletion when delete_version_after applies', async () => {
    const { kv, clock } = setup();
    await kv.setConfig({ delete_version_after: '2h' });
    await kv.put('x', { n: 1 });
    await kv.delete('x', [1]);
    clock.advance('30m');
    await kv.undelete('x', [1]);
    expect((await kv.get('x'))!.metadata.deletion_time).toBe('2026-01-01T02:30:00Z');
  });

  it('refuses an empty version list', async () => {
    const { call } = setup();
    await expectVaultError(call('update', 'undelete/x', { versions: '' }), 400, ERR_KV_NO_VERSION_NUMBER);
  });
});

describe('destroy/:path', () => {
  it('marks versions destroyed, keeps their deletion time and removes their data', async () => {
    const { kv, storage } = setup();
    await kv.put('x', { n: 1 });
    await kv.put('x', { n: 2 });
    await kv.delete('x', [1]);
    await kv.destroy('x', [1]);
    expect(versionsOf(await kv.metadata('x'))['1']).toMatchObject({ destroyed: true, deletion_time: '2026-01-01T00:00:00Z' });
    expect(Object.keys(snapshot(storage)).filter((k) => k.startsWith('versions/'))).toHaveLength(1);
  });

  it('refuses an empty version list with its own lower-case message', async () => {
    const { call } = setup();
    await expectVaultError(call('update', 'destroy/x', { versions: [] }), 400, ERR_KV_DESTROY_NO_VERSION_NUMBER);
  });

  it('keeps current_version: versions are never renumbered', async () => {
    const { kv } = setup();
    await kv.put('x', { n: 1 });
    await kv.destroy('x', [1]);
    expect((await kv.put('x', { n: 2 })).version).toBe(2);
  });
});

describe('version retention', () => {
  it('keeps oldest_version 0 until the limit is reached, then slides the window', async () => {
    const { kv } = setup();
    const oldest: number[] = [];
    for (let i = 1; i <= 12; i++) {
      await kv.put('x', { n: i });
      oldest.push((await kv.metadata('x'))!.oldest_version as number);
    }
    expect(oldest).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3]);
    expect(Object.keys(versionsOf(await kv.metadata('x')))).toEqual(['3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(await kv.get('x', { version: 2 })).toBeNull();
  });

  it('uses the larger of the key and mount limits, so a lower key limit has no effect', async () => {
    const { kv } = setup();
    await kv.setConfig({ max_versions: 5 });
    await kv.putMetadata('x', { max_versions: 2 });
    for (let i = 1; i <= 6; i++) await kv.put('x', { n: i });
    expect((await kv.metadata('x'))!.oldest_version).toBe(2);
    await kv.putMetadata('y', { max_versions: 7 });
    for (let i = 1; i <= 8; i++) await kv.put('y', { n: i });
    expect((await kv.metadata('y'))!.oldest_version).toBe(2);
  });

  it('applies a lowered limit on the next write, pruning several versions and their data at once', async () => {
    const { kv, storage } = setup();
    for (let i = 1; i <= 4; i++) await kv.put('x', { n: i });
    await kv.putMetadata('x', { max_versions: 1 });
    expect(Object.keys(versionsOf(await kv.metadata('x')))).toHaveLength(4);
    await kv.put('x', { n: 5 });
    const meta = (await kv.metadata('x'))!;
    expect(meta.oldest_version).toBe(5);
    expect(Object.keys(versionsOf(meta))).toEqual(['5']);
    expect(Object.keys(snapshot(storage)).filter((k) => k.startsWith('versions/'))).toHaveLength(1);
  });

  it('starts again at version 1 after the metadata is deleted', async () => {
    const { kv } = setup();
    await kv.put('x', { n: 1 });
    await kv.put('x', { n: 2 });
    await kv.deleteMetadata('x');
    expect((await kv.put('x', { n: 3 })).version).toBe(1);
  });
});

describe('delete_version_after', () => {
  it('schedules deletion with the smaller non-zero of mount and key values, checked lazily on read', async () => {
    const { kv, clock } = setup();
    await kv.setConfig({ delete_version_after: '2h' });
    await kv.putMetadata('x', { delete_version_after: '1h' });
    const w = await kv.put('x', { n: 1 });
    expect(w.deletion_time).toBe('2026-01-01T01:00:00Z');
    clock.advance('59m');
    expect((await kv.get('x'))!.data).toEqual({ n: 1 });
    clock.advance('1m');
    expect((await kv.get('x'))!.data).toBeNull();
  });

  it('uses the mount value when the key has none, and nothing when the mount disables it', async () => {
    const { kv } = setup();
    await kv.setConfig({ delete_version_after: '3h' });
    expect((await kv.put('x', { n: 1 })).deletion_time).toBe('2026-01-01T03:00:00Z');
    await kv.putMetadata('y', { delete_version_after: '1h' });
    await kv.setConfig({ delete_version_after: '-5s' });
    expect((await kv.put('y', { n: 1 })).deletion_time).toBe('');
    expect((await kv.config()).delete_version_after).toBe('-1s');
  });
});
