// revoke, revoke-with-key, CRLs and leases (hashicorp/vault builtin/logical/pki: path_revoke.go, crl_util.go,
// secret_certs.go): the CRL openssl reads, numbering, the raw fetch paths, and a lease whose
// revocation revokes its certificate.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { data, expect400, expect500, openssl, opensslVerify, pkiVault, rawOf, warnings, withRootAndRole } from './helpers.js';

const crlText = (pem: string): string => openssl((dir) => ['crl', '-in', `${dir}/c.pem`, '-noout', '-text'], { 'c.pem': pem });
const hexUpper = (serial: string): string => serial.replace(/:/g, '').toUpperCase();

describe('pki revocation and CRLs', () => {
  it('revokes by serial: the CRL carries it, numbering goes up, openssl refuses the leaf', async () => {
    const { call } = await pkiVault();
    const root = await withRootAndRole(call);
    const first = rawOf(await call('read', 'crl/pem'));
    expect(first.type).toBe('application/x-pem-file');
    expect(first.body.toString()).toMatch(/^-----BEGIN X509 CRL-----\n[\s\S]+\n-----END X509 CRL-----$/);
    expect(crlText(first.body.toString())).toMatch(/X509v3 CRL Number:\s+1\b/);
    expect(crlText(first.body.toString())).toMatch(/No Revoked Certificates/);
    const leaf = data(await call('update', 'issue/web', { common_name: 'a.example.com' }));
    const res = await call('update', 'revoke', { serial_number: leaf.serial_number });
    expect(res.status).toBe(200);
    expect(data(res)).toEqual({ revocation_time: 1767225600, revocation_time_rfc3339: '2026-01-01T00:00:00Z', state: 'revoked' });
    const crl = rawOf(await call('read', 'crl/pem')).body.toString();
    const text = crlText(crl);
    expect(text).toMatch(/X509v3 CRL Number:\s+2\b/);
    expect(text).toContain(`Serial Number: ${hexUpper(leaf.serial_number as string)}`);
    expect(text).toMatch(/X509v3 Authority Key Identifier/);
    expect(text).toMatch(/Next Update: Jan  4 00:00:00 2026 GMT/);
    expect(() => opensslVerify(root.certificate as string, leaf.certificate as string, { crl })).toThrow(/certificate revoked/);
    const other = data(await call('update', 'issue/web', { common_name: 'b.example.com' }));
    expect(opensslVerify(root.certificate as string, other.certificate as string, { crl })).toMatch(/OK/);
    // the raw DER CRL, cert/crl, the stored record, the revoked list
    const der = rawOf(await call('read', 'crl'));
    expect(der.type).toBe('application/pkix-crl');
    expect(der.body.equals(Buffer.from(crl.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64'))).toBe(true);
    expect(data(await call('read', 'cert/crl'))).toEqual({ certificate: crl, revocation_time: 0, revocation_time_rfc3339: '' });
    const stored = data(await call('read', `cert/${leaf.serial_number}`));
    expect(stored).toEqual({ certificate: leaf.certificate, issuer_id: root.issuer_id, revocation_time: 1767225600, revocation_time_rfc3339: '2026-01-01T00:00:00Z' });
    expect(data(await call('list', 'certs/revoked'))).toEqual({ keys: [leaf.serial_number] });
    expect(data(await call('update', 'revoke', { serial_number: leaf.serial_number }))).toMatchObject({ state: 'revoked', revocation_time: 1767225600 });
    expect(data(await call('read', 'crl/rotate'))).toEqual({ success: true });
    expect(crlText(rawOf(await call('read', 'crl/pem')).body.toString())).toMatch(/X509v3 CRL Number:\s+3\b/);
    const issuerCrl = data(await call('read', 'issuer/default/crl')).crl as string;
    expect(issuerCrl.endsWith('-----END X509 CRL-----\n')).toBe(true);
    expect(rawOf(await call('read', 'issuer/default/crl/der')).type).toBe('application/pkix-crl');
  });

  it('refuses bad revocations with Vault\'s messages', async () => {
    const { call } = await pkiVault();
    const root = await withRootAndRole(call);
    expect400(await call('update', 'revoke', {}), 'The serial number or certificate to revoke must be provided.');
    expect400(await call('update', 'revoke', { serial_number: '01', certificate: 'x' }), 'Must provide either the certificate or the serial to revoke; not both.');
    expect400(await call('update', 'revoke', { serial_number: 'AB-CD' }), 'certificate with serial AB-CD not found.');
    expect400(await call('update', 'revoke', { serial_number: root.serial_number }), `adding issuer (id: ${root.issuer_id}) to its own CRL is not allowed`);
    expect500(await call('update', 'revoke', { certificate: 'short' }), 'provided certificate data was too short; perhaps a path was passed to the API rather than the contents of a PEM file');
    expect500(await call('update', 'revoke', { certificate: 'x'.repeat(80) }), 'certificate contains no PEM data');
    const { call: other } = await pkiVault({ seed: 99 });
    await withRootAndRole(other);
    const foreign = data(await other('update', 'issue/web', { common_name: 'f.example.com' }));
    expect500(await call('update', 'revoke', { certificate: foreign.certificate }), 'unable to verify signature on presented cert from any present issuer in this mount; certificates from previous CAs will need to have their issuing CA and key re-imported if revocation is necessary');
    expect400(await call('update', 'revoke-with-key', { serial_number: '01' }), 'Must have private key to revoke via the /revoke-with-key path.');
    expect400(await call('update', 'revoke-with-key', { serial_number: '01', private_key: 'short' }), 'Provided data for private_key was too short; perhaps a path was passed to the API rather than the contents of a PEM file?');
  });

  it('revokes by certificate and with the matching key only', async () => {
    const { call } = await pkiVault();
    await withRootAndRole(call);
    const a = data(await call('update', 'issue/web', { common_name: 'a.example.com' }));
    const b = data(await call('update', 'issue/web', { common_name: 'b.example.com' }));
    expect500(await call('update', 'revoke-with-key', { serial_number: a.serial_number, private_key: b.private_key }), 'provided private key does not match certificate\'s public key');
    expect(data(await call('update', 'revoke-with-key', { certificate: a.certificate, private_key: a.private_key })).state).toBe('revoked');
    expect(data(await call('update', 'revoke', { certificate: b.certificate })).state).toBe('revoked');
    expect((data(await call('list', 'certs/revoked')).keys as string[]).sort()).toEqual([a.serial_number, b.serial_number].sort());
  });

  it('config/crl: defaults, merge, Vault\'s errors; disable gives an empty CRL', async () => {
    const { call } = await pkiVault();
    await withRootAndRole(call);
    const defaults = {
      auto_rebuild: false, auto_rebuild_grace_period: '12h', cross_cluster_revocation: false, delta_rebuild_interval: '15m', disable: false,
      enable_delta: false, expiry: '72h', ocsp_disable: false, ocsp_expiry: '12h', unified_crl: false, unified_crl_on_existing_paths: false,
    };
    expect(data(await call('read', 'config/crl'))).toEqual(defaults);
    expect400(await call('update', 'config/crl', { expiry: 'soon' }), 'given expiry could not be decoded: time: invalid duration "soon"');
    expect400(await call('update', 'config/crl', { auto_rebuild: true, auto_rebuild_grace_period: '96h' }), 'CRL auto-rebuilding grace period (96h) must be strictly shorter than CRL expiry (72h) value when auto-rebuilding of CRLs is enabled');
    expect400(await call('update', 'config/crl', { enable_delta: true }), 'Delta CRLs cannot be enabled when auto rebuilding is disabled as the complete CRL is always regenerated!');
    expect400(await call('update', 'config/crl', { unified_crl: true }), 'unified_crl can only be enabled on Vault Enterprise');
    expect(data(await call('update', 'config/crl', { expiry: '24h' }))).toEqual({ ...defaults, expiry: '24h' });
    const leaf = data(await call('update', 'issue/web', { common_name: 'a.example.com' }));
    await call('update', 'revoke', { serial_number: leaf.serial_number });
    expect(crlText(rawOf(await call('read', 'crl/pem')).body.toString())).toMatch(/Next Update: Jan  2 00:00:00 2026 GMT/);
    expect(data(await call('update', 'config/crl', { disable: true })).disable).toBe(true);
    expect(crlText(rawOf(await call('read', 'crl/pem')).body.toString())).toMatch(/No Revoked Certificates/);
    expect(warnings(await call('read', 'crl/rotate-delta'))).toEqual(['requested rebuild of delta CRL when delta CRL is not enabled; this is a no-op']);
  });

  it('serves the default issuer raw and as JSON; 204 bodies before any CA', async () => {
    const { call } = await pkiVault();
    expect(rawOf(await call('read', 'ca'))).toEqual({ type: 'application/pkix-cert', status: 204, body: Buffer.alloc(0) });
    expect(rawOf(await call('read', 'ca/pem')).status).toBe(204);
    expect400(await call('read', 'cert/ca'), 'no default issuer currently configured');
    const root = await withRootAndRole(call);
    const ca = rawOf(await call('read', 'ca'));
    expect(new X509Certificate(ca.body).subject).toBe('CN=Root CA');
    expect(rawOf(await call('read', 'ca/pem'))).toEqual({ type: 'application/pem-certificate-chain', status: 200, body: Buffer.from(root.certificate as string) });
    expect(rawOf(await call('read', 'ca_chain')).body.toString()).toBe(root.certificate);
    expect(data(await call('read', 'cert/ca'))).toEqual({ certificate: root.certificate, revocation_time: 0, revocation_time_rfc3339: '' });
    const chain = data(await call('read', 'cert/ca_chain'));
    expect(chain).toEqual({ ca_chain: root.certificate, certificate: root.certificate, revocation_time: 0, revocation_time_rfc3339: '' });
    expect(Object.keys(chain)).toEqual(['ca_chain', 'certificate', 'revocation_time', 'revocation_time_rfc3339']);
    expect((await call('read', 'cert/00-11')).status).toBe(404);
    expect(rawOf(await call('read', 'cert/00-11/raw')).status).toBe(204);
    expect(rawOf(await call('read', `cert/${root.serial_number}/raw/pem`)).body.toString()).toBe(root.certificate);
  });
});

describe('pki CRL auto-rebuild', () => {
  it('with auto_rebuild a revocation waits for the rebuild inside the grace period, which the periodic rebuild performs', async () => {
    const { vault, call } = await pkiVault();
    await withRootAndRole(call);
    expect(data(await call('update', 'config/crl', { auto_rebuild: true, expiry: '48h', auto_rebuild_grace_period: '12h' })).auto_rebuild).toBe(true);
    const leaf = data(await call('update', 'issue/web', { common_name: 'a.example.com' }));
    expect(data(await call('update', 'revoke', { serial_number: leaf.serial_number })).state).toBe('revoked');
    const before = crlText(rawOf(await call('read', 'crl/pem')).body.toString());
    expect(before).not.toContain(hexUpper(leaf.serial_number as string));
    const number = Number(/X509v3 CRL Number:\s+(\d+)/.exec(before)![1]);
    vault.clock.advance('35h'); // the CRL built at t0 (on the root) expires at t0+72h: not yet in the 12h window
    expect(crlText(rawOf(await call('read', 'crl/pem')).body.toString())).not.toContain(hexUpper(leaf.serial_number as string));
    vault.clock.advance('26h'); // t0+61h: inside the grace period
    const renewed = crlText(rawOf(await call('read', 'crl/pem')).body.toString());
    expect(renewed).toContain(hexUpper(leaf.serial_number as string));
    expect(Number(/X509v3 CRL Number:\s+(\d+)/.exec(renewed)![1])).toBe(number + 1);
    expect(renewed).toMatch(/Next Update: Jan  5 12:01:00 2026 GMT/); // rebuilt at the first periodic tick after t0+60h
  });
});

describe('pki CRLs of re-issued roots', () => {
  it('issuers with the same key and subject share one CRL: a leaf of the old root shows on the new one\'s', async () => {
    const { call } = await pkiVault();
    await call('update', 'root/generate/internal', { common_name: 'Root', key_type: 'ec', issuer_name: 'old', key_name: 'k' });
    await call('update', 'roles/web', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec' });
    const leaf = data(await call('update', 'issue/web', { common_name: 'a.example.com' }));
    const reissued = data(await call('update', 'root/generate/existing', { common_name: 'Root', key_ref: 'k', issuer_name: 'new' }));
    await call('update', 'config/issuers', { default: 'new' });
    await call('update', 'root/generate/internal', { common_name: 'Other', key_type: 'ec', issuer_name: 'other' });
    await call('update', 'revoke', { serial_number: leaf.serial_number });
    const fromNew = data(await call('read', 'issuer/new/crl')).crl as string;
    expect(data(await call('read', 'issuer/old/crl')).crl).toBe(fromNew);
    expect(crlText(fromNew)).toContain(hexUpper(leaf.serial_number as string));
    expect(crlText(data(await call('read', 'issuer/other/crl')).crl as string)).not.toContain(hexUpper(leaf.serial_number as string));
    expect(() => opensslVerify(reissued.certificate as string, leaf.certificate as string, { crl: fromNew })).toThrow(/certificate revoked/);
  });
});

describe('pki delta CRLs', () => {
  it('with enable_delta, revocations since the complete CRL go on a delta CRL with the shared numbering', async () => {
    const { vault, call } = await pkiVault();
    await withRootAndRole(call);
    expect(rawOf(await call('read', 'crl/delta')).status).toBe(204);
    expect(data(await call('update', 'config/crl', { auto_rebuild: true, enable_delta: true }))).toMatchObject({ auto_rebuild: true, enable_delta: true });
    const a = data(await call('update', 'issue/web', { common_name: 'a.example.com' }));
    const b = data(await call('update', 'issue/web', { common_name: 'b.example.com' }));
    await call('update', 'revoke', { serial_number: a.serial_number });
    const full = crlText(rawOf(await call('read', 'crl/pem')).body.toString());
    expect(full).not.toContain(hexUpper(a.serial_number as string));
    const fullNumber = Number(/X509v3 CRL Number:\s+(\d+)/.exec(full)![1]);
    const deltaPem = rawOf(await call('read', 'crl/delta/pem')).body.toString();
    const delta = crlText(deltaPem);
    expect(delta).toContain(hexUpper(a.serial_number as string));
    expect(delta).toMatch(new RegExp(`X509v3 Delta CRL Indicator: critical\\s+${fullNumber}\\b`));
    expect(Number(/X509v3 CRL Number:\s+(\d+)/.exec(delta)![1])).toBe(fullNumber + 1);
    expect(data(await call('read', 'cert/delta-crl')).certificate).toBe(deltaPem);
    await call('update', 'revoke', { serial_number: b.serial_number });
    expect(crlText(rawOf(await call('read', 'crl/delta/pem')).body.toString())).not.toContain(hexUpper(b.serial_number as string));
    vault.clock.advance('16m');
    const later = crlText(rawOf(await call('read', 'crl/delta/pem')).body.toString());
    expect(later).toContain(hexUpper(b.serial_number as string));
    expect(Number(/X509v3 CRL Number:\s+(\d+)/.exec(later)![1])).toBe(fullNumber + 2);
    expect(await call('read', 'crl/rotate-delta')).toMatchObject({ status: 200, body: { data: { success: true }, warnings: null } });
    expect(crlText(data(await call('read', 'issuer/default/crl/delta')).crl as string)).toMatch(/X509v3 CRL Number:\s+\d+/);
  });
});

describe('pki leases', () => {
  it('a generate_lease certificate carries a lease; revoking the lease revokes the certificate', async () => {
    const { vault, call } = await pkiVault();
    await withRootAndRole(call, {}, { generate_lease: true, ttl: '1h' });
    const res = await call('update', 'issue/web', { common_name: 'a.example.com' });
    const body = res.body as { lease_id: string; lease_duration: number; renewable: boolean; data: Record<string, unknown> };
    expect(body.lease_id).toMatch(/^pki\/issue\/web\/.+/);
    expect(body.lease_duration).toBe(3600);
    expect(body.renewable).toBe(false);
    const plain = await call('update', 'roles/plain', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec' });
    expect(plain.status).toBe(200);
    expect((await call('update', 'issue/plain', { common_name: 'p.example.com' })).body).toMatchObject({ lease_id: '', lease_duration: 0 });
    expect((await vault.request('update', 'sys/leases/revoke', { lease_id: body.lease_id })).status).toBe(204);
    expect(data(await call('list', 'certs/revoked'))).toEqual({ keys: [body.data.serial_number] });
    expect(crlText(rawOf(await call('read', 'crl/pem')).body.toString())).toContain(hexUpper(body.data.serial_number as string));
  });
});
