// Which writes may run side by side. Vault has no global write lock: each backend takes its own
// per-key locks (sdk/helper/locksutil; KV in vault-plugin-secrets-kv, the token store's
// tokenLocks in vault/token_store.go), and table changes take their own locks (mountsLock,
// policy locks, expiration's pending lock). minivault's engines were written against one global
// queue, so only those that lock every read-modify-write per key are let out of it; a write to
// any other engine, to sys/, to the token store or to a login path still runs alone. Add a type
// here only once each of its handlers holds a per-key lock around every read-modify-write.
import type { MountTable } from './mounts.js';
import type { CoreRequest } from './types.js';

/**
 * kv: every v2 handler holds its key's lock (src/secrets/kv/locks.ts) and v1 writes are single
 * puts; cubbyhole: single puts and deletes under the token's own prefix.
 */
const SELF_LOCKING_TYPES = new Set(['kv', 'cubbyhole']);

/** True when `req` (a write) may hold the write gate shared rather than exclusively. */
export function locksOwnKeys(mounts: MountTable, req: CoreRequest): boolean {
  // A wrapped answer creates a token and writes its cubbyhole: token-store work, kept exclusive.
  if (req.wrapTtl !== undefined && req.wrapTtl > 0) return false;
  const routed = mounts.route(req.path);
  return routed !== undefined && SELF_LOCKING_TYPES.has(routed.entry.type);
}
