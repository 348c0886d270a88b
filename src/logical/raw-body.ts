// How a backend answers with a bare HTTP body instead of the JSON envelope (sdk/logical/response.go
// HTTPStatusCode, HTTPContentType, HTTPRawBody and the header keys): the response's data carries
// them and core's respondRaw sends the bytes. OIDC discovery documents, JWKS and introspection are
// answered this way in Vault, as json.Marshal output (no trailing newline, HTML characters escaped).
import type { LogicalResponse } from './types.js';
import { goEscapeJson } from '../go/json.js';

interface RawHeaders {
  /** Replaces the default `Cache-Control: no-store`. */
  cacheControl?: string;
  pragma?: string;
  wwwAuthenticate?: string;
}

export function rawBodyResponse(status: number, contentType: string, body: Uint8Array, headers: RawHeaders = {}): LogicalResponse {
  // base64, as Go's JSON carries a []byte: what the audit log and wrapping see is plain JSON, and
  // respondRaw decodes it.
  const data: Record<string, unknown> = { http_status_code: status, http_content_type: contentType, http_raw_body: Buffer.from(body).toString('base64') };
  if (headers.cacheControl !== undefined) data.http_raw_cache_control = headers.cacheControl;
  if (headers.pragma !== undefined) data.http_raw_pragma = headers.pragma;
  if (headers.wwwAuthenticate !== undefined) data.http_www_authenticate = headers.wwwAuthenticate;
  return { data };
}


/** Go's json.Marshal of a value: compact, HTML-significant characters escaped, no newline. */
export function goMarshal(value: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(goEscapeJson(JSON.stringify(value))));
}

/** A raw `application/json` answer with Go's encoding. */
export function rawJsonResponse(value: unknown, status = 200, headers: RawHeaders = {}): LogicalResponse {
  return rawBodyResponse(status, 'application/json', goMarshal(value), headers);
}
