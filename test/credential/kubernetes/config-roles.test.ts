// Kubernetes `config` and `role/:name` (K8S path_config.go pathConfigWrite/Read, path_role.go
// pathRoleCreateUpdate/Read) through core: Vault's read shapes, replacement semantics, the CA and
// key checks, role validation and the legacy token fields.
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatch } from '../../../src/credential/kubernetes/login.js';
import { parseNamespaceSelector, selectorMatches } from '../../../src/credential/kubernetes/selector.js';
import * as E from '../../../src/errors/kubernetes.js';
import { body, refused, vaultWithKubernetes } from './helpers.js';

const CA = `-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n`;
const ROLE = { bound_service_account_names: 'vault-auth', bound_service_account_namespaces: 'default' };

describe('kubernetes config', () => {
  it('reads back every field, never the reviewer JWT, and a write replaces the whole config', async () => {
    const vault = await vaultWithKubernetes();
    expect((await vault.request('read', 'auth/kubernetes/config')).status).toBe(404);
    const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const w = await vault.request('update', 'auth/kubernetes/config', {
      kubernetes_host: 'https://10.0.0.1:6443', kubernetes_ca_cert: CA, token_reviewer_jwt: 'secret-reviewer', pem_keys: [key],
    });
    expect(w.status).toBe(204);
    const r = await vault.request('read', 'auth/kubernetes/config');
    expect(body(r).data).toEqual({
      disable_iss_validation: true, disable_local_ca_jwt: false, issuer: '', kubernetes_ca_cert: CA,
      kubernetes_host: 'https://10.0.0.1:6443', pem_keys: [key.trim()], token_reviewer_jwt_set: true, use_annotations_as_alias_metadata: false,
    });
    expect(JSON.stringify(r.body)).not.toContain('secret-reviewer');
    await vault.request('update', 'auth/kubernetes/config', { kubernetes_host: 'https://k8s', kubernetes_ca_cert: CA });
    expect(body(await vault.request('read', 'auth/kubernetes/config')).data).toMatchObject({ pem_keys: [], token_reviewer_jwt_set: false });
  });

  it('answers Vault validation errors and stores nothing on failure', async () => {
    const vault = await vaultWithKubernetes();
    const write = (d: Record<string, unknown>) => vault.request('update', 'auth/kubernetes/config', d);
    expect(refused(await write({}))).toEqual([400, [E.ERR_K8S_NO_HOST]]);
    expect(refused(await write({ kubernetes_host: 'h', kubernetes_ca_cert: 'not pem' }))).toEqual([400, [E.ERR_K8S_CA_NO_CERTS]]);
    expect(refused(await write({ kubernetes_host: 'h', kubernetes_ca_cert: CA, pem_keys: 'garbage' }))).toEqual([400, [E.ERR_K8S_NO_PUBLIC_KEYS]]);
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(refused(await write({ kubernetes_host: 'h', kubernetes_ca_cert: CA, pem_keys: [ed] }))).toEqual([400, [E.ERR_K8S_NO_PUBLIC_KEYS]]);
    // Outside a pod, no CA and local defaults on: the pod's CA file cannot be read.
    expect(refused(await write({ kubernetes_host: 'h' }))).toEqual([400, [E.errGoOpenNoSuchFile(E.K8S_LOCAL_CA_PATH)]]);
    expect((await vault.request('read', 'auth/kubernetes/config')).status).toBe(404);
    expect((await write({ kubernetes_host: 'h', disable_local_ca_jwt: true })).status).toBe(204);
  });
});

describe('kubernetes roles', () => {
  it('reads back a role as Vault does and lists lower-cased names', async () => {
    const vault = await vaultWithKubernetes();
    expect((await vault.request('list', 'auth/kubernetes/role')).status).toBe(404);
    expect((await vault.request('update', 'auth/kubernetes/role/App', { ...ROLE, token_policies: 'dev', token_ttl: '1h' })).status).toBe(204);
    const data = body(await vault.request('read', 'auth/kubernetes/role/app')).data;
    expect(data).toEqual({
      alias_name_source: 'serviceaccount_uid', bound_service_account_names: ['vault-auth'],
      bound_service_account_namespace_selector: '', bound_service_account_namespaces: ['default'], token_bound_cidrs: [],
      token_explicit_max_ttl: 0, token_max_ttl: 0, token_no_default_policy: false, token_num_uses: 0, token_period: 0,
      token_policies: ['dev'], token_ttl: 3600, token_type: 'default',
    });
    expect(Object.keys(data)).toEqual(Object.keys(data).sort());
    expect(body(await vault.request('list', 'auth/kubernetes/role')).data).toEqual({ keys: ['app'] });
    expect((await vault.request('delete', 'auth/kubernetes/role/APP')).status).toBe(204);
    expect((await vault.request('read', 'auth/kubernetes/role/app')).status).toBe(404);
  });

  it('keeps names on update but always takes the selector from the request; legacy keys show when set', async () => {
    const vault = await vaultWithKubernetes();
    await vault.request('update', 'auth/kubernetes/role/r', {
      bound_service_account_names: 'a*', bound_service_account_namespace_selector: '{"matchLabels":{"team":"x"}}',
      audience: 'vault', alias_name_source: 'serviceaccount_name', policies: 'B,a', ttl: 60, num_uses: 3,
    });
    let data = body(await vault.request('read', 'auth/kubernetes/role/r')).data;
    expect(data).toMatchObject({
      bound_service_account_names: ['a*'], bound_service_account_namespaces: null, audience: 'vault',
      alias_name_source: 'serviceaccount_name', policies: ['a', 'b'], token_policies: ['a', 'b'], ttl: 60, token_ttl: 60,
      num_uses: 3, token_num_uses: 3,
    });
    const r = await vault.request('update', 'auth/kubernetes/role/r', { bound_service_account_namespaces: 'ns1' });
    expect(r.status).toBe(204);
    data = body(await vault.request('read', 'auth/kubernetes/role/r')).data;
    expect(data).toMatchObject({ bound_service_account_names: ['a*'], bound_service_account_namespace_selector: '', audience: 'vault' });
  });

  it('answers Vault validation errors and warns on a max TTL above the mount', async () => {
    const vault = await vaultWithKubernetes();
    const write = (d: Record<string, unknown>) => vault.request('update', 'auth/kubernetes/role/bad', d);
    expect(refused(await write({ bound_service_account_namespaces: 'x' }))).toEqual([400, [E.ERR_K8S_NAMES_EMPTY]]);
    expect(refused(await write({ ...ROLE, bound_service_account_names: '*,a' }))).toEqual([400, [E.ERR_K8S_MIX_STAR]]);
    expect(refused(await write({ bound_service_account_names: 'a' }))).toEqual([400, [E.ERR_K8S_NAMESPACES_EMPTY]]);
    expect(refused(await write({ ...ROLE, bound_service_account_namespaces: '*,b' }))).toEqual([400, [E.ERR_K8S_MIX_STAR]]);
    expect(refused(await write({ bound_service_account_names: 'a', bound_service_account_namespace_selector: '{"matchExpressions":[]}' })))
      .toEqual([400, [E.ERR_K8S_INVALID_SELECTOR]]);
    expect(refused(await write({ ...ROLE, alias_name_source: 'pod' }))).toEqual([400, [E.ERR_K8S_INVALID_ALIAS_SOURCE]]);
    expect(refused(await write({ ...ROLE, token_period: '800h' }))).toEqual([400, [E.errK8sPeriodTooLong('800h0m0s', '768h0m0s')]]);
    expect(refused(await write({ ...ROLE, ttl: '2h', max_ttl: '1h' }))).toEqual([400, [E.ERR_K8S_TTL_OVER_MAX]]);
    expect((await vault.request('read', 'auth/kubernetes/role/bad')).status).toBe(404);
    const w = await write({ ...ROLE, token_max_ttl: '1000h' });
    expect([w.status, body(w).warnings]).toEqual([200, [E.WARN_K8S_MAX_TTL]]);
    const yaml = await vault.request('update', 'auth/kubernetes/role/y', { bound_service_account_names: 'a', bound_service_account_namespace_selector: 'matchLabels:\n  team: a\n' });
    expect(yaml.status).toBe(204);
  });
});

describe('kubernetes bindings (properties)', () => {
  const name = fc.stringMatching(/^[a-z0-9-]{0,12}$/);

  it('a pattern made by starring any runs of a name matches it; a pattern without a star matches only itself', () => {
    fc.assert(fc.property(name, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }), (n, cuts) => {
      let pattern = n;
      for (const [a, b] of cuts) {
        const i = pattern.length === 0 ? 0 : a % (pattern.length + 1);
        const j = i + (pattern.length - i === 0 ? 0 : b % (pattern.length - i + 1));
        pattern = `${pattern.slice(0, i)}*${pattern.slice(j)}`;
      }
      expect(globMatch(pattern, n)).toBe(true);
    }));
    fc.assert(fc.property(name, name, (a, b) => {
      expect(globMatch(a, b)).toBe(a === b);
    }));
  });

  it('a selector written as JSON or as YAML selects the same namespaces', () => {
    const labels = fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z0-9]{1,6}$/), { maxKeys: 4 });
    fc.assert(fc.property(labels, labels, (want, have) => {
      const json = parseNamespaceSelector(JSON.stringify({ matchLabels: want }));
      const yaml = parseNamespaceSelector(`matchLabels:\n${Object.entries(want).map(([k, v]) => `  ${k}: "${v}"`).join('\n')}\n`);
      expect(selectorMatches(yaml, have)).toBe(selectorMatches(json, have));
      expect(selectorMatches(json, { ...have, ...want })).toBe(true);
    }));
  });
});
