// config of a KV v2 mount (KV path_config.go): max_versions, cas_required and
// delete_version_after for every key. A negative delete_version_after disables deletion times
// for the whole mount (stored as -1s); 0 clears it.
import type { LogicalResponse } from '../../logical/types.js';
import { CONFIG_LOCK, type KvCall, type KvContext } from './context.js';
import { configView, DELETE_VERSION_AFTER_DISABLED, toUint32 } from './model.js';

/** GET config. */
export async function readConfig(ctx: KvContext): Promise<LogicalResponse> {
  return { data: configView(await ctx.store.config()) };
}

/** POST/PUT config: only the fields sent change; with none it is a no-op. */
export async function writeConfig(ctx: KvContext, call: KvCall): Promise<null> {
  const f = call.fields;
  if (!f.has('max_versions') && !f.has('cas_required') && !f.has('delete_version_after')) return null;
  await ctx.locks.exclusive(CONFIG_LOCK, async () => {
    const config = await ctx.store.config();
    if (f.has('max_versions')) config.max_versions = toUint32(f.get('max_versions') as number);
    if (f.has('cas_required')) config.cas_required = f.get('cas_required') as boolean;
    if (f.has('delete_version_after')) {
      const dva = f.get('delete_version_after') as number;
      config.delete_version_after = dva < 0 ? DELETE_VERSION_AFTER_DISABLED : dva;
    }
    await ctx.store.putConfig(config);
  });
  return null;
}
