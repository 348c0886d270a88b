// The identity issuer defaults to the server's api_addr (vault/identity_store_oidc.go
// getOIDCConfig: issuer = api_addr + /v1/identity/oidc): a started test vault's api_addr is its
// listener's URL, as a dev server's is (command/server.go: VAULT_API_ADDR, else api_addr, else for
// -dev the listener); an in-process vault without a socket has none.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverCommand } from '../../src/server/server-command.js';
import { createVault, startVault } from '../../src/testing/index.js';

/** Runs `minivault server` in process until its banner is out; answers its first listener's URL. */
async function serve(args: string[], env: Record<string, string> = {}) {
  let out = '';
  const stopper = new AbortController();
  let started!: () => void;
  const ready = new Promise<void>((r) => { started = r; });
  const write = (s: string) => { out += s; if (out.includes('server started!')) started(); };
  const code = serverCommand(args, { stdout: write, stderr: write, stdin: undefined as never, env: { HOME: mkdtempSync(join(tmpdir(), 'mv-api-')), ...env } }, stopper.signal);
  await Promise.race([ready, code]);
  const port = /Listener 1: tcp \(addr: "[^"]*:(\d+)"/.exec(out)![1];
  return { url: `http://127.0.0.1:${port}`, stop: () => { stopper.abort(); return code; } };
}

const issuerAt = async (url: string) =>
  ((await (await fetch(`${url}/v1/identity/oidc/.well-known/openid-configuration`)).json()) as { issuer: string }).issuer;

describe('identity issuer and api_addr', () => {
  it('publishes the listener address as the issuer of a started vault, and an empty address without one', async () => {
    await using started = await startVault({ seed: 3 });
    const res = await fetch(`${started.url}/v1/identity/oidc/.well-known/openid-configuration`);
    expect(((await res.json()) as { issuer: string }).issuer).toBe(`${started.url}/v1/identity/oidc`);
    const provider = await fetch(`${started.url}/v1/identity/oidc/provider/default/.well-known/openid-configuration`);
    expect(((await provider.json()) as { issuer: string }).issuer).toBe(`${started.url}/v1/identity/oidc/provider/default`);
    const bare = await createVault({ seed: 3 });
    const cfg = await bare.request('read', 'identity/oidc/config', undefined);
    expect((cfg.body as { warnings: string[] }).warnings).toHaveLength(1);
  });

  it('takes the dev listener, VAULT_API_ADDR, or a config file’s api_addr as the server’s api_addr', async () => {
    const dev = ['-dev', '-dev-listen-address=127.0.0.1:0', '-dev-no-store-token'];
    const plain = await serve(dev);
    try {
      expect(await issuerAt(plain.url)).toBe(`${plain.url}/v1/identity/oidc`);
    } finally {
      await plain.stop();
    }
    const env = await serve(dev, { VAULT_API_ADDR: 'https://vault.example:8200' });
    try {
      expect(await issuerAt(env.url)).toBe('https://vault.example:8200/v1/identity/oidc');
    } finally {
      await env.stop();
    }
    const conf = join(mkdtempSync(join(tmpdir(), 'mv-api-')), 'vault.hcl');
    writeFileSync(conf, 'disable_mlock = true\napi_addr = "https://api.example:8200"\nstorage "inmem" {}\nlistener "tcp" {\n  address = "127.0.0.1:0"\n  tls_disable = true\n}\n');
    const configured = await serve([`-config=${conf}`]);
    try {
      const init = (await (await fetch(`${configured.url}/v1/sys/init`, { method: 'PUT', body: JSON.stringify({ secret_shares: 1, secret_threshold: 1 }) })).json()) as { keys: string[] };
      await fetch(`${configured.url}/v1/sys/unseal`, { method: 'PUT', body: JSON.stringify({ key: init.keys[0] }) });
      expect(await issuerAt(configured.url)).toBe('https://api.example:8200/v1/identity/oidc');
    } finally {
      await configured.stop();
    }
  });
});
