// Reading a PKCS#10 request the way Vault does with Go's x509.ParseCertificateRequest (Vault
// builtin/logical/pki/cert_util.go SignCertInputFromDataFields.GetCSR, issuing/sign_cert.go):
// subject attributes in order, the requested extensions (SAN, KU, BC…), the public key and its
// type/size. The signature is checked through the X.509 library (node:crypto for P-224 keys).
import { createPublicKey, type KeyObject } from 'node:crypto';
import { loadX509 } from '../../x509/load.js';
import { nodeOnlyCurve, verifyEcdsa } from '../../x509/node-signing.js';
import { children, content, oidText, readTlv, whole } from './der.js';
import { describeKey, type KeyType } from './keys.js';
import { pemDecodeFirst } from './pem.js';
import type { Sans } from './certgen.js';
import * as E from '../../errors/pki.js';

export interface NameAttr { oid: string; value: string }

export interface ParsedCsr {
  der: Uint8Array;
  subjectDer: Uint8Array;
  attrs: NameAttr[];
  spki: Uint8Array;
  key: KeyObject;
  keyType: KeyType | undefined;
  keyBits: number;
  extensions: Array<{ oid: string; critical: boolean; value: Uint8Array }>;
  sans: Sans;
}

const td = new TextDecoder();

function stringValue(b: Uint8Array, tag: number): string {
  if (tag === 0x1e) { // BMPString
    let s = '';
    for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
    return s;
  }
  return td.decode(b);
}

export function nameAttrs(b: Uint8Array): NameAttr[] {
  const out: NameAttr[] = [];
  for (const rdn of children(b, readTlv(b, 0))) {
    for (const atv of children(b, rdn)) {
      const [o, v] = children(b, atv);
      out.push({ oid: oidText(content(b, o!)), value: stringValue(content(b, v!), b[v!.headerStart]!) });
    }
  }
  return out;
}

export function parseSans(v: Uint8Array): Sans {
  const s: Sans = { dns: [], emails: [], ips: [], uris: [], other: [] };
  for (const g of children(v, readTlv(v, 0))) {
    const c = content(v, g);
    if (g.tag === 0x82) s.dns.push(td.decode(c));
    else if (g.tag === 0x81) s.emails.push(td.decode(c));
    else if (g.tag === 0x86) s.uris.push(td.decode(c));
    else if (g.tag === 0x87) s.ips.push(c.length === 4 ? [...c].join('.') : ipv6Text(c));
    else if (g.tag === 0xa0) {
      const [o, val] = children(v, g);
      const inner = children(v, val!)[0]!;
      s.other.push({ oid: oidText(content(v, o!)), value: td.decode(content(v, inner)) });
    }
  }
  return s;
}

function ipv6Text(c: Uint8Array): string {
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((c[i]! << 8) | c[i + 1]!).toString(16));
  return words.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** GetCSR's checks in Vault's order, each with Vault's message (400). */
export function parseCsrPem(pem: string): ParsedCsr {
  if (pem === '') throw E.bad(E.ERR_CSR_EMPTY);
  const block = pemDecodeFirst(pem);
  if (block === undefined) throw E.bad(E.ERR_CSR_NO_DATA);
  let der: Uint8Array;
  try {
    der = block.der;
    const top = readTlv(der, 0);
    const info = children(der, top)[0]!;
    const f = children(der, info);
    const subjectDer = whole(der, f[1]!).slice();
    const spki = whole(der, f[2]!).slice();
    const extensions: ParsedCsr['extensions'] = [];
    const attrsT = f.find((t) => t.tag === 0xa0);
    if (attrsT !== undefined) {
      for (const attr of children(der, attrsT)) {
        const [o, set] = children(der, attr);
        if (oidText(content(der, o!)) !== '1.2.840.113549.1.9.14') continue;
        const exts = children(der, children(der, set!)[0]!);
        for (const e of exts) {
          const parts = children(der, e);
          extensions.push({
            oid: oidText(content(der, parts[0]!)), critical: parts.length === 3 && der[parts[1]!.start] === 0xff,
            value: content(der, parts[parts.length - 1]!).slice(),
          });
        }
      }
    }
    let key: KeyObject;
    let keyType: KeyType | undefined;
    let keyBits = 0;
    try {
      key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      const d = describeKey(key);
      keyType = d?.type; keyBits = d?.bits ?? 0;
    } catch {
      throw E.bad(E.ERR_CSR_PUBKEY);
    }
    if (keyType === undefined) throw E.bad(E.ERR_CSR_PUBKEY);
    const san = extensions.find((e) => e.oid === '2.5.29.17');
    return {
      der, subjectDer, attrs: nameAttrs(subjectDer), spki, key, keyType, keyBits, extensions,
      sans: san ? parseSans(san.value) : { dns: [], emails: [], ips: [], uris: [], other: [] },
    };
  } catch (e) {
    if (e instanceof E.VaultErrorClass) throw e;
    throw E.bad(E.errCsrParse(E.GO_MALFORMED_CSR));
  }
}

/**
 * CheckSignature of the request (checked after the name and TTL rules, as Vault does). Keys of a
 * curve WebCrypto lacks (P-224) are checked by node:crypto over the request's own bytes.
 */
export async function csrSignatureValid(der: Uint8Array, key?: KeyObject): Promise<boolean> {
  if (key !== undefined && nodeOnlyCurve(key) !== undefined) {
    try {
      const [info, alg, sig] = children(der, readTlv(der, 0));
      const algOid = oidText(content(der, children(der, alg!)[0]!));
      return verifyEcdsa(algOid, whole(der, info!), content(der, sig!).subarray(1), key);
    } catch {
      return false;
    }
  }
  const x = await loadX509();
  try {
    return await new x.Pkcs10CertificateRequest(der).verify();
  } catch {
    return false;
  }
}
