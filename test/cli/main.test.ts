import { describe, it, expect, afterAll, afterEach, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildClient } from '../../src/cli/command.js';
import { parseFlags } from '../../src/cli/flags.js';
import { httpFlags } from '../../src/cli/command.js';
import { LEAF_COMMANDS } from '../../src/cli/registry.js';
import { scanFormat } from '../../src/cli/main.js';
import { startFakeVault, type FakeVault } from './fake-vault.js';
import { startCliVault, type CliVault } from './real-vault.js';
import { runCli } from './run-cli.js';

let fake: FakeVault | undefined;
afterEach(async () => { await fake?.close(); fake = undefined; });

let vault: CliVault;
beforeAll(async () => { vault = await startCliVault({ seed: 13 }); });
afterAll(async () => { await vault.close(); });

/** The shared minivault (behind the recording proxy), with nothing recorded yet. */
function statusVault(): CliVault {
  vault.clearRequests();
  return vault;
}

describe('command lookup', () => {
  it('prints the top-level help on stdout for -h and exits 0', async () => {
    const r = await runCli(undefined, ['-h']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: minivault <command> \[args\]\n\nCommon commands:\n {4}read {8}Read data and retrieves secrets\n/);
    expect(r.stdout).toMatch(/\n {4}login {7}Authenticate locally\n {4}server {6}Start a Vault server\n/);
    expect(r.stdout).not.toMatch(/^ {4}version /m);
  });

  it('exits 127 with the help on stderr for no command or an unknown one', async () => {
    expect(await runCli(undefined, [])).toMatchObject({ code: 127, stdout: '' });
    const r = await runCli(undefined, ['nosuch']);
    expect(r.code).toBe(127);
    expect(r.stderr).toContain('Usage: minivault <command> [args]');
  });

  it('prints a parent\'s help on stderr with exit 1 when no leaf is named', async () => {
    for (const argv of [['kv'], ['kv', 'foo'], ['operator'], ['kv', 'metadata']]) {
      const r = await runCli(undefined, argv);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Usage: minivault ${argv[0] === 'kv' && argv[1] === 'metadata' ? 'kv metadata' : argv[0]} <subcommand>`);
    }
  });

  it('shows a command\'s help with -h anywhere before --, without any request', async () => {
    const v = statusVault();
    const r = await runCli(v.url, ['kv', 'get', 'kgc/x', '-h']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('Usage: minivault kv get [options] KEY\n')).toBe(true);
    expect(r.stdout).toContain('HTTP Options:\n\n  -address=<string>\n');
    expect(v.requests).toHaveLength(0);
  });

  it('refuses flags placed before the subcommand', async () => {
    const r = await runCli(undefined, ['-address=http://x', 'status']);
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith('Invalid flags before the subcommand. If these flags are for\nthe subcommand, please put them after the subcommand.\n\nUsage: minivault status')).toBe(true);
  });

  it('has help for every command, and says where minivault goes beyond Vault', async () => {
    for (const cmd of LEAF_COMMANDS.filter((c) => c.name !== 'version')) {
      const r = await runCli(undefined, [...cmd.name.split(' '), '-help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: minivault ${cmd.name}${cmd.bareUsage ? '' : ' [options]'}`);
      // Local commands (audit verify, policy fmt, print token) have no HTTP Options group.
      const http = cmd.flags.some((g) => g.title === 'HTTP Options');
      expect(r.stdout.includes('-token=<string>')).toBe(http);
    }
    expect((await runCli(undefined, ['status', '-h'])).stdout).toMatch(/-token=<string>\n\s+Token to send as X-Vault-Token\. A minivault addition/);
    expect((await runCli(undefined, ['operator', 'unseal', '-h'])).stdout).toContain('minivault addition: when stdin is a');
    expect((await runCli(undefined, ['audit', 'verify', '-h'])).stdout).toContain('minivault addition, not in Vault');
  });
});

describe('output format pre-scan', () => {
  it('finds -format anywhere before --, else VAULT_FORMAT, else table', () => {
    expect(scanFormat(['status', '-format=JSON'], {})).toBe('json');
    expect(scanFormat(['kv', 'get', 'x', '--format', 'json'], {})).toBe('json');
    expect(scanFormat(['x', '--', '-format=json'], {})).toBe('table');
    expect(scanFormat([], { VAULT_FORMAT: 'json' })).toBe('json');
  });

  it('rejects an unknown format before running anything', async () => {
    expect(await runCli(undefined, ['status', '-format=xml'])).toMatchObject({ code: 1, stderr: 'Invalid output format: xml\n' });
  });

  it('uses VAULT_FORMAT', async () => {
    const v = statusVault();
    const r = await runCli(v.url, ['status'], { env: { VAULT_FORMAT: 'json' } });
    expect(JSON.parse(r.stdout).sealed).toBe(false);
  });
});

describe('address, token and headers', () => {
  const client = (argv: string[], env: Record<string, string | undefined>) => buildClient(parseFlags([httpFlags()], argv, env), env);

  it('defaults to http://127.0.0.1:8200, then VAULT_ADDR, then -address', () => {
    expect(client([], {}).urlFor('sys/seal-status')).toBe('http://127.0.0.1:8200/v1/sys/seal-status');
    expect(client([], { VAULT_ADDR: 'http://vault:1' }).urlFor('a')).toBe('http://vault:1/v1/a');
    expect(client(['-address=http://flag:2'], { VAULT_ADDR: 'http://vault:1' }).urlFor('a', { version: '2' })).toBe('http://flag:2/v1/a?version=2');
  });

  it('takes the token from -token, else VAULT_TOKEN, else ~/.vault-token', () => {
    const home = mkdtempSync(join(tmpdir(), 'minivault-home-'));
    writeFileSync(join(home, '.vault-token'), '  hvs.fromfile\n');
    expect(client([], { HOME: home }).token).toBe('hvs.fromfile');
    expect(client([], { HOME: home, VAULT_TOKEN: 'hvs.env' }).token).toBe('hvs.env');
    expect(client(['-token=hvs.flag'], { HOME: home, VAULT_TOKEN: 'hvs.env' }).token).toBe('hvs.flag');
    expect(client([], { HOME: mkdtempSync(join(tmpdir(), 'minivault-home-')) }).token).toBeUndefined();
  });

  it('sends X-Vault-Request always, X-Vault-Token only with a token, plus -header and -namespace', async () => {
    const v = statusVault();
    await runCli(v.url, ['status']);
    expect(v.requests[0]!.headers['x-vault-request']).toBe('true');
    expect(v.requests[0]!.headers['x-vault-token']).toBeUndefined();
    await runCli(v.url, ['status', '-token=hvs.t', '-header=X-Extra=1', '-namespace=team']);
    expect(v.requests[2]!.headers).toMatchObject({ 'x-vault-token': 'hvs.t', 'x-extra': '1', 'x-vault-namespace': 'team' });
  });

  it('refuses a token with non-printable characters, exit 2, without a request', async () => {
    const v = statusVault();
    const r = await runCli(v.url, ['policy', 'list'], { env: { VAULT_TOKEN: 'hvs.a\u0007b' } });
    expect(r).toMatchObject({ code: 2, stderr: 'configured Vault token contains non-printable characters and cannot be used\n' });
    expect(v.requests).toHaveLength(0);
  });

  it('shows a non-JSON error body as a raw message', async () => {
    // Canned: minivault always answers errors as JSON; a proxy in front of Vault may not.
    fake = await startFakeVault({ 'GET /v1/sys/policies/acl': { status: 502, raw: 'bad gateway' } });
    const r = await runCli(fake.url, ['policy', 'list']);
    expect(r).toMatchObject({ code: 2, stderr: `Error listing policies: Error making API request.\n\nURL: GET ${fake.url}/v1/sys/policies/acl?list=true\nCode: 502. Raw Message:\n\nbad gateway\n` });
  });

  it('names an unknown host and an unsupported scheme', async () => {
    const host = await runCli('http://nosuchhost.invalid:8200', ['policy', 'list']);
    expect(host.code).toBe(2);
    expect(host.stderr).toContain('Get "http://nosuchhost.invalid:8200/v1/sys/policies/acl?list=true": dial tcp: lookup nosuchhost.invalid');
    const scheme = await runCli('ftp://x', ['policy', 'list']);
    expect(scheme.stderr).toContain('unsupported protocol scheme "ftp"');
  });
});
