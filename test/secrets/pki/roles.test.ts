// roles/:name (hashicorp/vault builtin/logical/pki: path_roles.go, issuing/roles.go): every field with its default, full
// replace on write, merge on patch, Vault's validation errors and warnings, list and delete.
import { describe, expect, it } from 'vitest';
import { data, expect400, expect500, pkiVault, warnings } from './helpers.js';

const DEFAULT_ROLE = {
  allow_any_name: false, allow_bare_domains: false, allow_glob_domains: false, allow_ip_sans: true, allow_localhost: true,
  allow_subdomains: false, allow_token_displayname: false, allow_wildcard_certificates: true, allowed_domains: [],
  allowed_domains_template: false, allowed_other_sans: [], allowed_serial_numbers: [], allowed_uri_sans: [],
  allowed_uri_sans_template: false, allowed_user_ids: [], basic_constraints_valid_for_non_ca: false, client_flag: true,
  cn_validations: ['email', 'hostname'], code_signing_flag: false, country: [], email_protection_flag: false, enforce_hostnames: true,
  ext_key_usage: [], ext_key_usage_oids: [], generate_lease: false, issuer_ref: 'default', key_bits: 2048, key_type: 'rsa',
  key_usage: ['DigitalSignature', 'KeyAgreement', 'KeyEncipherment'], locality: [], max_ttl: 0, no_store: false, not_after: '',
  not_before_duration: 30, organization: [], ou: [], policy_identifiers: [], postal_code: [], province: [], require_cn: true,
  server_flag: true, signature_bits: 256, street_address: [], ttl: 0, use_csr_common_name: true, use_csr_sans: true, use_pss: false,
};

describe('pki roles', () => {
  it('returns every field with Vault\'s defaults, sorted, and answers writes with the role (200)', async () => {
    const { call } = await pkiVault();
    const res = await call('update', 'roles/web', { allowed_domains: 'example.com', allow_subdomains: true, max_ttl: '72h' });
    expect(res.status).toBe(200);
    const expected = { ...DEFAULT_ROLE, allowed_domains: ['example.com'], allow_subdomains: true, max_ttl: 259200 };
    expect(data(res)).toEqual(expected);
    expect(Object.keys(data(res))).toEqual(Object.keys(expected).sort());
    expect(warnings(res)).toEqual(['Issuing Certificate was set to default, but no default issuing certificate (configurable at /config/issuers) is currently set']);
    expect(data(await call('read', 'roles/web'))).toEqual(expected);
  });

  it('normalises key bits per key type and keeps ec signature bits at 0', async () => {
    const { call } = await pkiVault();
    expect(data(await call('update', 'roles/ec', { key_type: 'ec' }))).toMatchObject({ key_bits: 256, signature_bits: 0 });
    expect(data(await call('update', 'roles/ed', { key_type: 'ed25519' }))).toMatchObject({ key_bits: 0, signature_bits: 0 });
    expect(data(await call('update', 'roles/any', { key_type: 'any' }))).toMatchObject({ key_bits: 0, signature_bits: 0 });
    expect(data(await call('update', 'roles/rsa', { key_bits: 4096, signature_bits: 384 }))).toMatchObject({ key_bits: 4096, signature_bits: 384 });
  });

  it('replaces the whole role on write and merges on patch', async () => {
    const { call } = await pkiVault();
    await call('update', 'roles/r', { allowed_domains: ['a.com', 'b.com'], ttl: '1h', server_flag: false });
    const replaced = data(await call('update', 'roles/r', { ttl: '2h' }));
    expect(replaced).toMatchObject({ allowed_domains: [], ttl: 7200, server_flag: true });
    const patched = data(await call('patch', 'roles/r', { allowed_domains: 'c.com' }));
    expect(patched).toMatchObject({ allowed_domains: ['c.com'], ttl: 7200, server_flag: true });
    expect400(await call('patch', 'roles/missing', { ttl: 1 }), 'Unable to fetch role entry to patch');
  });

  it('refuses bad roles with Vault\'s messages and stores nothing', async () => {
    const { call } = await pkiVault();
    expect400(await call('update', 'roles/r', { ttl: '2h', max_ttl: '1h' }), '"ttl" value must be less than "max_ttl" value');
    expect400(await call('update', 'roles/r', { key_type: 'dsa' }), 'unknown key type dsa');
    expect400(await call('update', 'roles/r', { key_bits: 1024 }), 'RSA keys < 2048 bits are unsafe and not supported: got 1024');
    expect400(await call('update', 'roles/r', { key_bits: 2049 }), 'unsupported bit length for RSA key: 2049');
    expect400(await call('update', 'roles/r', { key_type: 'ec', key_bits: 255 }), 'unsupported bit length for EC key: 255');
    expect400(await call('update', 'roles/r', { signature_bits: 128 }), 'unsupported hash signature algorithm: 128');
    expect400(await call('update', 'roles/r', { ext_key_usage_oids: 'x.y' }), '"x.y" could not be parsed as a valid oid for an extended key usage');
    expect400(await call('update', 'roles/r', { allowed_other_sans: '1.2.3' }), 'error parsing allowed_other_sans: expected a semicolon in other SAN "1.2.3"');
    expect400(await call('update', 'roles/r', { allowed_other_sans: '1.2.3;UTF8' }), 'error parsing allowed_other_sans: expected a colon in other SAN "1.2.3;UTF8"');
    expect400(await call('update', 'roles/r', { allowed_other_sans: '1.2.3;INT:5' }), 'error parsing allowed_other_sans: only utf8 other SANs are supported; found non-supported type in other SAN "1.2.3;INT:5"');
    expect500(await call('update', 'roles/r', { cn_validations: 'dns' }), 'cn_validations value incorrect: unknown type: `dns`');
    expect500(await call('update', 'roles/r', { cn_validations: 'email,email' }), 'cn_validations value incorrect: `email` specified multiple times');
    expect500(await call('update', 'roles/r', { cn_validations: 'disabled,email' }), 'cn_validations value incorrect: cannot specify `disabled` along with `email` or `hostname`');
    expect((await call('read', 'roles/r')).status).toBe(404);
    expect(await call('list', 'roles')).toEqual({ status: 404, body: { errors: [] } });
  });

  it('warns about leases and no_store, and about an issuer_ref nothing has', async () => {
    const { call } = await pkiVault();
    const both = await call('update', 'roles/r', { no_store: true, generate_lease: true, issuer_ref: 'later' });
    expect(data(both)).toMatchObject({ no_store: true, generate_lease: false, issuer_ref: 'later' });
    expect(warnings(both)).toEqual([
      'mutually exclusive values no_store=true and generate_lease=true were both specified; no_store=true takes priority',
      'Issuing Certificate was set to later but no issuing certificate currently has that name',
    ]);
    const lease = await call('update', 'roles/l', { generate_lease: true });
    expect(warnings(lease)![0]).toBe('it is encouraged to disable generate_lease and rely on PKI\'s native capabilities when possible; this option can cause Vault-wide issues with large numbers of issued certificates');
  });

  it('lists and deletes roles (204 even for a missing one); bad names do not route', async () => {
    const { call } = await pkiVault();
    await call('update', 'roles/b', {});
    await call('update', 'roles/a', {});
    expect(data(await call('list', 'roles'))).toEqual({ keys: ['a', 'b'] });
    expect((await call('delete', 'roles/a')).status).toBe(204);
    expect((await call('delete', 'roles/none')).status).toBe(204);
    expect(data(await call('list', 'roles'))).toEqual({ keys: ['b'] });
    expect((await call('update', 'roles/bad-', {})).status).toBe(404);
  });

  it('takes Vault\'s weak typing: comma strings, "true", Go durations', async () => {
    const { call } = await pkiVault();
    const r = data(await call('update', 'roles/w', { allow_subdomains: 'true', ttl: '1h30m', allowed_domains: 'a.com, b.com', cn_validations: 'Email' }));
    expect(r).toMatchObject({ allow_subdomains: true, ttl: 5400, allowed_domains: ['a.com', 'b.com'], cn_validations: ['email'] });
  });
});
