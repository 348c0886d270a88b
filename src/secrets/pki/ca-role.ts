// The role Vault builds for CA certificates (builtin/logical/pki/path_root.go and
// path_intermediate.go: `&issuing.RoleEntry{AllowLocalhost: true, AllowAnyName: true,
// AllowIPSANs: true, AllowWildcardCertificates: true, EnforceHostnames: false, …}`): any name,
// any SAN, CN optional, CN validation off; subject fields come from the request.
import type { Role } from './roles.js';

export const ROLE_DEFAULTS_FOR_CA: Role = {
  ttl: 0, max_ttl: 0, allow_localhost: true, allowed_domains: [], allowed_domains_template: false, allow_bare_domains: false,
  allow_subdomains: false, allow_glob_domains: false, allow_wildcard_certificates: true, allow_any_name: true, enforce_hostnames: false,
  allow_ip_sans: true, allowed_uri_sans: ['*'], allowed_uri_sans_template: false, allowed_other_sans: ['*'], allowed_serial_numbers: ['*'],
  allowed_user_ids: ['*'], server_flag: false, client_flag: false, code_signing_flag: false, email_protection_flag: false, key_type: 'any',
  key_bits: 0, signature_bits: 0, use_pss: false, key_usage: [], ext_key_usage: [], ext_key_usage_oids: [], use_csr_common_name: false,
  use_csr_sans: false, ou: [], organization: [], country: [], locality: [], province: [], street_address: [], postal_code: [],
  generate_lease: false, no_store: false, require_cn: false, cn_validations: ['disabled'], policy_identifiers: [],
  basic_constraints_valid_for_non_ca: false, not_before_duration: 30, not_after: '', issuer_ref: 'default', allow_token_displayname: false,
};
