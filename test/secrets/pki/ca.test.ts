// root/generate, issuers, keys and the config paths (hashicorp/vault builtin/logical/pki: path_root.go,
// path_fetch_issuers.go, path_fetch_keys.go, path_config_ca.go, path_config_urls.go).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { data, errors, expect400, expect500, openssl, pkiVault, rawOf, warnings } from './helpers.js';

const NO_AIA = 'This mount hasn\'t configured any authority information access (AIA) fields; this may make it harder for systems to find missing certificates in the chain or to validate revocation status of certificates. Consider updating /config/urls or the newly generated issuer with this information.';

describe('pki root generation', () => {
  it('makes a self-signed CA with Vault\'s response fields, stores it as the default issuer', async () => {
    const { call } = await pkiVault();
    const res = await call('update', 'root/generate/internal', { common_name: 'Root CA', key_type: 'ec', ttl: '87600h', issuer_name: 'root-1', key_name: 'k1' });
    expect(res.status).toBe(200);
    const d = data(res);
    expect(Object.keys(d)).toEqual(['certificate', 'expiration', 'issuer_id', 'issuer_name', 'issuing_ca', 'key_id', 'key_name', 'serial_number']);
    expect(d).toMatchObject({ issuer_name: 'root-1', key_name: 'k1' });
    expect(d.certificate).toBe(d.issuing_ca);
    expect((d.certificate as string).endsWith('-----END CERTIFICATE-----')).toBe(true);
    expect(warnings(res)).toEqual([NO_AIA, 'TTL "87600h0m0s" is longer than permitted maxTTL "768h0m0s", so maxTTL is being used']);
    const cert = new X509Certificate(d.certificate as string);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe('CN=Root CA');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(d.expiration).toBe(Math.floor(Date.parse(cert.validTo) / 1000));
    expect(d.serial_number).toBe(cert.serialNumber.toLowerCase().replace(/^(00)+/, '').match(/../g)!.join(':'));
    // the default issuer, its key, and the stored certificate
    expect(data(await call('read', 'config/issuers'))).toEqual({ default: d.issuer_id, default_follows_latest_issuer: false });
    expect(data(await call('read', 'config/keys'))).toEqual({ default: d.key_id });
    expect(data(await call('list', 'certs'))).toEqual({ keys: [d.serial_number] });
    const text = openssl((dir) => ['x509', '-in', `${dir}/ca.pem`, '-noout', '-text'], { 'ca.pem': d.certificate as string });
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE/);
    const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(text)![1];
    expect(/Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(text)![1]).toBe(ski);
    expect(data(await call('read', `key/${d.key_id}`))).toEqual({ key_id: d.key_id, key_name: 'k1', key_type: 'ec', subject_key_id: ski!.toLowerCase() });
  });

  it('exports keys in Vault\'s encodings for each key type', async () => {
    const { call } = await pkiVault();
    const ec384 = data(await call('update', 'root/generate/exported', { common_name: 'p384', key_type: 'ec', key_bits: 384 }));
    expect(ec384.private_key_type).toBe('ec');
    expect(ec384.private_key).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n[\s\S]+-----END EC PRIVATE KEY-----$/);
    expect(createPrivateKey(ec384.private_key as string).asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    expect(new X509Certificate(ec384.certificate as string).publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    const ed = data(await call('update', 'root/generate/exported', { common_name: 'ed', key_type: 'ed25519', format: 'pem_bundle', issuer_name: 'ed' }));
    expect(ed.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(ed.certificate).toBe(`${ed.private_key}\n${ed.issuing_ca}`);
    const der = data(await call('update', 'root/generate/exported', { common_name: 'der', key_type: 'ec', format: 'der', private_key_format: 'pkcs8' }));
    expect(new X509Certificate(Buffer.from(der.certificate as string, 'base64')).subject).toBe('CN=der');
    expect(createPrivateKey({ key: Buffer.from(der.private_key as string, 'base64'), format: 'der', type: 'pkcs8' }).asymmetricKeyType).toBe('ec');
    const rsa = data(await call('update', 'root/generate/exported', { common_name: 'rsa', use_pss: true }));
    expect(rsa.private_key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    const rsaCert = new X509Certificate(rsa.certificate as string);
    expect(rsaCert.verify(rsaCert.publicKey)).toBe(true);
    expect(openssl((dir) => ['x509', '-in', `${dir}/c.pem`, '-noout', '-text'], { 'c.pem': rsa.certificate as string })).toMatch(/Signature Algorithm: rsassaPss/);
    // four issuers now, only the first one is default
    const list = data(await call('list', 'issuers'));
    expect((list.keys as string[]).length).toBe(4);
    const infos = Object.values(list.key_info as Record<string, { is_default: boolean }>);
    expect(infos.filter((i) => i.is_default)).toHaveLength(1);
  });

  it('refuses bad generation requests with Vault\'s messages and stores nothing', async () => {
    const { call } = await pkiVault();
    expect400(await call('update', 'root/generate/other', {}), 'the "exported" path parameter must be "internal", "existing", exported" or "kms"');
    expect400(await call('update', 'root/generate/internal', { format: 'txt' }), 'the "format" path parameter must be "pem", "der", or "pem_bundle"');
    expect400(await call('update', 'root/generate/internal', { key_type: 'ec', key_bits: 1 }), 'unsupported bit length for EC key: 1');
    expect400(await call('update', 'root/generate/internal', { key_type: 'x' }), 'unknown key type x');
    expect400(await call('update', 'root/generate/internal', { issuer_name: 'default' }), 'reserved keyword \'default\' can not be used as issuer name');
    expect400(await call('update', 'root/generate/internal', { issuer_name: 'a b' }), 'issuer name contained invalid characters');
    expect400(await call('update', 'root/generate/internal', { key_name: 'Default' }), 'reserved keyword \'default\' can not be used as key name');
    expect400(await call('update', 'root/generate/internal', { ttl: '1h', not_after: '2030-01-01T00:00:00Z' }), 'Either ttl or not_after should be provided. Both should not be provided in the same request.');
    expect400(await call('update', 'root/generate/existing', { key_type: 'ec' }), 'invalid parameter for the kms/existing path parameter, key_type nor key_bits arguments can be set in this mode');
    expect(await call('list', 'issuers')).toEqual({ status: 404, body: { errors: [] } });
    expect(await call('list', 'keys')).toEqual({ status: 404, body: { errors: [] } });
  });

  it('reuses a key with existing, refuses a taken name, honours not_after and max_path_length', async () => {
    const { call } = await pkiVault();
    const first = data(await call('update', 'root/generate/internal', { common_name: 'a', key_type: 'ec', issuer_name: 'a', key_name: 'ka', max_path_length: 0 }));
    expect400(await call('update', 'root/generate/internal', { issuer_name: 'a', key_type: 'ec' }), 'issuer name already in use');
    const second = await call('update', 'root/generate/existing', { common_name: 'b', key_ref: 'ka', not_after: '2026-01-20T00:00:00Z' });
    expect(data(second).key_id).toBe(first.key_id);
    expect(new X509Certificate(data(second).certificate as string).validTo).toBe('Jan 20 00:00:00 2026 GMT');
    const text = openssl((dir) => ['x509', '-in', `${dir}/a.pem`, '-noout', '-text'], { 'a.pem': first.certificate as string });
    expect(text).toMatch(/CA:TRUE, pathlen:0/);
  });
});

describe('pki issuers and keys', () => {
  it('reads an issuer with Vault\'s fields and serves it as json, der and pem', async () => {
    const { call } = await pkiVault();
    const root = data(await call('update', 'root/generate/internal', { common_name: 'Root', key_type: 'ec', issuer_name: 'r' }));
    const res = data(await call('read', 'issuer/r'));
    expect(res).toEqual({
      ca_chain: [`${root.certificate}\n`], certificate: `${root.certificate}\n`, crl_distribution_points: [], issuer_id: root.issuer_id,
      issuer_name: 'r', issuing_certificates: [], key_id: root.key_id, leaf_not_after_behavior: 'err', manual_chain: null, ocsp_servers: [],
      revocation_signature_algorithm: 'ECDSAWithSHA256', revoked: false, usage: 'crl-signing,issuing-certificates,ocsp-signing,read-only',
    });
    expect(data(await call('read', 'issuer/default/json'))).toEqual({ ca_chain: [`${root.certificate}\n`], certificate: `${root.certificate}\n`, issuer_id: root.issuer_id, issuer_name: 'r' });
    const der = rawOf(await call('read', `issuer/${root.issuer_id}/der`));
    expect(der.type).toBe('application/pkix-cert');
    expect(new X509Certificate(der.body).subject).toBe('CN=Root');
    const pem = rawOf(await call('read', 'issuer/r/pem'));
    expect(pem).toEqual({ type: 'application/pem-certificate-chain', status: 200, body: Buffer.from(`${root.certificate}\n`) });
    expect500(await call('read', 'issuer/nope'), 'unable to find PKI issuer for reference: nope');
  });

  it('updates (full replace), patches and validates issuer settings', async () => {
    const { call } = await pkiVault();
    await call('update', 'root/generate/internal', { common_name: 'Root', key_type: 'ec', issuer_name: 'r' });
    const up = data(await call('update', 'issuer/r', { issuer_name: 'r2', leaf_not_after_behavior: 'truncate', usage: 'read-only,issuing-certificates', issuing_certificates: 'http://ca.example/ca' }));
    expect(up).toMatchObject({ issuer_name: 'r2', leaf_not_after_behavior: 'truncate', usage: 'issuing-certificates,read-only', issuing_certificates: ['http://ca.example/ca'], enable_aia_url_templating: false });
    const replaced = data(await call('update', 'issuer/r2', {}));
    expect(replaced).toMatchObject({ issuer_name: '', leaf_not_after_behavior: 'err', usage: 'crl-signing,issuing-certificates,ocsp-signing,read-only', issuing_certificates: [] });
    expect(replaced.enable_aia_url_templating).toBeUndefined();
    await call('patch', 'issuer/default', { issuer_name: 'p' });
    expect(data(await call('patch', 'issuer/p', { leaf_not_after_behavior: 'permit' }))).toMatchObject({ issuer_name: 'p', leaf_not_after_behavior: 'permit' });
    expect400(await call('update', 'issuer/p', { leaf_not_after_behavior: 'never' }), 'Unknown value for field `leaf_not_after_behavior`. Possible values are `err`, `truncate`, and `permit`.');
    expect400(await call('update', 'issuer/p', { usage: 'read-only,signing' }), 'Unable to parse specified usages: [read-only signing] - valid values are crl-signing,issuing-certificates,ocsp-signing,read-only');
    expect400(await call('update', 'issuer/p', { issuing_certificates: 'not a url' }), 'invalid URL found in Authority Information Access (AIA) parameter issuing_certificates: not a url');
    expect400(await call('update', 'issuer/p', { revocation_signature_algorithm: 'SHA256WithRSA' }), 'Unknown signature algorithm value: SHA256WithRSA');
    expect400(await call('patch', 'issuer/p', { issuer_name: '' }), 'expected non-empty issuer name');
    expect(data(await call('read', 'issuer/default')).issuer_name).toBe('p');
  });

  it('deletes issuers with Vault\'s warnings; keys in use cannot be deleted', async () => {
    const { call } = await pkiVault();
    const root = data(await call('update', 'root/generate/internal', { common_name: 'Root', key_type: 'ec', issuer_name: 'r' }));
    await call('update', 'roles/web', { issuer_ref: 'r' });
    expect400(await call('delete', `key/${root.key_id}`), `Failed to Delete Key.  Key in Use by Issuer: ${root.issuer_id}`);
    const del = await call('delete', 'issuer/r');
    expect(del.status).toBe(200);
    expect(warnings(del)).toEqual([
      '1 roles reference r',
      `Deleted issuer ${root.issuer_id} (via issuer_ref r); this was configured as the default issuer. Operations without an explicit issuer will not work until a new default is configured.`,
    ]);
    expect(data(await call('read', 'config/issuers'))).toEqual({ default: '', default_follows_latest_issuer: false });
    expect((await call('delete', 'issuer/r')).status).toBe(200);
    expect(errors(await call('read', 'cert/ca'))).toEqual(['no default issuer currently configured']);
    const deleted = await call('delete', `key/${root.key_id}`);
    expect(deleted.status).toBe(200);
    expect(warnings(deleted)).toEqual([`Deleted key ${root.key_id} (via key_ref ${root.key_id}); this was configured as the default key. Operations without an explicit key will not work until a new default is configured.`]);
    expect((await call('delete', `key/${root.key_id}`)).status).toBe(204);
    expect(await call('list', 'keys')).toEqual({ status: 404, body: { errors: [] } });
  });

  it('sets the default issuer and key by name, with Vault\'s errors', async () => {
    const { call } = await pkiVault();
    const a = data(await call('update', 'root/generate/internal', { common_name: 'A', key_type: 'ec', issuer_name: 'a', key_name: 'ka' }));
    const b = data(await call('update', 'root/generate/internal', { common_name: 'B', key_type: 'ec', issuer_name: 'b', key_name: 'kb' }));
    expect(data(await call('read', 'config/issuers')).default).toBe(a.issuer_id);
    expect(data(await call('update', 'config/issuers', { default: 'b' }))).toEqual({ default: b.issuer_id, default_follows_latest_issuer: false });
    expect400(await call('update', 'config/issuers', { default: 'default' }), 'Invalid issuer specification; must be non-empty and can\'t be \'default\'.');
    expect400(await call('update', 'config/issuers', { default: 'zz' }), 'Error resolving issuer reference: unable to find PKI issuer for reference: zz');
    expect(data(await call('update', 'config/keys', { default: 'kb' }))).toEqual({ default: b.key_id });
    const keys = data(await call('list', 'keys'));
    expect((keys.key_info as Record<string, unknown>)[b.key_id as string]).toEqual({ is_default: true, key_name: 'kb' });
    expect(data(await call('update', `key/${a.key_id}`, { key_name: 'renamed' }))).toEqual({ key_id: a.key_id, key_name: 'renamed', key_type: 'ec' });
    expect400(await call('update', 'key/renamed', { key_name: 'bad name' }), 'new key name outside of valid character limits');
    const unnamed = await call('update', 'key/renamed', {});
    expect(warnings(unnamed)).toEqual([`Name successfully deleted, you will now need to reference this key by it's Id: ${a.key_id}`]);
    expect(data(await call('update', 'root/replace', { default: 'a' })).default).toBe(a.issuer_id);
  });

  it('config/urls merges, validates and feeds AIA and CRL DP into new certificates', async () => {
    const { call } = await pkiVault();
    expect(data(await call('read', 'config/urls'))).toEqual({ crl_distribution_points: [], enable_templating: false, issuing_certificates: [], ocsp_servers: [] });
    expect(data(await call('update', 'config/urls', { issuing_certificates: 'http://127.0.0.1:8200/v1/pki/ca' }))).toEqual({
      crl_distribution_points: [], enable_templating: false, issuing_certificates: ['http://127.0.0.1:8200/v1/pki/ca'], ocsp_servers: [],
    });
    expect(data(await call('update', 'config/urls', { crl_distribution_points: ['http://127.0.0.1:8200/v1/pki/crl'] })).issuing_certificates).toEqual(['http://127.0.0.1:8200/v1/pki/ca']);
    expect400(await call('update', 'config/urls', { ocsp_servers: 'http://x/{{issuer_id}}' }), 'invalid URL found in Authority Information Access (AIA) parameter ocsp_servers: http://x/{{issuer_id}}');
    const root = await call('update', 'root/generate/internal', { common_name: 'Root', key_type: 'ec' });
    expect(warnings(root)).toBeNull();
    const text = openssl((dir) => ['x509', '-in', `${dir}/c.pem`, '-noout', '-text'], { 'c.pem': data(root).certificate as string });
    expect(text).toMatch(/CA Issuers - URI:http:\/\/127\.0\.0\.1:8200\/v1\/pki\/ca/);
    expect(text).toMatch(/X509v3 CRL Distribution Points:\s+Full Name:\s+URI:http:\/\/127\.0\.0\.1:8200\/v1\/pki\/crl/);
  });

  it('generates and imports bare keys, and builds a root on an existing one', async () => {
    const { call } = await pkiVault();
    const gen = await call('update', 'keys/generate/exported', { key_type: 'ec', key_name: 'spare' });
    expect(Object.keys(data(gen))).toEqual(['key_id', 'key_name', 'key_type', 'private_key']);
    expect(data(gen)).toMatchObject({ key_name: 'spare', key_type: 'ec' });
    const pem = data(gen).private_key as string;
    expect(pem).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    expect400(await call('update', 'keys/generate/internal', { key_type: 'ec', key_bits: 7 }), 'Validation for key_type, key_bits failed: unsupported bit length for EC key: 7');
    expect400(await call('update', 'keys/generate/internal', { key_name: 'spare', key_type: 'ec' }), 'key name already in use');
    const again = await call('update', 'keys/import', { pem_bundle: pem });
    expect(data(again)).toEqual({ key_id: data(gen).key_id, key_name: 'spare', key_type: 'ec' });
    expect(warnings(again)).toEqual(['Key already imported, use key/ endpoint to update name.']);
    expect400(await call('update', 'keys/import', { pem_bundle: 'x' }), 'provided data for import was too short; perhaps a path was passed to the API rather than the contents of a PEM file');
    expect400(await call('update', 'keys/import', { pem_bundle: `${pem}\n${pem}` }), 'only a single key can be present within the pem_bundle for importing');
    expect400(await call('update', 'keys/import', { pem_bundle: `${pem}\ngarbage that is not pem at all, long enough to pass the size check` }), 'error when parsing block 2: invalid PEM data');
    const root = data(await call('update', 'root/generate/existing', { common_name: 'on spare', key_ref: 'spare' }));
    expect(root.key_id).toBe(data(gen).key_id);
    expect(root.key_name).toBe('spare');
    expect(new X509Certificate(root.certificate as string).checkPrivateKey(createPrivateKey(pem))).toBe(true);
    const rotated = data(await call('update', 'root/rotate/internal', { common_name: 'next root', key_type: 'ec' }));
    expect(rotated.issuer_name).toBe('next');
    expect(data(await call('read', 'config/issuers')).default).toBe(root.issuer_id);
  });

  it('says plainly what minivault does not implement', async () => {
    const { vault, call } = await pkiVault();
    for (const [op, path, what] of [['read', 'ocsp/abc', 'OCSP'], ['update', 'ocsp', 'OCSP'], ['update', 'acme/new-account', 'ACME'], ['read', 'roles/web/acme/directory', 'ACME'], ['read', 'issuer/default/roles/web/acme/directory', 'ACME'], ['update', 'resign-crls', 'resign-crls'], ['list', 'eab', 'ACME external account bindings']] as const) {
      expect(await call(op, path, {})).toEqual({ status: 400, headers: { 'x-minivault-unsupported': 'true' }, body: { errors: [`minivault does not implement ${what}`] } });
    }
    expect((await vault.request('read', 'pki/ocsp/abc', undefined, 'no-token')).status).toBe(400);
    await call('update', 'root/generate/internal', { common_name: 'R', key_type: 'ec' });
    expect(rawOf(await call('read', 'crl/delta')).status).toBe(204);
  });

  it('concurrent root generations both land, and exactly one becomes the default', async () => {
    const { call } = await pkiVault();
    const [a, b] = await Promise.all([
      call('update', 'root/generate/internal', { common_name: 'A', key_type: 'ec', issuer_name: 'a' }),
      call('update', 'root/generate/internal', { common_name: 'B', key_type: 'ec', issuer_name: 'b' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const list = data(await call('list', 'issuers'));
    expect((list.keys as string[]).length).toBe(2);
    expect(Object.values(list.key_info as Record<string, { is_default: boolean }>).filter((i) => i.is_default)).toHaveLength(1);
    expect(data(await call('read', 'config/issuers')).default).toBe(data(a).issuer_id);
  });

  it('templated AIA: a root skips it with Vault\'s warning, leaves carry the issuer id', async () => {
    const { call } = await pkiVault();
    const urls = await call('update', 'config/urls', { enable_templating: true, issuing_certificates: 'http://vault.example/v1/pki/issuer/{{issuer_id}}/der' });
    expect(urls.status).toBe(200);
    const root = await call('update', 'root/generate/internal', { common_name: 'R', key_type: 'ec' });
    expect(warnings(root)).toContain('When generating root CA, found global AIA configuration with issuer_id template unsuitable for root generation. This AIA configuration has been ignored. To include AIA on this root CA, set the global AIA configuration to not include issuer_id and instead to refer to a static issuer name.');
    expect(new X509Certificate(data(root).certificate as string).infoAccess).toBeUndefined();
    await call('update', 'roles/any', { allow_any_name: true, key_type: 'ec' });
    const leaf = new X509Certificate(data(await call('update', 'issue/any', { common_name: 'x' })).certificate as string);
    expect(leaf.infoAccess).toBe(`CA Issuers - URI:http://vault.example/v1/pki/issuer/${data(root).issuer_id}/der`);
  });
});
