// A testcontainers-style init script run command by command through the CLI's main entry against
// a real in-process minivault (the commands Vault images' init scripts use), then the rest of the
// commands Vault's CLI has for inspecting the result: token capabilities, path-help, print token,
// operator step-down, login -method=jwt|cert|oidc, and an unknown command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT, exportSPKI } from 'jose';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { runCli } from './run-cli.js';

let vault: StartedVault;
let home: string;
const as = (token: string | undefined, argv: string[]) =>
  runCli(vault.address, argv, { env: { HOME: home, ...(token ? { VAULT_TOKEN: token } : {}) } });
const root = (argv: string[]) => as(vault.rootToken, argv);

beforeAll(async () => {
  vault = await startVault({ seed: 71 });
  home = mkdtempSync(join(tmpdir(), 'minivault-init-'));
});
afterAll(async () => { await vault.close(); });

describe('a testcontainers-style init script', () => {
  it('enables transit and approle, makes a key and a role, and logs in with the role', async () => {
    const step = async (argv: string[]) => {
      const r = await root(argv);
      expect(r, argv.join(' ')).toMatchObject({ code: 0 });
      return r;
    };
    expect((await step(['secrets', 'enable', 'transit'])).stdout).toBe('Success! Enabled the transit secrets engine at: transit/\n');
    expect((await step(['write', '-f', 'transit/keys/my-key'])).stdout).toMatch(/^Key +Value\n/);
    expect((await step(['auth', 'enable', 'approle'])).stdout).toBe('Success! Enabled approle auth method at: approle/\n');
    expect((await step(['write', '--force', 'auth/approle/role/myrole'])).stdout).toBe('Success! Data written to: auth/approle/role/myrole\n');
    await step(['write', 'auth/approle/role/myrole', 'token_policies=default', 'token_ttl=1h']);
    const roleId = JSON.parse((await step(['read', '-format=json', 'auth/approle/role/myrole/role-id'])).stdout).data.role_id as string;
    const secretId = (await step(['write', '-f', '-field=secret_id', 'auth/approle/role/myrole/secret-id'])).stdout;
    expect(secretId).toMatch(/^[0-9a-f-]{36}$/);
    const login = await as(undefined, ['login', '-method=approle', `role_id=${roleId}`, `secret_id=${secretId}`]);
    expect(login.code).toBe(0);
    const token = readFileSync(join(home, '.vault-token'), 'utf8');
    expect(login.stdout).toMatch(new RegExp(`\ntoken +${token}\n`));
    expect(await as(undefined, ['print', 'token'])).toEqual({ code: 0, stderr: '', stdout: `${token}\n` });
    const accessor = /\ntoken_accessor +(\S+)\n/.exec(login.stdout)![1]!;
    const byAccessor = JSON.parse((await root(['token', 'lookup', '-format=json', '-accessor', accessor])).stdout);
    expect(byAccessor.data).toMatchObject({ accessor, display_name: 'approle', policies: ['default'], meta: { role_name: 'myrole' } });
    expect(byAccessor.data.id).toBe('');
    expect(await root(['token', 'capabilities', '-accessor', accessor])).toEqual({ code: 1, stdout: '',
      stderr: 'Not enough arguments with -accessor (expected 2, got 1)\n' });
    const viaAccessor = await root(['token', 'capabilities', '-accessor', accessor, 'cubbyhole/x']);
    // POST sys/capabilities-accessor: the accessor's token holds only default (its cubbyhole rule).
    expect(viaAccessor).toEqual({ code: 0, stderr: '', stdout: 'create, delete, list, read, update\n' });
    const enc = await as(vault.rootToken, ['write', '-field=ciphertext', 'transit/encrypt/my-key', `plaintext=${Buffer.from('hi').toString('base64')}`]);
    expect(enc.stdout).toMatch(/^vault:v1:/);
    // The logged-in token has only default: capabilities show what it may do.
    expect(await as(undefined, ['token', 'capabilities', 'transit/encrypt/my-key'])).toEqual({ code: 0, stderr: '', stdout: 'deny\n' });
    expect(await as(undefined, ['token', 'capabilities', 'auth/token/lookup-self'])).toEqual({ code: 0, stderr: '', stdout: 'read\n' });
    expect(await root(['token', 'capabilities', '-format=json', token, 'cubbyhole/x'])).toEqual({ code: 0, stderr: '',
      stdout: '[\n  "create",\n  "delete",\n  "list",\n  "read",\n  "update"\n]\n' });
  });
});

describe('the smaller commands', () => {
  it('path-help prints a path\'s help, or its OpenAPI with -format=json', async () => {
    const r = await root(['path-help', 'sys/mounts']);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(20);
    const j = await root(['path-help', '-format=json', 'sys/mounts']);
    expect(JSON.parse(j.stdout)).toMatchObject({ openapi: expect.any(String), paths: expect.any(Object) });
    expect(await root(['path-help'])).toEqual({ code: 1, stdout: '', stderr: 'Not enough arguments (expected 1, got 0)\n' });
  });

  it('operator step-down sends PUT sys/step-down; token capabilities checks its arguments', async () => {
    // A single node without HA answers 204 and the CLI names the address it asked.
    const down = await root(['operator', 'step-down']);
    expect(down).toEqual({ code: 0, stderr: '', stdout: expect.stringMatching(/^Success! Stepped down: http:\/\/127\.0\.0\.1:\d+\n$/) });
    expect(await root(['token', 'capabilities'])).toEqual({ code: 1, stdout: '', stderr: 'Not enough arguments (expected 1-2, got 0)\n' });
    const denied = await as('nope', ['token', 'capabilities', 'x']);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/^Error listing capabilities: Error making API request\.\n\nURL: POST http:\/\/127\.0\.0\.1:\d+\/v1\/sys\/capabilities-self\nCode: 403/);
  });

  it('an unknown command prints the command list on stderr and exits 127, as hashicorp/cli does', async () => {
    const r = await root(['no-such-command', 'x']);
    expect(r.code).toBe(127);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: minivault <command> \[args\]\n\nCommon commands:\n/);
    expect(r.stderr).toMatch(/\n {4}auth {6,}Interact with auth methods\n/);
    // VAULT_FORMAT picks the format when -format is absent.
    const viaEnv = await runCli(vault.address, ['auth', 'list'], { env: { VAULT_TOKEN: vault.rootToken, VAULT_FORMAT: 'json' } });
    expect(JSON.parse(viaEnv.stdout)['token/'].type).toBe('token');
  });
});

describe('login -method=jwt | cert | oidc', () => {
  it('logs in with a signed JWT and a role (a minivault addition), and refuses oidc plainly', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    await root(['auth', 'enable', 'jwt']);
    expect((await root(['write', 'auth/jwt/config', `jwt_validation_pubkeys=${await exportSPKI(publicKey)}`])).code).toBe(0);
    expect((await root(['write', 'auth/jwt/role/ci', 'role_type=jwt', 'user_claim=sub', 'bound_audiences=ci', 'token_policies=default'])).code).toBe(0);
    const jwt = await new SignJWT({ sub: 'runner-1', aud: 'ci' }).setProtectedHeader({ alg: 'ES256' })
      .setIssuedAt(Math.floor(vault.clock.now() / 1000)).setExpirationTime(Math.floor(vault.clock.now() / 1000) + 600).sign(privateKey);
    const r = await as(undefined, ['login', '-method=jwt', '-token-only', 'role=ci', `jwt=${jwt}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hvs\./);
    expect(r.stderr).toBe('');
    const bad = await as(undefined, ['login', '-method=jwt', 'role=ci', 'jwt=not.a.jwt']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error authenticating: Error making API request\.\n\nURL: PUT http:\/\/127\.0\.0\.1:\d+\/v1\/auth\/jwt\/login\n/);
    expect(await as(undefined, ['login', '-method=jwt', 'role=ci'])).toEqual({ code: 2, stdout: '', stderr: "Error authenticating: 'jwt' must be specified\n" });
    const oidc = await as(undefined, ['login', '-method=oidc']);
    expect(oidc.code).toBe(2);
    expect(oidc.stderr).toContain('minivault does not implement the OIDC browser login');
  });

  it('cert login PUTs auth/<mount>/login with the role name', async () => {
    const r = await as(undefined, ['login', '-method=cert', '-path=nocert', 'name=web']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error authenticating: Error making API request\.\n\nURL: PUT http:\/\/127\.0\.0\.1:\d+\/v1\/auth\/nocert\/login\n/);
  });
});

describe('path-help on a sealed vault', () => {
  it('prints Vault\'s paragraph instead of the raw error (exit 2)', async () => {
    expect((await root(['operator', 'seal'])).code).toBe(0);
    expect(await root(['path-help', 'sys/mounts'])).toEqual({ code: 2, stdout: '', stderr: [
      'Error: Vault is sealed.',
      '',
      'The "path-help" command requires the Vault to be unsealed so that the mount',
      'points of the secret engines are known.',
      '',
    ].join('\n') });
  });
});
