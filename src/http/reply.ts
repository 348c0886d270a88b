// What Vault's HTTP layer sends back, independent of the transport: status, header fields in the
// order Go writes them (net/http sorts the handler's header map by name), and the body text.
// Bodies are JSON as Go's json.Encoder writes them (vault http/handler.go respondOk, sdk/logical
// RespondError): HTML-significant characters escaped, a trailing newline. Every Vault response
// carries `Cache-Control: no-store` (http/handler.go wrapGenericHandler) and JSON ones
// `Content-Type: application/json`, 204s included (respondOk sets it before WriteHeader).
import type { CoreHandler, CoreRequest, CoreResponse } from '../core/types.js';
import { ERR_INTERNAL } from '../errors/core.js';
import { isVaultError } from '../errors/vault-error.js';
import { goJson } from '../go/json.js';

export type HeaderField = readonly [name: string, value: string];

export interface Reply {
  status: number;
  /** Canonical names (`Content-Type`), in the order Go writes them. */
  headers: readonly HeaderField[];
  /** The body text; '' means none. Bytes for a backend's raw answer (respondRaw). */
  body: string | Uint8Array;
  /** The connection must close after this reply. */
  close?: boolean;
  /** Reason phrase when it is not the status's standard text (Go's protocol errors). */
  statusText?: string;
  /**
   * Written the way Go's server answers requests it could not parse, before any handler runs:
   * a bare status line, text/plain, `Connection: close`, no Date and no Content-Length.
   */
  protocolError?: boolean;
}

export const CACHE_CONTROL: HeaderField = ['Cache-Control', 'no-store'];
export const JSON_HEADERS: readonly HeaderField[] = [CACHE_CONTROL, ['Content-Type', 'application/json']];
const NO_HEADERS: readonly HeaderField[] = [];


/** json.NewEncoder(w).Encode(v): JSON with Go's HTML escaping and a trailing newline. */
export function goJsonLine(value: unknown): string {
  return goJson(value, { newline: true });
}

/** respondError / respondOk: a JSON reply with Vault's two standard headers. */
function jsonReply(status: number, value: unknown): Reply {
  return { status, headers: JSON_HEADERS, body: goJsonLine(value) };
}

/** `{"errors":[...]}`; no message gives `{"errors":[]}` (sdk/logical RespondError with a nil error). */
export function errorReply(status: number, message?: string): Reply {
  return { status, headers: JSON_HEADERS, body: message === undefined ? '{"errors":[]}\n' : goJsonLine({ errors: [message] }) };
}

/** A reply with no header fields of its own (go-cleanhttp's printable-path check, Go's 417). */
export function bareReply(status: number, close = false): Reply {
  return { status, headers: NO_HEADERS, body: '', close };
}

/**
 * Go's answer to a request it could not parse: `HTTP/1.1 <line>`, e.g. `400 Bad Request: missing
 * required Host header`, with the same text as the body unless another is given.
 */
export function protocolErrorReply(line: string, body: string = line): Reply {
  const status = Number(line.slice(0, 3));
  return { status, statusText: line.slice(4), headers: [['Content-Type', 'text/plain; charset=utf-8']], body, close: true, protocolError: true };
}

/** Statuses after which HTTP allows no body (Go drops what the handler writes). */
export function bodyForbidden(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200);
}

/** textproto.CanonicalMIMEHeaderKey: `x-vault-index` → `X-Vault-Index`. */
function canonicalHeaderName(name: string): string {
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}

/** Vault's response for what core returned; core's extra headers override the standard ones. */
function replyFromCore(response: CoreResponse): Reply {
  const status = response?.status;
  if (!Number.isInteger(status) || status < 100 || status > 999) throw new TypeError('core answered without a valid status');
  if (response.rawBody !== undefined) {
    // respondRaw: no JSON Content-Type; Cache-Control stays no-store unless the backend set one.
    return { status, headers: mergedHeaders([CACHE_CONTROL], response.headers), body: bodyForbidden(status) ? '' : response.rawBody };
  }
  const body = response.body === undefined || bodyForbidden(status) ? '' : goJsonLine(response.body);
  const extra = response.headers;
  if (!extra) return { status, headers: JSON_HEADERS, body };
  return { status, headers: mergedHeaders(JSON_HEADERS, extra), body };
}

function mergedHeaders(base: readonly HeaderField[], extra: Record<string, string> | undefined): HeaderField[] {
  const merged = new Map<string, string>(base.map(([name, value]) => [name, value]));
  if (!extra) return [...merged];
  for (const name of Object.keys(extra)) {
    // Go's Header.Write turns CR and LF inside values into spaces; names must be tokens
    if (/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) merged.set(canonicalHeaderName(name), String(extra[name]).replace(/[\r\n]/g, ' '));
  }
  return [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * A handler that threw: a VaultError keeps its status and messages (as Vault's respondError
 * would), anything else is Vault's 500 `internal error` — never a stack trace.
 */
function replyFromThrown(error: unknown): Reply {
  if (isVaultError(error)) return jsonReply(error.status, { errors: error.errors });
  return errorReply(500, ERR_INTERNAL);
}

/**
 * Calls core and turns its answer, or whatever it threw or rejected with, into a Reply.
 * `onError` sees the thrown value (the client only ever sees `internal error`).
 */
export function callCore(handler: CoreHandler, request: CoreRequest, onError?: (error: unknown) => void): Promise<Reply> {
  const fail = (error: unknown): Reply => {
    onError?.(error);
    return replyFromThrown(error);
  };
  let pending: Promise<CoreResponse>;
  try {
    pending = Promise.resolve(handler(request));
  } catch (error) {
    return Promise.resolve(fail(error));
  }
  return pending.then((response) => {
    try {
      return replyFromCore(response);
    } catch (error) {
      return fail(error);
    }
  }, fail);
}

// net/http StatusText (Go keeps the RFC 7231 names, e.g. "Request Entity Too Large")
const STATUS_TEXT: Record<number, string> = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
  205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Request Entity Too Large',
  414: 'Request URI Too Long', 415: 'Unsupported Media Type', 416: 'Requested Range Not Satisfiable',
  417: 'Expectation Failed', 418: "I'm a teapot", 421: 'Misdirected Request', 422: 'Unprocessable Entity',
  423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates',
  507: 'Insufficient Storage', 508: 'Loop Detected', 510: 'Not Extended', 511: 'Network Authentication Required',
};

/** The status line's reason phrase; Go writes `status code N` for codes it has no name for. */
export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? `status code ${status}`;
}
