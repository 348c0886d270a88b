// VaultClient's options and their defaults. Durations are Go-style strings as Vault writes them
// ('5m', '12h', '30d', '250ms') or a number of milliseconds (the unit of Clock and setTimeout).
import { errClientBadOption } from '../errors/client.js';
import { systemClock, type Clock } from '../util/clock.js';
import { systemRandom, type RandomSource } from '../util/random.js';
import type { BackoffPolicy } from './scheduler.js';
import { RENEW_BACKOFF } from './scheduler.js';
import { httpsFetch, loadClientTls } from './tls.js';
import type { FetchLike } from './transport.js';
import { checkAuth, type VaultClientAuth } from './login.js';
import { goParseBoolOk } from '../go/strconv.js';

export type Duration = string | number;

export interface VaultClientOptions {
  /** Vault's address, e.g. `http://127.0.0.1:8200` (no `/v1`). */
  address: string;
  /** The client token; may be left out when `auth` logs in instead. */
  token?: string;
  /** Log in with an auth method (and again when the token cannot be renewed any more) instead of a fixed token. */
  auth?: VaultClientAuth;
  /**
   * Paths are relative to this mount (`api-credentials` reads `<mount>/…`; a path may still start
   * with it). Without it, each path names its mount (`secret/app`, `kgc/db`), resolved from the
   * server as `vault kv get` does. Either way the KV version comes from the server.
   */
  mount?: string;
  /** How long a read is served from memory. Default '5m'. */
  cacheTtl?: Duration;
  /** Renew the token when this fraction of its TTL has passed. Default 0.5 (12 h of 24 h). */
  renewAt?: number;
  /** Values to use while Vault is unavailable: `{ 'kgc/api-credentials': { api_key: 'API_KEY' } }`. */
  fallbackEnv?: Record<string, Record<string, string>>;
  /** Where fallback variables are read. Default process.env. */
  env?: Record<string, string | undefined>;
  /**
   * Serve a cached value older than cacheTtl while Vault is unavailable: `true` at any age, or a
   * duration capping the value's age. Never past the token's expiry. Default false.
   */
  staleIfError?: boolean | Duration;
  /** Per-request timeout (real time). Default '10s'. */
  timeout?: Duration;
  /** How often (on the clock) a degraded client probes `sys/health`. Default '5s'. */
  probeInterval?: Duration;
  /** Real-time interval at which due scheduled work is checked (unref'd). Default 250 ms. */
  pollInterval?: number;
  /** Retry policy for failed renewals and scheduled rotations. Default: Vault's Go client policy. */
  retryBackoff?: Partial<BackoffPolicy>;
  clock?: Clock;
  random?: RandomSource;
  fetch?: FetchLike;
  /**
   * TLS for an https address, as Vault's Go client configures it. Each field not given is read from
   * `env`: VAULT_CACERT, VAULT_CAPATH, VAULT_CLIENT_CERT, VAULT_CLIENT_KEY, VAULT_SKIP_VERIFY.
   * Ignored when `fetch` is given.
   */
  tls?: ClientTlsOptions;
}

export interface ClientTlsOptions {
  /** PEM text of the CA(s) to trust (instead of a file). */
  ca?: string | Buffer;
  /** Path of a PEM CA file (VAULT_CACERT); wins over caPath. */
  caCert?: string;
  /** Directory of PEM CA files (VAULT_CAPATH). */
  caPath?: string;
  /** Paths of the client certificate and key (VAULT_CLIENT_CERT, VAULT_CLIENT_KEY); both or neither. */
  clientCert?: string;
  clientKey?: string;
  /** Do not verify the server's certificate (VAULT_SKIP_VERIFY). */
  skipVerify?: boolean;
}

/** The fetch an https address needs when TLS material is configured; undefined for none. */
function tlsFetch(o: VaultClientOptions, env: Record<string, string | undefined>): FetchLike | undefined {
  if (!o.address.startsWith('https://')) return undefined;
  const t = o.tls ?? {};
  let skipVerify = t.skipVerify;
  if (skipVerify === undefined && env.VAULT_SKIP_VERIFY) {
    skipVerify = goParseBoolOk(env.VAULT_SKIP_VERIFY);
    // api/client.go ReadEnvironment
    if (skipVerify === undefined) throw new TypeError(errClientBadOption('tls', 'could not parse VAULT_SKIP_VERIFY'));
  }
  const files = {
    caCert: t.caCert ?? env.VAULT_CACERT, caPath: t.caPath ?? env.VAULT_CAPATH,
    clientCert: t.clientCert ?? env.VAULT_CLIENT_CERT, clientKey: t.clientKey ?? env.VAULT_CLIENT_KEY,
  };
  if (t.ca === undefined && !files.caCert && !files.caPath && !files.clientCert && !files.clientKey && !skipVerify) return undefined;
  let material;
  try {
    material = loadClientTls(t.ca === undefined ? files : { ...files, caCert: undefined, caPath: undefined });
  } catch (e) {
    throw new TypeError(errClientBadOption('tls', (e as Error).message));
  }
  if (t.ca !== undefined) material.caCert = Buffer.from(t.ca);
  return httpsFetch({ ...material, skipVerify });
}

export interface ResolvedOptions {
  address: string;
  token: string;
  auth: VaultClientAuth | null;
  /** The `mount` option without slashes; null: mounts come from the paths. */
  mount: string | null;
  cacheTtlMs: number;
  renewAt: number;
  fallbackEnv: Record<string, Record<string, string>>;
  env: Record<string, string | undefined>;
  staleMaxAgeMs: number; // -1: never serve stale; Infinity: any age
  timeoutMs: number;
  probeIntervalMs: number;
  pollIntervalMs: number;
  backoff: BackoffPolicy;
  clock: Clock;
  random: RandomSource;
  fetch: FetchLike;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds for a Go-style duration ('1h30m', '250ms', '30d') or a number of milliseconds. */
export function durationMs(input: Duration, name = 'duration'): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw new TypeError(errClientBadOption(name, 'must be a non-negative number of milliseconds'));
    return input;
  }
  const s = input.trim();
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    total += parseFloat(m[1]!) * UNIT_MS[m[2]!]!;
    consumed = re.lastIndex;
  }
  if (consumed === 0 || consumed !== s.length) throw new TypeError(errClientBadOption(name, `time: invalid duration ${JSON.stringify(input)}`));
  return total;
}

export function resolveOptions(o: VaultClientOptions): ResolvedOptions {
  if (typeof o.address !== 'string' || !/^https?:\/\//.test(o.address)) throw new TypeError(errClientBadOption('address', 'must be an http(s) URL'));
  if (o.auth === undefined ? typeof o.token !== 'string' : o.token !== undefined && typeof o.token !== 'string') {
    throw new TypeError(errClientBadOption('token', o.auth === undefined ? 'must be a string (or pass auth)' : 'must be a string'));
  }
  const renewAt = o.renewAt ?? 0.5;
  if (!(renewAt > 0 && renewAt < 1)) throw new TypeError(errClientBadOption('renewAt', 'must be a fraction between 0 and 1'));
  const mount = o.mount === undefined ? null : String(o.mount).replace(/^\/+|\/+$/g, '');
  if (mount === '') throw new TypeError(errClientBadOption('mount', 'must not be empty'));
  const stale = o.staleIfError ?? false;
  const env = o.env ?? process.env;
  const fetchImpl = o.fetch ?? tlsFetch(o, env) ?? (globalThis.fetch as unknown as FetchLike);
  return {
    address: o.address,
    token: o.token ?? '',
    auth: o.auth === undefined ? null : checkAuth(o.auth),
    mount,
    cacheTtlMs: durationMs(o.cacheTtl ?? '5m', 'cacheTtl'),
    renewAt,
    fallbackEnv: o.fallbackEnv ?? {},
    env,
    staleMaxAgeMs: stale === false ? -1 : stale === true ? Infinity : durationMs(stale, 'staleIfError'),
    timeoutMs: Math.max(1, durationMs(o.timeout ?? '10s', 'timeout')),
    probeIntervalMs: Math.max(1, durationMs(o.probeInterval ?? '5s', 'probeInterval')),
    pollIntervalMs: Math.max(1, o.pollInterval ?? 250),
    backoff: { ...RENEW_BACKOFF, ...o.retryBackoff },
    clock: o.clock ?? systemClock,
    random: o.random ?? systemRandom,
    fetch: fetchImpl,
  };
}
