// From merged configuration to the parts of a running server, in the order and with the checks of
// Vault's command/server.go Run and setupStorage: refused stanzas, storage (inmem; file; raft
// served by the file backend; Vault's other backends refused plainly), log level, lease TTLs
// (vault/core.go NewCore), then each listener's files (listeners.ts). Nothing here binds a
// socket or writes to storage, so a failure leaves nothing behind.
import {
  ERR_SERVER_DEFAULT_OVER_MAX, ERR_SERVER_NO_STORAGE, ERR_SERVER_PATH_MUST_BE_SET, ERR_SERVER_RAFT_CLUSTER_ADDR,
  errServerCoreInit, errServerLogFormat, errServerLogLevel, errServerStorageInit, errServerUnknownStorage,
  errServerUnsupportedSeal, errServerUnsupportedStanza, errServerUnsupportedStorage,
} from '../errors/server.js';
import type { Storage } from '../storage/types.js';
import { ConfigError, type ServerConfig } from './config.js';
import { prepareListener, type PreparedListener } from './listeners.js';

const SYSTEM_TTL = 768 * 3600; // vault/expiration.go maxLeaseTTL, command/server config defaults

// Vault 1.18.1's physical backends (command/commands.go physicalBackends) minivault does not serve
const VAULT_BACKENDS = new Set([
  'aerospike', 'alicloudoss', 'azure', 'cassandra', 'cockroachdb', 'consul', 'couchdb', 'couchdb_transactional',
  'dynamodb', 'etcd', 'foundationdb', 'gcs', 'manta', 'mssql', 'mysql', 'oci', 'postgresql', 's3', 'spanner',
  'swift', 'zookeeper',
]);
const INMEM = new Set(['inmem', 'inmem_ha', 'inmem_transactional', 'inmem_transactional_ha']);
const LOG_LEVELS = new Set(['trace', 'debug', 'notice', 'info', '', 'warn', 'warning', 'err', 'error']);

export interface ServerPlan {
  /** undefined: memory. */
  storagePath?: string;
  storageLabel: string;
  storageType: string;
  listeners: PreparedListener[];
  /** Lines for the log once the server runs (Vault's lint warnings and minivault's notes). */
  warnings: string[];
  /** default_lease_ttl / max_lease_ttl, seconds (unset: Vault's 768h). */
  systemTtls: { defaultTtl: number; maxTtl: number };
}

/** Checks the configuration and reads every file it names; throws ConfigError with Vault's text. */
export function planServer(config: ServerConfig, env: Record<string, string | undefined>, onTlsError?: (e: Error, addr: string | undefined) => void): ServerPlan {
  if (config.unsupported.length > 0) throw new ConfigError(errServerUnsupportedSeal(config.unsupported[0]!));
  const storage = config.storage;
  if (!storage) throw new ConfigError(ERR_SERVER_NO_STORAGE);
  let storagePath: string | undefined;
  let storageLabel = storage.type;
  if (INMEM.has(storage.type)) {
    storageLabel = 'inmem';
  } else if (storage.type === 'file') {
    storagePath = storage.config.path;
    if (!storagePath) throw new ConfigError(errServerStorageInit('file', ERR_SERVER_PATH_MUST_BE_SET));
    storageLabel = `file (${storagePath})`;
  } else if (storage.type === 'raft') {
    if (!(env.VAULT_CLUSTER_ADDR || config.clusterAddr)) throw new ConfigError(ERR_SERVER_RAFT_CLUSTER_ADDR);
    storagePath = storage.config.path || env.VAULT_RAFT_PATH;
    if (!storagePath) throw new ConfigError(errServerStorageInit('raft', ERR_SERVER_PATH_MUST_BE_SET));
    storageLabel = `raft (${storagePath}; served by minivault's file backend)`;
  } else if (VAULT_BACKENDS.has(storage.type)) {
    throw new ConfigError(errServerStorageInit(storage.type, errServerUnsupportedStorage(storage.type)));
  } else {
    throw new ConfigError(errServerUnknownStorage(storage.type));
  }
  const level = config.logLevel.trim().toLowerCase();
  if (!LOG_LEVELS.has(level)) throw new ConfigError(errServerLogLevel(config.logLevel));
  if (!['', 'standard', 'json'].includes(config.logFormat.trim().toLowerCase())) throw new ConfigError(errServerLogFormat(config.logFormat));
  const defaultTtl = config.defaultLeaseTtl || SYSTEM_TTL;
  const maxTtl = config.maxLeaseTtl || SYSTEM_TTL;
  if (defaultTtl > maxTtl) throw new ConfigError(errServerCoreInit(ERR_SERVER_DEFAULT_OVER_MAX));
  const warnings = [...config.warnings];
  for (const stanza of config.ignored) warnings.push(errServerUnsupportedStanza(stanza));
  // command/server.go: default_max_request_duration replaces vault.DefaultMaxRequestDuration, which
  // every listener without its own max_request_duration uses (and its banner line shows)
  const listeners = config.listeners.map((l) => prepareListener(
    l.maxRequestDurationMs === 0 && config.defaultMaxRequestDurationMs > 0 ? { ...l, maxRequestDurationMs: config.defaultMaxRequestDurationMs } : l, onTlsError));
  return { storagePath, storageLabel, storageType: storage.type, listeners, warnings, systemTtls: { defaultTtl, maxTtl } };
}

/** The storage the plan names (file storage loaded only when used). */
export async function openStorage(plan: ServerPlan): Promise<Storage | undefined> {
  if (plan.storagePath === undefined) return undefined;
  const { FileStorage } = await import('../storage/file.js');
  return new FileStorage(plan.storagePath);
}
