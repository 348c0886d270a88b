// The KV secrets engine: v2 (versioned) and v1 (passthrough) backends and a direct typed API over
// a v2 mount (rollback, which Vault runs client-side, is in src/client/kv-rollback.ts).
// `createKvBackend` picks the version the way Vault's KV Factory does from the mount option
// `version`.
import type { Backend } from '../../logical/types.js';
import { KvBackend, type KvBackendOptions } from './backend.js';
import { KvV1Backend } from './v1.js';

export { KvBackend, type KvBackendOptions } from './backend.js';
export { KvV1Backend, DEFAULT_LEASE_TTL_SECONDS, type KvV1BackendOptions } from './v1.js';
export { KvDirect, type KvKeyMetadataFields, type KvSecret, type KvVersionMetadata } from './direct.js';

/** Vault's KV Factory: mount option version "2" gives KV v2, "1" or none gives the passthrough engine. */
export function createKvBackend(options: KvBackendOptions & { version?: string; defaultLeaseTtl?: () => number }): Backend {
  const version = options.version ?? '';
  if (version === '2') return new KvBackend(options);
  if (version === '1' || version === '') return new KvV1Backend(options);
  throw new RangeError(`kv: unknown engine version ${JSON.stringify(version)}`);
}
