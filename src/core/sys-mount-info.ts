// How Vault shows a mount table row (vault/logical_system.go mountInfo, handleTuneReadCommon):
// a Go map, so JSON keys come out sorted; `config` carries the mount's own TTLs (0 when unset)
// and the optional keys only when set; auth rows always carry `config.token_type`.
import { deprecationStatus, runningPluginVersion } from './plugin-registry.js';
import { isAuthMount, type MountEntry } from './mounts.js';
import { goMapOrder } from '../go/object.js';

/** The server's default_lease_ttl and max_lease_ttl in seconds: what an untuned mount uses. */
export interface SystemTtls {
  readonly defaultTtl: number;
  readonly maxTtl: number;
}

/** Vault's defaults for both: 768h (vault/core.go, command/server config). */
export const VAULT_SYSTEM_TTLS: SystemTtls = Object.freeze({ defaultTtl: 768 * 3600, maxTtl: 768 * 3600 });

/** A Go map's keys in Go's order (mount options and config are map[string]… in Vault). */
export const sortKeys = (o: Record<string, unknown>): Record<string, unknown> => goMapOrder(o);

/** The row as sys/mounts and sys/auth list it. */
export function mountInfo(e: MountEntry): Record<string, unknown> {
  const kind = isAuthMount(e) ? 'auth' : 'secret';
  const config: Record<string, unknown> = { ...e.config };
  if (kind === 'auth' && config.token_type === undefined) config.token_type = 'default-service';
  const info: Record<string, unknown> = {
    accessor: e.accessor,
    config: sortKeys(config),
  };
  const status = deprecationStatus(kind, e.type);
  if (status !== undefined) info.deprecation_status = status;
  Object.assign(info, {
    description: e.description,
    external_entropy_access: e.external_entropy_access,
    local: e.local,
    options: e.options,
    plugin_version: '',
    running_plugin_version: runningPluginVersion(kind, e.type),
    running_sha256: '',
    seal_wrap: e.seal_wrap,
    type: e.type,
    uuid: e.uuid,
  });
  return info;
}

/** The effective TTLs of a mount: its tune values, else the server's. */
export function effectiveTtls(e: MountEntry, system: SystemTtls): { defaultTtl: number; maxTtl: number } {
  return {
    defaultTtl: e.config.default_lease_ttl || system.defaultTtl,
    maxTtl: e.config.max_lease_ttl || system.maxTtl,
  };
}

const OPTIONAL_TUNE_KEYS = [
  'audit_non_hmac_request_keys', 'audit_non_hmac_response_keys', 'listing_visibility',
  'passthrough_request_headers', 'allowed_response_headers', 'allowed_managed_keys',
] as const;

/** GET …/tune (handleTuneReadCommon): effective TTLs, then what applies to this mount. */
export function tuneInfo(e: MountEntry, system: SystemTtls): Record<string, unknown> {
  const { defaultTtl, maxTtl } = effectiveTtls(e, system);
  const data: Record<string, unknown> = {
    description: e.description,
    default_lease_ttl: defaultTtl,
    max_lease_ttl: maxTtl,
    force_no_cache: e.config.force_no_cache,
  };
  if (e.external_entropy_access) data.external_entropy_access = true;
  if (isAuthMount(e)) data.token_type = e.config.token_type ?? 'default-service';
  for (const k of OPTIONAL_TUNE_KEYS) if (e.config[k] !== undefined) data[k] = e.config[k];
  if (e.options && Object.keys(e.options).length > 0) data.options = e.options;
  return data;
}

/** `secret` → `secret/`, leading slashes dropped (logical_system.go sanitizePath). */
export function normaliseMountPath(path: string): string {
  const p = path.replace(/^\/+/, '');
  return p.endsWith('/') ? p : p + '/';
}
