// `minivault lease lookup | renew | revoke` (V114 command/lease_*.go over api/sys_leases.go)
// against a real in-process minivault whose KV v1 mount hands out leases (leased_passthrough):
// lookup and renew tables, every revoke mode and its line, the argument and flag refusals; and the
// exact request shapes, recorded in front of it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StartedVault } from '../../src/testing/index.js';
import { startCliVault, type CliVault } from './real-vault.js';
import { runCli } from './run-cli.js';

let cv: CliVault;
let vault: StartedVault;
const cli = (argv: string[]) => runCli(cv.url, argv, { env: { VAULT_TOKEN: vault.rootToken } });
const lease = (...args: string[]) => cli(['lease', ...args]);

/** Writes kv1/<name> with a TTL and reads it back, returning the read's lease ID. */
async function leasedSecret(name: string): Promise<string> {
  expect((await cli(['kv', 'put', `kv1/${name}`, 'user=armon', 'ttl=1h'])).code).toBe(0);
  const read = await cli(['kv', 'get', '-format=json', `kv1/${name}`]);
  const id = (JSON.parse(read.stdout) as { lease_id: string }).lease_id;
  expect(id).toMatch(new RegExp(`^kv1/${name}/\\w+$`));
  return id;
}

const lookupCode = async (id: string): Promise<number> => (await lease('lookup', id)).code;

beforeAll(async () => {
  cv = await startCliVault({ clock: 'manual', seed: 11 });
  vault = cv.server;
  await vault.vault.request('update', 'sys/mounts/kv1', { type: 'kv', options: { version: '1', leased_passthrough: 'true' } });
});
afterAll(async () => { await cv.close(); });

describe('lease against minivault', () => {
  it('looks a lease up as a table and as JSON', async () => {
    const id = await leasedSecret('lookup');
    expect(await lease('lookup', id)).toEqual({ code: 0, stderr: '', stdout: [
      'Key             Value',
      '---             -----',
      'expire_time     2026-01-01T01:00:00Z',
      `id              ${id}`,
      'issue_time      2026-01-01T00:00:00Z',
      'last_renewal    <nil>',
      'renewable       true',
      'ttl             1h',
      '',
    ].join('\n') });
    const json = JSON.parse((await lease('lookup', '-format=json', id)).stdout);
    expect(json).toMatchObject({ lease_id: '', renewable: false, mount_type: 'system',
      data: { id, ttl: 3600, last_renewal: null, expire_time: '2026-01-01T01:00:00Z' } });
  });

  it('renews with and without -increment, and lookup shows the renewal', async () => {
    const id = await leasedSecret('renew');
    vault.clock.advance('1m');
    expect(await lease('renew', '-increment=10m', id)).toEqual({ code: 0, stderr: '', stdout: [
      'Key                Value',
      '---                -----',
      `lease_id           ${id}`,
      'lease_duration     10m',
      'lease_renewable    true',
      '',
    ].join('\n') });
    expect((await lease('renew', id)).stdout).toContain('lease_duration     1h\n');
    const looked = await lease('lookup', id);
    expect(looked.stdout).toContain('last_renewal    2026-01-01T00:01:00Z\n');
    expect(looked.stdout).toContain('ttl             1h\n');
  });

  it('revokes asynchronously by default and synchronously with -sync', async () => {
    const queued = await leasedSecret('async');
    expect(await lease('revoke', queued)).toEqual({ code: 0, stdout: 'All revocation operations queued successfully!\n', stderr: '' });
    const now = await leasedSecret('sync');
    expect(await lease('revoke', '-sync', now)).toEqual({ code: 0, stdout: `Success! Revoked lease: ${now}\n`, stderr: '' });
    expect(await lookupCode(now)).toBe(2);
  });

  it('revokes by prefix, queued or with -sync', async () => {
    const a = await leasedSecret('pfx-a');
    const b = await leasedSecret('pfx-b');
    expect(await lease('revoke', '-prefix', '-sync', 'kv1/pfx-a')).toEqual({
      code: 0, stdout: 'Success! Revoked any leases with prefix: kv1/pfx-a\n', stderr: '' });
    expect(await lookupCode(a)).toBe(2);
    expect(await lookupCode(b)).toBe(0);
    expect(await lease('revoke', '-prefix', 'kv1/pfx-b')).toEqual({
      code: 0, stdout: 'All revocation operations queued successfully!\n', stderr: '' });
  });

  it('force-revokes a prefix with Vault\'s warning on stderr', async () => {
    const id = await leasedSecret('force');
    expect(await lease('revoke', '-f', '-prefix', 'kv1/force')).toEqual({
      code: 0,
      stdout: 'Success! Force revoked any leases with prefix: kv1/force\n',
      stderr: 'Warning! Force-removing leases can cause Vault to become out of sync with\nsecret engines!\n',
    });
    expect(await lookupCode(id)).toBe(2);
  });

  it('reports server refusals with the command\'s prefix, exit 2', async () => {
    const renew = await lease('renew', 'kv1/none/abc');
    expect(renew.code).toBe(2);
    expect(renew.stderr).toMatch(/^Error renewing kv1\/none\/abc: Error making API request\.\n\nURL: PUT .*\/v1\/sys\/leases\/renew\n/);
    expect(renew.stderr).toContain('* lease not found\n');
    const lookup = await lease('lookup', 'kv1/none/abc');
    expect(lookup.code).toBe(2);
    expect(lookup.stderr).toMatch(/^error looking up lease id kv1\/none\/abc: Error making API request\./);
    expect(lookup.stderr).toContain('* invalid lease\n');
  });

  it('refuses bad arguments and flags locally, exit 1', async () => {
    expect(await lease('lookup')).toEqual({ code: 1, stdout: '', stderr: 'Missing ID!\n' });
    expect((await lease('lookup', 'a', 'b')).stderr).toBe('Too many arguments (expected 1, got 2)\n');
    expect(await lease('renew')).toEqual({ code: 1, stdout: '', stderr: 'Missing ID!\n' });
    expect((await lease('renew', 'a', 'b')).stderr).toBe('Too many arguments (expected 1-2, got 2)\n');
    expect(await lease('revoke')).toEqual({ code: 1, stdout: '', stderr: 'Not enough arguments (expected 1, got 0)\n' });
    expect((await lease('revoke', 'a', 'b')).stderr).toBe('Too many arguments (expected 1, got 2)\n');
    expect(await lease('revoke', '-force', 'kv1/x')).toEqual({
      code: 1, stdout: '', stderr: 'Specifying -force requires also specifying -prefix\n' });
    expect((await lease('lookup', '-field=id', 'x')).stderr).toBe('flag provided but not defined: -field\n');
    expect((await lease('revoke', '-format=json', 'x')).stderr).toBe('flag provided but not defined: -format\n');
  });

  it('wraps a lookup with -wrap-ttl, and unwrap gives the lookup back', async () => {
    const id = await leasedSecret('wrapped');
    const wrapped = await lease('lookup', '-wrap-ttl=1m', id);
    expect(wrapped.stdout).toContain('wrapping_token_creation_path:    sys/leases/lookup\n');
    const token = /^wrapping_token:\s+(\S+)$/m.exec(wrapped.stdout)![1]!;
    const unwrapped = await cli(['unwrap', token]);
    expect(unwrapped.code).toBe(0);
    expect(unwrapped.stdout).toContain(`id              ${id}\n`);
  });

  it('has Vault\'s usage lines and a lease group', async () => {
    expect((await lease('lookup', '-h')).stdout).toMatch(/^Usage: minivault lease lookup ID\n\n {2}Lookup the lease information of a secret\./);
    expect((await lease('renew', '-h')).stdout).toMatch(/^Usage: minivault lease renew \[options\] ID\n/);
    expect((await lease('revoke', '-h')).stdout).toContain('  -force\n      Delete the lease from Vault even if the secret engine revocation');
    const group = await runCli(undefined, ['lease']);
    expect(group.code).toBe(1);
    expect(group.stderr).toContain('      $ minivault lease revoke database/creds/readonly/2f6a614c...\n\nSubcommands:\n');
    expect(group.stderr).toContain('Subcommands:\n    lookup    Lookup the lease of a secret\n    renew     Renews the lease of a secret\n'
      + '    revoke    Revokes leases and secrets\n');
  });
});

describe('lease request shapes', () => {
  it('sends the bodies api/sys_leases.go sends', async () => {
    const [a, b] = [await leasedSecret('shape-a'), await leasedSecret('shape-b')];
    await leasedSecret('p1/x');
    await leasedSecret('p2/x');
    cv.clearRequests();
    const results = [
      await lease('lookup', ` ${a} `),
      await lease('renew', '-increment=1h', a),
      await lease('renew', '-increment=500ms', a),
      await lease('revoke', a),
      await lease('revoke', '-sync', b),
      await lease('revoke', '-prefix', 'kv1/p1'),
      await lease('revoke', '-force', '-prefix', 'kv1/p2'),
    ];
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(cv.requests.map((r) => `${r.method} ${r.path} ${r.raw}`)).toEqual([
      `PUT /v1/sys/leases/lookup {"lease_id":"${a}"}`,
      `PUT /v1/sys/leases/renew {"increment":3600,"lease_id":"${a}"}`,
      `PUT /v1/sys/leases/renew {"increment":0,"lease_id":"${a}"}`,
      `PUT /v1/sys/leases/revoke/${a} {"sync":false}`,
      `PUT /v1/sys/leases/revoke/${b} {"sync":true}`,
      'PUT /v1/sys/leases/revoke-prefix/kv1/p1 {"sync":false}',
      'PUT /v1/sys/leases/revoke-force/kv1/p2 ',
    ]);
    for (const id of [a, b]) expect(await lookupCode(id)).toBe(2);
  });
});
