// `auth enable|disable|list|tune|move|help` and `secrets enable|tune|move` (Vault 1.18
// command/auth_*.go, secrets_*.go) against a real in-process minivault: the request bodies every
// flag produces, the success lines, the tables, the errors with their exit codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { startFakeVault } from './fake-vault.js';
import { startCliVault, type CliVault } from './real-vault.js';
import { runCli } from './run-cli.js';

let vault: StartedVault;
const cli = (argv: string[], stdin?: string) => runCli(vault.address, argv, { env: { VAULT_TOKEN: vault.rootToken }, stdin });
const sys = async (path: string): Promise<Record<string, any>> =>
  ((await vault.vault.request('read', path, undefined, vault.rootToken)).body as { data: Record<string, any> }).data;

beforeAll(async () => { vault = await startVault({ seed: 61 }); });
afterAll(async () => { await vault.close(); });

describe('secrets enable with every mount flag', () => {
  it('sends the flags as config and options, and reports the engine', async () => {
    const r = await cli(['secrets', 'enable', '-path=kv9', '-version=2', '-options=foo=bar', '-description=nine',
      '-default-lease-ttl=1h', '-max-lease-ttl=2h', '-listing-visibility=unauth', '-audit-non-hmac-request-keys=a',
      '-audit-non-hmac-request-keys=b', '-audit-non-hmac-response-keys=c', '-passthrough-request-headers=X-A',
      '-allowed-response-headers=X-B', '-force-no-cache', '-seal-wrap', '-external-entropy-access', 'kv']);
    expect(r).toEqual({ code: 0, stderr: '', stdout: 'Success! Enabled the kv secrets engine at: kv9/\n' });
    const m = (await sys('sys/mounts'))['kv9/'];
    expect(m).toMatchObject({ type: 'kv', description: 'nine', options: { version: '2', foo: 'bar' }, seal_wrap: true,
      external_entropy_access: true });
    expect(m.config).toMatchObject({ default_lease_ttl: 3600, max_lease_ttl: 7200, force_no_cache: true,
      listing_visibility: 'unauth', audit_non_hmac_request_keys: ['a', 'b'], audit_non_hmac_response_keys: ['c'],
      passthrough_request_headers: ['X-A'], allowed_response_headers: ['X-B'] });
  });

  it('refuses a bad flag value locally (exit 1) and a bad mount remotely (exit 2)', async () => {
    expect(await cli(['secrets', 'enable', '-default-lease-ttl=abc', 'kv'])).toEqual({ code: 1, stdout: '',
      stderr: 'invalid value "abc" for flag -default-lease-ttl: time: invalid duration "abc"\n' });
    const dup = await cli(['secrets', 'enable', '-path=kv9', 'kv']);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/^Error enabling: Error making API request\.\n\nURL: POST http:\/\/127\.0\.0\.1:\d+\/v1\/sys\/mounts\/kv9\/\nCode: 400/);
    expect(await cli(['secrets', 'enable'])).toEqual({ code: 1, stdout: '', stderr: 'Not enough arguments (expected 1, got 0)\n' });
  });
});

describe('secrets tune and move', () => {
  it('tunes only what was given and moves a mount with its data', async () => {
    await cli(['secrets', 'enable', '-path=mv1', '-version=1', 'kv']);
    await cli(['write', 'mv1/app', 'k=v']);
    expect(await cli(['secrets', 'tune', '-max-lease-ttl=3h', '-description=tuned', 'mv1'])).toEqual({ code: 0, stderr: '',
      stdout: 'Success! Tuned the secrets engine at: mv1/\n' });
    const m = (await sys('sys/mounts'))['mv1/'];
    expect(m).toMatchObject({ description: 'tuned', config: { max_lease_ttl: 10800, default_lease_ttl: 0 } });
    const mv = await cli(['secrets', 'move', 'mv1', 'mv2']);
    expect(mv.code).toBe(0);
    expect(mv.stdout).toMatch(/^Started moving secrets engine mv1\/ to mv2\/, with migration ID [0-9a-f-]{36}\nSuccess! Finished moving secrets engine mv1\/ to mv2\/, with migration ID [0-9a-f-]{36}\n$/);
    expect((await cli(['read', '-field=k', 'mv2/app'])).stdout).toBe('v');
    const bad = await cli(['secrets', 'move', 'nope', 'mv3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error moving secrets engine nope\/ to mv3\/: Error making API request/);
    expect((await cli(['secrets', 'tune', 'mv2', 'x'])).code).toBe(1);
  });
});

describe('auth enable | list | tune | move | disable | help', () => {
  it('runs the whole life cycle of an auth mount', async () => {
    expect(await cli(['auth', 'enable', '-path=people', '-description=humans', '-token-type=batch', '-listing-visibility=unauth', 'userpass']))
      .toEqual({ code: 0, stderr: '', stdout: 'Success! Enabled userpass auth method at: people/\n' });
    const list = await cli(['auth', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(['^Path {7}Type {8}Accessor {18}Description {16}Version',
      '-{4} {7}-{4} {8}-{8} {18}-{11} {16}-{7}', 'people/ {4}userpass {4}auth_userpass_[0-9a-f]{8} {4}humans {21}n/a',
      'token/ {5}token {7}auth_token_[0-9a-f]{8} {7}token based credentials {4}n/a', '$'].join('\n')));
    const detailed = await cli(['auth', 'list', '-detailed']);
    expect(detailed.stdout.split('\n')[0]).toMatch(/^Path +Plugin +Accessor +Default TTL +Max TTL +Token Type +Replication +Seal Wrap +External Entropy Access +Options +Description +UUID +Version +Running Version +Running SHA256 +Deprecation Status$/);
    expect(detailed.stdout).toMatch(/people\/ +userpass +auth_userpass_\w+ +system +system +batch +replicated +false +false +map\[\] +humans/);
    const json = JSON.parse((await cli(['auth', 'list', '-format=json'])).stdout);
    expect(json['people/']).toMatchObject({ type: 'userpass', description: 'humans', config: { token_type: 'batch', listing_visibility: 'unauth' } });
    expect(await cli(['auth', 'tune', '-default-lease-ttl=30m', 'people/'])).toEqual({ code: 0, stderr: '',
      stdout: 'Success! Tuned the auth method at: people/\n' });
    expect((await sys('sys/auth'))['people/'].config.default_lease_ttl).toBe(1800);
    expect((await cli(['auth', 'tune', '-user-lockout-threshold=3', '-user-lockout-duration=10m', '-user-lockout-disable=false', 'people'])).code).toBe(0);
    expect((await sys('sys/auth'))['people/'].config.user_lockout_config).toMatchObject({ lockout_threshold: '3', lockout_duration: '10m0s', lockout_disable: false });
    const mv = await cli(['auth', 'move', 'auth/people', 'auth/humans']);
    expect(mv.stdout).toMatch(/^Started moving auth method auth\/people\/ to auth\/humans\/, with migration ID .*\nSuccess! Finished moving auth method auth\/people\/ to auth\/humans\/, with migration ID /);
    expect(await cli(['auth', 'help', 'humans'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: minivault login -method=userpass') });
    expect(await cli(['auth', 'disable', 'humans'])).toEqual({ code: 0, stderr: '',
      stdout: 'Success! Disabled the auth method (if it existed) at: humans/\n' });
    expect((await sys('sys/auth'))['humans/']).toBeUndefined();
  });

  it('explains a help request it cannot answer, and refuses bad input', async () => {
    expect(await cli(['auth', 'help', 'token'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: minivault login TOKEN/) });
    expect(await cli(['auth', 'help', 'nowhere/'])).toEqual({ code: 1, stdout: '', stderr: 'No auth method available on the server at "nowhere/"\n' });
    const bad = await cli(['auth', 'enable', '-path=x', 'nosuchtype']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error enabling nosuchtype auth: Error making API request/);
    expect(await cli(['auth', 'list', 'extra'])).toEqual({ code: 1, stdout: '', stderr: 'Too many arguments (expected 0, got 1)\n' });
    expect(await cli(['auth', 'move', 'a'])).toEqual({ code: 1, stdout: '', stderr: 'Not enough arguments (expected 2, got 1)\n' });
  });
});

describe('the request bodies, as api.MountInput / MountConfigInput serialise them', () => {
  let rec: CliVault;
  beforeAll(async () => { rec = await startCliVault({ seed: 62 }); });
  afterAll(async () => { await rec.close(); });
  const raw = (i: number): any => JSON.parse(rec.requests[i]!.raw);

  it('enable sends every config key whose flag was given, tune only what changes', async () => {
    rec.clearRequests();
    const versioned = await rec.cli(['secrets', 'enable', '-path=m', '-identity-token-key=key1', '-delegated-auth-accessors=acc1',
      '-allowed-managed-keys=mk', '-plugin-version=v1.2.3', '-default-lease-ttl=90m', 'kv']);
    // minivault has only builtin plugins, as a Vault without a registered v1.2.3 would.
    expect(versioned.stderr).toContain('* cannot select non-builtin version of secrets plugin kv');
    expect(rec.requests[0]!.raw).toBe(JSON.stringify({
      type: 'kv', description: '',
      config: { options: null, default_lease_ttl: '1h30m0s', max_lease_ttl: '0s', force_no_cache: false,
        allowed_managed_keys: ['mk'], plugin_version: 'v1.2.3', identity_token_key: 'key1', delegated_auth_accessors: ['acc1'] },
      local: false, seal_wrap: false, external_entropy_access: false, options: null,
    }));
    expect((await rec.cli(['secrets', 'enable', '-path=m', '-default-lease-ttl=90m', 'kv'])).code).toBe(0);
    expect((await rec.cli(['auth', 'enable', '-path=a', '-local', '-token-type=default-batch', 'approle'])).code).toBe(0);
    expect(raw(2)).toEqual({ type: 'approle', description: '',
      config: { options: null, default_lease_ttl: '0s', max_lease_ttl: '0s', force_no_cache: false, token_type: 'default-batch' },
      local: true, seal_wrap: false, external_entropy_access: false, options: null });
    expect((await rec.read('sys/auth/a'))).toMatchObject({ local: true, config: { token_type: 'default-batch' } });
    expect((await rec.cli(['secrets', 'tune', '-default-lease-ttl=system', '-version=2', '-description=', 'm'])).code).toBe(0);
    expect(raw(3)).toEqual({ options: { version: '2' }, default_lease_ttl: 'system', description: '',
      max_lease_ttl: '', force_no_cache: false });
    expect(await rec.read('sys/mounts/m')).toMatchObject({ options: { version: '2' }, config: { default_lease_ttl: 0 } });
    expect((await rec.cli(['auth', 'tune', '-passthrough-request-headers=X-A', '-passthrough-request-headers=X-B',
      '-user-lockout-threshold=5', '-user-lockout-counter-reset-duration=1h', '-user-lockout-disable', 'a'])).code).toBe(0);
    expect(raw(4)).toEqual({ default_lease_ttl: '', max_lease_ttl: '', force_no_cache: false,
      passthrough_request_headers: ['X-A', 'X-B'],
      user_lockout_config: { lockout_threshold: '5', lockout_counter_reset_duration: '1h0m0s', lockout_disable: true } });
    expect(await rec.read('sys/auth/a/tune')).toMatchObject({ passthrough_request_headers: ['X-A', 'X-B'] });
    expect(rec.calls()).toEqual(['POST /v1/sys/mounts/m/', 'POST /v1/sys/mounts/m/', 'POST /v1/sys/auth/a/',
      'POST /v1/sys/mounts/m/tune', 'POST /v1/sys/mounts/auth/a/tune']);
  });

  it('names the plugin version in the success line', async () => {
    // Canned: a server with a registered non-builtin plugin version; minivault has none.
    const fake = await startFakeVault({ 'POST /v1/sys/mounts/m/': { status: 204 } });
    try {
      expect((await runCli(fake.url, ['secrets', 'enable', '-path=m', '-plugin-version=v1.2.3', 'kv'], { env: { VAULT_TOKEN: 't' } })).stdout)
        .toBe('Success! Enabled the kv secrets engine version v1.2.3 at: m/\n');
    } finally {
      await fake.close();
    }
  });

  it('sends trim_request_trailing_slashes only when its flag is given, true or false', async () => {
    rec.clearRequests();
    await rec.cli(['secrets', 'enable', '-path=m2', '-trim-request-trailing-slashes', 'kv']);
    expect(raw(0).config.trim_request_trailing_slashes).toBe(true);
    await rec.cli(['secrets', 'tune', '-trim-request-trailing-slashes=false', 'm2']);
    expect(raw(1).trim_request_trailing_slashes).toBe(false);
    await rec.cli(['secrets', 'tune', '-description=x', 'm2']);
    expect(raw(2)).not.toHaveProperty('trim_request_trailing_slashes');
    expect(rec.calls()).toEqual(['POST /v1/sys/mounts/m2/', 'POST /v1/sys/mounts/m2/tune', 'POST /v1/sys/mounts/m2/tune']);
  });
});
