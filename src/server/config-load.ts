// Loading and merging server configuration as Vault does (command/server/config.go LoadConfig,
// LoadConfigDir, isTemporaryFile, Merge; internalshared/configutil/merge.go): a path is a file or
// a directory whose `.hcl`/`.json` files (editor temporaries skipped) are merged in listing order;
// several -config paths merge left to right. Merge: storage replaced when the later one has it,
// listeners concatenated, lease TTLs take the larger, booleans OR-ed, strings the later non-empty.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HclSyntaxError } from '../auth/hcl.js';
import { errServerLoadConfig, errServerLoadDirEntry } from '../errors/server.js';
import { ConfigError, emptyConfig, parseServerConfig, type ListenerConfig, type ServerConfig } from './config.js';

/** Go's *PathError text for a failed stat/open/read: `stat <path>: no such file or directory`. */
export function goFsError(op: string, path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const cause = code === 'ENOENT' ? 'no such file or directory'
    : code === 'EACCES' ? 'permission denied'
      : code === 'EISDIR' ? 'is a directory'
        : code === 'ENOTDIR' ? 'not a directory'
          : (e as Error).message;
  return `${op} ${path}: ${cause}`;
}

const isTemporaryFile = (name: string): boolean =>
  name.endsWith('~') || name.startsWith('.#') || (name.startsWith('#') && name.endsWith('#'));

function loadFile(path: string): ServerConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(goFsError('open', path, e));
  }
  try {
    return parseServerConfig(text, path);
  } catch (e) {
    if (e instanceof HclSyntaxError || e instanceof ConfigError) throw new ConfigError(e.message);
    throw e;
  }
}

function loadDir(dir: string): ServerConfig {
  let result = emptyConfig();
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true }).filter((d) => !d.isDirectory()).map((d) => d.name);
  } catch (e) {
    throw new ConfigError(goFsError('open', dir, e));
  }
  for (const name of names) {
    if (!(name.endsWith('.hcl') || name.endsWith('.json')) || isTemporaryFile(name)) continue;
    const file = join(dir, name);
    try {
      result = mergeConfig(result, loadFile(file));
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigError(errServerLoadDirEntry(file, e.message));
      throw e;
    }
  }
  return result;
}

/** LoadConfig: one -config value. Errors carry Vault's `error loading configuration from …` text. */
export function loadConfigPath(path: string): ServerConfig {
  try {
    let dir: boolean;
    try {
      dir = statSync(path).isDirectory();
    } catch (e) {
      throw new ConfigError(goFsError('stat', path, e));
    }
    return dir ? loadDir(path) : loadFile(path);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(errServerLoadConfig(path, e.message));
    throw e;
  }
}

export function mergeConfig(a: ServerConfig, b: ServerConfig): ServerConfig {
  return {
    storage: b.storage ?? a.storage,
    listeners: [...a.listeners, ...b.listeners],
    defaultLeaseTtl: Math.max(a.defaultLeaseTtl, b.defaultLeaseTtl),
    maxLeaseTtl: Math.max(a.maxLeaseTtl, b.maxLeaseTtl),
    defaultMaxRequestDurationMs: Math.max(a.defaultMaxRequestDurationMs, b.defaultMaxRequestDurationMs),
    disableCache: a.disableCache || b.disableCache,
    disableMlock: a.disableMlock || b.disableMlock,
    ui: a.ui || b.ui,
    apiAddr: b.apiAddr || a.apiAddr,
    clusterAddr: b.clusterAddr || a.clusterAddr,
    logLevel: b.logLevel || a.logLevel,
    logFormat: b.logFormat || a.logFormat,
    unsupported: [...a.unsupported, ...b.unsupported],
    ignored: [...a.ignored, ...b.ignored],
    warnings: [...a.warnings, ...b.warnings],
  };
}

export function plainListener(address: string): ListenerConfig {
  return {
    type: 'tcp', address, tlsDisable: true, tlsCertFile: '', tlsKeyFile: '', tlsClientCaFile: '',
    tlsRequireAndVerifyClientCert: false, tlsDisableClientCerts: false, tlsMinVersion: '', tlsMaxVersion: '',
    maxRequestSize: 0, maxRequestDurationMs: 0,
  };
}

/**
 * config.go DevConfig / DevTLSConfig: disable_mlock, one listener (plain, or TLS on the given
 * files), inmem storage, ui; the -dev-listen-address overwrites the listener's address.
 */
export function devConfig(address: string, tls?: { certFile: string; keyFile: string }): ServerConfig {
  const listener = plainListener(address);
  if (tls) Object.assign(listener, { tlsDisable: false, tlsCertFile: tls.certFile, tlsKeyFile: tls.keyFile });
  return { ...emptyConfig(), storage: { type: 'inmem', config: {} }, listeners: [listener], disableMlock: true, ui: true };
}
