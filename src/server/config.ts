// Vault's server configuration, one document: what command/server/config.go ParseConfig and
// internalshared/configutil (config.go ParseConfig, listener.go parseListener) read from an HCL or
// JSON file. Parsing reuses the policy parser (src/auth/hcl.ts: HCL v1 and HCL's JSON flavour);
// values are decoded as Vault's parseutil does (bools from bools, numbers and strings; durations
// as seconds or Go durations, plus `d`). Keys Vault knows but minivault has no use for are
// accepted; keys Vault does not know are reported as Vault's lint warnings with file:line:col.
import { parseHcl, type HclItem, type HclValue } from '../auth/hcl.js';
import {
  ERR_SERVER_LISTENER_TYPE_REQUIRED, ERR_SERVER_NEGATIVE_DURATION, ERR_SERVER_NO_ROOT_OBJECT, errGoParseInt,
  errServerInvalidValue, errServerListenerType, errServerListenersPrefix, errServerOnlyOneBlock, errServerParsingBlock,
  errServerParsingValue, warnServerIgnoredField, warnServerNoUi, warnServerUnknownField,
} from '../errors/server.js';
import { parseDurationSecondNs } from '../go/parseutil.js';
import { GoLibError, goParseBool, goParseIntBig } from '../go/strconv.js';

export interface StorageConfig {
  type: string;
  /** Every value as a string (non-strings JSON-encoded), as ParseStorage keeps them. */
  config: Record<string, string>;
}

export interface ListenerConfig {
  type: 'tcp' | 'unix';
  address: string;
  tlsDisable: boolean;
  tlsCertFile: string;
  tlsKeyFile: string;
  tlsClientCaFile: string;
  tlsRequireAndVerifyClientCert: boolean;
  tlsDisableClientCerts: boolean;
  tlsMinVersion: string;
  tlsMaxVersion: string;
  /** Milliseconds; undefined = Vault's default (10 s, 30 s, 5 min). */
  httpReadHeaderTimeoutMs?: number;
  httpReadTimeoutMs?: number;
  httpIdleTimeoutMs?: number;
  /** Bytes; 0 = default 32 MiB, negative = no limit. */
  maxRequestSize: number;
  /** Milliseconds; 0 = the server default (90 s). */
  maxRequestDurationMs: number;
}

export interface ServerConfig {
  storage?: StorageConfig;
  listeners: ListenerConfig[];
  /** Seconds; 0 = unset (768h). */
  defaultLeaseTtl: number;
  maxLeaseTtl: number;
  /** default_max_request_duration in milliseconds: the listeners' max_request_duration when they set none; 0 = 90 s. */
  defaultMaxRequestDurationMs: number;
  disableCache: boolean;
  disableMlock: boolean;
  ui: boolean;
  apiAddr: string;
  clusterAddr: string;
  logLevel: string;
  logFormat: string;
  /** Stanzas minivault refuses (a seal changes how the vault unseals). */
  unsupported: string[];
  /** Stanzas accepted and ignored, named for a warning. */
  ignored: string[];
  /** Vault's lint warnings for unknown keys. */
  warnings: string[];
}

export function emptyConfig(): ServerConfig {
  return {
    listeners: [], defaultLeaseTtl: 0, maxLeaseTtl: 0, defaultMaxRequestDurationMs: 0, disableCache: false, disableMlock: false, ui: false,
    apiAddr: '', clusterAddr: '', logLevel: '', logFormat: '', unsupported: [], ignored: [], warnings: [],
  };
}

/** A configuration problem; the message is Vault's text (the caller adds the file prefix). */
export class ConfigError extends Error {}

// command/server/config.go Config and configutil.SharedConfig fields: accepted silently where they
// only tune what minivault does not have (clustering, plugins on disk, telemetry, mlock) ...
const ACCEPTED_TOP = new Set([
  'cache_size', 'cluster_cipher_suites', 'plugin_file_uid', 'plugin_file_permissions', 'disable_clustering',
  'disable_performance_standby', 'disable_sealwrap', 'disable_indexing', 'disable_sentinel_trace', 'log_requests_level',
  'log_rotate_duration', 'log_rotate_bytes', 'log_rotate_max_files', 'cluster_name', 'imprecise_lease_role_tracking',
  'enable_post_unseal_trace', 'post_unseal_trace_directory', 'detect_deadlocks', 'disable_mlock', 'telemetry',
  'kms_library', 'adaptive_overload_protection',
]);
// ... and with a warning where Vault would behave differently
const IGNORED_TOP = new Set([
  'disable_printable_check', 'plugin_directory', 'introspection_endpoint', 'raw_storage_endpoint', 'enable_raw_endpoint',
  'enable_response_header_hostname', 'enable_response_header_raft_node_id', 'license_path',
  'log_file', 'pid_file', 'experiments', 'administrative_namespace_path', 'user_lockout', 'entropy',
]);
const IGNORED_STANZAS = new Set(['ha_storage', 'ha_backend', 'service_registration', 'replication', 'reporting', 'sentinel']);
const REFUSED_STANZAS = new Set(['seal', 'hsm']);

// Listener fields minivault reads, or that change nothing it serves; the other Listener fields
// are accepted with a warning.
const LISTENER_QUIET = new Set(['type', 'purpose', 'role', 'address', 'cluster_address', 'tls_prefer_server_cipher_suites', 'tls_cipher_suites']);
// internalshared/configutil/listener.go Listener fields.
const LISTENER_KEYS = new Set([
  'type', 'purpose', 'role', 'address', 'cluster_address', 'max_request_size', 'max_request_duration', 'require_request_header',
  'tls_disable', 'tls_cert_file', 'tls_key_file', 'tls_min_version', 'tls_max_version', 'tls_cipher_suites',
  'tls_prefer_server_cipher_suites', 'tls_require_and_verify_client_cert', 'tls_client_ca_file', 'tls_disable_client_certs',
  'http_read_timeout', 'http_read_header_timeout', 'http_write_timeout', 'http_idle_timeout',
  'proxy_protocol_behavior', 'proxy_protocol_authorized_addrs', 'x_forwarded_for_authorized_addrs',
  'x_forwarded_for_hop_skips', 'x_forwarded_for_reject_not_authorized', 'x_forwarded_for_reject_not_present',
  'x_forwarded_for_client_cert_header', 'x_forwarded_for_client_cert_header_decoders', 'telemetry', 'profiling',
  'inflight_requests_logging', 'cors_enabled', 'cors_allowed_origins', 'cors_allowed_headers', 'custom_response_headers',
  'chroot_namespace', 'redact_addresses', 'redact_cluster_name', 'redact_version', 'disable_replication_status_endpoints',
  'disable_request_limiter', 'agent_api', 'proxy_api', 'socket_mode', 'socket_user', 'socket_group',
  'unauthenticated_metrics_access', 'max_json_depth', 'max_json_string_value_length', 'max_json_object_entry_count',
  'max_json_array_element_count', 'max_json_token', 'max_token_header_size', 'tls_alpn_protos',
]);

/** parseutil.ParseBool: a bool, a number (non-zero is true) or strconv.ParseBool's words. */
export function configBool(v: HclValue): boolean {
  switch (v.kind) {
    case 'bool': return v.value;
    case 'number': return v.value !== 0;
    case 'string': {
      try {
        return goParseBool(v.value);
      } catch (e) {
        if (e instanceof GoLibError) throw new ConfigError(`cannot parse '' as bool: ${e.message}`);
        throw e;
      }
    }
    default: throw new ConfigError(`'' expected type 'bool', got unconvertible type '${goType(v)}'`);
  }
}

/** parseutil.ParseDurationSecond, in milliseconds: a number of seconds, `<n>d`, digits, or a Go duration. */
export function configDurationMs(v: HclValue): number {
  if (v.kind === 'number') return Math.trunc(v.value) * 1000;
  if (v.kind !== 'string') throw new ConfigError(`could not parse duration from input`);
  const s = v.value.trim();
  if (s === '') return 0;
  try {
    return Number(parseDurationSecondNs(s) / 1_000_000n);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
}

/** parseutil.ParseInt: a number or a decimal string. */
export function configInt(v: HclValue): number {
  if (v.kind === 'number') return Math.trunc(v.value);
  if (v.kind !== 'string') throw new ConfigError(errGoParseInt(''));
  try {
    return Number(goParseIntBig(v.value.trim(), 10));
  } catch (e) {
    if (e instanceof GoLibError) throw new ConfigError(e.message);
    throw e;
  }
}

export function configString(v: HclValue): string {
  if (v.kind === 'string') return v.value;
  if (v.kind === 'number') return v.text;
  if (v.kind === 'bool') return String(v.value);
  throw new ConfigError(`'' expected type 'string', got unconvertible type '${goType(v)}'`);
}

function goType(v: HclValue): string {
  return v.kind === 'list' ? '[]interface {}' : v.kind === 'object' ? '[]map[string]interface {}' : v.kind === 'null' ? '<nil>' : v.kind;
}

/** A value as ParseStorage keeps it: strings as they are, anything else JSON-encoded. */
function storageValue(v: HclValue): string {
  const plain = (x: HclValue): unknown => {
    switch (x.kind) {
      case 'string': case 'bool': return x.value;
      case 'number': return x.value;
      case 'null': return null;
      case 'list': return x.items.map(plain);
      case 'object': return Object.fromEntries(x.items.map((i) => [i.keys.map((k) => k.name).join('.'), plain(i.value)]));
    }
  };
  return v.kind === 'string' ? v.value : JSON.stringify(plain(v));
}

const where = (file: string, item: HclItem): string => `${file}:${item.keys[0]!.pos.line}:${item.keys[0]!.pos.column}`;

/** Parses one configuration document (file name for warnings); throws HclSyntaxError or ConfigError. */
export function parseServerConfig(text: string, file: string): ServerConfig {
  if (/^\s*\[/.test(text)) throw new ConfigError(ERR_SERVER_NO_ROOT_OBJECT);
  const doc = parseHcl(text, { maxBytes: 16 << 20 });
  const config = emptyConfig();
  const storages: HclItem[] = [];
  const backends: HclItem[] = [];
  const listeners: HclItem[] = [];
  for (const item of doc.items) {
    const key = item.keys[0]!.name;
    const v = item.value;
    switch (key) {
      case 'storage': storages.push(item); break;
      case 'backend': backends.push(item); break;
      case 'listener': listeners.push(item); break;
      case 'default_lease_ttl': config.defaultLeaseTtl = Math.trunc(configDurationMs(v) / 1000); break;
      case 'max_lease_ttl': config.maxLeaseTtl = Math.trunc(configDurationMs(v) / 1000); break;
      case 'default_max_request_duration': config.defaultMaxRequestDurationMs = configDurationMs(v); break;
      case 'disable_cache': config.disableCache = configBool(v); break;
      case 'disable_mlock': config.disableMlock = configBool(v); break;
      case 'ui':
        config.ui = configBool(v);
        if (config.ui) config.warnings.push(warnServerNoUi(where(file, item)));
        break;
      case 'api_addr': config.apiAddr = configString(v); break;
      case 'cluster_addr': config.clusterAddr = configString(v); break;
      case 'log_level': config.logLevel = configString(v); break;
      case 'log_format': config.logFormat = configString(v); break;
      default:
        if (REFUSED_STANZAS.has(key)) {
          // `seal "shamir"` names what minivault does; any other seal (auto-unseal) it cannot do
          const type = item.keys[1]?.name.toLowerCase() ?? '';
          if (!(key === 'seal' && type === 'shamir')) config.unsupported.push(type ? `${key} "${type}"` : key);
        }
        else if (IGNORED_STANZAS.has(key)) config.ignored.push(key);
        else if (IGNORED_TOP.has(key)) config.warnings.push(warnServerIgnoredField(key, where(file, item)));
        else if (!ACCEPTED_TOP.has(key)) config.warnings.push(warnServerUnknownField(key, where(file, item)));
    }
  }
  // storage wins over the old name backend, as ParseConfig looks for it first
  const [blocks, name] = storages.length > 0 ? [storages, 'storage'] : [backends, 'backend'];
  if (blocks.length > 1) throw new ConfigError(errServerParsingBlock(name, errServerOnlyOneBlock(name)));
  if (blocks.length === 1) config.storage = parseStorage(blocks[0]!, name);
  listeners.forEach((item, i) => {
    try {
      config.listeners.push(parseListener(item, file, config.warnings));
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigError(errServerListenersPrefix(i, e.message));
      throw e;
    }
  });
  return config;
}

function parseStorage(item: HclItem, name: string): StorageConfig {
  const type = (item.keys[1]?.name ?? name).toLowerCase();
  const config: Record<string, string> = {};
  if (item.value.kind === 'object') for (const i of item.value.items) config[i.keys.map((k) => k.name).join('.')] = storageValue(i.value);
  for (const pulled of ['redirect_addr', 'advertise_addr', 'cluster_addr', 'disable_clustering']) delete config[pulled];
  return { type, config };
}

function parseListener(item: HclItem, file: string, warnings: string[]): ListenerConfig {
  const l: ListenerConfig = {
    type: 'tcp', address: '127.0.0.1:8200', tlsDisable: false, tlsCertFile: '', tlsKeyFile: '', tlsClientCaFile: '',
    tlsRequireAndVerifyClientCert: false, tlsDisableClientCerts: false, tlsMinVersion: '', tlsMaxVersion: '',
    maxRequestSize: 0, maxRequestDurationMs: 0,
  };
  const fields = item.value.kind === 'object' ? item.value.items : [];
  let type = (item.keys[1]?.name ?? '').toLowerCase();
  for (const f of fields) {
    const key = f.keys[0]!.name;
    const v = f.value;
    const as = <T>(wrap: (k: string, c: string) => string, fn: (x: HclValue) => T): T => {
      try {
        return fn(v);
      } catch (e) {
        throw new ConfigError(wrap(key, (e as Error).message));
      }
    };
    switch (key) {
      case 'type': type = configString(v).toLowerCase(); break;
      case 'address': l.address = configString(v); break;
      case 'tls_disable': l.tlsDisable = as(errServerInvalidValue, configBool); break;
      case 'tls_cert_file': l.tlsCertFile = configString(v); break;
      case 'tls_key_file': l.tlsKeyFile = configString(v); break;
      case 'tls_client_ca_file': l.tlsClientCaFile = configString(v); break;
      case 'tls_require_and_verify_client_cert': l.tlsRequireAndVerifyClientCert = as(errServerInvalidValue, configBool); break;
      case 'tls_disable_client_certs': l.tlsDisableClientCerts = as(errServerInvalidValue, configBool); break;
      case 'tls_min_version': l.tlsMinVersion = configString(v); break;
      case 'tls_max_version': l.tlsMaxVersion = configString(v); break;
      case 'http_read_header_timeout': l.httpReadHeaderTimeoutMs = as(errServerParsingValue, configDurationMs); break;
      case 'http_read_timeout': l.httpReadTimeoutMs = as(errServerParsingValue, configDurationMs); break;
      case 'http_idle_timeout': l.httpIdleTimeoutMs = as(errServerParsingValue, configDurationMs); break;
      case 'http_write_timeout':
        as(errServerParsingValue, configDurationMs);
        warnings.push(warnServerIgnoredField(`listener.${key}`, where(file, f)));
        break;
      case 'max_request_size': l.maxRequestSize = as(errServerParsingValue, configInt); break;
      case 'max_request_duration': {
        const ms = as(errServerParsingValue, configDurationMs);
        if (ms < 0) throw new ConfigError(ERR_SERVER_NEGATIVE_DURATION);
        l.maxRequestDurationMs = ms;
        break;
      }
      default:
        if (!LISTENER_KEYS.has(key)) warnings.push(warnServerUnknownField(key, where(file, f)));
        else if (!LISTENER_QUIET.has(key)) warnings.push(warnServerIgnoredField(`listener.${key}`, where(file, f)));
    }
  }
  if (type === '') throw new ConfigError(ERR_SERVER_LISTENER_TYPE_REQUIRED);
  if (type !== 'tcp' && type !== 'unix') throw new ConfigError(errServerListenerType(type));
  l.type = type;
  return l;
}
