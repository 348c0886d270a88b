// issue/:role, sign/:role, sign-verbatim (hashicorp/vault builtin/logical/pki: path_issue_sign.go,
// issuing/issue_common.go): what the certificates contain, what the role refuses and how, the
// TTL rules, the response formats, and the certificate store.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { data, expect400, expect500, openssl, opensslVerify, pkiVault, warnings, withRootAndRole } from './helpers.js';

function csr(subj: string, extra: string[] = [], keyAlg = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']): { csr: string; key: string } {
  let dir = '';
  const out = openssl((d) => { dir = d; return ['req', '-new', ...keyAlg, '-nodes', '-keyout', `${d}/k.pem`, '-subj', subj, ...extra]; }, {});
  return { csr: out, key: readFileSync(`${dir}/k.pem`, 'utf8') };
}

describe('pki issue', () => {
  it('issues a leaf with Vault\'s profile: SANs sorted, KU/EKU per role, AKI = CA SKI, stored under certs/', async () => {
    const { call } = await pkiVault();
    const root = await withRootAndRole(call, {}, { organization: 'Acme,Acme', ou: 'b,a' });
    const res = await call('update', 'issue/web', { common_name: 'www.example.com', alt_names: 'b.example.com,a.example.com,me@mail.example.com', ip_sans: '10.0.0.1,::1' });
    expect(res.status).toBe(200);
    const d = data(res);
    expect(Object.keys(d)).toEqual(['ca_chain', 'certificate', 'expiration', 'issuing_ca', 'private_key', 'private_key_type', 'serial_number']);
    expect(d.ca_chain).toEqual([root.certificate]);
    const leaf = new X509Certificate(d.certificate as string);
    expect(leaf.subject).toBe('O=Acme\nOU=a+OU=b\nCN=www.example.com'.replace('OU=a+OU=b', 'OU=a + OU=b').split('\n').join('\n'));
    expect(leaf.subjectAltName).toBe('DNS:a.example.com, DNS:b.example.com, DNS:www.example.com, email:me@mail.example.com, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(leaf.checkPrivateKey(createPrivateKey(d.private_key as string))).toBe(true);
    expect(leaf.verify(new X509Certificate(root.certificate as string).publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    const text = openssl((dir) => ['x509', '-in', `${dir}/l.pem`, '-noout', '-text'], { 'l.pem': d.certificate as string });
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Key Encipherment, Key Agreement/);
    expect(text).toMatch(/X509v3 Extended Key Usage:\s+TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(text).not.toMatch(/Basic Constraints/);
    const caText = openssl((dir) => ['x509', '-in', `${dir}/c.pem`, '-noout', '-text'], { 'c.pem': root.certificate as string });
    const caSki = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(caText)![1];
    expect(/Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(text)![1]).toBe(caSki);
    expect(Date.parse(leaf.validFrom)).toBe(Date.UTC(2026, 0, 1) - 30_000);
    expect(data(await call('list', 'certs')).keys).toContain(d.serial_number);
    const stored = data(await call('read', `cert/${(d.serial_number as string).replace(/:/g, '-').toUpperCase()}`));
    expect(stored).toEqual({ certificate: d.certificate, revocation_time: 0, revocation_time_rfc3339: '' });
    expect(opensslVerify(root.certificate as string, d.certificate as string)).toMatch(/leaf\.pem: OK/);
  });

  it('issues RSA and Ed25519 leaves; der and pem_bundle formats; pkcs8 keys', async () => {
    const { call } = await pkiVault();
    const root = await withRootAndRole(call);
    await call('update', 'roles/rsa', { allow_any_name: true, key_type: 'rsa', no_store: true });
    await call('update', 'roles/ed', { allow_any_name: true, key_type: 'ed25519' });
    const rsa = data(await call('update', 'issue/rsa', { common_name: 'rsa.test', format: 'der', private_key_format: 'pkcs8' }));
    expect(new X509Certificate(Buffer.from(rsa.certificate as string, 'base64')).publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(createPrivateKey({ key: Buffer.from(rsa.private_key as string, 'base64'), format: 'der', type: 'pkcs8' }).asymmetricKeyType).toBe('rsa');
    expect(rsa.issuing_ca).toBe(Buffer.from(new X509Certificate(root.certificate as string).raw).toString('base64'));
    expect((await call('read', `cert/${rsa.serial_number}`)).status).toBe(404);
    const ed = data(await call('update', 'issue/ed', { common_name: 'ed.test', format: 'pem_bundle' }));
    expect(ed.private_key_type).toBe('ed25519');
    const parts = (ed.certificate as string).split('\n-----BEGIN');
    expect(parts).toHaveLength(3);
    expect(ed.certificate).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(new X509Certificate(`-----BEGIN${parts[1]}`).publicKey.asymmetricKeyType).toBe('ed25519');
  });

  it('enforces the role\'s names with Vault\'s messages', async () => {
    const { call } = await pkiVault();
    await withRootAndRole(call, {}, { allowed_uri_sans: 'spiffe://example.com/*', allowed_other_sans: '1.3.6.1.4.1.311.20.2.3;UTF8:*@example.com', allowed_user_ids: 'u*' });
    const issue = (body: Record<string, unknown>) => call('update', 'issue/web', body);
    expect400(await issue({}), 'the common_name field is required, or must be provided in a CSR with "use_csr_common_name" set to true, unless "require_cn" is set to false');
    expect400(await issue({ common_name: 'www.other.com' }), 'common name www.other.com not allowed by this role');
    expect400(await issue({ common_name: 'example.com' }), 'common name example.com not allowed by this role');
    expect400(await issue({ common_name: 'a.example.com', alt_names: 'x.evil.com' }), 'subject alternate name x.evil.com not allowed by this role');
    expect400(await issue({ common_name: 'a.example.com', alt_names: 'me@evil.com' }), 'email address me@evil.com not allowed by this role');
    expect400(await issue({ common_name: 'a.example.com', serial_number: '42' }), 'serial_number 42 not allowed by this role');
    expect400(await issue({ common_name: 'a.example.com', ip_sans: 'nope' }), 'the value "nope" is not a valid IP address');
    expect400(await issue({ common_name: 'a.example.com', uri_sans: 'spiffe://other/x' }), 'URI Subject Alternative Names were provided via the API which are not valid for this role');
    expect400(await issue({ common_name: 'a.example.com', other_sans: '1.2.3;UTF8:x' }), 'other SAN OID 1.2.3 not allowed by this role');
    expect400(await issue({ common_name: 'a.example.com', other_sans: '1.3.6.1.4.1.311.20.2.3;UTF8:x@evil.com' }), 'other SAN x@evil.com not allowed for OID 1.3.6.1.4.1.311.20.2.3 by this role');
    expect400(await issue({ common_name: 'a.example.com', other_sans: 'bad' }), 'could not parse requested other SAN: expected a semicolon in other SAN "bad"');
    expect400(await issue({ common_name: 'a.example.com', user_ids: 'admin' }), 'user_id admin is not allowed by this role');
    expect400(await issue({ common_name: 'a.example.com', format: 'jks' }), 'the "format" path parameter must be "pem", "der", or "pem_bundle"');
    expect400(await call('update', 'issue/none', { common_name: 'a' }), 'unknown role: none');
    // glob domains match whatever the case (Vault 1.15+)
    await call('update', 'roles/glob', { allowed_domains: '*.Example.com', allow_glob_domains: true, key_type: 'ec' });
    expect((await call('update', 'issue/glob', { common_name: 'SUB.example.COM', ttl: '1h' })).status).toBe(200);
    expect400(await call('update', 'issue/glob', { common_name: 'SUB.other.COM', ttl: '1h' }), 'common name SUB.other.COM not allowed by this role');
    const ok = await issue({
      common_name: '*.example.com', uri_sans: 'spiffe://example.com/svc', other_sans: '1.3.6.1.4.1.311.20.2.3;UTF8:me@example.com', user_ids: 'u1',
      exclude_cn_from_sans: true, alt_names: 'localhost',
    });
    expect(ok.status).toBe(200);
    const leaf = new X509Certificate(data(ok).certificate as string);
    expect(leaf.subject).toBe('CN=*.example.com\nUID=u1');
    const text = openssl((dir) => ['x509', '-in', `${dir}/l.pem`, '-noout', '-text'], { 'l.pem': data(ok).certificate as string });
    expect(text).toMatch(/othername: (UPN|1\.3\.6\.1\.4\.1\.311\.20\.2\.3)[:;]+\s*me@example\.com, DNS:localhost, URI:spiffe:\/\/example\.com\/svc/);
    await call('update', 'roles/nowild', { allowed_domains: 'example.com', allow_subdomains: true, allow_wildcard_certificates: false, allow_ip_sans: false, key_type: 'ec' });
    expect400(await call('update', 'issue/nowild', { common_name: '*.example.com' }), 'common name *.example.com not allowed by this role');
    expect400(await call('update', 'issue/nowild', { common_name: 'a.example.com', ip_sans: '1.2.3.4' }), 'IP Subject Alternative Names are not allowed in this role, but was provided [1.2.3.4]');
    expect400(await call('update', 'issue/nowild', { common_name: 'a.example.com', uri_sans: 'http://x' }), 'URI Subject Alternative Names are not allowed in this role, but were provided via the API');
    await call('update', 'roles/any', { key_type: 'any' });
    expect400(await call('update', 'issue/any', { common_name: 'a' }), 'role key type "any" not allowed for issuing certificates, only signing');
    await call('update', 'roles/glob', { allowed_domains: 'svc-*.example.org', allow_glob_domains: true, key_type: 'ec', allow_localhost: false });
    expect((await call('update', 'issue/glob', { common_name: 'svc-a.example.org' })).status).toBe(200);
    expect400(await call('update', 'issue/glob', { common_name: 'localhost' }), 'common name localhost not allowed by this role');
    await call('update', 'roles/bare', { allowed_domains: 'example.net', allow_bare_domains: true, key_type: 'ec' });
    expect((await call('update', 'issue/bare', { common_name: 'example.net' })).status).toBe(200);
    expect400(await call('update', 'issue/bare', { common_name: 'www.example.net' }), 'common name www.example.net not allowed by this role');
    await call('update', 'roles/free', { allow_any_name: true, key_type: 'ec' });
    expect400(await call('update', 'issue/free', { common_name: 'My Service' }), 'common name My Service not allowed by this role');
  });

  it('applies the TTL rules: clamp with a doubled warning, not_after, beyond the CA', async () => {
    const { call } = await pkiVault();
    await withRootAndRole(call, { ttl: '720h' }, { max_ttl: '72h' });
    const clamped = await call('update', 'issue/web', { common_name: 'a.example.com' });
    const warn = 'TTL "768h0m0s" is longer than permitted maxTTL "72h0m0s", so maxTTL is being used';
    expect(warnings(clamped)).toEqual([warn, warn]);
    expect(data(clamped).expiration).toBe(Date.UTC(2026, 0, 4) / 1000);
    const short = data(await call('update', 'issue/web', { common_name: 'a.example.com', ttl: '1h' }));
    expect(short.expiration).toBe(Date.UTC(2026, 0, 1, 1) / 1000);
    expect400(await call('update', 'issue/web', { common_name: 'a.example.com', ttl: '1h', not_after: '2026-01-02T00:00:00Z' }), 'Either ttl or not_after should be provided. Both should not be provided in the same request.');
    const fixed = data(await call('update', 'issue/web', { common_name: 'a.example.com', not_after: '2026-01-02T03:04:05Z' }));
    expect(fixed.expiration).toBe(Date.UTC(2026, 0, 2, 3, 4, 5) / 1000);
    expect400(await call('update', 'issue/web', { common_name: 'a.example.com', not_after: '2027-01-01T00:00:00Z' }),
      'cannot satisfy request, as TTL would result in notAfter of 2027-01-01T00:00:00Z that is beyond the expiration of the CA certificate at 2026-01-31T00:00:00Z');
    await call('patch', 'issuer/default', { leaf_not_after_behavior: 'truncate' });
    expect(data(await call('update', 'issue/web', { common_name: 'a.example.com', not_after: '2027-01-01T00:00:00Z' })).expiration).toBe(Date.UTC(2026, 0, 31) / 1000);
  });

  it('answers 500 when no issuer can sign', async () => {
    const { call } = await pkiVault();
    await call('update', 'roles/web', { allow_any_name: true, key_type: 'ec' });
    expect500(await call('update', 'issue/web', { common_name: 'a' }), 'could not fetch the CA certificate (was one set?): no default issuer currently configured');
    await call('update', 'root/generate/internal', { common_name: 'R', key_type: 'ec', issuer_name: 'r' });
    expect500(await call('update', 'issuer/x/issue/web', { common_name: 'a' }), 'could not fetch the CA certificate (was one set?): unable to find PKI issuer for reference: x');
    const id = data(await call('read', 'issuer/r')).issuer_id as string;
    await call('patch', 'issuer/r', { usage: 'read-only' });
    expect500(await call('update', 'issue/web', { common_name: 'a' }), `error fetching CA certificate: error while attempting to use issuer ${id}: requested usage issuing-certificates for issuer [id:${id}] but only had usage read-only`);
  });
});

describe('pki sign', () => {
  it('signs a CSR: CN and SANs from the CSR, subject from the role, key type checked, signature checked last', async () => {
    const { call } = await pkiVault();
    const root = await withRootAndRole(call);
    const req = csr('/O=Ignored/CN=svc.example.com', ['-addext', 'subjectAltName=DNS:alt.example.com']);
    const res = await call('update', 'sign/web', { csr: req.csr, common_name: 'other.example.com', ttl: '1h' });
    expect(res.status).toBe(200);
    expect(warnings(res)).toEqual(['the common_name field was provided but the role is set with "use_csr_common_name" set to true']);
    const d = data(res);
    expect(Object.keys(d)).toEqual(['ca_chain', 'certificate', 'expiration', 'issuing_ca', 'serial_number']);
    const leaf = new X509Certificate(d.certificate as string);
    expect(leaf.subject).toBe('CN=svc.example.com');
    expect(leaf.subjectAltName).toBe('DNS:alt.example.com, DNS:svc.example.com');
    expect(leaf.checkPrivateKey(createPrivateKey(req.key))).toBe(true);
    expect(leaf.verify(new X509Certificate(root.certificate as string).publicKey)).toBe(true);
    const ed = csr('/CN=r.example.com', [], ['-newkey', 'ed25519']);
    expect400(await call('update', 'sign/web', { csr: ed.csr }), 'role requires keys of type ec');
    expect400(await call('update', 'sign/web', { csr: '' }), '"csr" is empty');
    expect400(await call('update', 'sign/web', { csr: 'garbage' }), 'csr contains no data');
    expect400(await call('update', 'sign/web', { csr: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----' }), 'certificate request could not be parsed: x509: malformed certificate request');
    const p384 = csr('/CN=p.example.com', [], ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384']);
    await call('update', 'roles/big', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec', key_bits: 384 });
    expect((await call('update', 'sign/big', { csr: p384.csr })).status).toBe(200);
    expect400(await call('update', 'sign/big', { csr: req.csr }), 'role requires a minimum of a 384-bit key, but CSR\'s key is 256 bits');
    // a CSR whose signature does not verify: flip a byte of the signature
    const der = Buffer.from(req.csr.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
    der[der.length - 3] ^= 1;
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    expect400(await call('update', 'sign/web', { csr: tampered }), 'request signature invalid');
  });

  it('sign-verbatim copies the CSR subject and extensions; with a role it takes the role\'s storage and TTL', async () => {
    const { call } = await pkiVault();
    await withRootAndRole(call, {}, { no_store: true, ttl: '2h' });
    const req = csr('/C=US/O=Acme Corp/CN=anything at all', ['-addext', 'subjectAltName=DNS:whatever.test', '-addext', 'extendedKeyUsage=codeSigning']);
    const res = data(await call('update', 'sign-verbatim', { csr: req.csr }));
    const leaf = new X509Certificate(res.certificate as string);
    expect(leaf.subject).toBe('C=US\nO=Acme Corp\nCN=anything at all');
    expect(leaf.subjectAltName).toBe('DNS:whatever.test');
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.3']);
    expect((await call('read', `cert/${res.serial_number}`)).status).toBe(200);
    const viaRole = data(await call('update', 'sign-verbatim/web', { csr: req.csr }));
    expect((await call('read', `cert/${viaRole.serial_number}`)).status).toBe(404);
    expect(viaRole.expiration).toBe((Date.UTC(2026, 0, 1) + 2 * 3600_000) / 1000);
    expect400(await call('update', 'sign-verbatim/nope', { csr: req.csr }), 'unknown role: nope');
  });

  it('Ed25519 and RSA-PSS CAs: leaves, signed CSRs and CRLs that openssl accepts', async () => {
    const { vault, call } = await pkiVault();
    expect((await vault.request('update', 'sys/mounts/rsa', { type: 'pki' })).status).toBe(204);
    const ed = data(await call('update', 'root/generate/internal', { common_name: 'Ed Root', key_type: 'ed25519' }));
    await call('update', 'roles/ed', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ed25519' });
    const leaf = data(await call('update', 'issue/ed', { common_name: 'e.example.com' }));
    expect(opensslVerify(ed.certificate as string, leaf.certificate as string)).toMatch(/OK/);
    const edCsr = csr('/CN=s.example.com', [], ['-newkey', 'ed25519']);
    const signed = data(await call('update', 'sign/ed', { csr: edCsr.csr }));
    expect(opensslVerify(ed.certificate as string, signed.certificate as string)).toMatch(/OK/);
    await call('update', 'revoke', { serial_number: signed.serial_number });
    const edCrl = (data(await call('read', 'issuer/default/crl')).crl as string);
    expect(() => opensslVerify(ed.certificate as string, signed.certificate as string, { crl: edCrl })).toThrow(/certificate revoked/);
    const rsa = (p: string, b?: Record<string, unknown>) => vault.request('update', `rsa/${p}`, b);
    const rsaRoot = data(await rsa('root/generate/internal', { common_name: 'PSS Root', use_pss: true }));
    await rsa('roles/web', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec', use_pss: true });
    const pss = data(await rsa('issue/web', { common_name: 'p.example.com' }));
    expect(openssl((dir) => ['x509', '-in', `${dir}/l.pem`, '-noout', '-text'], { 'l.pem': pss.certificate as string })).toMatch(/Signature Algorithm: rsassaPss/);
    await rsa('revoke', { serial_number: pss.serial_number });
    const rsaCrl = data(await vault.request('read', 'rsa/issuer/default/crl')).crl as string;
    expect(() => opensslVerify(rsaRoot.certificate as string, pss.certificate as string, { crl: rsaCrl })).toThrow(/certificate revoked/);
    expect(data(await vault.request('read', 'rsa/issuer/default')).revocation_signature_algorithm).toBe('SHA256WithRSAPSS');
  });
});
