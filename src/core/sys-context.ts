// What the sys/ backend's handlers reach: the mount table, the auth and audit subsystems, the
// seal, and the facts about the server (version, time, randomness). Built by core when it opens.
import type { Clock } from '../util/clock.js';
import type { RandomSource } from '../util/random.js';
import type { Expiration } from './expiration.js';
import type { Wrapping } from './wrapping.js';
import type { MountTable } from './mounts.js';
import type { AuditPort, AuthPort, SealPort } from './ports.js';

/** vault/mount.go MountMigrationInfo, kept in memory only as Vault does. */
export interface MigrationInfo {
  source_mount: string;
  target_mount: string;
  status: 'in-progress' | 'success' | 'failure';
}

export interface SysContext {
  readonly mounts: MountTable;
  readonly auth: AuthPort;
  readonly audit: AuditPort;
  readonly expiration: Expiration;
  readonly wrapping: Wrapping;
  readonly seal: SealPort;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly version: string;
  readonly migrations: Map<string, MigrationInfo>;
  /** Revokes every token and lease issued under a path prefix (expiration.go RevokePrefix). */
  revokePrefix(prefix: string): Promise<void>;
  /** Help/OpenAPI of every mount the caller can see (sys/internal/specs/openapi). */
  openApi(clientToken: string | undefined, genericMountPaths: boolean): Promise<unknown>;
}
