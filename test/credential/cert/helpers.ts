// Shared set-up for the cert auth tests: a dev vault with cert mounted, and certificates made
// here with @peculiar/x509 (CAs, intermediates, client leaves with OUs, SANs, custom extensions,
// chosen validity) so every constraint can be exercised. Logins go through core with the chain
// as the TLS layer hands it over (DER, leaf first).
import { webcrypto } from 'node:crypto';
import type { CoreResponse } from '../../../src/core/types.js';
import { createVault, type TestVault } from '../../../src/testing/index.js';
import { loadX509 } from '../../../src/x509/load.js';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
type Keys = { privateKey: webcrypto.CryptoKey; publicKey: webcrypto.CryptoKey };

export interface TestCert { pem: string; der: Uint8Array; keys: Keys; name: string; serial: string }

const pem = (der: ArrayBuffer) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

let serialCounter = 4096;

export interface CertOptions {
  subject?: string;
  ca?: boolean;
  dns?: string[];
  emails?: string[];
  uris?: string[];
  /** Extra extensions: OID and a UTF8String value. */
  ext?: Array<{ oid: string; value: string }>;
  /** Extended key usages; undefined = client auth, [] = none. */
  usage?: Array<'client' | 'server'>;
  notBefore?: Date;
  notAfter?: Date;
  keys?: Keys;
  serial?: number;
}

/** A certificate signed by `issuer` (self-signed without one). */
export async function makeCert(o: CertOptions, issuer?: TestCert): Promise<TestCert> {
  const x = await loadX509();
  const keys = o.keys ?? (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as Keys;
  const name = o.subject ?? 'CN=client';
  const exts: import('@peculiar/x509').Extension[] = [
    new x.BasicConstraintsExtension(o.ca ?? false, undefined, true),
    await x.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (issuer) exts.push(await x.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  if (o.ca) exts.push(new x.KeyUsagesExtension(x.KeyUsageFlags.keyCertSign | x.KeyUsageFlags.cRLSign | x.KeyUsageFlags.digitalSignature, true));
  const usage = o.usage ?? (o.ca ? [] : ['client']);
  if (usage.length > 0) exts.push(new x.ExtendedKeyUsageExtension(usage.map((u) => (u === 'client' ? x.ExtendedKeyUsage.clientAuth : x.ExtendedKeyUsage.serverAuth))));
  const sans = [
    ...(o.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(o.emails ?? []).map((value) => ({ type: 'email' as const, value })),
    ...(o.uris ?? []).map((value) => ({ type: 'url' as const, value })),
  ];
  if (sans.length > 0) exts.push(new x.SubjectAlternativeNameExtension(sans));
  for (const e of o.ext ?? []) {
    const v = Buffer.from(e.value, 'utf8');
    exts.push(new x.Extension(e.oid, false, Buffer.concat([Buffer.from([0x0c, v.length]), v])));
  }
  const serial = (o.serial ?? serialCounter++).toString(16).padStart(4, '0');
  const notBefore = o.notBefore ?? new Date(Date.UTC(2025, 0, 1));
  const notAfter = o.notAfter ?? new Date(Date.UTC(2030, 0, 1));
  const cert = await x.X509CertificateGenerator.create({
    serialNumber: serial, subject: name, issuer: issuer ? issuer.name : name, notBefore, notAfter, signingAlgorithm: ALG,
    publicKey: keys.publicKey, signingKey: issuer ? issuer.keys.privateKey : keys.privateKey, extensions: exts,
  });
  return { pem: pem(cert.rawData), der: new Uint8Array(cert.rawData), keys, name, serial: BigInt(`0x${serial}`).toString() };
}

export const makeCa = (subject: string) => makeCert({ subject, ca: true });

export async function vaultWithCert(): Promise<TestVault> {
  const vault = await createVault({ seed: 34 });
  const res = await vault.request('update', 'sys/auth/cert', { type: 'cert' });
  if (res.status !== 204) throw new Error(`enable cert: ${JSON.stringify(res.body)}`);
  return vault;
}

export const login = (vault: TestVault, chain: TestCert[] | undefined, data: Record<string, unknown> = {}, remoteAddress = '127.0.0.1') =>
  vault.handle({
    operation: 'update', path: 'auth/cert/login', data, token: '', remoteAddress,
    ...(chain === undefined ? {} : { peerCertificates: chain.map((c) => c.der) }),
  });

export const body = (r: CoreResponse) => r.body as Record<string, unknown> & { data: Record<string, unknown>; errors?: string[]; warnings?: string[] };
export const refused = (r: CoreResponse) => [r.status, (r.body as { errors?: string[] }).errors];
type Auth = Record<string, unknown> & { client_token: string; metadata: Record<string, string> };
export const authOf = (r: CoreResponse) => (r.body as { auth: Auth }).auth;
