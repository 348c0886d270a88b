// What every KV v2 endpoint handler gets: the store, the clock, the per-key locks, and the
// request already routed and field-checked.
import { VaultError } from '../../errors/vault-error.js';
import type { Operation } from '../../logical/types.js';
import { preciseNow, type Clock } from '../../util/clock.js';
import type { Fields } from './fields.js';
import type { KeyLocks } from './locks.js';
import type { KvStore } from './store.js';

export interface KvContext {
  readonly store: KvStore;
  readonly clock: Clock;
  readonly locks: KeyLocks;
}

export interface KvCall {
  /** The key (or list prefix) captured from the path. */
  readonly key: string;
  readonly fields: Fields;
  readonly operation: Operation;
}

/**
 * Now for KV's stored times, with the clock's sub-millisecond digits: Vault stamps versions with
 * ptypes.TimestampNow() and prints them with nanoseconds. Deletion checks use the same reading,
 * so a delete and the read after it agree.
 */
export const kvNow = (ctx: KvContext): number => preciseNow(ctx.clock);

/** Vault's answer to a read that finds nothing: 404 with `{"errors":[]}`. */
export function notFound(): VaultError {
  return new VaultError(404, '', []);
}

/** The lock name for a key (config writes use their own name, which no key path can produce). */
export const keyLock = (key: string): string => 'k:' + key;
export const CONFIG_LOCK = 'config';
