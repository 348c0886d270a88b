// A strict, incremental HTTP/1.1 request parser (RFC 9112) for the socket server.
//
// Why not node:http: its parser (llhttp) knows a fixed table of methods and refuses `LIST` with a
// bare 400 before any handler runs, and node-vault, hvac and the vault CLI send `LIST` for every
// list. Rewriting the method on the socket before llhttp sees it would need the request boundaries
// of a pipelined byte stream, i.e. this framing logic anyway, run twice. This parser accepts any
// token method and is otherwise at least as strict as llhttp:
// - lines end in CRLF; a bare LF (or a stray CR) anywhere in the head or the chunked framing is
//   400 (Go ≥ 1.24.2 refuses bare LF in chunked framing too; its textproto would take it in heads);
// - header names are tokens with no whitespace before the colon; obs-fold is refused; values may
//   not hold control characters (obs-text is accepted and read as UTF-8);
// - Content-Length is digits only and duplicates must agree; Transfer-Encoding must be exactly
//   `chunked` (else 400; Go answers 501, which minivault never sends); both together, or Transfer-Encoding in HTTP/1.0, is 400
//   (the request-smuggling shapes);
// - HTTP/1.1 needs exactly one valid Host; versions other than 1.x are 505; the head is limited
//   to `maxHeaderBytes` (431), chunk-size lines to 4096 bytes, chunk sizes to 16 hex digits;
// - `Expect` other than 100-continue is 417; 100-continue is signalled (onContinue) only when
//   the body will be read;
// - a body beyond `maxBodyBytes` is not buffered: the request is delivered with `bodyTooLarge`
//   and parsing stops (the server answers, then closes, as Go does after MaxBytesReader trips).
// Pipelining: requests are delivered in order as soon as each is complete, for any split of the
// byte stream. After a fault or a request that ends the connection, later bytes are ignored.
// Pushed buffers are referenced, not copied, on the fast path: callers must not reuse them.
import {
  HTTP_WIRE_BAD_REQUEST, HTTP_WIRE_HEADERS_TOO_LARGE, HTTP_WIRE_MALFORMED_HOST, HTTP_WIRE_MISSING_HOST,
  HTTP_WIRE_UNSUPPORTED_TE, HTTP_WIRE_VERSION_NOT_SUPPORTED,
} from '../errors/http.js';
import { bareReply, protocolErrorReply, type Reply } from './reply.js';
import { newFraming, parseField, TOKEN, type Framing } from './wire-fields.js';

export interface WireRequest {
  method: string;
  /** Raw request-target, one char per byte. */
  target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1 (and later 1.x). */
  minorVersion: number;
  /** Lower-cased names; repeats joined with ', ', except the few Vault reads once (first kept). */
  headers: Record<string, string>;
  keepAlive: boolean;
  body: Buffer | null;
  bodyTooLarge: boolean;
}

export interface ParserEvents {
  onRequest(request: WireRequest): void;
  /** A request refused before any handler would run; the parser has stopped. */
  onFault(reply: Reply): void;
  /** The request being read asked for `100-continue` and its body will be read. */
  onContinue(): void;
}

export interface ParserLimits {
  maxHeaderBytes: number;
  maxBodyBytes: number;
}

const TARGET = /^[\x21-\x7e\x80-\xff]+$/;
const BAD_PATH_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const VALID_HOST = /^[A-Za-z0-9!$%&'()*+,\-.:;=[\]_~]*$/; // httpguts.ValidHostHeader
const CHUNK_SIZE_LINE = /^([0-9A-Fa-f]{1,16})(?:[ \t]*;[\t\x20-\x7e\x80-\xff]*)?$/;
const MAX_CHUNK_LINE = 4096;
const LF = 10, CR = 13;

const HEAD = 0, BODY = 1, CHUNK_SIZE = 2, CHUNK_DATA = 3, CHUNK_CRLF = 4, TRAILERS = 5, STOPPED = 6;

const BAD_REQUEST = protocolErrorReply(HTTP_WIRE_BAD_REQUEST);

export class RequestParser {
  private state = HEAD;
  // a partial head or line carried between pushes
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private trailerBytes = 0;
  // the request whose body is being read
  private request: WireRequest | null = null;
  private bodyParts: Buffer[] = [];
  private bodyLength = 0;
  private remaining = 0;
  private crlfSeen = 0;

  constructor(private readonly limits: ParserLimits, private readonly events: ParserEvents) {}

  /** Stops parsing; later bytes are ignored. */
  stop(): void {
    this.state = STOPPED;
    this.pending = [];
    this.pendingLength = 0;
    this.bodyParts = [];
    this.request = null;
  }

  /** No request has started arriving since the last complete one. */
  get idle(): boolean {
    return this.state === HEAD && this.pendingLength === 0;
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      switch (this.state) {
        case HEAD: offset = this.readHead(chunk, offset); break;
        case BODY: case CHUNK_DATA: offset = this.readBody(chunk, offset); break;
        case CHUNK_SIZE: offset = this.readChunkSize(chunk, offset); break;
        case CHUNK_CRLF: offset = this.readChunkEnd(chunk, offset); break;
        case TRAILERS: offset = this.readTrailer(chunk, offset); break;
        default: return;
      }
    }
  }

  /** Reports a refusal and stops; returns Infinity so push() leaves the chunk. */
  private fault(reply: Reply): number {
    this.stop();
    this.events.onFault(reply);
    return Infinity;
  }

  private readHead(chunk: Buffer, offset: number): number {
    const end = this.findHeadEnd(chunk, offset);
    if (end < 0) {
      this.pending.push(chunk.subarray(offset));
      this.pendingLength += chunk.length - offset;
      return this.pendingLength > this.limits.maxHeaderBytes ? this.fault(protocolErrorReply(HTTP_WIRE_HEADERS_TOO_LARGE)) : chunk.length;
    }
    let head = chunk.subarray(offset, end);
    if (this.pendingLength > 0) {
      this.pending.push(head);
      head = Buffer.concat(this.pending, this.pendingLength + head.length);
      this.pending = [];
      this.pendingLength = 0;
    }
    if (head.length > this.limits.maxHeaderBytes) return this.fault(protocolErrorReply(HTTP_WIRE_HEADERS_TOO_LARGE));
    this.parseHead(head.toString('latin1'));
    return this.state === STOPPED ? Infinity : end;
  }

  /** The k-th byte from the end of the pending bytes (k = 1 is the last), or -1. */
  private pendingByte(k: number): number {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const piece = this.pending[i];
      if (k <= piece.length) return piece[piece.length - k];
      k -= piece.length;
    }
    return -1;
  }

  /**
   * Index just past the empty line ending the head (`\n\r\n`, or `\n\n`, which parseHead then
   * refuses as a bare LF), also when it straddles the pending bytes and this chunk; -1 if absent.
   */
  private findHeadEnd(chunk: Buffer, offset: number): number {
    if (this.pendingLength > 0) {
      const last = this.pendingByte(1);
      if (last === LF && chunk[offset] === LF) return offset + 1;
      if (last === LF && chunk[offset] === CR && chunk[offset + 1] === LF) return offset + 2;
      if (last === CR && this.pendingByte(2) === LF && chunk[offset] === LF) return offset + 1;
    }
    let lf = chunk.indexOf(LF, offset);
    while (lf >= 0) {
      const next = chunk[lf + 1];
      if (next === LF) return lf + 2;
      if (next === CR && chunk[lf + 2] === LF) return lf + 3;
      if (next === undefined || (next === CR && lf + 2 === chunk.length)) return -1;
      lf = chunk.indexOf(LF, lf + 1);
    }
    return -1;
  }

  /** Parses one complete head (ending in an empty line) and sets up its body. */
  private parseHead(text: string): void {
    // Split on CRLF only: a bare LF or stray CR stays inside a piece, where the method, target,
    // version, name and value checks all refuse it; a head ending in a bare LF leaves no empty
    // pair of pieces at the end.
    const lines = text.split('\r\n');
    const count = lines.length - 2; // the empty line and what follows its CRLF
    if (count < 0 || lines[count] !== '' || lines[count + 1] !== '') return void this.fault(BAD_REQUEST);
    let first = 0;
    while (first < count && lines[first] === '') first++;
    if (first === count) return; // blank lines before a request line are ignored
    const request = this.parseRequestLine(lines[first]);
    if (!request) return void this.fault(BAD_REQUEST);
    if (request.minorVersion < 0) return void this.fault(protocolErrorReply(HTTP_WIRE_VERSION_NOT_SUPPORTED));
    const framing = newFraming();
    for (let i = first + 1; i < count; i++) {
      if (!parseField(lines[i], request.headers, framing)) return void this.fault(BAD_REQUEST);
    }
    this.startBody(request, framing);
  }

  /** `method SP target SP version`; minorVersion -1 marks a major version other than 1. */
  private parseRequestLine(line: string): WireRequest | null {
    const sp1 = line.indexOf(' ');
    const sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
    if (sp2 < 0) return null;
    const method = line.slice(0, sp1);
    const target = line.slice(sp1 + 1, sp2);
    const version = line.slice(sp2 + 1);
    if (!TOKEN.test(method) || !TARGET.test(target)) return null;
    if (target[0] === '/' && target.includes('%') && BAD_PATH_ESCAPE.test(target.split('?', 1)[0])) return null;
    let minorVersion: number;
    if (version === 'HTTP/1.1') minorVersion = 1;
    else if (version === 'HTTP/1.0') minorVersion = 0;
    else if (/^HTTP\/\d\.\d$/.test(version)) minorVersion = version[5] === '1' ? Number(version[7]) : -1;
    else return null;
    const headers: Record<string, string> = Object.create(null);
    return { method, target, minorVersion, headers, keepAlive: false, body: null, bodyTooLarge: false };
  }

  /** Checks the framing fields together, then reads the body or delivers the request. */
  private startBody(request: WireRequest, framing: Framing): void {
    const http11 = request.minorVersion >= 1;
    if (framing.hosts > 1) return void this.fault(BAD_REQUEST);
    if (http11 && framing.hosts === 0) return void this.fault(protocolErrorReply(HTTP_WIRE_MISSING_HOST));
    if (framing.hosts === 1 && !VALID_HOST.test(request.headers['host'])) return void this.fault(protocolErrorReply(HTTP_WIRE_MALFORMED_HOST));
    if (framing.transferEncodings > 0) {
      if (!http11 || framing.contentLength !== null) return void this.fault(BAD_REQUEST);
      if (framing.transferEncodings > 1 || !framing.chunked) {
        return void this.fault(protocolErrorReply(HTTP_WIRE_BAD_REQUEST, HTTP_WIRE_UNSUPPORTED_TE));
      }
    }
    const length = framing.contentLength === null ? 0 : framing.contentLength.length > 15 ? Infinity : Number(framing.contentLength);
    const hasBody = framing.chunked || length > 0;
    let sendContinue = false;
    if (framing.expect) {
      if (!framing.expect.split(',').some((t) => t.trim() === '100-continue')) return void this.fault(bareReply(417, true));
      sendContinue = http11 && hasBody;
    }
    request.keepAlive = http11 ? !framing.close : framing.keepAlive && !framing.close;
    this.request = request;
    this.bodyParts = [];
    this.bodyLength = 0;
    if (length > this.limits.maxBodyBytes) return this.deliverTooLarge();
    if (sendContinue) this.events.onContinue();
    if (framing.chunked) this.state = CHUNK_SIZE;
    else if (length > 0) {
      this.state = BODY;
      this.remaining = length;
    } else this.deliver();
  }

  private readBody(chunk: Buffer, offset: number): number {
    const take = Math.min(this.remaining, chunk.length - offset);
    this.bodyParts.push(chunk.subarray(offset, offset + take));
    this.bodyLength += take;
    this.remaining -= take;
    if (this.remaining === 0) {
      if (this.state === BODY) this.deliver();
      else {
        this.state = CHUNK_CRLF;
        this.crlfSeen = 0;
      }
    }
    return this.state === STOPPED ? Infinity : offset + take;
  }

  private readChunkSize(chunk: Buffer, offset: number): number {
    const line = this.takeLine(chunk, offset, MAX_CHUNK_LINE);
    if (line === null) return chunk.length;
    const match = line.text === null ? null : CHUNK_SIZE_LINE.exec(line.text);
    if (!match) return this.fault(BAD_REQUEST);
    const size = parseInt(match[1], 16);
    if (size === 0) {
      this.state = TRAILERS;
      this.trailerBytes = 0;
    } else if (this.bodyLength + size > this.limits.maxBodyBytes) {
      this.deliverTooLarge();
      return Infinity;
    } else {
      this.state = CHUNK_DATA;
      this.remaining = size;
    }
    return line.next;
  }

  private readChunkEnd(chunk: Buffer, offset: number): number {
    if (chunk[offset] !== (this.crlfSeen === 0 ? CR : LF)) return this.fault(BAD_REQUEST);
    if (++this.crlfSeen === 2) this.state = CHUNK_SIZE;
    return offset + 1;
  }

  /** Trailer fields are checked like header fields, then dropped (Vault never reads them). */
  private readTrailer(chunk: Buffer, offset: number): number {
    const line = this.takeLine(chunk, offset, this.limits.maxHeaderBytes - this.trailerBytes);
    if (line === null) return chunk.length;
    if (line.text === null) return this.fault(BAD_REQUEST);
    this.trailerBytes += line.next - offset;
    if (line.text !== '') {
      return parseField(line.text, Object.create(null), newFraming()) ? line.next : this.fault(BAD_REQUEST);
    }
    this.deliver();
    return this.state === STOPPED ? Infinity : line.next;
  }

  /**
   * One CRLF-terminated line: null when incomplete (the rest of the chunk is kept); `text: null`
   * when malformed (bare LF, stray CR, or longer than `limit`).
   */
  private takeLine(chunk: Buffer, offset: number, limit: number): { text: string | null; next: number } | null {
    const lf = chunk.indexOf(LF, offset);
    const end = lf < 0 ? chunk.length : lf + 1;
    if (this.pendingLength + end - offset > limit) return { text: null, next: end };
    if (lf < 0) {
      this.pending.push(chunk.subarray(offset));
      this.pendingLength += chunk.length - offset;
      return null;
    }
    let bytes = chunk.subarray(offset, lf);
    if (this.pendingLength > 0) {
      this.pending.push(bytes);
      bytes = Buffer.concat(this.pending, this.pendingLength + bytes.length);
      this.pending = [];
      this.pendingLength = 0;
    }
    if (bytes.length === 0 || bytes[bytes.length - 1] !== CR) return { text: null, next: end };
    const text = bytes.toString('latin1', 0, bytes.length - 1);
    return { text: text.includes('\r') ? null : text, next: end };
  }

  private deliver(): void {
    const request = this.request!;
    if (this.bodyLength > 0) {
      request.body = this.bodyParts.length === 1 ? this.bodyParts[0] : Buffer.concat(this.bodyParts, this.bodyLength);
    }
    this.request = null;
    this.bodyParts = [];
    this.bodyLength = 0;
    this.state = request.keepAlive ? HEAD : STOPPED;
    this.events.onRequest(request);
  }

  private deliverTooLarge(): void {
    const request = this.request!;
    request.bodyTooLarge = true;
    request.keepAlive = false;
    this.stop();
    this.events.onRequest(request);
  }
}
