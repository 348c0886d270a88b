// Vault error strings of the TLS certificate auth method (src/credential/cert), each with its
// upstream source. V: = hashicorp/vault at the 1.18 line (builtin/credential/cert/*.go);
// LIB: = Go's crypto/x509, whose verification errors the method wraps. Error responses (400)
// unless marked.

// ---- certs/:name (V path_certs.go pathCertWrite) -----------------------------------------------
export const ERR_CERT_PARSE = 'failed to parse certificate';
export const ERR_CERT_NON_CA_CLIENT_AUTH = 'nonCA certificates should have TLS client authentication set as an extended key usage';
export const ERR_CERT_TTL_OVER_MAX = 'ttl should be shorter than max_ttl';
/** A plain Go error (500, multierror-wrapped). */
export const ERR_CERT_OCSP_MAX_RETRIES = 'ocsp_max_retries can not be a negative number';
export const warnCertTtl = (ttl: number, max: number) => `Given ttl of ${ttl} seconds is greater than current mount/system default of ${max} seconds`;
export const warnCertMaxTtl = (ttl: number, max: number) => `Given max_ttl of ${ttl} seconds is greater than current mount/system default of ${max} seconds`;
export const warnCertPeriod = (p: number, max: number) => `Given period of ${p} seconds is greater than the backend's maximum TTL of ${max} seconds`;

// ---- config (V path_config.go pathConfigWrite) ----------------------------------------------------
export const ERR_CERT_OCSP_CACHE_SIZE = 'invalid ocsp cache size, must be >= 2 and <= 100000';
export const ERR_CERT_ROLE_CACHE_SIZE = 'invalid role cache size, must be <= 100000 or -1 to disable role caching';

// ---- crls/:name (V path_crls.go pathCRLWrite, pathCRLRead, pathCRLDelete) ------------------------
export const errCertParseCrl = (err: string) => `failed to parse CRL: ${err}`;
export const ERR_CERT_EMPTY_CRL_URL = 'empty CRL url';
export const errCertInvalidCrlUrl = (err: string) => `invalid CRL url: ${err}`;
export const ERR_CERT_CRL_OR_URL = "one of 'crl' or 'url' must be provided";
export const errCertNoSuchCrl = (name: string) => `no such CRL ${name}`;
/** LIB Go crypto/x509 ParseRevocationList (via ParseCRL) on bytes that are no CRL. */
export const ERR_X509_MALFORMED_CRL = 'x509: malformed crl';
/** minivault: fetching a CRL distribution point (Vault's fetchCRL) is not implemented. */
export const ERR_CERT_CRL_URL_UNSUPPORTED = 'minivault does not fetch CRL distribution points; write the CRL itself with the "crl" parameter';

// ---- login (V path_login.go pathLogin, verifyCredentials, validateConnState) ------------------
export const ERR_CERT_TLS_REQUIRED = 'tls connection required';
export const ERR_CERT_CLIENT_CERT_REQUIRED = 'client certificate must be supplied';
/** certAuthFailMsg (1.18: one message whether no chain or no constraint matched, PR #27202). */
export const ERR_CERT_NO_MATCH = 'failed to match all constraints for this login certificate';
export const ERR_CERT_LEAF_KEY_MISMATCH = 'public key mismatch of a trusted leaf certificate';
/** A plain error (500): "failed to verify client's certificate: " + the x509 error. */
export const errCertVerify = (err: string) => `failed to verify client's certificate: ${err}`;
/** LIB crypto/x509 CertificateInvalidError (Expired): "current time %s is after/before %s", RFC 3339. */
export const errX509Expired = (now: string, relation: 'after' | 'before', bound: string) =>
  `x509: certificate has expired or is not yet valid: current time ${now} is ${relation} ${bound}`;
/** LIB crypto/x509 ParseCertificate on a presented certificate that does not parse. */
export const ERR_X509_MALFORMED_CERTIFICATE = 'x509: malformed certificate';
/** LIB crypto/x509 CertificateInvalidError (IncompatibleUsage). */
export const ERR_X509_INCOMPATIBLE_USAGE = 'x509: certificate specifies an incompatible key usage';
/** V vault/request_handling.go handleLoginRequest: an alias with an empty name (a client cert without CN); 500. */
export const ERR_MISSING_ALIAS_NAME = 'missing name in alias';
/** minivault: OCSP checks (Vault's ocsp client) are not implemented. */
export const errCertOcspUnsupported = (name: string) =>
  `minivault does not implement OCSP checks; certificate entry "${name}" has ocsp_enabled set`;

// ---- renewal (V path_login.go pathLoginRenew; plain Go errors) ---------------------------------
export const ERR_CERT_RENEW_IDENTITY = 'client identity during renewal not matching client identity used during login';
export const ERR_CERT_RENEW_POLICIES = 'policies have changed, not renewing';
