// keys/:name/csr and keys/:name/set-certificate through core (spec §3.15; V path_certificates.go;
// KU policy.go CreateCsr, ValidateAndPersistCertificateChain). The requests are checked by real
// consumers: @peculiar/x509 (signature, subject, SAN) and the openssl CLI; the chain is built by a
// test CA around the public key of the vault's own request.
import { execFileSync } from 'node:child_process';
import { createPublicKey, webcrypto } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadX509 } from '../../../src/x509/load.js';
import { data, expect400, restoreStoredRsa, transitVault, unb64 } from './helpers.js';

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const bare = (msg: string) => ({ status: 500, body: { errors: [`1 error occurred:\n\t* ${msg}\n\n`] } });

async function testCa() {
  const x509 = await loadX509();
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const notBefore = new Date('2026-01-01T00:00:00Z'), notAfter = new Date('2036-01-01T00:00:00Z');
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: 'CN=Transit Test CA', notBefore, notAfter, keys, signingAlgorithm: EC,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true)],
  });
  const issue = (publicKey: InstanceType<typeof x509.PublicKey>, serialNumber: string, isCa = false) => x509.X509CertificateGenerator.create({
    serialNumber, subject: 'CN=transit leaf', issuer: ca.subject, notBefore, notAfter, publicKey, signingKey: keys.privateKey,
    signingAlgorithm: EC, extensions: [new x509.BasicConstraintsExtension(isCa, undefined, true)],
  });
  return { x509, ca, issue };
}

describe('transit keys/:name/csr', () => {
  it('signs a request with the key version, keeping the template\'s subject and SANs (checked by @peculiar/x509 and openssl)', async () => {
    const { call } = await transitVault();
    const x509 = await loadX509();
    for (const type of ['ecdsa-p256', 'ecdsa-p384', 'ed25519']) await call('update', `keys/${type}`, { type });
    await restoreStoredRsa(call, 'rsa-4096');
    const template = await x509.Pkcs10CertificateRequestGenerator.create({
      name: 'CN=service.example.com, O=Example', keys: await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair,
      signingAlgorithm: EC, extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'service.example.com' }])],
    });
    const dir = mkdtempSync(join(tmpdir(), 'transit-csr-'));
    for (const type of ['ecdsa-p256', 'ecdsa-p384', 'ed25519', 'rsa-4096']) {
      const res = data(await call('update', `keys/${type}/csr`, { csr: template.toString('pem') }));
      expect(res).toMatchObject({ name: type, type });
      const pem = res.csr as string;
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+-----END CERTIFICATE REQUEST-----\n$/);
      const csr = new x509.Pkcs10CertificateRequest(pem);
      expect(await csr.verify()).toBe(true);
      expect(csr.subject).toBe('CN=service.example.com, O=Example');
      const san = new x509.SubjectAlternativeNameExtension(csr.getExtension('2.5.29.17')!.rawData);
      expect(san.names.items.map((n) => n.value)).toEqual(['service.example.com']);
      const keyPub = (data(await call('read', `keys/${type}`)).keys as Record<string, { public_key: string }>)['1']!.public_key;
      const own = type === 'ed25519'
        ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: unb64(keyPub).toString('base64url') }, format: 'jwk' })
        : createPublicKey(keyPub);
      expect(Buffer.from(csr.publicKey.rawData)).toEqual(own.export({ format: 'der', type: 'spki' }));
      writeFileSync(join(dir, `${type}.csr`), pem);
    }
    // openssl 3.0 exits 0 either way; it says "verify OK" or "verify failure" (one shell for all four).
    const script = ['ecdsa-p256', 'ecdsa-p384', 'ed25519', 'rsa-4096'].map((t) => `openssl req -in ${join(dir, `${t}.csr`)} -verify -noout 2>&1`).join('\n');
    expect(execFileSync('sh', ['-c', script]).toString().match(/verify OK/g)).toHaveLength(4);
    const empty = new x509.Pkcs10CertificateRequest(data(await call('update', 'keys/ecdsa-p256/csr', {})).csr as string);
    expect(empty.subject).toBe('');
    expect(await empty.verify()).toBe(true);
  });

  it('answers Vault\'s errors', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/aes', {});
    await call('update', 'keys/ec', { type: 'ecdsa-p256' });
    await call('update', 'keys/derived-ed', { type: 'ed25519', derived: true });
    expect400(await call('update', 'keys/none/csr', {}), "key with provided name 'none' not found");
    expect400(await call('update', 'keys/aes/csr', {}), "key type 'aes256-gcm96' does not support signing");
    expect400(await call('update', 'keys/derived-ed/csr', {}), 'operation not supported on keys with derivation enabled');
    expect400(await call('update', 'keys/ec/csr', { csr: 'not pem' }), 'could not decode PEM certificate request');
    expect400(await call('update', 'keys/ec/csr', { csr: '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n' }), 'x509: malformed certificate request');
    expect400(await call('update', 'keys/ec/csr', { version: 2 }), 'could not create the csr: no such key version');
  });
});

describe('transit keys/:name/set-certificate', () => {
  it('attaches a chain whose leaf holds the key; read, export and backup/restore show it', async () => {
    const { call } = await transitVault();
    const { x509, ca, issue } = await testCa();
    await call('update', 'keys/signer', { type: 'ecdsa-p256', exportable: true, allow_plaintext_backup: true });
    const csr = new x509.Pkcs10CertificateRequest(data(await call('update', 'keys/signer/csr', {})).csr as string);
    const leaf = await issue(csr.publicKey, '02');
    const chain = `${leaf.toString('pem')}\n${ca.toString('pem')}\n`;
    const res = await call('update', 'keys/signer/set-certificate', { certificate_chain: chain });
    expect(data(res)).toEqual({ 'certificate-chain': chain, name: 'signer', type: 'ecdsa-p256' });
    const joined = `${leaf.toString('pem').trim()}\n${ca.toString('pem').trim()}`;
    expect((data(await call('read', 'keys/signer')).keys as Record<string, { certificate_chain: string }>)['1']!.certificate_chain).toBe(joined);
    expect((data(await call('read', 'export/certificate-chain/signer/1')).keys as Record<string, string>)['1']).toBe(joined);
    const backup = data(await call('read', 'backup/signer')).backup as string;
    const b = await transitVault(2);
    await b.call('update', 'restore/signer', { backup });
    expect((data(await b.call('read', 'export/certificate-chain/signer')).keys as Record<string, string>)['1']).toBe(joined);
  });

  it('refuses chains that do not fit the key, with Vault\'s texts and statuses', async () => {
    const { call } = await transitVault();
    const { x509, ca, issue } = await testCa();
    await call('update', 'keys/signer', { type: 'ecdsa-p256' });
    await restoreStoredRsa(call, 'rsa');
    await call('update', 'keys/aes', {});
    const csr = new x509.Pkcs10CertificateRequest(data(await call('update', 'keys/signer/csr', {})).csr as string);
    const leaf = (await issue(csr.publicKey, '03')).toString('pem');
    const persist = (m: string) => `failed to persist certificate chain: ${m}`;
    expect400(await call('update', 'keys/none/set-certificate', { certificate_chain: leaf }), "key with provided name 'none' not found");
    expect400(await call('update', 'keys/aes/set-certificate', { certificate_chain: leaf }), 'key type aes256-gcm96 does not support signing');
    expect400(await call('update', 'keys/signer/set-certificate', { certificate_chain: '' }), 'provided certificate chain did not contain any valid PEM certificate');
    expect400(await call('update', 'keys/signer/set-certificate', { certificate_chain: `${leaf}\ngarbage` }), 'could not decode PEM block in certificate chain');
    expect400(await call('update', 'keys/signer/set-certificate', { certificate_chain: ca.toString('pem') }), persist('certificate in the first position is not a leaf certificate'));
    expect400(await call('update', 'keys/signer/set-certificate', { certificate_chain: `${leaf}\n${leaf}` }), persist('provided certificate chain contains more than one leaf certificate'));
    expect400(await call('update', 'keys/rsa/set-certificate', { certificate_chain: leaf }),
      persist("could not validate key match between leaf certificate key and key version in transit: provided leaf certificate public key algorithm 'ECDSA' does not match the transit key type 'rsa-4096'"));
    expect400(await call('update', 'keys/signer/set-certificate', { certificate_chain: leaf, version: 3 }),
      persist('could not validate key match between leaf certificate key and key version in transit: no such key version'));
    await call('update', 'keys/other', { type: 'ecdsa-p256' });
    expect(await call('update', 'keys/other/set-certificate', { certificate_chain: leaf })).toEqual(bare(persist('leaf certificate public key does match the key version selected')));
    expect((data(await call('read', 'keys/other')).keys as Record<string, { certificate_chain: string }>)['1']!.certificate_chain).toBe('');
  });
});
