// What the engine needs to know about a DER certificate it stores or imports: serial, subject and
// issuer DN bytes (chains are built by DN and key id, as Go's x509 does), validity, public key,
// SKI/AKI, basic constraints and key usage. node:crypto's X509Certificate checks signatures; the
// raw fields come from a small DER walk over the TBSCertificate (RFC 5280 §4.1).
import { X509Certificate } from 'node:crypto';
import { children, colonHex, content, hex, oidText, readTlv, whole } from './der.js';

export interface CertInfo {
  /** Minimal big-endian serial bytes, Vault's colon hex. */
  serial: string;
  subjectDer: string; // hex
  issuerDer: string; // hex
  notBefore: number; // ms
  notAfter: number; // ms
  spki: Uint8Array;
  ski: string; // hex, '' when absent
  aki: string; // hex, '' when absent
  isCa: boolean;
  pathLen: number | undefined;
  /** Key usage bits (bit 0 = digitalSignature), undefined when the extension is absent. */
  keyUsage: number[] | undefined;
  extensions: Array<{ oid: string; critical: boolean; value: Uint8Array }>;
}

export function serialColon(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return colonHex(bytes.subarray(i));
}

/** Vault's storage form of a serial: lowercase, hyphens (fetchCertBySerial normalisation). */
export const serialStorage = (s: string): string => s.toLowerCase().replace(/:/g, '-');
export const serialApi = (s: string): string => s.toLowerCase().replace(/-/g, ':');

// Parsed certificates are immutable facts about immutable bytes: remembered by content, so the
// chain walks on every issue do not re-parse the same issuers (a bounded map, oldest out first).
const parsed = new Map<string, CertInfo>();
const verified = new Map<string, boolean>();
const LIMIT = 512;
function remember<V>(m: Map<string, V>, k: string, v: V): V {
  if (m.size >= LIMIT) m.delete(m.keys().next().value!);
  m.set(k, v);
  return v;
}

/** The certificate's facts; the result is shared and must not be changed. */
export function parseCert(der: Uint8Array): CertInfo {
  const key = Buffer.from(der).toString('base64');
  return parsed.get(key) ?? remember(parsed, key, parseUncached(der));
}

function parseUncached(der: Uint8Array): CertInfo {
  const node = new X509Certificate(der); // throws on anything that is not a certificate
  const cert = readTlv(der, 0);
  const tbs = children(der, cert)[0]!;
  let f = children(der, tbs);
  if (f[0]!.tag === 0xa0) f = f.slice(1);
  const [serialT, , issuerT, , subjectT, spkiT, ...rest] = f;
  const info: CertInfo = {
    serial: serialColon(content(der, serialT!)),
    issuerDer: hex(whole(der, issuerT!)), subjectDer: hex(whole(der, subjectT!)),
    notBefore: Date.parse(node.validFrom), notAfter: Date.parse(node.validTo),
    spki: whole(der, spkiT!).slice(), ski: '', aki: '', isCa: false, pathLen: undefined, keyUsage: undefined, extensions: [],
  };
  const extsT = rest.find((t) => t.tag === 0xa3);
  if (extsT !== undefined) {
    for (const e of children(der, children(der, extsT)[0]!)) {
      const parts = children(der, e);
      const oid = oidText(content(der, parts[0]!));
      const critical = parts.length === 3 && der[parts[1]!.start] === 0xff;
      const value = content(der, parts[parts.length - 1]!);
      info.extensions.push({ oid, critical, value: value.slice() });
      readExtension(info, oid, value);
    }
  }
  return info;
}

function readExtension(info: CertInfo, oid: string, v: Uint8Array): void {
  if (oid === '2.5.29.14') info.ski = hex(content(v, readTlv(v, 0)));
  else if (oid === '2.5.29.35') {
    const kid = children(v, readTlv(v, 0)).find((t) => t.tag === 0x80);
    if (kid !== undefined) info.aki = hex(content(v, kid));
  } else if (oid === '2.5.29.19') {
    for (const c of children(v, readTlv(v, 0))) {
      if (c.tag === 0x01) info.isCa = v[c.start] !== 0;
      if (c.tag === 0x02) info.pathLen = [...content(v, c)].reduce((n, x) => n * 256 + x, 0);
    }
  } else if (oid === '2.5.29.15') {
    const bs = content(v, readTlv(v, 0));
    const bits: number[] = [];
    for (let i = 1; i < bs.length; i++) for (let j = 0; j < 8; j++) if (bs[i]! & (0x80 >> j)) bits.push((i - 1) * 8 + j);
    info.keyUsage = bits;
  }
}

/** Self-issued and self-signed (Go's checkSignatureFrom on itself). */
export function isSelfSigned(der: Uint8Array, info: CertInfo): boolean {
  if (info.subjectDer !== info.issuerDer) return false;
  return signedBy(der, der);
}

/** `child` was signed by `parent` (DN match and signature). */
export function signedBy(child: Uint8Array, parent: Uint8Array): boolean {
  const key = Buffer.from(child).toString('base64') + '|' + Buffer.from(parent).toString('base64');
  return verified.get(key) ?? remember(verified, key, signedByUncached(child, parent));
}

function signedByUncached(child: Uint8Array, parent: Uint8Array): boolean {
  const c = new X509Certificate(child);
  const p = new X509Certificate(parent);
  try {
    return c.checkIssued(p) && c.verify(p.publicKey);
  } catch {
    return false;
  }
}
