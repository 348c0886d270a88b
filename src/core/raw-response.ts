// A backend's raw HTTP answer (sdk/logical/response.go HTTPContentType, HTTPRawBody,
// HTTPStatusCode and the header keys; http/logical.go respondRaw): when a response's data holds
// `http_status_code`, the client gets that status and the body bytes as they are, with the given
// Content-Type, instead of the JSON envelope. PKI's `ca`, `crl`, `cert/:serial/raw` answer this way
// (and identity's OIDC endpoints would). The audit log still records the data as a response.
import type { LogicalResponse } from '../logical/types.js';
import type { CoreResponse } from './types.js';

const STATUS = 'http_status_code';
const CONTENT_TYPE = 'http_content_type';
const BODY = 'http_raw_body';
const CACHE_CONTROL = 'http_raw_cache_control';
const PRAGMA = 'http_raw_pragma';
const WWW_AUTHENTICATE = 'http_www_authenticate';

/** Whether respondLogical would hand this response to respondRaw. */
export function isRawResponse(resp: LogicalResponse): boolean {
  return resp.data != null && Object.hasOwn(resp.data, STATUS);
}

// respondRaw's refusals: 500, an empty error list, the reason in X-Vault-Raw-Error.
const rawError = (reason: string): CoreResponse => ({ status: 500, body: { errors: [] }, headers: { 'x-vault-raw-error': reason } });

export function rawReply(resp: LogicalResponse): CoreResponse {
  const data = resp.data!;
  if (resp.secret || resp.auth) return rawError('raw responses cannot contain secrets or auth');
  const statusRaw = data[STATUS];
  if (typeof statusRaw !== 'number' || !Number.isFinite(statusRaw)) return rawError('cannot decode status code');
  const status = Math.trunc(statusRaw);
  const nonEmpty = status !== 204;
  const hasType = Object.hasOwn(data, CONTENT_TYPE);
  if (!hasType && nonEmpty) return rawError('no content type given');
  const contentType = hasType ? data[CONTENT_TYPE] : '';
  if (typeof contentType !== 'string') return rawError('cannot decode content type');
  let body: Uint8Array = new Uint8Array(0);
  if (nonEmpty && Object.hasOwn(data, BODY)) {
    const raw = data[BODY];
    if (raw instanceof Uint8Array) body = raw;
    else if (typeof raw === 'string') body = decodeBestEffort(raw);
    else return rawError('cannot decode body');
  }
  const headers: Record<string, string> = {};
  if (contentType !== '') headers['content-type'] = contentType;
  for (const [key, name] of [[CACHE_CONTROL, 'cache-control'], [PRAGMA, 'pragma'], [WWW_AUTHENTICATE, 'www-authenticate']] as const) {
    if (typeof data[key] === 'string') headers[name] = data[key];
  }
  return { status, rawBody: body, headers };
}

/** Standard base64 when the string is exactly that (Go's StdEncoding), else its bytes as they are. */
function decodeBestEffort(s: string): Uint8Array {
  if (s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s)) return new Uint8Array(Buffer.from(s, 'base64'));
  return new Uint8Array(Buffer.from(s, 'utf8'));
}
