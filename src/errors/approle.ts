// Vault error strings of the AppRole auth method (src/credential/approle), each with its upstream
// source. V: = hashicorp/vault at the 1.18 line (builtin/credential/approle/*.go); LIB: = a
// library Vault links. Messages built with Go's %q go through goQuote (strconv.Quote).
import { goQuote } from '../go/strconv.js';

// ---- role/:role_name (V path_role.go pathRoleCreateUpdate; error responses → 400) -----------
/** `fmt.Sprintf("role_name is longer than maximum of %d bytes", maxHmacInputLength)`. */
export const ERR_APPROLE_ROLE_NAME_TOO_LONG = 'role_name is longer than maximum of 4096 bytes';
export const ERR_APPROLE_LOCAL_SECRET_IDS_UPDATE = 'local_secret_ids can only be modified during role creation';
export const ERR_APPROLE_INVALID_ROLE_ID = 'invalid role_id supplied, or failed to generate a role_id';
export const ERR_APPROLE_SECRET_ID_NUM_USES_NEGATIVE = 'secret_id_num_uses cannot be negative';
/** `fmt.Sprintf("period of %q is greater than the backend's maximum lease TTL of %q", ...)` (Go Duration.String). */
export const errApprolePeriodTooLong = (period: string, max: string): string =>
  `period of ${goQuote(period)} is greater than the backend's maximum lease TTL of ${goQuote(max)}`;
/** A warning, not an error (pathRoleCreateUpdate). */
export const WARN_APPROLE_TOKEN_MAX_TTL =
  "token_max_ttl is greater than the backend mount's maximum TTL value; issued tokens' max TTL value will be truncated";
/** Warnings of the token_type backwards-compat case (pathRoleCreateUpdate). */
export const WARN_APPROLE_DEFAULT_SERVICE = 'default-service has no useful meaning; adjusting to service';
export const WARN_APPROLE_DEFAULT_BATCH = 'default-batch has no useful meaning; adjusting to batch';
/** V path_role.go pathRoleRead warning. */
export const WARN_APPROLE_NO_CONSTRAINTS =
  'Role does not have any constraints set on it. Updates to this role will require a constraint to be set';

// ---- setRoleEntry / validateRoleConstraints (V path_role.go; plain Go errors → 500) ----------
export const ERR_APPROLE_NO_CONSTRAINT = 'at least one constraint should be enabled on the role';
export const ERR_APPROLE_ROLE_ID_IN_USE = 'role_id already in use';

// ---- CIDR checks (V path_role.go, validation.go verifyCIDRRoleSecretIDSubset; LIB Go net.ParseCIDR) ----
/** `fmt.Errorf("failed to validate CIDR blocks: %w", err)` around net.ParseCIDR's ParseError. */
export const errApproleValidateCidr = (item: string): string => `failed to validate CIDR blocks: invalid CIDR address: ${item}`;
/** handleRoleSecretIDCommon for `token_bound_cidrs`. */
export const errApproleValidateTokenCidr = (item: string): string =>
  `failed to validate token CIDR blocks: invalid CIDR address: ${item}`;
/** `%q` of a []string prints `["a" "b"]`; `%w` of a nil error prints `%!w(<nil>)`. */
export const errApproleCidrSubset = (role: readonly string[], secret: readonly string[]): string =>
  `failed to verify subset relationship between CIDR blocks on the role [${role.map(goQuote).join(' ')}] and CIDR blocks on the secret ID [${secret.map(goQuote).join(' ')}]: %!w(<nil>)`;
/** pathRoleBoundCIDRUpdateCommon: `fmt.Errorf("failed to parse token_bound_cidrs: %w", err)`. */
export const errApproleParseTokenCidrs = (cause: string): string => `failed to parse token_bound_cidrs: ${cause}`;

// ---- single-field sub-paths (V path_role.go pathRole*Update; error responses → 400) ----------
export const errApproleMissingField = (field: string): string => `missing ${field}`;
export const ERR_APPROLE_TOKEN_TTL_OVER_MAX = 'token_ttl should not be greater than token_max_ttl';
export const ERR_APPROLE_TOKEN_MAX_TTL_UNDER_TTL = 'token_max_ttl should be greater than or equal to token_ttl';
/** V path_role.go pathRoleFieldRead (bound_cidr_list) warning. */
export const WARN_APPROLE_BOUND_CIDR_LIST_DEPRECATED =
  'The "bound_cidr_list" field is deprecated and will be removed. Please use "secret_id_bound_cidrs" instead.';

// ---- secret IDs (V path_role.go handleRoleSecretIDCommon, *Lookup*, *Destroy*, pathRoleSecretIDList) ----
/** Error response with logical.ErrUnsupportedPath (404) on generate, 400 on LIST; a plain error (500) on lookup/destroy. */
export const errApproleRoleNotFound = (name: string): string => `role ${goQuote(name)} does not exist`;
export const ERR_APPROLE_BIND_SECRET_ID_NOT_SET = 'bind_secret_id is not set on the role';
export const ERR_APPROLE_MISSING_SECRET_ID = 'missing secret_id';
export const ERR_APPROLE_MISSING_ACCESSOR = 'missing secret_id_accessor';
export const ERR_APPROLE_NUM_USES_NEGATIVE = 'num_uses cannot be negative';
export const ERR_APPROLE_NUM_USES_OVER_ROLE = "num_uses cannot be higher than the role's secret_id_num_uses";
export const ERR_APPROLE_TTL_OVER_ROLE = "ttl cannot be longer than the role's secret_id_ttl";
/** `fmt.Sprintf("failed to parse metadata: %v", err)` over LIB go-secure-stdlib strutil ParseArbitraryKeyValues. */
export const errApproleParseMetadata = (cause: string): string => `failed to parse metadata: ${cause}`;
/** LIB go-secure-stdlib strutil ParseArbitraryKeyValues / ParseKeyValues causes. */
export const errStrutilParseInput = (cause: string): string => `failed to parse the input: ${cause}`;
export const ERR_STRUTIL_KV_FORMAT = 'invalid <key,value> format';
export const errStrutilKvPair = (key: string, value: string): string =>
  `invalid <key,value> pair: key: ${goQuote(key)} value: ${goQuote(value)}`;
export const errStrutilInvalidValue = (key: string): string => `invalid value for key ${goQuote(key)}`;
/** validation.go registerSecretIDEntry, wrapped by handleRoleSecretIDCommon (500). */
export const ERR_APPROLE_SECRET_ID_REGISTERED = 'failed to store secret_id: SecretID is already registered';
/** pathRoleSecretIDLookupUpdate, accessor entry gone (error response, 400). */
export const ERR_APPROLE_INVALID_SECRET_ID = 'invalid secret id';
/** pathRoleSecretIDAccessorLookupUpdate (404 raw body) / pathRoleSecretIDAccessorDestroyUpdateDelete (500). */
export const errApproleAccessorNotFound = (accessor: string): string =>
  `failed to find accessor entry for secret_id_accessor: ${goQuote(accessor)}`;
/** pathRoleSecretIDAccessorDestroyUpdateDelete with logical.ErrPermissionDenied (403). */
export const ERR_APPROLE_INVALID_ACCESSOR = 'invalid secret id accessor';

// ---- login (V path_login.go pathLoginUpdate) ---------------------------------------------------
export const ERR_APPROLE_INVALID_CREDS = 'invalid role or secret ID';
/**
 * V vault/core.go aliasNameFromLoginRequest: with user lockout on (Vault's default) an empty
 * role_id never reaches the handler; the look-ahead's `missing role_id` is discarded and core
 * answers 500 with this text. minivault's core has no look-ahead, so the handler says it.
 */
export const ERR_APPROLE_ALIAS_NAME = 'failed to determine alias name from login request';
export const ERR_APPROLE_NO_CONNECTION = 'failed to get connection information';
export const errApproleSourceSecretIdUnlimited = (addr: string): string =>
  `source address ${goQuote(addr)} unauthorized through CIDR restrictions on the secret ID`;
export const errApproleSourceSecretIdLimited = (addr: string): string =>
  `source address ${goQuote(addr)} unauthorized by CIDR restrictions on the secret ID: %!w(<nil>)`;
export const errApproleSourceRole = (addr: string): string =>
  `source address ${goQuote(addr)} unauthorized by CIDR restrictions on the role: %!w(<nil>)`;

// ---- renewal (V path_login.go pathLoginRenew; plain Go errors) ---------------------------------
export const ERR_APPROLE_RENEW_NO_ROLE_NAME = 'failed to fetch role_name during renewal';
export const errApproleRenewRoleGone = (name: string): string => `role ${goQuote(name)} does not exist during renewal`;

// ---- tidy/secret-id (V path_tidy_user_id.go tidySecretID; warnings) --------------------------
export const WARN_APPROLE_TIDY_STARTED =
  "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.";
export const WARN_APPROLE_TIDY_RUNNING = 'Tidy operation already in progress.';
