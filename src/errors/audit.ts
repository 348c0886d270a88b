// Vault error strings for the audit area, each with its upstream source
// (openbao = openbao/openbao; vault = hashicorp/vault; both carry the same text unless noted).

import { goQuote } from '../go/strconv.js';

// openbao internal/vault/audit.go enableAudit / disableAudit: an empty device path
export const ERR_AUDIT_PATH_REQUIRED = 'backend path must be specified';
// openbao internal/vault/audit.go enableAudit: new path equal to, under or above an existing one
export const ERR_AUDIT_PATH_IN_USE = 'path already in use';
// openbao internal/vault/audit.go newAuditBackend; vault vault/audit.go newAuditBackend
export const errAuditUnknownType = (type: string): string => `unknown backend type: ${goQuote(type)}`;
// openbao internal/vault/audit.go enableAudit: the test probe could not be written
export const errAuditTestFailed = (cause: string): string => `audit backend failed test message: ${cause}`;
// openbao internal/vault/audit.go enableAudit / disableAudit: persisting the table failed
export const ERR_AUDIT_UPDATE_TABLE = 'failed to update audit table';
// openbao internal/vault/audit.go errLoadAuditFailed: devices are configured and none came up
export const ERR_AUDIT_LOAD_FAILED = 'failed to setup audit table';

// openbao internal/builtin/audit/file/backend.go Factory
export const ERR_AUDIT_FILE_PATH_REQUIRED = 'file_path is required';
export const ERR_AUDIT_JSONX_REMOVED =
  'jsonx formatting has been removed, consider switching to json by omitting "format" or setting it to "json"';
export const errAuditUnknownFormat = (format: string): string => `unknown format type ${goQuote(format)}`;
export const ERR_AUDIT_MODE_NOT_REGULAR = 'file mode does not represent a regular file';
export const errAuditSanityCheck = (path: string, cause: string): string =>
  `sanity check failed; unable to open ${goQuote(path)} for writing: ${cause}`;
// Go strconv.ParseUint errors, returned verbatim by the file backend's Factory
export const errAuditParseMode = (value: string, outOfRange: boolean): string =>
  `strconv.ParseUint: parsing ${goQuote(value)}: ${outOfRange ? 'value out of range' : 'invalid syntax'}`;

// openbao internal/vault/logical_system.go handleAuditHash
export const ERR_AUDIT_HASH_INPUT_EMPTY = 'the "input" parameter is empty';
// openbao internal/vault/audit_broker.go GetHash
export const errAuditUnknownDevice = (path: string): string => `unknown audit backend ${goQuote(path)}`;

