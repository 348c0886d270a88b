// Signing other CAs: `root/sign-intermediate` / `issuer/:ref/sign-intermediate` and
// `root/sign-self-issued` / `issuer/:ref/sign-self-issued` (Vault builtin/logical/pki/
// path_root.go pathIssuerSignIntermediate, signIntermediateResponse, pathIssuerSignSelfIssued;
// issuing/sign_cert.go SignCert). The signed intermediate is stored under certs/ but does not
// become an issuer of this mount.
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { rfc3339Nano } from '../../util/clock.js';
import * as E from '../../errors/pki.js';
import { aiaFor, fetchCa, urlsConfigured } from './bundle.js';
import { buildCertificate, newSerial } from './certgen.js';
import { parseCert } from './certinfo.js';
import { ROLE_DEFAULTS_FOR_CA } from './ca-role.js';
import { createBundle, subjectFromAttrs } from './creation.js';
import { csrSignatureValid, parseCsrPem } from './csr.js';
import { signAlgFor, subjectKeyId } from './keys.js';
import { certPem, pemDecodeAll } from './pem.js';
import { checkFormat } from './issue.js';
import type { PkiStore } from './store.js';

export async function signIntermediate(store: PkiStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const format = checkFormat(d, E.ERR_FORMAT_SIGN_INTERMEDIATE);
  const ca = await fetchCa(store, req.captures.issuer_ref || d.get<string>('issuer_ref') || 'default');
  const csr = parseCsrPem(d.get<string>('csr'));
  if (csr.keyType === 'rsa' && csr.keyBits < 2048) throw E.bad(E.ERR_RSA_UNSAFE);
  const useCsrValues = d.get<boolean>('use_csr_values');
  const role = {
    ...ROLE_DEFAULTS_FOR_CA, use_csr_common_name: d.get<string>('common_name') === '', use_csr_sans: useCsrValues,
    ou: d.get<string[]>('ou'), organization: d.get<string[]>('organization'), country: d.get<string[]>('country'),
    locality: d.get<string[]>('locality'), province: d.get<string[]>('province'), street_address: d.get<string[]>('street_address'),
    postal_code: d.get<string[]>('postal_code'), not_before_duration: d.get<number>('not_before_duration'),
  };
  const now = store.now();
  const mount = { now, defaultTtl: store.config.system.defaultLeaseTtl(), maxTtl: store.config.system.maxLeaseTtl() };
  const c = createBundle(role, d, csr, mount, { notAfter: Number.MAX_SAFE_INTEGER, behavior: 'permit' });
  const warnings: string[] = [];
  let notAfter = c.notAfter;
  if (notAfter > ca.info.notAfter) {
    if (!d.get<boolean>('enforce_leaf_not_after_behavior')) { notAfter = ca.info.notAfter; warnings.push(E.WARN_INTERMEDIATE_TRUNCATED); }
    else if (ca.entry.leaf_not_after_behavior === 'truncate') notAfter = ca.info.notAfter;
    else if (ca.entry.leaf_not_after_behavior === 'err') throw E.bad(E.errBeyondCa(rfc3339Nano(notAfter), rfc3339Nano(ca.info.notAfter)));
  }
  let pathLen: number;
  if (d.getOk('max_path_length').ok) pathLen = d.get<number>('max_path_length');
  else if (ca.info.pathLen === undefined) pathLen = -1;
  else if (ca.info.pathLen === 0) throw E.bad(E.ERR_PATHLEN_ZERO);
  else pathLen = ca.info.pathLen - 1;
  const skid = d.get<string>('skid').replace(/[:\s-]/g, '');
  // certutil signCertificate checks the request's signature last, for every CSR it signs
  if (!(await csrSignatureValid(csr.der, csr.key))) throw E.bad(E.ERR_CSR_SIGNATURE);
  const aia = await aiaFor(store, ca.entry);
  const subject = useCsrValues ? subjectFromAttrs(csr.attrs) : c.subject;
  const der = await buildCertificate({
    serial: newSerial((n) => store.config.random.bytes(n)), subject, spki: csr.spki, notBefore: c.notBefore, notAfter,
    keyUsage: [5, 6], basicConstraints: { ca: true, pathLen }, ski: skid !== '' ? Buffer.from(skid, 'hex') : subjectKeyId(csr.spki),
    aki: Buffer.from(ca.info.ski, 'hex'), aia: { ocsp: aia.ocsp, issuing: aia.issuing }, crlDp: aia.crl, sans: c.sans,
    permittedDns: d.get<string[]>('permitted_dns_domains'),
    extra: useCsrValues ? csr.extensions.filter((e) => e.oid !== '2.5.29.19') : [],
    signer: { key: ca.key, subject: Buffer.from(ca.info.subjectDer, 'hex'), alg: signAlgFor(ca.key, d.get<number>('signature_bits'), d.get<boolean>('use_pss')) },
  });
  const info = parseCert(der);
  await store.storeCert(der, ca.entry.id, info);
  const enc = (x: Uint8Array): string => (format === 'der' ? Buffer.from(x).toString('base64') : certPem(x));
  const chain = [der, ...ca.chainDer].map(enc);
  const out: string[] = [];
  if (notAfter > ca.info.notAfter) out.push(E.WARN_EXPIRY_AFTER_CA);
  if (subject.length <= 2) out.push(E.WARN_NO_SUBJECT);
  if (!(await urlsConfigured(store)) && ca.entry.aia === null) out.push(E.WARN_NO_AIA);
  if (pathLen === 0) out.push(E.WARN_PATHLEN_ZERO_SIGNED);
  out.push(...c.ttlWarnings, ...warnings);
  return {
    data: {
      ca_chain: chain, certificate: format === 'pem_bundle' ? chain.join('\n') : enc(der), expiration: Math.floor(info.notAfter / 1000),
      issuing_ca: enc(ca.der), serial_number: info.serial,
    },
    ...(out.length > 0 ? { warnings: out } : {}),
  };
}

/** pathIssuerSignSelfIssued: re-signs a self-issued CA certificate with this issuer. */
export async function signSelfIssued(store: PkiStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const text = d.get<string>('certificate');
  const blocks = pemDecodeAll(text);
  if (blocks.length === 0) throw E.bad(E.errSelfIssuedParse(E.GO_NO_PEM));
  if (blocks.length !== 1) throw E.bad(E.errSelfIssuedCount(blocks.length));
  let info;
  try { info = parseCert(blocks[0]!.der); } catch { throw E.bad(E.errSelfIssuedParse(E.GO_MALFORMED_CERT)); }
  if (!info.isCa) throw E.bad(E.ERR_SELF_ISSUED_NOT_CA);
  if (info.subjectDer !== info.issuerDer) throw E.bad(E.ERR_SELF_ISSUED_NOT_SELF);
  const ca = await fetchCa(store, req.captures.issuer_ref || d.get<string>('issuer_ref') || 'default');
  const aia = await aiaFor(store, ca.entry);
  // Go re-encodes the parsed template: the certificate's own extensions survive except the ones
  // the signer decides (AKI, AIA, CRL DP), which buildExtensions writes from the signer.
  const keep = info.extensions.filter((e) => !['2.5.29.35', '1.3.6.1.5.5.7.1.1', '2.5.29.31', '2.5.29.14'].includes(e.oid));
  const der = await buildCertificate({
    serial: Buffer.from(info.serial.replace(/:/g, ''), 'hex'), subject: Buffer.from(info.subjectDer, 'hex'), spki: info.spki,
    notBefore: info.notBefore, notAfter: info.notAfter, ski: info.ski !== '' ? Buffer.from(info.ski, 'hex') : subjectKeyId(info.spki),
    aki: Buffer.from(ca.info.ski, 'hex'), aia: { ocsp: aia.ocsp, issuing: aia.issuing }, crlDp: aia.crl, extra: keep,
    signer: { key: ca.key, subject: Buffer.from(ca.info.subjectDer, 'hex'), alg: signAlgFor(ca.key, 0, false) },
  });
  return { data: { certificate: certPem(der), issuing_ca: certPem(ca.der) } };
}
