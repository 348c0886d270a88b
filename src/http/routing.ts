// Where Vault's handler chain answers before a request reaches the logical layer, in the order
// the wrappers run (vault http/handler.go Handler): go-cleanhttp's printable-path check, then
// wrapGenericHandler's 404 for anything outside /v1/, then the rate-limit wrapper's `?list=`
// parse, then Go 1.22+'s ServeMux, which redirects (301) non-canonical paths — judged on the
// ESCAPED path, so `%2e%2e` is not a dot segment and reaches Vault decoded, while a literal `..`
// is redirected away — and the raw sys/* endpoints the mux sends to their own handlers.
import { HTTP_NOT_FOUND_PAGE } from '../errors/http.js';
import { GoLibError, goParseBool } from '../go/strconv.js';
import { cleanPath, escapePath } from './go-url.js';
import { CACHE_CONTROL, errorReply, type Reply } from './reply.js';
import { RAW_ROUTES as RAW_TABLE, type RawRoute } from '../core/sys-raw.js';

/** Anything outside /v1/: Vault's JSON 404, or the mux's text 404 for the UI paths (UI off). */
export function outsideApiReply(decodedPath: string): Reply {
  const uiPath = decodedPath === '/' || decodedPath === '/robots.txt' || decodedPath.startsWith('/ui');
  if (!uiPath) return errorReply(404);
  return {
    status: 404,
    headers: [CACHE_CONTROL, ['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff']],
    body: HTTP_NOT_FOUND_PAGE,
  };
}

/** strconv.ParseBool, or null for anything else. */
export function parseGoBool(value: string): boolean | null {
  try {
    return goParseBool(value);
  } catch (e) {
    if (e instanceof GoLibError) return null;
    throw e;
  }
}

// patterns Vault registers only as subtrees: a request for the bare name is redirected to name + '/'
const SUBTREE_ONLY = new Set(['/v1/sys', '/v1/sys/audit-hash']);

/**
 * The mux's redirect for a request path, or null when the path is canonical: a cleaned escaped
 * path (dot segments, doubled slashes), or the trailing-slash redirect of a subtree-only pattern.
 */
export function canonicalRedirect(escapedPath: string, decodedPath: string, rawQuery: string, method: string): Reply | null {
  const cleaned = cleanPath(escapedPath);
  if (SUBTREE_ONLY.has(cleaned)) return redirectReply(escapePath(cleanPath(decodedPath)) + '/', rawQuery, method);
  return cleaned === escapedPath ? null : redirectReply(cleaned, rawQuery, method);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/** http.Redirect(w, r, url, 301): Location, and for GET a tiny HTML body. */
function redirectReply(path: string, rawQuery: string, method: string): Reply {
  const target = path + (rawQuery === '' ? '' : '?' + rawQuery);
  const location = target.replace(/[\x80-\xff]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const withType = method === 'GET' || method === 'HEAD';
  return {
    status: 301,
    headers: withType
      ? [CACHE_CONTROL, ['Content-Type', 'text/html; charset=utf-8'], ['Location', location]]
      : [CACHE_CONTROL, ['Location', location]],
    body: method === 'GET' ? `<a href="${location.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])}">Moved Permanently</a>.\n\n` : '',
  };
}

export type { RawRoute } from '../core/sys-raw.js';

/** The dedicated handlers by path (core/sys-raw.ts holds the one table). */
export const RAW_ROUTES: ReadonlyMap<string, RawRoute> = new Map(RAW_TABLE.map((r) => [r.path, r]));
