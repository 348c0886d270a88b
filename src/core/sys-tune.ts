// Tuning a mount (vault/logical_system.go handleTuneReadCommon, handleTuneWriteCommon): the
// longest mount prefix of the path is tuned; each field present is checked and then applied and
// persisted in Vault's order, so a later failure leaves the earlier changes in place, as in Vault.
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_INVALID_MOUNT_TOKEN_TYPE, ERR_TUNE_TOKEN_TYPE_SECRETS, ERR_TUNE_TOKEN_TYPE_TOKEN, WARN_KV_UPGRADE,
  errCannotFetchSysview, errCannotTune, errInvalidListingVisibility, errTuneDowngrade, errTuneInvalidVersion,
  errTuneMaxBelowDefault, errTuneNoEntry, errTuneOptionsParse, errTuneUserLockout,
} from '../errors/mounts.js';
import { goParseInt } from '../go/strconv.js';
import type { FieldData } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import { isAuthMount, type MountEntry } from './mounts.js';
import type { SysContext } from './sys-context.js';
import { LISTING_VISIBILITY, MOUNT_TOKEN_TYPES, parseTtl } from './sys-mount-config.js';
import { normaliseMountPath, tuneInfo } from './sys-mount-info.js';

// vault/mount.go untunableMounts
const UNTUNABLE = ['cubbyhole/', 'sys/', 'audit/', 'identity/'];
const LOCKOUT_TYPES = new Set(['ldap', 'approle', 'userpass']);


/** GET …/tune: unknown path → `cannot fetch sysview for path`. */
export function readTune(sys: SysContext, routerPath: string): LogicalResponse {
  const path = normaliseMountPath(routerPath);
  const routed = sys.mounts.route(path);
  if (!routed) throw new VaultError(400, errCannotFetchSysview(path));
  return { data: tuneInfo(routed.entry, sys.mounts.systemTtls) };
}

type Change = (e: MountEntry) => void;

function ttlChange(data: FieldData, e: MountEntry): Change | undefined {
  const def = data.getOk<string>('default_lease_ttl');
  const max = data.getOk<string>('max_lease_ttl');
  if (!def.ok && !max.ok) return undefined;
  const err = (_raw: string, cause: string) => cause;
  const newDef = def.ok && def.value !== '' ? parseTtl(def.value, err) : e.config.default_lease_ttl;
  const newMax = max.ok && max.value !== '' ? parseTtl(max.value, err) : e.config.max_lease_ttl;
  // tuneMountTTLs compares the two only when both are set on the mount.
  if (newDef !== 0 && newMax !== 0 && newMax < newDef) throw new VaultError(400, errTuneMaxBelowDefault(newMax, newDef));
  return (m) => { m.config.default_lease_ttl = newDef; m.config.max_lease_ttl = newMax; };
}

/** options: `version` may only go up (1 → 2 reloads KV with a warning); empty values delete. */
function optionsChange(data: FieldData, e: MountEntry, warnings: string[]): { change: Change; rebuild: boolean } | undefined {
  const { value, ok } = data.getOk<Record<string, string> | null>('options');
  // The vault CLI always sends the key, as null when no -options/-version was given: no change.
  if (!ok || value === null) return undefined;
  let rebuild = false;
  const next: Record<string, string> = { ...(e.options ?? {}) };
  for (const [k, v] of Object.entries(value)) {
    if (k !== 'version') { if (v === '') delete next[k]; else next[k] = v; continue; }
    if (v === '') continue;
    let n: number;
    try {
      n = goParseInt(v, 10);
    } catch (err) {
      throw new VaultError(400, errTuneOptionsParse((err as Error).message));
    }
    if (n !== 1 && n !== 2) throw new VaultError(400, errTuneInvalidVersion(n));
    const current = Number(e.options?.version ?? '1') || 1;
    if (n < current) throw new VaultError(400, errTuneDowngrade(current));
    if (n > current) { warnings.push(WARN_KV_UPGRADE); rebuild = true; }
    next.version = String(n);
  }
  return { change: (m) => { m.options = next; }, rebuild };
}

/** POST …/tune. `routerPath` is the full path (`auth/userpass` for auth mounts). */
export async function writeTune(sys: SysContext, routerPath: string, data: FieldData): Promise<LogicalResponse | null> {
  const path = normaliseMountPath(routerPath);
  if (UNTUNABLE.some((p) => path.startsWith(p))) throw new VaultError(400, errCannotTune(path));
  const routed = sys.mounts.route(path);
  if (!routed) throw new VaultError(400, errTuneNoEntry(path));
  const e = routed.entry;
  const warnings: string[] = [];
  const apply = (change: Change, rebuild = false) => sys.mounts.update(e.path, (m) => { change(m); return m; }, rebuild);

  const ttl = ttlChange(data, e);
  if (ttl) await apply(ttl);
  const desc = data.getOk<string>('description');
  if (desc.ok) await apply((m) => { m.description = desc.value; });
  for (const k of ['audit_non_hmac_request_keys', 'audit_non_hmac_response_keys'] as const) {
    const v = data.getOk<string[]>(k);
    if (v.ok) await apply((m) => { if (v.value.length === 0) delete m.config[k]; else m.config[k] = v.value; });
  }
  const lv = data.getOk<string>('listing_visibility');
  if (lv.ok) {
    if (!LISTING_VISIBILITY.has(lv.value)) throw new VaultError(400, errInvalidListingVisibility(lv.value));
    await apply((m) => { if (lv.value === '') delete m.config.listing_visibility; else m.config.listing_visibility = lv.value; });
  }
  const tt = data.getOk<string>('token_type');
  if (tt.ok) {
    if (!isAuthMount(e)) throw new VaultError(400, ERR_TUNE_TOKEN_TYPE_SECRETS);
    if (e.type === 'token') throw new VaultError(400, ERR_TUNE_TOKEN_TYPE_TOKEN);
    if (!MOUNT_TOKEN_TYPES.has(tt.value)) throw new VaultError(400, ERR_INVALID_MOUNT_TOKEN_TYPE);
    await apply((m) => { m.config.token_type = tt.value === '' ? 'default-service' : tt.value; });
  }
  for (const k of ['passthrough_request_headers', 'allowed_response_headers', 'allowed_managed_keys'] as const) {
    const v = data.getOk<string[]>(k);
    if (v.ok) await apply((m) => { if (v.value.length === 0) delete m.config[k]; else m.config[k] = v.value; });
  }
  const lockout = data.getOk<Record<string, unknown>>('user_lockout_config');
  if (lockout.ok) {
    if (!LOCKOUT_TYPES.has(e.type)) throw new VaultError(400, errTuneUserLockout(e.type));
    await apply((m) => { m.config.user_lockout_config = lockout.value; });
  }
  const opts = optionsChange(data, e, warnings);
  if (opts) await apply(opts.change, opts.rebuild);
  return warnings.length > 0 ? { data: null, warnings } : null;
}
