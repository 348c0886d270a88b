// Kubernetes login over the wire with a real client: node-vault's kubernetesLogin against
// startVault(), the mount trusting the fake kube-apiserver's CA, then a KV read with the token it
// set; a token the reviewer rejects is refused with Vault's 403.
import NodeVault from 'node-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKubeApiServer, type FakeKubeApiServer } from '../../../src/testing/fake-kube-apiserver.js';
import { startVault, type StartedVault } from '../../../src/testing/index.js';
import { APP, REVIEWER } from './helpers.js';

describe('node-vault kubernetesLogin', () => {
  let v: StartedVault;
  let api: FakeKubeApiServer;
  beforeAll(async () => {
    v = await startVault({ rootToken: 'root', seed: 8 });
    api = await startFakeKubeApiServer({ reviewerToken: REVIEWER, now: () => v.clock.now() });
  });
  afterAll(async () => {
    await api.close();
    await v.close();
  });

  it('logs in with a service account token and reads a secret with the role policy', async () => {
    const admin = NodeVault({ endpoint: v.url, token: 'root' });
    await admin.enableAuth({ mount_point: 'kubernetes', type: 'kubernetes' });
    await admin.write('auth/kubernetes/config', { kubernetes_host: api.url, kubernetes_ca_cert: api.caCertPem, token_reviewer_jwt: REVIEWER });
    await admin.write('auth/kubernetes/role/app', {
      bound_service_account_names: ['vault-auth'], bound_service_account_namespaces: ['default'], policies: ['app-read'], ttl: '1h',
    });
    await admin.addPolicy({ name: 'app-read', rules: 'path "secret/data/app/*" { capabilities = ["read"] }' });
    await admin.write('secret/data/app/db', { data: { password: 'p' } });

    const app = NodeVault({ endpoint: v.url });
    // node-vault 0.12 renders its default kubernetesPath only from the call's arguments, so the
    // mount is named here (without it the request goes to auth//login).
    const res = await app.kubernetesLogin({ role: 'app', jwt: api.issueToken(APP), mount_point: 'kubernetes' });
    expect(res.auth).toMatchObject({ policies: ['app-read', 'default'], lease_duration: 3600, metadata: { service_account_name: 'vault-auth' } });
    expect((await app.read('secret/data/app/db')).data.data).toEqual({ password: 'p' });
    await expect(NodeVault({ endpoint: v.url }).kubernetesLogin({ role: 'app', jwt: api.issueToken(APP, { unknown: true }), mount_point: 'kubernetes' }))
      .rejects.toThrow(/permission denied/);
  });
});
