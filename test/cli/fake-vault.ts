// Canned replies, for the failures a real server cannot be made to produce (a non-JSON error body,
// a proxy's 502, a KV v1 answer shape only old servers give, ...): a node:http server that records
// every request and answers from a table keyed by "METHOD /v1/path" (query string excluded), or
// from a function. Unknown routes answer 404 {"errors":[]} like Vault does. Everything else in the
// CLI tests runs against minivault itself (real-vault.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callsOf, recordRequest, type RecordedRequest } from './real-vault.js';

export type { RecordedRequest };

interface FakeReply {
  status: number;
  body?: unknown;
  /** A raw (non-JSON) body. */
  raw?: string;
}

type Handler = FakeReply | ((req: RecordedRequest) => FakeReply);

export interface FakeVault {
  url: string;
  requests: RecordedRequest[];
  /** Replaces or adds the reply for "METHOD /v1/path". */
  on(route: string, reply: Handler): void;
  /** "METHOD /v1/path?query" of every request so far. */
  calls(): string[];
  close(): Promise<void>;
}

export async function startFakeVault(routes: Record<string, Handler> = {}): Promise<FakeVault> {
  const table = new Map<string, Handler>(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = recordRequest(req, Buffer.concat(chunks).toString('utf8'));
      requests.push(rec);
      const handler = table.get(`${rec.method} ${rec.path}`);
      const reply = typeof handler === 'function' ? handler(rec) : handler ?? { status: 404, body: { errors: [] } };
      res.statusCode = reply.status;
      res.setHeader('Content-Type', 'application/json');
      if (reply.raw !== undefined) res.end(reply.raw);
      else if (reply.body === undefined) res.end();
      else res.end(`${JSON.stringify(reply.body)}\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (route, reply) => { table.set(route, reply); },
    calls: () => callsOf(requests),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A standard response envelope around data. */
export function envelope(data: unknown, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    request_id: '7542baf5-e205-2352-c50c-a91a32b33bea', lease_id: '', renewable: false, lease_duration: 0,
    data, wrap_info: null, warnings: null, auth: null, mount_type: 'kv', ...over,
  };
}
