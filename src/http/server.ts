// The socket server: Vault's HTTP listener on a plain `net` server, with wire-parser.ts in place
// of node:http (whose parser refuses the LIST method; see wire-parser.ts). Each connection serves
// its requests strictly in order, one at a time, as Go's server does: pipelined requests queue up
// and are answered in arrival order. Keep-alive is the HTTP/1.1 default; `Connection: close`, an
// HTTP/1.0 request without keep-alive, a protocol error or an over-limit body end the connection
// after the reply (half-close first, then a short linger so the client reads the reply, like Go's
// closeWriteAndWait). Responses carry what Go's server adds: Date, Content-Length, Connection.
// Deadlines as Go's server applies Vault's listener settings (command/server.go startHttpServers):
// a request's head must arrive within the read-header timeout (from accept, or from its first
// byte on a kept-alive connection), the whole request within the read timeout, and a connection
// waiting for its next request is closed after the idle timeout; an expired deadline closes the
// connection without a reply, as Go does. With `tls`, connections go through tls.ts first.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { CoreHandler, CoreRequest, CoreResponse } from '../core/types.js';
import { callCore, type Reply } from './reply.js';
import { serialize } from './serialize.js';
import { translate } from './translate.js';
import { HTTP_BAD_REQUEST_REPLY } from '../errors/server.js';
import { createTlsFront, peerChain, type TlsFront, type TlsOptions } from './tls.js';
import { RequestParser, type WireRequest } from './wire-parser.js';

export interface HttpServerOptions {
  /** Largest request body (Vault's listener max_request_size): 32 MiB. */
  maxRequestBytes?: number;
  /** Largest request head: 1 MiB + 4 KiB, Go's http.DefaultMaxHeaderBytes and its slack. */
  maxHeaderBytes?: number;
  /** A connection waiting this long for its next request is closed (Vault's http_idle_timeout): 5 minutes. */
  idleTimeoutMs?: number;
  /** A request head not complete this long after it began closes the connection (http_read_header_timeout): 10 s. */
  readHeaderTimeoutMs?: number;
  /** A request (head and body) not complete this long after it began closes the connection (http_read_timeout): 30 s. */
  readTimeoutMs?: number;
  /** Serve TLS (the listener's certificate, key and client-certificate policy). */
  tls?: TlsOptions;
  /** Sees each failed TLS handshake (Go logs `http: TLS handshake error from <addr>: <err>`). */
  onTlsError?: (error: Error, remoteAddress: string | undefined) => void;
  /** Sees what a handler threw or rejected with (the client gets a 500 `internal error`). */
  onHandlerError?: (error: unknown) => void;
  /** Initial per-request hook; see HttpServer.setRequestHook. */
  requestHook?: RequestHook;
  /**
   * A request still in core this long after it was handed over is cancelled at core's next check
   * (Vault's listener max_request_duration, else the server's default_max_request_duration): 90 s.
   */
  maxRequestDurationMs?: number;
  /** The clock request deadlines run on (the vault's, so a test clock moves them): real time. */
  clock?: { now(): number };
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
  /** `http://127.0.0.1:8200` or `https://…` (IPv6 addresses in brackets). */
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
  /** Replaces the certificate material of a TLS server for new handshakes (no-op without TLS). */
  reloadTls(options: TlsOptions): void;
  /** Open connections. */
  readonly connectionCount: number;
}

const DEFAULT_MAX_REQUEST_BYTES = 32 * 1024 * 1024; // vault http/handler.go DefaultMaxRequestSize
const DEFAULT_MAX_HEADER_BYTES = (1 << 20) + 4096;
const DEFAULT_IDLE_TIMEOUT_MS = 5 * 60 * 1000;
const DEFAULT_READ_HEADER_TIMEOUT_MS = 10_000; // vault command/server.go startHttpServers
const DEFAULT_READ_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_REQUEST_DURATION_MS = 90_000; // vault vault/core.go DefaultMaxRequestDuration
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
  readonly readHeaderTimeoutMs: number;
  readonly readTimeoutMs: number;
  readonly maxRequestDurationMs: number;
  private readonly clock: { now(): number };
  private readonly server: Server;
  private readonly tls: TlsFront | undefined;
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
    this.readHeaderTimeoutMs = options.readHeaderTimeoutMs ?? DEFAULT_READ_HEADER_TIMEOUT_MS;
    this.readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    this.maxRequestDurationMs = options.maxRequestDurationMs || DEFAULT_MAX_REQUEST_DURATION_MS;
    this.clock = options.clock ?? Date;
    this.hook = options.requestHook;
    // Go's TLS handshake deadline: the smallest of the read timeouts that are set
    const handshakeMs = Math.min(...[this.readHeaderTimeoutMs, this.readTimeoutMs].filter((ms) => ms > 0), 120_000);
    this.tls = options.tls ? createTlsFront(options.tls, handshakeMs, (socket) => this.serve(socket, peerChain(socket)), options.onTlsError) : undefined;
    this.server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
      if (this.closing) return void socket.destroy();
      if (this.tls) this.tls.accept(socket);
      else this.serve(socket, undefined);
    });
  }

  private serve(socket: Socket | TLSSocket, peerCertificates: Uint8Array[] | undefined): void {
    if (this.closing) return void socket.destroy();
    const connection = new Connection(socket, this, peerCertificates);
    this.connections.add(connection);
    socket.once('close', () => {
      this.connections.delete(connection);
      if (this.connections.size === 0) this.onDrained?.();
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
        const scheme = this.tls ? 'https' : 'http';
        resolve({ address, port: bound, url: `${scheme}://${address.includes(':') ? `[${address}]` : address}:${bound}` });
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
    this.tls?.destroyPending();
    for (const connection of this.connections) connection.shutdown();
    return Promise.all([stopped, drained]).then(() => undefined);
  }

  dropConnections(): void {
    for (const connection of this.connections) connection.socket.destroy();
  }

  setRequestHook(hook: RequestHook | undefined): void {
    this.hook = hook;
  }

  reloadTls(options: TlsOptions): void {
    this.tls?.setSecureContext(options);
  }

  /** Asks core (through the hook, if any) and turns the outcome into a Reply. */
  run(request: CoreRequest, connection: Connection): Promise<Reply> {
    // wrapGenericHandler: context.WithTimeout(ctx, maxRequestDuration) around the whole request
    const clock = this.clock;
    const deadline = clock.now() + this.maxRequestDurationMs;
    request.deadlineExceeded = () => clock.now() >= deadline;
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
  /** Deadline timers (see the file comment); `inHead` while the head of a request is awaited. */
  private headTimer: NodeJS.Timeout | undefined;
  private readTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private inHead = false;
  private tail = '';
  /** Bytes of the current request head seen so far, and whether it opened as a TLS record. */
  private headBytes = 0;
  private tlsHello = false;

  constructor(readonly socket: Socket, private readonly server: WireServer, private readonly peerCertificates?: Uint8Array[]) {
    this.parser = new RequestParser(server.limits, {
      onRequest: (request) => {
        clearTimeout(this.readTimer);
        this.queue.push(request);
      },
      onFault: (reply) => this.queue.push(reply),
      onContinue: () => {
        if (!this.busy && this.queue.length === 0) socket.write(CONTINUE);
        else this.continuePending = true;
      },
    });
    this.startRequestClock();
    socket.on('data', (chunk: Buffer) => {
      clearTimeout(this.idleTimer);
      if (!this.inHead && this.parser.idle) this.startRequestClock();
      if (this.inHead) {
        // A TLS ClientHello on a plain port: Go reads it as a request line and refuses it at its
        // first newline byte (net/http server.go (*conn).serve), or never, when it has none.
        if (this.headBytes === 0 && chunk[0] === 0x16) this.tlsHello = true;
        this.headBytes += chunk.length;
        if (this.tlsHello) {
          if (chunk.includes(0x0a)) this.refuseGarbage();
          return;
        }
        this.scanHead(chunk);
      }
      this.parser.push(chunk);
      if (this.queue.length >= MAX_QUEUED) socket.pause();
      this.pump();
    });
    socket.on('end', () => {
      this.peerEnded = true;
      this.pump();
    });
    socket.on('error', () => { /* ECONNRESET and friends: 'close' follows */ });
    socket.once('close', () => this.stopClocks());
  }

  private refuseGarbage(): void {
    if (this.finished || this.socket.destroyed) return;
    this.socket.write(HTTP_BAD_REQUEST_REPLY);
    this.finish();
  }

  private startRequestClock(): void {
    const destroy = () => this.socket.destroy();
    this.inHead = true;
    this.tail = '';
    this.headBytes = 0;
    if (this.server.readHeaderTimeoutMs > 0) this.headTimer = setTimeout(destroy, this.server.readHeaderTimeoutMs).unref();
    if (this.server.readTimeoutMs > 0) this.readTimer = setTimeout(destroy, this.server.readTimeoutMs).unref();
  }

  /** The head ends at the first empty line; its deadline stops there. */
  private scanHead(chunk: Buffer): void {
    const text = this.tail + chunk.toString('latin1', 0, Math.min(chunk.length, this.server.limits.maxHeaderBytes));
    const end = text.search(/\r?\n\r?\n/);
    if (end !== -1 && text.slice(0, end).trim() !== '') {
      this.inHead = false;
      clearTimeout(this.headTimer);
    } else {
      this.tail = text.slice(-3);
    }
  }

  private stopClocks(): void {
    clearTimeout(this.headTimer);
    clearTimeout(this.readTimer);
    clearTimeout(this.idleTimer);
  }

  /** Waiting for the next request on a kept-alive connection. */
  private startIdleClock(): void {
    clearTimeout(this.idleTimer);
    if (this.server.idleTimeoutMs > 0) this.idleTimer = setTimeout(() => this.socket.destroy(), this.server.idleTimeoutMs).unref();
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
        remoteAddress: this.socket.remoteAddress, remotePort: this.socket.remotePort, peerCertificates: this.peerCertificates,
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
    else {
      if (this.socket.isPaused()) this.socket.resume();
      if (!this.inHead && this.parser.idle) this.startIdleClock();
    }
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
    this.stopClocks();
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
