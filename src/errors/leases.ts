// Vault error strings of the expiration manager and the sys/leases endpoints.
// V = hashicorp/vault (vault/expiration.go, vault/logical_system.go).

// vault/logical_system.go handleLeaseLookup / handleRenew / handleRevoke
export const ERR_LEASE_ID_REQUIRED = 'lease_id must be specified';
export const ERR_LEASE_INVALID = 'invalid lease';
// vault/expiration.go Renew and leaseEntry.renewable
export const ERR_LEASE_NOT_FOUND = 'lease not found';
export const ERR_LEASE_IRREVOCABLE = 'lease is expired and has failed previous revocation attempts';
export const ERR_LEASE_NOT_RENEWABLE = 'lease is not renewable';
export const ERR_LEASE_EXPIRED = 'lease expired';
export const ERR_LEASE_TOKEN_RENEW = 'tokens cannot be renewed through this endpoint';
// vault/logical_system.go handleTidyLeases / token_store.go handleTidy (202 body warning)
export const WARN_TIDY_STARTED =
  "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.";
// vault/logical_system.go handleLeaseList: more irrevocable leases than the limit
export const WARN_IRREVOCABLE_HALTED =
  'Command halted because many irrevocable leases were found. To emit the entire list, re-run the command with force set true.';
export const errLeaseLimitParse = (cause: string): string => `invalid 'limit' provided: ${cause}`;
export const ERR_LEASE_LIMIT = "limit must be 'none' or a positive integer";
// vault/expiration.go renewAuthEntry: a plain error of the auth backend's renew handler ("%w")
export const errLeaseFailedToRenewEntry = (err: string): string => `failed to renew entry: ${err}`;
// sdk/framework/backend.go handleAuthRenew: an auth backend without an AuthRenew handler
export const ERR_LEASE_AUTH_RENEW_UNSUPPORTED = "this auth type doesn't support renew";
