// What KV v2 keeps per key and per mount, and the pure rules over it: version numbering and the
// sliding retention window (KV path_data.go KeyMetadata.AddVersion), deletion times from
// delete_version_after (KV delete_version_after.go), and the response shapes built from metadata.
// Vault stores these as protobuf (KV types.proto); minivault stores the same fields as JSON, with
// times as Unix milliseconds carrying the clock's sub-millisecond fraction. The fields are those of
// KV plugin v0.20.0, the one Vault 1.18.1 ships (the created_by / deleted_by / last_updated_by
// attributions came in later releases).
import { rfc3339Nano } from '../../util/clock.js';
import { formatGoDuration } from '../../go/time.js';

export interface StoredVersionMeta {
  created: number;
  /** When the version counts as deleted (past) or is scheduled to (future); null when neither. */
  deletion: number | null;
  destroyed: boolean;
}

export interface StoredKeyMetadata {
  key: string;
  versions: Record<string, StoredVersionMeta>;
  current_version: number;
  oldest_version: number;
  created: number | null;
  updated: number | null;
  max_versions: number;
  cas_required: boolean;
  /** Seconds; 0 means unset. */
  delete_version_after: number;
  custom_metadata: Record<string, string> | null;
}

export interface StoredConfig {
  max_versions: number;
  cas_required: boolean;
  /** Seconds; 0 unset, -1 disabled for the whole mount (KV delete_version_after.go `disabled`). */
  delete_version_after: number;
}

export interface StoredVersion {
  created: number;
  data: Record<string, unknown>;
}

export const DEFAULT_MAX_VERSIONS = 10; // KV backend.go defaultMaxVersions
export const DELETE_VERSION_AFTER_DISABLED = -1;

export const defaultConfig = (): StoredConfig => ({ max_versions: 0, cas_required: false, delete_version_after: 0 });

export function newKeyMetadata(key: string, now: number | null): StoredKeyMetadata {
  return {
    key, versions: {}, current_version: 0, oldest_version: 0, created: now, updated: now,
    max_versions: 0, cas_required: false, delete_version_after: 0, custom_metadata: null,
  };
}

/** A copy deep enough to change. */
export function cloneKeyMetadata(m: Readonly<StoredKeyMetadata>): StoredKeyMetadata {
  const versions: Record<string, StoredVersionMeta> = {};
  for (const n of Object.keys(m.versions)) versions[n] = { ...m.versions[n]! };
  return { ...m, versions, custom_metadata: m.custom_metadata === null ? null : { ...m.custom_metadata } };
}

/** Go's uint32(int) conversion: Vault stores max_versions unchecked, so negatives wrap. */
export function toUint32(n: number): number {
  return ((n % 2 ** 32) + 2 ** 32) % 2 ** 32;
}

/** The larger of the key and mount limits; 10 when both are 0 (KV path_data.go AddVersion). */
export function effectiveMaxVersions(keyMax: number, mountMax: number): number {
  const m = Math.max(keyMax, mountMax);
  return m > 0 ? m : DEFAULT_MAX_VERSIONS;
}

/**
 * Appends version current+1 and slides the window: once current − oldest reaches the limit, every
 * version up to current − limit leaves the metadata. Returns the highest version whose data must
 * now be removed from storage (0 when none).
 */
export function addVersion(meta: StoredKeyMetadata, vm: StoredVersionMeta, mountMax: number): number {
  meta.current_version++;
  meta.versions[meta.current_version] = vm;
  meta.updated = vm.created;
  if (meta.created === null) meta.created = vm.created;
  const limit = effectiveMaxVersions(meta.max_versions, mountMax);
  if (meta.current_version - meta.oldest_version < limit) return 0;
  const versionToDelete = meta.current_version - limit;
  for (let v = meta.oldest_version; v <= versionToDelete; v++) delete meta.versions[v];
  meta.oldest_version = versionToDelete + 1;
  return versionToDelete;
}

/**
 * The deletion time a new or undeleted version gets: now plus the smaller non-zero of the mount
 * and key delete_version_after; null when both are zero or the mount has it disabled.
 */
export function scheduledDeletion(now: number, config: StoredConfig, meta: StoredKeyMetadata): number | null {
  const mount = config.delete_version_after;
  if (mount === DELETE_VERSION_AFTER_DISABLED) return null;
  const key = meta.delete_version_after;
  if (mount === 0 && key === 0) return null;
  let min = key;
  if ((mount !== 0 && mount < min) || min === 0) min = mount;
  return now + min * 1000;
}

/**
 * Whether a version reads as soft-deleted. Vault tests `deletion.Before(now)`; a frozen clock lets
 * a delete and the read after it share an instant, so a deletion at `now` already counts.
 */
export function isDeletedAt(vm: StoredVersionMeta, now: number): boolean {
  return vm.deletion !== null && vm.deletion <= now;
}

// A version's times are rendered on every read of it; a small memo (emptied when full) saves the
// Date formatting on hot keys.
const TIME_MEMO_LIMIT = 4096;
const timeMemo = new Map<number, string>();

/** A stored time as Vault prints it: RFC 3339 in UTC, fraction trimmed; null prints as "". */
export function timeString(ms: number | null): string {
  if (ms === null) return '';
  let s = timeMemo.get(ms);
  if (s === undefined) {
    if (timeMemo.size >= TIME_MEMO_LIMIT) timeMemo.clear();
    s = rfc3339Nano(ms);
    timeMemo.set(ms, s);
  }
  return s;
}

// Views hand out copies: stored metadata may be a shared read-only memo (KvStore.peekMetadata).
const copyOrNull = (m: Record<string, string> | null): Record<string, string> | null => (m === null ? null : { ...m });

/** The five fields that describe one version in data, subkeys and write responses (keys sorted as Go prints a map). */
export function versionView(vm: Readonly<StoredVersionMeta>, version: number, meta: Readonly<StoredKeyMetadata>):
  Record<string, unknown> {
  return {
    created_time: timeString(vm.created),
    custom_metadata: copyOrNull(meta.custom_metadata),
    deletion_time: timeString(vm.deletion),
    destroyed: vm.destroyed,
    version,
  };
}

/** GET metadata/:path (KV v0.20.0 path_metadata.go pathMetadataRead; keys sorted as Go prints a map). */
export function metadataView(meta: Readonly<StoredKeyMetadata>): Record<string, unknown> {
  const versions: Record<string, unknown> = {};
  for (const n of Object.keys(meta.versions)) {
    const vm = meta.versions[n]!;
    versions[n] = { created_time: timeString(vm.created), deletion_time: timeString(vm.deletion), destroyed: vm.destroyed };
  }
  return {
    cas_required: meta.cas_required,
    created_time: timeString(meta.created),
    current_version: meta.current_version,
    custom_metadata: copyOrNull(meta.custom_metadata),
    delete_version_after: formatGoDuration(meta.delete_version_after),
    max_versions: meta.max_versions,
    oldest_version: meta.oldest_version,
    updated_time: timeString(meta.updated),
    versions,
  };
}

/** GET config (KV path_config.go pathConfigRead). */
export function configView(c: StoredConfig): Record<string, unknown> {
  return {
    cas_required: c.cas_required,
    delete_version_after: formatGoDuration(c.delete_version_after),
    max_versions: c.max_versions,
  };
}
