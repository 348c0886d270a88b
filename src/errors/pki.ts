// Vault error and warning strings of the PKI secrets engine, each with its upstream source.
// V = hashicorp/vault builtin/logical/pki at the 1.18 branch point; CU = sdk/helper/certutil.
import { GoError, VaultError, unsupportedError } from './vault-error.js';

export const bad = (msg: string): VaultError => new VaultError(400, msg);
/** A Go error from a PKI handler: 500 with the multierror wrapping (request_handling.go). */
export const goErr = (msg: string): GoError => new GoError(500, msg);
export const unsupported = (msg: string): VaultError => unsupportedError(new VaultError(400, msg));

// ---- keys (CU helpers.go ValidateKeyTypeLength, ValidateSignatureLength) -----------------------
export const errRsaTooSmall = (n: number): string => `RSA keys < 2048 bits are unsafe and not supported: got ${n}`;
export const errRsaBits = (n: number): string => `unsupported bit length for RSA key: ${n}`;
export const errEcBits = (n: number): string => `unsupported bit length for EC key: ${n}`;
export const errUnknownKeyType = (t: string): string => `unknown key type ${t}`;
export const errSigBits = (n: number): string => `unsupported hash signature algorithm: ${n}`;

// ---- generation (V ca_util.go getGenerationParams, getKeyTypeAndBitsForRole) -------------------
export const ERR_EXPORTED_PARAM = 'the "exported" path parameter must be "internal", "existing", exported" or "kms"';
export const ERR_FORMAT = 'the "format" path parameter must be "pem", "der", or "pem_bundle"';
export const ERR_FORMAT_SIGN_INTERMEDIATE = 'The "format" path parameter must be "pem", "der" or "pem_bundle"';
export const ERR_EXISTING_KEY_PARAMS = 'invalid parameter for the kms/existing path parameter, key_type nor key_bits arguments can be set in this mode';
export const ERR_KMS = 'managed keys are supported within enterprise edition only';
export const ERR_TTL_AND_NOT_AFTER = 'Either ttl or not_after should be provided. Both should not be provided in the same request.';
// V path_root.go pathCAGenerateRoot, cert_util.go generateCert
export const WARN_NO_SUBJECT = 'This issuer certificate was generated without a Subject; this makes it likely that issuing leaf certs with this certificate will cause TLS validation libraries to reject this certificate.';
export const WARN_NO_AIA = 'This mount hasn\'t configured any authority information access (AIA) fields; this may make it harder for systems to find missing certificates in the chain or to validate revocation status of certificates. Consider updating /config/urls or the newly generated issuer with this information.';
export const WARN_NO_AIA_INTERMEDIATE = WARN_NO_AIA + ' Since this certificate is an intermediate, it might be useful to regenerate this certificate after fixing this problem for the root mount.';
export const WARN_ROOT_AIA_TEMPLATE = 'When generating root CA, found global AIA configuration with issuer_id template unsuitable for root generation. This AIA configuration has been ignored. To include AIA on this root CA, set the global AIA configuration to not include issuer_id and instead to refer to a static issuer name.';
export const WARN_PATHLEN_ZERO = 'Max path length of the generated certificate is zero. This certificate cannot be used to issue intermediate CA certificates.';
export const WARN_PATHLEN_ZERO_SIGNED = 'Max path length of the signed certificate is zero. This certificate cannot be used to issue intermediate CA certificates.';
export const warnTtlClamp = (ttl: string, max: string): string => `TTL "${ttl}" is longer than permitted maxTTL "${max}", so maxTTL is being used`;
export const ERR_PATHLEN_ZERO = 'signing certificate has a max path length of zero, and cannot issue further CA certificates';
export const WARN_INTERMEDIATE_TRUNCATED = 'the signed intermediary CA certificate\'s notAfter was truncated to the issuer\'s notAfter';
export const WARN_EXPIRY_AFTER_CA = 'The expiration time for the signed certificate is after the CA\'s expiration time. If the new certificate is not treated as a root, validation paths with the certificate past the issuing CA\'s expiration time will fail.';

// ---- names (V util.go getIssuerName, getKeyName) ------------------------------------------------
export const ERR_ISSUER_NAME_DEFAULT = 'reserved keyword \'default\' can not be used as issuer name';
export const ERR_KEY_NAME_DEFAULT = 'reserved keyword \'default\' can not be used as key name';
export const ERR_ISSUER_NAME_CHARS = 'issuer name contained invalid characters';
export const ERR_KEY_NAME_CHARS = 'key name contained invalid characters';
export const ERR_ISSUER_NAME_IN_USE = 'issuer name already in use';
export const ERR_KEY_NAME_IN_USE = 'key name already in use';
export const ERR_ISSUER_NAME_EMPTY = 'expected non-empty issuer name';
export const ERR_NEW_NAME_CHARS = 'new key name outside of valid character limits';

// ---- issuer resolution (V issuing/issuers.go ResolveIssuerReference, FetchCAInfoByIssuerId) -----
export const ERR_NO_DEFAULT_ISSUER = 'no default issuer currently configured';
export const errIssuerRef = (ref: string): string => `unable to find PKI issuer for reference: ${ref}`;
export const errKeyRef = (ref: string): string => `unable to find PKI key for reference: ${ref}`;
export const ERR_NO_DEFAULT_KEY = 'no default key currently configured';
export const errFetchCa = (cause: string): string => `could not fetch the CA certificate (was one set?): ${cause}`;
export const errIssuerNoKey = (id: string): string => `unable to fetch corresponding key for issuer ${id}; unable to use this issuer for signing`;
export const errUsage = (id: string, want: string, had: string): string =>
  `error fetching CA certificate: error while attempting to use issuer ${id}: requested usage ${want} for issuer [id:${id}] but only had usage ${had}`;

// ---- issuer/:ref (V path_fetch_issuers.go pathUpdateIssuer, pathDeleteIssuer) -------------------
export const ERR_LEAF_BEHAVIOR = 'Unknown value for field `leaf_not_after_behavior`. Possible values are `err`, `truncate`, and `permit`.';
export const errUsages = (given: string): string => `Unable to parse specified usages: [${given}] - valid values are crl-signing,issuing-certificates,ocsp-signing,read-only`;
export const errSigAlgValue = (v: string): string => `Unknown signature algorithm value: ${v}`;
export const ERR_REVOKED_USAGE = 'This issuer was revoked; unable to modify its usage to include certificate signing again. Reissue this certificate (preferably with a new key) and modify that entry instead.';
export const ERR_NO_CRLSIGN = 'This issuer\'s underlying certificate lacks the CRLSign KeyUsage value; unable to set CRLSigningUsage on this issuer as a result.';
export const errAiaUrl = (field: string, url: string): string => `invalid URL found in Authority Information Access (AIA) parameter ${field}: ${url}`;
export const warnRolesReference = (n: number, name: string): string => `${n} roles reference ${name}`;
export const warnDeletedDefault = (id: string, ref: string): string =>
  `Deleted issuer ${id} (via issuer_ref ${ref}); this was configured as the default issuer. Operations without an explicit issuer will not work until a new default is configured.`;
export const WARN_PSS_REVOCATION = 'Issuer uses a PSS Revocation Signature Algorithm. This algorithm will be downgraded to PKCS#1v1.5 signature scheme on OCSP responses, due to limitations in the OCSP library.';
// V path_fetch_keys.go pathDeleteKeyHandler
export const errKeyInUse = (id: string): string => `Failed to Delete Key.  Key in Use by Issuer: ${id}`;

// ---- config/issuers (V path_config_ca.go) ---------------------------------------------------------
export const ERR_DEFAULT_SPEC = 'Invalid issuer specification; must be non-empty and can\'t be \'default\'.';
export const errResolvingIssuer = (e: string): string => `Error resolving issuer reference: ${e}`;
export const WARN_DEFAULT_NO_KEY = 'This selected default issuer has no key associated with it. Some operations like issuing certificates and signing CRLs will be unavailable with the requested default issuer until a key is imported or the default issuer is changed.';
export const ERR_KEY_DEFAULT_SPEC = 'Invalid key specification; must be non-empty and can\'t be \'default\'.';
export const errResolvingKey = (e: string): string => `Error resolving issuer reference: ${e}`;

// ---- roles (V path_roles.go) ------------------------------------------------------------------------
export const ERR_TTL_GT_MAX = '"ttl" value must be less than "max_ttl" value';
export const errEkuOid = (v: string): string => `"${v}" could not be parsed as a valid oid for an extended key usage`;
export const errAllowedOtherSans = (e: string): string => `error parsing allowed_other_sans: ${e}`;
export const errOtherSanSemicolon = (v: string): string => `expected a semicolon in other SAN "${v}"`;
export const errOtherSanColon = (v: string): string => `expected a colon in other SAN "${v}"`;
export const errOtherSanType = (v: string): string => `only utf8 other SANs are supported; found non-supported type in other SAN "${v}"`;
export const errCnValidationType = (v: string): string => `cn_validations value incorrect: unknown type: \`${v}\``;
export const errCnValidationDup = (v: string): string => `cn_validations value incorrect: \`${v}\` specified multiple times`;
export const ERR_CN_VALIDATION_DISABLED = 'cn_validations value incorrect: cannot specify `disabled` along with `email` or `hostname`';
export const WARN_NO_STORE_LEASE = 'mutually exclusive values no_store=true and generate_lease=true were both specified; no_store=true takes priority';
export const WARN_GENERATE_LEASE = 'it is encouraged to disable generate_lease and rely on PKI\'s native capabilities when possible; this option can cause Vault-wide issues with large numbers of issued certificates';
export const WARN_ROLE_NO_DEFAULT = 'Issuing Certificate was set to default, but no default issuing certificate (configurable at /config/issuers) is currently set';
export const warnRoleIssuer = (ref: string): string => `Issuing Certificate was set to ${ref} but no issuing certificate currently has that name`;
export const ERR_ROLE_PATCH_MISSING = 'Unable to fetch role entry to patch';

// ---- issue/sign (V path_issue_sign.go, issuing/issue_common.go, issuing/sign_cert.go) ----------
export const errUnknownRole = (n: string): string => `unknown role: ${n}`;
export const ERR_ISSUE_ANY = 'role key type "any" not allowed for issuing certificates, only signing';
export const ERR_CSR_EMPTY = '"csr" is empty';
export const ERR_CSR_NO_DATA = 'csr contains no data';
export const errCsrParse = (e: string): string => `certificate request could not be parsed: ${e}`;
export const ERR_CSR_PUBKEY = 'Refusing to sign CSR with empty PublicKey. This usually means the SubjectPublicKeyInfo field has an OID not recognized by Go, such as 1.2.840.113549.1.1.10 for rsaPSS.';
export const errRoleKeyType = (t: string): string => `role requires keys of type ${t}`;
export const errRoleKeyBits = (n: number, m: number): string => `role requires a minimum of a ${n}-bit key, but CSR's key is ${m} bits`;
export const ERR_RSA_UNSAFE = 'RSA keys < 2048 bits are unsafe and not supported';
export const ERR_CSR_SIGNATURE = 'request signature invalid';
export const ERR_CN_REQUIRED = 'the common_name field is required, or must be provided in a CSR with "use_csr_common_name" set to true, unless "require_cn" is set to false';
export const errCnNotAllowed = (cn: string): string => `common name ${cn} not allowed by this role`;
export const errSerialNotAllowed = (v: string): string => `serial_number ${v} not allowed by this role`;
export const errSanNotAllowed = (n: string): string => `subject alternate name ${n} not allowed by this role`;
export const errEmailNotAllowed = (n: string): string => `email address ${n} not allowed by this role`;
export const errOtherSanParse = (e: string): string => `could not parse requested other SAN: ${e}`;
export const errOtherSanOid = (oid: string): string => `other SAN OID ${oid} not allowed by this role`;
export const errOtherSanValue = (v: string, oid: string): string => `other SAN ${v} not allowed for OID ${oid} by this role`;
export const ERR_IP_SANS_CSR = 'IP Subject Alternative Names are not allowed in this role, but was provided some via CSR';
export const errIpSansApi = (ips: string[]): string => `IP Subject Alternative Names are not allowed in this role, but was provided [${ips.join(' ')}]`;
export const errBadIp = (v: string): string => `the value "${v}" is not a valid IP address`;
export const errUriNone = (via: 'the API' | 'CSR'): string => `URI Subject Alternative Names are not allowed in this role, but were provided via ${via}`;
export const errUriNoMatch = (via: 'the API' | 'CSR'): string => `URI Subject Alternative Names were provided via ${via} which are not valid for this role`;
export const errUriParse = (v: string): string => `the provided URI Subject Alternative Name "${v}" is not a valid URI`;
export const errUserId = (v: string): string => `user_id ${v} is not allowed by this role`;
export const errBeyondCa = (t1: string, t2: string): string =>
  `cannot satisfy request, as TTL would result in notAfter of ${t1} that is beyond the expiration of the CA certificate at ${t2}`;
export const WARN_CN_SHADOWED = 'the common_name field was provided but the role is set with "use_csr_common_name" set to true';
export const WARN_ALT_SHADOWED = 'the alt_names field was provided but the role is set with "use_csr_sans" set to true';
export const WARN_CSR_BASIC_CONSTRAINTS = 'specified CSR contained a Basic Constraints extension that was ignored during issuance';
export const errParsingTime = (v: string): string => `parsing time "${v}" as "2006-01-02T15:04:05Z07:00": cannot parse "${v}" as "2006"`;

// ---- fetch (V path_fetch.go) --------------------------------------------------------------------------
// ---- revoke (V path_revoke.go, crl_util.go) ----------------------------------------------------------
export const ERR_REVOKE_NOTHING = 'The serial number or certificate to revoke must be provided.';
export const ERR_REVOKE_BOTH = 'Must provide either the certificate or the serial to revoke; not both.';
export const ERR_REVOKE_NEED_KEY = 'Must have private key to revoke via the /revoke-with-key path.';
export const ERR_REVOKE_KEY_SHORT = 'Provided data for private_key was too short; perhaps a path was passed to the API rather than the contents of a PEM file?';
export const errRevokeNotFound = (s: string): string => `certificate with serial ${s} not found.`;
export const errRevokeIssuer = (id: string): string => `adding issuer (id: ${id}) to its own CRL is not allowed`;
export const ERR_REVOKE_CERT_SHORT = 'provided certificate data was too short; perhaps a path was passed to the API rather than the contents of a PEM file';
export const ERR_REVOKE_CERT_NO_PEM = 'certificate contains no PEM data';
export const errRevokeCertParse = (e: string): string => `certificate could not be parsed: ${e}`;
export const ERR_REVOKE_UNVERIFIED = 'unable to verify signature on presented cert from any present issuer in this mount; certificates from previous CAs will need to have their issuing CA and key re-imported if revocation is necessary';
export const ERR_KEY_MISMATCH = 'provided private key does not match certificate\'s public key';
export const ERR_KEY_TYPE_MISMATCH = 'provided private key type does not match certificate\'s public key type';
export const warnAlreadyExpired = (s: string): string => `certificate with serial ${s} already expired; refusing to add to CRL`;
export const WARN_DELTA_DISABLED = 'requested rebuild of delta CRL when delta CRL is not enabled; this is a no-op';
export const errCrlExpiry = (e: string): string => `given expiry could not be decoded: ${e}`;
export const errCrlGrace = (g: string, e: string): string =>
  `CRL auto-rebuilding grace period (${g}) must be strictly shorter than CRL expiry (${e}) value when auto-rebuilding of CRLs is enabled`;
export const ERR_DELTA_NEEDS_AUTO = 'Delta CRLs cannot be enabled when auto rebuilding is disabled as the complete CRL is always regenerated!';
export const ERR_UNIFIED_ENT = 'unified_crl can only be enabled on Vault Enterprise';
export const ERR_CROSS_CLUSTER_ENT = 'Global, cross-cluster revocation queue (cross_cluster_revocation) can only be enabled on Vault Enterprise.';

// ---- import (V path_manage_issuers.go pathImportIssuers) ----------------------------------------------
export const ERR_IMPORT_EMPTY = '\'pem_bundle\' and \'certificate\' parameters were empty';
export const ERR_IMPORT_BOTH = '\'pem_bundle\' and \'certificate\' parameters were both provided';
export const ERR_IMPORT_SHORT = 'provided data for import was too short; perhaps a path was passed to the API rather than the contents of a PEM file';
export const ERR_IMPORT_NO_DATA = 'provided PEM block contained no data';
export const ERR_IMPORT_KEYS_NOT_ALLOWED = 'private keys found in the PEM bundle but not allowed by the path; use /issuers/import/bundle';
export const errImportKey = (i: number, e: string): string => `Error parsing key ${i}: ${e}`;
export const errImportIssuer = (i: number, e: string, pem: string): string => `Error parsing issuer ${i}: ${e}\n${pem}`;
export const ERR_IMPORT_NON_CA = 'Refusing to import non-CA certificate';
export const WARN_IMPORT_MULTIPLE_DEFAULT = 'Default issuer left unchanged: could not select new issuer automatically as multiple imported issuers had key material in Vault.';
export const WARN_DELETE_ROOT = 'DELETE /root deletes all keys and issuers; prefer the new DELETE /key/:key_ref and DELETE /issuer/:issuer_ref for finer granularity, unless removal of all keys and issuers is desired.';
// V path_root.go pathIssuerSignSelfIssued
export const errSelfIssuedParse = (e: string): string => `error parsing certificate: ${e}`;
export const errSelfIssuedCount = (n: number): string => `${n} certificates found in PEM file, expected 1`;
export const ERR_SELF_ISSUED_NOT_CA = 'given certificate is not a CA certificate';
export const ERR_SELF_ISSUED_NOT_SELF = 'given certificate is not self-issued';

// ---- tidy, cluster (V path_tidy.go, path_config_cluster.go) ----------------------------------------
export const WARN_TIDY_STARTED = 'Tidy operation successfully started. Any information from the operation will be printed to Vault\'s server logs.';
export const warnTidyNothing = (list: string): string => `Manual tidy requested but no tidy operations were set. Enable at least one tidy operation to be run (${list}).`;
export const errAutoTidyNothing = (list: string): string => `Auto-tidy enabled but no tidy operations were requested. Enable at least one tidy operation to be run (${list}).`;
export const ERR_SAFETY_BUFFER = 'safety_buffer must be greater than zero';
export const ERR_ISSUER_SAFETY_BUFFER = 'issuer_safety_buffer must be greater than zero';
export const ERR_PAUSE_NEGATIVE = 'received invalid, negative pause_duration';
export const WARN_TIDY_CANCEL_IDLE = 'Tidy operation cannot be cancelled as none is currently running.';
export const errClusterPath = (v: string): string => `invalid, non-URL path given to cluster: ${v}`;
export { VaultError as VaultErrorClass } from './vault-error.js';

// ---- keys/generate, keys/import (V path_manage_keys.go) ----------------------------------------
export const errKeyValidation = (e: string): string => `Validation for key_type, key_bits failed: ${e}`;
export const ERR_KEY_GEN_TYPE = 'Unknown type of key to generate';
export const errKeyBlock = (n: number): string => `error when parsing block ${n}: invalid PEM data`;
export const ERR_KEY_IMPORT_SINGLE = 'only a single key can be present within the pem_bundle for importing';
export const WARN_KEY_EXISTS = 'Key already imported, use key/ endpoint to update name.';
// minivault's own: features of Vault 1.18.1 this engine does not implement (400, marked unsupported)
export const errMvNotImplemented = (what: string): string => `minivault does not implement ${what}`;

// ---- texts Vault passes through from Go's libraries (GO = crypto/x509, encoding/pem) ---------------
// GO x509.ParseCertificateRequest / ParseCertificate (malformed DER), as wrapped by the callers above
export const GO_MALFORMED_CSR = 'x509: malformed certificate request';
export const GO_MALFORMED_CERT = 'x509: malformed certificate';
// V path_root.go pathIssuerSignSelfIssued: certutil.ParseCertsPEM on input without PEM blocks
export const GO_NO_PEM = 'no PEM blocks found';
// CU helpers.go ParsePEMBundle: a key block of a type Vault cannot use
export const ERR_KEY_TYPE_UNSUPPORTED = 'unsupported private key type';
// V path_revoke.go pathRevokeWriteHandleKey (Go error)
export const ERR_REVOKE_KEY_PARSE = 'failed to parse provided private key';
// minivault's own: the JSON (notice/cps) form of policy_identifiers
export const errMvPolicyJson = (p: string): string => `minivault does not implement policy_identifiers other than plain OIDs: ${p}`;
// CU helpers.go ParsePEMBundle / ParseDERKey: a key block none of Go's parsers accepts
export const GO_BAD_KEY = 'unable to parse key: x509: failed to parse private key';
// V path_fetch_keys.go pathUpdateKeyHandler, pathDeleteKeyHandler
export const warnKeyNameDeleted = (id: string): string => `Name successfully deleted, you will now need to reference this key by it's Id: ${id}`;
export const warnDeletedDefaultKey = (id: string, ref: string): string =>
  `Deleted key ${id} (via key_ref ${ref}); this was configured as the default key. Operations without an explicit key will not work until a new default is configured.`;

// ---- background tidy, auto-tidy schedule (V path_tidy.go pathTidyWrite, pathConfigAutoTidyWrite) ----
export const WARN_TIDY_IN_PROGRESS = 'Tidy operation already in progress.';
export const errBackoffTooSmall = (field: string, parsed: string): string => `${field} must be at least 1 second: parsed: ${parsed}`;
export const errBackoffOrder = (max: string, min: string): string =>
  `max_startup_backoff_duration ${max} must be greater or equal to min_startup_backoff_duration ${min}`;
export const errAutoTidyInterval = (got: string): string => `given interval_duration must be greater than or equal to zero seconds; got: ${got}`;

// ---- import warnings (V path_manage_issuers.go pathImportIssuers) ------------------------------------
export const WARN_IMPORT_DEFAULT_NO_KEY = 'The default issuer has no key associated with it. Some operations like issuing certificates and signing CRLs will be unavailable with the requested default issuer until a key is imported or the default issuer is changed.';
export const WARN_IMPORT_MULTIPLE_KEYED = 'The imported bundle contained multiple certs matching keys, the default issuer that was selected should be verified and manually changed if incorrect.';
// V path_tidy.go tidyConfig.AnyTidyConfig (the list in the "no tidy operations" messages)
export const TIDY_OPERATIONS = 'tidy_cert_store / tidy_revoked_certs / tidy_revoked_cert_issuer_associations / tidy_expired_issuers / tidy_move_legacy_ca_bundle / tidy_revocation_queue / tidy_cross_cluster_revoked_certs / tidy_acme';
export const ERR_QUEUE_SAFETY_BUFFER = 'revocation_queue_safety_buffer must be greater than zero';
export const ERR_ACME_SAFETY_BUFFER = 'acme_account_safety_buffer must be greater than zero';
export const errPauseParse = (e: string): string => `Error parsing pause_duration: ${e}`;
export const ERR_CERT_METADATA_ENT = 'certificate metadata is only supported on Vault Enterprise';
export const errAutoBuffer = (name: string, got: string): string => `given ${name} must be at least one second; got: ${got}`;
export const errAutoPauseParse = (e: string): string => `unable to parse given pause_duration: ${e}`;
export const ERR_PUBLISH_WITHOUT_COUNT = 'Can not publish a running storage metrics count to metrics without first maintaining that count.  Enable `maintain_stored_certificate_counts` to enable `publish_stored_certificate_count_metrics`.';
