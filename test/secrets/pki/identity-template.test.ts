// allowed_domains_template and allowed_uri_sans_template (V issuing/issue_common.go ValidateNames,
// ValidateURISAN; sdk/framework/identity.go): templated entries are rendered for the requesting
// token's entity, entries that cannot be rendered are skipped, tokens without an entity and roles
// without the flag match the entries literally.
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestVault } from '../../../src/testing/index.js';
import { addUser, login, withUserpass } from '../../identity/helpers.js';
import { data, expect400, openssl, pkiVault, type Body, type Op, type Res } from './helpers.js';

let vault: TestVault;
let call: (op: Op, path: string, data?: Body) => Promise<Res>;
let acc: string;
let alice: { client_token: string; entity_id: string };

const as = (token: string, op: Op, path: string, body?: Body) => vault.handle({ operation: op, path: `pki/${path}`, data: body, token });

beforeEach(async () => {
  ({ vault, call } = await pkiVault());
  expect((await call('update', 'root/generate/internal', { common_name: 'Root CA', key_type: 'ec', ttl: '87600h' })).status).toBe(200);
  expect((await vault.request('update', 'sys/policies/acl/pki-user', { policy: 'path "pki/*" { capabilities = ["read", "update"] }' })).status).toBe(204);
  acc = await withUserpass(vault);
  await addUser(vault, 'alice', 'pki-user');
  await addUser(vault, 'bob', 'pki-user');
  alice = await login(vault, 'alice');
});

const role = (extra: Body) => call('update', 'roles/person', { key_type: 'ec', allow_bare_domains: true, ...extra });

describe('pki identity templates', () => {
  it('issues for the alias name of the requesting entity and refuses any other name', async () => {
    expect((await role({ allowed_domains: `{{identity.entity.aliases.${acc}.name}}.example.com`, allowed_domains_template: true })).status).toBe(200);
    const ok = await as(alice.client_token, 'update', 'issue/person', { common_name: 'alice.example.com', ttl: '1h' });
    expect(ok.status).toBe(200);
    expect(new (await import('node:crypto')).X509Certificate(data(ok).certificate as string).subject).toBe('CN=alice.example.com');
    expect400(await as(alice.client_token, 'update', 'issue/person', { common_name: 'bob.example.com', ttl: '1h' }), 'common name bob.example.com not allowed by this role');
    expect400(await as(alice.client_token, 'update', 'issue/person', { common_name: 'alice.example.com', alt_names: 'bob.example.com' }),
      'subject alternate name bob.example.com not allowed by this role');
    const bob = await login(vault, 'bob');
    expect((await as(bob.client_token, 'update', 'issue/person', { common_name: 'bob.example.com', ttl: '1h' })).status).toBe(200);
  });

  it('matches templates literally without the role flag or without an entity (the root token)', async () => {
    const tpl = `{{identity.entity.aliases.${acc}.name}}.example.com`;
    await role({ allowed_domains: tpl, allowed_domains_template: false });
    expect400(await as(alice.client_token, 'update', 'issue/person', { common_name: 'alice.example.com', ttl: '1h' }), 'common name alice.example.com not allowed by this role');
    await role({ allowed_domains: tpl, allowed_domains_template: true });
    expect400(await call('update', 'issue/person', { common_name: 'alice.example.com', ttl: '1h' }), 'common name alice.example.com not allowed by this role');
  });

  it('skips an entry that cannot be rendered and keeps checking the others', async () => {
    await role({ allowed_domains: ['{{identity.entity.aliases.auth_nope_1234.name}}.example.com', '{{identity.entity.metadata.team}}.corp'], allowed_domains_template: true, allow_subdomains: true });
    expect400(await as(alice.client_token, 'update', 'issue/person', { common_name: 'www.blue.corp', ttl: '1h' }), 'common name www.blue.corp not allowed by this role');
    expect((await vault.request('update', `identity/entity/id/${alice.entity_id}`, { metadata: { team: 'blue' } })).status).toBe(204);
    expect((await as(alice.client_token, 'update', 'issue/person', { common_name: 'www.blue.corp', ttl: '1h' })).status).toBe(200);
  });

  it('renders the entity id and its groups\' metadata', async () => {
    expect((await vault.request('update', 'identity/group', { name: 'ops', metadata: { zone: 'eu1' }, member_entity_ids: [alice.entity_id] })).status).toBe(200);
    await role({ allowed_domains: ['{{identity.entity.id}}.ids.example.com', '{{identity.groups.names.ops.metadata.zone}}.corp'], allowed_domains_template: true, allow_subdomains: true });
    expect((await as(alice.client_token, 'update', 'issue/person', { common_name: `${alice.entity_id}.ids.example.com`, ttl: '1h' })).status).toBe(200);
    expect((await as(alice.client_token, 'update', 'issue/person', { common_name: 'db.eu1.corp', ttl: '1h' })).status).toBe(200);
    const bob = await login(vault, 'bob');
    expect400(await as(bob.client_token, 'update', 'issue/person', { common_name: 'db.eu1.corp', ttl: '1h' }), 'common name db.eu1.corp not allowed by this role');
  });

  it('renders allowed_uri_sans templates for issue and sign', async () => {
    await role({ allowed_domains: 'example.com', allow_subdomains: true, allowed_uri_sans: `spiffe://example.org/user/{{identity.entity.aliases.${acc}.name}}`, allowed_uri_sans_template: true });
    const ok = await as(alice.client_token, 'update', 'issue/person', { common_name: 'a.example.com', ttl: '1h', uri_sans: 'spiffe://example.org/user/alice' });
    expect(ok.status).toBe(200);
    expect(new (await import('node:crypto')).X509Certificate(data(ok).certificate as string).subjectAltName).toContain('URI:spiffe://example.org/user/alice');
    expect400(await as(alice.client_token, 'update', 'issue/person', { common_name: 'a.example.com', ttl: '1h', uri_sans: 'spiffe://example.org/user/bob' }),
      'URI Subject Alternative Names were provided via the API which are not valid for this role');
    const csr = (user: string) => openssl((d) => ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${d}/k.pem`,
      '-subj', '/CN=a.example.com', '-addext', `subjectAltName=DNS:a.example.com,URI:spiffe://example.org/user/${user}`], {});
    expect((await as(alice.client_token, 'update', 'sign/person', { csr: csr('alice'), ttl: '1h' })).status).toBe(200);
    expect400(await as(alice.client_token, 'update', 'sign/person', { csr: csr('bob'), ttl: '1h' }),
      'URI Subject Alternative Names were provided via CSR which are not valid for this role');
    await role({ allowed_domains: 'example.com', allow_subdomains: true, allowed_uri_sans: `spiffe://example.org/user/{{identity.entity.aliases.${acc}.name}}` });
    expect400(await as(alice.client_token, 'update', 'issue/person', { common_name: 'a.example.com', ttl: '1h', uri_sans: 'spiffe://example.org/user/alice' }),
      'URI Subject Alternative Names were provided via the API which are not valid for this role');
  });
});
