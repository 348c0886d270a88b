// AppRole over the wire with a real client: node-vault's approleLogin against startVault(), then a
// KV read with the token it set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeVault from 'node-vault';
import { startVault, type StartedVault } from '../../../src/testing/index.js';

describe('node-vault approleLogin', () => {
  let v: StartedVault;
  beforeAll(async () => { v = await startVault({ rootToken: 'root', seed: 5 }); });
  afterAll(async () => { await v.close(); });

  it('logs in with role_id and secret_id and reads a secret with the token', async () => {
    const admin = NodeVault({ endpoint: v.url, token: 'root' });
    await admin.enableAuth({ mount_point: 'approle', type: 'approle' });
    await admin.addPolicy({ name: 'app-read', rules: 'path "secret/data/app/*" { capabilities = ["read"] }' });
    await admin.write('auth/approle/role/App', { token_policies: 'app-read', secret_id_num_uses: 2 });
    await admin.write('secret/data/app/db', { data: { password: 'db-pass' } });
    const roleId = (await admin.read('auth/approle/role/app/role-id')).data.role_id as string;
    const secretId = (await admin.write('auth/approle/role/app/secret-id', { metadata: '{"host":"web-1"}' })).data.secret_id as string;

    const app = NodeVault({ endpoint: v.url });
    const res = await app.approleLogin({ role_id: roleId, secret_id: secretId });
    expect(res.auth).toMatchObject({ policies: ['app-read', 'default'], metadata: { host: 'web-1', role_name: 'app' }, renewable: true });
    expect(app.token).toBe(res.auth.client_token);
    expect((await app.read('secret/data/app/db')).data.data).toEqual({ password: 'db-pass' });
    await NodeVault({ endpoint: v.url }).approleLogin({ role_id: roleId, secret_id: secretId });
    await expect(NodeVault({ endpoint: v.url }).approleLogin({ role_id: roleId, secret_id: secretId }))
      .rejects.toThrow(/invalid role or secret ID/);
  });

  it('takes secret_id_accessor as a query parameter on DELETE secret-id-accessor/destroy', async () => {
    const admin = NodeVault({ endpoint: v.url, token: 'root' });
    await admin.write('auth/approle/role/del', {});
    const accessor = (await admin.write('auth/approle/role/del/secret-id', {})).data.secret_id_accessor as string;
    const url = `${v.url}/v1/auth/approle/role/del/secret-id-accessor/destroy?secret_id_accessor=${accessor}`;
    const res = await fetch(url, { method: 'DELETE', headers: { 'X-Vault-Token': 'root' } });
    expect(res.status).toBe(204);
    const list = await fetch(`${v.url}/v1/auth/approle/role/del/secret-id?list=true`, { headers: { 'X-Vault-Token': 'root' } });
    expect([list.status, await list.json()]).toEqual([404, { errors: [] }]);
  });
});
