// Throw-away certificates for TLS listeners and test servers: an ECDSA P-256 CA and leaves it
// signs, written as DER by hand over node:crypto, with the fields Vault's dev TLS certificates
// carry (command/server/tls_util.go GenerateCA, generateCert: basic constraints, key usage,
// extended key usage, subject and authority key ids, DNS and IP SANs). `server -dev-tls`,
// startVault({ tls }) and the fake kube-apiserver make one at every start; loading the general
// X.509 library (load.ts, @peculiar/x509) costs far more than building these few fields, so only
// the callers that need the rest of X.509 (PKI, cert auth) load it.
import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

export interface CertOptions {
  commonName: string;
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
  /** serverAuth (default), clientAuth, or both. */
  usage?: ReadonlyArray<'server' | 'client'>;
  /** Validity in seconds from now (default one year). */
  ttlSeconds?: number;
}

export interface IssuedCert {
  certPem: string;
  /** PKCS #8 PEM. */
  keyPem: string;
  der: Uint8Array;
}

export interface TlsCa {
  certPem: string;
  keyPem: string;
  issue(options: CertOptions): IssuedCert;
}

// --- DER -------------------------------------------------------------------------------------
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, content]);
}
const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const octets = (b: Buffer): Buffer => tlv(0x04, b);
const bits = (b: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
const bool = (v: boolean): Buffer => tlv(0x01, Buffer.from([v ? 0xff : 0]));
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const septets = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) septets.unshift((v & 0x7f) | 0x80);
    out.push(...septets);
  }
  return tlv(0x06, Buffer.from(out));
}
function positiveInt(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && b[i + 1]! < 0x80) i++;
  const trimmed = b.subarray(i);
  return tlv(0x02, trimmed[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'; // YYYYMMDDHHMMSSZ
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}
const name = (cn: string): Buffer => seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

/** KeyUsage bits (bit 0 = digitalSignature) as a DER BIT STRING without trailing zero bits. */
function keyUsage(bitNumbers: number[]): Buffer {
  let byte = 0;
  for (const n of bitNumbers) byte |= 0x80 >> n;
  let unused = 0;
  while (unused < 7 && (byte & (1 << unused)) === 0) unused++;
  return bits(Buffer.from([byte]), unused);
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail = ''] = ip.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const h = groups(head!);
  const t = groups(tail);
  const all = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return Buffer.concat(all.map((g) => Buffer.from([parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff])));
}

// --- certificates -----------------------------------------------------------------------------
const EC_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const EKU = { server: '1.3.6.1.5.5.7.3.1', client: '1.3.6.1.5.5.7.3.2' } as const;

function spkiAndId(key: KeyObject): { spki: Buffer; keyId: Buffer } {
  const spki = key.export({ type: 'spki', format: 'der' });
  // the subjectPublicKey BIT STRING's content is the uncompressed point, the last 65 bytes
  return { spki, keyId: createHash('sha1').update(spki.subarray(spki.length - 65)).digest() };
}

function build(tbsParts: { serial: Buffer; issuer: string; subject: string; notBefore: Date; notAfter: Date; spki: Buffer; extensions: Buffer[] }, signer: KeyObject): Buffer {
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), positiveInt(tbsParts.serial), EC_SHA256, name(tbsParts.issuer),
    seq(time(tbsParts.notBefore), time(tbsParts.notAfter)), name(tbsParts.subject), tbsParts.spki,
    tlv(0xa3, seq(...tbsParts.extensions)),
  );
  return seq(tbs, EC_SHA256, bits(sign('sha256', tbs, signer)));
}

const pem = (label: string, der: Buffer): string =>
  `-----BEGIN ${label}-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
// serials below 2^159, as Vault's dev certificates
const serial = (): Buffer => {
  const b = randomBytes(20);
  b[0] = b[0]! & 0x7f;
  return b;
};

/** A self-signed CA (CA:true, keyCertSign, server+client EKU) valid for `ttlSeconds` (ten years). */
export function createTlsCa(commonName = 'minivault CA', ttlSeconds = 10 * 365 * 86400): TlsCa {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { spki, keyId } = spkiAndId(publicKey);
  const now = Date.now();
  const der = build({
    serial: serial(), issuer: commonName, subject: commonName, notBefore: new Date(now - 60_000),
    notAfter: new Date(now + ttlSeconds * 1000), spki,
    extensions: [
      extension('2.5.29.15', true, keyUsage([5])),
      extension('2.5.29.37', false, seq(oid(EKU.server), oid(EKU.client))),
      extension('2.5.29.19', true, seq(bool(true))),
      extension('2.5.29.14', false, octets(keyId)),
      extension('2.5.29.35', false, seq(tlv(0x80, keyId))),
    ],
  }, privateKey);
  const certPem = pem('CERTIFICATE', der);
  return {
    certPem,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    issue(o: CertOptions): IssuedCert {
      const leafKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const leaf = spkiAndId(leafKeys.publicKey);
      const sans = [
        ...(o.dnsNames ?? []).map((d) => tlv(0x82, Buffer.from(d, 'ascii'))),
        ...(o.ipAddresses ?? []).map((ip) => tlv(0x87, ipBytes(ip))),
      ];
      const started = Date.now();
      const leafDer = build({
        serial: serial(), issuer: commonName, subject: o.commonName, notBefore: new Date(started - 60_000),
        notAfter: new Date(started + (o.ttlSeconds ?? 365 * 86400) * 1000), spki: leaf.spki,
        extensions: [
          extension('2.5.29.15', true, keyUsage([0])),
          extension('2.5.29.37', false, seq(...(o.usage ?? ['server']).map((u) => oid(EKU[u])))),
          extension('2.5.29.19', true, seq()),
          extension('2.5.29.14', false, octets(leaf.keyId)),
          extension('2.5.29.35', false, seq(tlv(0x80, keyId))),
          ...(sans.length > 0 ? [extension('2.5.29.17', false, seq(...sans))] : []),
        ],
      }, privateKey);
      return { certPem: pem('CERTIFICATE', leafDer), keyPem: leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), der: new Uint8Array(leafDer) };
    },
  };
}

/** node's own parse and signature check of an issued certificate against its CA. */
export function verifiesWith(certPem: string, caPem: string): boolean {
  const cert = new X509Certificate(certPem);
  const ca = new X509Certificate(caPem);
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}
