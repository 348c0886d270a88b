// Upgrading a KV mount from version 1 to 2 in place (KV upgrade.go Upgrade, run when the mount's
// options.version is tuned from 1 to 2): every key the passthrough engine stored becomes version 1
// of the same key in the versioned layout, and the passthrough entry is removed. A marker records
// that the mount's storage is in the versioned layout, so the walk happens once per mount.
import type { Storage } from '../../storage/types.js';
import type { KvBackend } from './backend.js';

const MARKER = 'upgrade-info';
// What the versioned engine itself keeps at the top of its view (store.ts).
const V2_ROOTS = new Set(['config', 'salt', 'metadata/', 'versions/', MARKER]);
const decoder = new TextDecoder();

async function passthroughKeys(storage: Storage, prefix: string, out: string[]): Promise<void> {
  for (const child of await storage.list(prefix)) {
    if (prefix === '' && V2_ROOTS.has(child)) continue;
    if (child.endsWith('/')) await passthroughKeys(storage, prefix + child, out);
    else out.push(prefix + child);
  }
}

/** Converts passthrough entries to version 1 of each key, once (a mount with none writes nothing). */
export async function upgradeToVersioned(storage: Storage, backend: KvBackend): Promise<void> {
  if ((await storage.get(MARKER)) !== undefined) return;
  const keys: string[] = [];
  await passthroughKeys(storage, '', keys);
  if (keys.length === 0) return;
  for (const key of keys) {
    const raw = await storage.get(key);
    if (raw === undefined) continue;
    const data = JSON.parse(decoder.decode(raw)) as Record<string, unknown>;
    await backend.handle({ operation: 'create', path: `data/${key}`, data: { data }, mountPoint: '' });
    await storage.delete(key);
  }
  await storage.put(MARKER, new TextEncoder().encode(JSON.stringify({ done: true })));
}
