// Vault error strings for the http area, each with its upstream source (vault = hashicorp/vault,
// go = the Go standard library Vault is built with, whose net/http, mime and encoding/json texts
// reach clients unchanged).

// vault http/logical.go buildLogicalRequestNoAuth: JSON body of a logical request did not parse
// (also the text of the 413 when the body passes the size limit; the status comes from the cause)
export const ERR_HTTP_PARSE_JSON = 'error parsing JSON';
// vault http/logical.go buildLogicalRequestNoAuth: url-encoded form body did not parse
export const ERR_HTTP_PARSE_FORM = 'error parsing form data';
// minivault's own (no Vault text): Vault keeps a path's invalid UTF-8 bytes in its storage key;
// minivault refuses such a path instead of letting two of them name one key
export const ERR_HTTP_PATH_NOT_UTF8 = 'minivault does not support request paths that are not valid UTF-8';
// vault http/logical.go MergePatchContentTypeHeader and the PATCH content-type check (415)
export const HTTP_MERGE_PATCH_CONTENT_TYPE = 'application/merge-patch+json';
export const errHttpPatchContentType = (provided: string): string =>
  `PATCH requires Content-Type of ${HTTP_MERGE_PATCH_CONTENT_TYPE}, provided ${provided}`;
// vault http/handler.go parseJSONRequest: prefix of the body errors of the raw sys/* handlers
// (sys/init, sys/unseal, sys/rekey/*, sys/generate-root/*)
export const errHttpParseJsonInput = (goError: string): string => `failed to parse JSON input: ${goError}`;
// go io.EOF text: what the raw sys/* handlers answer for an empty body (http/sys_seal.go
// handleSysUnseal, http/sys_init.go handleSysInitPut pass parseJSONRequest's io.EOF to respondError)
export const ERR_HTTP_EOF = 'EOF';

// go mime/mediatype.go ParseMediaType (Vault answers PATCH with these when Content-Type is unparsable)
export const ERR_HTTP_MIME_NO_MEDIA_TYPE = 'mime: no media type';
export const ERR_HTTP_MIME_EXPECTED_SLASH = 'mime: expected slash after first token';
export const ERR_HTTP_MIME_EXPECTED_TOKEN = 'mime: expected token after slash';
export const ERR_HTTP_MIME_UNEXPECTED_CONTENT = 'mime: unexpected content after media subtype';
export const ERR_HTTP_MIME_INVALID_PARAMETER = 'mime: invalid media parameter';
export const ERR_HTTP_MIME_DUPLICATE_PARAMETER = 'mime: duplicate parameter name';

// go net/http MaxBytesError: wrapped by the raw handlers' parseJSONRequest when the body is too big
export const ERR_HTTP_BODY_TOO_LARGE = 'http: request body too large';
// go encoding/json scanner.go / decode.go: syntax and type errors, as the raw sys/* handlers show them
export const ERR_HTTP_JSON_UNEXPECTED_EOF = 'unexpected EOF';
export const errHttpJsonInvalidCharacter = (quotedChar: string, context: string): string =>
  `invalid character ${quotedChar} ${context}`;
export const errHttpJsonUnmarshalType = (kind: string, goType: string): string =>
  `json: cannot unmarshal ${kind} into Go value of type ${goType}`;

// go net/http server.go (*conn).serve: replies written before any Vault handler runs; the status
// line and the text/plain body carry the same words
export const HTTP_WIRE_BAD_REQUEST = '400 Bad Request';
export const HTTP_WIRE_MISSING_HOST = '400 Bad Request: missing required Host header';
export const HTTP_WIRE_MALFORMED_HOST = '400 Bad Request: malformed Host header';
export const HTTP_WIRE_HEADERS_TOO_LARGE = '431 Request Header Fields Too Large';
export const HTTP_WIRE_VERSION_NOT_SUPPORTED = '505 HTTP Version Not Supported: unsupported protocol version';
export const HTTP_WIRE_UNSUPPORTED_TE = 'Unsupported transfer encoding';
// go net/http server.go NotFound: what Vault's mux answers for /, /ui and /robots.txt with the UI off
export const HTTP_NOT_FOUND_PAGE = '404 page not found\n';
