// Vault error strings of the mount tables and the router: enabling, disabling, tuning and
// moving secrets engines and auth methods, special-path validation, the builtin catalog.
// V = hashicorp/vault (vault/mount.go, vault/auth.go, vault/logical_system.go, vault/router.go).

// ---- enable (vault/logical_system.go handleMount / handleEnableAuth, vault/mount.go mountInternal)
export const ERR_MOUNT_TYPE_REQUIRED = 'backend type must be specified as a string';
export const ERR_PLUGIN_NAME_REQUIRED = 'plugin_name must be provided for plugin backend';
export const ERR_SECRETS_CONFIG_CONVERT = 'unable to convert given mount config information';
export const ERR_AUTH_CONFIG_CONVERT = 'unable to convert given auth config information';
export const errParseDefaultTtl = (raw: string, cause: string): string => `unable to parse default TTL of ${raw}: ${cause}`;
export const errParseMaxTtl = (raw: string, cause: string): string => `unable to parse max TTL of ${raw}: ${cause}`;
export const ERR_DEFAULT_OVER_MAX = 'given default lease TTL greater than given max lease TTL';
export const errDefaultOverSystemMax = (max: number): string => `given default lease TTL greater than system max lease TTL of ${max}`;
export const errVersionNotAllowed = (type: string): string => `secrets engine "${type}" does not allow setting a version`;
export const errAuthVersionNotAllowed = (type: string): string => `auth method "${type}" does not allow setting a version`;
export const errInvalidListingVisibility = (v: string): string => `invalid listing_visibility ${v}`;
export const errNotSemver = (v: string, cause: string): string => `version "${v}" is not a valid semantic version: ${cause}`;
export const errNonBuiltinVersion = (kind: 'secrets' | 'auth', type: string): string =>
  `cannot select non-builtin version of ${kind} plugin ${type}`;
export const errCannotMount = (path: string): string => `cannot mount "${path}"`;
export const errNotMountable = (type: string): string => `mount type of "${type}" is not mountable`;
export const errMountInUse = (existing: string): string => `path is already in use at ${existing}`;
export const errExistingMount = (route: string): string => `existing mount at ${route}`;
export const errUnknownBackendType = (type: string): string => `plugin not found in the catalog: ${type}`;
export const ERR_BACKEND_PATH_REQUIRED = 'backend path must be specified';
export const ERR_TOKEN_BACKEND_INSTANTIATE = 'token credential backend cannot be instantiated';
export const errNilKvBackend = (type: string): string => `nil backend of type "${type}" returned from creation function`;
// vault/mount.go handleDeprecatedMountEntry
export const WARN_DEPRECATED_BUILTIN = 'mount entry associated with deprecated builtin';
export const errRemovedBuiltin = (type: string): string => `could not mount "${type}": mount entry associated with removed builtin`;
// vault/auth.go / mount.go: token_type in config
export const ERR_INVALID_MOUNT_TOKEN_TYPE = "invalid value for 'token_type'";

// ---- read / disable ----------------------------------------------------------------------------
export const errNoMountAt = (path: string): string => `No secret engine mount at ${path}`;
export const errNoAuthAt = (path: string): string => `No auth engine at ${path}`;
export const errCannotUnmount = (path: string): string => `cannot unmount "${path}"`;
export const ERR_TOKEN_BACKEND_DISABLE = 'token credential backend cannot be disabled';

// ---- tune (vault/logical_system.go handleTuneReadCommon / handleTuneWriteCommon) --------------
export const errCannotFetchSysview = (path: string): string => `cannot fetch sysview for path "${path}"`;
export const errTuneNoEntry = (path: string): string => `tune of path "${path}" failed: no mount entry found`;
export const errCannotTune = (path: string): string => `cannot tune "${path}"`;
export const errTuneMaxBelowDefault = (max: number, def: number): string =>
  `backend max lease TTL of ${max} would be less than backend default lease TTL of ${def}`;
export const ERR_TUNE_TOKEN_TYPE_SECRETS = "'token_type' can only be modified on auth mounts";
export const ERR_TUNE_TOKEN_TYPE_TOKEN = "'token_type' cannot be set for 'token' or 'ns_token' auth mounts";
export const errTuneUserLockout = (type: string): string => `tuning of user lockout configuration for auth type "${type}" not allowed`;
export const errTuneOptionsParse = (cause: string): string => `unable to parse options: ${cause}`;
export const errTuneInvalidVersion = (n: number): string => `invalid version provided: ${n}`;
export const errTuneDowngrade = (from: number): string => `cannot downgrade mount from version ${from}`;
export const WARN_KV_UPGRADE =
  'Upgrading mount from version 1 to version 2. This mount will be unavailable for a brief period and will resume service shortly.';
export const ERR_AUTH_TUNE_PATH_READ = 'path must be specified as a string';
export const ERR_AUTH_TUNE_PATH_WRITE = 'missing path';

// ---- remount (vault/logical_system.go handleRemount, vault/mount.go remountSecretsEngine) -----
export const ERR_REMOUNT_PATHS = "both 'from' and 'to' path must be specified as a string";
export const errRemountWhitespace = (which: 'from' | 'to'): string => `'${which}' path cannot contain trailing whitespace`;
export const errRemountNotClean = (path: string, cleaned: string): string =>
  `invalid destination mount: path '${path}' does not match cleaned path '${cleaned}'`;
export const ERR_REMOUNT_NON_PRINTABLE = 'invalid destination mount: path cannot contain non-printable characters';
export const errRemountAuthToNonAuth = (to: string): string => `cannot remount auth mount to non-auth mount "${to}"`;
export const errCannotRemount = (from: string): string => `cannot remount "${from}"`;
export const errRemountDestSecrets = (to: string): string => `cannot remount to destination ${to}`;
export const errRemountDestAuth = (to: string): string => `cannot remount to destination "${to}"`;
export const errRemountNoSource = (from: string): string => `no matching mount at "${from}"`;
export const errRemountInUse = (route: string): string => `path already in use at "${route}"`;
export const WARN_REMOUNT_QUEUED =
  "Mount move has been queued. Progress will be reported in Vault's server log, tagged with the returned migration_id";

// ---- router (vault/router.go) ------------------------------------------------------------------
export const errInvalidWildcard = (path: string, why: string): string => `path "${path}": invalid use of wildcards (${why})`;
// vault/request_handling.go CheckToken: a root path is never a login path
export const ERR_ROOT_PATH_UNAUTHENTICATED = 'cannot access root path in unauthenticated request';
// minivault: a type Vault 1.18.1 ships as a builtin but minivault does not implement
export const errMinivaultUnsupportedType = (kind: 'secrets' | 'auth', type: string): string =>
  `minivault does not implement the ${kind === 'auth' ? 'auth method' : 'secrets engine'} "${type}" (Vault 1.18.1 ships it as a builtin)`;
