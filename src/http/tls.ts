// A TLS listener's front door, as Go's net/http serves Vault's TLS listeners (Go net/http
// server.go (*conn).serve and tlsRecordHeaderLooksLikeHTTP; crypto/tls handshake;
// internalshared/listenerutil/listener.go TLSConfig for what is asked of the client):
// the first bytes of a connection decide. A TLS handshake record goes to node:tls; a plain HTTP
// request (`GET /`, `HEAD `, `POST `, `PUT /`, `OPTIO`) gets Go's raw "Client sent an HTTP request
// to an HTTPS server." 400 and the connection is closed; anything else is closed without a word.
// A failed handshake ends only that connection.
import type { Socket } from 'node:net';
import type * as NodeTls from 'node:tls';
import type { SecureContextOptions, Server as TlsServer, TLSSocket } from 'node:tls';
import { builtin } from '../util/platform.js';
import { HTTP_TO_HTTPS_REPLY } from '../errors/server.js';

export interface TlsOptions extends SecureContextOptions {
  /** Ask for a client certificate (Go's RequestClientCert; Vault's default). */
  requestCert: boolean;
  /** Refuse a connection without a client certificate the `ca` verifies (RequireAndVerifyClientCert). */
  rejectUnauthorized: boolean;
}

const TLS_HANDSHAKE_RECORD = 0x16;
const HTTP_PREFIXES = ['GET /', 'HEAD ', 'POST ', 'PUT /', 'OPTIO'];

export interface TlsFront {
  /** Takes a freshly accepted TCP socket; `secure` gets it back once the handshake is done. */
  accept(socket: Socket): void;
  /** Server shutdown: drops connections still in their first bytes or handshake. */
  destroyPending(): void;
  /** New certificate material for the handshakes to come (Vault reloads it on SIGHUP). */
  setSecureContext(options: TlsOptions): void;
  readonly server: TlsServer;
}

export function createTlsFront(
  options: TlsOptions,
  handshakeTimeoutMs: number,
  secure: (socket: TLSSocket) => void,
  onHandshakeError?: (error: Error, remoteAddress: string | undefined) => void,
): TlsFront {
  // sockets accepted and not yet secure: a shutdown must not wait for their handshake deadline
  const pending = new Set<Socket>();
  // node:tls is looked up here, not imported: a server without a TLS listener never loads it.
  const server = builtin<typeof NodeTls>('node:tls')!.createServer({
    ...options,
    // minivault speaks HTTP/1.1 only; offering h2 as Go does would have clients pick a protocol it cannot serve
    ALPNProtocols: ['http/1.1'],
    handshakeTimeout: handshakeTimeoutMs,
  }, (tlsSocket) => {
    // node's TLSSocket keeps the socket it wraps as _parent (no public accessor)
    const raw = (tlsSocket as unknown as { _parent?: Socket })._parent;
    if (raw) pending.delete(raw);
    secure(tlsSocket);
  });
  server.on('tlsClientError', (error, socket) => {
    onHandshakeError?.(error, remote(socket));
    socket.destroy();
  });
  // a socket-level failure during the handshake must not become an unhandled 'error'
  server.on('error', () => undefined);
  return {
    server,
    setSecureContext(next: TlsOptions): void {
      const { requestCert: _request, rejectUnauthorized: _reject, ...context } = next;
      server.setSecureContext(context);
    },
    destroyPending(): void {
      for (const socket of pending) socket.destroy();
      pending.clear();
    },
    accept(socket: Socket): void {
      pending.add(socket);
      let head: Buffer = Buffer.alloc(0);
      const timer = setTimeout(() => socket.destroy(), handshakeTimeoutMs);
      timer.unref();
      // a client that ends its side before its first bytes decide gets what Go's handshake gives
      // it: EOF, connection closed
      const onEnd = () => socket.destroy();
      const done = () => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('end', onEnd);
      };
      const onData = (chunk: Buffer) => {
        head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
        if (head[0] === TLS_HANDSHAKE_RECORD) {
          done();
          socket.pause();
          // the plain server keeps half-open sockets for HTTP; TLS must see the client's EOF as the end
          // (else a handshake cut short waits for its deadline instead of failing at once, as in Go)
          socket.allowHalfOpen = false;
          socket.unshift(head);
          server.emit('connection', socket);
          return;
        }
        if (head.length < 5) return;
        done();
        const http = HTTP_PREFIXES.includes(head.subarray(0, 5).toString('latin1'));
        onHandshakeError?.(new Error(http ? 'client sent an HTTP request to an HTTPS server' : 'tls: first record does not look like a TLS handshake'), remote(socket));
        if (http) socket.end(HTTP_TO_HTTPS_REPLY);
        else socket.destroy();
      };
      socket.on('data', onData);
      socket.once('end', onEnd);
      socket.on('error', () => undefined);
      socket.once('close', () => {
        clearTimeout(timer);
        pending.delete(socket);
      });
    },
  };
}

const remote = (s: Socket): string | undefined =>
  s.remoteAddress === undefined ? undefined : `${s.remoteAddress.includes(':') ? `[${s.remoteAddress}]` : s.remoteAddress}:${s.remotePort}`;

/** The peer's certificate chain as DER, leaf first (what VerifiedChains[0] / PeerCertificates hold). */
export function peerChain(socket: TLSSocket): Uint8Array[] {
  // A TLS connection without a client certificate gives [] (Go: empty PeerCertificates, non-nil
  // ConnState), which the cert method answers differently from plain HTTP (no chain at all).
  const leaf = socket.getPeerCertificate(true);
  if (!leaf || !leaf.raw) return [];
  const chain: Uint8Array[] = [];
  const seen = new Set<unknown>();
  let cert: typeof leaf | undefined = leaf;
  while (cert && cert.raw && !seen.has(cert)) {
    seen.add(cert);
    chain.push(new Uint8Array(cert.raw));
    const issuer: typeof leaf | undefined = cert.issuerCertificate;
    if (!issuer || issuer === cert || issuer.raw?.equals(cert.raw)) break;
    cert = issuer;
  }
  return chain;
}
