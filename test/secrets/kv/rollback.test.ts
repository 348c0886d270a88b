import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  ERR_KV_ROLLBACK_DELETED, ERR_KV_ROLLBACK_DESTROYED, ERR_KV_ROLLBACK_VERSION_REQUIRED,
} from '../../../src/errors/kv.js';
import { KvBackend } from '../../../src/secrets/kv/backend.js';
import { KvDirect } from '../../../src/secrets/kv/direct.js';
import { kvRollback, KvRollbackError } from '../../../src/client/kv-rollback.js';
import { MemoryStorage } from '../../../src/storage/memory.js';
import { ManualClock } from '../../../src/util/clock.js';
import { SeededRandom } from '../../../src/util/random.js';
import { apiCaller, setup, T0 } from './helpers.js';

async function expectRollbackError(p: Promise<unknown>, message: string, exitCode: 1 | 2): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(KvRollbackError);
  expect((err as KvRollbackError).message).toBe(message);
  expect((err as KvRollbackError).exitCode).toBe(exitCode);
}

describe('the kgc seed', () => {
  it('keeps versions 3–12 after 12 writes, and rollback -version=4 writes version 13 equal to version 4', async () => {
    const clock = new ManualClock(T0);
    const random = new SeededRandom('kgc-seed');
    const kgc = new KvBackend({ storage: new MemoryStorage(), clock, random });
    const kv = new KvDirect(kgc, { mountPoint: 'kgc/' });
    await kv.putMetadata('api-credentials', {
      max_versions: 10,
      custom_metadata: { environment: 'production', quorum_required: '3', rotation_days: '30' },
    });
    const written: Array<Record<string, unknown>> = [];
    for (let i = 1; i <= 12; i++) {
      const data = { api_key: bytesToHex(random.bytes(64)), created_at: new Date(clock.now()).toISOString() };
      written.push(data);
      expect((await kv.put('api-credentials', data)).version).toBe(i);
      clock.advance('30d');
    }
    const meta = (await kv.metadata('api-credentials'))!;
    expect(meta).toMatchObject({
      current_version: 12, oldest_version: 3, max_versions: 10,
      custom_metadata: { environment: 'production', quorum_required: '3', rotation_days: '30' },
    });
    expect(Object.keys(meta.versions as object)).toEqual(['3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(await kv.get('api-credentials', { version: 2 })).toBeNull();
    expect((written[3]!.api_key as string)).toMatch(/^[0-9a-f]{128}$/);

    const result = await kvRollback(apiCaller({ 'kgc/': kgc }), 'kgc', 'api-credentials', 4);
    expect(result).toMatchObject({ version: 13, destroyed: false, deletion_time: '' });
    expect(result!.custom_metadata).toEqual({ environment: 'production', quorum_required: '3', rotation_days: '30' });
    const latest = (await kv.get('api-credentials'))!;
    expect(latest.metadata.version).toBe(13);
    expect(latest.data).toEqual(written[3]);
    expect(latest.data).toEqual((await kv.get('api-credentials', { version: 4 }))!.data);
    expect((await kv.metadata('api-credentials'))!.oldest_version).toBe(4);
  });
});

describe('kvRollback', () => {
  async function threeVersions() {
    const env = setup();
    for (let i = 1; i <= 3; i++) await env.kv.put('app', { n: i });
    return { ...env, call: apiCaller({ 'secret/': env.backend }) };
  }

  it('writes with cas equal to the latest version, so a concurrent writer makes it fail', async () => {
    const env = await threeVersions();
    const racing: typeof env.call = async (op, path, data) => {
      if (op === 'update') await env.kv.put('app', { n: 'sneaky' });
      return env.call(op, path, data);
    };
    await expectRollbackError(kvRollback(racing, 'secret/', 'app', 1),
      'Error writing data to secret/data/app: Error making API request.\n\nURL: PUT /v1/secret/data/app\n' +
      'Code: 400. Errors:\n\n* check-and-set parameter did not match the current version', 2);
  });

  it('still rolls back when the latest version is soft-deleted', async () => {
    const env = await threeVersions();
    await env.kv.delete('app');
    expect((await kvRollback(env.call, 'secret', 'app', 1))!.version).toBe(4);
    expect((await env.kv.get('app'))!.data).toEqual({ n: 1 });
  });

  it('refuses a deleted target, even one only scheduled for deletion', async () => {
    const env = await threeVersions();
    await env.kv.delete('app', [1]);
    await expectRollbackError(kvRollback(env.call, 'secret', 'app', 1), ERR_KV_ROLLBACK_DELETED, 2);
    await env.kv.putMetadata('app', { delete_version_after: '1h' });
    await env.kv.put('app', { n: 4 });
    await env.kv.put('app', { n: 5 });
    await expectRollbackError(kvRollback(env.call, 'secret', 'app', 4), ERR_KV_ROLLBACK_DELETED, 2);
  });

  it('refuses a destroyed target', async () => {
    const env = await threeVersions();
    await env.kv.destroy('app', [2]);
    await expectRollbackError(kvRollback(env.call, 'secret', 'app', 2), ERR_KV_ROLLBACK_DESTROYED, 2);
  });

  it('reports a missing key or version with the CLI message', async () => {
    const env = await threeVersions();
    await expectRollbackError(kvRollback(env.call, 'secret', 'nope', 1), 'No value found at secret/data/nope', 2);
    await expectRollbackError(kvRollback(env.call, 'secret', 'app', 9), 'No value found at secret/data/app', 2);
  });

  it('checks the version flag first', async () => {
    const env = await threeVersions();
    await expectRollbackError(kvRollback(env.call, 'secret', 'app', undefined), ERR_KV_ROLLBACK_VERSION_REQUIRED, 1);
    await expectRollbackError(kvRollback(env.call, 'secret', 'app', 0), 'Invalid value 0 for the version flag', 1);
    await expectRollbackError(kvRollback(env.call, 'secret', 'app', -2), 'Invalid value -2 for the version flag', 1);
  });

  it('reports a failing pre-read with the API error', async () => {
    const failing: Parameters<typeof kvRollback>[0] = async () => ({ status: 500, body: { errors: ['boom'] } });
    await expectRollbackError(kvRollback(failing, 'secret', 'app', 1),
      'Error doing pre-read at secret/data/app: Error making API request.\n\nURL: GET /v1/secret/data/app\nCode: 500. Errors:\n\n* boom', 2);
  });

  it('reports a read without metadata or data as Vault\'s CLI does', async () => {
    const noMeta: Parameters<typeof kvRollback>[0] = async () => ({ status: 200, body: { data: { something: 1 } } });
    await expectRollbackError(kvRollback(noMeta, 'secret', 'app', 1),
      'No metadata found at secret/data/app; rollback only works on existing data', 2);
    const noData: Parameters<typeof kvRollback>[0] = async () =>
      ({ status: 200, body: { data: { data: null, metadata: { version: 1, deletion_time: '', destroyed: false } } } });
    await expectRollbackError(kvRollback(noData, 'secret', 'app', 1),
      'No data found at secret/data/app; rollback only works on existing data', 2);
  });
});
