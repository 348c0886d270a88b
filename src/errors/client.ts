// Error strings of the sidecar client (src/client): the Vault answers it recognises, and the
// messages it raises itself, worded as Vault's CLI and Go API client word them. Each names its
// upstream source; strings with no upstream equivalent say so.

// --- Vault answers the client recognises (matched by `includes`, as Vault's status mapping does) ---

// vault-plugin-secrets-kv path_data.go validateCheckAndSetOption
export const ERR_CLIENT_CAS_MISMATCH = 'check-and-set parameter did not match the current version';
// sdk/logical/errors.go ErrPermissionDenied (bad, expired or revoked token; ACL denial)
export const ERR_CLIENT_PERMISSION_DENIED = 'permission denied';
// sdk/helper/consts/error.go ErrSealed
export const ERR_CLIENT_SEALED = 'Vault is sealed';
// vault/expiration.go RenewToken (token created non-renewable)
export const ERR_CLIENT_LEASE_NOT_RENEWABLE = 'lease is not renewable';
// vault/expiration.go RenewToken (a token without a lease: the initial root token)
export const ERR_CLIENT_INVALID_LEASE_ID = 'invalid lease ID';
// vault/router.go routeCommon (the start of "no handler for route ..."): the mount is gone
export const ERR_CLIENT_NO_HANDLER = 'no handler for route';

// --- Messages the client raises ---

/** api/response.go ResponseError.Error: how Vault's Go client reports a failed request. */
export function errClientApiRequest(method: string, url: string, status: number, errors: readonly string[]): string {
  const list = errors.length === 0 ? '' : '\n\n' + errors.map((e) => `* ${e}`).join('\n');
  return `Error making API request.\n\nURL: ${method} ${url}\nCode: ${status}. Errors:${list}`;
}
/** api/client.go RawRequestWithContext: the transport failed before any HTTP answer. */
export function errClientTransport(method: string, url: string, cause: string): string {
  return `Error making API request.\n\nURL: ${method} ${url}\n${cause}`;
}
// minivault (no upstream equivalent): the request outlived the client's `timeout` option; the Go
// client reports net/http's "context deadline exceeded" for the same situation.
export const errClientTimeout = (ms: number): string => `context deadline exceeded (timeout ${ms} ms)`;
// command/format.go PrintRawField (Go %q quoting)
export const errClientFieldMissing = (field: string): string => `Field ${JSON.stringify(field)} not present in secret`;
// command/kv_get.go / command/kv_rollback.go: a read that returned no secret
export const errClientNoValue = (path: string): string => `No value found at ${path}`;
// command/kv_get.go prints the warnings of a 404 read (kvReadRequest keeps them) before its verdict
export const errClientNoValueWarned = (path: string, warnings: readonly string[]): string =>
  `No value found at ${path}\n\nWarnings:\n${warnings.map((w) => `* ${w}`).join('\n')}`;
// command/kv_rollback.go (the flag is an int there; the client also refuses non-integers with it)
export const errClientRollbackVersion = (version: unknown): string => `Invalid value ${String(version)} for the version flag`;
// minivault (no upstream equivalent; the CLI refuses each such command on KV v1 in its own words,
// e.g. "Metadata not supported on KV Version 1"): rotation, metadata and check-and-set need KV v2.
export const errClientNeedsV2 = (what: string, mount: string, key: string): string =>
  `${what} needs a KV v2 mount; ${mount === '' ? `no mount was found for ${key}, so it is read as KV v1` : `${mount} is KV v1`}`;
// minivault (no upstream equivalent): appended to a 403 when the client knows its token's end.
export const errClientTokenExpired = (at: string): string => `the client token expired at ${at}`;
// minivault (no upstream equivalent): Vault Agent's cache has no degraded mode; these explain the
// client's own refusals while Vault is unreachable or sealed.
export const errClientUnavailable = (reason: string): string => `Vault is unavailable (${reason}) and no fallback value is configured`;
export const errClientRotationPaused = (reason: string): string => `rotation is paused while Vault is unavailable (${reason})`;
export const ERR_CLIENT_CLOSED = 'the Vault client is closed';
export const ERR_CLIENT_NO_ROTATION_INTERVAL =
  'no rotation interval: pass { every } or set custom_metadata.rotation_days on the key';
export const errClientBadRotationDays = (value: string): string => `custom_metadata.rotation_days is not a positive number: ${JSON.stringify(value)}`;
export const errClientBadOption = (name: string, why: string): string => `VaultClient option ${name}: ${why}`;
export const errClientBadPath = (path: string): string => `invalid secret path ${JSON.stringify(path)}`;
export const errClientBadResponse = (what: string): string => `unexpected response from Vault: ${what}`;
// minivault (no upstream equivalent; Vault Agent logs "error reading JWT file"): a login's token
// source could not be read. Names the file or function, never the token.
export const errClientLoginSource = (method: string, where: string, cause: string): string =>
  `${method} login: cannot read the token from ${where}: ${cause}`;
