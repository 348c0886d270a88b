// Request field schemas shared by the PKI paths (Vault builtin/logical/pki/fields.go
// addIssueAndSignCommonFields, addNonCACommonFields, addCACommonFields, addCAKeyGenerationFields,
// addCAIssueFields, addTidyFields). Descriptions are shortened from Vault's.
import type { FieldSchema, FieldSchemas } from '../../framework/types.js';

const s = (description: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'string', description, ...extra });
const b = (description: string, dflt = false): FieldSchema => ({ type: 'bool', description, default: dflt });
const list = (description: string, dflt?: string[]): FieldSchema => ({ type: 'comma_string_slice', description, ...(dflt ? { default: dflt } : {}) });
const dur = (description: string, dflt?: number): FieldSchema => ({ type: 'duration_second', description, ...(dflt !== undefined ? { default: dflt } : {}) });

export const ISSUE_SIGN_COMMON: FieldSchemas = {
  exclude_cn_from_sans: b('If true, the Common Name will not be included in DNS or Email Subject Alternate Names.'),
  format: s('Format for returned data. Can be "pem", "der", or "pem_bundle".', { default: 'pem' }),
  private_key_format: s('Format for the returned private key. Can be "der" (default), "pem" or "pkcs8".', { default: 'der' }),
  ip_sans: list('The requested IP SANs, if any, in a comma-delimited list'),
  uri_sans: list('The requested URI SANs, if any, in a comma-delimited list.'),
  other_sans: list('Requested other SANs, in an array with the format <oid>;UTF8:<utf8 string value> for each entry.'),
};

export const NON_CA_COMMON: FieldSchemas = {
  ...ISSUE_SIGN_COMMON,
  role: s('The desired role with configuration for this request'),
  common_name: s('The requested common name; if you want more than one, specify the alternative names in the alt_names map.'),
  alt_names: s('The requested Subject Alternative Names, if any, in a comma-delimited list.'),
  serial_number: s('The Subject\'s requested serial number, if any.'),
  ttl: dur('The requested Time To Live for the certificate; sets the expiration date.'),
  not_after: s('Set the not after field of the certificate with specified date value.'),
  remove_roots_from_chain: b('Whether or not to remove self-signed CA certificates in the output of the ca_chain field.'),
  user_ids: list('The requested user_ids value to place in the subject, if any, in a comma-delimited list.'),
  cert_metadata: s('User supplied metadata to store associated with this certificate\'s serial number, base64 encoded (Vault Enterprise only).'),
  issuer_ref: s('Reference to a existing issuer; either "default" for the configured default issuer, an identifier or the name assigned to the issuer.', { default: 'default' }),
};

export const CSR_FIELD: FieldSchemas = { csr: s('PEM-format CSR to be signed.', { default: '' }) };

export const SIGN_VERBATIM_FIELDS: FieldSchemas = {
  ...NON_CA_COMMON, ...CSR_FIELD,
  key_usage: list('A comma-separated string or list of key usages (not extended key usages).', ['DigitalSignature', 'KeyAgreement', 'KeyEncipherment']),
  ext_key_usage: list('A comma-separated string or list of extended key usages.', []),
  ext_key_usage_oids: list('A comma-separated string or list of extended key usage oids.', []),
  signature_bits: { type: 'int', description: 'The number of bits to use in the signature algorithm.', default: 0 },
  use_pss: b('Whether or not to use PSS signatures when using a RSA key-type issuer.'),
};

export const CA_COMMON: FieldSchemas = {
  ...ISSUE_SIGN_COMMON,
  common_name: s('The requested common name; if you want more than one, specify the alternative names in the alt_names map.'),
  alt_names: s('The requested Subject Alternative Names, if any, in a comma-delimited list.'),
  serial_number: s('The Subject\'s requested serial number, if any.'),
  ttl: dur('The requested Time To Live for the certificate; sets the expiration date.'),
  not_after: s('Set the not after field of the certificate with specified date value.'),
  not_before_duration: dur('The duration before now which the certificate needs to be backdated by.', 30),
  ou: list('If set, OU (OrganizationalUnit) will be set to this value.'),
  organization: list('If set, O (Organization) will be set to this value.'),
  country: list('If set, Country will be set to this value.'),
  locality: list('If set, Locality will be set to this value.'),
  province: list('If set, Province will be set to this value.'),
  street_address: list('If set, Street Address will be set to this value.'),
  postal_code: list('If set, Postal Code will be set to this value.'),
  key_usage: list('Specifies key_usage to encode in the certificate signing request.', ['CertSign', 'CRLSign']),
};

export const CA_KEY_GENERATION: FieldSchemas = {
  exported: s('Must be "internal", "exported" or "kms".'),
  key_type: s('The type of key to use; defaults to RSA. "rsa" "ec" and "ed25519" are the only valid values.', { default: 'rsa' }),
  key_bits: { type: 'int', description: 'The number of bits to use.', default: 0 },
  signature_bits: { type: 'int', description: 'The number of bits to use in the signature algorithm.', default: 0 },
  key_name: s('Provide a name to the generated or existing key, the name must be unique across all keys and not be the reserved value \'default\''),
  key_ref: s('Reference to a existing key; either "default" for the configured default key, an identifier or the name assigned to the key.', { default: 'default' }),
  managed_key_name: s('The name of the managed key to use when the exported type is kms.'),
  managed_key_id: s('The name of the managed key to use when the exported type is kms.'),
};

export const CA_ISSUE: FieldSchemas = {
  max_path_length: { type: 'int', description: 'The maximum allowable path length', default: -1 },
  permitted_dns_domains: list('Domains for which this certificate is allowed to sign or issue child certificates.'),
  use_pss: b('Whether or not to use PSS signatures when using a RSA key-type issuer.'),
};

export const ROOT_GENERATE_FIELDS: FieldSchemas = {
  ...CA_COMMON, ...CA_KEY_GENERATION, ...CA_ISSUE,
  issuer_name: s('Provide a name to the generated or existing issuer, the name must be unique across all issuers and not be the reserved value \'default\''),
};

export const INTERMEDIATE_GENERATE_FIELDS: FieldSchemas = {
  ...CA_COMMON, ...CA_KEY_GENERATION,
  add_basic_constraints: b('Whether to add a Basic Constraints extension with CA: true.'),
};

export const SIGN_INTERMEDIATE_FIELDS: FieldSchemas = {
  ...CA_COMMON, ...CA_ISSUE, ...CSR_FIELD,
  issuer_ref: s('Reference to a existing issuer.', { default: 'default' }),
  use_csr_values: b('If true, then: 1) Subject information, including names and alternate names, will be preserved from the CSR rather than using values provided in the other parameters to this path; 2) Any key usages requested in the CSR will be added to the basic set of key usages used for CA certs signed by this path.'),
  signature_bits: { type: 'int', description: 'The number of bits to use in the signature algorithm.', default: 0 },
  skid: s('Value for the Subject Key Identifier field (RFC 5280 Section 4.2.1.2). Specified as a string in hex format.', { default: '' }),
  enforce_leaf_not_after_behavior: b('Do not truncate the NotAfter field, use the issuer\'s configured leaf_not_after_behavior'),
};
