// The `config` object of a mount enable (vault/logical_system.go handleMount, handleEnableAuth;
// vault/mount.go APIMountConfig): decoded strictly, not weakly — a TTL must be a string (a JSON
// number counts, being string-kinded), force_no_cache a real bool, header lists arrays (a single
// string is split on commas first: expandStringValsWithCommas); unknown keys are ignored.
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_AUTH_CONFIG_CONVERT, ERR_DEFAULT_OVER_MAX, ERR_INVALID_MOUNT_TOKEN_TYPE, ERR_SECRETS_CONFIG_CONVERT,
  errDefaultOverSystemMax, errInvalidListingVisibility, errParseDefaultTtl, errParseMaxTtl,
} from '../errors/mounts.js';
import { decodeFieldValue } from '../framework/field-types.js';
import { goTrimSpace } from '../go/strings.js';
import type { MountConfig } from './mounts.js';
import type { SystemTtls } from './sys-mount-info.js';

const LIST_KEYS = [
  'audit_non_hmac_request_keys', 'audit_non_hmac_response_keys', 'passthrough_request_headers',
  'allowed_response_headers', 'allowed_managed_keys',
] as const;

export const LISTING_VISIBILITY = new Set(['', 'unauth', 'hidden']);
// vault/auth.go: the token types an auth mount's config and tune accept
export const MOUNT_TOKEN_TYPES = new Set(['', 'default-service', 'default-batch', 'service', 'batch']);

/** parseutil.ParseDurationSecond of a config TTL; "" and "system" mean unset. */
export function parseTtl(raw: string, err: (raw: string, cause: string) => string): number {
  if (raw === '' || raw === 'system') return 0;
  try {
    return decodeFieldValue('signed_duration_second', raw) as number;
  } catch (e) {
    throw new VaultError(400, err(raw, (e as Error).message));
  }
}

function stringKinded(v: unknown): v is string | number {
  return typeof v === 'string' || typeof v === 'number';
}

export interface ParsedMountConfig {
  config: MountConfig;
  pluginVersion: string;
}

/** Decodes and checks an enable request's `config`; `auth` adds token_type. Throws Vault's 400s. */
export function parseMountConfig(raw: unknown, auth: boolean, system: SystemTtls): ParsedMountConfig {
  const convertError = () => new VaultError(400, auth ? ERR_AUTH_CONFIG_CONVERT : ERR_SECRETS_CONFIG_CONVERT);
  const cfg = raw === undefined || raw === null ? {} : raw;
  if (typeof cfg !== 'object' || Array.isArray(cfg)) throw convertError();
  const c = cfg as Record<string, unknown>;
  const lists: Record<string, string[]> = {};
  for (const k of LIST_KEYS) {
    const v = c[k];
    if (v === undefined || v === null) continue;
    // expandStringValsWithCommas: a string is split on commas and trimmed (ParseCommaStringSlice);
    // an array's items are taken as they are.
    if (typeof v === 'string') lists[k] = v === '' ? [] : v.split(',').map((x) => goTrimSpace(x));
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) lists[k] = [...(v as string[])];
    else throw convertError();
  }
  for (const k of ['default_lease_ttl', 'max_lease_ttl', 'listing_visibility', 'token_type', 'plugin_version'] as const) {
    if (c[k] !== undefined && c[k] !== null && !stringKinded(c[k])) throw convertError();
  }
  if (c.force_no_cache !== undefined && c.force_no_cache !== null && typeof c.force_no_cache !== 'boolean') throw convertError();
  const defRaw = c.default_lease_ttl == null ? '' : String(c.default_lease_ttl);
  const maxRaw = c.max_lease_ttl == null ? '' : String(c.max_lease_ttl);
  const def = parseTtl(defRaw, errParseDefaultTtl);
  const max = parseTtl(maxRaw, errParseMaxTtl);
  if (def > 0 && max > 0 && def > max) throw new VaultError(400, ERR_DEFAULT_OVER_MAX);
  if (max === 0 && def > system.maxTtl) throw new VaultError(400, errDefaultOverSystemMax(system.maxTtl));
  const config: MountConfig = { default_lease_ttl: def, force_no_cache: c.force_no_cache === true, max_lease_ttl: max };
  Object.assign(config, lists);
  if (auth) {
    const tt = c.token_type == null ? '' : String(c.token_type);
    if (!MOUNT_TOKEN_TYPES.has(tt)) throw new VaultError(400, ERR_INVALID_MOUNT_TOKEN_TYPE);
    config.token_type = tt === '' ? 'default-service' : tt;
  }
  const lv = c.listing_visibility == null ? '' : String(c.listing_visibility);
  if (lv !== '') config.listing_visibility = lv;
  return { config, pluginVersion: c.plugin_version == null ? '' : String(c.plugin_version) };
}

/** Step 9 of handleMount: checked after the type and version checks. */
export function checkListingVisibility(config: MountConfig): void {
  const lv = (config.listing_visibility as string | undefined) ?? '';
  if (!LISTING_VISIBILITY.has(lv)) throw new VaultError(400, errInvalidListingVisibility(lv));
}
