// The data/:path and subkeys/:path endpoints of KV v2 (KV path_data.go, path_subkeys.go): read a
// version, write a new one with check-and-set, merge-patch the current one, soft-delete the latest.
// The read path is the hot one: one storage get for the metadata and one for the version.
import {
  ERR_KV_CAS_MISMATCH, ERR_KV_CAS_PARSE, ERR_KV_CAS_REQUIRED, ERR_KV_NO_DATA, ERR_KV_VERSION_DATA_MISSING,
  warnKvCleanupFailed,
} from '../../errors/kv.js';
import { multierror } from '../../errors/core.js';
import { VaultError } from '../../errors/vault-error.js';
import type { LogicalResponse } from '../../logical/types.js';
import { copyJson } from '../../go/object.js';
import { keyLock, kvNow, notFound, type KvCall, type KvContext } from './context.js';
import { decodeFieldValue } from '../../framework/field-types.js';
import type { JsonObject } from './fields.js';
import { mergePatch, sortKeysDeep } from './merge-patch.js';
import { setOwn } from '../../go/object.js';
import {
  addVersion, isDeletedAt, newKeyMetadata, scheduledDeletion, versionView, type StoredConfig, type StoredKeyMetadata,
  type StoredVersionMeta,
} from './model.js';

/** The `version` parameter: only a positive number selects one; 0, absent or negative mean latest. */
function selectedVersion(call: KvCall, meta: Readonly<StoredKeyMetadata>): number {
  const asked = (call.fields.get('version') as number | undefined) ?? 0;
  return asked > 0 ? asked : meta.current_version;
}

// A read takes no lock. If a concurrent destroy, prune or metadata delete removes the version
// between the two gets, the metadata is read again and answers for the new state; Vault holds a
// read lock instead. The salt is re-read too, in case the storage was restored underneath. Only
// data that stays missing is the 500 Vault reports.
const READ_ATTEMPTS = 3;

/** The selected version's metadata view, and its data (null when soft-deleted or destroyed). */
async function readSelectedVersion(ctx: KvContext, call: KvCall): Promise<{ metadata: JsonObject; data: JsonObject | null }> {
  for (let attempt = 1; ; attempt++) {
    const meta = await ctx.store.peekMetadata(call.key);
    if (meta === undefined) throw notFound();
    const n = selectedVersion(call, meta);
    const vm = meta.versions[n];
    if (vm === undefined) throw notFound();
    const metadata = versionView(vm, n, meta);
    if (vm.destroyed || isDeletedAt(vm, kvNow(ctx))) return { metadata, data: null };
    const stored = await ctx.store.getVersion(call.key, n);
    if (stored !== undefined) return { metadata, data: stored.data };
    if (attempt >= READ_ATTEMPTS) throw new VaultError(500, multierror(ERR_KV_VERSION_DATA_MISSING));
    ctx.store.forgetSalt();
  }
}

/** GET data/:path (KV path_data.go pathDataRead): a deleted or destroyed version is a 404 with a body. */
export async function readData(ctx: KvContext, call: KvCall): Promise<LogicalResponse> {
  const { metadata, data } = await readSelectedVersion(ctx, call);
  // The stored version may be a shared frozen decoding; the caller gets its own copy.
  return data === null ? { status: 404, data: { data: null, metadata } } : { data: { data: copyJson(data), metadata } };
}

/**
 * Nulls every leaf; objects at nesting level `depth` (0 = no limit) become leaves too. Walked with
 * an explicit stack: data may nest 10000 levels deep (src/util/json-iter.ts).
 */
function subkeysOf(data: JsonObject, depth: number): JsonObject {
  const root: JsonObject = {};
  const pending: Array<[JsonObject, JsonObject, number]> = [[data, root, 1]];
  while (pending.length > 0) {
    const [obj, out, level] = pending.pop()!;
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      const nested = typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0;
      if (nested && (depth === 0 || level + 1 <= depth)) {
        const child: JsonObject = {};
        setOwn(out, k, child);
        pending.push([v as JsonObject, child, level + 1]);
      } else {
        setOwn(out, k, null);
      }
    }
  }
  return root;
}

/** GET subkeys/:path (KV path_subkeys.go): the data's shape with every value null. */
export async function readSubkeys(ctx: KvContext, call: KvCall): Promise<LogicalResponse> {
  const depth = (call.fields.get('depth') as number | undefined) ?? 0;
  const { metadata, data } = await readSelectedVersion(ctx, call);
  return data === null ? { status: 404, data: { metadata, subkeys: null } } : { data: { metadata, subkeys: subkeysOf(data, depth) } };
}

/** options.cas against the key's current version (KV path_data.go validateCheckAndSetOption). */
function checkCas(call: KvCall, config: StoredConfig, meta: StoredKeyMetadata): void {
  const options = call.fields.get('options') as JsonObject | undefined;
  if (options !== undefined && Object.hasOwn(options, 'cas')) {
    let cas: number;
    try {
      cas = decodeFieldValue('int', options.cas) as number;
    } catch {
      throw new VaultError(400, ERR_KV_CAS_PARSE);
    }
    if (cas !== meta.current_version) throw new VaultError(400, ERR_KV_CAS_MISMATCH);
  } else if (config.cas_required || meta.cas_required) {
    throw new VaultError(400, ERR_KV_CAS_REQUIRED);
  }
}

/**
 * Stores `data` as version current+1, updates and writes the metadata, then prunes versions that
 * left the retention window. Shared by write and patch, which have synced the salt.
 */
async function appendVersion(ctx: KvContext, call: KvCall, config: StoredConfig, meta: StoredKeyMetadata,
  data: JsonObject): Promise<LogicalResponse> {
  const now = kvNow(ctx);
  await ctx.store.putVersion(call.key, meta.current_version + 1, { created: now, data: sortKeysDeep(data) });
  const vm: StoredVersionMeta = { created: now, deletion: scheduledDeletion(now, config, meta), destroyed: false };
  const versionToDelete = addVersion(meta, vm, config.max_versions);
  await ctx.store.putMetadata(meta);
  const response: LogicalResponse = { data: versionView(vm, meta.current_version, meta) };
  const warning = await cleanupOldVersions(ctx, call.key, versionToDelete);
  if (warning !== undefined) response.warnings = [warning];
  return response;
}

/**
 * Deletes the data of pruned versions, walking down from `versionToDelete` until an entry is
 * missing, oldest first, so a failure leaves the rest for the next write (KV cleanupOldVersions).
 */
async function cleanupOldVersions(ctx: KvContext, key: string, versionToDelete: number): Promise<string | undefined> {
  try {
    const doomed: number[] = [];
    for (let v = versionToDelete; v > 0; v--) {
      if (!(await ctx.store.hasVersion(key, v))) break;
      doomed.push(v);
    }
    for (let i = doomed.length - 1; i >= 0; i--) await ctx.store.deleteVersion(key, doomed[i]!);
    return undefined;
  } catch (e) {
    return warnKvCleanupFailed((e as Error).message);
  }
}

/** POST/PUT data/:path (KV path_data.go pathDataWrite). */
export async function writeData(ctx: KvContext, call: KvCall): Promise<LogicalResponse> {
  const config = await ctx.store.config();
  const data = call.fields.get('data') as JsonObject | undefined;
  if (data === undefined) throw new VaultError(400, ERR_KV_NO_DATA);
  return ctx.locks.exclusive(keyLock(call.key), async () => {
    const meta = (await ctx.store.getMetadata(call.key)) ?? newKeyMetadata(call.key, null);
    checkCas(call, config, meta);
    await ctx.store.syncSalt();
    return appendVersion(ctx, call, config, meta, data);
  });
}

/** PATCH data/:path (KV path_data.go pathDataPatch). */
export async function patchData(ctx: KvContext, call: KvCall): Promise<LogicalResponse> {
  const patch = call.fields.get('data') as JsonObject | undefined;
  if (patch === undefined) throw new VaultError(400, ERR_KV_NO_DATA);
  return ctx.locks.exclusive(keyLock(call.key), async () => {
    const meta = await ctx.store.getMetadata(call.key);
    if (meta === undefined) return { status: 404 };
    const config = await ctx.store.config();
    checkCas(call, config, meta);
    const current = meta.current_version;
    const vm = meta.versions[current];
    if (vm === undefined) return { status: 404 };
    // Unlike a read, PATCH's 404 carries the version fields flat in `data`.
    if (isDeletedAt(vm, kvNow(ctx)) || vm.destroyed) return { status: 404, data: versionView(vm, current, meta) };
    await ctx.store.syncSalt();
    const stored = await ctx.store.getVersion(call.key, current);
    if (stored === undefined) throw new VaultError(500, multierror(ERR_KV_VERSION_DATA_MISSING));
    return appendVersion(ctx, call, config, meta, mergePatch(stored.data, patch));
  });
}

/** DELETE data/:path: soft-deletes the latest version only (KV path_data.go pathDataDelete). */
export async function deleteLatest(ctx: KvContext, call: KvCall): Promise<null> {
  return ctx.locks.exclusive(keyLock(call.key), async () => {
    const meta = await ctx.store.getMetadata(call.key);
    if (meta === undefined) return null;
    const latest = meta.versions[meta.current_version];
    const now = kvNow(ctx);
    if (latest === undefined || latest.destroyed || isDeletedAt(latest, now)) return null;
    latest.deletion = now;
    await ctx.store.putMetadata(meta);
    return null;
  });
}
