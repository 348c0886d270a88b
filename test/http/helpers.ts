// Test helpers for the HTTP layer: a fake core that echoes what it was asked, a server started on
// a free loopback port, and a raw TCP client with its own small response reader (independent of
// node:http and of the code under test).
import net from 'node:net';
import type { CoreHandler, CoreRequest } from '../../src/core/types.js';
import { createHttpServer, type HttpServer, type HttpServerOptions, type ListenInfo } from '../../src/http/index.js';

/** A fake core answering 200 with the request it received, as `{ data: { request } }`. */
export const echoCore: CoreHandler = async (request) => ({ status: 200, body: { data: { request } } });

export interface Started {
  server: HttpServer;
  info: ListenInfo;
  seen: CoreRequest[];
}

/** Starts a server around `handler`, recording every core request. */
export async function start(handler: CoreHandler = echoCore, options: HttpServerOptions = {}): Promise<Started> {
  const seen: CoreRequest[] = [];
  const server = createHttpServer((request) => {
    seen.push(request);
    return handler(request);
  }, options);
  const info = await server.listen(0);
  return { server, info, seen };
}

export interface RawResponse {
  status: number;
  statusLine: string;
  /** Lower-cased names, in order. */
  headers: Array<[string, string]>;
  body: string;
}

export function header(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([n]) => n === name)?.[1];
}

export function json(response: RawResponse): any {
  return JSON.parse(response.body);
}

/** A TCP client that writes raw bytes and reads responses back in order. */
export class RawClient {
  private readonly socket: net.Socket;
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  readonly ready: Promise<void>;
  closed = false;
  readonly closedPromise: Promise<void>;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.ready = new Promise((resolve) => this.socket.once('connect', () => resolve()));
    this.socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    this.socket.on('error', () => undefined);
    this.closedPromise = new Promise((resolve) => this.socket.once('close', () => {
      this.closed = true;
      this.wake();
      resolve();
    }));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  async write(data: string | Buffer): Promise<void> {
    await this.ready;
    await new Promise<void>((resolve) => this.socket.write(data, () => resolve()));
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /**
   * The next response. `noBody` for replies to HEAD; a response without Content-Length (Go's
   * protocol errors) runs to the end of the connection.
   */
  async next(noBody = false, timeoutMs = 5000): Promise<RawResponse> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = this.tryParse(noBody);
      if (parsed) return parsed;
      if (this.closed) throw new Error(`connection closed; unparsed: ${JSON.stringify(this.buffer.toString('latin1'))}`);
      if (Date.now() > deadline) throw new Error(`timed out; buffered: ${JSON.stringify(this.buffer.toString('latin1'))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** Bytes received and not yet read as a response. */
  get leftover(): string {
    return this.buffer.toString('latin1');
  }

  private tryParse(noBody: boolean): RawResponse | null {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return null;
    const lines = this.buffer.toString('latin1', 0, end).split('\r\n');
    const statusLine = lines[0];
    const status = Number(statusLine.split(' ')[1]);
    const headers = lines.slice(1).map((l): [string, string] => {
      const colon = l.indexOf(':');
      return [l.slice(0, colon).toLowerCase(), l.slice(colon + 1).trim()];
    });
    const lengthField = headers.find(([n]) => n === 'content-length');
    const bodyStart = end + 4;
    let bodyEnd: number;
    if (noBody || status === 204 || status === 304 || (status >= 100 && status < 200)) bodyEnd = bodyStart;
    else if (lengthField) bodyEnd = bodyStart + Number(lengthField[1]);
    else if (this.closed) bodyEnd = this.buffer.length;
    else return null;
    if (this.buffer.length < bodyEnd) return null;
    const body = this.buffer.toString('utf8', bodyStart, bodyEnd);
    this.buffer = this.buffer.subarray(bodyEnd);
    return { status, statusLine, headers, body };
  }
}

/** Opens a connection, writes `data`, and reads `count` responses. */
export async function exchange(port: number, data: string | Buffer, count = 1): Promise<{ responses: RawResponse[]; client: RawClient }> {
  const client = new RawClient(port);
  await client.write(data);
  const responses: RawResponse[] = [];
  for (let i = 0; i < count; i++) responses.push(await client.next());
  return { responses, client };
}

/** `GET`-style request text with a Host field. */
export function requestText(method: string, target: string, fields: string[] = [], body = ''): string {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: vault.test', ...fields];
  if (body !== '') lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return lines.join('\r\n') + '\r\n\r\n' + body;
}
