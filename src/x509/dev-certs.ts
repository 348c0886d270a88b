// Throw-away certificates for local TLS: a self-signed CA and leaf certificates it signs (server
// or client), EC P-256. `server -dev-tls` uses them as Vault's dev mode does (command/server.go
// devTLS, sdk/helper/certutil); tests use them for https listeners, fake API servers and mTLS.
import { webcrypto, randomBytes, X509Certificate } from 'node:crypto';
import { loadX509 } from './load.js';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
type KeyPair = { privateKey: webcrypto.CryptoKey; publicKey: webcrypto.CryptoKey };

export interface DevCa {
  certPem: string;
  keyPem: string;
  /** Issue a leaf signed by this CA. */
  issue(options: LeafOptions): Promise<DevLeaf>;
}

export interface LeafOptions {
  commonName: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  /** serverAuth (default), clientAuth, or both. */
  usage?: ReadonlyArray<'server' | 'client'>;
  /** Validity in seconds from now (default one year). */
  ttlSeconds?: number;
  now?: Date;
}

export interface DevLeaf {
  certPem: string;
  keyPem: string;
  /** DER of the certificate, as a TLS peer presents it. */
  der: Uint8Array;
}

function serial(): string {
  const b = randomBytes(16);
  b[0] = b[0]! & 0x7f;
  return b.toString('hex');
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

async function keyPair(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as KeyPair;
}

async function privatePem(key: webcrypto.CryptoKey): Promise<string> {
  return pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', key));
}

/** A self-signed CA valid for `ttlSeconds` (default ten years). */
export async function createDevCa(commonName = 'minivault dev CA', ttlSeconds = 10 * 365 * 86400, now = new Date()): Promise<DevCa> {
  const x = await loadX509();
  const keys = await keyPair();
  const notBefore = new Date(now.getTime() - 30_000);
  const ca = await x.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: `CN=${commonName}`, notBefore,
    notAfter: new Date(now.getTime() + ttlSeconds * 1000), signingAlgorithm: ALG, keys,
    extensions: [
      new x.BasicConstraintsExtension(true, undefined, true),
      new x.KeyUsagesExtension(x.KeyUsageFlags.keyCertSign | x.KeyUsageFlags.cRLSign | x.KeyUsageFlags.digitalSignature, true),
      await x.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const certPem = pem('CERTIFICATE', ca.rawData);
  const keyPem = await privatePem(keys.privateKey);
  return {
    certPem, keyPem,
    async issue(o: LeafOptions): Promise<DevLeaf> {
      const leafKeys = await keyPair();
      const start = o.now ?? new Date();
      const usage = o.usage ?? ['server'];
      const eku = usage.map((u) => (u === 'server' ? x.ExtendedKeyUsage.serverAuth : x.ExtendedKeyUsage.clientAuth));
      const sans = [
        ...(o.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value })),
        ...(o.ipAddresses ?? []).map((value) => ({ type: 'ip' as const, value })),
      ];
      const extensions: import("@peculiar/x509").Extension[] = [
        new x.BasicConstraintsExtension(false, undefined, true),
        new x.KeyUsagesExtension(x.KeyUsageFlags.digitalSignature | x.KeyUsageFlags.keyEncipherment, true),
        new x.ExtendedKeyUsageExtension(eku),
        await x.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
        await x.AuthorityKeyIdentifierExtension.create(ca),
      ];
      if (sans.length > 0) extensions.push(new x.SubjectAlternativeNameExtension(sans));
      const leaf = await x.X509CertificateGenerator.create({
        serialNumber: serial(), subject: `CN=${o.commonName}`, issuer: ca.subject,
        notBefore: new Date(start.getTime() - 30_000),
        notAfter: new Date(start.getTime() + (o.ttlSeconds ?? 365 * 86400) * 1000),
        signingAlgorithm: ALG, publicKey: leafKeys.publicKey, signingKey: keys.privateKey, extensions,
      });
      return { certPem: pem('CERTIFICATE', leaf.rawData), keyPem: await privatePem(leafKeys.privateKey), der: new Uint8Array(leaf.rawData) };
    },
  };
}

/** True when `certPem` was signed by `caPem` (node's own X.509 check, for callers and tests). */
export function issuedBy(certPem: string, caPem: string): boolean {
  const cert = new X509Certificate(certPem);
  const ca = new X509Certificate(caPem);
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}
