// The server the CLI tests talk to: minivault itself (src/testing startVault), behind a recording
// pass-through proxy so a test can still assert on exactly what the CLI put on the wire (method,
// path, query, headers, body bytes) while every answer comes from the real server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startVault, type StartedVault, type StartVaultOptions } from '../../src/testing/index.js';
import { runCli, type RunOptions, type RunResult } from './run-cli.js';

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/v1/sys/seal-status`. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or undefined for none. */
  body: any;
  raw: string;
}

/** Parses what a server received into a RecordedRequest. */
export function recordRequest(req: http.IncomingMessage, raw: string): RecordedRequest {
  const url = new URL(req.url ?? '/', 'http://recorded');
  let body: unknown;
  try { body = raw === '' ? undefined : JSON.parse(raw); } catch { body = undefined; }
  return {
    method: req.method ?? 'GET', path: decodeURIComponent(url.pathname),
    query: Object.fromEntries(url.searchParams.entries()), headers: req.headers, body, raw,
  };
}

/** "METHOD /v1/path?query" of each request. */
export function callsOf(requests: RecordedRequest[]): string[] {
  return requests.map((r) => {
    const q = new URLSearchParams(r.query).toString();
    return `${r.method} ${r.path}${q ? `?${q}` : ''}`;
  });
}

export interface CliVault {
  /** The address the CLI is given: the recording proxy in front of the vault. */
  url: string;
  /** The vault itself (its direct API, clock, faults, root token). */
  server: StartedVault;
  rootToken: string;
  /** Every request the CLI sent, in order. */
  requests: RecordedRequest[];
  calls(): string[];
  /** Forgets the requests recorded so far. */
  clearRequests(): void;
  /** Runs the CLI against the proxy with the root token (unless opts.env says otherwise). */
  cli(argv: string[], opts?: RunOptions): Promise<RunResult>;
  /** `data` of a read (an update when `data` is given) as root through the vault's direct API (no HTTP, not recorded). */
  read(path: string, data?: Record<string, unknown>): Promise<Record<string, any> | undefined>;
  close(): Promise<void>;
}

export async function startCliVault(opts: StartVaultOptions = {}): Promise<CliVault> {
  const server = await startVault(opts);
  const target = new URL(server.url);
  const requests: RecordedRequest[] = [];
  const proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      requests.push(recordRequest(req, bytes.toString('utf8')));
      const upstream = http.request({
        host: target.hostname, port: target.port, method: req.method, path: req.url,
        headers: { ...req.headers, host: target.host },
      }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      upstream.end(bytes);
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    url, server, rootToken: server.rootToken, requests,
    calls: () => callsOf(requests),
    clearRequests: () => { requests.length = 0; },
    cli: (argv, runOpts = {}) => runCli(url, argv, { ...runOpts, env: { VAULT_TOKEN: server.rootToken, ...runOpts.env } }),
    read: async (path, data) => ((await server.vault.request(data ? 'update' : 'read', path, data)).body as { data?: Record<string, any> } | undefined)?.data,
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await server.close();
    },
  };
}

/**
 * A CliVault with KV v2 at kgc/ and KV v1 at old/, marked as the state `server.vault.reset()`
 * returns to, and reset before each test of the file that calls this in beforeAll.
 */
export async function startKvCliVault(seed: number): Promise<CliVault> {
  const v = await startCliVault({ seed });
  await v.server.vault.request('create', 'sys/mounts/kgc', { type: 'kv', options: { version: '2' } });
  await v.server.vault.request('create', 'sys/mounts/old', { type: 'kv', options: { version: '1' } });
  v.server.vault.markFresh();
  return v;
}
