// The socket server: Vault's HTTP listener on a plain `net` server, with wire-parser.ts in place
// of node:http (whose parser refuses the LIST method; see wire-parser.ts). Each connection serves
// its requests strictly in order, one at a time, as Go's server does: pipelined requests queue up
// and are answered in arrival order. Keep-alive is the HTTP/1.1 default; `Connection: close`, an
// HTTP/1.0 request without keep-alive, a protocol error or an over-limit body end the connection
// after the reply (half-close first, then a short linger so the client reads the reply, like Go's
// closeWriteAndWait). Responses carry what Go's server adds: Date, Content-Length, Connection.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { CoreHandler, CoreRequest, CoreResponse } from '../core/types.js';
import { bodyForbidden, callCore, statusText, type HeaderField, type Reply } from './reply.js';
import { translate } from './translate.js';
import { RequestParser, type WireRequest } from './wire-parser.js';

export interface HttpServerOptions {
  /** Largest request body (Vault's listener max_request_size): 32 MiB. */
  maxRequestBytes?: number;
  /** Largest request head: 1 MiB + 4 KiB, Go's http.DefaultMaxHeaderBytes and its slack. */
  maxHeaderBytes?: number;
  /** A connection with no traffic for this long is closed (Vault's IdleTimeout): 5 minutes. */
  idleTimeoutMs?: number;
  /** Sees what a handler threw or rejected with (the client gets a 500 `internal error`). */
  onHandlerError?: (error: unknown) => void;
  /** Initial per-request hook; see HttpServer.setRequestHook. */
  requestHook?: RequestHook;
}

export interface RequestContext {
  readonly remoteAddress?: string;
  readonly remotePort?: number;
  /** Destroys this request's connection without answering (fault injection). */
  destroyConnection(): void;
}

/** Runs before core for each request; a returned response is sent instead of asking core. */
export type RequestHook = (request: CoreRequest, context: RequestContext) =>
  CoreResponse | undefined | Promise<CoreResponse | undefined>;

export interface ListenInfo {
  address: string;
  port: number;
  /** `http://127.0.0.1:8200` (IPv6 addresses in brackets). */
  url: string;
}

export interface HttpServer {
  /** Starts listening; port 0 picks a free port. Host defaults to 127.0.0.1. */
  listen(port?: number, host?: string): Promise<ListenInfo>;
  /** Stops accepting, lets in-flight requests finish (answered with `Connection: close`), closes idle connections. */
  close(): Promise<void>;
  /** Destroys every open connection at once, answering nothing (fault injection). */
  dropConnections(): void;
  /** Replaces (or with undefined removes) the per-request hook. */
  setRequestHook(hook: RequestHook | undefined): void;
  /** Open connections. */
  readonly connectionCount: number;
}

const DEFAULT_MAX_REQUEST_BYTES = 32 * 1024 * 1024; // vault http/handler.go DefaultMaxRequestSize
const DEFAULT_MAX_HEADER_BYTES = (1 << 20) + 4096;
const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60 * 1000;
const LINGER_MS = 500; // Go's rstAvoidanceDelay
const MAX_QUEUED = 64; // pipelined requests buffered before reading pauses
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
const DROPPED: CoreResponse = { status: 500 }; // stands in for core on a destroyed connection; never sent

export function createHttpServer(handler: CoreHandler, options: HttpServerOptions = {}): HttpServer {
  return new WireServer(handler, options);
}

class WireServer implements HttpServer {
  readonly limits: { maxHeaderBytes: number; maxBodyBytes: number };
  readonly idleTimeoutMs: number;
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private hook: RequestHook | undefined;
  private onDrained: (() => void) | undefined;
  closing = false;

  constructor(private readonly handler: CoreHandler, private readonly options: HttpServerOptions) {
    this.limits = {
      maxHeaderBytes: options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
      maxBodyBytes: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    };
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.hook = options.requestHook;
    this.server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
      if (this.closing) return void socket.destroy();
      const connection = new Connection(socket, this);
      this.connections.add(connection);
      socket.once('close', () => {
        this.connections.delete(connection);
        if (this.connections.size === 0) this.onDrained?.();
      });
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  listen(port = 0, host = '127.0.0.1'): Promise<ListenInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        // accept() failures (EMFILE and the like) must not take the process down
        this.server.on('error', () => undefined);
        const { address, port: bound } = this.server.address() as AddressInfo;
        resolve({ address, port: bound, url: `http://${address.includes(':') ? `[${address}]` : address}:${bound}` });
      });
    });
  }

  close(): Promise<void> {
    this.closing = true;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const drained = new Promise<void>((resolve) => {
      this.onDrained = resolve;
      if (this.connections.size === 0) resolve();
    });
    for (const connection of this.connections) connection.shutdown();
    return Promise.all([stopped, drained]).then(() => undefined);
  }

  dropConnections(): void {
    for (const connection of this.connections) connection.socket.destroy();
  }

  setRequestHook(hook: RequestHook | undefined): void {
    this.hook = hook;
  }

  /** Asks core (through the hook, if any) and turns the outcome into a Reply. */
  run(request: CoreRequest, connection: Connection): Promise<Reply> {
    const hook = this.hook;
    if (!hook) return callCore(this.handler, request, this.options.onHandlerError);
    const socket = connection.socket;
    const context: RequestContext = {
      remoteAddress: socket.remoteAddress,
      remotePort: socket.remotePort,
      destroyConnection: () => socket.destroy(),
    };
    // a connection the hook destroyed gets no answer, so core is not asked either
    const hooked: CoreHandler = (req) => Promise.resolve(hook(req, context)).then((answer) =>
      answer ?? (socket.destroyed ? DROPPED : this.handler(req)));
    return callCore(hooked, request, this.options.onHandlerError);
  }
}

class Connection {
  private readonly parser: RequestParser;
  /** Parsed requests, and the fault reply that ends the queue if parsing failed. */
  private readonly queue: Array<WireRequest | Reply> = [];
  private busy = false;
  private continuePending = false;
  private waitingForDrain = false;
  private finished = false;
  private shutdownRequested = false;
  private peerEnded = false;

  constructor(readonly socket: Socket, private readonly server: WireServer) {
    this.parser = new RequestParser(server.limits, {
      onRequest: (request) => this.queue.push(request),
      onFault: (reply) => this.queue.push(reply),
      onContinue: () => {
        if (!this.busy && this.queue.length === 0) socket.write(CONTINUE);
        else this.continuePending = true;
      },
    });
    socket.setTimeout(server.idleTimeoutMs, () => {
      if (!this.busy) socket.destroy();
    });
    socket.on('data', (chunk: Buffer) => {
      this.parser.push(chunk);
      if (this.queue.length >= MAX_QUEUED) socket.pause();
      this.pump();
    });
    socket.on('end', () => {
      this.peerEnded = true;
      this.pump();
    });
    socket.on('error', () => { /* ECONNRESET and friends: 'close' follows */ });
  }

  /** Server shutdown: finish the request in flight (answered with Connection: close), then close. */
  shutdown(): void {
    this.shutdownRequested = true;
    this.pump();
  }

  /** Answers queued requests in order, one at a time. */
  private pump(): void {
    while (!this.busy && !this.finished && !this.waitingForDrain && this.queue.length > 0) {
      const item = this.queue.shift()!;
      if (!('target' in item)) {
        this.send(item, 1, false, true);
        return;
      }
      const translation = translate({
        method: item.method, target: item.target, headers: item.headers, body: item.body, bodyTooLarge: item.bodyTooLarge,
        remoteAddress: this.socket.remoteAddress, remotePort: this.socket.remotePort,
      });
      if (translation.kind === 'reply') {
        this.send(translation.reply, item.minorVersion, false, !item.keepAlive);
        continue;
      }
      this.busy = true;
      this.server.run(translation.request, this).then((reply) => {
        this.busy = false;
        this.send(reply, item.minorVersion, translation.head, !item.keepAlive);
        this.pump();
      });
      return;
    }
    if (this.busy || this.finished || this.queue.length > 0) return;
    if (this.continuePending && !this.waitingForDrain) {
      this.continuePending = false;
      this.socket.write(CONTINUE);
    }
    if (this.peerEnded || this.shutdownRequested) this.finish();
    else if (this.socket.isPaused()) this.socket.resume();
  }

  private send(reply: Reply, minorVersion: number, head: boolean, requestCloses: boolean): void {
    if (this.socket.destroyed || this.finished) return;
    const close = requestCloses || reply.close === true || this.shutdownRequested || this.server.closing;
    const written = this.socket.write(serialize(reply, minorVersion, head, close));
    if (close) return this.finish();
    if (!written) {
      this.waitingForDrain = true;
      this.socket.once('drain', () => {
        this.waitingForDrain = false;
        this.pump();
      });
    }
  }

  /** Half-closes after the last reply and destroys the socket once the client had time to read it. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.queue.length = 0;
    this.parser.stop();
    if (this.socket.destroyed) return;
    if (this.socket.isPaused()) this.socket.resume();
    this.socket.end();
    const linger = setTimeout(() => this.socket.destroy(), LINGER_MS);
    linger.unref();
    this.socket.once('close', () => clearTimeout(linger));
  }
}

const STATUS_LINES = new Map<number, string>();

function statusLine(reply: Reply, minorVersion: number): string {
  if (minorVersion === 0 || reply.statusText !== undefined) {
    return `HTTP/1.${minorVersion === 0 ? 0 : 1} ${reply.status} ${reply.statusText ?? statusText(reply.status)}\r\n`;
  }
  let line = STATUS_LINES.get(reply.status);
  if (line === undefined) {
    line = `HTTP/1.1 ${reply.status} ${statusText(reply.status)}\r\n`;
    STATUS_LINES.set(reply.status, line);
  }
  return line;
}

const HEADER_BLOCKS = new WeakMap<readonly HeaderField[], string>();

function headerBlock(headers: readonly HeaderField[]): string {
  let block = HEADER_BLOCKS.get(headers);
  if (block === undefined) {
    block = '';
    for (const [name, value] of headers) block += `${name}: ${value}\r\n`;
    HEADER_BLOCKS.set(headers, block);
  }
  return block;
}

let dateSecond = -1;
let dateField = '';

/** `Date: <IMF-fixdate>\r\n`, rebuilt once a second. */
function dateLine(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateField = `Date: ${new Date(now).toUTCString()}\r\n`;
  }
  return dateField;
}

/**
 * The bytes Go's server writes for a reply: sorted handler fields, then Date, Content-Length and
 * Connection. Protocol errors are written as Go writes them: status line, text/plain, close.
 */
function serialize(reply: Reply, minorVersion: number, head: boolean, close: boolean): string {
  if (reply.protocolError) {
    return `HTTP/1.1 ${reply.status} ${reply.statusText}\r\n${headerBlock(reply.headers)}Connection: close\r\n\r\n${reply.body}`;
  }
  let text = statusLine(reply, minorVersion) + headerBlock(reply.headers) + dateLine();
  const withBody = !head && !bodyForbidden(reply.status);
  if (withBody) text += `Content-Length: ${Buffer.byteLength(reply.body)}\r\n`;
  if (close) {
    if (minorVersion > 0) text += 'Connection: close\r\n';
  } else if (minorVersion === 0) text += 'Connection: keep-alive\r\n';
  text += '\r\n';
  return withBody ? text + reply.body : text;
}
