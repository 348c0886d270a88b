// PKI (issue "The PKI secrets engine"): `issue/:role` through core in-process, with an EC P-256
// key and with an RSA-2048 key, each beside node:crypto's own key generation plus one signature
// of the same kind measured interleaved in the same run — the difference is certificate building
// (DER, the X.509 library), storage and request handling. The issuing CA is EC P-256 for the EC
// row and RSA-2048 for the RSA row, so the anchor's signature matches what the CA signs with.
import { generateKeyPair, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { createVault } from '../src/testing/index.js';
import { paired, timeRow, type BenchRow } from './harness.js';

const genKeyPair = promisify(generateKeyPair);

export async function run(): Promise<BenchRow[]> {
  const vault = await createVault({ rootToken: 'root' });
  await vault.request('update', 'sys/mounts/pki', { type: 'pki' });
  await vault.request('update', 'sys/mounts/pki-rsa', { type: 'pki' });
  await vault.request('update', 'pki/root/generate/internal', { common_name: 'Bench EC Root', key_type: 'ec' });
  await vault.request('update', 'pki-rsa/root/generate/internal', { common_name: 'Bench RSA Root', key_type: 'rsa', key_bits: 2048 });
  await vault.request('update', 'pki/roles/ec', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec', key_bits: 256 });
  await vault.request('update', 'pki-rsa/roles/rsa', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'rsa', key_bits: 2048 });
  const tbs = randomBytes(500); // about the size of a leaf's TBSCertificate

  const issue = (mount: string, role: string) => async () => {
    const r = await vault.request('update', `${mount}/issue/${role}`, { common_name: 'www.example.com', ttl: '1h' });
    if (r.status !== 200) throw new Error(`issue: status ${r.status}`);
  };
  const ecAnchor = async () => {
    const { privateKey } = await genKeyPair('ec', { namedCurve: 'prime256v1' });
    sign('sha256', tbs, privateKey);
  };
  const rsaAnchor = async () => {
    const { privateKey } = await genKeyPair('rsa', { modulusLength: 2048 });
    sign('sha256', tbs, privateKey);
  };
  const [ecAnchorNs, ecNs] = await paired(ecAnchor, issue('pki', 'ec'), 1500);
  const [rsaAnchorNs, rsaNs] = await paired(rsaAnchor, issue('pki-rsa', 'rsa'), 8000);
  return [
    timeRow('pki issue/:role, EC P-256 key and CA, via core', ecNs / 1000, ecAnchorNs / 1000, 'node:crypto P-256 key generation + ECDSA sign', 'reported', null),
    timeRow('pki issue/:role, RSA-2048 key and CA, via core', rsaNs / 1e6, rsaAnchorNs / 1e6, 'node:crypto RSA-2048 key generation + PKCS#1 sign', 'reported', null, 'ms'),
  ];
}
