// Intermediates and imports (hashicorp/vault builtin/logical/pki: path_intermediate.go, path_root.go,
// path_manage_issuers.go, path_tidy.go): root → intermediate → leaf across two mounts, checked by
// node and openssl; import errors; DELETE root; sign-self-issued; issuer revocation; tidy.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { data, errors, expect400, expect500, openssl, opensslVerify, pkiVault, rawOf, settledTidy, warnings, type Body, type Op, type Res } from './helpers.js';

async function twoMounts() {
  const { vault, call } = await pkiVault();
  expect((await vault.request('update', 'sys/mounts/int', { type: 'pki' })).status).toBe(204);
  const int = (op: Op, path: string, body?: Body): Promise<Res> => vault.request(op as never, `int/${path}`, body);
  return { vault, root: call, int };
}

describe('pki intermediates', () => {
  it('root → intermediate → leaf: set-signed, chains, node and openssl verify', async () => {
    const { root, int } = await twoMounts();
    const rootCa = data(await root('update', 'root/generate/internal', { common_name: 'Root CA', key_type: 'ec', ttl: '700h' }));
    const gen = await int('update', 'intermediate/generate/internal', { common_name: 'Intermediate CA', key_type: 'ec', key_bits: 384 });
    expect(Object.keys(data(gen))).toEqual(['csr', 'key_id']);
    expect(warnings(gen)![0]).toMatch(/Since this certificate is an intermediate/);
    const csr = data(gen).csr as string;
    expect(csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----[\s\S]+-----END CERTIFICATE REQUEST-----$/);
    expect(openssl((dir) => ['req', '-in', `${dir}/r.pem`, '-noout', '-verify', '-subject'], { 'r.pem': csr })).toMatch(/subject=CN = Intermediate CA/);
    const signed = await root('update', 'root/sign-intermediate', { csr, common_name: 'Intermediate CA', ttl: '8000h' });
    expect(signed.status).toBe(200);
    const s = data(signed);
    expect(Object.keys(s)).toEqual(['ca_chain', 'certificate', 'expiration', 'issuing_ca', 'serial_number']);
    expect(s.ca_chain).toEqual([s.certificate, rootCa.certificate]);
    expect(warnings(signed)).toContain('the signed intermediary CA certificate\'s notAfter was truncated to the issuer\'s notAfter');
    expect(data(await root('list', 'certs')).keys).toContain(s.serial_number);
    const imp = await int('update', 'intermediate/set-signed', { certificate: `${s.certificate}\n${rootCa.certificate}` });
    expect(imp.status).toBe(200);
    const m = data(imp);
    expect((m.imported_issuers as string[]).length).toBe(2);
    expect(m.imported_keys).toBeNull();
    expect(m.existing_keys).toBeNull();
    const intId = Object.entries(m.mapping as Record<string, string>).find(([, k]) => k !== '')![0];
    expect(data(await int('read', 'config/issuers')).default).toBe(intId);
    // a leaf from the intermediate carries the full chain
    await int('update', 'roles/web', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec' });
    const leaf = data(await int('update', 'issue/web', { common_name: 'www.example.com', ttl: '24h' }));
    expect(leaf.ca_chain).toEqual([s.certificate, rootCa.certificate]);
    expect(data(await int('update', 'issue/web', { common_name: 'www.example.com', ttl: '24h', remove_roots_from_chain: true })).ca_chain).toEqual([s.certificate]);
    const l = new X509Certificate(leaf.certificate as string);
    const i = new X509Certificate(s.certificate as string);
    const r = new X509Certificate(rootCa.certificate as string);
    expect(l.checkIssued(i) && l.verify(i.publicKey)).toBe(true);
    expect(i.checkIssued(r) && i.verify(r.publicKey)).toBe(true);
    expect(i.ca).toBe(true);
    expect(opensslVerify(rootCa.certificate as string, leaf.certificate as string, { untrusted: s.certificate as string })).toMatch(/leaf\.pem: OK/);
    expect(data(await int('read', `issuer/${intId}`)).ca_chain).toEqual([`${s.certificate}\n`, `${rootCa.certificate}\n`]);
    expect(rawOf(await int('read', 'ca_chain')).body.toString()).toBe(`${s.certificate}\n${rootCa.certificate}`);
    // re-importing is not an error; the issuers are reported as existing
    expect(data(await int('update', 'issuers/import/cert', { pem_bundle: s.certificate }))).toMatchObject({ imported_issuers: null, existing_issuers: [intId] });
  });

  it('derives path length from the signer, refuses to sign below zero, honours use_csr_values', async () => {
    const { root, int } = await twoMounts();
    await root('update', 'root/generate/internal', { common_name: 'Root', key_type: 'ec', max_path_length: 1 });
    const csr = data(await int('update', 'intermediate/generate/internal', { common_name: 'Mid', key_type: 'ec', organization: 'Org' })).csr as string;
    const mid = data(await root('update', 'root/sign-intermediate', { csr, use_csr_values: true }));
    const text = openssl((dir) => ['x509', '-in', `${dir}/m.pem`, '-noout', '-text'], { 'm.pem': mid.certificate as string });
    expect(text).toMatch(/CA:TRUE, pathlen:0/);
    expect(text).toMatch(/Subject: O = Org, CN = Mid/);
    await int('update', 'intermediate/set-signed', { certificate: mid.certificate });
    const csr2 = data(await int('update', 'intermediate/generate/internal', { common_name: 'Deeper', key_type: 'ec' })).csr as string;
    expect400(await int('update', 'root/sign-intermediate', { csr: csr2 }), 'signing certificate has a max path length of zero, and cannot issue further CA certificates');
    expect400(await root('update', 'root/sign-intermediate', { csr: csr2, format: 'x' }), 'The "format" path parameter must be "pem", "der" or "pem_bundle"');
    expect400(await root('update', 'root/sign-intermediate', { csr: 'nope' }), 'csr contains no data');
    // a request whose signature does not match its content is refused, after the other checks
    const der = Buffer.from(csr2.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 3]! ^= 0x01;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    const before = (data(await root('list', 'certs')).keys as string[]).length;
    expect400(await root('update', 'root/sign-intermediate', { csr: tampered }), 'request signature invalid');
    expect((data(await root('list', 'certs')).keys as string[]).length).toBe(before);
  });

  it('imports bundles with keys, refuses bad input and writes nothing then', async () => {
    const { root, int } = await twoMounts();
    const ca = data(await root('update', 'root/generate/exported', { common_name: 'Portable', key_type: 'ec' }));
    expect400(await int('update', 'config/ca', {}), '\'pem_bundle\' and \'certificate\' parameters were empty');
    expect400(await int('update', 'config/ca', { pem_bundle: 'short' }), 'provided data for import was too short; perhaps a path was passed to the API rather than the contents of a PEM file');
    expect400(await int('update', 'config/ca', { pem_bundle: 'x'.repeat(80) }), 'provided PEM block contained no data');
    expect400(await int('update', 'issuers/import/cert', { pem_bundle: `${ca.private_key}\n${ca.certificate}` }), 'private keys found in the PEM bundle but not allowed by the path; use /issuers/import/bundle');
    await root('update', 'roles/any', { allow_any_name: true, key_type: 'ec' });
    const leafPem = data(await root('update', 'issue/any', { common_name: 'leaf' })).certificate as string;
    const bad = await int('update', 'issuers/import/bundle', { pem_bundle: `${ca.private_key}\n${leafPem}` });
    expect(bad.status).toBe(400);
    expect(errors(bad)[0]).toMatch(/^Error parsing issuer 0: Refusing to import non-CA certificate\n-----BEGIN CERTIFICATE-----/);
    const junk = (label: string) => `-----BEGIN ${label}-----\n${'A'.repeat(64)}\n-----END ${label}-----`;
    expect400(await int('update', 'issuers/import/bundle', { pem_bundle: `${junk('EC PRIVATE KEY')}\n${ca.certificate}` }), 'Error parsing key 0: unable to parse key: x509: failed to parse private key');
    expect400(await int('update', 'keys/import', { pem_bundle: junk('PRIVATE KEY') }), 'unable to parse key: x509: failed to parse private key');
    expect(errors(await int('update', 'config/ca', { pem_bundle: junk('CERTIFICATE') }))[0]).toMatch(/^Error parsing issuer 0: x509: malformed certificate\n-----BEGIN CERTIFICATE-----/);
    expect400(await root('update', 'root/sign-self-issued', { certificate: junk('CERTIFICATE') }), 'error parsing certificate: x509: malformed certificate');
    expect400(await root('update', 'sign-verbatim', { csr: junk('CERTIFICATE REQUEST') }), 'certificate request could not be parsed: x509: malformed certificate request');
    expect(await int('list', 'keys')).toEqual({ status: 404, body: { errors: [] } });
    expect(await int('list', 'issuers')).toEqual({ status: 404, body: { errors: [] } });
    const ok = data(await int('update', 'config/ca', { pem_bundle: `${ca.private_key}\n${ca.certificate}` }));
    expect((ok.imported_keys as string[]).length).toBe(1);
    expect(Object.values(ok.mapping as Record<string, string>)).toEqual(ok.imported_keys);
    await int('update', 'roles/any', { allow_any_name: true, key_type: 'ec' });
    const leaf = data(await int('update', 'issue/any', { common_name: 'imported' }));
    expect(new X509Certificate(leaf.certificate as string).verify(new X509Certificate(ca.certificate as string).publicKey)).toBe(true);
  });

  it('DELETE root removes every issuer and key; roles and certificates stay', async () => {
    const { root } = await twoMounts();
    await root('update', 'root/generate/internal', { common_name: 'A', key_type: 'ec' });
    await root('update', 'roles/web', { allow_any_name: true, key_type: 'ec' });
    const res = await root('delete', 'root');
    expect(res.status).toBe(200);
    expect(warnings(res)).toEqual(['DELETE /root deletes all keys and issuers; prefer the new DELETE /key/:key_ref and DELETE /issuer/:issuer_ref for finer granularity, unless removal of all keys and issuers is desired.']);
    expect(await root('list', 'issuers')).toEqual({ status: 404, body: { errors: [] } });
    expect(await root('list', 'keys')).toEqual({ status: 404, body: { errors: [] } });
    expect((await root('read', 'roles/web')).status).toBe(200);
    expect((data(await root('list', 'certs')).keys as string[]).length).toBe(1);
  });

  it('sign-self-issued cross-signs another root; revoking an issuer puts it on its parent\'s CRL', async () => {
    const { root, int } = await twoMounts();
    const a = data(await root('update', 'root/generate/internal', { common_name: 'Old Root', key_type: 'ec' }));
    const b = data(await int('update', 'root/generate/internal', { common_name: 'New Root', key_type: 'ec' }));
    expect400(await root('update', 'root/sign-self-issued', { certificate: 'nothing' }), 'error parsing certificate: no PEM blocks found');
    expect400(await root('update', 'root/sign-self-issued', { certificate: `${b.certificate}\n${a.certificate}` }), '2 certificates found in PEM file, expected 1');
    const cross = data(await root('update', 'root/sign-self-issued', { certificate: b.certificate }));
    const x = new X509Certificate(cross.certificate as string);
    expect(x.subject).toBe('CN=New Root');
    expect(x.issuer).toBe('CN=Old Root');
    expect(x.verify(new X509Certificate(a.certificate as string).publicKey)).toBe(true);
    expect(x.publicKey.export({ format: 'der', type: 'spki' }).equals(new X509Certificate(b.certificate as string).publicKey.export({ format: 'der', type: 'spki' }))).toBe(true);
    // an intermediate signed by the root, imported into the root mount, then revoked there
    const csr = data(await int('update', 'intermediate/generate/internal', { common_name: 'Mid', key_type: 'ec' })).csr as string;
    const mid = data(await root('update', 'root/sign-intermediate', { csr }));
    const imported = data(await root('update', 'issuers/import/cert', { pem_bundle: mid.certificate }));
    const midId = (imported.imported_issuers as string[])[0]!;
    const rev = data(await root('update', `issuer/${midId}/revoke`, {}));
    expect(rev).toMatchObject({ revoked: true, revocation_time: 1767225600, revocation_time_rfc3339: '2026-01-01T00:00:00Z', usage: 'crl-signing,ocsp-signing,read-only' });
    const crl = rawOf(await root('read', 'crl/pem')).body.toString();
    expect(openssl((dir) => ['crl', '-in', `${dir}/c.pem`, '-noout', '-text'], { 'c.pem': crl })).toContain((mid.serial_number as string).replace(/:/g, '').toUpperCase());
    expect400(await root('update', `issuer/${midId}`, { usage: 'issuing-certificates' }), 'This issuer was revoked; unable to modify its usage to include certificate signing again. Reissue this certificate (preferably with a new key) and modify that entry instead.');
  });
});

describe('pki access rules', () => {
  it('serves CA, certificates, CRLs and the issuer list without a token; DELETE root and sign-self-issued need sudo', async () => {
    const { vault, root } = await twoMounts();
    const ca = data(await root('update', 'root/generate/internal', { common_name: 'R', key_type: 'ec', issuer_name: 'r' }));
    const none = 'not-a-token';
    expect((await vault.request('read', 'pki/cert/ca', undefined, none)).status).toBe(200);
    expect((await vault.request('read', 'pki/ca/pem', undefined, none)).status).toBe(200);
    expect((await vault.request('read', `pki/cert/${ca.serial_number}`, undefined, none)).status).toBe(200);
    expect((await vault.request('read', 'pki/crl', undefined, none)).status).toBe(200);
    expect((await vault.request('read', 'pki/issuer/r/json', undefined, none)).status).toBe(200);
    expect((await vault.request('list', 'pki/issuers', undefined, none)).status).toBe(200);
    expect((await vault.request('list', 'pki/certs', undefined, none)).status).toBe(403);
    expect((await vault.request('read', 'pki/issuer/r', undefined, none)).status).toBe(403);
    expect((await vault.request('update', 'sys/policies/acl/pki-all', { policy: 'path "pki/*" { capabilities = ["create", "read", "update", "delete", "list"] }' })).status).toBe(204);
    const token = await vault.createToken({ policies: ['pki-all'] });
    expect((await vault.request('update', 'pki/root/generate/internal', { common_name: 'R2', key_type: 'ec' }, token)).status).toBe(200);
    expect((await vault.request('delete', 'pki/root', undefined, token)).status).toBe(403);
    expect((await vault.request('update', 'pki/root/sign-self-issued', { certificate: ca.certificate }, token)).status).toBe(403);
    expect((await vault.request('update', 'pki/issuer/r/sign-self-issued', { certificate: ca.certificate }, token)).status).toBe(200);
  });
});

describe('pki tidy and cluster config', () => {
  it('tidy removes expired certificates past the safety buffer and reports it', async () => {
    const { vault, root } = await twoMounts();
    await root('update', 'root/generate/internal', { common_name: 'R', key_type: 'ec' });
    await root('update', 'roles/web', { allow_any_name: true, key_type: 'ec' });
    const short = data(await root('update', 'issue/web', { common_name: 'short', ttl: '1h' }));
    const long = data(await root('update', 'issue/web', { common_name: 'long', ttl: '600h' }));
    await root('update', 'revoke', { serial_number: short.serial_number });
    const idle = data(await root('read', 'tidy-status'));
    expect(idle).toMatchObject({ state: 'Inactive', tidy_cert_store: null, cert_store_deleted_count: null });
    expect(typeof idle.internal_backend_uuid).toBe('string');
    expect400(await root('update', 'tidy', { tidy_cert_store: true, safety_buffer: 0 }), 'safety_buffer must be greater than zero');
    expect(await root('update', 'tidy', {})).toMatchObject({ status: 202, body: { data: null, warnings: [expect.stringMatching(/^Manual tidy requested but no tidy operations were set/)] } });
    expect(await settledTidy(root)).toMatchObject({ state: 'Finished', tidy_cert_store: false, cert_store_deleted_count: 0 });
    vault.clock.advance('100h');
    const started = await root('update', 'tidy', { tidy_cert_store: true, tidy_revoked_certs: true, safety_buffer: '1h' });
    expect(started).toMatchObject({ status: 202, body: { warnings: ['Tidy operation successfully started. Any information from the operation will be printed to Vault\'s server logs.'] } });
    const status = await settledTidy(root);
    expect(status).toMatchObject({ state: 'Finished', tidy_cert_store: true, cert_store_deleted_count: 1, revoked_cert_deleted_count: 1, safety_buffer: 3600 });
    const keys = data(await root('list', 'certs')).keys as string[];
    expect(keys).toContain(long.serial_number);
    expect(keys).not.toContain(short.serial_number);
    expect(await root('list', 'certs/revoked')).toEqual({ status: 404, body: { errors: [] } });
    expect(warnings(await root('update', 'tidy-cancel', {}))).toEqual(['Tidy operation cannot be cancelled as none is currently running.']);
  });

  it('config/auto-tidy and config/cluster keep and validate their settings', async () => {
    const { root } = await twoMounts();
    const d = data(await root('read', 'config/auto-tidy'));
    expect(d).toMatchObject({ enabled: false, interval_duration: 43200, min_startup_backoff_duration: 300, max_startup_backoff_duration: 900, safety_buffer: 259200, issuer_safety_buffer: 31536000, pause_duration: '0s' });
    expect400(await root('update', 'config/auto-tidy', { enabled: true }), expect.stringMatching(/^Auto-tidy enabled but no tidy operations were requested/) as unknown as string);
    expect(data(await root('update', 'config/auto-tidy', { enabled: true, tidy_cert_store: true, interval_duration: '1h' }))).toMatchObject({ enabled: true, tidy_cert_store: true, interval_duration: 3600 });
    expect(data(await root('read', 'config/cluster'))).toEqual({ aia_path: '', path: '' });
    expect(data(await root('update', 'config/cluster', { path: 'https://vault.example/v1/pki' }))).toEqual({ aia_path: '', path: 'https://vault.example/v1/pki' });
    expect500(await root('update', 'config/cluster', { aia_path: 'no' }), 'invalid, non-URL path given to cluster: no');
  });
});
