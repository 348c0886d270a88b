// metadata/:path of KV v2 (KV path_metadata.go): read a key's metadata, set its limits and
// custom metadata (creating a version-less key), merge-patch them, delete the key with all its
// versions, and list keys.
import {
  errKvMetadataUnmarshal, ERR_KV_MISSING_PATH, WARN_KV_CAS_REQUIRED_IGNORED,
} from '../../errors/kv.js';
import { multierror } from '../../errors/core.js';
import { VaultError } from '../../errors/vault-error.js';
import type { LogicalResponse } from '../../logical/types.js';
import { keyLock, kvNow, notFound, type KvCall, type KvContext } from './context.js';
import { parseCustomMetadata, validateCustomMetadata } from './custom-metadata.js';
import type { JsonObject } from './fields.js';
import { mergePatch } from './merge-patch.js';
import { metadataView, newKeyMetadata, toUint32, type StoredConfig, type StoredKeyMetadata } from './model.js';

const PATCHABLE = ['max_versions', 'cas_required', 'delete_version_after', 'custom_metadata'] as const;

/** GET metadata/:path. */
export async function readMetadata(ctx: KvContext, call: KvCall): Promise<LogicalResponse> {
  const meta = await ctx.store.peekMetadata(call.key);
  if (meta === undefined) throw notFound();
  return { data: metadataView(meta) };
}

function casWarning(call: KvCall, config: StoredConfig): LogicalResponse | null {
  return call.fields.get('cas_required') === false && config.cas_required
    ? { data: null, warnings: [WARN_KV_CAS_REQUIRED_IGNORED] }
    : null;
}

const emptyToNull = (m: Record<string, string>): Record<string, string> | null => (Object.keys(m).length > 0 ? m : null);

/** POST/PUT metadata/:path: only the fields sent change; with none it is a no-op that creates nothing. */
export async function writeMetadata(ctx: KvContext, call: KvCall): Promise<LogicalResponse | null> {
  if (call.key === '') throw new VaultError(400, ERR_KV_MISSING_PATH);
  const f = call.fields;
  if (!PATCHABLE.some((name) => f.has(name))) return null;
  const config = await ctx.store.config();
  let custom: Record<string, string> | undefined;
  if (f.has('custom_metadata')) {
    custom = parseCustomMetadata(f.get('custom_metadata') as JsonObject, false);
    validateCustomMetadata(custom);
  }
  const response = casWarning(call, config);
  await ctx.locks.exclusive(keyLock(call.key), async () => {
    const meta = (await ctx.store.getMetadata(call.key)) ?? newKeyMetadata(call.key, kvNow(ctx));
    if (f.has('max_versions')) meta.max_versions = toUint32(f.get('max_versions') as number);
    if (f.has('cas_required')) meta.cas_required = f.get('cas_required') as boolean;
    if (f.has('delete_version_after')) meta.delete_version_after = f.get('delete_version_after') as number;
    if (custom !== undefined) meta.custom_metadata = emptyToNull(custom);
    await ctx.store.putMetadata(meta);
  });
  return response;
}

/** The patchable part of stored metadata as Go's encoding/json shows it (zero values omitted). */
function patchableJson(meta: StoredKeyMetadata): JsonObject {
  const doc: JsonObject = {};
  if (meta.max_versions !== 0) doc.max_versions = meta.max_versions;
  if (meta.cas_required) doc.cas_required = true;
  if (meta.delete_version_after !== 0) doc.delete_version_after = { seconds: meta.delete_version_after };
  if (meta.custom_metadata !== null) doc.custom_metadata = meta.custom_metadata;
  return doc;
}

/** Reads the merged document back into the metadata, failing where Go's json.Unmarshal would. */
function applyPatchedJson(meta: StoredKeyMetadata, doc: JsonObject): void {
  const max = (doc.max_versions as number | undefined) ?? 0;
  if (max < 0 || max > 2 ** 32 - 1) throw new VaultError(500, multierror(errKvMetadataUnmarshal(`number ${max}`, 'max_versions', 'uint32')));
  const custom = (doc.custom_metadata as JsonObject | undefined) ?? {};
  for (const v of Object.values(custom)) {
    if (typeof v !== 'string') {
      const what = typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : Array.isArray(v) ? 'array' : 'object';
      throw new VaultError(500, multierror(errKvMetadataUnmarshal(what, 'custom_metadata', 'string')));
    }
  }
  meta.max_versions = max;
  meta.cas_required = doc.cas_required === true;
  meta.delete_version_after = ((doc.delete_version_after as { seconds?: number } | undefined)?.seconds) ?? 0;
  meta.custom_metadata = emptyToNull(custom as Record<string, string>);
}

/**
 * PATCH metadata/:path (KV pathMetadataPatch): the sent fields are merge-patched onto the stored
 * ones. Only the patch input is validated, so patches can grow custom_metadata past 64 keys.
 * A null delete_version_after is no field at all; a null custom_metadata patches nothing.
 */
export async function patchMetadata(ctx: KvContext, call: KvCall): Promise<LogicalResponse | null> {
  if (call.key === '') throw new VaultError(400, ERR_KV_MISSING_PATH);
  const f = call.fields;
  if (f.has('custom_metadata')) validateCustomMetadata(parseCustomMetadata(f.get('custom_metadata') as JsonObject, true));
  const config = await ctx.store.config();
  return ctx.locks.exclusive(keyLock(call.key), async () => {
    const meta = await ctx.store.getMetadata(call.key);
    if (meta === undefined) return { status: 404 };
    const response = casWarning(call, config);
    const patch: JsonObject = {};
    for (const name of PATCHABLE) {
      if (!f.has(name)) continue;
      patch[name] = name === 'delete_version_after' ? { seconds: f.get(name), nanos: 0 } : f.get(name);
    }
    applyPatchedJson(meta, mergePatch(patchableJson(meta), patch));
    await ctx.store.putMetadata(meta);
    return response;
  });
}

/** DELETE metadata/:path: every listed version's data, then the metadata itself. */
export async function deleteMetadata(ctx: KvContext, call: KvCall): Promise<null> {
  return ctx.locks.exclusive(keyLock(call.key), async () => {
    const meta = await ctx.store.getMetadata(call.key);
    if (meta === undefined) return null;
    await ctx.store.syncSalt();
    for (const n of Object.keys(meta.versions)) await ctx.store.deleteVersion(call.key, Number(n));
    await ctx.store.deleteMetadata(call.key);
    return null;
  });
}

/**
 * LIST metadata/:prefix: sorted children, folders ending in '/'; an empty result is a 404. (The
 * `exclude_deleted` filter came with KV plugin v0.24.2; Vault 1.18.1 ships v0.20.0 without it.)
 */
export async function listMetadata(ctx: KvContext, call: KvCall): Promise<LogicalResponse> {
  const prefix = call.key === '' || call.key.endsWith('/') ? call.key : call.key + '/';
  const keys = await ctx.store.listMetadata(prefix);
  if (keys.length === 0) throw notFound();
  return { data: { keys } };
}
