// Vault's texts for the token parameters every auth method shares (sdk/helper/tokenutil), the
// address parsing they go through (go-secure-stdlib parseutil + go-sockaddr), the login-token TTL
// arithmetic (sdk/framework/lease.go) and the login policy checks (vault/request_handling.go).
// V: = hashicorp/vault; LIB: = a library Vault links. Every `%q` goes through Go's strconv.Quote.
import { goQuote } from '../go/strconv.js';

// --- V sdk/helper/tokenutil/tokenutil.go ParseTokenFields (methods answer 400 with the text) ---
export const ERR_TOKEN_MAX_TTL_NEGATIVE = "'token_max_ttl' cannot be negative";
export const ERR_TOKEN_PERIOD_NEGATIVE = "'token_period' cannot be negative";
export const ERR_TOKEN_NUM_USES_NEGATIVE = "'token_num_uses' cannot be negative";
export const ERR_TOKEN_TTL_NEGATIVE = "'token_ttl' cannot be negative";
export const ERR_TOKEN_TTL_OVER_MAX = "'token_ttl' cannot be greater than 'token_max_ttl'";
export const ERR_TOKEN_BATCH_PERIODIC =
  "'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens";
export const ERR_TOKEN_BATCH_NUM_USES =
  "'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count";
/** A role `token_type` other than "", default, service, batch. */
export const errTokenTypeInvalid = (value: string): string => `invalid 'token_type' value ${goQuote(value)}`;

// --- V sdk/helper/tokenutil/tokenutil.go DeprecationText (description of a legacy alias field) ---
export const tokenDeprecationText = (param: string): string =>
  `Use ${goQuote(param)} instead. If this and ${goQuote(param)} are both specified, only ${goQuote(param)} will be used.`;

// --- LIB go-secure-stdlib parseutil ParseAddrs (errwrap "error parsing address %q: {{err}}") ---
export const errTokenParsingAddress = (addr: string, cause: string): string =>
  `error parsing address ${goQuote(addr)}: ${cause}`;
/** LIB go-sockaddr sockaddr.go NewSockAddr: neither IPv4, IPv6 nor a UNIX socket path. */
export const errTokenSockAddrUnconvertible = (addr: string): string =>
  `unable to convert ${goQuote(addr)} to an IPv4 or IPv6 address, or a UNIX Socket`;

// --- V sdk/framework/lease.go CalculateTTL (durations printed by its humanDuration) ---
export const warnTokenTtlCapped = (ttl: string, max: string): string =>
  `TTL of "${ttl}" exceeded the effective max_ttl of "${max}"; TTL value is capped accordingly`;
export const warnTokenPeriodCapped = (period: string, max: string): string =>
  `period of "${period}" exceeded the effective max_ttl of "${max}"; period value is capped accordingly`;
/** The guard for a non-positive effective max (a plain Go error: 500 on a login path). */
export const ERR_TOKEN_MAX_TTL_NOT_POSITIVE = 'max TTL must be greater than zero';

// --- V vault/request_handling.go LoginCreateToken (error responses, 400) ---
export const ERR_LOGIN_ROOT_TOKEN = 'auth methods cannot create root tokens';
/** A policy in vault/policy_store.go nonAssignablePolicies (response-wrapping, control-group). */
export const errLoginCannotAssignPolicy = (policy: string): string => `cannot assign policy ${goQuote(policy)}`;
