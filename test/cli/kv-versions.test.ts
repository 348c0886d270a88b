// `kv delete | undelete | destroy | list | rollback | metadata` against minivault behind the
// recording proxy: the paths and bodies the CLI sends, what the server then holds, Vault's
// messages. KV v2 at kgc/ and KV v1 at old/; every test starts from that state (reset()).
import { describe, it, expect, afterAll, beforeAll, beforeEach } from 'vitest';
import { startKvCliVault, type CliVault } from './real-vault.js';
import { runCli } from './run-cli.js';

let v: CliVault;
beforeAll(async () => { v = await startKvCliVault(29); });
afterAll(async () => { await v.close(); });
beforeEach(async () => {
  await v.server.vault.reset();
  for (let i = 1; i <= 4; i++) await kv().put('api-credentials', { api_key: `key-v${i}` });
  v.clearRequests();
});

const kv = () => v.server.vault.kv('kgc');
const versionState = async (n: number): Promise<{ deletion_time: string; destroyed: boolean }> =>
  ((await kv().metadata('api-credentials'))!.versions as Record<string, { deletion_time: string; destroyed: boolean }>)[n]!;

describe('kv delete, undelete, destroy', () => {
  it('deletes the latest version with DELETE on the data path', async () => {
    const r = await v.cli(['kv', 'delete', 'kgc/api-credentials']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Data deleted (if it existed) at: kgc/data/api-credentials\n' });
    expect(v.calls()[1]).toBe('DELETE /v1/kgc/data/api-credentials');
    expect((await versionState(4)).deletion_time).not.toBe('');
    expect((await versionState(3)).deletion_time).toBe('');
  });

  it('deletes named versions through the delete path, versions as strings', async () => {
    await v.cli(['kv', 'delete', '-versions=1,2', '-versions=3', 'kgc/api-credentials']);
    expect(v.calls()[1]).toBe('PUT /v1/kgc/delete/api-credentials');
    expect(v.requests[1]!.body).toEqual({ versions: ['1', '2', '3'] });
    for (const n of [1, 2, 3]) expect((await versionState(n)).deletion_time).not.toBe('');
    expect((await versionState(4)).deletion_time).toBe('');
  });

  it('undeletes and destroys given versions, and needs -versions', async () => {
    await kv().delete('api-credentials', [3]);
    expect(await v.cli(['kv', 'undelete', '-versions=3', 'kgc/api-credentials'])).toMatchObject({ code: 0, stdout: 'Success! Data written to: kgc/undelete/api-credentials\n' });
    expect((await versionState(3)).deletion_time).toBe('');
    expect(await v.cli(['kv', 'destroy', '-versions=1', 'kgc/api-credentials'])).toMatchObject({ code: 0, stdout: 'Success! Data written to: kgc/destroy/api-credentials\n' });
    expect((await versionState(1)).destroyed).toBe(true);
    expect(v.requests.filter((q) => q.method === 'PUT').map((q) => q.body)).toEqual([{ versions: ['3'] }, { versions: ['1'] }]);
    expect(await v.cli(['kv', 'undelete', 'kgc/api-credentials'])).toMatchObject({
      code: 1, stderr: 'No versions provided, use the "-versions" flag to specify the version to undelete.\n' });
  });
});

describe('kv list', () => {
  it('lists with GET ?list=true on the metadata path, keys sorted', async () => {
    await kv().put('b', { x: '1' });
    await kv().put('a/inner', { x: '1' });
    const r = await v.cli(['kv', 'list', 'kgc']);
    expect(v.calls()[1]).toBe('GET /v1/kgc/metadata?list=true');
    expect(r).toMatchObject({ code: 0, stdout: 'Keys\n----\na/\napi-credentials\nb\n' });
    const j = await v.cli(['kv', 'list', '-format=json', 'kgc']);
    expect(JSON.parse(j.stdout)).toEqual(['a/', 'api-credentials', 'b']);
  });

  it('exits 2 when nothing is there', async () => {
    await v.server.vault.request('delete', 'kgc/metadata/api-credentials');
    expect(await v.cli(['kv', 'list', 'kgc'])).toMatchObject({ code: 2, stderr: 'No value found at kgc/metadata\n' });
    expect(await v.cli(['kv', 'list', '-format=json', 'kgc'])).toMatchObject({ code: 2, stdout: '{}\n' });
  });
});

describe('kv rollback', () => {
  it('reads current and target versions and writes the old data with cas = current', async () => {
    const r = await v.cli(['kv', 'rollback', '-version=2', 'kgc/api-credentials']);
    expect(r.code).toBe(0);
    expect(v.calls()).toEqual(['GET /v1/sys/internal/ui/mounts/kgc/api-credentials', 'GET /v1/kgc/data/api-credentials',
      'GET /v1/kgc/data/api-credentials?version=2', 'PUT /v1/kgc/data/api-credentials']);
    expect(v.requests[3]!.body).toEqual({ data: { api_key: 'key-v2' }, options: { cas: 4 } });
    expect(r.stdout).toContain('version            5');
    expect(r.stdout).not.toContain('Secret Path');
    expect(await kv().get('api-credentials')).toMatchObject({ data: { api_key: 'key-v2' }, metadata: { version: 5 } });
  });

  it('refuses to roll back to a deleted version', async () => {
    await kv().delete('api-credentials', [2]);
    const r = await v.cli(['kv', 'rollback', '-version=2', 'kgc/api-credentials']);
    expect(r).toMatchObject({ code: 2, stderr: 'Cannot roll back to a version that has been deleted\n' });
    expect(v.calls().some((c) => c.startsWith('PUT'))).toBe(false);
    expect((await kv().get('api-credentials'))!.metadata.version).toBe(4);
  });

  it('prints a failing pre-read with Vault\'s prefix and full URL', async () => {
    await v.server.vault.request('update', 'sys/policies/acl/list-only', { policy: 'path "kgc/metadata/*" { capabilities = ["list"] }' });
    const token = await v.server.vault.createToken({ policies: ['list-only'] });
    const r = await v.cli(['kv', 'rollback', '-version=2', 'kgc/api-credentials'], { env: { VAULT_TOKEN: token } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error doing pre-read at kgc/data/api-credentials: Error making API request.\n\nURL: GET ${v.url}/v1/kgc/data/api-credentials\nCode: 403. Errors:\n\n* 1 error occurred:\n\t* permission denied\n\n\n`);
  });

  it('checks its flag and argument before any request', async () => {
    expect(await runCli('http://127.0.0.1:1', ['kv', 'rollback', 'kgc/x'])).toMatchObject({ code: 1, stderr: 'Version flag must be specified\n' });
    expect(await runCli('http://127.0.0.1:1', ['kv', 'rollback', '-version=0', 'kgc/x'])).toMatchObject({ code: 1, stderr: 'Invalid value 0 for the version flag\n' });
    expect(await runCli('http://127.0.0.1:1', ['kv', 'rollback', '-version=2'])).toMatchObject({ code: 1, stderr: 'Invalid number of arguments (expected 1, got 0)\n' });
  });
});

describe('kv metadata', () => {
  it('prints settings then each version in numeric order', async () => {
    for (let i = 5; i <= 10; i++) await kv().put('api-credentials', { api_key: `key-v${i}` });
    await kv().delete('api-credentials', [10]);
    const r = await v.cli(['kv', 'metadata', 'get', 'kgc/api-credentials']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('======= Metadata Path =======\nkgc/metadata/api-credentials\n\n========== Metadata ==========\n')).toBe(true);
    expect(r.stdout).toContain('delete_version_after    0s');
    expect(r.stdout).toContain('current_version         10');
    expect(r.stdout.indexOf('== Version 2 ==')).toBeLessThan(r.stdout.indexOf('== Version 10 =='));
  });

  it('sends only the settings given', async () => {
    await v.cli(['kv', 'metadata', 'put', '-max-versions=20', '-delete-version-after=3h25m19s', '-custom-metadata=owner=kgc', 'kgc/api-credentials']);
    expect(v.requests[1]!.body).toEqual({ max_versions: 20, delete_version_after: '3h25m19s', custom_metadata: { owner: 'kgc' } });
    expect(await kv().metadata('api-credentials')).toMatchObject({ max_versions: 20, delete_version_after: '3h25m19s', custom_metadata: { owner: 'kgc' } });
    await v.cli(['kv', 'metadata', 'patch', '-cas-required', '-remove-custom-metadata=owner', 'kgc/api-credentials']);
    expect(v.requests[3]!.body).toEqual({ cas_required: true, custom_metadata: { owner: null } });
    expect(v.requests[3]!.headers['content-type']).toBe('application/merge-patch+json');
    expect(await kv().metadata('api-credentials')).toMatchObject({ cas_required: true, max_versions: 20, custom_metadata: null });
  });

  it('deletes all versions and metadata', async () => {
    const r = await v.cli(['kv', 'metadata', 'delete', 'kgc/api-credentials']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Data deleted (if it existed) at: kgc/metadata/api-credentials\n' });
    expect(await kv().metadata('api-credentials')).toBeNull();
  });

  it('refuses a KV v1 mount', async () => {
    const r = await v.cli(['kv', 'metadata', 'get', 'old/x']);
    expect(r).toMatchObject({ code: 1, stderr: 'Metadata not supported on KV Version 1\n' });
  });
});

describe('kv data keys', () => {
  it('keeps a key named __proto__ as plain data', async () => {
    await v.cli(['kv', 'put', 'kgc/api-credentials', '__proto__=x', '-'], { stdin: '{"__proto__": {"polluted": true}, "b": "1"}' });
    expect(v.requests[1]!.raw).toBe('{"data":{"__proto__":{"polluted":true},"b":"1"},"options":{}}');
    const stored = (await kv().get('api-credentials'))!.data;
    expect(Object.keys(stored ?? {})).toEqual(['__proto__', 'b']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
