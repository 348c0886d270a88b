// `issue/:role`, `sign/:role`, `sign-verbatim(/:role)` and their `issuer/:ref/…` forms (Vault
// builtin/logical/pki/path_issue_sign.go pathIssue, pathSign, pathSignVerbatim,
// pathIssueSignCert, signIssueApiResponse; issuing/sign_cert.go SignCert; issuing/roles.go
// SignVerbatimRoleWithOpts). A leaf is stored under certs/ unless the role says no_store, and
// carries a lease when the role says generate_lease.
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import * as E from '../../errors/pki.js';
import { fetchCa, aiaFor, type CaBundle } from './bundle.js';
import { buildCertificate, newSerial } from './certgen.js';
import { isSelfSigned, parseCert, serialColon } from './certinfo.js';
import { createBundle, extKeyUsageOids, keyUsageBits, notAfterFor, subjectFromAttrs, type Creation } from './creation.js';
import { csrSignatureValid, parseCsrPem, type ParsedCsr } from './csr.js';
import { generateKey, privateKeyText, signAlgFor, spkiDer, subjectKeyId, type KeyType, type PrivateKey } from './keys.js';
import { certPem } from './pem.js';
import { DEFAULT_KEY_USAGE, getRole, type Role } from './roles.js';
import type { PkiStore } from './store.js';

type Mode = 'issue' | 'sign' | 'verbatim';

export function checkFormat(d: FieldData, msg = E.ERR_FORMAT): string {
  const f = d.get<string>('format') ?? 'pem';
  if (!['pem', 'der', 'pem_bundle'].includes(f)) throw E.bad(msg);
  return f;
}

/** SignVerbatimRoleWithOpts: anything goes, KU/EKU from the request, a few settings from the role. */
function verbatimRole(d: FieldData, base: Role | undefined): Role {
  return {
    ttl: base?.ttl ?? 0, max_ttl: base?.max_ttl ?? 0, allow_localhost: true, allowed_domains: [], allowed_domains_template: false,
    allow_bare_domains: true, allow_subdomains: true, allow_glob_domains: true, allow_wildcard_certificates: true, allow_any_name: true,
    enforce_hostnames: false, allow_ip_sans: true, allowed_uri_sans: ['*'], allowed_uri_sans_template: false, allowed_other_sans: ['*'],
    allowed_serial_numbers: ['*'], allowed_user_ids: ['*'], server_flag: false, client_flag: false, code_signing_flag: false,
    email_protection_flag: false, key_type: 'any', key_bits: 0, signature_bits: d.get<number>('signature_bits') ?? 0, use_pss: d.get<boolean>('use_pss') ?? false,
    key_usage: d.getOk('key_usage').ok ? d.get<string[]>('key_usage') : DEFAULT_KEY_USAGE,
    ext_key_usage: d.get<string[]>('ext_key_usage') ?? [], ext_key_usage_oids: d.get<string[]>('ext_key_usage_oids') ?? [],
    use_csr_common_name: true, use_csr_sans: true, ou: [], organization: [], country: [], locality: [], province: [], street_address: [], postal_code: [],
    generate_lease: base?.generate_lease ?? false, no_store: base?.no_store ?? false, require_cn: false, cn_validations: ['disabled'],
    policy_identifiers: [], basic_constraints_valid_for_non_ca: false, not_before_duration: base?.not_before_duration ?? 30, not_after: '',
    issuer_ref: base?.issuer_ref ?? 'default', allow_token_displayname: false,
  };
}

function checkCsrKey(role: Role, csr: ParsedCsr): void {
  if (role.key_type === 'any') {
    if (csr.keyType === 'rsa' && csr.keyBits < 2048) throw E.bad(E.ERR_RSA_UNSAFE);
    return;
  }
  if (csr.keyType !== role.key_type) throw E.bad(E.errRoleKeyType(role.key_type));
  if (role.key_type !== 'ed25519' && csr.keyBits < role.key_bits) throw E.bad(E.errRoleKeyBits(role.key_bits, csr.keyBits));
}

export async function issueSign(store: PkiStore, req: FrameworkRequest, d: FieldData, mode: Mode): Promise<LogicalResponse> {
  const roleName = req.captures.role ?? '';
  let role: Role;
  if (mode === 'verbatim') {
    const base = roleName === '' ? undefined : await getRole(store, roleName);
    if (roleName !== '' && base === undefined) throw E.bad(E.errUnknownRole(roleName));
    role = verbatimRole(d, base);
  } else {
    const r = await getRole(store, roleName);
    if (r === undefined) throw E.bad(E.errUnknownRole(roleName));
    role = r;
    if (mode === 'issue' && role.key_type === 'any') throw E.bad(E.ERR_ISSUE_ANY);
  }
  const format = checkFormat(d);
  const issuerRef = req.captures.issuer_ref || role.issuer_ref || 'default';
  const ca = await fetchCa(store, issuerRef);
  const csr = mode === 'issue' ? undefined : parseCsrPem(d.get<string>('csr') ?? '');
  if (csr !== undefined) checkCsrKey(role, csr);
  const now = store.now();
  const mount = { now, defaultTtl: store.config.system.defaultLeaseTtl(), maxTtl: store.config.system.maxLeaseTtl() };
  const caLimits = { notAfter: ca.info.notAfter, behavior: ca.entry.leaf_not_after_behavior };
  let creation: Creation;
  const extra: Array<{ oid: string; critical: boolean; value: Uint8Array }> = [];
  if (mode === 'verbatim') {
    const warnings: string[] = [];
    const ttlWarnings: string[] = [];
    const notAfter = notAfterFor(role, d, mount, caLimits.notAfter, caLimits.behavior, ttlWarnings);
    for (const e of csr!.extensions) if (e.oid !== '2.5.29.19') extra.push(e);
    creation = {
      subject: subjectFromAttrs(csr!.attrs), sans: { dns: [], emails: [], ips: [], uris: [], other: [] },
      keyUsage: keyUsageBits(role.key_usage), extKeyUsage: extKeyUsageOids(role), notBefore: now - role.not_before_duration * 1000,
      notAfter, warnings, ttlWarnings,
    };
  } else {
    creation = createBundle(role, d, csr, mount, caLimits, req);
  }
  if (csr?.extensions.some((e) => e.oid === '2.5.29.19')) creation.warnings.push(E.WARN_CSR_BASIC_CONSTRAINTS);
  if (csr !== undefined && !(await csrSignatureValid(csr.der, csr.key))) throw E.bad(E.ERR_CSR_SIGNATURE);

  let leafKey: PrivateKey | undefined;
  let spki: Uint8Array;
  if (csr === undefined) {
    leafKey = await generateKey(role.key_type as KeyType, role.key_bits);
    spki = spkiDer(leafKey.object);
  } else {
    spki = csr.spki;
  }
  // The issue path hashes ECDSA by the CA's curve; sign paths honour signature_bits (hashicorp/vault builtin/logical/pki/issuing/issue_common.go).
  const alg = signAlgFor(ca.key, mode === 'issue' && ca.key.type === 'ec' ? 0 : role.signature_bits, role.use_pss);
  const aia = await aiaFor(store, ca.entry);
  const serial = newSerial((n) => store.config.random.bytes(n));
  const der = await buildCertificate({
    serial, subject: creation.subject, spki,
    notBefore: creation.notBefore, notAfter: creation.notAfter, keyUsage: creation.keyUsage, extKeyUsage: creation.extKeyUsage,
    basicConstraints: role.basic_constraints_valid_for_non_ca ? { ca: false } : undefined,
    ski: subjectKeyId(spki), aki: Buffer.from(ca.info.ski, 'hex'), aia: { ocsp: aia.ocsp, issuing: aia.issuing }, crlDp: aia.crl,
    sans: creation.sans, policies: role.policy_identifiers, extra,
    signer: { key: ca.key, subject: Buffer.from(ca.info.subjectDer, 'hex'), alg },
  });
  // what the certificate says, known without parsing it back: the serial we drew, NotAfter in
  // whole seconds as encoded
  const info = { serial: serialColon(serial), notAfter: Math.floor(creation.notAfter / 1000) * 1000 };
  if (!role.no_store) await store.storeCert(der, ca.entry.id, info);
  const resp = leafResponse(ca, der, info.serial, info.notAfter, leafKey, format, d);
  const warnings = [...creation.warnings, ...creation.ttlWarnings, ...creation.ttlWarnings];
  const out: LogicalResponse = { data: resp, ...(warnings.length > 0 ? { warnings } : {}) };
  if (role.generate_lease) {
    out.secret = { ttl: Math.max(0, Math.floor((info.notAfter - store.now()) / 1000)), maxTtl: 0, renewable: false, internal: { serial_number: info.serial, secret_type: 'pki' } };
  }
  return out;
}

/** signIssueApiResponse: the fields in Go's sorted map order. */
function leafResponse(ca: CaBundle, der: Uint8Array, serial: string, notAfter: number, key: PrivateKey | undefined, format: string, d: FieldData): Record<string, unknown> {
  const b64 = (x: Uint8Array): string => Buffer.from(x).toString('base64');
  const pem = (x: Uint8Array): string => certPem(x);
  const removeRoots = d.get<boolean>('remove_roots_from_chain') ?? false;
  const chainDer = removeRoots ? ca.chainDer.filter((c) => !isSelfSigned(c, parseCert(c))) : ca.chainDer;
  const pkcs8 = d.get<string>('private_key_format') === 'pkcs8';
  const out: Record<string, unknown> = {};
  if (chainDer.length > 0) out.ca_chain = chainDer.map(format === 'der' ? b64 : pem);
  if (format === 'der') out.certificate = b64(der);
  else if (format === 'pem_bundle') {
    out.certificate = [...(key ? [privateKeyText(key, 'pem', false)] : []), pem(der), ...ca.chainDer.map(pem)].join('\n');
  } else out.certificate = pem(der);
  out.expiration = Math.floor(notAfter / 1000);
  out.issuing_ca = format === 'der' ? b64(ca.der) : pem(ca.der);
  if (key) {
    out.private_key = privateKeyText(key, format === 'der' ? 'der' : 'pem', pkcs8);
    out.private_key_type = key.type;
  }
  out.serial_number = serial;
  return out;
}
