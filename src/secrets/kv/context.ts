// What every KV v2 endpoint handler gets: the store, the clock, the per-key locks, and the
// request already routed and field-checked. Also the identity fields KV reads for attribution.
import { VaultError } from '../../errors/vault-error.js';
import type { LogicalRequest, Operation } from '../../logical/types.js';
import type { Clock } from '../../util/clock.js';
import type { Fields } from './fields.js';
import type { KeyLocks } from './locks.js';
import type { Attribution } from './model.js';
import type { KvStore } from './store.js';

/**
 * Optional caller identity on a request, as Vault's logical.Request carries it (DisplayName,
 * EntityID, ClientID). KV records it in created_by / deleted_by / last_updated_by.
 */
export interface KvRequestIdentity {
  displayName?: string;
  entityId?: string;
  clientId?: string;
}

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
  readonly identity: KvRequestIdentity;
}

/** Attribution for this request (KV backend.go getAttribution); `operation` overrides the request's. */
export function attribution(call: KvCall, operation: string = call.operation): Attribution {
  const a: Attribution = { operation };
  if (call.identity.displayName) a.actor = call.identity.displayName;
  if (call.identity.entityId) a.entity_id = call.identity.entityId;
  if (call.identity.clientId) a.client_id = call.identity.clientId;
  return a;
}

export function identityOf(req: LogicalRequest): KvRequestIdentity {
  const r = req as LogicalRequest & KvRequestIdentity;
  return { displayName: r.displayName, entityId: r.entityId, clientId: r.clientId };
}

/** Vault's answer to a read that finds nothing: 404 with `{"errors":[]}`. */
export function notFound(): VaultError {
  return new VaultError(404, '', []);
}

/** The lock name for a key (config writes use their own name, which no key path can produce). */
export const keyLock = (key: string): string => 'k:' + key;
export const CONFIG_LOCK = 'config';
