// cert `certs/:name`, `config` and `crls/:name` (V builtin/credential/cert/path_certs.go,
// path_config.go, path_crls.go) through core: read shapes, partial updates, legacy fields,
// warnings and Vault's errors; nothing is stored when a write is refused.
import { describe, expect, it } from 'vitest';
import * as E from '../../../src/errors/cert.js';
import { loadX509 } from '../../../src/x509/load.js';
import { body, makeCa, makeCert, refused, vaultWithCert } from './helpers.js';

describe('cert entries', () => {
  it('reads back every field as Vault 1.18 does and lists lower-cased names', async () => {
    const vault = await vaultWithCert();
    const ca = await makeCa('CN=Root');
    expect((await vault.request('list', 'auth/cert/certs')).status).toBe(404);
    expect((await vault.request('update', 'auth/cert/certs/Web', { certificate: ca.pem, token_policies: 'web', allowed_common_names: 'a*,b' })).status).toBe(204);
    const data = body(await vault.request('read', 'auth/cert/certs/web')).data;
    expect(data).toEqual({
      allowed_common_names: ['a*', 'b'], allowed_dns_sans: null, allowed_email_sans: null, allowed_metadata_extensions: null,
      allowed_names: null, allowed_organizational_units: null, allowed_uri_sans: null, certificate: ca.pem, display_name: 'web',
      ocsp_ca_certificates: '', ocsp_enabled: false, ocsp_fail_open: false, ocsp_max_retries: 4, ocsp_query_all_servers: false,
      ocsp_servers_override: null, ocsp_this_update_max_age: 0, required_extensions: null, token_bound_cidrs: [],
      token_explicit_max_ttl: 0, token_max_ttl: 0, token_no_default_policy: false, token_num_uses: 0, token_period: 0,
      token_policies: ['web'], token_ttl: 0, token_type: 'default',
    });
    expect(Object.keys(data)).toEqual(Object.keys(data).sort());
    expect(body(await vault.request('list', 'auth/cert/certs')).data).toEqual({ keys: ['web'] });
    // Only the fields sent change; the legacy `lease` sets the TTL when no ttl is sent.
    await vault.request('update', 'auth/cert/certs/web', { display_name: 'frontend', lease: 120, policies: 'B,a' });
    expect(body(await vault.request('read', 'auth/cert/certs/web')).data).toMatchObject({
      allowed_common_names: ['a*', 'b'], display_name: 'frontend', ttl: 120, token_ttl: 120, policies: ['a', 'b'], token_policies: ['a', 'b'],
    });
    expect((await vault.request('delete', 'auth/cert/certs/WEB')).status).toBe(204);
    expect((await vault.request('read', 'auth/cert/certs/web')).status).toBe(404);
  });

  it('answers Vault errors and warnings, storing nothing on error', async () => {
    const vault = await vaultWithCert();
    const ca = await makeCa('CN=Root');
    const write = (d: Record<string, unknown>) => vault.request('update', 'auth/cert/certs/bad', d);
    expect(refused(await write({}))).toEqual([400, [E.ERR_CERT_PARSE]]);
    expect(refused(await write({ certificate: 'junk' }))).toEqual([400, [E.ERR_CERT_PARSE]]);
    const server = await makeCert({ subject: 'CN=srv', usage: ['server'] }, ca);
    expect(refused(await write({ certificate: server.pem }))).toEqual([400, [E.ERR_CERT_NON_CA_CLIENT_AUTH]]);
    expect(refused(await write({ certificate: ca.pem, ttl: '2h', max_ttl: '1h' }))).toEqual([400, [E.ERR_CERT_TTL_OVER_MAX]]);
    expect(refused(await write({ certificate: ca.pem, token_type: 'x' }))).toEqual([400, ['invalid \'token_type\' value "x"']]);
    expect(refused(await write({ certificate: ca.pem, ocsp_max_retries: -1 }))).toEqual([500, [`1 error occurred:\n\t* ${E.ERR_CERT_OCSP_MAX_RETRIES}\n\n`]]);
    expect((await vault.request('read', 'auth/cert/certs/bad')).status).toBe(404);
    const w = await write({ certificate: ca.pem, token_ttl: '800h', token_max_ttl: '900h', token_period: '900h' });
    expect([w.status, body(w).warnings]).toEqual([200, [
      E.warnCertTtl(2880000, 2764800), E.warnCertMaxTtl(3240000, 2764800), E.warnCertPeriod(3240000, 2764800),
    ]]);
    const client = await makeCert({ subject: 'CN=leaf' }, ca);
    expect((await vault.request('update', 'auth/cert/certs/leaf', { certificate: client.pem })).status).toBe(204);
  });
});

describe('cert config and CRLs', () => {
  it('reads zeros until written, changes only the fields sent and checks cache sizes', async () => {
    const vault = await vaultWithCert();
    const read = async () => body(await vault.request('read', 'auth/cert/config')).data;
    expect(await read()).toEqual({ disable_binding: false, enable_identity_alias_metadata: false, ocsp_cache_size: 0, role_cache_size: 0 });
    expect((await vault.request('update', 'auth/cert/config', { disable_binding: true })).status).toBe(204);
    expect((await vault.request('update', 'auth/cert/config', { ocsp_cache_size: 50, role_cache_size: -1 })).status).toBe(204);
    expect(await read()).toEqual({ disable_binding: true, enable_identity_alias_metadata: false, ocsp_cache_size: 50, role_cache_size: -1 });
    expect(refused(await vault.request('update', 'auth/cert/config', { ocsp_cache_size: 1 }))).toEqual([400, [E.ERR_CERT_OCSP_CACHE_SIZE]]);
    expect(refused(await vault.request('update', 'auth/cert/config', { role_cache_size: 100001 }))).toEqual([400, [E.ERR_CERT_ROLE_CACHE_SIZE]]);
  });

  it('stores a CRL as its revoked serials and answers Vault errors', async () => {
    const vault = await vaultWithCert();
    const x = await loadX509();
    const ca = await makeCa('CN=CRL CA');
    const crl = await x.X509CrlGenerator.create({
      issuer: ca.name, thisUpdate: new Date(Date.UTC(2025, 5, 1)), signingKey: ca.keys.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, entries: [{ serialNumber: '0d', revocationDate: new Date(Date.UTC(2025, 5, 1)) }],
    });
    expect((await vault.request('update', 'auth/cert/crls/Main', { crl: crl.toString('pem') })).status).toBe(204);
    expect(body(await vault.request('read', 'auth/cert/crls/main')).data).toEqual({ cdp: null, serials: { 13: {} } });
    expect(body(await vault.request('list', 'auth/cert/crls')).data).toEqual({ keys: ['main'] });
    expect(refused(await vault.request('update', 'auth/cert/crls/x', {}))).toEqual([400, [E.ERR_CERT_CRL_OR_URL]]);
    expect(refused(await vault.request('update', 'auth/cert/crls/x', { crl: 'junk' }))).toEqual([400, [E.errCertParseCrl(E.ERR_X509_MALFORMED_CRL)]]);
    expect(refused(await vault.request('update', 'auth/cert/crls/x', { url: '' }))).toEqual([400, [E.ERR_CERT_EMPTY_CRL_URL]]);
    const url = await vault.request('update', 'auth/cert/crls/x', { url: 'http://crl.example/ca.crl' });
    expect([url.status, url.headers?.['x-minivault-unsupported']]).toEqual([400, 'true']);
    expect(refused(await vault.request('read', 'auth/cert/crls/x'))).toEqual([400, [E.errCertNoSuchCrl('x')]]);
    expect(refused(await vault.request('delete', 'auth/cert/crls/x'))).toEqual([400, [E.errCertNoSuchCrl('x')]]);
    expect((await vault.request('delete', 'auth/cert/crls/main')).status).toBe(204);
  });
});
