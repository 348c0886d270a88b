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

// ---- OIDC flow (JWT path_oidc.go authURL, pathCallback, pathCallbackPost; CAP: oidc/provider.go
// AuthURL, Exchange, VerifyIDToken; LIB go-oidc v3 verify.go; LIB golang.org/x/oauth2 token.go) -----
/** path_oidc.go errNotOIDCFlow (auth_url on a mount without oidc_client_id/secret). */
export const ERR_JWT_OIDC_NOT_CONFIGURED = 'OIDC login is not configured for this mount';
export const ERR_JWT_MISSING_REDIRECT_URI = 'missing redirect_uri';
/** pathCallback (GET): errLoginFailed + " Could not load configuration" (no full stop). */
export const ERR_OIDC_CALLBACK_NO_CONFIG = 'Vault login failed. Could not load configuration';
/** pathCallbackPost: the same with a full stop. */
export const ERR_OIDC_CALLBACK_POST_NO_CONFIG = 'Vault login failed. Could not load configuration.';
export const ERR_OIDC_EXPIRED_STATE = 'Vault login failed. Expired or missing OAuth state.';
export const ERR_OIDC_INVALID_CLIENT_NONCE = 'invalid client_nonce';
export const ERR_OIDC_ROLE_NOT_FOUND = 'Vault login failed. Role could not be found';
export const ERR_OIDC_NO_CODE = 'Vault login failed. No code or id_token received.';
/** pathCallback: errLoginFailed+" Error exchanging oidc code: %q." over CAP Provider.Exchange's error. */
export const errOidcExchange = (err: string) => `Vault login failed. Error exchanging oidc code: ${JSON.stringify(err)}.`;
/** pathCallback: "%s %s" of errTokenVerification and CAP VerifyIDToken's error (implicit flow). */
export const errOidcTokenVerification = (err: string) => `Token verification failed. ${err}`;
/** pathCallback: a plain Go error (500 on this login path). */
export const ERR_OIDC_BOUND_SUBJECT = 'sub claim does not match bound subject';
/** pathCallback: errwrap "error getting provider for login operation: {{err}}" (plain, 500) over
 * path_config.go createProvider "error creating provider with given values: {{err}}" over CAP
 * NewProvider "%s: unable to create provider: %w" (go-oidc's discovery error inside). */
export const errOidcGettingProvider = (err: string) =>
  `error getting provider for login operation: error creating provider with given values: NewProvider: unable to create provider: ${err}`;
/** LIB go-oidc v3 oidc.go NewProvider: discovery answered with a non-200 status ("%s: %s"). */
export const errGoOidcDiscoveryStatus = (status: string, body: string) => `${status}: ${body}`;
/** LIB go-oidc v3 NewProvider: the issuer of the document is not the URL it was fetched from. */
export const errGoOidcIssuerMismatch = (expected: string, got: string) =>
  `oidc: issuer did not match the issuer returned by provider, expected ${JSON.stringify(expected)} got ${JSON.stringify(got)}`;
/** path_oidc.go formpostHTML / errorHTML texts of pathCallbackPost. */
export const ERR_OIDC_FORM_POST_INVALID_REDIRECT = 'Invalid redirect path.';
export const ERR_OIDC_FORM_POST_EXPIRED_STATE = 'Expired or missing OAuth state.';
/** CAP oidc/error.go sentinel errors (the last part of CAP's wrapped messages). */
export const CAP_ERR = {
  invalidIssuer: 'invalid issuer', invalidSignature: 'invalid signature', invalidAudience: 'invalid audience',
  invalidNonce: 'invalid nonce', expiredToken: 'token is expired', invalidJwks: 'invalid jwks', invalidIssuedAt: 'invalid issued at (iat)',
  invalidAzp: 'invalid authorized party (azp)', unsupportedAlg: 'unsupported signing algorithm', missingIdToken: 'id_token is missing',
  missingAccessToken: 'access_token is missing', missingClaim: 'missing required claim', expiredAuthTime: 'expired auth_time',
  invalidNotBefore: 'invalid not before', notFound: 'not found',
} as const;
/** CAP Provider.Exchange "%s: unable to exchange auth code with provider: %w". */
export const errCapExchangeFailed = (err: string) => `Provider.Exchange: unable to exchange auth code with provider: ${err}`;
/** CAP Provider.Exchange "%s: id_token is missing from auth code exchange: %w". */
export const ERR_CAP_EXCHANGE_NO_ID_TOKEN = `Provider.Exchange: id_token is missing from auth code exchange: ${CAP_ERR.missingIdToken}`;
/** CAP Provider.Exchange "%s: id_token failed verification: %w" over VerifyIDToken's error. */
export const errCapIdTokenFailed = (err: string) => `Provider.Exchange: id_token failed verification: ${err}`;
/** CAP Provider.VerifyIDToken "%s: invalid id_token: %w" over go-oidc's Verify error (convertError adds the sentinel). */
export const errCapInvalidIdToken = (err: string) => `Provider.VerifyIDToken: invalid id_token: ${err}`;
export const ERR_CAP_INVALID_NONCE = `Provider.VerifyIDToken: invalid id_token nonce: ${CAP_ERR.invalidNonce}`;
export const ERR_CAP_MISSING_SUB = `Provider.VerifyIDToken: invalid id_token: sub: ${CAP_ERR.missingClaim}`;
export const ERR_CAP_MISSING_AUD = `Provider.VerifyIDToken: invalid id_token: aud: ${CAP_ERR.missingClaim}`;
export const ERR_CAP_AUDIENCES = `Provider.VerifyIDToken: invalid id_token audiences: verifyAudiences: invalid id_token audiences: ${CAP_ERR.invalidAudience}`;
/** CAP VerifyIDToken: several audiences and the client id is not one of them (Go %s of a []string: [a b]). */
export const errCapMultipleAudNoClient = (aud: readonly string[], clientId: string) =>
  `Provider.VerifyIDToken: invalid id_token: multiple audiences ([${aud.join(' ')}]) and one of them is not equal client_id (${clientId}): ${CAP_ERR.invalidAudience}`;
/** CAP VerifyIDToken: azp present and not the client id (Go %s of an interface value). */
export const errCapAzpNotClient = (azp: string, clientId: string) =>
  `Provider.VerifyIDToken: invalid id_token: authorized party (${azp}) is not equal client_id (${clientId}): ${CAP_ERR.invalidAzp}`;
export const errCapMultipleAudAzp = (azp: string, clientId: string) =>
  `Provider.VerifyIDToken: invalid id_token: multiple audiences and authorized party (${azp}) is not equal client_id (${clientId}): ${CAP_ERR.invalidAzp}`;
export const errCapOneAudNotClient = (aud: string, clientId: string, azp: string) =>
  `Provider.VerifyIDToken: invalid id_token: one audience (${aud}) which is not the client_id (${clientId}) and authorized party (${azp}) is not equal client_id (${clientId}): ${CAP_ERR.invalidAzp}`;
export const ERR_CAP_MISSING_AUTH_TIME = `Provider.VerifyIDToken: missing auth_time claim when max age was requested: ${CAP_ERR.missingClaim}`;
/** CAP VerifyIDToken max_age check (Go's time.Time %s: "2006-01-02 15:04:05 +0000 UTC"). */
export const errCapAuthTimeTooOld = (authTime: string, secs: number, after: string) =>
  `Provider.VerifyIDToken: auth_time (${authTime}) is beyond max age (${secs} / ${after}): ${CAP_ERR.expiredAuthTime}`;
export const errCapIssuedInFuture = (now: string, iat: string) =>
  `Provider.VerifyIDToken: invalid id_token current time ${now} before the iat (issued at) time ${iat}: ${CAP_ERR.invalidIssuedAt}`;
/** LIB go-oidc v3 verify.go IDTokenVerifier.Verify messages (before CAP's convertError suffix). */
export const errGoOidcMalformed = (err: string) => `oidc: malformed jwt: ${err}`;
export const errGoOidcWrongIssuer = (expected: string, got: string) =>
  `oidc: id token issued by a different provider, expected ${JSON.stringify(expected)} got ${JSON.stringify(got)}: ${CAP_ERR.invalidIssuer}`;
export const errGoOidcExpired = (expiry: string) => `oidc: token is expired (Token Expiry: ${expiry}): ${CAP_ERR.expiredToken}`;
export const errGoOidcNotBefore = (now: string, nbf: string) =>
  `oidc: current time ${now} before the nbf (not before) time: ${nbf}: ${CAP_ERR.invalidNotBefore}`;
/** go-oidc: %q of the []string of allowed algorithms: ["RS256"]. */
export const errGoOidcUnsupportedAlg = (allowed: readonly string[], got: string) =>
  `oidc: id token signed with unsupported algorithm, expected [${allowed.map((a) => JSON.stringify(a)).join(' ')}] got ${JSON.stringify(got)}: ${CAP_ERR.unsupportedAlg}`;
export const ERR_GO_OIDC_BAD_SIGNATURE = `failed to verify signature: failed to verify id token signature: ${CAP_ERR.invalidSignature}`;
/** LIB golang.org/x/oauth2 internal/token.go RetrieveError.Error (with an error code). */
export const errOauth2Code = (code: string, description: string) =>
  `oauth2: ${JSON.stringify(code)}${description !== '' ? ` ${JSON.stringify(description)}` : ''}`;
/** RetrieveError.Error without an error code: "oauth2: cannot fetch token: %v\nResponse: %s". */
export const errOauth2Status = (status: string, body: string) => `oauth2: cannot fetch token: ${status}\nResponse: ${body}`;
/** oauth2 internal/token.go: a 2xx answer without access_token (CAP convertError adds its sentinel). */
export const ERR_OAUTH2_NO_ACCESS_TOKEN = `oauth2: server response missing access_token: ${CAP_ERR.missingAccessToken}`;
/** backend.go jwtValidator: a config of the OIDC flow (discovery URL + client credentials) has no JWT validator. */
export const ERR_JWT_UNSUPPORTED_CONFIG_TYPE = 'unsupported config type';
/** CAP Exchange over IDToken.VerifyAccessToken / VerifyAuthorizationCode (verifyHashClaim; both name their op "VerifyAccessToken"). */
export const ERR_CAP_AT_HASH =
  'Provider.Exchange: access_token failed verification: VerifyAccessToken: verifyHashClaim: access_token hash does not match value in id_token';
export const ERR_CAP_C_HASH =
  'Provider.Exchange: code hash failed verification: VerifyAccessToken: verifyHashClaim: authorization code hash does not match value in id_token';
