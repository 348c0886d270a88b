// Vault error strings for the auth area (policies, ACL, token store), each with its upstream source.
// V: = hashicorp/vault, HCL: = hashicorp/hcl v1 (the parser Vault's policies go through).
import { goQuote } from '../go/strconv.js';

// --- generic routing answers a backend gives (sdk/logical/error.go ErrUnsupportedPath/Operation) ---
/** V sdk/logical/error.go ErrUnsupportedPath (404). */
export const ERR_AUTH_UNSUPPORTED_PATH = 'unsupported path';
/** V sdk/logical/error.go ErrUnsupportedOperation (405). */
export const ERR_AUTH_UNSUPPORTED_OPERATION = 'unsupported operation';


// --- sys/policy, sys/policies/acl (V vault/logical_system.go handlePoliciesSet/Delete) ---
export const ERR_AUTH_POLICY_NAME_MISSING = 'policy name must be provided in the URL';
export const ERR_AUTH_POLICY_EMPTY = "'policy' parameter not supplied or empty";
export const WARN_AUTH_RULES_DEPRECATED = "'rules' is deprecated, please use 'policy' instead";

// --- policy store (V vault/policy_store.go SetPolicy, DeletePolicy) ---
export const errAuthCannotUpdatePolicy = (name: string): string => `cannot update "${name}" policy`;
export const errAuthCannotDeletePolicy = (name: string): string => `cannot delete "${name}" policy`;
export const ERR_AUTH_CANNOT_DELETE_DEFAULT = 'cannot delete default policy';

// --- policy parsing (V vault/policy.go parseACLPolicyWithTemplating, parsePaths) ---
export const errAuthPolicyParse = (detail: string): string => `failed to parse policy: ${detail}`;
/** go-multierror Prefix as parsePaths uses it: a message about one path block. */
export const errAuthInPath = (path: string, msg: string): string => `path "${path}": ${msg}`;
export const errAuthInvalidKey = (key: string, line: number): string => `invalid key "${key}" on line ${line}`;
export const errAuthInvalidCapability = (path: string, cap: string): string => `path "${path}": invalid capability "${cap}"`;
export const errAuthInvalidLegacyPolicy = (path: string, policy: string): string => `path "${path}": invalid policy "${policy}"`;
export const errAuthWildcards = (path: string): string => `path "${path}": invalid use of wildcards ('+*' is forbidden)`;
export const errAuthWrappingTtl = (field: 'min_wrapping_ttl' | 'max_wrapping_ttl', why: string): string => `error parsing ${field}: ${why}`;
export const ERR_AUTH_WRAPPING_TTL_ORDER = 'max_wrapping_ttl cannot be less than min_wrapping_ttl';
/** V sdk/helper/hclutil CheckHCLKeys on a path whose value is not an object, prefixed with the path. */
export const errAuthHclKeysOfType = (path: string, astType: string): string => `path "${path}": cannot check HCL keys of type ${astType}`;
/** go-secure-stdlib parseutil.ParseDurationSecond on a value that is neither string nor number. */
export const ERR_AUTH_DURATION_UNPARSABLE = 'could not parse duration from input';
/** minivault: a stored policy entry without its text (storage damaged or written by something else). */
export const errAuthStoredPolicyCorrupt = (name: string): string => `stored policy "${name}" has no text`;
/** go-multierror ListFormatFunc: how Vault prints errors collected by hclutil.CheckHCLKeys. */
export const authMultiError = (errors: string[]): string =>
  `${errors.length} error${errors.length === 1 ? '' : 's'} occurred:\n${errors.map((e) => `\t* ${e}`).join('\n')}\n\n`;

// --- HCL v1 parse errors (HCL hcl/parser/parser.go, hcl/scanner/scanner.go; PosError "At L:C: ...") ---
export const errHclAt = (line: number, column: number, msg: string): string => `At ${line}:${column}: ${msg}`;
export const errHclExpectedKey = (got: string): string => `expected: IDENT | STRING | ASSIGN | LBRACE got: ${got}`;
export const errHclKeyNeedsBody = (key: string): string => `key '${key}' expected start of object ('{') or assignment ('=')`;
export const errHclNestedObject = (got: string): string => `nested object expected: LBRACE got: ${got}`;
export const errHclUnknownToken = (got: string): string => `Unknown token: ${got}`;
export const errHclObjectClose = (got: string): string => `object expected closing RBRACE got: ${got}`;
export const errHclListToken = (got: string): string => `unexpected token while parsing list: ${got}`;
export const errHclListComma = (got: string): string => `error parsing list, expected comma or list end, got: ${got}`;
export const errHclJsonExpected = (want: string, got: string): string => `expected: ${want} got: ${got}`;
export const ERR_HCL_ILLEGAL_CHAR = 'illegal char';
export const ERR_HCL_LITERAL_NOT_TERMINATED = 'literal not terminated';
export const ERR_HCL_COMMENT_NOT_TERMINATED = 'comment not terminated';
export const errHclBadEscape = (): string => 'unknown escape sequence';
/** minivault's own bounds on parser work (Vault has none; these keep pathological input from hanging). */
export const errHclTooLarge = (limit: number): string => `policy document is larger than the limit of ${limit} bytes`;
export const errHclTooDeep = (limit: number): string => `nesting deeper than the limit of ${limit} levels`;
export const errHclUnsupported = (what: string): string => `${what} are not supported in policies`;
/** HCL hcl/decoder.go decodeString / decodeSlice / decodeMap wording for a value of the wrong type. */
export const errHclDecode = (field: string, want: string, got: string): string => `${field}: unknown type for ${want} ${got}`;

// --- token store create (V vault/token_store.go handleCreateCommon, create) ---
export const ERR_AUTH_PARENT_LOOKUP = 'parent token lookup failed: no parent found';
export const ERR_AUTH_BATCH_CANNOT_CREATE = 'batch tokens cannot create more tokens';
export const ERR_AUTH_RESTRICTED_USE_CHILD = 'restricted use token cannot generate child tokens';
export const errAuthBatchCannotHave = (field: string): string => `batch tokens cannot have "${field}" set`;
export const errAuthBatchUnparsable = (field: string): string => `"${field}" value could not be parsed`;
export const ERR_AUTH_INVALID_TOKEN_TYPE = "invalid 'token_type' value";
export const ERR_AUTH_NEGATIVE_NUM_USES = 'number of uses cannot be negative';
export const ERR_AUTH_ENTITY_ALIAS_NO_ROLE = "'entity_alias' is only allowed in combination with token role";
export const ERR_AUTH_SUDO_TOKEN_ID = 'root or sudo privileges required to specify token id';
export const ERR_AUTH_CHILD_POLICIES_SUBSET = 'child policies must be subset of parent';
export const errAuthCannotAssignPolicy = (name: string): string => `cannot assign policy "${name}"`;
export const ERR_AUTH_ROOT_NEEDS_ROOT_PARENT = 'root tokens may not be created without parent token being root';
export const ERR_AUTH_BATCH_ROOT = 'batch tokens cannot be root tokens';
export const ERR_AUTH_SUDO_ORPHAN = 'root or sudo privileges required to create orphan token';
export const ERR_AUTH_EXPLICIT_MAX_TTL_NEGATIVE = 'explicit_max_ttl must be positive';
export const ERR_AUTH_PERIOD_NEGATIVE = 'period must be positive';
export const ERR_AUTH_SUDO_PERIODIC = 'root or sudo privileges required to create periodic token';
export const ERR_AUTH_TTL_NEGATIVE = 'ttl must be positive';
export const ERR_AUTH_LEASE_NEGATIVE = 'lease must be positive';
export const ERR_AUTH_EXPIRING_ROOT = 'expiring root tokens cannot create non-expiring root tokens';
export const WARN_AUTH_CUSTOM_ID_SHA1 =
  'Supplying a custom ID for the token uses the weaker SHA1 hashing instead of the more secure SHA2-256 HMAC for token obfuscation. SHA1 hashed tokens on the wire leads to less secure lookups.';
export const warnAuthPolicyMissing = (name: string): string => `Policy "${name}" does not exist`;
export const ERR_AUTH_DUPLICATE_ID = 'cannot create a token with a duplicate ID';
export const ERR_AUTH_CUSTOM_ID_HVS = "custom token ID cannot have the 'hvs.' prefix";
export const ERR_AUTH_CUSTOM_ID_S = "custom token ID cannot have the 's.' prefix";
export const ERR_AUTH_CUSTOM_ID_DOT = "custom token ID cannot have a '.' in the value";
export const errAuthDecodeRequest = (detail: string): string => `Error decoding request: ${detail}`;
/** V vault/token_store.go handleCreateAgainstRole: no role of that name (400). */
export const errAuthUnknownRole = (role: string): string => `unknown role ${role}`;

// --- lookup / revoke / renew (V vault/token_store.go handleLookup, revokeCommon, handleRevokeOrphan,
//     handleRenew, handleUpdate*Accessor; vault/expiration.go RenewToken, leaseEntry.renewable) ---
export const ERR_AUTH_MISSING_TOKEN_ID = 'missing token ID';
/** Answered with 403 (logical.ErrPermissionDenied). */
export const ERR_AUTH_BAD_TOKEN = 'bad token';
export const ERR_AUTH_MISSING_ACCESSOR = 'missing accessor';
export const ERR_AUTH_INVALID_ACCESSOR = 'invalid accessor';
export const WARN_AUTH_NO_TOKEN_FOR_ACCESSOR = 'No token found with this accessor';
export const ERR_AUTH_TOKEN_NOT_FOUND = 'token not found';
export const ERR_AUTH_BATCH_CANNOT_RENEW = 'batch tokens cannot be renewed';
export const ERR_AUTH_BATCH_CANNOT_REVOKE = 'batch tokens cannot be revoked';
export const ERR_AUTH_SUDO_REVOKE_ORPHAN = 'root or sudo privileges required to revoke and orphan';
export const ERR_AUTH_TOKEN_TO_REVOKE_NOT_FOUND = 'token to revoke not found';
export const ERR_AUTH_INVALID_LEASE_ID = 'invalid lease ID';
export const ERR_AUTH_LEASE_NOT_RENEWABLE = 'lease is not renewable';
export const ERR_AUTH_LEASE_EXPIRED = 'lease expired';
/** V sdk/framework/lease.go CalculateTTL guard (a plain error, so 500). */
export const ERR_AUTH_MAX_TTL_ZERO = 'max TTL must be greater than zero';
/** V sdk/framework/lease.go CalculateTTL: a plain error, so 500. */
export const ERR_AUTH_PAST_MAX_TTL = 'past the max TTL, cannot renew';
/** V sdk/framework/lease.go CalculateTTL warnings; durations in Go's String() form (`800h0m0s`). */
export const warnAuthTtlCapped = (ttl: string, max: string): string =>
  `TTL of "${ttl}" exceeded the effective max_ttl of "${max}"; TTL value is capped accordingly`;
export const warnAuthPeriodCapped = (period: string, max: string): string =>
  `period of "${period}" exceeded the effective max_ttl of "${max}"; period value is capped accordingly`;

// --- token roles: writes (V vault/token_store.go tokenStoreRoleCreateUpdate; all 400 error responses) ---
/** pathSuffixSanitize.String() is `\w[\w-.]+\w`. */
export const ERR_AUTH_ROLE_PATH_SUFFIX_INVALID = 'given role path suffix contains invalid characters; must match \\w[\\w-.]+\\w';
/** "error registering path suffix: %s" with V sdk/helper/consts ErrPathContainsParentReferences. */
export const ERR_AUTH_ROLE_PATH_SUFFIX_PARENT = 'error registering path suffix: path cannot contain parent references';
export const ERR_AUTH_ROLE_TOKEN_TYPE_NULL = "Invalid 'token_type' value: null";
/** The role's own token_type switch (service, batch, default-service, default-batch; `%q`). */
export const errAuthRoleTokenType = (value: string): string => `invalid 'token_type' value ${goQuote(value)}`;
/** tokenutil.ParseTokenFields' error, wrapped with fmt.Errorf("error parsing role fields: %w"). */
export const errAuthRoleFields = (detail: string): string => `error parsing role fields: ${detail}`;
/** parseutil.ParseAddrs over the legacy `bound_cidrs`, wrapped with "error parsing bound_cidrs: %w". */
export const errAuthRoleBoundCidrs = (detail: string): string => `error parsing bound_cidrs: ${detail}`;
export const warnAuthRoleBothValues = (field: string, legacy: string): string =>
  `Both '${field}' and deprecated '${legacy}' value supplied, ignoring the deprecated value`;
export const warnAuthRoleExplicitMaxTtl = (given: number, max: number): string =>
  `Given explicit max TTL of ${given} is greater than system/mount allowed value of ${max} seconds; until this is fixed attempting to create tokens against this role will result in an error`;
export const ERR_AUTH_ROLE_BATCH_NOT_ORPHAN = "'token_type' cannot be 'batch' when role is set to generate non-orphan tokens";
export const ERR_AUTH_ROLE_BATCH_PERIODIC = "'token_type' cannot be 'batch' when role is set to generate periodic tokens";
export const ERR_AUTH_ROLE_BATCH_RENEWABLE = "'token_type' cannot be 'batch' when role is set to generate renewable tokens";
export const ERR_AUTH_ROLE_BATCH_EXPLICIT_MAX_TTL = "'token_type' cannot be 'batch' when role is set to generate tokens with an explicit max TTL";

// --- token roles: create against a role (V vault/token_store.go handleCreateCommon, role branches; 400) ---
/** Go `%q` of a []string: `["a" "b"]`. */
const goQuoteList = (items: readonly string[]): string => `[${items.map(goQuote).join(' ')}]`;
export const errAuthRolePoliciesNotSubset = (token: readonly string[], allowed: readonly string[], glob: readonly string[]): string =>
  `token policies (${goQuoteList(token)}) must be subset of the role's allowed policies (${goQuoteList(allowed)}) or glob policies (${goQuoteList(glob)})`;
export const errAuthRolePolicyDisallowed = (policy: string): string => `token policy ${goQuote(policy)} is disallowed by this role`;
export const ERR_AUTH_INVALID_ENTITY_ALIAS = "invalid 'entity_alias' value";
export const warnAuthRoleLesserExplicitMaxTtl = (seconds: number): string =>
  `Explicit max TTL specified both during creation call and in role; using the lesser value of ${seconds} seconds`;
export const warnAuthRoleLesserPeriod = (seconds: number): string =>
  `Period specified both during creation call and in role; using the lesser value of ${seconds} seconds`;
/**
 * minivault: an allowed `entity_alias` makes Vault create or fetch an identity entity
 * (identityStore.CreateOrFetchEntity); minivault has no identity store (answered as unsupported).
 */
export const ERR_AUTH_ENTITY_ALIAS_UNSUPPORTED =
  "minivault does not implement identity entities, so a token cannot be created with an 'entity_alias'";

// --- renewing a token created against a role (V vault/token_store.go authRenew, wrapped by
//     vault/expiration.go renewAuthEntry "failed to renew entry: %w"; a plain error, so 500) ---
export const errAuthRenewRoleMissing = (role: string): string =>
  `failed to renew entry: original token role ${goQuote(role)} could not be found, not renewing`;
