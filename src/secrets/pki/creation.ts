// What a role allows a leaf to contain (Vault builtin/logical/pki/issuing/issue_common.go
// GenerateCreationBundle, GetCertificateNotAfter; issuing/roles.go ParseExtKeyUsagesFromRole):
// the subject, SANs, key and extended key usages, validity — each refusal with Vault's message,
// in Vault's order.
import { isIP } from 'node:net';
import type { FieldData } from '../../framework/types.js';
import type { RequestIdentity } from '../../framework/identity.js';
import { formatGoDuration } from '../../go/time.js';
import { rfc3339Nano } from '../../util/clock.js';
import * as E from '../../errors/pki.js';
import { EKU, KU, subjectDer, type Sans } from './certgen.js';
import type { ParsedCsr } from './csr.js';
import * as D from './der.js';
import { globAllowed, HOSTNAME_RE, parseOtherSan, toAscii, validateCommonName, validateNames, validateOtherSans, validateUriSan } from './names.js';
import type { Role } from './roles.js';

export interface Creation {
  subject: Uint8Array;
  sans: Sans;
  keyUsage: number[];
  extKeyUsage: string[];
  notBefore: number;
  notAfter: number;
  warnings: string[];
  /** TTL warnings (Vault appends them to the response twice). */
  ttlWarnings: string[];
}

/** RemoveDuplicates: de-duplicated and sorted (go-secure-stdlib strutil). */
const uniqSorted = (xs: string[]): string[] => [...new Set(xs)].sort();
/** RemoveDuplicatesStable: first occurrence kept, order kept. */
const uniqStable = (xs: string[]): string[] => [...new Set(xs)];

export function keyUsageBits(names: readonly string[]): number[] {
  const bits: number[] = [];
  for (const n of names) {
    const bit = (KU as Record<string, number>)[n.trim().toLowerCase()];
    if (bit !== undefined && !bits.includes(bit)) bits.push(bit);
  }
  return bits;
}

export function extKeyUsageOids(role: Pick<Role, 'server_flag' | 'client_flag' | 'code_signing_flag' | 'email_protection_flag' | 'ext_key_usage' | 'ext_key_usage_oids'>): string[] {
  const out: string[] = [];
  const add = (o: string | undefined): void => { if (o !== undefined && !out.includes(o)) out.push(o); };
  if (role.server_flag) add(EKU.serverauth);
  if (role.client_flag) add(EKU.clientauth);
  if (role.code_signing_flag) add(EKU.codesigning);
  if (role.email_protection_flag) add(EKU.emailprotection);
  for (const n of role.ext_key_usage) add(EKU[n.trim().toLowerCase()]);
  for (const o of role.ext_key_usage_oids) out.push(o);
  return out;
}

/** A URI the way Go's url.Parse accepts it for a SAN: a scheme and something after it. */
function validUri(u: string): boolean {
  try { return new URL(u).protocol.length > 1; } catch { return false; }
}

export interface Mount { now: number; defaultTtl: number; maxTtl: number }

/** GetCertificateNotAfter + ApplyIssuerLeafNotAfterBehavior. */
export function notAfterFor(role: Role, d: FieldData, m: Mount, caNotAfter: number, behavior: string, warnings: string[]): number {
  const notAfterStr = role.not_after !== '' ? role.not_after : opt<string>(d, 'not_after') ?? '';
  const reqTtl = opt<number>(d, 'ttl') ?? 0;
  if (reqTtl > 0 && notAfterStr !== '') throw E.bad(E.ERR_TTL_AND_NOT_AFTER);
  let ttl = reqTtl > 0 ? reqTtl : role.ttl > 0 ? role.ttl : m.defaultTtl;
  const maxTtl = role.max_ttl > 0 ? role.max_ttl : m.maxTtl;
  if (ttl > maxTtl) {
    warnings.push(E.warnTtlClamp(formatGoDuration(ttl), formatGoDuration(maxTtl)));
    ttl = maxTtl;
  }
  let notAfter: number;
  if (notAfterStr !== '') {
    const parsed = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(notAfterStr) ? Date.parse(notAfterStr) : NaN;
    if (Number.isNaN(parsed)) throw E.bad(E.errParsingTime(notAfterStr));
    notAfter = parsed;
  } else {
    notAfter = m.now + ttl * 1000;
  }
  if (notAfter > caNotAfter) {
    if (behavior === 'truncate') notAfter = caNotAfter;
    else if (behavior !== 'permit') throw E.bad(E.errBeyondCa(rfc3339Nano(notAfter), rfc3339Nano(caNotAfter)));
  }
  return notAfter;
}

const UID_OID = '0.9.2342.19200300.100.1.1';

/** GenerateCreationBundle for issue and sign (csr undefined for issue). */
export function createBundle(
  role: Role, d: FieldData, csr: ParsedCsr | undefined, m: Mount, ca: { notAfter: number; behavior: string }, who?: RequestIdentity,
): Creation {
  const warnings: string[] = [];
  const ttlWarnings: string[] = [];
  const reqCn = opt<string>(d, 'common_name') ?? '';
  const useCsrCn = csr !== undefined && role.use_csr_common_name;
  const useCsrSans = csr !== undefined && role.use_csr_sans;
  if (useCsrCn && reqCn !== '') warnings.push(E.WARN_CN_SHADOWED);
  if (useCsrSans && (opt<string>(d, 'alt_names') ?? '') !== '') warnings.push(E.WARN_ALT_SHADOWED);
  const cn = useCsrCn ? (csr.attrs.find((a) => a.oid === '2.5.4.3')?.value ?? '') : reqCn;
  if (cn === '' && role.require_cn) throw E.bad(E.ERR_CN_REQUIRED);
  const reqSerial = opt<string>(d, 'serial_number') ?? '';
  const serialNumber = reqSerial !== '' ? reqSerial : (csr?.attrs.find((a) => a.oid === '2.5.4.5')?.value ?? '');

  let dns: string[] = [];
  let emails: string[] = [];
  if (useCsrSans) {
    dns = [...csr.sans.dns];
    emails = [...csr.sans.emails];
  } else {
    const alt = opt<string>(d, 'alt_names') ?? '';
    for (const v of uniqSorted(alt === '' ? [] : alt.split(',').map((x) => x.trim()).filter((x) => x !== ''))) {
      if (v.includes('@')) emails.push(v);
      else { const c = toAscii(v); if (c !== undefined && HOSTNAME_RE.test(c)) dns.push(c); }
    }
  }
  if (cn !== '' && !opt<boolean>(d, 'exclude_cn_from_sans')) {
    if (cn.includes('@')) emails.push(cn);
    else { const c = toAscii(cn); if (c !== undefined && HOSTNAME_RE.test(c)) dns.push(c); }
  }
  dns = uniqSorted(dns);
  emails = uniqSorted(emails);

  if (cn !== '' && validateCommonName(role, cn, who) !== '') throw E.bad(E.errCnNotAllowed(cn));
  if (serialNumber !== '' && !globAllowed(role.allowed_serial_numbers, serialNumber, false)) throw E.bad(E.errSerialNotAllowed(serialNumber));
  const badDns = validateNames(role, dns, who);
  if (badDns !== '') throw E.bad(E.errSanNotAllowed(badDns));
  const badEmail = validateNames(role, emails, who);
  if (badEmail !== '') throw E.bad(E.errEmailNotAllowed(badEmail));

  const other: Array<{ oid: string; value: string }> = [];
  for (const raw of opt<string[]>(d, 'other_sans') ?? []) {
    const p = parseOtherSan(raw);
    if (typeof p === 'string') throw E.bad(E.errOtherSanParse(p));
    other.push(p);
  }
  if (useCsrSans) other.push(...csr.sans.other);
  if (other.length > 0) {
    const bad = validateOtherSans(role, other);
    if (bad?.value !== undefined) throw E.bad(E.errOtherSanValue(bad.value, bad.oid!));
    if (bad !== undefined) throw E.bad(E.errOtherSanOid(bad.oid!));
  }

  let ips: string[];
  if (useCsrSans) {
    ips = csr.sans.ips;
    if (ips.length > 0 && !role.allow_ip_sans) throw E.bad(E.ERR_IP_SANS_CSR);
  } else {
    ips = opt<string[]>(d, 'ip_sans') ?? [];
    if (ips.length > 0 && !role.allow_ip_sans) throw E.bad(E.errIpSansApi(ips));
    for (const ip of ips) if (isIP(ip) === 0) throw E.bad(E.errBadIp(ip));
  }

  const via = useCsrSans ? 'CSR' : 'the API';
  const uris = useCsrSans ? csr.sans.uris : (opt<string[]>(d, 'uri_sans') ?? []);
  if (uris.length > 0) {
    if (role.allowed_uri_sans.length === 0) throw E.bad(E.errUriNone(via));
    for (const u of uris) {
      if (!validUri(u)) throw E.bad(E.errUriParse(u));
      if (!validateUriSan(role, u, who)) throw E.bad(E.errUriNoMatch(via));
    }
  }

  const notAfter = notAfterFor(role, d, m, ca.notAfter, ca.behavior, ttlWarnings);

  const reqUids = opt<string[]>(d, 'user_ids') ?? [];
  const uids = reqUids.length > 0 ? reqUids : (csr?.attrs.filter((a) => a.oid === UID_OID).map((a) => a.value) ?? []);
  for (const u of uids) if (!globAllowed(role.allowed_user_ids, u, true)) throw E.bad(E.errUserId(u));

  const subject = subjectDer({
    country: uniqStable(role.country), province: uniqStable(role.province), locality: uniqStable(role.locality),
    street: uniqStable(role.street_address), postal: uniqStable(role.postal_code), organization: uniqStable(role.organization),
    ou: uniqStable(role.ou), cn, serialNumber, uids,
  });
  return {
    subject, sans: { dns, emails, ips, uris, other }, keyUsage: keyUsageBits(role.key_usage), extKeyUsage: extKeyUsageOids(role),
    notBefore: m.now - (role.not_before_duration > 0 ? role.not_before_duration : 30) * 1000, notAfter, warnings, ttlWarnings,
  };
}

/** A CSR's subject re-encoded attribute by attribute, string types re-chosen (signCertificate). */
export function subjectFromAttrs(attrs: ReadonlyArray<{ oid: string; value: string }>): Uint8Array {
  return D.seq(attrs.map((a) => D.setOf([D.seq([D.oid(a.oid), a.oid === '1.2.840.113549.1.9.1' ? D.ia5(a.value) : D.dirString(a.value)])])));
}

/** A field's value, or its default/zero; undefined when the path has no such field. */
export function opt<T>(d: FieldData, name: string): T {
  return d.getOk<T>(name).value;
}
