import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCliVault, type CliVault } from './real-vault.js';

let v: CliVault;
beforeAll(async () => { v = await startCliVault({ seed: 19 }); });
afterAll(async () => { await v.close(); });

const HCL = 'path "kgc/data/*" {\n  capabilities = ["read"]\n}\n';

describe('policy', () => {
  it('uploads a policy from a file and lower-cases the name with a notice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minivault-policy-'));
    writeFileSync(join(dir, 'p.hcl'), HCL);
    v.clearRequests();
    const r = await v.cli(['policy', 'write', 'KGC-Read', join(dir, 'p.hcl')]);
    expect(r.code).toBe(0);
    expect(v.calls()).toEqual(['PUT /v1/sys/policies/acl/kgc-read']);
    expect(v.requests[0]!.body).toEqual({ policy: HCL });
    expect(await v.read('sys/policies/acl/kgc-read')).toMatchObject({ name: 'kgc-read', policy: HCL });
    expect(r.stdout).toBe('Success! Uploaded policy: kgc-read\n');
    expect(r.stderr).toBe('Policy name was converted from "KGC-Read" to "kgc-read"\n');
  });

  it('reads the policy from stdin with -', async () => {
    const r = await v.cli(['policy', 'write', 'kgc-rotate', '-'], { stdin: HCL });
    expect(r.code).toBe(0);
    expect(await v.read('sys/policies/acl/kgc-rotate')).toMatchObject({ policy: HCL });
  });

  it('exits 2 when the policy file cannot be opened, 1 on argument count', async () => {
    v.clearRequests();
    expect(await v.cli(['policy', 'write', 'p', '/nonexistent/p.hcl'])).toMatchObject({
      code: 2, stderr: 'Error opening policy file: open /nonexistent/p.hcl: no such file or directory\n' });
    expect(await v.cli(['policy', 'write', 'p'])).toMatchObject({ code: 1, stderr: 'Not enough arguments (expected 2, got 1)\n' });
    expect(v.requests).toHaveLength(0);
  });

  it('reads, lists and deletes', async () => {
    v.clearRequests();
    expect(await v.cli(['policy', 'read', 'kgc-read'])).toMatchObject({ code: 0, stdout: `${HCL.trim()}\n` });
    expect(JSON.parse((await v.cli(['policy', 'read', '-format=json', 'kgc-read'])).stdout)).toEqual({ policy: HCL });
    expect(await v.cli(['policy', 'list'])).toMatchObject({ code: 0, stdout: 'default\nkgc-read\nkgc-rotate\nroot\n' });
    expect(v.calls()).toContain('GET /v1/sys/policies/acl?list=true');
    expect(await v.cli(['policy', 'delete', 'kgc-read'])).toMatchObject({ code: 0, stdout: 'Success! Deleted policy: kgc-read\n' });
    expect(await v.read('sys/policies/acl/kgc-read')).toBeUndefined();
    expect(await v.cli(['policy', 'read', 'nope'])).toMatchObject({ code: 2, stderr: 'No policy named: nope\n' });
  });
});

describe('token', () => {
  it('creates a token with Vault\'s request body and prints the auth table', async () => {
    v.clearRequests();
    const r = await v.cli(['token', 'create', '-policy=kgc-rotate', '-ttl=24h', '-metadata=user=armon']);
    expect(r.code).toBe(0);
    expect(v.requests[0]!.raw).toBe('{"policies":["kgc-rotate"],"meta":{"user":"armon"},"ttl":"24h0m0s","explicit_max_ttl":"0s","period":"0s",'
      + '"display_name":"","num_uses":0,"renewable":true,"type":"service","entity_alias":""}');
    const token = /^token {16}(hvs\.\S+)$/m.exec(r.stdout)?.[1];
    const accessor = /^token_accessor {7}(\S+)$/m.exec(r.stdout)?.[1];
    expect(await v.read('auth/token/lookup-accessor', { accessor })).toMatchObject({ policies: ['default', 'kgc-rotate'], meta: { user: 'armon' } });
    expect(r.stdout).toBe([
      'Key                  Value',
      '---                  -----',
      `token                ${token}`,
      `token_accessor       ${accessor}`,
      'token_duration       24h',
      'token_renewable      true',
      'token_policies       ["default" "kgc-rotate"]',
      'identity_policies    []',
      'policies             ["default" "kgc-rotate"]',
      'token_meta_user      armon',
      '',
    ].join('\n'));
  });

  it('sends no_parent for -orphan and prints just the token with -field=token', async () => {
    v.clearRequests();
    const r = await v.cli(['token', 'create', '-orphan', '-renewable=false', '-field=token']);
    expect(v.requests[0]!.body).toMatchObject({ no_parent: true, renewable: false });
    expect(r.stdout).toMatch(/^hvs\.\S+$/);
    expect(await v.read('auth/token/lookup', { token: r.stdout })).toMatchObject({ orphan: true, renewable: false });
  });

  it('looks up self, a token, or an accessor', async () => {
    const token = await v.server.vault.createToken({ policies: ['default'], ttl: '768h' });
    const self = await v.cli(['token', 'lookup'], { env: { VAULT_TOKEN: token } });
    expect(self.stdout).toContain('creation_ttl        768h\n');
    expect(self.stdout).toContain('explicit_max_ttl    0s\n');
    expect(self.stdout).toContain('meta                <nil>\n');
    expect(self.stdout).toContain('policies            [default]\n');
    expect(self.stdout).toMatch(/^creation_time       \d+\n/m);
    const accessor = /^accessor            (\S+)$/m.exec(self.stdout)![1]!;
    v.clearRequests();
    expect((await v.cli(['token', 'lookup', token])).stdout).toContain(`accessor            ${accessor}\n`);
    expect((await v.cli(['token', 'lookup', '-accessor', accessor])).stdout).toContain('policies            [default]\n');
    expect(v.calls()).toEqual(['POST /v1/auth/token/lookup', 'POST /v1/auth/token/lookup-accessor']);
    expect(v.requests.map((q) => q.body)).toEqual([{ token }, { accessor }]);
    expect(await v.cli(['token', 'lookup', '-accessor'])).toMatchObject({ code: 1, stderr: 'Not enough arguments with -accessor (expected 1, got 0)\n' });
  });

  it('renews with an increment in seconds', async () => {
    const token = await v.server.vault.createToken({ policies: ['default'], ttl: '1h' });
    v.clearRequests();
    const r = await v.cli(['token', 'renew', '-increment=30m'], { env: { VAULT_TOKEN: token } });
    expect(r.code).toBe(0);
    expect(v.calls()).toEqual(['PUT /v1/auth/token/renew-self']);
    expect(v.requests[0]!.body).toEqual({ increment: 1800 });
    expect(r.stdout).toMatch(/^token_duration       30m$/m);
  });

  it('revokes a token tree, itself, or by accessor, and checks the flag combinations', async () => {
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => v.server.vault.createToken({ policies: ['default'] })));
    const accessor = (await v.read('auth/token/lookup', { token: c }))!.accessor as string;
    v.clearRequests();
    expect(await v.cli(['token', 'revoke', a!])).toMatchObject({ code: 0, stdout: 'Success! Revoked token (if it existed)\n' });
    expect((await v.cli(['token', 'revoke', '-self'], { env: { VAULT_TOKEN: b } })).code).toBe(0);
    expect((await v.cli(['token', 'revoke', '-accessor', accessor])).code).toBe(0);
    expect((await v.cli(['token', 'revoke', '-mode=orphan', d!])).code).toBe(0);
    expect(v.calls()).toEqual(['PUT /v1/auth/token/revoke', 'PUT /v1/auth/token/revoke-self',
      'POST /v1/auth/token/revoke-accessor', 'PUT /v1/auth/token/revoke-orphan']);
    for (const t of [a, b, c, d]) expect(await v.read('auth/token/lookup', { token: t })).toBeUndefined();
    expect(await v.cli(['token', 'revoke'])).toMatchObject({ code: 1, stderr: 'Not enough arguments (expected 1 or -self, got 0)\n' });
    expect(await v.cli(['token', 'revoke', '-self', '-accessor'])).toMatchObject({ code: 1, stderr: 'Cannot use -self with -accessor!\n' });
    expect(await v.cli(['token', 'revoke', '-mode=x', 't'])).toMatchObject({ code: 1, stderr: 'Invalid mode: x\n' });
  });

  it('reports a forbidden create in Vault\'s words, exit 2', async () => {
    const token = await v.server.vault.createToken({ policies: ['default'] });
    const r = await v.cli(['token', 'create'], { env: { VAULT_TOKEN: token } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error creating token: Error making API request.\n\nURL: POST ${v.url}/v1/auth/token/create\nCode: 403. Errors:\n\n* 1 error occurred:\n\t* permission denied\n\n\n`);
  });
});
