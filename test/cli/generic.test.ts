// `minivault read | write | list | delete | patch` (Vault 1.18 command/read.go, write.go,
// list.go, delete.go, patch.go) against a real in-process minivault: the secret table with its
// lease rows, the token table of an auth response, warnings on stderr, the Success lines, `No
// value found` (exit 2), list output, data from @file and stdin, -field, -format=json; and the
// exact wire shapes (query parameters, merge-patch content type) recorded in front of it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StartedVault } from '../../src/testing/index.js';
import { envelope, startFakeVault, type FakeVault } from './fake-vault.js';
import { startCliVault, type CliVault } from './real-vault.js';
import { runCli } from './run-cli.js';

let cv: CliVault;
let vault: StartedVault;
const cli = (argv: string[], stdin?: string) => runCli(cv.url, argv, { env: { VAULT_TOKEN: vault.rootToken }, stdin });

beforeAll(async () => {
  cv = await startCliVault({ seed: 21 });
  vault = cv.server;
  await vault.vault.request('update', 'sys/mounts/kv1', { type: 'kv', options: { version: '1', leased_passthrough: 'true' } });
});
afterAll(async () => { await cv.close(); });

describe('write and read', () => {
  it('writes key=value pairs, then reads them back as a table with lease rows', async () => {
    expect(await cli(['write', 'kv1/app', 'user=armon', 'ttl=1h'])).toEqual({ code: 0, stderr: '', stdout: 'Success! Data written to: kv1/app\n' });
    const r = await cli(['read', 'kv1/app']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('Key                Value');
    expect(lines[1]).toBe('---                -----');
    expect(lines[2]).toMatch(/^lease_id {11}kv1\/app\/\w+$/);
    expect(lines.slice(3)).toEqual(['lease_duration     1h', 'lease_renewable    true', 'ttl                1h', 'user               armon', '']);
  });

  it('prints the whole response as JSON, and one field raw', async () => {
    await cli(['write', 'kv1/json', 'a=1']);
    const json = JSON.parse((await cli(['read', '-format=json', 'kv1/json'])).stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['request_id', 'lease_id', 'lease_duration', 'renewable', 'data', 'warnings', 'mount_type']);
    expect(json).toMatchObject({ data: { a: '1' }, warnings: null, mount_type: 'kv' });
    expect(await cli(['read', '-field=a', 'kv1/json'])).toEqual({ code: 0, stderr: '', stdout: '1' });
    expect(await cli(['read', '-format=json', '-field=a', 'kv1/json'])).toMatchObject({ code: 0, stdout: '"1"' });
    expect(await cli(['read', '-field=nope', 'kv1/json'])).toEqual({ code: 1, stdout: '', stderr: 'Field "nope" not present in secret\n' });
  });

  it('says No value found at a missing path, exit 2', async () => {
    expect(await cli(['read', 'kv1/missing'])).toEqual({ code: 2, stdout: '', stderr: 'No value found at kv1/missing\n' });
    expect(await cli(['read', '/kv1/missing/'])).toMatchObject({ code: 2, stderr: 'No value found at kv1/missing\n' });
  });

  it('reads values from @file and stdin, and a JSON object from a lone -', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minivault-generic-'));
    writeFileSync(join(dir, 'cert.pem'), 'PEM\n');
    expect((await cli(['write', 'kv1/files', `cert=@${join(dir, 'cert.pem')}`, 'pw=-'], 's3cret')).code).toBe(0);
    expect(JSON.parse((await cli(['read', '-format=json', '-field=data', 'kv1/files'])).stdout)).toEqual({ cert: 'PEM\n', pw: 's3cret' });
    expect((await cli(['write', 'secret/data/doc', '-'], '{"data": {"n": 5, "ok": true}}')).code).toBe(0);
    const doc = JSON.parse((await cli(['read', '-format=json', 'secret/data/doc'])).stdout) as { data: { data: unknown } };
    expect(doc.data.data).toEqual({ n: 5, ok: true });
    expect(await cli(['write', 'kv1/bad', `x=@${join(dir, 'none')}`])).toEqual({ code: 1, stdout: '',
      stderr: `Failed to parse K=V data: invalid key/value pair "x=@${join(dir, 'none')}": error reading file: open ${join(dir, 'none')}: no such file or directory\n` });
  });

  it('needs data or -force, and prints an auth response as the token table', async () => {
    expect(await cli(['write', 'auth/token/create'])).toEqual({ code: 1, stdout: '', stderr: 'Must supply data or use -force\n' });
    expect(await cli(['write'])).toEqual({ code: 1, stdout: '', stderr: 'Not enough arguments (expected 1, got 0)\n' });
    const r = await cli(['write', '-f', 'auth/token/create']);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').map((l) => l.split(/\s{2,}/)[0]);
    expect(rows).toEqual(['Key', '---', 'token', 'token_accessor', 'token_duration', 'token_renewable', 'token_policies',
      'identity_policies', 'policies', '']);
    expect(r.stdout).toContain('token_duration       ∞\n');
    expect(r.stdout).toContain('token_policies       ["root"]\n');
    const token = (await cli(['write', '-field=token', 'auth/token/create', 'policies=default'])).stdout;
    expect(token).toMatch(/^hvs\.\w+$/);
  });

  it('prints a 404 that carries warnings as the error, then the warnings (exit 2)', async () => {
    const r = await cli(['write', 'secret/plain', 'a=1']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Error writing data to secret\/plain: Error making API request\.\n\nURL: PUT .*\/v1\/secret\/plain\nCode: 404\. Errors:\n\n\n/);
    expect(r.stderr).toContain('\nWARNING! The following warnings were returned from Vault:\n\n  * Invalid path for a versioned K/V secrets engine.');
  });

  it('prints response warnings on stderr before the table', async () => {
    const r = await cli(['read', 'secret/plain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith('WARNING! The following warnings were returned from Vault:\n\n  * Invalid path for a versioned K/V secrets engine.')).toBe(true);
  });

  it('reports a server error with the write prefix, exit 2', async () => {
    const r = await cli(['write', 'secret/data/x', 'a=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error writing data to secret\/data\/x: Error making API request\.\n\nURL: PUT http:\/\/127\.0\.0\.1:\d+\/v1\/secret\/data\/x\nCode: 400\. Errors:\n\n\* no data provided\n$/);
  });

  it('returns the wrap info for -wrap-ttl', async () => {
    await cli(['write', 'kv1/wrapped', 'a=1']);
    const r = await cli(['read', '-wrap-ttl=5m', 'kv1/wrapped']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrapping_token: {18}hvs\.\w+$/m);
    expect(r.stdout).toContain('wrapping_token_ttl:              5m\n');
  });
});

describe('list', () => {
  it('lists keys sorted, as a table and as a JSON array', async () => {
    await cli(['write', 'kv1/dir/b', 'x=1']);
    await cli(['write', 'kv1/dir/a', 'x=1']);
    await cli(['write', 'kv1/dir/sub/c', 'x=1']);
    expect(await cli(['list', 'kv1/dir'])).toEqual({ code: 0, stderr: '', stdout: 'Keys\n----\na\nb\nsub/\n' });
    expect(JSON.parse((await cli(['list', '-format=json', 'kv1/dir/'])).stdout)).toEqual(['a', 'b', 'sub/']);
  });

  it('says No value found (table) or prints {} (json) when there is nothing, exit 2', async () => {
    expect(await cli(['list', 'kv1/nothing'])).toEqual({ code: 2, stdout: '', stderr: 'No value found at kv1/nothing\n' });
    expect(await cli(['list', '-format=json', 'kv1/nothing'])).toEqual({ code: 2, stdout: '{}\n', stderr: '' });
  });

  it('checks the argument count', async () => {
    expect(await cli(['list'])).toMatchObject({ code: 1, stderr: 'Not enough arguments (expected 1, got 0)\n' });
    expect(await cli(['list', 'a', 'b'])).toMatchObject({ code: 1, stderr: 'Too many arguments (expected 1, got 2)\n' });
    expect(await cli(['list', '-field=x', 'a'])).toMatchObject({ code: 1, stderr: 'flag provided but not defined: -field\n' });
  });
});

describe('delete and patch', () => {
  it('deletes and says so, whether or not the data existed', async () => {
    await cli(['write', 'kv1/gone', 'a=1']);
    expect(await cli(['delete', 'kv1/gone'])).toEqual({ code: 0, stderr: '', stdout: 'Success! Data deleted (if it existed) at: kv1/gone\n' });
    expect(await cli(['delete', 'kv1/gone'])).toMatchObject({ code: 0 });
    expect(await cli(['read', 'kv1/gone'])).toMatchObject({ code: 2 });
    expect(await cli(['delete', '-format=json', 'kv1/gone'])).toEqual({ code: 0, stderr: '', stdout: '' });
  });

  it('patches a KV v2 secret with a JSON merge patch', async () => {
    expect((await cli(['write', 'secret/data/p', '-'], '{"data": {"a": "1", "b": "2"}}')).code).toBe(0);
    const r = await cli(['patch', 'secret/data/p', '-'], '{"data": {"b": null, "c": "3"}}');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Key {16}Value\n/);
    expect(r.stdout).toContain('version            2\n');
    const doc = JSON.parse((await cli(['read', '-format=json', 'secret/data/p'])).stdout) as { data: { data: unknown } };
    expect(doc.data.data).toEqual({ a: '1', c: '3' });
    expect(await cli(['patch', 'secret/data/p'])).toMatchObject({ code: 1, stderr: 'Must supply data or use -force\n' });
  });
});

describe('wire shapes', () => {
  let fake: FakeVault | undefined;
  afterEach(async () => { await fake?.close(); fake = undefined; });

  it('sends read and delete arguments as query parameters, patch as merge-patch+json', async () => {
    await cli(['write', 'kv1/wire', 'k=v']);
    await cli(['kv', 'put', 'secret/wire', 'k=v']);
    cv.clearRequests();
    expect((await cli(['read', '-field=k', 'kv1/wire', 'a=1', 'b=x y'])).stdout).toBe('v');
    expect((await cli(['delete', 'kv1/wire', 'versions=1'])).code).toBe(0);
    expect(await cli(['patch', 'secret/metadata/wire', 'max_versions=3'])).toMatchObject({ code: 0, stdout: 'Success! Data written to: secret/metadata/wire\n' });
    await cli(['list', 'kv1/']);
    expect(cv.requests.map((r) => [`${r.method} ${r.path}`, r.query])).toEqual([
      ['GET /v1/kv1/wire', { a: '1', b: 'x y' }], ['DELETE /v1/kv1/wire', { versions: '1' }], ['PATCH /v1/secret/metadata/wire', {}],
      ['GET /v1/kv1', { list: 'true' }],
    ]);
    expect(cv.requests[2]!.headers['content-type']).toBe('application/merge-patch+json');
    expect(cv.requests[2]!.body).toEqual({ max_versions: '3' });
    expect(await cv.read('secret/metadata/wire')).toMatchObject({ max_versions: 3 });
  });

  it('prints the error and then the response when a write answers 404 with data (exit 2)', async () => {
    // Canned: no minivault write answers 404 with data; Vault plugins may.
    fake = await startFakeVault({ 'PUT /v1/sys/odd': { status: 404, body: envelope({ hint: 'x' }) } });
    const r = await runCli(fake.url, ['write', 'sys/odd', 'a=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error writing data to sys\/odd: Error making API request\.\n\nURL: PUT .*\/v1\/sys\/odd\nCode: 404\. Errors:\n\n\n$/);
    expect(r.stdout).toBe('Key     Value\n---     -----\nhint    x\n');
  });
});
