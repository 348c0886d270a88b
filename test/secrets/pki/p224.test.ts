// EC P-224 (key_type=ec, key_bits=224), which Vault's certutil accepts and WebCrypto lacks: CA
// keys that sign certificates, CSRs and CRLs, leaf keys, and P-224 CSRs to sign, all checked by
// openssl and node's X509Certificate (V sdk/helper/certutil/helpers.go generatePrivateKey).
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { data, expect400, openssl, opensslVerify, pkiVault, rawOf, type Body, type Op, type Res } from './helpers.js';

const curveOf = (pem: string) => new X509Certificate(pem).publicKey.asymmetricKeyDetails?.namedCurve;
const sigAlg = (pem: string) => /Signature Algorithm: (\S+)/.exec(openssl((d) => ['x509', '-in', `${d}/c.pem`, '-noout', '-text'], { 'c.pem': pem }))![1];

describe('pki EC P-224', () => {
  it('root (P-224) → intermediate (P-224) → P-224 leaf verifies with openssl and node', async () => {
    const { vault, call } = await pkiVault();
    const root = data(await call('update', 'root/generate/internal', { common_name: 'Root 224', key_type: 'ec', key_bits: 224, ttl: '8760h' }));
    expect(root.certificate).toBeDefined();
    const rootPem = root.certificate as string;
    expect(curveOf(rootPem)).toBe('secp224r1');
    expect(sigAlg(rootPem)).toBe('ecdsa-with-SHA256');
    const r = new X509Certificate(rootPem);
    expect(r.verify(r.publicKey)).toBe(true);

    expect((await vault.request('update', 'sys/mounts/int', { type: 'pki' })).status).toBe(204);
    const int = (op: Op, path: string, body?: Body): Promise<Res> => vault.request(op as never, `int/${path}`, body);
    const csr = data(await int('update', 'intermediate/generate/internal', { common_name: 'Mid 224', key_type: 'ec', key_bits: 224 })).csr as string;
    expect(openssl((d) => ['req', '-in', `${d}/r.pem`, '-noout', '-verify', '-text'], { 'r.pem': csr })).toMatch(/ASN1 OID: secp224r1/);
    const mid = data(await call('update', 'root/sign-intermediate', { csr, common_name: 'Mid 224', ttl: '4000h' })).certificate as string;
    expect((await int('update', 'intermediate/set-signed', { certificate: mid })).status).toBe(200);

    expect((await int('update', 'roles/web', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec', key_bits: 224 })).status).toBe(200);
    const leaf = data(await int('update', 'issue/web', { common_name: 'www.example.com', ttl: '1h' }));
    const leafPem = leaf.certificate as string;
    expect(curveOf(leafPem)).toBe('secp224r1');
    expect(leaf.private_key_type).toBe('ec');
    expect(createPrivateKey(leaf.private_key as string).asymmetricKeyDetails?.namedCurve).toBe('secp224r1');
    const l = new X509Certificate(leafPem);
    const m = new X509Certificate(mid);
    expect(l.checkIssued(m) && l.verify(m.publicKey)).toBe(true);
    expect(m.checkIssued(r) && m.verify(r.publicKey)).toBe(true);
    expect(opensslVerify(rootPem, leafPem, { untrusted: mid, at: vault.clock.now() / 1000 + 60 })).toMatch(/leaf\.pem: OK/);
  });

  it('signs P-224 CSRs and refuses one whose signature does not match', async () => {
    const { call } = await pkiVault();
    await call('update', 'root/generate/internal', { common_name: 'Root', key_type: 'ec', ttl: '8760h' });
    await call('update', 'roles/any', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'any' });
    const csr = openssl((d) => ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-224', '-nodes', '-keyout', `${d}/k.pem`, '-subj', '/CN=a.example.com'], {});
    const signed = await call('update', 'sign/any', { csr, ttl: '1h' });
    expect(signed.status).toBe(200);
    expect(curveOf(data(signed).certificate as string)).toBe('secp224r1');
    // flip one bit of the signature: the request no longer verifies
    const der = Buffer.from(csr.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 5] ^= 0x01;
    const bad = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    expect400(await call('update', 'sign/any', { csr: bad, ttl: '1h' }), 'request signature invalid');
  });

  it('a P-224 issuer signs CRLs that openssl verifies', async () => {
    const { vault, call } = await pkiVault();
    const root = data(await call('update', 'root/generate/internal', { common_name: 'Root 224', key_type: 'ec', key_bits: 224, ttl: '8760h' }));
    await call('update', 'roles/web', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec' });
    const leaf = data(await call('update', 'issue/web', { common_name: 'x.example.com', ttl: '1h' }));
    expect((await call('update', 'revoke', { serial_number: leaf.serial_number })).status).toBe(200);
    const crl = rawOf(await call('read', 'crl/pem')).body.toString();
    const out = openssl((d) => ['crl', '-in', `${d}/c.pem`, '-CAfile', `${d}/ca.pem`, '-noout', '-text'], { 'c.pem': crl, 'ca.pem': root.certificate as string });
    expect(out).toMatch(/Signature Algorithm: ecdsa-with-SHA256/);
    expect(out).toContain(`Serial Number: ${(leaf.serial_number as string).replace(/:/g, '').toUpperCase()}`);
    expect(() => opensslVerify(root.certificate as string, leaf.certificate as string, { crl, at: vault.clock.now() / 1000 + 60 })).toThrow(/certificate revoked/);
  });
});
