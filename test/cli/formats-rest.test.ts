// The output-format corners of the rest of the CLI: -format=yaml read back by a strict YAML reader
// equals -format=json for every command family, read -format=raw, list -detailed with key_info
// columns, policy fmt rewriting a file, and every new command's -h listing its flags as Vault does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPolicyText } from '../../src/cli/policy-fmt.js';
import type { StartedVault } from '../../src/testing/index.js';
import { envelope, startFakeVault } from './fake-vault.js';
import { startCliVault, type CliVault } from './real-vault.js';
import { runCli } from './run-cli.js';
import { readYaml } from './yaml-reader.js';

let cv: CliVault;
let vault: StartedVault;
const cli = (argv: string[]) => runCli(vault.address, argv, { env: { VAULT_TOKEN: vault.rootToken } });

beforeAll(async () => {
  cv = await startCliVault({ seed: 91 });
  vault = cv.server;
  const v = vault.vault;
  await v.request('update', 'sys/mounts/kv1', { type: 'kv', options: { version: '1' } }, vault.rootToken);
  await v.request('update', 'kv1/app', { user: 'armon', n: '5', text: 'line one\nline two\n', odd: ' lead: x #y', yes: 'yes' }, vault.rootToken);
  await v.request('update', 'sys/policies/acl/dev', { policy: 'path "kv1/*" {\n  capabilities = ["read", "list"]\n}\n' }, vault.rootToken);
});
afterAll(async () => { await cv.close(); });

describe('-format=yaml reads back to the -format=json value', () => {
  // [command words, arguments after the flags]
  const cases: Array<[string[], string[]]> = [
    [['read'], ['kv1/app']], [['list'], ['kv1']], [['auth', 'list'], []], [['secrets', 'list'], []],
    [['policy', 'read'], ['dev']], [['token', 'lookup'], []], [['token', 'capabilities'], ['kv1/app']],
    [['read'], ['sys/mounts/kv1/tune']], [['policy', 'explain', '-policy=dev'], ['kv1/app', 'read']],
  ];
  for (const [words, args] of cases) {
    it([...words, ...args].join(' '), async () => {
      const json = await cli([...words, '-format=json', ...args]);
      const yaml = await cli([...words, '-format=yaml', ...args]);
      expect(json.code).toBe(0);
      expect(yaml.code).toBe(0);
      const fromJson = JSON.parse(json.stdout) as Record<string, unknown>;
      const fromYaml = readYaml(yaml.stdout) as Record<string, unknown>;
      // request_id differs per request; everything else must be identical.
      if (fromJson && typeof fromJson === 'object' && 'request_id' in fromJson) {
        delete fromJson.request_id;
        delete fromYaml.request_id;
      }
      expect(fromYaml).toEqual(fromJson);
    });
  }
});

describe('the test YAML reader', () => {
  it('is strict: YAML 1.1 booleans, literal blocks, quoting, and errors on what it does not know', () => {
    expect(readYaml('a: yes\nb: "yes"\nc: |-\n  x\n  y\nd:\n- 1\n- \'it\'\'s\'\ne: {}\n')).toEqual({ a: true, b: 'yes', c: 'x\ny', d: [1, "it's"], e: {} });
    expect(() => readYaml('a: [1, 2]\n')).toThrow(/not a plain scalar/);
    expect(() => readYaml('a: 1\na: 2\n')).toThrow(/duplicate key/);
  });
});

describe('read -format=raw and list -detailed', () => {
  it('prints the response body untouched; other commands refuse raw', async () => {
    const r = await cli(['read', '-format=raw', 'kv1/app']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ data: { user: 'armon', n: '5' }, lease_duration: 2764800 });
    // The body as the server sent it (Vault's JSON ends in a newline), plus the UI's own newline.
    const body = await (await fetch(`${vault.address}/v1/kv1/app`, { headers: { 'X-Vault-Token': vault.rootToken } })).text();
    expect(r.stdout.replace(/"request_id":"[^"]*"/, '')).toBe(`${body}\n`.replace(/"request_id":"[^"]*"/, ''));
    const missing = await cli(['read', '-format=raw', 'kv1/none']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^Error reading: kv1\/none: Error making API request\.\n\nURL: GET http:\/\/127\.0\.0\.1:\d+\/v1\/kv1\/none\nCode: 404/);
    expect(await cli(['list', '-format=raw', 'kv1'])).toEqual({ code: 1, stdout: '', stderr: 'This command does not support the -format=raw option.\n' });
  });

  it('shows key_info fields as columns with -detailed or VAULT_DETAILED', async () => {
    // Canned: key_info of every shape (a missing column, a duration) in one answer, which no
    // single minivault list returns.
    const fake = await startFakeVault({
      'GET /v1/pki/issuers': { status: 200, body: envelope({
        keys: ['b2', 'a1'], key_info: { a1: { issuer_name: 'root', is_default: true }, b2: { issuer_name: '', ttl: 3600 } },
      }) },
    });
    try {
      const plain = await runCli(fake.url, ['list', 'pki/issuers'], { env: { VAULT_TOKEN: 't' } });
      expect(plain.stdout).toBe('Keys\n----\na1\nb2\n');
      const detailed = await runCli(fake.url, ['list', '-detailed', 'pki/issuers'], { env: { VAULT_TOKEN: 't' } });
      expect(detailed).toEqual({ code: 0, stderr: '', stdout: [
        'Keys    is_default    issuer_name    ttl',
        '----    ----------    -----------    ---',
        'a1      true          root           n/a',
        'b2      n/a           n/a            1h',
        '',
      ].join('\n') });
      const viaEnv = await runCli(fake.url, ['list', 'pki/issuers'], { env: { VAULT_TOKEN: 't', VAULT_DETAILED: 'true' } });
      expect(viaEnv.stdout).toBe(detailed.stdout);
    } finally {
      await fake.close();
    }
  });
});

describe('policy fmt', () => {
  it('rewrites a valid policy in canonical layout and leaves a broken one alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minivault-fmt-'));
    const file = join(dir, 'p.hcl');
    writeFileSync(file, '# team policy\npath "secret/*"   {\ncapabilities=["read","list"]\n    min_wrapping_ttl="1s"\n}\n\n\n\npath "sys/mounts" { capabilities = ["read"] }\npath "auth/token/create" { allowed_parameters = { "policies"=["a","b"]\n"meta" = [] } }\n');
    const r = await runCli(undefined, ['policy', 'fmt', file]);
    expect(r).toEqual({ code: 0, stderr: '', stdout: `Success! Formatted policy: ${file}\n` });
    expect(readFileSync(file, 'utf8')).toBe([
      '# team policy', 'path "secret/*" {', '  capabilities     = ["read", "list"]', '  min_wrapping_ttl = "1s"', '}', '',
      'path "sys/mounts" {', '  capabilities = ["read"]', '}', '',
      'path "auth/token/create" {', '  allowed_parameters = {', '    "policies" = ["a", "b"]', '    "meta"     = []', '  }', '}', '',
    ].join('\n'));
    expect(formatPolicyText(readFileSync(file, 'utf8'))).toBe(readFileSync(file, 'utf8'));
    const bad = join(dir, 'bad.hcl');
    writeFileSync(bad, 'path "x" { capabilities = ["fly"] }\n');
    const b = await runCli(undefined, ['policy', 'fmt', bad]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/^failed to parse policy: /);
    expect(readFileSync(bad, 'utf8')).toBe('path "x" { capabilities = ["fly"] }\n');
    expect(await runCli(undefined, ['policy', 'fmt', join(dir, 'none.hcl')])).toEqual({ code: 1, stdout: '',
      stderr: `Error reading source file: open ${join(dir, 'none.hcl')}: no such file or directory\n` });
  });
});

describe('-h of the new commands lists their flags', () => {
  it('secrets enable, auth tune and policy explain show every flag in their groups', async () => {
    const enable = (await runCli(undefined, ['secrets', 'enable', '-h'])).stdout;
    for (const f of ['-allowed-managed-keys=<string>', '-allowed-response-headers=<string>', '-audit-non-hmac-request-keys=<string>',
      '-audit-non-hmac-response-keys=<string>', '-default-lease-ttl=<duration>', '-delegated-auth-accessors=<string>',
      '-description=<string>', '-external-entropy-access\n', '-force-no-cache\n', '-identity-token-key=<string>',
      '-listing-visibility=<string>', '-local\n', '-max-lease-ttl=<duration>', '-options=<key=value>',
      '-passthrough-request-headers=<string>', '-path=<string>', '-plugin-name=<string>', '-plugin-version=<string>',
      '-seal-wrap\n', '-version=<int>']) expect(enable).toContain(`\n  ${f}`);
    expect(enable).toMatch(/^Usage: minivault secrets enable \[options\] TYPE\n/);
    expect(enable.indexOf('HTTP Options:')).toBeLessThan(enable.indexOf('Command Options:'));
    const tune = (await runCli(undefined, ['auth', 'tune', '-h'])).stdout;
    expect(tune).toContain('\n  -token-type=<string>\n      Sets a forced token type for the mount.\n');
    expect((await runCli(undefined, ['policy', 'explain', '-h'])).stdout).toContain('\n  -policy-file=<string>\n');
    const parent = await runCli(undefined, ['auth']);
    expect(parent.code).toBe(1);
    expect(parent.stderr).toMatch(/Subcommands:\n {4}disable {4}Disables an auth method\n {4}enable {5}Enables a new auth method\n {4}help {7}Prints usage for an auth method\n/);
  });
});

describe('the rest of Vault\'s HTTP Options', () => {
  it('-agent-address wins over -address; -policy-override and -mfa become headers; X-Vault- headers are refused', async () => {
    cv.clearRequests();
    const r = await runCli(undefined, ['auth', 'list', '-address=http://127.0.0.1:1', `-agent-address=${cv.url}`,
      '-policy-override', '-mfa=m1:123', '-mfa=m2:456', '-header=X-Trace=abc'], { env: { VAULT_TOKEN: vault.rootToken } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('token/    token');
    const h = cv.requests[0]!.headers;
    expect([h['x-vault-policy-override'], h['x-vault-mfa'], h['x-trace']]).toEqual(['true', 'm1:123, m2:456', 'abc']);
    const viaEnv = await runCli('http://127.0.0.1:1', ['auth', 'list'], { env: { VAULT_TOKEN: vault.rootToken, VAULT_AGENT_ADDR: cv.url } });
    expect(viaEnv.code).toBe(0);
    expect(cv.requests).toHaveLength(2);
    expect(await cli(['auth', 'list', '-header=X-Vault-Token=x'])).toEqual({ code: 2, stdout: '',
      stderr: "failed to setup Headers[X-Vault-Token]: Header starting by 'X-Vault-' are for internal usage only\n" });
    expect(await cli(['read', '-output-curl-string', 'kv1/app'])).toEqual({ code: 1, stdout: '', stderr: 'minivault does not implement -output-curl-string\n' });
    expect((await cli(['read', '-disable-redirects', '-field=user', 'kv1/app'])).stdout).toBe('armon');
    const help = (await runCli(undefined, ['read', '-h'])).stdout;
    for (const f of ['-agent-address=<string>', '-disable-redirects\n', '-mfa=<string>', '-output-curl-string\n', '-output-policy\n',
      '-policy-override\n', '-unlock-key=<string>']) expect(help).toContain(`\n  ${f}`);
  });
});
