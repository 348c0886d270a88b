// userpass over the wire with a real client: node-vault's userpassLogin against startVault(), then
// a KV read with the token it set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeVault from 'node-vault';
import { startVault, type StartedVault } from '../../../src/testing/index.js';

describe('node-vault userpassLogin', () => {
  let v: StartedVault;
  beforeAll(async () => { v = await startVault({ rootToken: 'root', seed: 3 }); });
  afterAll(async () => { await v.close(); });

  it('logs in, gets a token with the user’s policies and reads a secret with it', async () => {
    const admin = NodeVault({ endpoint: v.url, token: 'root' });
    await admin.enableAuth({ mount_point: 'userpass', type: 'userpass' });
    await admin.addPolicy({ name: 'app-read', rules: 'path "secret/data/app/*" { capabilities = ["read"] }' });
    await admin.write('auth/userpass/users/Alice', { password: 's3cret', policies: 'app-read' });
    await admin.write('secret/data/app/db', { data: { password: 'db-pass' } });

    const app = NodeVault({ endpoint: v.url });
    const res = await app.userpassLogin({ username: 'alice', password: 's3cret' });
    expect(res.auth).toMatchObject({ policies: ['app-read', 'default'], metadata: { username: 'alice' }, renewable: true });
    expect(app.token).toBe(res.auth.client_token);
    expect((await app.read('secret/data/app/db')).data.data).toEqual({ password: 'db-pass' });
    await expect(app.write('secret/data/app/db', { data: {} })).rejects.toThrow(/permission denied/);
    await expect(NodeVault({ endpoint: v.url }).userpassLogin({ username: 'alice', password: 'nope' }))
      .rejects.toThrow(/invalid username or password/);
  });
});
