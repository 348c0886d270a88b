// Vault error strings raised by core: the request pipeline, router, mounts and sys/* backend.
// Each string names its upstream source (openbao = openbao/openbao, vault = hashicorp/vault).

// sdk/helper/consts/error.go ErrSealed
export const ERR_SEALED = 'Vault is sealed';
// vault/request_handling.go, sdk/logical/errors.go ErrPermissionDenied (bad/missing token)
export const ERR_PERMISSION_DENIED = 'permission denied';
/** How go-multierror prints one error: what Vault sends for ACL denials and routing errors. */
export function multierror(message: string): string {
  return `1 error occurred:\n\t* ${message}\n\n`;
}
// sdk/logical/errors.go ErrUnsupportedPath / ErrUnsupportedOperation
export const ERR_UNSUPPORTED_PATH = 'unsupported path';
export const ERR_UNSUPPORTED_OPERATION = 'unsupported operation';
// vault/router.go: route lookup failure for a path with no mount
export const errNoHandler = (path: string): string => `no handler for route "${path}". route entry not found.`;
// sdk/helper/consts/error.go ErrPathContainsParentReferences (request_handling.go refuses '..')
export const ERR_PARENT_REFERENCES = 'path cannot contain parent references';
// vault/request_handling.go handleCancelableRequest
export const ERR_WRITE_TRAILING_SLASH = "cannot write to a path ending in '/'";
// vault/core.go ErrInternalError (audit failure, unexpected errors)
export const ERR_INTERNAL = 'internal error';
// vault/core.go ErrNotInit / http/sys_seal.go
export const ERR_NOT_INITIALIZED = 'Vault is not initialized';
// http/sys_rekey.go, http/sys_generate_root.go
export const ERR_SERVER_NOT_INITIALIZED = 'server is not yet initialized';
// http/sys_seal.go handleSysUnseal
export const ERR_UNSEAL_KEY_REQUIRED = "'key' must be specified in request body as JSON, or 'reset' set to true";
export const ERR_VAULT_UNSEALED = 'vault is unsealed';
// vault/logical_system.go pathInternalUIMountRead
export const errPreflight = (path: string): string =>
  `preflight capability check returned 403, please ensure client's policies grant access to path "${path}"`;
// vault/logical_system.go handleCapabilities
export const ERR_PATHS_REQUIRED = 'paths must be supplied';
/** vault/logical_system.go handleCapabilities: the token to check is unknown (400). */
export const ERR_INVALID_TOKEN = 'invalid token';
// http/sys_health.go: a *code query parameter that is not an integer
export const errBadHealthCode = (param: string, value: string): string =>
  `unable to parse ${param} param: strconv.Atoi: parsing "${value}": invalid syntax`;
// vault/request_handling.go switchedLockHandleRequest: the request's context is cancelled when the
// listener's max_request_duration runs out, and storage (physical/inmem, file) answers ctx.Err()
export const ERR_CONTEXT_CANCELED = 'context canceled';
