// keys/:name/csr and keys/:name/set-certificate through core (hashicorp/vault builtin/logical/transit/path_certificates.go;
// KU policy.go CreateCsr, ValidateAndPersistCertificateChain). The openssl CLI is the consumer on
// the other side: it writes the template request, verifies and reads the vault's requests, and acts
// as the CA that signs them into the chains set back on the key.
import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { data, expect400, restoreStoredRsa, transitVault, unb64 } from './helpers.js';

const bare = (msg: string) => ({ status: 500, body: { errors: [`1 error occurred:\n\t* ${msg}\n\n`] } });
const sh = (script: string) => execFileSync('sh', ['-c', script], { stdio: 'pipe' }).toString();
const EC = '-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes';

/** A CA (and its leaf-certificate extensions file) in a fresh directory; `sign` turns a request into a leaf. */
function testCa() {
  const dir = mkdtempSync(join(tmpdir(), 'transit-ca-'));
  writeFileSync(join(dir, 'leaf.ext'), 'basicConstraints=critical,CA:FALSE\n');
  sh(`cd ${dir} && openssl req -x509 ${EC} -keyout ca.key -subj /CN=Transit-Test-CA -days 3650 -addext basicConstraints=critical,CA:TRUE -out ca.pem 2>/dev/null`);
  const ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
  let serial = 1;
  const sign = (csr: string): string => {
    writeFileSync(join(dir, 'in.csr'), csr);
    sh(`cd ${dir} && openssl x509 -req -in in.csr -CA ca.pem -CAkey ca.key -set_serial ${++serial} -days 365 -extfile leaf.ext -out leaf.pem 2>/dev/null`);
    return readFileSync(join(dir, 'leaf.pem'), 'utf8');
  };
  return { ca, sign };
}

describe('transit keys/:name/csr', () => {
  it('signs a request with the key version, keeping the template\'s subject and SANs (openssl verifies and reads it)', async () => {
    const { call } = await transitVault();
    const types = ['ecdsa-p256', 'ecdsa-p384', 'ed25519', 'rsa-4096'];
    for (const type of types.slice(0, 3)) await call('update', `keys/${type}`, { type });
    await restoreStoredRsa(call, 'rsa-4096');
    const dir = mkdtempSync(join(tmpdir(), 'transit-csr-'));
    sh(`cd ${dir} && openssl req -new ${EC} -keyout t.key -subj "/O=Example/CN=service.example.com" -addext subjectAltName=DNS:service.example.com -out t.csr 2>/dev/null`);
    const template = readFileSync(join(dir, 't.csr'), 'utf8');
    const own: Record<string, string> = {};
    for (const type of types) {
      const res = data(await call('update', `keys/${type}/csr`, { csr: template }));
      expect(res).toMatchObject({ name: type, type });
      expect(res.csr).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n[\s\S]+-----END CERTIFICATE REQUEST-----\n$/);
      writeFileSync(join(dir, `${type}.csr`), res.csr as string);
      const pub = (data(await call('read', `keys/${type}`)).keys as Record<string, { public_key: string }>)['1']!.public_key;
      const key = type === 'ed25519' ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: unb64(pub).toString('base64url') }, format: 'jwk' }) : createPublicKey(pub);
      own[type] = key.export({ format: 'pem', type: 'spki' }) as string;
    }
    // One shell for every request: openssl 3.0 exits 0 either way, so its words are what is checked.
    const out = sh(types.map((t) => `echo "== ${t}"; openssl req -in ${join(dir, `${t}.csr`)} -noout -verify -subject -pubkey -text -nameopt compat 2>&1`).join('\n'));
    for (const [i, part] of out.split(/^== .*$/m).slice(1).entries()) {
      const type = types[i]!;
      expect([type, part]).toEqual([type, expect.stringContaining('verify OK')]);
      expect(part).toContain('subject=/O=Example/CN=service.example.com');
      expect(part).toContain('DNS:service.example.com');
      expect(part).toContain(own[type]!);
    }
    writeFileSync(join(dir, 'empty.csr'), data(await call('update', 'keys/ecdsa-p256/csr', {})).csr as string);
    expect(sh(`openssl req -in ${join(dir, 'empty.csr')} -noout -verify -subject -nameopt compat 2>&1`)).toMatch(/verify OK[\s\S]*subject=\s*$/);
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
    const { ca, sign } = testCa();
    await call('update', 'keys/signer', { type: 'ecdsa-p256', exportable: true, allow_plaintext_backup: true });
    const leaf = sign(data(await call('update', 'keys/signer/csr', {})).csr as string);
    const chain = `${leaf}${ca}`;
    const res = await call('update', 'keys/signer/set-certificate', { certificate_chain: chain });
    expect(data(res)).toEqual({ 'certificate-chain': chain, name: 'signer', type: 'ecdsa-p256' });
    const joined = `${leaf.trim()}\n${ca.trim()}`;
    expect((data(await call('read', 'keys/signer')).keys as Record<string, { certificate_chain: string }>)['1']!.certificate_chain).toBe(joined);
    expect((data(await call('read', 'export/certificate-chain/signer/1')).keys as Record<string, string>)['1']).toBe(joined);
    const backup = data(await call('read', 'backup/signer')).backup as string;
    const b = await transitVault(2);
    await b.call('update', 'restore/signer', { backup });
    expect((data(await b.call('read', 'export/certificate-chain/signer')).keys as Record<string, string>)['1']).toBe(joined);
  });

  it('refuses chains that do not fit the key, with Vault\'s texts and statuses', async () => {
    const { call } = await transitVault();
    const { ca, sign } = testCa();
    await call('update', 'keys/signer', { type: 'ecdsa-p256' });
    await restoreStoredRsa(call, 'rsa');
    await call('update', 'keys/aes', {});
    const leaf = sign(data(await call('update', 'keys/signer/csr', {})).csr as string);
    const persist = (m: string) => `failed to persist certificate chain: ${m}`;
    expect400(await call('update', 'keys/none/set-certificate', { certificate_chain: leaf }), "key with provided name 'none' not found");
    expect400(await call('update', 'keys/aes/set-certificate', { certificate_chain: leaf }), 'key type aes256-gcm96 does not support signing');
    expect400(await call('update', 'keys/signer/set-certificate', { certificate_chain: '' }), 'provided certificate chain did not contain any valid PEM certificate');
    expect400(await call('update', 'keys/signer/set-certificate', { certificate_chain: `${leaf}\ngarbage` }), 'could not decode PEM block in certificate chain');
    expect400(await call('update', 'keys/signer/set-certificate', { certificate_chain: ca }), persist('certificate in the first position is not a leaf certificate'));
    expect400(await call('update', 'keys/signer/set-certificate', { certificate_chain: `${leaf}${leaf}` }), persist('provided certificate chain contains more than one leaf certificate'));
    expect400(await call('update', 'keys/rsa/set-certificate', { certificate_chain: leaf }),
      persist("could not validate key match between leaf certificate key and key version in transit: provided leaf certificate public key algorithm 'ECDSA' does not match the transit key type 'rsa-4096'"));
    expect400(await call('update', 'keys/signer/set-certificate', { certificate_chain: leaf, version: 3 }),
      persist('could not validate key match between leaf certificate key and key version in transit: no such key version'));
    await call('update', 'keys/other', { type: 'ecdsa-p256' });
    expect(await call('update', 'keys/other/set-certificate', { certificate_chain: leaf })).toEqual(bare(persist('leaf certificate public key does match the key version selected')));
    expect((data(await call('read', 'keys/other')).keys as Record<string, { certificate_chain: string }>)['1']!.certificate_chain).toBe('');
  });
});
