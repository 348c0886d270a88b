// The CLI and the sidecar client over https (src/client/tls.ts, src/cli/command.ts buildClient,
// src/client/options.ts): VAULT_CACERT, VAULT_CAPATH, VAULT_SKIP_VERIFY, VAULT_CLIENT_CERT and
// VAULT_CLIENT_KEY and the matching flags, against startVault({ tls }).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { VaultClient } from '../../src/client/index.js';
import { startVault, type StartedVault } from '../../src/testing/index.js';

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, stdin: new PassThrough(), env: { HOME: mkdtempSync(join(tmpdir(), 'mv-home-')), ...env } });
  return { code, out, err };
}

let v: StartedVault;
let mtls: StartedVault;
let dir: string;
beforeAll(async () => {
  [v, mtls] = await Promise.all([startVault({ tls: true }), startVault({ tls: { requireClientCert: true } })]);
  await v.vault.kv().put('app', { password: 'p1' });
  dir = mkdtempSync(join(tmpdir(), 'mv-cli-tls-'));
  const cert = await mtls.tls!.issueClientCert({ commonName: 'cli' });
  writeFileSync(join(dir, 'client.pem'), cert.certPem);
  writeFileSync(join(dir, 'client-key.pem'), cert.keyPem);
});
afterAll(async () => {
  await Promise.all([v.close(), mtls.close()]);
});

describe('CLI over https', () => {
  it('verifies the server with VAULT_CACERT, with -ca-cert and with a VAULT_CAPATH directory', async () => {
    const viaEnv = await cli(['kv', 'get', '-field=password', 'secret/app'], v.env as Record<string, string>);
    expect(viaEnv).toMatchObject({ code: 0, out: 'p1' });
    const viaFlag = await cli(['kv', 'get', `-ca-cert=${v.tls!.caFile}`, '-field=password', 'secret/app'], { VAULT_ADDR: v.url, VAULT_TOKEN: v.rootToken });
    expect(viaFlag).toMatchObject({ code: 0, out: 'p1' });
    const caDir = mkdtempSync(join(tmpdir(), 'mv-capath-'));
    writeFileSync(join(caDir, 'a.pem'), v.tls!.caPem);
    const viaPath = await cli(['kv', 'get', '-field=password', 'secret/app'], { VAULT_ADDR: v.url, VAULT_TOKEN: v.rootToken, VAULT_CAPATH: caDir });
    expect(viaPath).toMatchObject({ code: 0, out: 'p1' });
  });

  it('fails without the CA, and succeeds with VAULT_SKIP_VERIFY', async () => {
    const strict = await cli(['kv', 'get', 'secret/app'], { VAULT_ADDR: v.url, VAULT_TOKEN: v.rootToken });
    expect(strict.code).toBe(2);
    const lax = await cli(['kv', 'get', '-field=password', 'secret/app'], { VAULT_ADDR: v.url, VAULT_TOKEN: v.rootToken, VAULT_SKIP_VERIFY: 'true' });
    expect(lax).toMatchObject({ code: 0, out: 'p1' });
  });

  it('presents VAULT_CLIENT_CERT/VAULT_CLIENT_KEY (and -client-cert/-client-key) to a server that requires one', async () => {
    const base = { VAULT_ADDR: mtls.url, VAULT_TOKEN: mtls.rootToken, VAULT_CACERT: mtls.tls!.caFile };
    expect((await cli(['token', 'lookup'], base)).code).toBe(2);
    const env = { ...base, VAULT_CLIENT_CERT: join(dir, 'client.pem'), VAULT_CLIENT_KEY: join(dir, 'client-key.pem') };
    expect((await cli(['token', 'lookup'], env)).code).toBe(0);
    const flags = await cli(['token', 'lookup', `-client-cert=${join(dir, 'client.pem')}`, `-client-key=${join(dir, 'client-key.pem')}`], base);
    expect(flags.code).toBe(0);
  });

  it("answers bad TLS settings with Vault's texts", async () => {
    const env = { VAULT_ADDR: v.url, VAULT_TOKEN: v.rootToken };
    const half = await cli(['kv', 'get', 'secret/app'], { ...env, VAULT_CLIENT_CERT: join(dir, 'client.pem') });
    expect(half).toMatchObject({ code: 2, err: 'failed to setup TLS config: both client cert and client key must be provided\n' });
    const missing = await cli(['kv', 'get', 'secret/app'], { ...env, VAULT_CACERT: '/nonexistent/ca.pem' });
    expect(missing.err).toBe('failed to setup TLS config: Error loading CA File: open /nonexistent/ca.pem: no such file or directory\n');
  });
});

describe('sidecar client over https', () => {
  it('reads through VAULT_CACERT from its env, or the CA PEM given as tls.ca', async () => {
    const fromEnv = new VaultClient({ address: v.url, token: v.rootToken, mount: 'secret', env: { VAULT_CACERT: v.tls!.caFile } });
    expect(await fromEnv.getSecret('app', 'password')).toBe('p1');
    await fromEnv.close();
    const fromPem = new VaultClient({ address: v.url, token: v.rootToken, mount: 'secret', env: {}, tls: { ca: v.tls!.caPem } });
    expect(await fromPem.getSecret('app', 'password')).toBe('p1');
    await fromPem.close();
  });

  it('presents a client certificate from VAULT_CLIENT_CERT/VAULT_CLIENT_KEY', async () => {
    await mtls.vault.kv().put('app', { password: 'm1' });
    const client = new VaultClient({
      address: mtls.url, token: mtls.rootToken, mount: 'secret',
      env: { VAULT_CACERT: mtls.tls!.caFile, VAULT_CLIENT_CERT: join(dir, 'client.pem'), VAULT_CLIENT_KEY: join(dir, 'client-key.pem') },
    });
    expect(await client.getSecret('app', 'password')).toBe('m1');
    await client.close();
  });

  it('refuses half a client certificate when constructed', () => {
    expect(() => new VaultClient({ address: v.url, token: 't', env: { VAULT_CLIENT_KEY: '/x' } }))
      .toThrow('VaultClient option tls: both client cert and client key must be provided');
  });
});
