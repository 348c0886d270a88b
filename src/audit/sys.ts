// The audit endpoints of the sys/ mount (openbao internal/vault/logical_system_paths.go
// auditPaths; logical_system.go handleAuditTable, handleEnableAudit, handleDisableAudit,
// handleAuditHash). Paths are relative to sys/: `audit`, `audit/:path`, `audit-hash/:path`.
// Body fields are read the way Vault's framework reads them (weakly typed: a number or bool
// where a string is expected is converted, `options` may be a map or `k=v` strings).
import { ERR_UNSUPPORTED_OPERATION, ERR_UNSUPPORTED_PATH, multierror } from '../errors/core.js';
import {
  ERR_AUDIT_HASH_INPUT_EMPTY, WARN_AUDIT_PATH_REPLACED, errAuditBoolField, errAuditFieldValidation, errAuditKeyPair,
  errAuditUnconvertible, warnAuditIgnoredParams,
} from '../errors/audit.js';
import { VaultError } from '../errors/vault-error.js';
import type { LogicalRequest, LogicalResponse } from '../logical/types.js';
import type { AuditBroker } from './broker.js';
import { parseGoBool } from './options.js';

/**
 * Paths that need `sudo` as well as the capability (openbao internal/vault/logical_system.go
 * PathsSpecial.Root: `audit`, `audit/*`), as ACL paths; `sys/audit-hash/*` is not among them.
 */
export const AUDIT_SUDO_PATHS: readonly string[] = ['sys/audit', 'sys/audit/*'];

/** Whether a sys-relative path is one of the audit endpoints this module answers. */
export function isAuditSysPath(path: string): boolean {
  return path === 'audit' || path.startsWith('audit/') || path.startsWith('audit-hash/');
}

function unsupportedOperation(): VaultError {
  return new VaultError(405, multierror(ERR_UNSUPPORTED_OPERATION));
}

function unsupportedPath(): VaultError {
  return new VaultError(404, multierror(ERR_UNSUPPORTED_PATH));
}

const isWrite = (op: string) => op === 'update' || op === 'create';

function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (v !== null && typeof v === 'object') return 'map[string]interface {}';
  return typeof v === 'number' ? 'float64' : typeof v;
}

function fieldError(field: string, value: unknown, cause: string): VaultError {
  return new VaultError(400, errAuditFieldValidation(field, value, cause));
}

/** mapstructure.WeakDecode into a string. */
function weakString(field: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  throw fieldError(field, JSON.stringify(v), errAuditUnconvertible('string', goTypeName(v)));
}

/** mapstructure.WeakDecode into a bool. */
function weakBool(field: string, v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const b = v === '' ? false : parseGoBool(v);
    if (b !== undefined) return b;
    throw fieldError(field, v, errAuditBoolField(v));
  }
  throw fieldError(field, JSON.stringify(v), errAuditUnconvertible('bool', goTypeName(v)));
}

/** Vault's TypeKVPairs: a map (values weakly made strings) or a list of `key=value` strings. */
function kvPairs(field: string, v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v === 'object' && !Array.isArray(v)) {
    const out = Object.create(null) as Record<string, string>;
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) out[k] = weakString(field, val);
    return out;
  }
  const items = Array.isArray(v) ? v : [v];
  const out = Object.create(null) as Record<string, string>;
  for (const item of items) {
    const pair = weakString(field, item);
    const eq = pair.indexOf('=');
    if (eq <= 0) throw fieldError(field, JSON.stringify(v), errAuditKeyPair(pair));
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

async function auditTable(broker: AuditBroker): Promise<LogicalResponse> {
  const data: Record<string, unknown> = {};
  for (const info of broker.list()) data[info.path] = info;
  return { data };
}

async function enableAudit(broker: AuditBroker, path: string, body: Record<string, unknown>): Promise<null> {
  await broker.enable(path, {
    type: weakString('type', body.type),
    description: weakString('description', body.description),
    options: kvPairs('options', body.options),
    local: weakBool('local', body.local),
  });
  return null;
}

const HASH_FIELDS = new Set(['input']);

function auditHash(broker: AuditBroker, path: string, body: Record<string, unknown>): LogicalResponse {
  const input = weakString('input', body.input);
  if (input === '') throw new VaultError(400, ERR_AUDIT_HASH_INPUT_EMPTY);
  const resp: LogicalResponse = { data: { hash: broker.hash(path, input) } };
  const ignored = Object.keys(body).filter((k) => !HASH_FIELDS.has(k) && k !== 'path').sort();
  const warnings: string[] = [];
  if (ignored.length > 0) warnings.push(warnAuditIgnoredParams(ignored));
  if ('path' in body) {
    warnings.push(WARN_AUDIT_PATH_REPLACED);
  }
  if (warnings.length > 0) resp.warnings = warnings;
  return resp;
}

/** Answers `sys/audit*` for the sys backend; `req.path` is relative to sys/. */
export async function handleAuditSys(broker: AuditBroker, req: LogicalRequest): Promise<LogicalResponse | null> {
  const { path, operation: op } = req;
  if (path === 'audit') {
    if (op !== 'read') throw unsupportedOperation();
    return auditTable(broker);
  }
  if (path.startsWith('audit/')) {
    const name = path.slice('audit/'.length);
    if (name === '') throw unsupportedPath();
    if (isWrite(op)) return enableAudit(broker, name, req.data ?? {});
    if (op === 'delete') {
      await broker.disable(name);
      return null;
    }
    throw unsupportedOperation();
  }
  if (path.startsWith('audit-hash/')) {
    const name = path.slice('audit-hash/'.length);
    if (name === '') throw unsupportedPath();
    if (!isWrite(op)) throw unsupportedOperation();
    return auditHash(broker, name, req.data ?? {});
  }
  throw unsupportedPath();
}
