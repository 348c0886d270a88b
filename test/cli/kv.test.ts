// `kv put | get | patch` against minivault behind the recording proxy: the preflight, the exact
// request bodies and headers, Vault's tables and errors. A KV v2 mount at kgc/ and a KV v1 mount
// at old/ are made once; every test starts from that state (TestVault.reset()).
import { describe, it, expect, afterAll, beforeAll, beforeEach } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeVault } from './fake-vault.js';
import { startKvCliVault, type CliVault } from './real-vault.js';
import { runCli } from './run-cli.js';

let v: CliVault;
beforeAll(async () => { v = await startKvCliVault(23); });
afterAll(async () => { await v.close(); });
beforeEach(async () => {
  await v.server.vault.reset();
  v.clearRequests();
});

const kv = () => v.server.vault.kv('kgc');
const RFC3339 = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z';
/** The created_time the server stored for a version. */
const createdTime = async (version: number): Promise<string> =>
  ((await kv().metadata('api-credentials'))!.versions as Record<string, { created_time: string }>)[version]!.created_time;

describe('kv put', () => {
  it('runs the preflight, writes {data, options} to the data path and prints the metadata', async () => {
    const r = await v.cli(['kv', 'put', 'kgc/api-credentials', 'api_key=key-v1', 'created_at=t1']);
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
      `created_time       ${await createdTime(1)}`,
      'custom_metadata    <nil>',
      'deletion_time      n/a',
      'destroyed          false',
      'version            1',
      '',
    ].join('\n'));
    expect((await kv().get('api-credentials'))!.data).toEqual({ api_key: 'key-v1', created_at: 't1' });
  });

  it('sends cas only when given, and takes the mount from -mount', async () => {
    await v.cli(['kv', 'put', '-mount=kgc', '-cas=0', 'api-credentials', 'a=b']);
    expect(v.calls()[0]).toBe('GET /v1/sys/internal/ui/mounts/kgc');
    expect(v.requests[1]!.body).toEqual({ data: { a: 'b' }, options: { cas: 0 } });
    expect((await kv().get('api-credentials'))!.data).toEqual({ a: 'b' });
  });

  it('writes the bare data to a KV v1 mount', async () => {
    const r = await v.cli(['kv', 'put', 'old/foo', 'a=1']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Data written to: old/foo\n' });
    expect(v.calls()).toEqual(['GET /v1/sys/internal/ui/mounts/old/foo', 'PUT /v1/old/foo']);
    expect(v.requests[1]!.body).toEqual({ a: '1' });
    expect(await v.read('old/foo')).toEqual({ a: '1' });
  });

  it('treats a 404 preflight as KV v1', async () => {
    // Canned: servers before Vault 0.10 have no preflight endpoint; minivault always answers it.
    const fake = await startFakeVault({ 'PUT /v1/secret/foo': { status: 204 } });
    try {
      const r = await runCli(fake.url, ['kv', 'put', 'secret/foo', 'a=1']);
      expect(r).toMatchObject({ code: 0, stdout: 'Success! Data written to: secret/foo\n' });
      expect(fake.requests[1]!.body).toEqual({ a: '1' });
    } finally {
      await fake.close();
    }
  });

  it('reads values from files, stdin and JSON, and collects repeated keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minivault-kv-'));
    writeFileSync(join(dir, 'key.txt'), 'from-file\n');
    writeFileSync(join(dir, 'doc.json'), '{"n": 5, "nested": {"x": true}}');
    const r = await v.cli(['kv', 'put', 'kgc/api-credentials', `f=@${join(dir, 'key.txt')}`, 's=-', 'lit=\\@x',
      `@${join(dir, 'doc.json')}`, 'r=1', 'r=2'], { stdin: 'from-stdin\n' });
    expect(r.code).toBe(0);
    const sent = { f: 'from-file\n', s: 'from-stdin\n', lit: '@x', n: 5, nested: { x: true }, r: ['1', '2'] };
    expect(v.requests[1]!.body.data).toEqual(sent);
    expect((await kv().get('api-credentials'))!.data).toEqual(sent);
  });

  it('explains bad data and missing files, exit 1, without writing', async () => {
    const bad = await v.cli(['kv', 'put', 'kgc/api-credentials', 'novalue']);
    expect(bad).toMatchObject({ code: 1, stderr: 'Failed to parse K=V data: invalid key/value pair "novalue": format must be key=value\n' });
    const missing = await v.cli(['kv', 'put', 'kgc/api-credentials', 'k=@/nonexistent/x']);
    expect(missing.stderr).toBe('Failed to parse K=V data: invalid key/value pair "k=@/nonexistent/x": error reading file: open /nonexistent/x: no such file or directory\n');
    const twice = await v.cli(['kv', 'put', 'kgc/api-credentials', 'a=-', 'b=-'], { stdin: 'x' });
    expect(twice.stderr).toContain('stdin already consumed');
    expect(v.requests).toHaveLength(0);
  });

  it('counts arguments the way Vault does', async () => {
    expect(await runCli('http://127.0.0.1:1', ['kv', 'put'])).toMatchObject({ code: 1, stderr: 'Not enough arguments (expected >1, got 0)\n' });
    expect(await runCli('http://127.0.0.1:1', ['kv', 'put', 'kgc/x'])).toMatchObject({ code: 1, stderr: 'Must supply data\n' });
  });

  it('prints a write failure with the data path and the full URL, exit 2', async () => {
    const r = await v.cli(['kv', 'put', '-cas=1', 'kgc/api-credentials', 'a=b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error writing data to kgc/data/api-credentials: Error making API request.\n\nURL: PUT ${v.url}/v1/kgc/data/api-credentials\nCode: 400. Errors:\n\n* check-and-set parameter did not match the current version\n`);
  });

  it('prints the whole response with -format=json and only the field with -field', async () => {
    const j = await v.cli(['kv', 'put', '-format=json', 'kgc/api-credentials', 'a=b']);
    expect(JSON.parse(j.stdout).data.version).toBe(1);
    const f = await v.cli(['kv', 'put', '-field=version', 'kgc/api-credentials', 'a=b']);
    expect(f.stdout).toBe('2');
  });
});

describe('kv get', () => {
  beforeEach(async () => {
    await kv().put('api-credentials', { api_key: 'key-v0' });
    await kv().put('api-credentials', { api_key: 'key-v1', created_at: 't1' });
  });

  it('prints path, metadata and data sections exactly like Vault', async () => {
    const r = await v.cli(['kv', 'get', 'kgc/api-credentials']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      '====== Secret Path ======', 'kgc/data/api-credentials', '',
      '======= Metadata =======', 'Key                Value', '---                -----',
      `created_time       ${await createdTime(2)}`, 'custom_metadata    <nil>', 'deletion_time      n/a',
      'destroyed          false', 'version            2', '',
      '======= Data =======', 'Key           Value', '---           -----', 'api_key       key-v1', 'created_at    t1', '',
    ].join('\n'));
  });

  it('asks for a version with ?version=N', async () => {
    const r = await v.cli(['kv', 'get', '-version=1', '-field=api_key', 'kgc/api-credentials']);
    expect(v.calls()[1]).toBe('GET /v1/kgc/data/api-credentials?version=1');
    expect(r.stdout).toBe('key-v0');
  });

  it('prints one field raw, with a newline only on a terminal', async () => {
    expect((await v.cli(['kv', 'get', '-field=api_key', 'kgc/api-credentials'])).stdout).toBe('key-v1');
    expect((await v.cli(['kv', 'get', '-field=api_key', 'kgc/api-credentials'], { stdoutIsTTY: true })).stdout).toBe('key-v1\n');
    expect((await v.cli(['kv', 'get', '-format=json', '-field=api_key', 'kgc/api-credentials'])).stdout).toBe('"key-v1"');
    const missing = await v.cli(['kv', 'get', '-field=nope', 'kgc/api-credentials']);
    expect(missing).toMatchObject({ code: 1, stderr: 'Field "nope" not present in secret\n' });
  });

  it('prints the whole response as JSON', async () => {
    const r = await v.cli(['kv', 'get', '-format=json', 'kgc/api-credentials']);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['request_id', 'lease_id', 'lease_duration', 'renewable', 'data', 'warnings', 'mount_type']);
    expect(json.data.data).toEqual({ api_key: 'key-v1', created_at: 't1' });
    expect(json.mount_type).toBe('kv');
  });

  it('says "No value found" for a missing secret, exit 2', async () => {
    const r = await v.cli(['kv', 'get', 'kgc/nothing-here']);
    expect(r).toMatchObject({ code: 2, stderr: 'No value found at kgc/data/nothing-here\n' });
  });

  it('shows a deleted version (404 with metadata) as a result', async () => {
    await kv().delete('api-credentials');
    const r = await v.cli(['kv', 'get', 'kgc/api-credentials']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^deletion_time      ${RFC3339}$`, 'm'));
    expect(r.stdout).not.toContain('== Data ==');
  });

  it('prints a preflight failure bare: sealed server and forbidden path', async () => {
    await v.server.vault.seal();
    const sealed = await v.cli(['kv', 'get', 'kgc/x']);
    expect(sealed.code).toBe(2);
    expect(sealed.stderr).toBe(`Error making API request.\n\nURL: GET ${v.url}/v1/sys/internal/ui/mounts/kgc/x\nCode: 503. Errors:\n\n* Vault is sealed\n`);
    await v.server.vault.unseal();
    const token = await v.server.vault.createToken({ policies: ['default'] });
    const denied = await v.cli(['kv', 'get', 'kgc/x'], { env: { VAULT_TOKEN: token } });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('Code: 403. Errors:\n\n* preflight capability check returned 403, please ensure client\'s policies grant access to path "kgc/x/"');
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
  beforeEach(async () => {
    await kv().put('api-credentials', { api_key: 'key-v1', created_at: 't1' });
    v.clearRequests();
  });

  it('sends an HTTP PATCH with merge-patch content type and removed keys as null', async () => {
    const r = await v.cli(['kv', 'patch', '-remove-data=created_at', 'kgc/api-credentials', 'api_key=key-v2']);
    expect(r.code).toBe(0);
    expect(v.requests[1]!.method).toBe('PATCH');
    expect(v.requests[1]!.headers['content-type']).toBe('application/merge-patch+json');
    expect(v.requests[1]!.body).toEqual({ data: { api_key: 'key-v2', created_at: null }, options: {} });
    expect(r.stdout).toContain('version            2');
    expect((await kv().get('api-credentials'))!.data).toEqual({ api_key: 'key-v2' });
  });

  it('falls back to read-then-write with cas on 405', async () => {
    // A server without PATCH (Vault before 1.9) answers 405: injected with the vault's faults.
    v.server.vault.faults.inject({ path: 'kgc/data/api-credentials', method: 'PATCH', status: 405 });
    const r = await v.cli(['kv', 'patch', 'kgc/api-credentials', 'api_key=key-v2']);
    expect(r.code).toBe(0);
    expect(v.calls().slice(1)).toEqual(['PATCH /v1/kgc/data/api-credentials', 'GET /v1/kgc/data/api-credentials', 'PUT /v1/kgc/data/api-credentials']);
    expect(v.requests[3]!.body).toEqual({ data: { api_key: 'key-v2', created_at: 't1' }, options: { cas: 1 } });
    expect((await kv().get('api-credentials'))!.data).toEqual({ api_key: 'key-v2', created_at: 't1' });
  });

  it('recommends the patch capability on 403 and falls back', async () => {
    await v.server.vault.request('update', 'sys/policies/acl/no-patch', {
      policy: 'path "kgc/data/*" { capabilities = ["create", "read", "update"] }' });
    const token = await v.server.vault.createToken({ policies: ['no-patch'] });
    const r = await v.cli(['kv', 'patch', 'kgc/api-credentials', 'api_key=key-v2'], { env: { VAULT_TOKEN: token } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('we recommend that you add the "patch" capability');
    expect((await kv().get('api-credentials'))!.data).toEqual({ api_key: 'key-v2', created_at: 't1' });
  });

  it('does not fall back with -method=patch, and refuses a KV v1 mount', async () => {
    v.server.vault.faults.inject({ path: 'kgc/data/api-credentials', method: 'PATCH', status: 405 });
    const r = await v.cli(['kv', 'patch', '-method=patch', 'kgc/api-credentials', 'a=b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Error writing data to kgc/data/api-credentials: Error making API request.');
    expect(v.calls().some((c) => c.startsWith('PUT'))).toBe(false);
    const v1 = await v.cli(['kv', 'patch', 'old/api-credentials', 'a=b']);
    expect(v1).toMatchObject({ code: 2, stderr: 'K/V engine mount must be version 2 for patch support\n' });
  });
});
