// Response wrapping in the CLI: `-wrap-ttl` / VAULT_WRAP_TTL on any command (X-Vault-Wrap-TTL as
// Go's Duration.String, the kv preflight left unwrapped by the flag), the wrapped-response table,
// JSON and -field forms (V114 command/format.go OutputSecret, command/util.go RawField), and
// `minivault unwrap` (V114 command/unwrap.go, api/logical.go UnwrapWithContext): against a real
// in-process minivault behind the recording proxy for the round trips and the request shapes;
// canned replies only for what minivault (like any Vault since 0.6.2) never answers: the
// cubbyhole/response fallback of old servers, a wrapped 404, an empty wrapped response.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StartedVault } from '../../src/testing/index.js';
import { envelope, startFakeVault, type FakeVault } from './fake-vault.js';
import { startCliVault, type CliVault } from './real-vault.js';
import { runCli } from './run-cli.js';

let cv: CliVault;
let vault: StartedVault;
const cli = (argv: string[], env: Record<string, string | undefined> = {}) =>
  runCli(cv.url, argv, { env: { VAULT_TOKEN: vault.rootToken, ...env } });

/** The token, accessor and wrapped accessor of a wrap-info table. */
function wrapRows(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^(\S+):\s+(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
}

beforeAll(async () => {
  cv = await startCliVault({ clock: 'manual', seed: 7 });
  vault = cv.server;
  expect((await cli(['kv', 'put', 'secret/app', 'user=armon', 'pass=s3cr3t'])).code).toBe(0);
});
afterAll(async () => { await cv.close(); });

describe('-wrap-ttl against minivault', () => {
  it('wraps a kv get into a wrapping-token table that unwrap turns back into the secret', async () => {
    const wrapped = await cli(['kv', 'get', '-wrap-ttl=5m', 'secret/app']);
    expect(wrapped.code).toBe(0);
    const rows = wrapRows(wrapped.stdout);
    expect(wrapped.stdout).toBe([
      'Key                              Value',
      '---                              -----',
      `wrapping_token:                  ${rows.wrapping_token}`,
      `wrapping_accessor:               ${rows.wrapping_accessor}`,
      'wrapping_token_ttl:              5m',
      'wrapping_token_creation_time:    2026-01-01 00:00:00 +0000 UTC',
      'wrapping_token_creation_path:    secret/data/app',
      '',
    ].join('\n'));
    expect(rows.wrapping_token).toMatch(/^hvs\./);

    // The caller has a token of its own, so the wrapping token travels in the body.
    const unwrapped = await cli(['unwrap', rows.wrapping_token!]);
    expect(unwrapped.code).toBe(0);
    expect(unwrapped.stdout).toContain('data        map[pass:s3cr3t user:armon]\n');
    expect(unwrapped.stdout).toMatch(/^metadata    map\[created_time:2026-01-01T00:00:00Z .*version:1\]$/m);

    const again = await cli(['unwrap', rows.wrapping_token!]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^Error unwrapping: Error making API request\.\n\nURL: PUT http:\/\/127\.0\.0\.1:\d+\/v1\/sys\/wrapping\/unwrap\n/);
    expect(again.stderr).toContain('* wrapping token is not valid or does not exist\n');
  });

  it('prints a wrapped response as the api.Secret JSON with wrap_info in struct order', async () => {
    const r = await cli(['kv', 'get', '-wrap-ttl=90', '-format=json', 'secret/app']);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.stdout) as { wrap_info: { token: string; accessor: string } };
    expect(r.stdout).toBe(`${JSON.stringify({
      request_id: '', lease_id: '', lease_duration: 0, renewable: false, data: null, warnings: null,
      wrap_info: {
        token: parsed.wrap_info.token, accessor: parsed.wrap_info.accessor, ttl: 90,
        creation_time: '2026-01-01T00:00:00Z', creation_path: 'secret/data/app', wrapped_accessor: '',
      },
    }, null, 2)}\n`);
    const json = await cli(['unwrap', '-format=json', parsed.wrap_info.token]);
    expect(JSON.parse(json.stdout).data.data).toEqual({ pass: 's3cr3t', user: 'armon' });
  });

  it('wraps token create; unwrap with no client token sends the argument as the token', async () => {
    const created = await cli(['token', 'create', '-wrap-ttl=1m', '-policy=default']);
    expect(created.code).toBe(0);
    const rows = wrapRows(created.stdout);
    expect(created.stdout).toContain('wrapping_token_ttl:              1m\n');
    expect(created.stdout).toContain('wrapping_token_creation_path:    auth/token/create\n');
    expect(created.stdout).toMatch(/\nwrapped_accessor:                \S+\n$/);

    const unwrapped = await runCli(cv.url, ['unwrap', '-format=json', rows.wrapping_token!]);
    expect(unwrapped.code).toBe(0);
    const secret = JSON.parse(unwrapped.stdout) as { auth: { client_token: string; accessor: string; policies: string[] } };
    expect(secret.auth.accessor).toBe(rows.wrapped_accessor);
    expect(secret.auth.policies).toEqual(['default']);
    const lookup = await runCli(cv.url, ['token', 'lookup', '-format=json'], { env: { VAULT_TOKEN: secret.auth.client_token } });
    expect(JSON.parse(lookup.stdout).data.accessor).toBe(rows.wrapped_accessor);
  });

  it('unwraps the client token itself when no argument is given, and -field picks from the result', async () => {
    const token = (await cli(['kv', 'get', '-wrap-ttl=2m', '-format=json', 'secret/app'])).stdout;
    const wrapping = (JSON.parse(token) as { wrap_info: { token: string } }).wrap_info.token;
    const r = await runCli(cv.url, ['unwrap', '-field=data'], { env: { VAULT_TOKEN: wrapping } });
    expect(r).toEqual({ code: 0, stdout: 'map[pass:s3cr3t user:armon]', stderr: '' });
  });

  it('takes the TTL from VAULT_WRAP_TTL, and -field reads the wrap info of a wrapped response', async () => {
    const ttl = await cli(['token', 'create', '-field=wrapping_token_ttl'], { VAULT_WRAP_TTL: '90s' });
    expect(ttl).toEqual({ code: 0, stdout: '90', stderr: '' });
    const path = await cli(['token', 'create', '-wrap-ttl=30s', '-field=wrapping_token_creation_path']);
    expect(path.stdout).toBe('auth/token/create');
    const time = await cli(['token', 'create', '-wrap-ttl=30s', '-format=json', '-field=wrapping_token_creation_time']);
    expect(time.stdout).toBe('"2026-01-01T00:00:00Z"');
    expect((await cli(['token', 'create', '-wrap-ttl=30s', '-field=token'])).stderr).toBe('Field "token" not present in secret\n');
    const lookup = await cli(['token', 'lookup', '-wrap-ttl=30s']);
    expect(lookup.stdout).toContain('wrapping_token_creation_path:    auth/token/lookup-self\n');
    expect(lookup.stdout).not.toContain('wrapped_accessor');
  });

  it('prints an unwrapped list response as a list', async () => {
    const listed = await cli(['kv', 'list', '-wrap-ttl=1m', '-format=json', 'secret/']);
    const token = (JSON.parse(listed.stdout) as { wrap_info: { token: string } }).wrap_info.token;
    expect(await cli(['unwrap', token])).toEqual({ code: 0, stdout: 'Keys\n----\napp\n', stderr: '' });
  });

  it('lists unwrap among the common commands', async () => {
    expect((await runCli(undefined, ['-h'])).stdout).toMatch(/^ {4}server {6}.*\n {4}status {6}.*\n {4}unwrap {6}Unwrap a wrapped secret\n\nOther commands:/m);
  });

  it('refuses a bad wrap TTL and extra unwrap arguments as Vault does', async () => {
    expect(await cli(['kv', 'get', '-wrap-ttl=soon', 'secret/app'])).toMatchObject({
      code: 1, stderr: 'invalid value "soon" for flag -wrap-ttl: time: invalid duration "soon"\n' });
    expect(await cli(['unwrap', 'a', 'b'])).toMatchObject({ code: 1, stderr: 'Too many arguments (expected 0-1, got 2)\n' });
  });
});

describe('wrapping requests and unwrap fallbacks', () => {
  let fake: FakeVault | undefined;
  afterEach(async () => { await fake?.close(); fake = undefined; });

  const WRAPPED = envelope(null, {
    request_id: '', mount_type: '',
    wrap_info: {
      token: 'hvs.wrap', accessor: 'acc', ttl: 3600, creation_time: '2024-06-01T12:00:00.1234500+05:45',
      creation_path: 'auth/token/create', wrapped_accessor: 'inner-acc',
    },
  });

  it('sends X-Vault-Wrap-TTL on every request but the kv preflight, in Go duration form', async () => {
    cv.clearRequests();
    const r = await cli(['kv', 'get', '-wrap-ttl=5m', 'secret/app']);
    expect(r.code).toBe(0);
    expect(cv.requests.map((q) => q.headers['x-vault-wrap-ttl'])).toEqual([undefined, '5m0s']);
    expect(wrapRows(r.stdout).wrapping_token_ttl).toBe('5m');
  });

  it('lets VAULT_WRAP_TTL reach the kv preflight as written, as the API default lookup does', async () => {
    cv.clearRequests();
    // The preflight's answer is wrapped too, so the CLI cannot tell the mount's version.
    await cli(['kv', 'get', 'secret/app'], { VAULT_WRAP_TTL: '300' });
    expect(cv.requests.map((q) => q.headers['x-vault-wrap-ttl'])).toEqual(['300', '5m0s']);
  });

  it('puts the wrapping token in the body, the header, or nowhere, as api Logical().Unwrap does', async () => {
    const wrap = async () => (await cli(['read', '-wrap-ttl=5m', '-field=wrapping_token', 'secret/data/app'])).stdout;
    const [a, b, c] = [await wrap(), await wrap(), await wrap()];
    cv.clearRequests();
    const results = [
      await runCli(cv.url, ['unwrap', '-field=data', ` ${a} `], { env: { VAULT_TOKEN: vault.rootToken } }),
      await runCli(cv.url, ['unwrap', '-field=data', b]),
      await runCli(cv.url, ['unwrap', '-field=data'], { env: { VAULT_TOKEN: c } }),
    ];
    expect(cv.requests.map((q) => [q.headers['x-vault-token'], q.raw])).toEqual([
      [vault.rootToken, `{"token":"${a}"}`], [b, 'null'], [c, 'null'],
    ]);
    expect(new Set(results.map((r) => r.stdout))).toEqual(new Set(['map[pass:s3cr3t user:armon]']));
  });

  it('fails policy list on a wrapped answer the way api.Sys().ListPolicies does', async () => {
    expect(await cli(['policy', 'list', '-wrap-ttl=1m'])).toEqual({
      code: 2, stdout: '', stderr: 'Error listing policies: data from server response is empty\n' });
  });

  it('falls back to reading cubbyhole/response with the wrapping token on a bare 404', async () => {
    const inner = JSON.stringify(envelope({ k: 'v' }, { request_id: 'orig', mount_type: 'kv' }));
    fake = await startFakeVault({
      'GET /v1/cubbyhole/response': { status: 200, body: envelope({ response: inner }, { mount_type: 'cubbyhole' }) },
    });
    const r = await runCli(fake.url, ['unwrap', '-format=json', 'hvs.w'], { env: { VAULT_TOKEN: 'hvs.mine' } });
    expect(r.code).toBe(0);
    expect(fake.calls()).toEqual(['PUT /v1/sys/wrapping/unwrap', 'GET /v1/cubbyhole/response']);
    expect(fake.requests[1]!.headers['x-vault-token']).toBe('hvs.w');
    expect(JSON.parse(r.stdout)).toMatchObject({ request_id: 'orig', data: { k: 'v' }, mount_type: 'kv' });
  });

  it('reports the fallback failures in the API client\'s words', async () => {
    fake = await startFakeVault();
    expect(await runCli(fake.url, ['unwrap', 'hvs.w'])).toEqual({
      code: 2, stdout: '', stderr: 'Error unwrapping: no value found at "cubbyhole/response"\n' });
    fake.on('GET /v1/cubbyhole/response', { status: 200, body: envelope({ other: 1 }) });
    expect((await runCli(fake.url, ['unwrap', 'hvs.w'])).stderr)
      .toBe('Error unwrapping: "response" not found in wrapping response "data" map\n');
    fake.on('GET /v1/cubbyhole/response', { status: 200, body: envelope({ response: 'oops' }) });
    expect((await runCli(fake.url, ['unwrap', 'hvs.w'])).stderr)
      .toBe('Error unwrapping: error unmarshalling wrapped secret: invalid character \'o\' looking for beginning of value\n');
    fake.on('GET /v1/cubbyhole/response', { status: 403, body: { errors: ['permission denied'] } });
    expect((await runCli(fake.url, ['unwrap', 'hvs.w'])).stderr).toMatch(
      /^Error unwrapping: error reading "cubbyhole\/response": Error making API request\.\n\nURL: GET .*\/v1\/cubbyhole\/response\nCode: 403/);
  });

  it('keeps a 404 that carries data (a wrapped 404) as the result', async () => {
    fake = await startFakeVault({ 'PUT /v1/sys/wrapping/unwrap': { status: 404, body: envelope({ k: 'v' }) } });
    const r = await runCli(fake.url, ['unwrap', 'hvs.w']);
    expect(r).toEqual({ code: 0, stdout: 'Key    Value\n---    -----\nk      v\n', stderr: '' });
    expect(fake.calls()).toEqual(['PUT /v1/sys/wrapping/unwrap']);
  });

  it('says so when the wrapped response was empty (table only)', async () => {
    fake = await startFakeVault({ 'PUT /v1/sys/wrapping/unwrap': { status: 204 } });
    expect(await runCli(fake.url, ['unwrap', 'hvs.w'])).toEqual({
      code: 0, stdout: 'Successfully unwrapped. There was no data in the wrapped secret.\n', stderr: '' });
    expect(await runCli(fake.url, ['unwrap', '-format=json', 'hvs.w'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

});
