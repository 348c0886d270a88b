// The body of a help request (`?help=1` or the HELP method) on a framework backend: what
// sdk/framework/backend.go HandleRequest returns for the help operation — root help for the
// mount's own path "" (handleRootHelp), else the help of the first path whose anchored pattern
// matches (route + path.go helpCallback), each with its OpenAPI document — shaped as
// sdk/logical/response.go HelpResponse's data, which http/help.go sends without an envelope.
import { ERR_UNSUPPORTED_PATH } from '../errors/core.js';
import { pathHelpText, rootHelpText } from './help.js';
import { openApiDocument, type OpenApiDocument } from './openapi.js';
import { anchoredSource, compilePattern } from './pattern.js';
import type { BackendSpec } from './types.js';

/** logical.HelpResponse data; keys in Go's JSON (sorted) order. */
export interface HelpBody {
  help: string;
  openapi: OpenApiDocument;
  see_also: null;
}

interface HelpOptions {
  /** The mount's type; `system` makes the OpenAPI operations untagged, as Vault's sys backend's are. */
  readonly mountType?: string;
}

/**
 * Help for `path` (relative to the mount, "" = the mount itself). `version` is Vault's version,
 * shown as the OpenAPI document's info.version. No matching path → `unsupported path`.
 */
export function helpResponse(backend: BackendSpec, path: string, version: string, opts: HelpOptions = {}): HelpBody | typeof ERR_UNSUPPORTED_PATH {
  const base = { version, backend, mountType: opts.mountType };
  if (path === '') return { help: rootHelpText(backend), openapi: openApiDocument(base), see_also: null };
  const spec = backend.paths.find((p) => compilePattern(p.pattern).test(path));
  if (spec === undefined) return ERR_UNSUPPORTED_PATH;
  return {
    help: pathHelpText(spec, path, anchoredSource(spec.pattern)),
    openapi: openApiDocument({ ...base, onlyPath: { spec } }),
    see_also: null,
  };
}
