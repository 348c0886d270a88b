import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envelope, startFakeVault, type FakeVault } from './fake-vault.js';
import { runCli } from './run-cli.js';

let fake: FakeVault | undefined;
afterEach(async () => { await fake?.close(); fake = undefined; });

const HCL = 'path "kgc/data/*" {\n  capabilities = ["read"]\n}\n';

describe('policy', () => {
  it('uploads a policy from a file and lower-cases the name with a notice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minivault-policy-'));
    writeFileSync(join(dir, 'p.hcl'), HCL);
    fake = await startFakeVault({ 'PUT /v1/sys/policies/acl/kgc-read': { status: 204 } });
    const r = await runCli(fake.url, ['policy', 'write', 'KGC-Read', join(dir, 'p.hcl')]);
    expect(r.code).toBe(0);
    expect(fake.requests[0]!.body).toEqual({ policy: HCL });
    expect(r.stdout).toBe('Success! Uploaded policy: kgc-read\n');
    expect(r.stderr).toBe('Policy name was converted from "KGC-Read" to "kgc-read"\n');
  });

  it('reads the policy from stdin with -', async () => {
    fake = await startFakeVault({ 'PUT /v1/sys/policies/acl/kgc-rotate': { status: 204 } });
    const r = await runCli(fake.url, ['policy', 'write', 'kgc-rotate', '-'], { stdin: HCL });
    expect(r.code).toBe(0);
    expect(fake.requests[0]!.body.policy).toBe(HCL);
  });

  it('exits 2 when the policy file cannot be opened, 1 on argument count', async () => {
    fake = await startFakeVault();
    expect(await runCli(fake.url, ['policy', 'write', 'p', '/nonexistent/p.hcl'])).toMatchObject({
      code: 2, stderr: 'Error opening policy file: open /nonexistent/p.hcl: no such file or directory\n' });
    expect(await runCli(fake.url, ['policy', 'write', 'p'])).toMatchObject({ code: 1, stderr: 'Not enough arguments (expected 2, got 1)\n' });
    expect(fake.requests).toHaveLength(0);
  });

  it('reads, lists and deletes', async () => {
    fake = await startFakeVault({
      'GET /v1/sys/policies/acl/kgc-read': { status: 200, body: envelope({ name: 'kgc-read', policy: HCL }) },
      'GET /v1/sys/policies/acl': { status: 200, body: envelope({ keys: ['default', 'kgc-read', 'root'] }) },
      'DELETE /v1/sys/policies/acl/kgc-read': { status: 204 },
    });
    expect(await runCli(fake.url, ['policy', 'read', 'kgc-read'])).toMatchObject({ code: 0, stdout: `${HCL.trim()}\n` });
    expect(JSON.parse((await runCli(fake.url, ['policy', 'read', '-format=json', 'kgc-read'])).stdout)).toEqual({ policy: HCL });
    expect(await runCli(fake.url, ['policy', 'list'])).toMatchObject({ code: 0, stdout: 'default\nkgc-read\nroot\n' });
    expect(fake.calls()).toContain('GET /v1/sys/policies/acl?list=true');
    expect(await runCli(fake.url, ['policy', 'delete', 'kgc-read'])).toMatchObject({ code: 0, stdout: 'Success! Deleted policy: kgc-read\n' });
    expect(await runCli(fake.url, ['policy', 'read', 'nope'])).toMatchObject({ code: 2, stderr: 'No policy named: nope\n' });
  });
});

const AUTH = {
  client_token: 'hvs.CAESIabc', accessor: 'B6oixijqmeR4bsLOJH88Ska9', policies: ['default', 'kgc-read'],
  token_policies: ['default', 'kgc-read'], metadata: { user: 'armon' }, lease_duration: 86400, renewable: true,
  entity_id: '', token_type: 'service', orphan: false, mfa_requirement: null, num_uses: 0,
};

describe('token', () => {
  it('creates a token with Vault\'s request body and prints the auth table', async () => {
    fake = await startFakeVault({ 'POST /v1/auth/token/create': { status: 200, body: envelope(null, { auth: AUTH, mount_type: 'token' }) } });
    const r = await runCli(fake.url, ['token', 'create', '-policy=kgc-read', '-ttl=24h', '-metadata=user=armon'], { env: { VAULT_TOKEN: 'hvs.root' } });
    expect(r.code).toBe(0);
    expect(fake.requests[0]!.raw).toBe('{"policies":["kgc-read"],"meta":{"user":"armon"},"ttl":"24h0m0s","explicit_max_ttl":"0s","period":"0s",'
      + '"display_name":"","num_uses":0,"renewable":true,"type":"service","entity_alias":""}');
    expect(r.stdout).toBe([
      'Key                  Value',
      '---                  -----',
      'token                hvs.CAESIabc',
      'token_accessor       B6oixijqmeR4bsLOJH88Ska9',
      'token_duration       24h',
      'token_renewable      true',
      'token_policies       ["default" "kgc-read"]',
      'identity_policies    []',
      'policies             ["default" "kgc-read"]',
      'token_meta_user      armon',
      '',
    ].join('\n'));
  });

  it('sends no_parent for -orphan and prints just the token with -field=token', async () => {
    fake = await startFakeVault({ 'POST /v1/auth/token/create': { status: 200, body: envelope(null, { auth: AUTH }) } });
    const r = await runCli(fake.url, ['token', 'create', '-orphan', '-renewable=false', '-field=token']);
    expect(fake.requests[0]!.body).toMatchObject({ no_parent: true, renewable: false });
    expect(r.stdout).toBe('hvs.CAESIabc');
  });

  it('looks up self, a token, or an accessor', async () => {
    const data = { accessor: 'acc', creation_ttl: 2764800, display_name: 'token', expire_time: null, id: 'hvs.x', meta: null,
      policies: ['default'], ttl: 2764000, explicit_max_ttl: 0, creation_time: 1700000000 };
    fake = await startFakeVault({
      'GET /v1/auth/token/lookup-self': { status: 200, body: envelope(data) },
      'POST /v1/auth/token/lookup': { status: 200, body: envelope(data) },
      'POST /v1/auth/token/lookup-accessor': { status: 200, body: envelope(data) },
    });
    const self = await runCli(fake.url, ['token', 'lookup']);
    expect(self.stdout).toContain('creation_ttl        768h\n');
    expect(self.stdout).toContain('explicit_max_ttl    0s\n');
    expect(self.stdout).toContain('meta                <nil>\n');
    expect(self.stdout).toContain('policies            [default]\n');
    expect(self.stdout).toContain('creation_time       1700000000\n');
    await runCli(fake.url, ['token', 'lookup', 'hvs.other']);
    await runCli(fake.url, ['token', 'lookup', '-accessor', 'acc']);
    expect(fake.requests.map((q) => q.body)).toEqual([undefined, { token: 'hvs.other' }, { accessor: 'acc' }]);
    expect(await runCli(fake.url, ['token', 'lookup', '-accessor'])).toMatchObject({ code: 1, stderr: 'Not enough arguments with -accessor (expected 1, got 0)\n' });
  });

  it('renews with an increment in seconds', async () => {
    fake = await startFakeVault({ 'PUT /v1/auth/token/renew-self': { status: 200, body: envelope(null, { auth: AUTH }) } });
    const r = await runCli(fake.url, ['token', 'renew', '-increment=30m']);
    expect(r.code).toBe(0);
    expect(fake.requests[0]!.body).toEqual({ increment: 1800 });
  });

  it('revokes a token tree, itself, or by accessor, and checks the flag combinations', async () => {
    fake = await startFakeVault({
      'PUT /v1/auth/token/revoke': { status: 204 }, 'PUT /v1/auth/token/revoke-self': { status: 204 },
      'POST /v1/auth/token/revoke-accessor': { status: 204 }, 'PUT /v1/auth/token/revoke-orphan': { status: 204 },
    });
    expect(await runCli(fake.url, ['token', 'revoke', 'hvs.t'])).toMatchObject({ code: 0, stdout: 'Success! Revoked token (if it existed)\n' });
    await runCli(fake.url, ['token', 'revoke', '-self']);
    await runCli(fake.url, ['token', 'revoke', '-accessor', 'acc']);
    await runCli(fake.url, ['token', 'revoke', '-mode=orphan', 'hvs.t']);
    expect(fake.calls()).toEqual(['PUT /v1/auth/token/revoke', 'PUT /v1/auth/token/revoke-self',
      'POST /v1/auth/token/revoke-accessor', 'PUT /v1/auth/token/revoke-orphan']);
    expect(await runCli(fake.url, ['token', 'revoke'])).toMatchObject({ code: 1, stderr: 'Not enough arguments (expected 1 or -self, got 0)\n' });
    expect(await runCli(fake.url, ['token', 'revoke', '-self', '-accessor'])).toMatchObject({ code: 1, stderr: 'Cannot use -self with -accessor!\n' });
    expect(await runCli(fake.url, ['token', 'revoke', '-mode=x', 't'])).toMatchObject({ code: 1, stderr: 'Invalid mode: x\n' });
  });

  it('reports a forbidden create in Vault\'s words, exit 2', async () => {
    fake = await startFakeVault({ 'POST /v1/auth/token/create': { status: 403, body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] } } });
    const r = await runCli(fake.url, ['token', 'create']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error creating token: Error making API request.\n\nURL: POST ${fake.url}/v1/auth/token/create\nCode: 403. Errors:\n\n* 1 error occurred:\n\t* permission denied\n\n\n`);
  });
});
