// delete/:path, undelete/:path and destroy/:path of KV v2 (KV path_delete.go, path_destroy.go):
// soft-delete, restore or permanently remove listed versions. A key that does not exist is a
// no-op; versions that are absent (or, for undelete, destroyed) are skipped. All answer 204.
import { ERR_KV_DESTROY_NO_VERSION_NUMBER, ERR_KV_NO_VERSION_NUMBER } from '../../errors/kv.js';
import { VaultError } from '../../errors/vault-error.js';
import { keyLock, kvNow, type KvCall, type KvContext } from './context.js';
import { isDeletedAt, scheduledDeletion, type StoredKeyMetadata } from './model.js';

function versionsOf(call: KvCall, emptyMessage: string): number[] {
  const versions = (call.fields.get('versions') as number[] | undefined) ?? [];
  if (versions.length === 0) throw new VaultError(400, emptyMessage);
  return versions;
}

/**
 * Under the key's lock: reads the metadata (a missing key is a no-op), lets `change` edit it,
 * writes it back, then runs `after` (destroy removes version data only once metadata says so).
 */
function editMetadata(
  ctx: KvContext, call: KvCall, change: (meta: StoredKeyMetadata) => void, after?: () => Promise<void>,
): Promise<null> {
  return ctx.locks.exclusive(keyLock(call.key), async () => {
    const meta = await ctx.store.getMetadata(call.key);
    if (meta === undefined) return null;
    change(meta);
    await ctx.store.putMetadata(meta);
    if (after) await after();
    return null;
  });
}

/** POST delete/:path: soft-deletes each listed version now, even one only scheduled for later. */
export async function deleteVersions(ctx: KvContext, call: KvCall): Promise<null> {
  const versions = versionsOf(call, ERR_KV_NO_VERSION_NUMBER);
  return editMetadata(ctx, call, (meta) => {
    const now = kvNow(ctx);
    for (const n of versions) {
      const vm = meta.versions[n];
      if (vm === undefined || vm.destroyed || isDeletedAt(vm, now)) continue;
      vm.deletion = now;
    }
  });
}

/** POST undelete/:path: clears the deletion, then reschedules it if delete_version_after applies. */
export async function undeleteVersions(ctx: KvContext, call: KvCall): Promise<null> {
  const versions = versionsOf(call, ERR_KV_NO_VERSION_NUMBER);
  const config = await ctx.store.config();
  return editMetadata(ctx, call, (meta) => {
    const now = kvNow(ctx);
    for (const n of versions) {
      const vm = meta.versions[n];
      if (vm === undefined || vm.destroyed) continue;
      vm.deletion = scheduledDeletion(now, config, meta);
    }
  });
}

/**
 * POST destroy/:path: marks listed versions destroyed (the metadata first), then deletes the data
 * of every listed number, whether or not the metadata still lists it.
 */
export async function destroyVersions(ctx: KvContext, call: KvCall): Promise<null> {
  const versions = versionsOf(call, ERR_KV_DESTROY_NO_VERSION_NUMBER);
  return editMetadata(ctx, call, (meta) => {
    for (const n of versions) {
      const vm = meta.versions[n];
      if (vm !== undefined) vm.destroyed = true;
    }
  }, async () => {
    await ctx.store.syncSalt();
    for (const n of versions) if (n > 0) await ctx.store.deleteVersion(call.key, n);
  });
}
