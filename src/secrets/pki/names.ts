// Which names a role allows (Vault builtin/logical/pki/issuing/issue_common.go ValidateNames,
// ValidateWildcardDomain, ValidateCommonName, ValidateURISAN, ValidateOtherSANs, ValidateUserId)
// and the shell globs they use (ryanuber/go-glob). With allowed_domains_template /
// allowed_uri_sans_template, each entry holding an identity template is rendered for the
// requesting token's entity first; one that cannot be rendered is skipped.
import { domainToASCII } from 'node:url';
import { renderIdentityTemplate, type RequestIdentity } from '../../framework/identity.js';
import type { Role } from './roles.js';
import { goGlob } from '../../go/glob.js';

const LABEL = '([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]*[a-zA-Z0-9])';
export const HOSTNAME_RE = new RegExp(`^(\\*\\.)?(${LABEL}\\.)*${LABEL}\\.?$`);
const WILDCARD_LABEL_RE = /^[a-zA-Z0-9-]*\*[a-zA-Z0-9-]*$/;

/** go-glob Glob. */
export const glob = goGlob;

/** IDNA ToASCII with strict names (x/net/idna); undefined on failure. */
export function toAscii(name: string): string | undefined {
  if (/^[\x21-\x7e]*$/.test(name)) return name.split('.').every((l) => l.length <= 63) ? name : undefined;
  const a = domainToASCII(name);
  return a === '' ? undefined : a;
}

export const isWildcardDomain = (n: string): boolean => n.includes('*');

/** ValidateWildcardDomain: [label, reduced] or undefined when malformed (RFC 6125 §6.4.3). */
function splitWildcard(name: string): [string, string] | undefined {
  const idx = name.indexOf('.');
  if (idx <= 0) return undefined;
  const label = name.slice(0, idx);
  const rest = name.slice(idx + 1);
  if ((label.match(/\*/g) ?? []).length !== 1 || rest.includes('*')) return undefined;
  return [label, rest];
}

/** ValidateNames: the first name the role refuses, or ''. */
export function validateNames(role: Role, names: readonly string[], who?: RequestIdentity): string {
  for (const name of names) {
    let reduced = name;
    let emailDomain = name;
    let wildcardLabel = '';
    let isEmail = false;
    let isWildcard = false;
    if (reduced.includes('@')) {
      const parts = reduced.split('@');
      if (parts.length !== 2) return name;
      reduced = parts[1]!; emailDomain = parts[1]!; isEmail = true;
    }
    if (isWildcardDomain(reduced)) {
      isWildcard = true;
      if (!role.allow_wildcard_certificates) return name;
      const split = splitWildcard(reduced);
      if (split === undefined) return name;
      [wildcardLabel, reduced] = split;
    }
    if (isEmail && isWildcard) return name;
    if (role.enforce_hostnames) {
      if (reduced !== '') {
        const converted = toAscii(reduced);
        if (converted === undefined || !HOSTNAME_RE.test(converted)) return name;
      }
      if (isWildcard && !WILDCARD_LABEL_RE.test(wildcardLabel)) return name;
    }
    if (role.allow_any_name) continue;
    if (role.allow_localhost) {
      if (reduced === 'localhost' || reduced === 'localdomain' || (isEmail && (emailDomain === 'localhost' || emailDomain === 'localdomain'))) continue;
      if (role.allow_subdomains && (reduced.endsWith('.localhost') || (isWildcard && reduced === 'localhost')
        || reduced.endsWith('.localdomain') || (isWildcard && reduced === 'localdomain'))) continue;
    }
    let valid = false;
    for (const entry of role.allowed_domains) {
      if (entry === '') continue;
      const domain = renderIdentityTemplate(role.allowed_domains_template, entry, who);
      if (domain === undefined) continue;
      const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
      if (role.allow_bare_domains && (eq(name, domain) || (isEmail && eq(emailDomain, domain)))) { valid = true; break; }
      if (role.allow_subdomains && (reduced.endsWith('.' + domain) || (isWildcard && eq(reduced, domain)))) { valid = true; break; }
      // case-insensitive since Vault 1.15 (hashicorp/vault#22126)
      if (role.allow_glob_domains && domain.includes('*') && glob(domain.toLowerCase(), name.toLowerCase())) { valid = true; break; }
    }
    if (valid) continue;
    return name;
  }
  return '';
}

/** ValidateCommonName: '' when allowed. */
export function validateCommonName(role: Role, cn: string, who?: RequestIdentity): string {
  if (role.cn_validations.length === 1 && role.cn_validations[0] === 'disabled') return '';
  if (validateNames(role, [cn], who) !== '') return cn;
  if (cn.includes('@')) return role.cn_validations.includes('email') ? '' : cn;
  if (!role.cn_validations.includes('hostname')) return cn;
  const converted = toAscii(cn);
  return converted !== undefined && HOSTNAME_RE.test(converted) ? '' : cn;
}

/** ValidateURISAN: whether some allowed URI SAN (rendered when templated) globs the URI. */
export function validateUriSan(role: Role, uri: string, who?: RequestIdentity): boolean {
  return role.allowed_uri_sans.some((entry) => {
    const allowed = renderIdentityTemplate(role.allowed_uri_sans_template, entry, who);
    return allowed !== undefined && glob(allowed, uri);
  });
}

/** ValidateSerialNumber / ValidateUserId: case-insensitive glob match against the role's list. */
export function globAllowed(patterns: readonly string[], value: string, lower: boolean): boolean {
  const v = lower ? value.toLowerCase() : value;
  return patterns.some((p) => (lower ? p.toLowerCase() : p) === v || glob(lower ? p.toLowerCase() : p, v));
}

/** Parses `<oid>;UTF8:<value>` (Vault's other SAN syntax). */
export function parseOtherSan(v: string): { oid: string; value: string } | string {
  const semi = v.indexOf(';');
  if (semi < 0) return `expected a semicolon in other SAN "${v}"`;
  const rest = v.slice(semi + 1);
  const colon = rest.indexOf(':');
  if (colon < 0) return `expected a colon in other SAN "${v}"`;
  const t = rest.slice(0, colon).toLowerCase();
  if (t !== 'utf8' && t !== 'utf-8') return `only utf8 other SANs are supported; found non-supported type in other SAN "${v}"`;
  return { oid: v.slice(0, semi), value: rest.slice(colon + 1) };
}

/** ValidateOtherSANs: '' or the error message. */
export function validateOtherSans(role: Role, sans: Array<{ oid: string; value: string }>): { oid?: string; value?: string } | undefined {
  if (role.allowed_other_sans.length === 1 && role.allowed_other_sans[0] === '*') return undefined;
  const allowed = new Map<string, string[]>();
  for (const a of role.allowed_other_sans) {
    const p = parseOtherSan(a);
    if (typeof p === 'string') continue;
    allowed.set(p.oid, [...(allowed.get(p.oid) ?? []), p.value]);
  }
  for (const s of sans) {
    const vals = allowed.get(s.oid);
    if (vals === undefined) return { oid: s.oid };
    if (!vals.some((g) => g === '*' || glob(g, s.value))) return { oid: s.oid, value: s.value };
  }
  return undefined;
}
