// X.509 as the cert auth method sees it (V builtin/credential/cert/path_login.go parsePEM,
// validateConnState; LIB Go crypto/x509 ParseCertificate, Certificate.Verify, buildChains,
// isValid, checkChainForKeyUsage; sdk/helper/certutil GetHexFormatted). Parsing uses
// @peculiar/x509 for the fields Go exposes (names, SANs, key identifiers, extensions), node's
// X509Certificate for issuer and signature checks. Chains are built the way Go builds them: the
// leaf's validity first (its failure is an error), then parents from the roots and the presented
// intermediates (failures there only mean "no chain"), then the client-auth usage on the chains.
import { X509Certificate as NodeCert } from 'node:crypto';
import { ERR_X509_INCOMPATIBLE_USAGE, errX509Expired } from '../../errors/cert.js';
import { loadX509 } from '../../x509/load.js';

export interface Parsed {
  der: Buffer;
  node: NodeCert;
  isCA: boolean;
  commonName: string;
  organizationalUnits: string[];
  dnsNames: string[];
  emails: string[];
  uris: string[];
  /** Decimal, as Go's big.Int String(). */
  serial: string;
  subjectKeyId: Buffer;
  authorityKeyId: Buffer;
  /** Every extension: dotted OID and the extnValue bytes. */
  extensions: Array<{ oid: string; value: Buffer }>;
  /** Extended key usage OIDs, or undefined without the extension. */
  extKeyUsage: string[] | undefined;
  notBeforeMs: number;
  notAfterMs: number;
}

export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const EKU_ANY = '2.5.29.37.0';
/** The usages Go names (x509.ExtKeyUsage); others land in UnknownExtKeyUsage. */
const KNOWN_EKUS = new Set([
  EKU_ANY, '1.3.6.1.5.5.7.3.1', EKU_CLIENT_AUTH, '1.3.6.1.5.5.7.3.3', '1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.5',
  '1.3.6.1.5.5.7.3.6', '1.3.6.1.5.5.7.3.7', '1.3.6.1.5.5.7.3.8', '1.3.6.1.5.5.7.3.9', '1.3.6.1.4.1.311.10.3.3',
  '2.16.840.1.113730.4.1', '1.3.6.1.4.1.311.2.1.22', '1.3.6.1.4.1.311.61.1.1',
]);

/** Go's ExtKeyUsage slice is non-nil only when some usage is one Go knows. */
export function knownExtKeyUsages(p: Parsed): string[] | undefined {
  const known = (p.extKeyUsage ?? []).filter((u) => KNOWN_EKUS.has(u));
  return known.length > 0 ? known : undefined;
}

/** x509.ParseCertificate; undefined when the bytes are not a certificate. */
export async function parseDer(der: Uint8Array): Promise<Parsed | undefined> {
  const x = await loadX509();
  let cert: InstanceType<typeof x.X509Certificate>;
  let node: NodeCert;
  try {
    cert = new x.X509Certificate(der);
    node = new NodeCert(der);
  } catch {
    return undefined;
  }
  const bc = cert.getExtension(x.BasicConstraintsExtension);
  const ski = cert.getExtension(x.SubjectKeyIdentifierExtension);
  const aki = cert.getExtension(x.AuthorityKeyIdentifierExtension);
  const eku = cert.getExtension(x.ExtendedKeyUsageExtension);
  const names = cert.getExtension(x.SubjectAlternativeNameExtension)?.names.items ?? [];
  const cns = cert.subjectName.getField('CN');
  return {
    der: Buffer.from(der), node, isCA: bc?.ca === true,
    // pkix.Name.FillFromRDNSequence keeps the last CN and every OU.
    commonName: cns.length > 0 ? cns[cns.length - 1]! : '',
    organizationalUnits: cert.subjectName.getField('OU'),
    dnsNames: names.filter((n) => n.type === 'dns').map((n) => n.value),
    emails: names.filter((n) => n.type === 'email').map((n) => n.value),
    uris: names.filter((n) => n.type === 'url').map((n) => n.value),
    serial: BigInt(`0x${cert.serialNumber || '0'}`).toString(),
    subjectKeyId: Buffer.from(ski?.keyId ?? '', 'hex'),
    authorityKeyId: Buffer.from(aki?.keyId ?? '', 'hex'),
    extensions: cert.extensions.map((e) => ({ oid: e.type, value: Buffer.from(e.value) })),
    extKeyUsage: eku == null ? undefined : eku.usages.map(String),
    notBeforeMs: cert.notBefore.getTime(), notAfterMs: cert.notAfter.getTime(),
  };
}

// Parsed bundles by their text, as Vault keeps its trusted certificates in a cache (backend.go
// trustedCache) instead of parsing every entry on every login; bounded, oldest dropped first.
const bundles = new Map<string, Parsed[]>();
const BUNDLE_CACHE_SIZE = 256;

/** parsePEM: CERTIFICATE / TRUSTED CERTIFICATE blocks without headers; unparsable ones skipped. */
export async function parsePemBundle(text: string): Promise<Parsed[]> {
  const hit = bundles.get(text);
  if (hit !== undefined) return [...hit];
  const out = await parseBundle(text);
  if (bundles.size >= BUNDLE_CACHE_SIZE) bundles.delete(bundles.keys().next().value!);
  bundles.set(text, out);
  return [...out];
}

async function parseBundle(text: string): Promise<Parsed[]> {
  const out: Parsed[] = [];
  const re = /-----BEGIN ((?:TRUSTED )?CERTIFICATE)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (const m of text.matchAll(re)) {
    if (/^[\w-]+:/m.test(m[2]!)) continue;
    const body = m[2]!.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) continue;
    const p = await parseDer(Buffer.from(body, 'base64'));
    if (p !== undefined) out.push(p);
  }
  return out;
}

/** certutil.GetHexFormatted(b, ":"): lower-case hex bytes joined by colons. */
export function hexFormatted(b: Buffer): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** time.Time.Format(time.RFC3339) in UTC. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function checkValidity(c: Parsed, nowMs: number): string | undefined {
  if (nowMs < c.notBeforeMs) return errX509Expired(rfc3339(nowMs), 'before', rfc3339(c.notBeforeMs));
  if (nowMs > c.notAfterMs) return errX509Expired(rfc3339(nowMs), 'after', rfc3339(c.notAfterMs));
  return undefined;
}

function signedBy(child: Parsed, parent: Parsed): boolean {
  try {
    return child.node.checkIssued(parent.node) && child.node.verify(parent.node.publicKey);
  } catch {
    return false;
  }
}

/** checkChainForKeyUsage for client auth: every certificate that lists usages must allow it. */
const allowsClientAuth = (chain: readonly Parsed[]) =>
  chain.every((c) => {
    if (c.extKeyUsage === undefined || c.extKeyUsage.length === 0) return true;
    return c.extKeyUsage.includes(EKU_CLIENT_AUTH) || c.extKeyUsage.includes(EKU_ANY);
  });

/**
 * Certificate.Verify with Roots = `roots`, Intermediates = the rest of the presented chain and
 * KeyUsages = [client auth]: the verified chains (leaf first, root last); [] when no chain reaches a
 * root (Go's UnknownAuthorityError, which the method does not treat as an error); throws the x509
 * error text otherwise.
 */
export function verifyChains(leaf: Parsed, intermediates: readonly Parsed[], roots: readonly Parsed[], nowMs: number): Parsed[][] {
  const leafErr = checkValidity(leaf, nowMs);
  if (leafErr !== undefined) throw new Error(leafErr);
  const chains: Parsed[][] = [];
  if (roots.some((r) => r.der.equals(leaf.der))) {
    chains.push([leaf]);
  } else {
    const walk = (path: Parsed[]): void => {
      if (path.length > 10) return;
      const current = path[path.length - 1]!;
      for (const root of roots) {
        if (path.some((p) => p.der.equals(root.der))) continue;
        if (signedBy(current, root) && checkValidity(root, nowMs) === undefined) chains.push([...path, root]);
      }
      for (const mid of intermediates) {
        if (path.some((p) => p.der.equals(mid.der))) continue;
        if (!mid.isCA || checkValidity(mid, nowMs) !== undefined || !signedBy(current, mid)) continue;
        walk([...path, mid]);
      }
    };
    walk([leaf]);
  }
  if (chains.length === 0) return [];
  const usable = chains.filter(allowsClientAuth);
  if (usable.length === 0) throw new Error(ERR_X509_INCOMPATIBLE_USAGE);
  return usable;
}

/** asn1.Unmarshal(ext.Value, &string): the value of a DER string type, else "". */
export function asn1String(value: Buffer): string {
  const tag = value[0];
  if (tag === undefined || ![0x0c, 0x12, 0x13, 0x14, 0x16, 0x1e].includes(tag)) return '';
  let len = value[1] ?? 0;
  let off = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) return '';
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (value[2 + i] ?? 0);
    off = 2 + n;
  }
  const body = value.subarray(off, off + len);
  if (body.length !== len) return '';
  if (tag === 0x1e) {
    let s = '';
    for (let i = 0; i + 1 < body.length; i += 2) s += String.fromCharCode(body.readUInt16BE(i));
    return s;
  }
  return tag === 0x0c ? body.toString('utf8') : body.toString('latin1');
}
