// PKI roles: `roles/:name` (read, write = full replace, patch = merge, delete) and `LIST roles`,
// every CE 1.18 field with Vault's defaults and normalisation. Upstream: Vault
// builtin/logical/pki/path_roles.go (pathRoles, pathRoleCreate, pathRolePatch, validateRole,
// checkCNValidations) and issuing/roles.go (RoleEntry, ToResponseData).
import type { FieldData, FieldSchema, FieldSchemas, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import * as E from '../../errors/pki.js';
import { isOid } from './der.js';
import { defaultKeyBits } from './keys.js';
import type { PkiStore } from './store.js';

const s = (description: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'string', description, ...extra });
const b = (description: string, dflt = false): FieldSchema => ({ type: 'bool', description, default: dflt });
const list = (description: string, dflt: string[] = []): FieldSchema => ({ type: 'comma_string_slice', description, default: dflt });
const dur = (description: string, dflt = 0): FieldSchema => ({ type: 'duration_second', description, default: dflt });

export const DEFAULT_KEY_USAGE = ['DigitalSignature', 'KeyAgreement', 'KeyEncipherment'];

/** path_roles.go pathRoles Fields (descriptions shortened). */
export const ROLE_FIELDS: FieldSchemas = {
  name: s('Name of the role'),
  ttl: dur('The lease duration (validity period of the certificate) if no specific lease duration is requested.'),
  max_ttl: dur('The maximum allowed lease duration.'),
  allow_localhost: b('Whether to allow "localhost" and "localdomain" as a valid common name in a request.', true),
  allowed_domains: list('Specifies the domains this role is allowed to issue certificates for.'),
  allowed_domains_template: b('If set, Allowed domains can be specified using identity template policies.'),
  allow_bare_domains: b('If set, clients can request certificates for the base domains themselves.'),
  allow_subdomains: b('If set, clients can request certificates for subdomains of the allowed domains.'),
  allow_glob_domains: b('If set, domains specified in allowed_domains can include shell-style glob patterns.'),
  allow_wildcard_certificates: { type: 'bool', description: 'If set, allows certificates with wildcards in the common name to be issued.' },
  allow_any_name: b('If set, clients can request certificates for any domain, regardless of allowed_domains restrictions.'),
  enforce_hostnames: b('If set, only valid host names are allowed for CN and DNS SANs, and the host part of email addresses.', true),
  allow_ip_sans: b('If set, IP Subject Alternative Names are allowed.', true),
  allowed_uri_sans: list('If set, an array of allowed URIs for URI Subject Alternative Names.'),
  allowed_uri_sans_template: b('If set, Allowed URI SANs can be specified using identity template policies.'),
  allowed_other_sans: list('If set, an array of allowed other names to put in SANs.'),
  allowed_serial_numbers: list('If set, an array of allowed serial numbers to put in Subject.'),
  allowed_user_ids: list('If set, an array of allowed user-ids to put in user system login name.'),
  server_flag: b('If set, certificates are flagged for server auth use.', true),
  client_flag: b('If set, certificates are flagged for client auth use.', true),
  code_signing_flag: b('If set, certificates are flagged for code signing use.'),
  email_protection_flag: b('If set, certificates are flagged for email protection use.'),
  key_type: s('The type of key to use; defaults to RSA. "rsa" "ec", "ed25519" and "any" are the only valid values.', { default: 'rsa' }),
  key_bits: { type: 'int', description: 'The number of bits to use.', default: 0 },
  signature_bits: { type: 'int', description: 'The number of bits to use in the signature algorithm.', default: 0 },
  use_pss: b('Whether or not to use PSS signatures when using a RSA key-type issuer.'),
  key_usage: list('A comma-separated string or list of key usages (not extended key usages).', DEFAULT_KEY_USAGE),
  ext_key_usage: list('A comma-separated string or list of extended key usages.'),
  ext_key_usage_oids: list('A comma-separated string or list of extended key usage oids.'),
  use_csr_common_name: b('If set, when used with a signing profile, the common name in the CSR will be used.', true),
  use_csr_sans: b('If set, when used with a signing profile, the SANs in the CSR will be used.', true),
  ou: list('If set, OU (OrganizationalUnit) will be set to this value in certificates issued by this role.'),
  organization: list('If set, O (Organization) will be set to this value in certificates issued by this role.'),
  country: list('If set, Country will be set to this value in certificates issued by this role.'),
  locality: list('If set, Locality will be set to this value in certificates issued by this role.'),
  province: list('If set, Province will be set to this value in certificates issued by this role.'),
  street_address: list('If set, Street Address will be set to this value in certificates issued by this role.'),
  postal_code: list('If set, Postal Code will be set to this value in certificates issued by this role.'),
  generate_lease: b('If set, certificates issued/signed against this role will have Vault leases attached to them.'),
  no_store: b('If set, certificates issued/signed against this role will not be stored in the storage backend.'),
  require_cn: b('If set to false, makes the \'common_name\' field optional while generating a certificate.', true),
  cn_validations: list('List of allowed validations to run against the Common Name field.', ['email', 'hostname']),
  policy_identifiers: list('A comma-separated string or list of policy OIDs.'),
  basic_constraints_valid_for_non_ca: b('Mark Basic Constraints valid when issuing non-CA certificates.'),
  not_before_duration: dur('The duration before now which the certificate needs to be backdated by.', 30),
  not_after: s('Set the not after field of the certificate with specified date value.'),
  issuer_ref: s('Reference to the issuer used to sign requests serviced by this role.', { default: 'default' }),
};

export interface Role {
  ttl: number; max_ttl: number; allow_localhost: boolean; allowed_domains: string[]; allowed_domains_template: boolean;
  allow_bare_domains: boolean; allow_subdomains: boolean; allow_glob_domains: boolean; allow_wildcard_certificates: boolean;
  allow_any_name: boolean; enforce_hostnames: boolean; allow_ip_sans: boolean; allowed_uri_sans: string[];
  allowed_uri_sans_template: boolean; allowed_other_sans: string[]; allowed_serial_numbers: string[]; allowed_user_ids: string[];
  server_flag: boolean; client_flag: boolean; code_signing_flag: boolean; email_protection_flag: boolean;
  key_type: string; key_bits: number; signature_bits: number; use_pss: boolean; key_usage: string[]; ext_key_usage: string[];
  ext_key_usage_oids: string[]; use_csr_common_name: boolean; use_csr_sans: boolean; ou: string[]; organization: string[];
  country: string[]; locality: string[]; province: string[]; street_address: string[]; postal_code: string[];
  generate_lease: boolean; no_store: boolean; require_cn: boolean; cn_validations: string[]; policy_identifiers: string[];
  basic_constraints_valid_for_non_ca: boolean; not_before_duration: number; not_after: string; issuer_ref: string;
  allow_token_displayname: boolean;
}

const ROLE_KEYS = Object.keys(ROLE_FIELDS).filter((k) => k !== 'name');

/** The role a write describes: every field from the request, else from `base` (patch), else the default. */
function roleFrom(d: FieldData, base: Role | undefined): Role {
  const r: Record<string, unknown> = { allow_token_displayname: false };
  for (const k of ROLE_KEYS) {
    const { value, ok } = d.getOk(k);
    r[k] = ok || base === undefined ? (k === 'allow_wildcard_certificates' && !ok ? true : d.get(k)) : base[k as keyof Role];
  }
  return r as unknown as Role;
}

/** issuing/roles.go ToResponseData: Go's map encoding sorts the keys. */
export function roleResponse(r: Role): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k as keyof Role];
  return out;
}

function checkOtherSans(list: string[]): string | undefined {
  if (list.length === 0 || (list.length === 1 && list[0] === '*')) return undefined;
  for (const v of list) {
    const semi = v.indexOf(';');
    if (semi < 0) return E.errAllowedOtherSans(E.errOtherSanSemicolon(v));
    const rest = v.slice(semi + 1);
    const colon = rest.indexOf(':');
    if (colon < 0) return E.errAllowedOtherSans(E.errOtherSanColon(v));
    const t = rest.slice(0, colon).toLowerCase();
    if (t !== 'utf8' && t !== 'utf-8') return E.errAllowedOtherSans(E.errOtherSanType(v));
  }
  return undefined;
}

/** checkCNValidations: lower-cased, de-duplicated, `disabled` alone (Go errors → 500). */
function cnValidations(list: string[]): string[] {
  const seen = new Set<string>();
  for (const raw of list) {
    const v = raw.trim().toLowerCase();
    if (!['disabled', 'email', 'hostname'].includes(v)) throw E.goErr(E.errCnValidationType(v));
    if (seen.has(v)) throw E.goErr(E.errCnValidationDup(v));
    seen.add(v);
  }
  if (seen.has('disabled') && seen.size > 1) throw E.goErr(E.ERR_CN_VALIDATION_DISABLED);
  return seen.size === 0 ? ['email', 'hostname'] : [...seen];
}

/** validateRole and the checks of pathRoleCreate, in Vault's order; returns the warnings. */
async function validate(store: PkiStore, r: Role): Promise<string[]> {
  const warnings: string[] = [];
  const other = checkOtherSans(r.allowed_other_sans);
  if (other !== undefined) throw E.bad(other);
  if (r.max_ttl > 0 && r.ttl > r.max_ttl) throw E.bad(E.ERR_TTL_GT_MAX);
  if (r.key_type !== 'any') {
    const kb = defaultKeyBits(r.key_type, r.key_bits, r.signature_bits);
    if ('error' in kb) throw E.bad(kb.error);
    r.key_bits = kb.bits;
    r.signature_bits = r.key_type === 'rsa' ? kb.sigBits : r.signature_bits;
  } else if (r.signature_bits !== 0 && ![256, 384, 512].includes(r.signature_bits)) {
    throw E.bad(E.errSigBits(r.signature_bits));
  }
  for (const o of r.ext_key_usage_oids) if (!isOid(o)) throw E.bad(E.errEkuOid(o));
  for (const p of r.policy_identifiers) if (!isOid(p)) throw E.unsupported(E.errMvPolicyJson(p));
  if (r.no_store && r.generate_lease) { warnings.push(E.WARN_NO_STORE_LEASE); r.generate_lease = false; }
  else if (r.generate_lease) warnings.push(E.WARN_GENERATE_LEASE);
  if (r.not_before_duration === 0) r.not_before_duration = 30;
  const resolved = await store.tryResolveIssuer(r.issuer_ref);
  if (resolved.error !== undefined) warnings.push(r.issuer_ref === 'default' ? E.WARN_ROLE_NO_DEFAULT : E.warnRoleIssuer(r.issuer_ref));
  r.cn_validations = cnValidations(r.cn_validations);
  return warnings;
}

export async function getRole(store: PkiStore, name: string): Promise<Role | undefined> {
  return store.getJson<Role>(`role/${name}`);
}

export async function writeRole(store: PkiStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const name = req.captures.name!;
  const base = req.operation === 'patch' ? await getRole(store, name) : undefined;
  if (req.operation === 'patch' && base === undefined) throw E.bad(E.ERR_ROLE_PATCH_MISSING);
  const role = roleFrom(d, base);
  const warnings = await validate(store, role);
  await store.putJson(`role/${name}`, role);
  return { data: roleResponse(role), ...(warnings.length > 0 ? { warnings } : {}) };
}

export async function readRole(store: PkiStore, req: FrameworkRequest): Promise<LogicalResponse | null> {
  const role = await getRole(store, req.captures.name!);
  return role === undefined ? null : { data: roleResponse(role) };
}

export async function deleteRole(store: PkiStore, req: FrameworkRequest): Promise<null> {
  await store.storage.delete(`role/${req.captures.name!}`);
  return null;
}

export async function listRoles(store: PkiStore): Promise<LogicalResponse> {
  return { data: { keys: await store.storage.list('role/') } };
}

export async function roleExists(store: PkiStore, req: FrameworkRequest): Promise<boolean> {
  return (await getRole(store, req.captures.name!)) !== undefined;
}
