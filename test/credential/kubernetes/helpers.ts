// Shared set-up for the Kubernetes auth tests: a dev vault with kubernetes mounted and a fake
// kube-apiserver (HTTPS on loopback, its own CA) whose tokens and reviews the tests control.
import type { CoreResponse } from '../../../src/core/types.js';
import { createVault, type TestVault } from '../../../src/testing/index.js';
import { startFakeKubeApiServer, type FakeKubeApiServer, type FakeServiceAccount } from '../../../src/testing/fake-kube-apiserver.js';

export const REVIEWER = 'reviewer-jwt-value-that-must-not-leak';
export const APP: FakeServiceAccount = { name: 'vault-auth', namespace: 'default', uid: '11111111-2222-3333-4444-555555555555' };

export async function vaultWithKubernetes(path = 'kubernetes'): Promise<TestVault> {
  const vault = await createVault({ seed: 21 });
  const res = await vault.request('update', `sys/auth/${path}`, { type: 'kubernetes' });
  if (res.status !== 204) throw new Error(`enable kubernetes: ${JSON.stringify(res.body)}`);
  return vault;
}

export async function fakeApi(vault: TestVault, namespaces?: Record<string, Record<string, string>>): Promise<FakeKubeApiServer> {
  return startFakeKubeApiServer({ reviewerToken: REVIEWER, now: () => vault.clock.now(), namespaces });
}

/** A vault whose kubernetes mount trusts the fake's CA and has role `app` (policy `app`). */
export async function configured(api: FakeKubeApiServer, vault: TestVault, role: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Promise<void> {
  const c = await vault.request('update', 'auth/kubernetes/config', {
    kubernetes_host: api.url, kubernetes_ca_cert: api.caCertPem, token_reviewer_jwt: REVIEWER, ...config,
  });
  if (c.status !== 204) throw new Error(`config: ${JSON.stringify(c.body)}`);
  const r = await vault.request('update', 'auth/kubernetes/role/app', {
    bound_service_account_names: 'vault-auth', bound_service_account_namespaces: 'default', token_policies: 'app', ...role,
  });
  if (r.status !== 204) throw new Error(`role: ${JSON.stringify(r.body)}`);
}

export const login = (vault: TestVault, data: Record<string, unknown>, remoteAddress = '127.0.0.1') =>
  vault.handle({ operation: 'update', path: 'auth/kubernetes/login', data, token: '', remoteAddress });

export const body = (r: CoreResponse) => r.body as Record<string, unknown> & { data: Record<string, unknown>; errors?: string[]; warnings?: string[] };
export const refused = (r: CoreResponse) => [r.status, (r.body as { errors?: string[] }).errors];
type Auth = Record<string, unknown> & { client_token: string; metadata: Record<string, string> };
export const authOf = (r: CoreResponse) => (r.body as { auth: Auth }).auth;
