// `minivault login -method=cert` end to end over mTLS (builtin/credential/cert/cli.go: PUT
// auth/<mount>/login {name}, the certificate presented through the global -client-cert /
// -client-key flags or VAULT_CLIENT_CERT / VAULT_CLIENT_KEY, the server trusted via VAULT_CACERT).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { runCli } from './run-cli.js';

let vault: StartedVault;
let dir: string;
let certFile: string;
let keyFile: string;

beforeAll(async () => {
  vault = await startVault({ seed: 101, tls: true });
  dir = mkdtempSync(join(tmpdir(), 'minivault-cert-login-'));
  const leaf = await vault.tls!.issueClientCert({ commonName: 'web-1' });
  certFile = join(dir, 'client.pem');
  keyFile = join(dir, 'client-key.pem');
  writeFileSync(certFile, leaf.certPem);
  writeFileSync(keyFile, leaf.keyPem);
  const root = { env: { ...vault.env } };
  expect((await runCli(vault.address, ['auth', 'enable', 'cert'], root)).code).toBe(0);
  const wrote = await runCli(vault.address, ['write', 'auth/cert/certs/web', `certificate=@${vault.tls!.caFile}`, 'token_policies=default'], root);
  expect(wrote).toMatchObject({ code: 0 });
});
afterAll(async () => { await vault.close(); });

describe('login -method=cert', () => {
  it('logs in with the client certificate from the flags and stores the token', async () => {
    const home = mkdtempSync(join(tmpdir(), 'minivault-cert-home-'));
    const env = { HOME: home, VAULT_CACERT: vault.env.VAULT_CACERT };
    const r = await runCli(vault.address, ['login', '-method=cert', `-client-cert=${certFile}`, `-client-key=${keyFile}`, 'name=web'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\ntoken_meta_cert_name +web\n/);
    expect(r.stdout).toMatch(/\ntoken_meta_common_name +web-1\n/);
    const token = readFileSync(join(home, '.vault-token'), 'utf8');
    const self = await runCli(vault.address, ['token', 'lookup', '-format=json'], { env });
    expect(JSON.parse(self.stdout).data).toMatchObject({ id: token, display_name: 'cert-web', path: 'auth/cert/login' });
  });

  it('takes the certificate from VAULT_CLIENT_CERT / VAULT_CLIENT_KEY, and fails without one (exit 2)', async () => {
    const base = { VAULT_CACERT: vault.env.VAULT_CACERT };
    const viaEnv = await runCli(vault.address, ['login', '-method=cert', '-token-only'],
      { env: { ...base, VAULT_CLIENT_CERT: certFile, VAULT_CLIENT_KEY: keyFile } });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stdout).toMatch(/^hvs\./);
    const none = await runCli(vault.address, ['login', '-method=cert', 'name=web'], { env: base });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Error authenticating: Error making API request\.\n\nURL: PUT https:\/\/127\.0\.0\.1:\d+\/v1\/auth\/cert\/login\nCode: 400/);
  });
});
