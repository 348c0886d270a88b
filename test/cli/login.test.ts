// `minivault login` (Vault 1.18 command/login.go with the token and userpass CLI handlers, plus
// minivault's approle handler) against a real in-process minivault: the success text and token
// table, ~/.vault-token written (0600) and used by the next command, -token-only, -no-store,
// -no-print, the token from an argument or stdin, a hidden password prompt on a terminal, the
// VAULT_TOKEN warning and the refusals with their exit codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { runCli, typingTerminal, type RunOptions } from './run-cli.js';

let vault: StartedVault;
let roleId: string;
let secretId: string;

const freshHome = (): string => mkdtempSync(join(tmpdir(), 'minivault-login-'));
const login = (home: string, args: string[], opts: RunOptions = {}) =>
  runCli(vault.address, ['login', ...args], { ...opts, env: { HOME: home, ...opts.env } });
const stored = (home: string): string => readFileSync(join(home, '.vault-token'), 'utf8');

const SUCCESS = [
  'Success! You are now authenticated. The token information displayed below is',
  'already stored in the token helper. You do NOT need to run "minivault login"',
  'again. Future Vault requests will automatically use this token.',
  '',
].join('\n');

beforeAll(async () => {
  vault = await startVault({ seed: 31 });
  const v = vault.vault;
  await v.request('update', 'sys/auth/userpass', { type: 'userpass' });
  await v.request('update', 'auth/userpass/users/bob', { password: 'pw', token_policies: 'default,dev' });
  await v.request('update', 'sys/auth/people', { type: 'userpass' });
  await v.request('update', 'auth/people/users/eve', { password: 'pw2' });
  await v.request('update', 'sys/auth/approle', { type: 'approle' });
  await v.request('update', 'auth/approle/role/app', { token_policies: 'default', token_ttl: '1h' });
  const dataOf = (res: { body?: unknown }): Record<string, unknown> => (res.body as { data: Record<string, unknown> }).data;
  roleId = String(dataOf(await v.request('read', 'auth/approle/role/app/role-id')).role_id);
  secretId = String(dataOf(await v.request('update', 'auth/approle/role/app/secret-id')).secret_id);
});
afterAll(async () => { await vault.close(); });

describe('login -method=userpass', () => {
  it('prints the success text and token table, and stores the token', async () => {
    const home = freshHome();
    const r = await login(home, ['-method=userpass', 'username=bob', 'password=pw']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith(`${SUCCESS}\nKey                    Value\n---                    -----\ntoken                  hvs.`)).toBe(true);
    expect(r.stdout).toContain([
      'token_duration         768h',
      'token_renewable        true',
      'token_policies         ["default" "dev"]',
      'identity_policies      []',
      'policies               ["default" "dev"]',
      'token_meta_username    bob',
      '',
    ].join('\n'));
    const token = /^token {18}(\S+)$/m.exec(r.stdout)![1]!;
    expect(stored(home)).toBe(token);
    expect(statSync(join(home, '.vault-token')).mode & 0o777).toBe(0o600);
    const self = await runCli(vault.address, ['token', 'lookup', '-format=json'], { env: { HOME: home } });
    expect(JSON.parse(self.stdout)).toMatchObject({ data: { id: token, display_name: 'userpass-bob' } });
  });

  it('fails on a wrong password (exit 2) and without username (exit 2)', async () => {
    const home = freshHome();
    const bad = await login(home, ['-method=userpass', 'username=bob', 'password=nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error authenticating: Error making API request\.\n\nURL: PUT http:\/\/127\.0\.0\.1:\d+\/v1\/auth\/userpass\/login\/bob\nCode: 400\. Errors:\n\n\* invalid username or password\n$/);
    expect(existsSync(join(home, '.vault-token'))).toBe(false);
    expect(await login(home, ['-method=userpass', 'password=pw'])).toEqual({ code: 2, stdout: '', stderr: "Error authenticating: 'username' must be specified\n" });
  });

  it('prompts for the password on a terminal, and refuses to prompt on a pipe', async () => {
    const home = freshHome();
    const r = await login(home, ['-method=userpass', '-token-only', 'username=bob'], { stdinStream: typingTerminal('pw\r') });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hvs\.\w+$/);
    expect(r.stderr).toBe('Password (will be hidden): \n');
    expect(await login(home, ['-method=userpass', 'username=bob'])).toEqual({ code: 2, stdout: '',
      stderr: 'Password (will be hidden): \nError authenticating: inappropriate ioctl for device\n' });
  });

  it('logs in at another mount with -path', async () => {
    const r = await login(freshHome(), ['-method=userpass', '-path=people', '-field=token_policies', 'username=eve', 'password=pw2']);
    expect(r).toEqual({ code: 0, stderr: '', stdout: '[default]' });
  });
});

describe('login -method=approle (minivault addition)', () => {
  it('logs in with role_id and secret_id', async () => {
    const home = freshHome();
    const r = await login(home, ['-method=approle', `role_id=${roleId}`, `secret_id=${secretId}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('token_duration          1h\n');
    expect(r.stdout).toContain('token_meta_role_name    app\n');
    expect(stored(home)).toMatch(/^hvs\./);
    expect(await login(home, ['-method=approle'])).toEqual({ code: 2, stdout: '', stderr: "Error authenticating: 'role_id' must be specified\n" });
  });
});

describe('login with a token', () => {
  it('looks the token up and stores it; a set VAULT_TOKEN earns a warning', async () => {
    const home = freshHome();
    const r = await login(home, [vault.rootToken], { env: { VAULT_TOKEN: vault.rootToken } });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${SUCCESS}\n${[
      'Key                  Value',
      '---                  -----',
      `token                ${vault.rootToken}`,
    ].join('\n')}\n${r.stdout.split('\n').slice(7).join('\n')}`);
    expect(r.stdout).toContain('token_duration       ∞\ntoken_renewable      false\ntoken_policies       ["root"]\nidentity_policies    []\npolicies             ["root"]\n');
    expect(r.stderr).toBe([
      'WARNING! The VAULT_TOKEN environment variable is set! The value of this',
      'variable will take precedence; if this is unwanted please unset VAULT_TOKEN or',
      'update its value accordingly.',
      '', '',
    ].join('\n'));
    expect(stored(home)).toBe(vault.rootToken);
  });

  it('reads the token from stdin with -', async () => {
    const home = freshHome();
    const r = await login(home, ['-no-print', '-'], { stdin: `${vault.rootToken}\n` });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(stored(home)).toBe(vault.rootToken);
  });

  it('refuses a bad token (exit 2) and a missing one on a pipe', async () => {
    const home = freshHome();
    const bad = await login(home, ['hvs.nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error authenticating: error looking up token: Error making API request\.\n\nURL: GET .*\/v1\/auth\/token\/lookup-self\nCode: 403\./);
    const none = await login(home, []);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('Token (will be hidden): \n');
    expect(none.stderr).toContain('Error authenticating: An error occurred attempting to ask for a token.');
    expect(existsSync(join(home, '.vault-token'))).toBe(false);
  });
});

describe('login output flags', () => {
  it('-token-only prints the bare token and stores nothing', async () => {
    const home = freshHome();
    const r = await login(home, ['-token-only', '-method=userpass', 'username=bob', 'password=pw']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hvs\.\w+$/);
    expect(r.stderr).toBe('');
    expect(existsSync(join(home, '.vault-token'))).toBe(false);
  });

  it('-no-store warns, prints the table and stores nothing', async () => {
    const home = freshHome();
    const r = await login(home, ['-no-store', '-method=userpass', 'username=bob', 'password=pw']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('The token was not stored in token helper. Set the VAULT_TOKEN environment\nvariable or pass the token below with each request to Vault.\n\n');
    expect(r.stdout).toContain('token_meta_username    bob\n');
    expect(existsSync(join(home, '.vault-token'))).toBe(false);
  });

  it('-no-print stores silently; with -no-store it is refused', async () => {
    const home = freshHome();
    expect(await login(home, ['-no-print', '-method=userpass', 'username=bob', 'password=pw'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(stored(home)).toMatch(/^hvs\./);
    expect(await login(home, ['-no-print', '-no-store', vault.rootToken])).toEqual({ code: 1, stdout: '',
      stderr: '-no-store and -no-print cannot be used together\n' });
  });

  it('prints the whole response as JSON', async () => {
    const r = await login(freshHome(), ['-format=json', '-method=userpass', 'username=bob', 'password=pw']);
    const json = JSON.parse(r.stdout) as { data: unknown; auth: Record<string, unknown> };
    expect(json.data).toBeNull();
    expect(Object.keys(json.auth)).toEqual(['client_token', 'accessor', 'policies', 'token_policies', 'identity_policies',
      'metadata', 'orphan', 'entity_id', 'lease_duration', 'renewable', 'mfa_requirement']);
    expect(json.auth).toMatchObject({ policies: ['default', 'dev'], metadata: { username: 'bob' }, lease_duration: 2764800 });
  });

  it('-wrap-ttl: -token-only prints the wrapping token; a stored login unwraps it first', async () => {
    const home = freshHome();
    const wrapped = await login(home, ['-token-only', '-wrap-ttl=5m', '-method=userpass', 'username=bob', 'password=pw']);
    expect(wrapped.code).toBe(0);
    const unwrap = await runCli(vault.address, ['unwrap', '-field=token', wrapped.stdout], { env: { HOME: home } });
    expect(unwrap).toMatchObject({ code: 0, stdout: expect.stringMatching(/^hvs\.\w+$/) });
    expect(unwrap.stdout).not.toBe(wrapped.stdout);
    const stored2 = await login(home, ['-no-print', '-wrap-ttl=5m', '-method=userpass', 'username=bob', 'password=pw']);
    expect(stored2).toEqual({ code: 0, stdout: '', stderr: '' });
    const self = await runCli(vault.address, ['token', 'lookup', '-format=json'], { env: { HOME: home } });
    expect(JSON.parse(self.stdout)).toMatchObject({ data: { display_name: 'userpass-bob' } });
  });

  it('refuses an unknown method with exit 1', async () => {
    expect(await login(freshHome(), ['-method=github'])).toEqual({ code: 1, stdout: '', stderr: [
      'Unknown auth method: github. Use "minivault auth list" to see the complete',
      'list of auth methods. Additionally, some auth methods are only available via',
      'the HTTP API.',
      '',
    ].join('\n') });
  });
});
