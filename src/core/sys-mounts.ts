// sys/mounts, sys/mounts/:path(/tune), sys/auth and sys/internal/ui/mounts/:path
// (vault/logical_system.go handleMountTable, handleMount, handleUnmount, handleTuneRead/Write,
// pathInternalUIMountRead). Vault builds mount info as a Go map, so JSON keys come out sorted.
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_MOUNT_TYPE_REQUIRED, errCannotMount, errCannotTune, errCannotUnmount, errMountInUse, errNoMountAt,
  errNotMountable, errUnknownBackendType, errVersionNotAllowed,
} from '../errors/core.js';
import type { LogicalResponse } from '../logical/types.js';
import { parseDuration } from '../util/duration.js';
import { PROTECTED_PREFIXES, SINGLETON_TYPES, type MountEntry, type MountTable } from './mounts.js';
import { VAULT_VERSION } from './version.js';

/** Vault's system default and max lease TTL: 768h (vault/expiration.go). */
export const SYSTEM_MAX_TTL = 768 * 3600;
const MOUNTABLE_TYPES = new Set(['kv']);

function runningVersion(type: string): string {
  return type === 'kv' ? 'v0.20.0+builtin' : `v${VAULT_VERSION}+builtin.vault`;
}

export function mountInfo(e: MountEntry): Record<string, unknown> {
  const info: Record<string, unknown> = {
    accessor: e.accessor,
    config: sortKeys(e.config),
  };
  if (e.type === 'kv') info.deprecation_status = 'supported';
  Object.assign(info, {
    description: e.description,
    external_entropy_access: e.external_entropy_access,
    local: e.local,
    options: e.options,
    plugin_version: '',
    running_plugin_version: runningVersion(e.type),
    running_sha256: '',
    seal_wrap: e.seal_wrap,
    type: e.type,
    uuid: e.uuid,
  });
  return info;
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function normaliseMountPath(path: string): string {
  const p = path.replace(/^\/+/, '');
  return p.endsWith('/') ? p : p + '/';
}

function ttlField(v: unknown): number {
  if (v === undefined || v === null || v === '' || v === 'system') return 0;
  if (typeof v === 'number' || typeof v === 'string') {
    try {
      return parseDuration(v);
    } catch {
      throw new VaultError(400, `error parsing duration: time: invalid duration "${String(v)}"`);
    }
  }
  throw new VaultError(400, 'error parsing duration');
}

function stringOptions(v: unknown): Record<string, string> | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw new VaultError(400, "Field validation failed: error converting input for field \"options\": expected a map");
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}

export function listMounts(table: MountTable): LogicalResponse {
  const data: Record<string, unknown> = {};
  for (const e of [...table.entries].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (!e.path.startsWith('auth/')) data[e.path] = mountInfo(e);
  }
  return { data };
}

export function listAuthMounts(table: MountTable): LogicalResponse {
  const data: Record<string, unknown> = {};
  for (const e of table.entries) if (e.path.startsWith('auth/')) data[e.path.slice(5)] = mountInfo(e);
  return { data };
}

export function readMount(table: MountTable, rawPath: string): LogicalResponse {
  const path = normaliseMountPath(rawPath);
  const e = table.find(path);
  if (!e || path.startsWith('auth/')) throw new VaultError(400, errNoMountAt(path));
  return { data: mountInfo(e) };
}

export async function enableMount(table: MountTable, rawPath: string, body: Record<string, unknown>): Promise<LogicalResponse | null> {
  const path = normaliseMountPath(rawPath);
  let type = typeof body.type === 'string' ? body.type : '';
  if (type === '') throw new VaultError(400, ERR_MOUNT_TYPE_REQUIRED);
  let options = stringOptions(body.options);
  // vault/logical_system.go handleMount: kv-v1 / kv-v2 are aliases that set options.version.
  if (type === 'kv-v2' || type === 'kv-v1') {
    options = { ...(options ?? {}), version: type === 'kv-v2' ? '2' : '1' };
    type = 'kv';
  }
  if (options?.version !== undefined && type !== 'kv') throw new VaultError(400, errVersionNotAllowed(type));
  if (SINGLETON_TYPES.includes(type)) throw new VaultError(400, errNotMountable(type));
  if (PROTECTED_PREFIXES.some((p) => path.startsWith(p))) throw new VaultError(400, errCannotMount(path));
  if (!MOUNTABLE_TYPES.has(type)) throw new VaultError(400, errUnknownBackendType(type));
  if (type === 'kv') {
    const v = options?.version ?? '1';
    if (v !== '1' && v !== '2') throw new VaultError(400, `invalid KV version: ${v}`);
    options = { ...(options ?? {}), version: v };
  }
  const existing = table.conflict(path);
  if (existing) throw new VaultError(400, errMountInUse(existing.path));
  const cfg = (body.config ?? {}) as Record<string, unknown>;
  const entry = table.newEntry(path, type, {
    description: typeof body.description === 'string' ? body.description : '',
    config: {
      default_lease_ttl: ttlField(cfg.default_lease_ttl),
      force_no_cache: cfg.force_no_cache === true,
      max_lease_ttl: ttlField(cfg.max_lease_ttl),
    },
    local: body.local === true,
    seal_wrap: body.seal_wrap === true,
    external_entropy_access: body.external_entropy_access === true,
    options,
  });
  await table.add(entry);
  return null;
}

export async function disableMount(table: MountTable, rawPath: string): Promise<null> {
  const path = normaliseMountPath(rawPath);
  if (PROTECTED_PREFIXES.some((p) => path.startsWith(p))) throw new VaultError(400, errCannotUnmount(path));
  await table.remove(path);
  return null;
}

export function readTune(table: MountTable, rawPath: string): LogicalResponse {
  const path = normaliseMountPath(rawPath);
  const e = table.find(path);
  if (!e) throw new VaultError(400, `cannot fetch sysview for path "${path}"`);
  const data: Record<string, unknown> = {
    description: e.description,
    default_lease_ttl: e.config.default_lease_ttl || SYSTEM_MAX_TTL,
    max_lease_ttl: e.config.max_lease_ttl || SYSTEM_MAX_TTL,
    force_no_cache: e.config.force_no_cache,
  };
  if (e.options && Object.keys(e.options).length > 0) data.options = e.options;
  return { data };
}

const TUNABLE_ON_BUILTINS = new Set(['audit_non_hmac_request_keys', 'audit_non_hmac_response_keys']);

export async function writeTune(table: MountTable, rawPath: string, body: Record<string, unknown>): Promise<null> {
  const path = normaliseMountPath(rawPath);
  const e = table.find(path);
  if (!e) throw new VaultError(400, `cannot fetch sysview for path "${path}"`);
  if (['sys/', 'cubbyhole/', 'identity/'].includes(path)) {
    const bad = Object.keys(body).find((k) => !TUNABLE_ON_BUILTINS.has(k));
    if (bad) throw new VaultError(400, errCannotTune(bad, path));
  }
  const options = stringOptions(body.options);
  if (options?.version !== undefined && e.type !== 'kv') throw new VaultError(400, errVersionNotAllowed(e.type));
  const defaultTtl = body.default_lease_ttl !== undefined ? ttlField(body.default_lease_ttl) : undefined;
  const maxTtl = body.max_lease_ttl !== undefined ? ttlField(body.max_lease_ttl) : undefined;
  await table.update(path, (m) => {
    if (typeof body.description === 'string') m.description = body.description;
    if (defaultTtl !== undefined) m.config.default_lease_ttl = defaultTtl;
    if (maxTtl !== undefined) m.config.max_lease_ttl = maxTtl;
    if (options) m.options = { ...(m.options ?? {}), ...options };
    return m;
  });
  return null;
}

/** sys/internal/ui/mounts/:path: the mount serving `path`, with its `path` added (for the CLI). */
export function internalUiMount(table: MountTable, path: string): Record<string, unknown> | undefined {
  const routed = table.route(path);
  if (!routed) return undefined;
  return { ...mountInfo(routed.entry), path: routed.entry.path };
}
