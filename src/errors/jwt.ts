// Vault error strings of the JWT/OIDC auth method (src/credential/jwt), each with its upstream
// source. JWT: = hashicorp/vault-plugin-auth-jwt at v0.22.0 (what Vault 1.18.1 bundles);
// CAP: = hashicorp/cap v0.7.0 (jwt/*.go), which the plugin validates tokens with;
// LIB: = a library either links. All are error responses (400) unless marked.

// ---- config (JWT path_config.go pathConfigWrite, in Vault's check order) ------------------------
export const ERR_JWT_EXACTLY_ONE_KEY_SOURCE =
  "exactly one of 'jwt_validation_pubkeys', 'jwks_url', 'jwks_pairs' or 'oidc_discovery_url' must be set";
export const ERR_JWT_CLIENT_ID_AND_SECRET = "both 'oidc_client_id' and 'oidc_client_secret' must be set for OIDC";
export const ERR_JWT_DISCOVERY_URL_FOR_OIDC = "'oidc_discovery_url' must be set for OIDC";
export const ERR_JWT_JWKS_PAIRS_CA_PEM = "CA PEMs must be provided as part of the 'jwks_pairs' when using multiple JWKS URLs";
export const ERR_JWT_JWKS_PAIRS_BOUND_ISSUER = "Bound issuer is not supported for use with 'jwks_pairs'";
/** fmt "error parsing public key: %s" over certutil.ParsePublicKeyPEM's error. */
export const errJwtParsingPublicKey = (err: string) => `error parsing public key: ${err}`;
/** LIB vault sdk/helper/certutil/helpers.go ParsePublicKeyPEM: no PEM block, or not a public key. */
export const ERR_CERTUTIL_NO_PUBLIC_KEYS = 'data does not contain any valid public keys';
/** LIB certutil ParsePublicKeyPEM: bytes after the PEM block. */
export const ERR_CERTUTIL_TRAILING_DATA = 'unexpected trailing data after parsed PEM block';
/** LIB Go crypto/x509 ParseCertificate on DER that is neither PKIX key nor certificate. */
export const ERR_X509_MALFORMED_CERTIFICATE = 'x509: malformed certificate';
/** JWT path_config.go over CAP jwt/algs.go SupportedSigningAlgorithm. */
export const errJwtUnsupportedAlg = (alg: string) => `invalid jwt_supported_algs: unsupported signing algorithm "${alg}"`;
/** JWT path_config.go: fmt "invalid response_types %v. 'code' and 'id_token' are allowed" (Go's %v of a []string). */
export const errJwtResponseTypes = (types: readonly string[]) => `invalid response_types [${types.join(' ')}]. 'code' and 'id_token' are allowed`;
export const ERR_JWT_QUERY_MODE_ID_TOKEN = 'query response_mode may not be used with an id_token response_type';
export const errJwtResponseMode = (mode: string) => `invalid response_mode: "${mode}"`;
/** JWT path_config.go "invalid provider_config: %s" over provider_config.go NewProviderConfig. */
export const ERR_JWT_PROVIDER_FIELD_MISSING = "invalid provider_config: 'provider' field not found in provider_config";
export const errJwtProviderNotFound = (p: string) => `invalid provider_config: provider "${p}" not found in custom providers`;

// ---- role/:name (JWT path_role.go pathRoleCreateUpdate) ----------------------------------------
export const ERR_JWT_MISSING_ROLE_NAME = 'missing role name';
export const errJwtInvalidRoleType = (t: string) => `invalid 'role_type': ${t}`;
/** "'period' of '%q' is greater than the backend's maximum lease TTL of '%q'" over Duration.String(). */
export const errJwtPeriodTooLong = (period: string, max: string) =>
  `'period' of '"${period}"' is greater than the backend's maximum lease TTL of '"${max}"'`;
export const ERR_JWT_USER_CLAIM_REQUIRED = 'a user claim must be defined on the role';
export const errJwtInvalidBoundClaimsType = (t: string) => `invalid 'bound_claims_type': ${t}`;
/** Go's %v of the offending value (see goValue). */
export const errJwtClaimNotString = (v: string) => `claim is not a string: ${v}`;
export const errJwtClaimNotStringOrList = (v: string) => `claim is not a string or list: ${v}`;
export const errJwtReservedMetadata = (k: string) => `metadata key "${k}" is reserved and may not be a mapping destination`;
export const errJwtDuplicateMapping = (k: string) => `multiple keys are mapped to metadata key "${k}"`;
export const ERR_JWT_REDIRECT_URIS_REQUIRED = "'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified.";
export const ERR_JWT_NO_BOUND_CONSTRAINT = 'must have at least one bound constraint when creating/updating a role';
export const ERR_JWT_TTL_OVER_MAX = 'ttl should not be greater than max ttl';
export const WARN_JWT_TOKEN_MAX_TTL =
  "token max ttl is greater than the system or backend mount's maximum TTL value; issued tokens' max TTL value will be truncated";
export const WARN_JWT_VERBOSE_OIDC_LOGGING =
  'verbose_oidc_logging has been enabled for this role. This is not recommended in production since sensitive information may be present in OIDC responses.';

// ---- login (JWT path_login.go pathLogin) ----------------------------------------------------------
export const ERR_JWT_NO_CONFIG = 'could not load configuration';
export const ERR_JWT_MISSING_ROLE = 'missing role';
export const errJwtRoleNotFound = (name: string) => `role "${name}" could not be found`;
export const ERR_JWT_OIDC_ROLE = 'role with oidc role_type is not allowed';
export const ERR_JWT_MISSING_TOKEN = 'missing token';
/** path_login.go: "error validating token: %s" around CAP's error. */
export const errJwtValidatingToken = (err: string) => `error validating token: ${err}`;
/** CAP jwt/jwt.go validateAll: the key set's error wrapped. */
export const errJwtVerifySignature = (err: string) => `error verifying token signature: ${err}`;
/** CAP jwt/keyset.go StaticKeySet VerifySignature, when no key verifies. */
export const ERR_CAP_NO_KEY_VALIDATED = 'no known key successfully validated the token signature';
/** LIB go-jose v3 ParseSigned (returned as is by CAP StaticKeySet): not three dot-separated parts. */
export const ERR_JOSE_COMPACT_PARTS = 'go-jose/go-jose: compact JWS format must have three parts';
/** LIB Go encoding/base64 CorruptInputError, as go-jose returns it for a bad header or signature. */
export const errBase64Illegal = (offset: number) => `illegal base64 data at input byte ${offset}`;
/** LIB go-jose v3 rawHeader: a protected header that is not a JSON object (minivault's one text for Go's JSON errors). */
export const ERR_JOSE_HEADER_JSON = 'invalid character in JWS protected header';
/** LIB go-jose jwt Audience.UnmarshalJSON. */
export const ERR_JOSE_AUDIENCE = 'go-jose/go-jose/jwt: expected string or array value to unmarshal to Audience';
/** LIB Go encoding/json UnmarshalTypeError for jwt.Claims' string fields (iss, sub, jti). */
export const errJsonClaimType = (jsonType: string, field: string) =>
  `json: cannot unmarshal ${jsonType} into Go struct field Claims.${field} of type string`;
/** CAP jwt/jwt.go validateSigningAlgorithm (ErrInvalidAlgorithm + "token signed with unexpected algorithm"). */
export const ERR_CAP_INVALID_ALG = 'invalid algorithm (alg) header parameter: token signed with unexpected algorithm';
/** CAP jwt/jwt.go validateAll, ErrInvalidIssuer / ErrInvalidSubject. */
export const ERR_CAP_INVALID_ISSUER = 'invalid issuer (iss) claim';
export const ERR_CAP_INVALID_SUBJECT = 'invalid subject (sub) claim';
export const ERR_CAP_INVALID_AUDIENCE = 'invalid audience (aud) claim: audience claim does not match any expected audience';
export const ERR_CAP_NO_TIME_CLAIMS = 'no issued at (iat), not before (nbf), or expiration time (exp) claims in token';
export const ERR_CAP_NOT_YET_VALID = 'invalid not before (nbf) claim: token not yet valid';
export const ERR_CAP_EXPIRED = 'invalid expiration time (exp) claim: token is expired';
export const ERR_CAP_ISSUED_IN_FUTURE = 'invalid issued at (iat) claim: token issued in the future';
/** path_login.go after Validate (plugin v0.20.3+, HCSEC-2024-11: a single string counts too). */
export const ERR_JWT_AUD_WITHOUT_BOUND = 'audience claim found in JWT but no audiences bound to the role';

// ---- identity (JWT path_login.go createIdentity; claims.go) ------------------------------------
export const errJwtClaimNotFound = (c: string) => `claim "${c}" not found in token`;
export const errJwtClaimNotConvertible = (c: string) => `claim "${c}" could not be converted to string`;
/** claims.go extractMetadata. */
export const errJwtClaimMappingNotString = (c: string) => `error converting claim '${c}' to string`;
/** path_login.go createIdentity "failed to fetch groups: %s" over fetchGroups' error. */
export const errJwtGroupsClaimMissing = (c: string) => `failed to fetch groups: "${c}" claim not found in token`;
export const errJwtGroupsNotList = (c: string) => `"${c}" claim could not be converted to string list`;
export const errJwtGroupValueNotString = (v: string) => `value ${v} in groups claim could not be parsed as string`;
/** path_login.go "error validating claims: %s" over claims.go validateBoundClaims. */
export const errJwtValidatingClaims = (err: string) => `error validating claims: ${err}`;
export const errJwtBoundClaimMissing = (c: string) => `claim "${c}" is missing`;
export const errJwtBoundClaimNoMatch = (c: string) => `claim "${c}" does not match any associated bound claim values`;
/** claims.go validateBoundClaims, when the token's claim is neither a scalar nor a list. */
export const errJwtReceivedClaimNotList = (v: string) => `received claim is not a string, bool, int or list: ${v}`;
/** claims.go validateBoundClaims, when a stored bound value is neither a scalar nor a list. */
export const errJwtBoundClaimNotList = (v: string) => `bound claim is not a string, bool, int or list: ${v}`;
/**
 * claims.go matchFound with glob type and a non-string bound value (a role whose type became glob
 * after its claims were set). The format string is "%expVal": Go's bad-verb %e, then "xpVal".
 */
export const errJwtGlobNotString = (goType: string, v: string) => `received claim is not a glob string: %!e(${goType}=${v})xpVal`;
/** go-jose jwt NumericDate.UnmarshalJSON on a time claim that is not a number (via CAP validateAll). */
export const ERR_JOSE_NUMERIC_DATE = 'go-jose/go-jose/jwt: expected number value to unmarshal NumericDate';

// ---- remote key sets (JWT path_config.go validateJWKSURL, pathConfigWrite; jwks_pairs.go;
// CAP jwt/keyset.go NewOIDCDiscoveryKeySet, createCAContext; LIB go-oidc v3 jwks.go RemoteKeySet) --
export const ERR_JWT_CHECKING_DISCOVERY = 'error checking oidc discovery URL';
export const ERR_JWT_CHECKING_JWKS_CA = 'error checking jwks_ca_pem';
export const errJwtCheckingJwksUrl = (url: string) => `error checking jwks URL ${url}`;
export const errJwtInvalidJwksPairs = (err: string) => `invalid jwks_pairs: ${err}`;
export const ERR_JWT_JWKS_PAIRS_NOT_OBJECTS = 'jwks_pairs must be provided as a list of json objects with the fields jwks_url and jwks_ca_pem';
/** LIB mitchellh/mapstructure Decode of a pair member that is not a string. */
export const errMapstructureNotString = (field: string, goType: string, v: string) =>
  `1 error(s) decoding:\n\n* '${field}' expected type 'string', got unconvertible type '${goType}', value: '${v}'`;
/** CAP createCAContext (x509.CertPool AppendCertsFromPEM found no certificate). */
export const ERR_CAP_CA_PEM = 'could not parse CA PEM value successfully';
/** LIB go-oidc RemoteKeySet.verify: no fetched key verifies. */
export const ERR_OIDC_VERIFY_SIGNATURE = 'failed to verify id token signature';
/** LIB go-oidc RemoteKeySet.VerifySignature on an unparsable token. */
export const errOidcMalformedJwt = (err: string) => `oidc: malformed jwt: ${err}`;
/** LIB go-oidc RemoteKeySet.verify ("fetching keys %w") over updateKeys' errors. */
export const errOidcFetchingKeys = (err: string) => `fetching keys ${err}`;
export const errOidcGetKeysStatus = (status: string, body: string) => `oidc: get keys failed: ${status} ${body}`;
export const errOidcGetKeys = (err: string) => `oidc: get keys failed ${err}`;
export const errOidcDecodeKeys = (err: string, body: string) => `oidc: failed to decode keys: ${err} ${body}`;
/** path_login.go: the validator could not be built (discovery unreachable at login). */
export const errJwtConfiguringValidator = (err: string) => `error configuring token validator: ${err}`;
/** backend.go jwtValidator. */
export const errJwtKeysetConfiguration = (err: string) => `keyset configuration error: ${err}`;
/** CAP NewOIDCDiscoveryKeySet. */
export const errCapIssuerMismatch = (expected: string, got: string) =>
  `issuer did not match the returned issuer, expected ${JSON.stringify(expected)} got ${JSON.stringify(got)}`;

// ---- renewal (JWT path_login.go pathLoginRenew; plain Go errors) ------------------------------
export const ERR_JWT_RENEW_NO_ROLE_NAME = 'failed to fetch role_name during renewal';
export const errJwtRenewRoleGone = (name: string) => `role ${name} does not exist during renewal`;
