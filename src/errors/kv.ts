// Vault error strings for the kv area, each with its upstream source.
// KV = hashicorp/vault-plugin-secrets-kv. The framework's field-validation texts (and the Go library
// texts they carry) are in framework.ts.

// ---- data/:path ------------------------------------------------------------------------------
// KV path_data.go pathDataWrite / pathDataPatch
export const ERR_KV_NO_DATA = 'no data provided';
// KV path_data.go validateCheckAndSetOption
export const ERR_KV_CAS_PARSE = 'error parsing check-and-set parameter';
export const ERR_KV_CAS_MISMATCH = 'check-and-set parameter did not match the current version';
export const ERR_KV_CAS_REQUIRED = 'check-and-set parameter required for this call';
// KV path_data.go pathDataRead / pathDataPatch, path_subkeys.go: version entry missing in storage
export const ERR_KV_VERSION_DATA_MISSING = 'could not find version data';
// KV path_data.go pathDataWrite, path_metadata.go pathMetadataWrite/Patch, passthrough.go handleWrite
export const ERR_KV_MISSING_PATH = 'missing path';
// KV path_data.go cleanupOldVersions (a warning, not an error)
export const warnKvCleanupFailed = (err: string): string =>
  `error occurred when cleaning up old versions, these will be cleaned up on next write: ${err}`;

// ---- delete/, undelete/, destroy/ ------------------------------------------------------------
// KV path_delete.go pathDeleteWrite / pathUndeleteWrite
export const ERR_KV_NO_VERSION_NUMBER = 'No version number provided';
// KV path_destroy.go pathDestroyWrite (lower-case, unlike delete/undelete)
export const ERR_KV_DESTROY_NO_VERSION_NUMBER = 'no version number provided';

// ---- metadata/:path ----------------------------------------------------------------------------
// KV path_metadata.go pathMetadataWrite / pathMetadataPatch
export const WARN_KV_CAS_REQUIRED_IGNORED =
  '"cas_required" set to false, but is mandated by backend config. This value will be ignored.';
// KV path_metadata.go customMetadataValidationErrorPrefix and validateCustomMetadata
const KV_CUSTOM_METADATA_PREFIX = 'custom_metadata validation failed';
export const errKvCustomMetadataTooManyKeys = (count: number): string =>
  `${KV_CUSTOM_METADATA_PREFIX}: payload must contain at most 64 keys, provided ${count}`;
export const errKvCustomMetadataKeyLength = (quotedKey: string, len: number): string =>
  `${KV_CUSTOM_METADATA_PREFIX}: length of key ${quotedKey} is ${len} but must be 0 < len(key) <= 128`;
export const errKvCustomMetadataValueLength = (quotedKey: string, len: number): string =>
  `${KV_CUSTOM_METADATA_PREFIX}: length of value for key ${quotedKey} is ${len} but must be 0 < len(value) <= 512`;
export const errKvCustomMetadataKeyUnprintable = (quotedKey: string, rawKey: string): string =>
  `${KV_CUSTOM_METADATA_PREFIX}: key ${quotedKey} (${rawKey}) contains unprintable characters`;
export const errKvCustomMetadataValueUnprintable = (quotedKey: string): string =>
  `${KV_CUSTOM_METADATA_PREFIX}: value for key ${quotedKey} contains unprintable characters`;
// KV path_metadata.go pathMetadataWrite: parseCustomMetadata failed
export const errKvCustomMetadataParse = (err: string): string => `${KV_CUSTOM_METADATA_PREFIX}: ${err}`;
// hashicorp/go-multierror format.go ListFormatFunc: how several validation errors are joined
export function kvMultiError(errors: string[]): string {
  const head = errors.length === 1 ? '1 error occurred:' : `${errors.length} errors occurred:`;
  return `${head}\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}
// encoding/json UnmarshalTypeError, reached by pathMetadataPatch when the merged document does
// not fit KeyMetadata (a non-string custom_metadata value, max_versions outside uint32)
export const errKvMetadataUnmarshal = (what: string, field: string, goType: string): string =>
  `json: cannot unmarshal ${what} into Go struct field KeyMetadata.${field} of type ${goType}`;

// ---- unknown paths -----------------------------------------------------------------------------
// KV backend.go pathInvalid (warnings on a 404)
export const WARN_KV_ROOT_NOT_SUPPORTED = 'Non-listing operations on the root of a K/V v2 mount are not supported.';
export const warnKvInvalidPath = (subCommand: string): string =>
  'Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. ' +
  `If using the Vault CLI, use 'vault kv ${subCommand}' for this operation.`;

// ---- KV v1 (passthrough) -----------------------------------------------------------------------
// KV passthrough.go handleWrite
export const ERR_KV_V1_MISSING_DATA_FIELDS = 'missing data fields';

// ---- vault kv rollback (client side) -----------------------------------------------------------
// vault command/kv_rollback.go Run
export const ERR_KV_ROLLBACK_VERSION_REQUIRED = 'Version flag must be specified';
export const errKvRollbackInvalidVersion = (v: number): string => `Invalid value ${v} for the version flag`;
export const errKvRollbackPreRead = (path: string, err: string): string => `Error doing pre-read at ${path}: ${err}`;
export const errKvRollbackNoValue = (path: string): string => `No value found at ${path}`;
export const errKvRollbackNoMetadata = (path: string): string =>
  `No metadata found at ${path}; rollback only works on existing data`;
export const ERR_KV_ROLLBACK_DELETED = 'Cannot roll back to a version that has been deleted';
export const ERR_KV_ROLLBACK_DESTROYED = 'Cannot roll back to a version that has been destroyed';
export const errKvRollbackNoData = (path: string): string => `No data found at ${path}; rollback only works on existing data`;
export const errKvRollbackWrite = (path: string, err: string): string => `Error writing data to ${path}: ${err}`;
// vault api/response.go ResponseError.Error: how the Go client prints an HTTP error
export function errKvApiResponse(method: string, path: string, status: number, errors: string[]): string {
  return `Error making API request.\n\nURL: ${method} /v1/${path}\nCode: ${status}. Errors:\n\n` +
    errors.map((e) => `* ${e}`).join('\n');
}
