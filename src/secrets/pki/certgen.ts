// Certificate, CSR and CRL building. Extension values and names are written here in Go's DER
// (crypto/x509 buildExtensions order: KU, EKU, BC, SKI, AKI, AIA, SAN, policies, name
// constraints, CRL DP, then extra extensions), the X.509 library assembles and signs the
// TBSCertificate. Upstream: Vault sdk/helper/certutil/helpers.go createCertificate,
// signCertificate, createCSR; builtin/logical/pki/crl_util.go buildCRL.
import { isIP } from 'node:net';
import { loadX509 } from '../../x509/load.js';
import * as D from './der.js';
import { signAlgFor, webPublicKey, webSigningKey, type PrivateKey, type SignAlg } from './keys.js';

export const KU = {
  digitalsignature: 0, contentcommitment: 1, keyencipherment: 2, dataencipherment: 3, keyagreement: 4,
  certsign: 5, crlsign: 6, encipheronly: 7, decipheronly: 8,
} as const;

export const EKU: Record<string, string> = {
  any: '2.5.29.37.0', serverauth: '1.3.6.1.5.5.7.3.1', clientauth: '1.3.6.1.5.5.7.3.2', codesigning: '1.3.6.1.5.5.7.3.3',
  emailprotection: '1.3.6.1.5.5.7.3.4', ipsecendsystem: '1.3.6.1.5.5.7.3.5', ipsectunnel: '1.3.6.1.5.5.7.3.6',
  ipsecuser: '1.3.6.1.5.5.7.3.7', timestamping: '1.3.6.1.5.5.7.3.8', ocspsigning: '1.3.6.1.5.5.7.3.9',
  microsoftservergatedcrypto: '1.3.6.1.4.1.311.10.3.3', netscapeservergatedcrypto: '2.16.840.1.113730.4.1',
};

export interface SubjectFields {
  country: string[]; province: string[]; locality: string[]; street: string[]; postal: string[];
  organization: string[]; ou: string[]; cn: string; serialNumber: string; uids: string[];
}

export interface Sans { dns: string[]; emails: string[]; ips: string[]; uris: string[]; other: Array<{ oid: string; value: string }> }
export const noSans = (): Sans => ({ dns: [], emails: [], ips: [], uris: [], other: [] });

/** pkix.Name.ToRDNSequence order: C, ST, L, STREET, POSTALCODE, O, OU, CN, SERIALNUMBER, extras. */
export function subjectDer(s: SubjectFields): Uint8Array {
  const rdns: Uint8Array[] = [];
  const multi = (oid: string, values: string[]): void => {
    if (values.length > 0) rdns.push(D.setOf(values.map((v) => D.seq([D.oid(oid), D.dirString(v)]))));
  };
  multi('2.5.4.6', s.country);
  multi('2.5.4.8', s.province);
  multi('2.5.4.7', s.locality);
  multi('2.5.4.9', s.street);
  multi('2.5.4.17', s.postal);
  multi('2.5.4.10', s.organization);
  multi('2.5.4.11', s.ou);
  if (s.cn !== '') multi('2.5.4.3', [s.cn]);
  if (s.serialNumber !== '') multi('2.5.4.5', [s.serialNumber]);
  for (const u of s.uids) multi('0.9.2342.19200300.100.1.1', [u]);
  return D.seq(rdns);
}

function ipBytes(ip: string): Uint8Array {
  if (isIP(ip) === 4) return Uint8Array.from(ip.split('.').map(Number));
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const expand = (parts: string[]): number[] => parts.flatMap((p) => {
    if (p.includes('.')) return [...Uint8Array.from(p.split('.').map(Number))].reduce<number[]>((a, b, i) => (i % 2 ? (a[a.length - 1] = a[a.length - 1]! * 256 + b, a) : [...a, b]), []);
    return [parseInt(p, 16)];
  });
  const hw = expand(h); const tw = expand(t);
  const words = tail === undefined ? hw : [...hw, ...new Array<number>(8 - hw.length - tw.length).fill(0), ...tw];
  const out = new Uint8Array(16);
  words.forEach((w, i) => { out[i * 2] = w >> 8; out[i * 2 + 1] = w & 0xff; });
  return out;
}

export function sanDer(s: Sans): Uint8Array {
  const te = new TextEncoder();
  const names: Uint8Array[] = [];
  for (const o of s.other) names.push(D.ctx(0, D.concat([D.oid(o.oid), D.ctx(0, D.utf8(o.value), true)]), true));
  for (const d of s.dns) names.push(D.tlv(0x82, te.encode(d)));
  for (const e of s.emails) names.push(D.tlv(0x81, te.encode(e)));
  for (const ip of s.ips) names.push(D.tlv(0x87, ipBytes(ip)));
  for (const u of s.uris) names.push(D.tlv(0x86, te.encode(u)));
  return D.seq(names);
}

export const sansEmpty = (s: Sans): boolean => s.dns.length + s.emails.length + s.ips.length + s.uris.length + s.other.length === 0;

export interface ExtSpec { oid: string; critical: boolean; value: Uint8Array }

export interface CertParams {
  serial: Uint8Array;
  subject: Uint8Array; // Name DER
  spki: Uint8Array;
  notBefore: number;
  notAfter: number;
  keyUsage?: number[]; // bits; undefined or [] = none
  extKeyUsage?: string[]; // OIDs
  basicConstraints?: { ca: boolean; pathLen?: number };
  ski: Uint8Array;
  aki?: Uint8Array;
  aia?: { ocsp: string[]; issuing: string[] };
  crlDp?: string[];
  sans?: Sans;
  policies?: string[];
  permittedDns?: string[];
  extra?: ExtSpec[];
  signer: { key: PrivateKey; subject: Uint8Array; alg: SignAlg };
}

/** buildExtensions: Go's order; an extension whose OID is among the extra ones is left to them. */
export function buildExtensions(p: CertParams): ExtSpec[] {
  const out: ExtSpec[] = [];
  const te = new TextEncoder();
  if (p.keyUsage && p.keyUsage.length > 0) out.push({ oid: '2.5.29.15', critical: true, value: D.bitString(p.keyUsage) });
  if (p.extKeyUsage && p.extKeyUsage.length > 0) out.push({ oid: '2.5.29.37', critical: false, value: D.seq(p.extKeyUsage.map(D.oid)) });
  if (p.basicConstraints) {
    const bc = p.basicConstraints;
    const parts = [...(bc.ca ? [D.bool(true)] : []), ...(bc.ca && bc.pathLen !== undefined && bc.pathLen >= 0 ? [D.integer(bc.pathLen)] : [])];
    out.push({ oid: '2.5.29.19', critical: true, value: D.seq(parts) });
  }
  out.push({ oid: '2.5.29.14', critical: false, value: D.octets(p.ski) });
  if (p.aki && p.aki.length > 0) out.push({ oid: '2.5.29.35', critical: false, value: D.seq([D.tlv(0x80, p.aki)]) });
  const aia = p.aia ?? { ocsp: [], issuing: [] };
  if (aia.ocsp.length + aia.issuing.length > 0) {
    out.push({
      oid: '1.3.6.1.5.5.7.1.1', critical: false, value: D.seq([
        ...aia.ocsp.map((u) => D.seq([D.oid('1.3.6.1.5.5.7.48.1'), D.tlv(0x86, te.encode(u))])),
        ...aia.issuing.map((u) => D.seq([D.oid('1.3.6.1.5.5.7.48.2'), D.tlv(0x86, te.encode(u))])),
      ]),
    });
  }
  if (p.sans && !sansEmpty(p.sans)) {
    // Go marks the SAN critical when the subject is empty; Vault's own otherName path never does.
    const emptySubject = p.subject.length <= 2 && p.sans.other.length === 0;
    out.push({ oid: '2.5.29.17', critical: emptySubject, value: sanDer(p.sans) });
  }
  if (p.policies && p.policies.length > 0) out.push({ oid: '2.5.29.32', critical: false, value: D.seq(p.policies.map((o) => D.seq([D.oid(o)]))) });
  if (p.permittedDns && p.permittedDns.length > 0) {
    out.push({ oid: '2.5.29.30', critical: true, value: D.seq([D.ctx(0, D.concat(p.permittedDns.map((d) => D.seq([D.tlv(0x82, te.encode(d))]))), true)]) });
  }
  if (p.crlDp && p.crlDp.length > 0) {
    out.push({ oid: '2.5.29.31', critical: false, value: D.seq(p.crlDp.map((u) => D.seq([D.ctx(0, D.ctx(0, D.tlv(0x86, te.encode(u)), true), true)]))) });
  }
  const extra = p.extra ?? [];
  return [...out.filter((e) => !extra.some((x) => x.oid === e.oid)), ...extra];
}

export async function buildCertificate(p: CertParams): Promise<Uint8Array> {
  const x = await loadX509();
  const signingKey = await webSigningKey(p.signer.key, p.signer.alg);
  const cert = await x.X509CertificateGenerator.create({
    serialNumber: D.hex(p.serial), subject: new x.Name(p.subject), issuer: new x.Name(p.signer.subject),
    notBefore: new Date(Math.floor(p.notBefore / 1000) * 1000), notAfter: new Date(Math.floor(p.notAfter / 1000) * 1000),
    publicKey: p.spki, signingKey, signingAlgorithm: p.signer.alg.signAlg as never,
    extensions: buildExtensions(p).map((e) => new x.Extension(e.oid, e.critical, e.value)),
  });
  return new Uint8Array(cert.rawData);
}

/** createCSR: subject and SANs; KU only when asked, BC CA:TRUE only with add_basic_constraints. */
export async function buildCsr(key: PrivateKey, subject: Uint8Array, sans: Sans, keyUsage: number[] | undefined, addBc: boolean, sigBits: number): Promise<Uint8Array> {
  const x = await loadX509();
  const alg = signAlgFor(key, sigBits, false);
  const exts: ExtSpec[] = [];
  if (!sansEmpty(sans)) exts.push({ oid: '2.5.29.17', critical: false, value: sanDer(sans) });
  if (keyUsage !== undefined && keyUsage.length > 0) exts.push({ oid: '2.5.29.15', critical: true, value: D.bitString(keyUsage) });
  if (addBc) exts.push({ oid: '2.5.29.19', critical: true, value: D.seq([D.bool(true)]) });
  const csr = await x.Pkcs10CertificateRequestGenerator.create({
    name: new x.Name(subject), signingAlgorithm: alg.signAlg as never,
    keys: { privateKey: await webSigningKey(key, alg), publicKey: await webPublicKey(key, alg) } as never,
    extensions: exts.map((e) => new x.Extension(e.oid, e.critical, e.value)),
  });
  return new Uint8Array(csr.rawData);
}

export interface CrlParams {
  issuer: Uint8Array; // Name DER
  thisUpdate: number;
  nextUpdate: number;
  entries: Array<{ serial: string; revoked: number }>; // colon-hex serials
  number: number;
  aki: Uint8Array;
  signer: { key: PrivateKey; alg: SignAlg };
  /** For a delta CRL: the number of the complete CRL it builds on (Delta CRL Indicator). */
  deltaBase?: number;
}

/** CreateRevocationList: v2, entries (serial, date) only, AKI then CRL Number, both non-critical. */
export async function buildCrl(p: CrlParams): Promise<Uint8Array> {
  const x = await loadX509();
  const crl = await x.X509CrlGenerator.create({
    issuer: new x.Name(p.issuer), thisUpdate: new Date(Math.floor(p.thisUpdate / 1000) * 1000),
    nextUpdate: new Date(Math.floor(p.nextUpdate / 1000) * 1000), signingAlgorithm: p.signer.alg.signAlg as never,
    signingKey: await webSigningKey(p.signer.key, p.signer.alg),
    entries: p.entries.map((e) => ({ serialNumber: e.serial.replace(/:/g, ''), revocationDate: new Date(Math.floor(e.revoked / 1000) * 1000) })),
    extensions: [
      new x.Extension('2.5.29.35', false, D.seq([D.tlv(0x80, p.aki)])),
      new x.Extension('2.5.29.20', false, D.integer(p.number)),
      ...(p.deltaBase !== undefined ? [new x.Extension('2.5.29.27', true, D.integer(p.deltaBase))] : []),
    ],
  });
  return new Uint8Array(crl.rawData);
}

/** A fresh serial: uniform in [0, 2^159), minimal bytes (certutil generateSerialNumber). */
export function newSerial(random: (n: number) => Uint8Array): Uint8Array {
  const b = random(20);
  b[0]! &= 0x7f;
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}
