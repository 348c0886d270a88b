// The wire, checked with a real client: node-vault (npm) against `startVault()` on port 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeVault from 'node-vault';
import { startVault, type StartedVault } from '../../src/testing/index.js';

describe('node-vault against a sealed, uninitialised server', () => {
  let v: StartedVault;
  beforeAll(async () => { v = await startVault({ dev: false, seed: 1 }); });
  afterAll(async () => { await v.close(); });

  it('initialises 5/3, unseals with three shares showing progress, and serves KV v2', async () => {
    const client = NodeVault({ endpoint: v.url });
    expect(await client.initialized()).toEqual({ initialized: false });
    const init = await client.init({ secret_shares: 5, secret_threshold: 3 });
    expect(init.keys).toHaveLength(5);
    expect(init.root_token).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);
    client.token = init.root_token;
    const s1 = await client.unseal({ secret_shares: 1, key: init.keys[0] });
    expect([s1.sealed, s1.progress, s1.t, s1.n]).toEqual([true, 1, 3, 5]);
    const s2 = await client.unseal({ secret_shares: 1, key: init.keys_base64[3] });
    expect(s2.progress).toBe(2);
    const s3 = await client.unseal({ secret_shares: 1, key: init.keys[4] });
    expect(s3.sealed).toBe(false);
    expect((await client.status()).sealed).toBe(false);

    await client.mount({ mount_point: 'kgc', type: 'kv', options: { version: '2' } });
    const mounts = await client.mounts();
    expect(mounts['kgc/'].options).toEqual({ version: '2' });
    expect(mounts.data['sys/'].type).toBe('system');

    const w = await client.write('kgc/data/api-credentials', { data: { api_key: 'k1', created_at: '2026-01-01' } });
    expect(w.data.version).toBe(1);
    await client.write('kgc/data/api-credentials', { data: { api_key: 'k2' }, options: { cas: 1 } });
    const r = await client.read('kgc/data/api-credentials');
    expect(r.data.data).toEqual({ api_key: 'k2' });
    expect(r.data.metadata.version).toBe(2);
    await expect(client.write('kgc/data/api-credentials', { data: { api_key: 'x' }, options: { cas: 1 } }))
      .rejects.toThrow(/check-and-set parameter did not match the current version/);
    const list = await client.list('kgc/metadata/');
    expect(list.data.keys).toEqual(['api-credentials']);
    await client.delete('kgc/metadata/api-credentials');
    await expect(client.read('kgc/data/api-credentials')).rejects.toThrow(/Status 404/);
  });

  it('writes policies, creates a limited token, and refuses it a write with 403', async () => {
    const client = NodeVault({ endpoint: v.url, token: (await v.vault.tokens.createRootToken()) });
    await client.addPolicy({ name: 'kgc-read', rules: 'path "kgc/data/*" { capabilities = ["read"] }\npath "kgc/metadata/*" { capabilities = ["read", "list"] }' });
    expect((await client.policies()).policies).toContain('kgc-read');
    await client.write('kgc/data/database-credentials', { data: { password: 'p' } });
    const created = await client.tokenCreate({ policies: ['kgc-read'], ttl: '24h' });
    expect(created.auth.policies).toEqual(['default', 'kgc-read']);
    const app = NodeVault({ endpoint: v.url, token: created.auth.client_token });
    expect((await app.read('kgc/data/database-credentials')).data.data).toEqual({ password: 'p' });
    await expect(app.write('kgc/data/database-credentials', { data: { password: 'q' } })).rejects.toThrow(/permission denied/);
    const self = await app.tokenLookupSelf();
    expect(self.data.policies).toEqual(['default', 'kgc-read']);
    const renewed = await app.tokenRenewSelf();
    expect(renewed.auth.lease_duration).toBe(86400);
    await app.tokenRevokeSelf();
    await expect(app.tokenLookupSelf()).rejects.toThrow(/permission denied/);
  });

  it('seals with the root token, after which KV answers 503', async () => {
    const client = NodeVault({ endpoint: v.url, token: (await v.vault.tokens.createRootToken()) });
    await client.seal();
    expect((await client.status()).sealed).toBe(true);
    await expect(client.read('kgc/data/database-credentials')).rejects.toThrow(/Vault is sealed/);
  });
});

describe('node-vault against a dev server', () => {
  let v: StartedVault;
  beforeAll(async () => { v = await startVault({ rootToken: 'root', seed: 2 }); });
  afterAll(async () => { await v.close(); });

  it('reports health, key status and rotation, and enables an audit device', async () => {
    const client = NodeVault({ endpoint: v.url, token: 'root' });
    const h = await client.health();
    expect(h).toMatchObject({ initialized: true, sealed: false, standby: false });
    const ks1 = await client.request({ path: '/sys/key-status', method: 'GET' });
    await client.rotate();
    const ks2 = await client.request({ path: '/sys/key-status', method: 'GET' });
    expect(ks2.term).toBe(ks1.term + 1);
    await client.enableAudit({ name: 'mem', type: 'memory', options: {} }).catch(() => undefined);
    const audits = await client.audits();
    expect(typeof audits).toBe('object');
  });
});
