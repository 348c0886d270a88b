// keys/:name/csr and keys/:name/set-certificate: a PKCS#10 request signed by a key version (the
// subject and the subject alternative names of an optional template request carried over), and a
// certificate chain attached to a key version after checking its leaf holds that version's key.
// Upstream: V builtin/logical/transit path_certificates.go pathCreateCsrWrite,
// pathImportCertChainWrite, parseCsr, parseCertificateChain; KU sdk/helper/keysutil policy.go
// CreateCsr, ValidateAndPersistCertificateChain, ValidateLeafCertKeyMatch; Go crypto/x509
// CreateCertificateRequest (signature algorithm per key: SHA-256 with RSA PKCS#1 v1.5, ECDSA with
// SHA-256/384/512 by curve, pure Ed25519).
import { createPublicKey, sign as nodeSign, X509Certificate } from 'node:crypto';
import * as E from '../../errors/transit.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { CURVES, privateKeyOf, publicKeyOf, RSA_BITS } from './asym.js';
import { b64 } from './crypto.js';
import { bitString, integer0, NULL, oid, readTlv, seq, set, tlv } from './der.js';
import { isSigningType, type Policy, type PolicyStore } from './policy.js';

const bad = (msg: string) => new VaultError(400, msg);
const SAN_OID = Uint8Array.from(oid('2.5.29.17'));
const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** The loaded key, checked as both handlers check it (not found, no signing, derived). */
async function signingKey(store: PolicyStore, name: string, quoted: boolean): Promise<Policy> {
  const p = await store.get(name);
  if (p === undefined) throw bad(E.errTransitCertKeyNotFound(name));
  if (!isSigningType(p.typeName)) throw bad(quoted ? E.errTransitCsrNoSigning(p.typeName) : E.errTransitCertNoSigning(p.typeName));
  if (p.data.derived) throw bad(E.ERR_TRANSIT_CERT_DERIVED);
  return p;
}

/** Go's pem.Decode in a loop: the blocks, and whether text other than whitespace follows the last. */
function pemBlocks(text: string): { type: string; der: Uint8Array }[] & { trailing?: boolean } {
  const out: { type: string; der: Uint8Array }[] & { trailing?: boolean } = [];
  let end = 0;
  for (const m of text.matchAll(/-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/g)) {
    out.push({ type: m[1]!, der: new Uint8Array(Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')) });
    end = m.index + m[0].length;
  }
  out.trailing = text.slice(end).trim() !== '';
  return out;
}

/** From a template request: its subject DER and its subjectAltName extension, if any (x509.ParseCertificateRequest). */
function templateParts(pem: string): { subject: Uint8Array; san?: Uint8Array } {
  if (pem === '') return { subject: seq() };
  const block = pemBlocks(pem)[0];
  if (block === undefined) throw bad(E.ERR_TRANSIT_CSR_PEM);
  const der = block.der;
  const malformed = () => bad(E.ERR_GO_X509_MALFORMED_CSR);
  const outer = readTlv(der, 0);
  const info = outer && readTlv(der, outer.start);
  const version = info && readTlv(der, info.start);
  const subject = version && readTlv(der, version.end);
  const spki = subject && readTlv(der, subject.end);
  if (!outer || outer.tag !== 0x30 || !info || !version || version.tag !== 0x02 || !subject || subject.tag !== 0x30 || !spki) throw malformed();
  const out: { subject: Uint8Array; san?: Uint8Array } = { subject: der.slice(version.end, subject.end) };
  // attributes [0]: SET OF Attribute { type, SET OF value }; the extension request holds Extensions.
  const attrs = readTlv(der, spki.end);
  if (attrs && attrs.tag === 0xa0) {
    for (let a = attrs.start; a < attrs.end;) {
      const attr = readTlv(der, a);
      if (!attr) throw malformed();
      const type = readTlv(der, attr.start);
      const values = type && readTlv(der, type.end);
      if (type && values && Buffer.from(der.subarray(attr.start, type.end)).equals(Buffer.from(oid(EXTENSION_REQUEST)))) {
        const exts = readTlv(der, values.start);
        for (let x = exts?.start ?? 0; exts && x < exts.end;) {
          const ext = readTlv(der, x);
          if (!ext) throw malformed();
          const id = readTlv(der, ext.start);
          if (id && Buffer.from(der.subarray(ext.start, id.end)).equals(Buffer.from(SAN_OID))) out.san = der.slice(x, ext.end);
          x = ext.end;
        }
      }
      a = attr.end;
    }
  }
  return out;
}

/** Go's signingParamsForKey: the algorithm identifier and node's digest for each key type. */
function signatureAlgorithm(type: string): { alg: Uint8Array; digest: string | null } {
  if (Object.hasOwn(RSA_BITS, type)) return { alg: seq(oid('1.2.840.113549.1.1.11'), NULL), digest: 'sha256' };
  if (type === 'ed25519') return { alg: seq(oid('1.3.101.112')), digest: null };
  const bits = CURVES[type]!.bytes;
  return bits === 32 ? { alg: seq(oid('1.2.840.10045.4.3.2')), digest: 'sha256' }
    : bits === 48 ? { alg: seq(oid('1.2.840.10045.4.3.3')), digest: 'sha384' } : { alg: seq(oid('1.2.840.10045.4.3.4')), digest: 'sha512' };
}

/** POST keys/:name/csr (V path_certificates.go pathCreateCsrWrite, KU policy.go CreateCsr). */
export async function createCsr(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const p = await signingKey(store, req.captures.name!, true);
  const v = d.getOk<number>('version');
  const version = v.ok ? v.value : p.data.latest_version;
  const template = templateParts(d.get<string>('csr'));
  const e = p.entry(version);
  if (e === undefined) throw bad(E.errTransitCsr(E.ERR_TRANSIT_NO_SUCH_VERSION));
  const key = privateKeyOf(p.typeName, e);
  if (key === undefined) throw bad(E.errTransitCsr(E.ERR_TRANSIT_CSR_NO_PRIVATE));
  const attributes = template.san === undefined ? tlv(0xa0) : tlv(0xa0, seq(oid(EXTENSION_REQUEST), set(seq(template.san))));
  const spki = new Uint8Array(createPublicKey(key).export({ format: 'der', type: 'spki' }));
  const info = seq(integer0, template.subject, spki, attributes);
  const { alg, digest } = signatureAlgorithm(p.typeName);
  const signature = nodeSign(digest, info, key);
  const der = seq(info, alg, bitString(signature));
  const csr = `-----BEGIN CERTIFICATE REQUEST-----\n${b64(der).replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE REQUEST-----\n`;
  return { data: { csr, name: p.name, type: p.typeName } };
}

/**
 * The basicConstraints extension of a certificate, when it has one (Go's BasicConstraintsValid
 * and IsCA): TBSCertificate's [3] extensions, the one with OID 2.5.29.19, its cA BOOLEAN.
 */
function basicConstraints(der: Uint8Array): { ca: boolean } | undefined {
  const cert = readTlv(der, 0);
  const tbs = cert && readTlv(der, cert.start);
  if (!tbs) return undefined;
  const BC = Buffer.from(oid('2.5.29.19'));
  for (let off = tbs.start; off < tbs.end;) {
    const field = readTlv(der, off);
    if (!field) return undefined;
    if (field.tag === 0xa3) {
      const list = readTlv(der, field.start);
      for (let x = list?.start ?? 0; list && x < list.end;) {
        const ext = readTlv(der, x);
        const id = ext && readTlv(der, ext.start);
        if (!ext || !id) return undefined;
        if (Buffer.from(der.subarray(ext.start, id.end)).equals(BC)) {
          let v = readTlv(der, id.end);
          if (v && v.tag === 0x01) v = readTlv(der, v.end); // critical
          const value = v && readTlv(der, v.start); // OCTET STRING holding BasicConstraints
          const first = value && value.end > value.start ? readTlv(der, value.start) : undefined;
          return { ca: first?.tag === 0x01 && der[first.start] !== 0 };
        }
        x = ext.end;
      }
    }
    off = field.end;
  }
  return undefined;
}

const GO_ALGORITHM: Record<string, string> = { rsa: 'RSA', 'rsa-pss': 'RSA', ec: 'ECDSA', ed25519: 'Ed25519', dsa: 'DSA' };

/** POST keys/:name/set-certificate (V pathImportCertChainWrite, KU ValidateAndPersistCertificateChain). */
export async function setCertificate(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const name = req.captures.name!;
  return store.exclusive(name, async () => {
    // Checked on the shared copy first, then changed on a private one under the key's lock.
    await signingKey(store, name, false);
    const p = (await store.getLocked(name))!;
    const v = d.getOk<number>('version');
    const version = v.ok ? v.value : p.data.latest_version;
    const pem = d.get<string>('certificate_chain');
    const text = pem.trim();
    const blocks = pemBlocks(text);
    if (blocks.trailing) throw bad(E.ERR_TRANSIT_CHAIN_PEM);
    const certs = blocks.filter((b) => b.type === 'CERTIFICATE' || b.type === 'X05 CERTIFICATE');
    if (certs.length === 0) throw bad(E.ERR_TRANSIT_CHAIN_EMPTY);
    const parsed = certs.map((c) => {
      try {
        const cert = new X509Certificate(c.der);
        return { der: c.der, bc: basicConstraints(c.der), key: cert.publicKey };
      } catch (err) {
        throw bad(E.errTransitChainParse(`x509: ${(err as Error).message}`));
      }
    });
    const persistError = (msg: string) => bad(E.errTransitChainPersist(msg));
    if (parsed[0]!.bc?.ca === true) throw persistError(E.ERR_TRANSIT_CHAIN_NOT_LEAF);
    for (const c of parsed.slice(1)) if (c.bc !== undefined && !c.bc.ca) throw persistError(E.ERR_TRANSIT_CHAIN_TWO_LEAVES);
    const leaf = parsed[0]!.key;
    const alg = GO_ALGORITHM[leaf.asymmetricKeyType ?? ''] ?? '0';
    const t = p.typeName;
    const matchesType = (alg === 'RSA' && Object.hasOwn(RSA_BITS, t)) || (alg === 'ECDSA' && Object.hasOwn(CURVES, t)) || (alg === 'Ed25519' && t === 'ed25519');
    if (!matchesType) throw persistError(E.errTransitChainKeyMatch(E.errTransitChainAlgorithm(alg, t)));
    const e = p.entry(version);
    if (e === undefined) throw persistError(E.errTransitChainKeyMatch(E.ERR_TRANSIT_NO_SUCH_VERSION));
    const own = publicKeyOf(t, e).export({ format: 'der', type: 'spki' });
    if (!leaf.export({ format: 'der', type: 'spki' }).equals(own)) throw new GoError(500, E.errTransitChainPersist(E.ERR_TRANSIT_CHAIN_MISMATCH));
    await store.replaceEntry(p, version, { ...e, certificate_chain: parsed.map((c) => b64(c.der)) });
    return { data: { 'certificate-chain': pem, name: p.name, type: t } };
  });
}
