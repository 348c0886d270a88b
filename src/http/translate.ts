// From an HTTP request to core's request, as Vault's HTTP layer does it (vault http/logical.go
// buildLogicalRequestNoAuth, http/handler.go getTokenFromReq / isForm / parseQuery): method →
// operation, the path after /v1/ (decoded), the token, and the request data (query string for
// read/list/delete, JSON or form body for writes). Requests Vault answers before core are answered
// here with a Reply. Transport-free: the socket server and the fetch handler both call translate().
//
// Deviations, because core's Operation has no counterpart: HEAD is a read whose body is dropped
// (Vault's HeaderOperation is unsupported on logical paths; sys/health serves it), and OPTIONS is
// 405 (Vault passes an empty operation on, which fails in core with 403 or 405).
import type { CoreRequest } from '../core/types.js';
import type { Operation } from '../logical/types.js';
import {
  ERR_HTTP_BODY_TOO_LARGE, ERR_HTTP_PATH_NOT_UTF8, ERR_HTTP_PARSE_FORM, ERR_HTTP_PARSE_JSON, HTTP_MERGE_PATCH_CONTENT_TYPE, HTTP_WIRE_BAD_REQUEST,
  errHttpParseJsonInput, errHttpPatchContentType,
} from '../errors/http.js';
import { decodeJsonBody, type JsonBody } from '../go/json-decode.js';
import { escapedPathOf, hasInvalidUtf8, isPrintable, parseGoQuery, percentDecode } from './go-url.js';
import { setOwn } from '../go/object.js';
import { parseMediaType } from './media-type.js';
import { bareReply, errorReply, goJsonLine, JSON_HEADERS, protocolErrorReply, type Reply } from './reply.js';
import { canonicalRedirect, outsideApiReply, parseGoBool, RAW_ROUTES, type RawRoute } from './routing.js';
import { ERR_WRAP_TTL_NEGATIVE, errWrapTtlHeader } from '../errors/wrapping.js';
import { decodeFieldValue } from '../framework/field-types.js';

export interface HttpRequestInput {
  /** Case-sensitive, as Go compares it: `list` is not `LIST`. */
  method: string;
  /** The raw request-target: `/v1/secret/data/a%20b?version=2`. */
  target: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** The request body; null or empty when there is none. */
  body: Uint8Array | null;
  /** The body passed the size limit and was dropped. */
  bodyTooLarge: boolean;
  remoteAddress?: string;
  remotePort?: number;
  /** DER client certificates of a TLS connection, leaf first. */
  peerCertificates?: readonly Uint8Array[];
}

export type Translation =
  | { kind: 'core'; request: CoreRequest; head: boolean }
  | { kind: 'reply'; reply: Reply };

// go net/http Request.ParseForm: url-encoded bodies beyond 10 MB fail with "http: POST too large"
const GO_MAX_FORM_BYTES = 10 << 20;
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/]*/;

const reply = (r: Reply): Translation => ({ kind: 'reply', reply: r });

/**
 * A path whose bytes are not UTF-8: Vault would keep the bytes as its key; minivault cannot keep
 * them apart in a JavaScript string, so it refuses rather than merge two keys into one.
 */
const INVALID_UTF8_PATH: Reply = {
  status: 400,
  headers: [...JSON_HEADERS, ['X-Minivault-Unsupported', 'true']],
  body: goJsonLine({ errors: [ERR_HTTP_PATH_NOT_UTF8] }),
};

export function translate(input: HttpRequestInput): Translation {
  const target = input.target;
  const q = target.indexOf('?');
  let rawPath = q < 0 ? target : target.slice(0, q);
  const rawQuery = q < 0 ? '' : target.slice(q + 1);
  if (rawPath[0] !== '/' && rawPath !== '*') {
    const absolute = ABSOLUTE_FORM.exec(rawPath);
    if (!absolute) return reply(protocolErrorReply(HTTP_WIRE_BAD_REQUEST));
    rawPath = rawPath.slice(absolute[0].length);
  }
  const decodedPath = percentDecode(rawPath, false);
  if (decodedPath === null) return reply(protocolErrorReply(HTTP_WIRE_BAD_REQUEST));
  if (!isPrintable(decodedPath)) return reply(bareReply(400));
  if (decodedPath.includes('\ufffd') && hasInvalidUtf8(rawPath)) return reply(INVALID_UTF8_PATH);
  const method = input.method;
  const api = decodedPath.startsWith('/v1/');
  if (!api && !(decodedPath === '/' || decodedPath === '/robots.txt' || decodedPath.startsWith('/ui'))) {
    return reply(outsideApiReply(decodedPath));
  }
  const query = rawQuery === '' ? null : parseGoQuery(rawQuery).values;
  let list = false;
  if (method === 'GET' && query) {
    const listParam = query.get('list')?.[0];
    if (listParam) {
      const parsed = parseGoBool(listParam);
      if (parsed === null) return reply(errorReply(400));
      list = parsed;
    }
  }
  const redirect = canonicalRedirect(escapedPathOf(rawPath, decodedPath), decodedPath, rawQuery, method);
  if (redirect) return reply(redirect);
  if (!api) return reply(outsideApiReply(decodedPath));
  const path = decodedPath.slice(4);
  const route = RAW_ROUTES.get(path);
  if (route && !route.logical) return rawRoute(input, route, path, query);
  const result = logical(input, path, query, list);
  if (route && result.kind === 'core' && result.request.operation !== 'update') return reply(errorReply(405));
  return result;
}

/** The logical handler: every /v1/ path without a dedicated handler. */
function logical(input: HttpRequestInput, path: string, query: Map<string, string[]> | null, list: boolean): Translation {
  let operation: Operation;
  let data: Record<string, unknown> | undefined;
  let head = false;
  switch (input.method) {
    case 'DELETE':
      operation = 'delete';
      data = queryData(query);
      break;
    case 'GET':
      operation = list ? 'list' : 'read';
      if (list) {
        query!.delete('list');
        path = withTrailingSlash(path);
      }
      data = queryData(query);
      break;
    case 'POST':
    case 'PUT': {
      operation = 'update';
      const body = writeBody(input);
      if (!body.ok) return reply(body.reply);
      data = body.data;
      break;
    }
    case 'PATCH': {
      operation = 'patch';
      const contentType = parseMediaType(input.headers['content-type'] ?? '');
      if (!contentType.ok) return reply(errorReply(400, contentType.error));
      if (contentType.type !== HTTP_MERGE_PATCH_CONTENT_TYPE) return reply(errorReply(415, errHttpPatchContentType(contentType.type)));
      const body = jsonBody(input);
      if (!body.ok) return reply(body.reply);
      data = body.data;
      break;
    }
    case 'LIST':
      operation = 'list';
      path = withTrailingSlash(path);
      data = queryData(query);
      break;
    case 'HEAD':
      operation = 'read';
      head = true;
      data = queryData(query);
      break;
    case 'HELP':
      // http/help.go wrapHelpHandler: the HELP method is a help request for the path.
      operation = 'read';
      data = queryData(query);
      break;
    default:
      return reply(errorReply(405));
  }
  const request = coreRequest(input, operation, path, data);
  // http/handler.go requestWrapInfo: X-Vault-Wrap-TTL as parseutil.ParseDurationSecond.
  const wrapHeader = input.headers['x-vault-wrap-ttl'];
  if (wrapHeader !== undefined && wrapHeader !== '') {
    let ttl: number;
    try {
      ttl = decodeFieldValue('signed_duration_second', wrapHeader) as number;
    } catch (e) {
      return reply(errorReply(400, errWrapTtlHeader((e as Error).message)));
    }
    if (ttl < 0) return reply(errorReply(400, errWrapTtlHeader(ERR_WRAP_TTL_NEGATIVE)));
    if (ttl > 0) request.wrapTtl = ttl;
    const format = input.headers['x-vault-wrap-format'];
    if (format !== undefined && format !== '') request.wrapFormat = format;
  }
  // http/help.go wrapHelpHandler: a non-empty `help` query value, or the HELP method, asks for the path's help.
  if ((query?.get('help')?.[0] ?? '') !== '' || input.method === 'HELP') request.help = true;
  return { kind: 'core', request, head };
}

/** A raw sys/* endpoint: its own method check, and Go's own words for body errors. */
function rawRoute(input: HttpRequestInput, route: RawRoute, path: string, query: Map<string, string[]> | null): Translation {
  const method = input.method;
  if (!route.methods.includes(method)) return reply(errorReply(405));
  // DELETE bodies are never read (1.18.1's handleSysRekeyInitDelete takes no nonce).
  if (method !== 'PUT' && method !== 'POST') {
    const operation: Operation = method === 'DELETE' ? 'delete' : 'read';
    return { kind: 'core', request: coreRequest(input, operation, path, queryData(query)), head: method === 'HEAD' };
  }
  let data: Record<string, unknown> | undefined;
  if (route.bodyType) {
    if (input.bodyTooLarge) return reply(errorReply(413, errHttpParseJsonInput(ERR_HTTP_BODY_TOO_LARGE)));
    const parsed: JsonBody = input.body ? decodeJsonBody(input.body, route.bodyType) : { ok: true, data: undefined };
    if (!parsed.ok) return reply(errorReply(400, errHttpParseJsonInput(parsed.message)));
    // A `null` body decodes (all fields zero); only an empty one is io.EOF, which core sees as no data.
    data = parsed.data ?? (isBlank(input.body) ? undefined : {});
  }
  return { kind: 'core', request: coreRequest(input, 'update', path, data), head: false };
}

type BodyResult = { ok: true; data: Record<string, unknown> | undefined } | { ok: false; reply: Reply };

/** POST/PUT: a form when the content type says so and the body does not look like JSON. */
function writeBody(input: HttpRequestInput): BodyResult {
  const contentType = input.headers['content-type'];
  const formType = contentType !== undefined && isFormType(contentType);
  if (input.bodyTooLarge) return { ok: false, reply: formType ? errorReply(400, ERR_HTTP_PARSE_FORM) : errorReply(413, ERR_HTTP_PARSE_JSON) };
  const body = input.body;
  if (body === null || body.length === 0) return { ok: true, data: undefined };
  return formType && !looksLikeJson(body) ? formBody(body) : jsonBody(input);
}

function jsonBody(input: HttpRequestInput): BodyResult {
  if (input.bodyTooLarge) return { ok: false, reply: errorReply(413, ERR_HTTP_PARSE_JSON) };
  if (input.body === null || input.body.length === 0) return { ok: true, data: undefined };
  const parsed = decodeJsonBody(input.body);
  return parsed.ok ? parsed : { ok: false, reply: errorReply(400, ERR_HTTP_PARSE_JSON) };
}

function isFormType(contentType: string): boolean {
  const media = parseMediaType(contentType);
  return media.ok && media.type === 'application/x-www-form-urlencoded';
}

function isBlank(body: Uint8Array | null): boolean {
  return body === null || body.every((c) => c === 32 || c === 9 || c === 10 || c === 13);
}

/** isForm's peek: the first non-blank byte of the first 512 is `{` or `[`. */
function looksLikeJson(body: Uint8Array): boolean {
  const end = Math.min(body.length, 512);
  for (let i = 0; i < end; i++) {
    const c = body[i];
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 123 || c === 91;
  }
  return false;
}

/** parseFormRequest: Go's ParseForm over the body; repeated keys joined with ','. */
function formBody(body: Uint8Array): BodyResult {
  const failure: BodyResult = { ok: false, reply: errorReply(400, ERR_HTTP_PARSE_FORM) };
  if (body.length > GO_MAX_FORM_BYTES) return failure;
  const form = parseGoQuery(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1'));
  if (form.failed) return failure;
  if (form.values.size === 0) return { ok: true, data: undefined };
  const data: Record<string, unknown> = {};
  for (const [key, values] of form.values) setOwn(data, key, values.join(','));
  return { ok: true, data };
}

/** parseQuery: `help` dropped, one value → string, several → array, nothing → no data. */
function queryData(query: Map<string, string[]> | null): Record<string, unknown> | undefined {
  if (!query) return undefined;
  let data: Record<string, unknown> | undefined;
  for (const [key, values] of query) {
    if (key === 'help') continue;
    data ??= {};
    setOwn(data, key, values.length === 1 ? values[0] : values);
  }
  return data;
}

function withTrailingSlash(path: string): string {
  return path.endsWith('/') ? path : path + '/';
}

/** getTokenFromReq: X-Vault-Token first, else the first `Authorization: Bearer <token>`. */
export function tokenFromHeaders(headers: Record<string, string>): string | undefined {
  const vaultToken = headers['x-vault-token'];
  if (vaultToken) return vaultToken;
  const authorization = headers['authorization'];
  if (authorization === undefined) return undefined;
  for (const value of authorization.split(', ')) {
    if (value.startsWith('Bearer ')) return value.slice(7).trim() || undefined;
  }
  return undefined;
}

function coreRequest(input: HttpRequestInput, operation: Operation, path: string, data: Record<string, unknown> | undefined): CoreRequest {
  const request: CoreRequest = { operation, path, headers: input.headers };
  const token = tokenFromHeaders(input.headers);
  if (token !== undefined) request.token = token;
  if (data !== undefined) request.data = data;
  if (input.remoteAddress !== undefined) request.remoteAddress = input.remoteAddress;
  if (input.remotePort !== undefined) request.remotePort = input.remotePort;
  if (input.peerCertificates !== undefined) request.peerCertificates = input.peerCertificates;
  return request;
}
