// A `listener "tcp"` stanza made real: Vault's command/server/listener_tcp.go tcpListenerFactory
// and internalshared/listenerutil/listener.go TLSConfig (certificate and key files, TLS versions,
// client-certificate policy), then the socket server of src/http. Everything that can fail is
// checked before the first socket binds; a bind failure closes the listeners already bound, so
// the command exits 1 with nothing left listening.
import { readFileSync } from 'node:fs';
import type * as NodeTls from 'node:tls';
import { builtin } from '../util/platform.js';
import type { CoreHandler } from '../core/types.js';
import {
  ERR_SERVER_PARSE_CLIENT_CA, ERR_SERVER_TLS_CLIENT_EXCLUSIVE, ERR_SERVER_TLS_MAX_BELOW_MIN, ERR_TLS_ENCRYPTED_KEY,
  ERR_TLS_KEY_MISMATCH, ERR_TLS_NO_CERT_PEM, ERR_TLS_NO_KEY_PEM, errServerListenTcp, errServerListenerInit,
  errServerLoadTlsCert, errServerReadClientCa, errServerTlsMaxVersion, errServerTlsMinVersion, errServerUnsupportedListener,
} from '../errors/server.js';
import { createHttpServer, type HttpServer, type HttpServerOptions, type ListenInfo } from '../http/server.js';
import type { TlsOptions } from '../http/tls.js';
import { formatGoDuration } from '../go/time.js';
import { ConfigError, type ListenerConfig } from './config.js';
import { goFsError } from './config-load.js';

const TLS_VERSIONS: Record<string, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'> = {
  tls10: 'TLSv1', tls11: 'TLSv1.1', tls12: 'TLSv1.2', tls13: 'TLSv1.3',
};
const DEFAULT_MAX_REQUEST_SIZE = 33_554_432; // vault http/handler.go DefaultMaxRequestSize
const DEFAULT_MAX_REQUEST_DURATION_MS = 90_000; // vault vault/core.go DefaultMaxRequestDuration

export interface PreparedListener {
  config: ListenerConfig;
  host: string;
  port: number;
  options: HttpServerOptions;
  tls: boolean;
}

export interface RunningListener {
  prepared: PreparedListener;
  server: HttpServer;
  info: ListenInfo;
}

const fail = (cause: string): ConfigError => new ConfigError(errServerListenerInit('tcp', cause));

function splitHostPort(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  if (i === -1) throw fail(`listen tcp: address ${address}: missing port in address`);
  const portText = address.slice(i + 1);
  const port = portText === '' ? 0 : Number(portText);
  if (!/^\d*$/.test(portText) || port > 65535) throw fail(`listen tcp: address ${portText}: invalid port`);
  const host = address.slice(0, i).replace(/^\[|\]$/g, '');
  return { host: host === '' ? '0.0.0.0' : host, port };
}

function readTlsFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw fail(errServerLoadTlsCert(goFsError('open', path, e)));
  }
}

/** listenerutil TLSConfig: the certificate pair, versions and client-certificate policy. */
function tlsOptions(l: ListenerConfig): TlsOptions {
  const cert = readTlsFile(l.tlsCertFile);
  const key = readTlsFile(l.tlsKeyFile);
  if (!/-----BEGIN [A-Z0-9 ]*CERTIFICATE-----/.test(cert)) throw fail(errServerLoadTlsCert(ERR_TLS_NO_CERT_PEM));
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(key)) throw fail(errServerLoadTlsCert(ERR_TLS_NO_KEY_PEM));
  if (/ENCRYPTED/.test(key)) throw fail(errServerLoadTlsCert(ERR_TLS_ENCRYPTED_KEY));
  try {
    builtin<typeof NodeTls>('node:tls')!.createSecureContext({ cert, key });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw fail(errServerLoadTlsCert(code.includes('KEY_VALUES_MISMATCH') ? ERR_TLS_KEY_MISMATCH
      : code.includes('PEM') || code.includes('ASN1') ? 'tls: failed to parse certificate or key' : (e as Error).message));
  }
  const minName = l.tlsMinVersion || 'tls12';
  const maxName = l.tlsMaxVersion || 'tls13';
  const minVersion = TLS_VERSIONS[minName];
  if (!minVersion) throw fail(errServerTlsMinVersion(l.tlsMinVersion));
  const maxVersion = TLS_VERSIONS[maxName];
  if (!maxVersion) throw fail(errServerTlsMaxVersion(l.tlsMaxVersion));
  if (maxName < minName) throw fail(ERR_SERVER_TLS_MAX_BELOW_MIN);
  const options: TlsOptions = { cert, key, minVersion, maxVersion, requestCert: true, rejectUnauthorized: false };
  if (l.tlsRequireAndVerifyClientCert) {
    if (l.tlsDisableClientCerts) throw fail(ERR_SERVER_TLS_CLIENT_EXCLUSIVE);
    options.rejectUnauthorized = true;
    if (l.tlsClientCaFile) {
      let ca: string;
      try {
        ca = readFileSync(l.tlsClientCaFile, 'utf8');
      } catch (e) {
        throw fail(errServerReadClientCa(goFsError('open', l.tlsClientCaFile, e)));
      }
      if (!/-----BEGIN CERTIFICATE-----/.test(ca)) throw fail(ERR_SERVER_PARSE_CLIENT_CA);
      options.ca = ca;
    }
  } else if (l.tlsDisableClientCerts) {
    options.requestCert = false;
  }
  return options;
}

/** Validates a listener and reads its files; throws ConfigError with Vault's text. */
export function prepareListener(l: ListenerConfig, onTlsError?: HttpServerOptions['onTlsError']): PreparedListener {
  if (l.type !== 'tcp') throw new ConfigError(errServerListenerInit(l.type, errServerUnsupportedListener(l.type)));
  const { host, port } = splitHostPort(l.address);
  const tls = !l.tlsDisable;
  const options: HttpServerOptions = {
    maxRequestBytes: l.maxRequestSize === 0 ? DEFAULT_MAX_REQUEST_SIZE : l.maxRequestSize < 0 ? Number.MAX_SAFE_INTEGER : l.maxRequestSize,
    maxRequestDurationMs: l.maxRequestDurationMs || DEFAULT_MAX_REQUEST_DURATION_MS,
    ...(l.httpIdleTimeoutMs !== undefined ? { idleTimeoutMs: l.httpIdleTimeoutMs } : {}),
    ...(l.httpReadHeaderTimeoutMs !== undefined ? { readHeaderTimeoutMs: l.httpReadHeaderTimeoutMs } : {}),
    ...(l.httpReadTimeoutMs !== undefined ? { readTimeoutMs: l.httpReadTimeoutMs } : {}),
  };
  if (tls) {
    options.tls = tlsOptions(l);
    if (onTlsError) options.onTlsError = onTlsError;
  }
  return { config: l, host, port, options, tls };
}

/**
 * SIGHUP: every TLS listener reads its certificate and key files again (go-secure-stdlib reloadutil
 * CertificateGetter.Reload); all files are checked before any listener takes the new ones.
 */
export function reloadListenerTls(running: RunningListener[]): void {
  const next = running.map((r) => (r.prepared.tls ? tlsOptions(r.prepared.config) : undefined));
  running.forEach((r, i) => {
    const options = next[i];
    if (options) r.server.reloadTls(options);
  });
}

/** Go's net.Listen error text for a bind failure. */
function bindError(host: string, port: number, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const addr = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (code === 'EADDRINUSE') return errServerListenTcp(addr, 'address already in use');
  if (code === 'EADDRNOTAVAIL') return errServerListenTcp(addr, 'cannot assign requested address');
  if (code === 'EACCES') return errServerListenTcp(addr, 'permission denied');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `listen tcp: lookup ${host}: no such host`;
  return `listen tcp ${addr}: ${(e as Error).message}`;
}

/** Binds every listener in order; on a failure the ones bound are closed and a ConfigError thrown. */
export async function startListeners(prepared: PreparedListener[], handler: CoreHandler): Promise<RunningListener[]> {
  const running: RunningListener[] = [];
  for (const p of prepared) {
    const server = createHttpServer(handler, p.options);
    try {
      running.push({ prepared: p, server, info: await server.listen(p.port, p.host) });
    } catch (e) {
      await Promise.all(running.map((r) => r.server.close()));
      throw fail(bindError(p.host, p.port, e));
    }
  }
  return running;
}

/** The banner line Vault prints for a listener (command/server.go Run, listener_tcp.go). */
export function listenerBanner(r: RunningListener, index: number): string {
  const { info, prepared } = r;
  const host = info.address.includes(':') ? `[${info.address}]` : info.address;
  const size = prepared.config.maxRequestSize === 0 ? DEFAULT_MAX_REQUEST_SIZE : prepared.config.maxRequestSize;
  const duration = formatGoDuration((prepared.config.maxRequestDurationMs || DEFAULT_MAX_REQUEST_DURATION_MS) / 1000);
  return `Listener ${index + 1}: tcp (addr: "${host}:${info.port}", cluster address: "${host}:${info.port + 1}", `
    + `max_request_duration: "${duration}", max_request_size: "${size}", tls: "${prepared.tls ? 'enabled' : 'disabled'}")`;
}
