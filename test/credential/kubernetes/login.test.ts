// Kubernetes `login` (K8S path_login.go pathLogin, parseAndValidateJWT, lookup; token_review.go
// Review) through core against the fake kube-apiserver over HTTPS: the TokenReview Vault sends,
// the auth block, the token's policy reading a secret, and every refusal with Vault's status and
// text; neither the login JWT nor the reviewer JWT appears in an error or an audit entry; and
// node-vault's kubernetesLogin over HTTP.
import NodeVault from 'node-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from '../../../src/errors/kubernetes.js';
import type { FakeKubeApiServer } from '../../../src/testing/fake-kube-apiserver.js';
import { startFakeKubeApiServer } from '../../../src/testing/fake-kube-apiserver.js';
import { tokenReview } from '../../../src/credential/kubernetes/kube-api.js';
import { startVault, type StartedVault, type TestVault } from '../../../src/testing/index.js';
import { APP, authOf, body, configured, login, refused, REVIEWER, vaultWithKubernetes } from './helpers.js';

let vault: TestVault;
let api: FakeKubeApiServer;

beforeAll(async () => {
  vault = await vaultWithKubernetes();
  api = await startFakeKubeApiServer({ reviewerToken: REVIEWER, now: () => vault.clock.now(), namespaces: { team: { env: 'prod' } } });
  await configured(api, vault);
});
afterAll(async () => { await api.close(); });

describe('kubernetes login', () => {
  it('sends Vault\'s TokenReview, answers Vault\'s auth block and the token reads a secret under the role policy', async () => {
    await vault.request('update', 'sys/policies/acl/app', { policy: 'path "secret/data/app" { capabilities = ["read"] }' });
    await vault.request('update', 'secret/data/app', { data: { k: 'v' } });
    const jwt = api.issueToken(APP);
    api.requests.length = 0;
    const res = await login(vault, { role: 'app', jwt });
    expect(res.status).toBe(200);
    const auth = authOf(res);
    expect(auth).toMatchObject({
      policies: ['app', 'default'], token_policies: ['app', 'default'], renewable: true, orphan: true, token_type: 'service',
      metadata: {
        role: 'app', service_account_name: 'vault-auth', service_account_namespace: 'default',
        service_account_secret_name: '', service_account_uid: APP.uid,
      },
    });
    expect(Object.keys(auth.metadata)).toEqual(Object.keys(auth.metadata).sort());
    expect(api.requests).toHaveLength(1);
    const sent = api.requests[0]!;
    expect([sent.method, sent.path]).toEqual(['POST', '/apis/authentication.k8s.io/v1/tokenreviews']);
    expect(sent.headers).toMatchObject({ authorization: `Bearer ${REVIEWER}`, 'content-type': 'application/json', accept: 'application/json' });
    expect(JSON.parse(sent.body)).toEqual({
      metadata: { creationTimestamp: null }, spec: { token: jwt, audiences: ['https://kubernetes.default.svc.cluster.local'] }, status: { user: {} },
    });
    const self = body(await vault.request('read', 'auth/token/lookup-self', undefined, auth.client_token)).data;
    expect(self).toMatchObject({ display_name: 'kubernetes-default-vault-auth', path: 'auth/kubernetes/login' });
    expect(body(await vault.request('read', 'secret/data/app', undefined, auth.client_token)).data.data).toEqual({ k: 'v' });
  });

  it('accepts legacy secret tokens and glob bindings; the login JWT is the bearer without a reviewer JWT', async () => {
    await vault.request('update', 'auth/kubernetes/role/globs', { bound_service_account_names: 'vault-*', bound_service_account_namespaces: 'def*' });
    const legacy = api.issueToken(APP, { legacy: true });
    const res = await login(vault, { role: 'globs', jwt: legacy });
    expect(res.status).toBe(200);
    expect(authOf(res).metadata).toMatchObject({ service_account_secret_name: 'vault-auth-token', role: 'globs' });
    const open = await startFakeKubeApiServer({ now: () => vault.clock.now() });
    try {
      await vault.request('update', 'auth/kubernetes/config', { kubernetes_host: open.url, kubernetes_ca_cert: open.caCertPem });
      const jwt = open.issueToken(APP);
      expect((await login(vault, { role: 'app', jwt })).status).toBe(200);
      expect(open.requests[0]!.headers.authorization).toBe(`Bearer ${jwt}`);
    } finally {
      await open.close();
      await configured(api, vault);
    }
  });

  it('refuses a token the reviewer rejects, or whose review names another account, with a bare 403', async () => {
    const unknown = api.issueToken(APP, { unknown: true });
    const r = await login(vault, { role: 'app', jwt: unknown });
    expect(refused(r)).toEqual([403, ['permission denied']]);
    expect(JSON.stringify(r.body)).not.toContain(unknown.split('.')[2]!);
    const revoked = api.issueToken(APP);
    api.revoke(revoked);
    expect(refused(await login(vault, { role: 'app', jwt: revoked }))).toEqual([403, ['permission denied']]);
    const other = api.issueToken(APP, { unknown: true });
    api.accept(other, { ...APP, uid: 'another-uid' });
    expect(refused(await login(vault, { role: 'app', jwt: other }))).toEqual([403, ['permission denied']]);
    // A reviewer that does not accept Vault's bearer (401) and an unreachable API server: 403 too.
    await vault.request('update', 'auth/kubernetes/config', { kubernetes_host: api.url, kubernetes_ca_cert: api.caCertPem, token_reviewer_jwt: 'wrong' });
    expect(refused(await login(vault, { role: 'app', jwt: api.issueToken(APP) }))).toEqual([403, ['permission denied']]);
    await vault.request('update', 'auth/kubernetes/config', { kubernetes_host: 'https://127.0.0.1:1', kubernetes_ca_cert: api.caCertPem, token_reviewer_jwt: REVIEWER });
    expect(refused(await login(vault, { role: 'app', jwt: api.issueToken(APP) }))).toEqual([403, ['permission denied']]);
    await configured(api, vault);
  });

  it('reads the TokenReview answer as the plugin does (the reasons Vault only logs)', async () => {
    const config = {
      host: api.url, ca_cert: api.caCertPem, token_reviewer_jwt: REVIEWER, pem_keys: [], issuer: '',
      disable_iss_validation: true, disable_local_ca_jwt: true, use_annotations_as_alias_metadata: false,
    };
    const jwt = api.issueToken(APP, { audiences: ['a', 'b'] });
    expect(await tokenReview(config, jwt, ['b'])).toEqual({ name: 'vault-auth', namespace: 'default', uid: APP.uid });
    await expect(tokenReview(config, api.issueToken(APP, { unknown: true }), [])).rejects.toThrow(E.errK8sLookupFailed('[invalid bearer token, token lookup failed]'));
    await expect(tokenReview(config, jwt, ['c'])).rejects.toThrow(/^lookup failed: \[invalid bearer token, token audiences \["a","b"\] is invalid/);
    await expect(tokenReview({ ...config, token_reviewer_jwt: 'wrong' }, jwt, [])).rejects.toThrow(E.ERR_K8S_REVIEW_UNAUTHORIZED);
    const user = api.issueToken(APP, { unknown: true });
    api.accept(user, { name: 'x', namespace: 'ns', uid: 'u' });
    expect(await tokenReview(config, user, [])).toEqual({ name: 'x', namespace: 'ns', uid: 'u' });
  });

  it('refuses an API server whose certificate is not signed by kubernetes_ca_cert', async () => {
    const other = await startFakeKubeApiServer({ reviewerToken: REVIEWER });
    try {
      await vault.request('update', 'auth/kubernetes/config', { kubernetes_host: api.url, kubernetes_ca_cert: other.caCertPem, token_reviewer_jwt: REVIEWER });
      api.requests.length = 0;
      expect(refused(await login(vault, { role: 'app', jwt: api.issueToken(APP) }))).toEqual([403, ['permission denied']]);
      // No CA and local defaults off: the system roots, which do not know the fake's CA.
      await vault.request('update', 'auth/kubernetes/config', { kubernetes_host: api.url, disable_local_ca_jwt: true, token_reviewer_jwt: REVIEWER });
      expect(refused(await login(vault, { role: 'app', jwt: api.issueToken(APP) }))).toEqual([403, ['permission denied']]);
      expect(api.requests).toHaveLength(0);
    } finally {
      await other.close();
      await configured(api, vault);
    }
  });

  it('checks role, jwt, role name, bindings and claims in Vault\'s order with Vault\'s texts', async () => {
    const jwt = api.issueToken(APP);
    expect(refused(await login(vault, { jwt }))).toEqual([400, [E.ERR_K8S_MISSING_ROLE]]);
    expect(refused(await login(vault, { role: 'app' }))).toEqual([400, [E.ERR_K8S_MISSING_JWT]]);
    expect(refused(await login(vault, { role: 'nope', jwt }))).toEqual([400, [E.errK8sInvalidRole('nope')]]);
    expect(refused(await login(vault, { role: 'app', jwt: 'not-a-jwt' }))).toEqual([403, ['permission denied']]);
    const stranger = api.issueToken({ ...APP, name: 'other' });
    expect(refused(await login(vault, { role: 'app', jwt: stranger }))).toEqual([403, [E.ERR_K8S_SA_NAME_NOT_AUTHORIZED]]);
    const elsewhere = api.issueToken({ ...APP, namespace: 'kube-system' });
    expect(refused(await login(vault, { role: 'app', jwt: elsewhere }))).toEqual([403, [E.ERR_K8S_NAMESPACE_NOT_AUTHORIZED]]);
    await vault.request('update', 'auth/kubernetes/role/aud', { bound_service_account_names: '*', bound_service_account_namespaces: '*', audience: 'vault' });
    expect(refused(await login(vault, { role: 'aud', jwt }))).toEqual([403, [E.ERR_CAP_INVALID_AUDIENCE]]);
    expect((await login(vault, { role: 'aud', jwt: api.issueToken(APP, { audiences: ['vault', 'x'] }) })).status).toBe(200);
    const expired = api.issueToken(APP, { ttlSeconds: 10 });
    vault.clock.advance('5m');
    expect(refused(await login(vault, { role: 'app', jwt: expired }))).toEqual([403, [E.ERR_CAP_EXPIRED]]);
    await vault.request('update', 'auth/kubernetes/role/cidr', { bound_service_account_names: '*', bound_service_account_namespaces: '*', token_bound_cidrs: '10.0.0.0/8' });
    expect(refused(await login(vault, { role: 'cidr', jwt: api.issueToken(APP) }))).toEqual([403, ['permission denied']]);
    const odd = api.issueToken(APP, { claims: { 'kubernetes.io': 'default', 'kubernetes.io/serviceaccount/namespace': 5 } });
    expect(refused(await login(vault, { role: 'app', jwt: odd }))).toEqual([500, [E.errMapstructureDecoding([
      E.errMapstructureMap('kubernetes.io', 'string'), E.errMapstructureString('kubernetes.io/serviceaccount/namespace', 'string', 'float64', '5'),
    ])]]);
    expect(E.errMapstructureDecoding(['b', 'a'])).toBe('2 error(s) decoding:\n\n* a\n* b');
    const noUid = api.issueToken({ ...APP, uid: '' });
    expect(refused(await login(vault, { role: 'app', jwt: noUid }))).toEqual([500, [E.ERR_K8S_NO_UID]]);
  });

  it('checks signatures with pem_keys and the issuer when validation is on', async () => {
    await configured(api, vault, {}, { pem_keys: [api.signerPublicKeyPem], disable_iss_validation: false, issuer: 'https://kubernetes.default.svc.cluster.local' });
    try {
      expect((await login(vault, { role: 'app', jwt: api.issueToken(APP) })).status).toBe(200);
      const forged = api.issueToken(APP).replace(/\.[^.]+$/, '.' + Buffer.alloc(64, 1).toString('base64url'));
      expect(refused(await login(vault, { role: 'app', jwt: forged }))).toEqual([403, ['permission denied']]);
      const wrongIss = api.issueToken(APP, { claims: { iss: 'https://evil' } });
      expect(refused(await login(vault, { role: 'app', jwt: wrongIss }))).toEqual([403, [E.ERR_CAP_INVALID_ISSUER]]);
    } finally {
      await configured(api, vault);
    }
  });

  it('matches namespaces by label selector and uses service account names as aliases when asked', async () => {
    await vault.request('update', 'auth/kubernetes/role/sel', {
      bound_service_account_names: '*', bound_service_account_namespace_selector: 'matchLabels:\n  env: prod', alias_name_source: 'serviceaccount_name',
    });
    const team = { name: 'worker', namespace: 'team', uid: 'uid-worker' };
    expect((await login(vault, { role: 'sel', jwt: api.issueToken(team) })).status).toBe(200);
    api.setNamespaceLabels('team', { env: 'dev' });
    expect(refused(await login(vault, { role: 'sel', jwt: api.issueToken(team) }))).toEqual([403, [E.ERR_K8S_NAMESPACE_NOT_AUTHORIZED]]);
    const missing = await login(vault, { role: 'sel', jwt: api.issueToken({ ...team, namespace: 'ghost' }) });
    expect(refused(missing)).toEqual([403, [`${E.ERR_K8S_NAMESPACE_NOT_AUTHORIZED} err=${E.errK8sGetNamespace(404, 'namespaces "ghost" not found')}`]]);
  });

  it('puts annotations in the entity alias’s metadata and refuses reserved ones when annotations are used', async () => {
    await configured(api, vault, {}, { use_annotations_as_alias_metadata: true });
    try {
      const sa = { ...APP, annotations: { 'vault.hashicorp.com/alias-metadata-team': 'a' } };
      const res = await login(vault, { role: 'app', jwt: api.issueToken(sa) });
      expect(res.status).toBe(200);
      // path_login.go: the alias carries the service account keys and the annotations, not the role
      const entity = body(await vault.request('read', `identity/entity/id/${authOf(res).entity_id}`)).data;
      expect((entity.aliases as Array<{ metadata: Record<string, string> }>)[0]!.metadata).toEqual({
        service_account_name: APP.name, service_account_namespace: APP.namespace, service_account_secret_name: '',
        service_account_uid: APP.uid, team: 'a',
      });
      expect(authOf(res).metadata).not.toHaveProperty('team');
      const bad = { ...APP, annotations: { 'vault.hashicorp.com/alias-metadata-service_account_uid': 'x' } };
      expect(refused(await login(vault, { role: 'app', jwt: api.issueToken(bad) }))).toEqual([400, [E.errK8sReservedAnnotationKeys(['service_account_uid'])]]);
    } finally {
      await configured(api, vault);
    }
  });

  it('renews through the role (its current TTLs), refusing once the role is gone, with no new review', async () => {
    await vault.request('update', 'auth/kubernetes/role/renew', { bound_service_account_names: '*', bound_service_account_namespaces: '*', token_ttl: '1h' });
    const token = authOf(await login(vault, { role: 'renew', jwt: api.issueToken(APP) })).client_token;
    await vault.request('update', 'auth/kubernetes/role/renew', { token_ttl: '2h' });
    api.requests.length = 0;
    const renewed = await vault.request('update', 'auth/token/renew-self', {}, token);
    expect([renewed.status, authOf(renewed).lease_duration]).toEqual([200, 7200]);
    expect(api.requests).toHaveLength(0);
    await vault.request('delete', 'auth/kubernetes/role/renew');
    expect(refused(await vault.request('update', 'auth/token/renew-self', {}, token)))
      .toEqual([500, [`1 error occurred:\n\t* failed to renew entry: ${E.errK8sRenewRoleGone('renew')}\n\n`]]);
  });

  it('answers 500 without a config and keeps JWTs out of audit entries', async () => {
    const bare = await vaultWithKubernetes();
    await bare.request('update', 'auth/kubernetes/role/app', { bound_service_account_names: '*', bound_service_account_namespaces: '*' });
    expect(refused(await login(bare, { role: 'app', jwt: api.issueToken(APP) }))).toEqual([500, [E.ERR_K8S_NO_CONFIG]]);
    expect((await vault.request('update', 'sys/audit/mem', { type: 'memory' })).status).toBe(204);
    const jwt = api.issueToken(APP);
    await login(vault, { role: 'app', jwt });
    await login(vault, { role: 'app', jwt: api.issueToken(APP, { unknown: true }) });
    const entries = JSON.stringify(vault.audit.memory('mem/')?.entries());
    expect(entries).toContain('auth/kubernetes/login');
    expect(entries).not.toContain(jwt.split('.')[2]!);
    expect(entries).not.toContain(REVIEWER);
  });
});

// Over the wire with a real client: node-vault's kubernetesLogin against startVault().
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
