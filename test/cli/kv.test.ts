import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envelope, startFakeVault, uiMount, type FakeVault, type Handler } from './fake-vault.js';
import { runCli } from './run-cli.js';

let fake: FakeVault | undefined;
afterEach(async () => { await fake?.close(); fake = undefined; });

async function kgc(routes: Record<string, Handler> = {}): Promise<FakeVault> {
  fake = await startFakeVault({ 'GET /v1/sys/internal/ui/mounts/kgc/api-credentials': uiMount('kgc/', '2'), 'GET /v1/sys/internal/ui/mounts/kgc': uiMount('kgc/', '2'), ...routes });
  return fake;
}

const META4 = { created_time: '2026-11-29T10:00:00.123456789Z', custom_metadata: null, deletion_time: '', destroyed: false, version: 4 };
const READ4 = envelope({ data: { api_key: 'key-v1', created_at: 't1' }, metadata: META4 });

describe('kv put', () => {
  it('runs the preflight, writes {data, options} to the data path and prints the metadata', async () => {
    const v = await kgc({ 'PUT /v1/kgc/data/api-credentials': { status: 200, body: envelope(META4) } });
    const r = await runCli(v.url, ['kv', 'put', 'kgc/api-credentials', 'api_key=key-v1', 'created_at=t1']);
    expect(r.code).toBe(0);
    expect(v.calls()).toEqual(['GET /v1/sys/internal/ui/mounts/kgc/api-credentials', 'PUT /v1/kgc/data/api-credentials']);
    expect(v.requests[1]!.body).toEqual({ data: { api_key: 'key-v1', created_at: 't1' }, options: {} });
    expect(r.stdout).toBe([
      '====== Secret Path ======',
      'kgc/data/api-credentials',
      '',
      '======= Metadata =======',
      'Key                Value',
      '---                -----',
      'created_time       2026-11-29T10:00:00.123456789Z',
      'custom_metadata    <nil>',
      'deletion_time      n/a',
      'destroyed          false',
      'version            4',
      '',
    ].join('\n'));
  });

  it('sends cas only when given, and takes the mount from -mount', async () => {
    const v = await kgc({ 'PUT /v1/kgc/data/api-credentials': { status: 200, body: envelope(META4) } });
    await runCli(v.url, ['kv', 'put', '-mount=kgc', '-cas=0', 'api-credentials', 'a=b']);
    expect(v.calls()[0]).toBe('GET /v1/sys/internal/ui/mounts/kgc');
    expect(v.requests[1]!.body).toEqual({ data: { a: 'b' }, options: { cas: 0 } });
  });

  it('writes the bare data to a KV v1 path when the preflight answers 404', async () => {
    fake = await startFakeVault({ 'PUT /v1/secret/foo': { status: 204 } });
    const r = await runCli(fake.url, ['kv', 'put', 'secret/foo', 'a=1']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Data written to: secret/foo\n' });
    expect(fake.requests[1]!.body).toEqual({ a: '1' });
  });

  it('reads values from files, stdin and JSON, and collects repeated keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minivault-kv-'));
    writeFileSync(join(dir, 'key.txt'), 'from-file\n');
    writeFileSync(join(dir, 'doc.json'), '{"n": 5, "nested": {"x": true}}');
    const v = await kgc({ 'PUT /v1/kgc/data/api-credentials': { status: 200, body: envelope(META4) } });
    const r = await runCli(v.url, ['kv', 'put', 'kgc/api-credentials', `f=@${join(dir, 'key.txt')}`, 's=-', 'lit=\\@x',
      `@${join(dir, 'doc.json')}`, 'r=1', 'r=2'], { stdin: 'from-stdin\n' });
    expect(r.code).toBe(0);
    expect(v.requests[1]!.body.data).toEqual({ f: 'from-file\n', s: 'from-stdin\n', lit: '@x', n: 5, nested: { x: true }, r: ['1', '2'] });
  });

  it('explains bad data and missing files, exit 1, without writing', async () => {
    const v = await kgc();
    const bad = await runCli(v.url, ['kv', 'put', 'kgc/api-credentials', 'novalue']);
    expect(bad).toMatchObject({ code: 1, stderr: 'Failed to parse K=V data: invalid key/value pair "novalue": format must be key=value\n' });
    const missing = await runCli(v.url, ['kv', 'put', 'kgc/api-credentials', 'k=@/nonexistent/x']);
    expect(missing.stderr).toBe('Failed to parse K=V data: invalid key/value pair "k=@/nonexistent/x": error reading file: open /nonexistent/x: no such file or directory\n');
    const twice = await runCli(v.url, ['kv', 'put', 'kgc/api-credentials', 'a=-', 'b=-'], { stdin: 'x' });
    expect(twice.stderr).toContain('stdin already consumed');
    expect(v.requests).toHaveLength(0);
  });

  it('counts arguments the way Vault does', async () => {
    expect(await runCli('http://127.0.0.1:1', ['kv', 'put'])).toMatchObject({ code: 1, stderr: 'Not enough arguments (expected >1, got 0)\n' });
    expect(await runCli('http://127.0.0.1:1', ['kv', 'put', 'kgc/x'])).toMatchObject({ code: 1, stderr: 'Must supply data\n' });
  });

  it('prints a write failure with the data path and the full URL, exit 2', async () => {
    const v = await kgc({ 'PUT /v1/kgc/data/api-credentials': { status: 400, body: { errors: ['check-and-set parameter did not match the current version'] } } });
    const r = await runCli(v.url, ['kv', 'put', '-cas=1', 'kgc/api-credentials', 'a=b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error writing data to kgc/data/api-credentials: Error making API request.\n\nURL: PUT ${v.url}/v1/kgc/data/api-credentials\nCode: 400. Errors:\n\n* check-and-set parameter did not match the current version\n`);
  });

  it('prints the whole response with -format=json and only the field with -field', async () => {
    const v = await kgc({ 'PUT /v1/kgc/data/api-credentials': { status: 200, body: envelope(META4) } });
    const j = await runCli(v.url, ['kv', 'put', '-format=json', 'kgc/api-credentials', 'a=b']);
    expect(JSON.parse(j.stdout).data.version).toBe(4);
    const f = await runCli(v.url, ['kv', 'put', '-field=version', 'kgc/api-credentials', 'a=b']);
    expect(f.stdout).toBe('4');
  });
});

describe('kv get', () => {
  it('prints path, metadata and data sections exactly like Vault', async () => {
    const v = await kgc({ 'GET /v1/kgc/data/api-credentials': { status: 200, body: READ4 } });
    const r = await runCli(v.url, ['kv', 'get', 'kgc/api-credentials']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      '====== Secret Path ======', 'kgc/data/api-credentials', '',
      '======= Metadata =======', 'Key                Value', '---                -----',
      'created_time       2026-11-29T10:00:00.123456789Z', 'custom_metadata    <nil>', 'deletion_time      n/a',
      'destroyed          false', 'version            4', '',
      '======= Data =======', 'Key           Value', '---           -----', 'api_key       key-v1', 'created_at    t1', '',
    ].join('\n'));
  });

  it('asks for a version with ?version=N', async () => {
    const v = await kgc({ 'GET /v1/kgc/data/api-credentials': { status: 200, body: READ4 } });
    await runCli(v.url, ['kv', 'get', '-version=2', 'kgc/api-credentials']);
    expect(v.calls()[1]).toBe('GET /v1/kgc/data/api-credentials?version=2');
  });

  it('prints one field raw, with a newline only on a terminal', async () => {
    const v = await kgc({ 'GET /v1/kgc/data/api-credentials': { status: 200, body: READ4 } });
    expect((await runCli(v.url, ['kv', 'get', '-field=api_key', 'kgc/api-credentials'])).stdout).toBe('key-v1');
    expect((await runCli(v.url, ['kv', 'get', '-field=api_key', 'kgc/api-credentials'], { stdoutIsTTY: true })).stdout).toBe('key-v1\n');
    expect((await runCli(v.url, ['kv', 'get', '-format=json', '-field=api_key', 'kgc/api-credentials'])).stdout).toBe('"key-v1"');
    const missing = await runCli(v.url, ['kv', 'get', '-field=nope', 'kgc/api-credentials']);
    expect(missing).toMatchObject({ code: 1, stderr: 'Field "nope" not present in secret\n' });
  });

  it('prints the whole response as JSON', async () => {
    const v = await kgc({ 'GET /v1/kgc/data/api-credentials': { status: 200, body: READ4 } });
    const r = await runCli(v.url, ['kv', 'get', '-format=json', 'kgc/api-credentials']);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['request_id', 'lease_id', 'lease_duration', 'renewable', 'data', 'warnings', 'mount_type']);
    expect(json.data.data).toEqual({ api_key: 'key-v1', created_at: 't1' });
  });

  it('says "No value found" for a missing secret, exit 2', async () => {
    const v = await kgc();
    const r = await runCli(v.url, ['kv', 'get', 'kgc/api-credentials']);
    expect(r).toMatchObject({ code: 2, stderr: 'No value found at kgc/data/api-credentials\n' });
  });

  it('shows a deleted version (404 with metadata) as a result', async () => {
    const deleted = envelope({ data: null, metadata: { ...META4, deletion_time: '2026-11-30T00:00:00Z' } });
    const v = await kgc({ 'GET /v1/kgc/data/api-credentials': { status: 404, body: deleted } });
    const r = await runCli(v.url, ['kv', 'get', 'kgc/api-credentials']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('deletion_time      2026-11-30T00:00:00Z');
    expect(r.stdout).not.toContain('== Data ==');
  });

  it('prints a preflight failure bare: sealed server and forbidden path', async () => {
    fake = await startFakeVault({ 'GET /v1/sys/internal/ui/mounts/kgc/x': { status: 503, body: { errors: ['Vault is sealed'] } } });
    const sealed = await runCli(fake.url, ['kv', 'get', 'kgc/x']);
    expect(sealed.code).toBe(2);
    expect(sealed.stderr).toBe(`Error making API request.\n\nURL: GET ${fake.url}/v1/sys/internal/ui/mounts/kgc/x\nCode: 503. Errors:\n\n* Vault is sealed\n`);
    fake.on('GET /v1/sys/internal/ui/mounts/kgc/x', { status: 403, body: { errors: ['preflight capability check returned 403, please ensure client\'s policies grant access to path "kgc/x/"'] } });
    const denied = await runCli(fake.url, ['kv', 'get', 'kgc/x']);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('Code: 403. Errors:\n\n* preflight capability check returned 403');
  });

  it('names the address when the server is unreachable, exit 2', async () => {
    const r = await runCli('http://127.0.0.1:1', ['kv', 'get', 'kgc/x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Get "http://127.0.0.1:1/v1/sys/internal/ui/mounts/kgc/x": dial tcp 127.0.0.1:1: connect: connection refused\n');
  });

  it('counts arguments', async () => {
    expect(await runCli('http://127.0.0.1:1', ['kv', 'get'])).toMatchObject({ code: 1, stderr: 'Not enough arguments (expected 1, got 0)\n' });
    const r = await runCli('http://127.0.0.1:1', ['kv', 'get', 'a', '-version=2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Command flags must be provided before positional arguments. The following arguments will not be parsed as flags: [-version=2]');
    expect(r.stderr).toContain('Too many arguments (expected 1, got 2)');
  });
});

describe('kv patch', () => {
  it('sends an HTTP PATCH with merge-patch content type and removed keys as null', async () => {
    const v = await kgc({ 'PATCH /v1/kgc/data/api-credentials': { status: 200, body: envelope({ ...META4, version: 5 }) } });
    const r = await runCli(v.url, ['kv', 'patch', '-remove-data=created_at', 'kgc/api-credentials', 'api_key=key-v2']);
    expect(r.code).toBe(0);
    expect(v.requests[1]!.headers['content-type']).toBe('application/merge-patch+json');
    expect(v.requests[1]!.body).toEqual({ data: { api_key: 'key-v2', created_at: null }, options: {} });
    expect(r.stdout).toContain('version            5');
  });

  it('falls back to read-then-write with cas on 405', async () => {
    const v = await kgc({
      'PATCH /v1/kgc/data/api-credentials': { status: 405, body: { errors: [] } },
      'GET /v1/kgc/data/api-credentials': { status: 200, body: READ4 },
      'PUT /v1/kgc/data/api-credentials': { status: 200, body: envelope({ ...META4, version: 5 }) },
    });
    const r = await runCli(v.url, ['kv', 'patch', 'kgc/api-credentials', 'api_key=key-v2']);
    expect(r.code).toBe(0);
    expect(v.calls().slice(1)).toEqual(['PATCH /v1/kgc/data/api-credentials', 'GET /v1/kgc/data/api-credentials', 'PUT /v1/kgc/data/api-credentials']);
    expect(v.requests[3]!.body).toEqual({ data: { api_key: 'key-v2', created_at: 't1' }, options: { cas: 4 } });
  });

  it('recommends the patch capability on 403 and falls back', async () => {
    const v = await kgc({
      'PATCH /v1/kgc/data/api-credentials': { status: 403, body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] } },
      'GET /v1/kgc/data/api-credentials': { status: 200, body: READ4 },
      'PUT /v1/kgc/data/api-credentials': { status: 200, body: envelope(META4) },
    });
    const r = await runCli(v.url, ['kv', 'patch', 'kgc/api-credentials', 'api_key=key-v2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('we recommend that you add the "patch" capability');
  });

  it('does not fall back with -method=patch, and refuses a KV v1 mount', async () => {
    const v = await kgc({ 'PATCH /v1/kgc/data/api-credentials': { status: 405, body: { errors: [] } } });
    const r = await runCli(v.url, ['kv', 'patch', '-method=patch', 'kgc/api-credentials', 'a=b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Error writing data to kgc/data/api-credentials: Error making API request.');
    v.on('GET /v1/sys/internal/ui/mounts/kgc/api-credentials', uiMount('kgc/', '1'));
    const v1 = await runCli(v.url, ['kv', 'patch', 'kgc/api-credentials', 'a=b']);
    expect(v1).toMatchObject({ code: 2, stderr: 'K/V engine mount must be version 2 for patch support\n' });
  });
});

describe('kv delete, undelete, destroy', () => {
  it('deletes the latest version with DELETE on the data path', async () => {
    const v = await kgc({ 'DELETE /v1/kgc/data/api-credentials': { status: 204 } });
    const r = await runCli(v.url, ['kv', 'delete', 'kgc/api-credentials']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Data deleted (if it existed) at: kgc/data/api-credentials\n' });
  });

  it('deletes named versions through the delete path, versions as strings', async () => {
    const v = await kgc({ 'PUT /v1/kgc/delete/api-credentials': { status: 204 } });
    await runCli(v.url, ['kv', 'delete', '-versions=1,2', '-versions=3', 'kgc/api-credentials']);
    expect(v.requests[1]!.body).toEqual({ versions: ['1', '2', '3'] });
  });

  it('undeletes and destroys given versions, and needs -versions', async () => {
    const v = await kgc({ 'PUT /v1/kgc/undelete/api-credentials': { status: 204 }, 'PUT /v1/kgc/destroy/api-credentials': { status: 204 } });
    expect(await runCli(v.url, ['kv', 'undelete', '-versions=3', 'kgc/api-credentials'])).toMatchObject({ code: 0, stdout: 'Success! Data written to: kgc/undelete/api-credentials\n' });
    expect(await runCli(v.url, ['kv', 'destroy', '-versions=1', 'kgc/api-credentials'])).toMatchObject({ code: 0, stdout: 'Success! Data written to: kgc/destroy/api-credentials\n' });
    expect(await runCli(v.url, ['kv', 'undelete', 'kgc/api-credentials'])).toMatchObject({
      code: 1, stderr: 'No versions provided, use the "-versions" flag to specify the version to undelete.\n' });
  });
});

describe('kv list', () => {
  it('lists with GET ?list=true on the metadata path, keys sorted', async () => {
    const v = await kgc({ 'GET /v1/kgc/metadata': { status: 200, body: envelope({ keys: ['b', 'a/', 'api-credentials'] }) } });
    const r = await runCli(v.url, ['kv', 'list', 'kgc']);
    expect(v.calls()[1]).toBe('GET /v1/kgc/metadata?list=true');
    expect(r).toMatchObject({ code: 0, stdout: 'Keys\n----\na/\napi-credentials\nb\n' });
    const j = await runCli(v.url, ['kv', 'list', '-format=json', 'kgc']);
    expect(JSON.parse(j.stdout)).toEqual(['b', 'a/', 'api-credentials']);
  });

  it('exits 2 when nothing is there', async () => {
    const v = await kgc();
    expect(await runCli(v.url, ['kv', 'list', 'kgc'])).toMatchObject({ code: 2, stderr: 'No value found at kgc/metadata\n' });
    expect(await runCli(v.url, ['kv', 'list', '-format=json', 'kgc'])).toMatchObject({ code: 2, stdout: '{}\n' });
  });
});

describe('kv rollback', () => {
  function versions(): Handler {
    return (req) => {
      if (req.query.version === '2') return { status: 200, body: envelope({ data: { api_key: 'key-v2' }, metadata: { ...META4, version: 2 } }) };
      return { status: 200, body: READ4 };
    };
  }

  it('reads current and target versions and writes the old data with cas = current', async () => {
    const v = await kgc({
      'GET /v1/kgc/data/api-credentials': versions(),
      'PUT /v1/kgc/data/api-credentials': { status: 200, body: envelope({ ...META4, version: 5 }) },
    });
    const r = await runCli(v.url, ['kv', 'rollback', '-version=2', 'kgc/api-credentials']);
    expect(r.code).toBe(0);
    expect(v.calls()).toEqual(['GET /v1/sys/internal/ui/mounts/kgc/api-credentials', 'GET /v1/kgc/data/api-credentials',
      'GET /v1/kgc/data/api-credentials?version=2', 'PUT /v1/kgc/data/api-credentials']);
    expect(v.requests[3]!.body).toEqual({ data: { api_key: 'key-v2' }, options: { cas: 4 } });
    expect(r.stdout).toContain('version            5');
    expect(r.stdout).not.toContain('Secret Path');
  });

  it('refuses to roll back to a deleted version', async () => {
    const v = await kgc({
      'GET /v1/kgc/data/api-credentials': (req) => req.query.version === '2'
        ? { status: 404, body: envelope({ data: null, metadata: { ...META4, version: 2, deletion_time: '2026-11-30T00:00:00Z' } }) }
        : { status: 200, body: READ4 },
    });
    const r = await runCli(v.url, ['kv', 'rollback', '-version=2', 'kgc/api-credentials']);
    expect(r).toMatchObject({ code: 2, stderr: 'Cannot roll back to a version that has been deleted\n' });
    expect(v.calls().some((c) => c.startsWith('PUT'))).toBe(false);
  });

  it('prints a failing pre-read with Vault\'s prefix and full URL', async () => {
    const v = await kgc({ 'GET /v1/kgc/data/api-credentials': { status: 403, body: { errors: ['permission denied'] } } });
    const r = await runCli(v.url, ['kv', 'rollback', '-version=2', 'kgc/api-credentials']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error doing pre-read at kgc/data/api-credentials: Error making API request.\n\nURL: GET ${v.url}/v1/kgc/data/api-credentials\nCode: 403. Errors:\n\n* permission denied\n`);
  });

  it('checks its flag and argument before any request', async () => {
    expect(await runCli('http://127.0.0.1:1', ['kv', 'rollback', 'kgc/x'])).toMatchObject({ code: 1, stderr: 'Version flag must be specified\n' });
    expect(await runCli('http://127.0.0.1:1', ['kv', 'rollback', '-version=0', 'kgc/x'])).toMatchObject({ code: 1, stderr: 'Invalid value 0 for the version flag\n' });
    expect(await runCli('http://127.0.0.1:1', ['kv', 'rollback', '-version=2'])).toMatchObject({ code: 1, stderr: 'Invalid number of arguments (expected 1, got 0)\n' });
  });
});

describe('kv metadata', () => {
  const META = envelope({ cas_required: false, created_time: '2026-11-29T10:00:00Z', current_version: 2, custom_metadata: null,
    delete_version_after: '0s', max_versions: 0, oldest_version: 0, updated_time: '2026-11-29T11:00:00Z',
    versions: { 2: { created_time: '2026-11-29T11:00:00Z', deletion_time: '', destroyed: false },
      10: { created_time: '2026-11-29T12:00:00Z', deletion_time: '', destroyed: true } } });

  it('prints settings then each version in numeric order', async () => {
    const v = await kgc({ 'GET /v1/kgc/metadata/api-credentials': { status: 200, body: META } });
    const r = await runCli(v.url, ['kv', 'metadata', 'get', 'kgc/api-credentials']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('======= Metadata Path =======\nkgc/metadata/api-credentials\n\n========== Metadata ==========\n')).toBe(true);
    expect(r.stdout).toContain('delete_version_after    0s');
    expect(r.stdout.indexOf('== Version 2 ==')).toBeLessThan(r.stdout.indexOf('== Version 10 =='));
  });

  it('sends only the settings given', async () => {
    const v = await kgc({ 'PUT /v1/kgc/metadata/api-credentials': { status: 204 }, 'PATCH /v1/kgc/metadata/api-credentials': { status: 204 } });
    await runCli(v.url, ['kv', 'metadata', 'put', '-max-versions=20', '-delete-version-after=3h25m19s', '-custom-metadata=owner=kgc', 'kgc/api-credentials']);
    expect(v.requests[1]!.body).toEqual({ max_versions: 20, delete_version_after: '3h25m19s', custom_metadata: { owner: 'kgc' } });
    await runCli(v.url, ['kv', 'metadata', 'patch', '-cas-required', '-remove-custom-metadata=owner', 'kgc/api-credentials']);
    expect(v.requests[3]!.body).toEqual({ cas_required: true, custom_metadata: { owner: null } });
    expect(v.requests[3]!.headers['content-type']).toBe('application/merge-patch+json');
  });

  it('deletes all versions and metadata', async () => {
    const v = await kgc({ 'DELETE /v1/kgc/metadata/api-credentials': { status: 204 } });
    const r = await runCli(v.url, ['kv', 'metadata', 'delete', 'kgc/api-credentials']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Data deleted (if it existed) at: kgc/metadata/api-credentials\n' });
  });

  it('refuses a KV v1 mount', async () => {
    fake = await startFakeVault({ 'GET /v1/sys/internal/ui/mounts/old/x': uiMount('old/', null) });
    const r = await runCli(fake.url, ['kv', 'metadata', 'get', 'old/x']);
    expect(r).toMatchObject({ code: 1, stderr: 'Metadata not supported on KV Version 1\n' });
  });
});

describe('kv data keys', () => {
  it('keeps a key named __proto__ as plain data', async () => {
    const v = await kgc({ 'PUT /v1/kgc/data/api-credentials': { status: 200, body: envelope(META4) } });
    await runCli(v.url, ['kv', 'put', 'kgc/api-credentials', '__proto__=x', '-'], { stdin: '{"__proto__": {"polluted": true}, "b": "1"}' });
    expect(v.requests[1]!.raw).toBe('{"data":{"__proto__":{"polluted":true},"b":"1"},"options":{}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
