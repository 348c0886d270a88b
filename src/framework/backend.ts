// A backend built from a path table, dispatched the way Vault's sdk/framework backend.go
// HandleRequest and HandleExistenceCheck do: the first path whose anchored pattern matches the
// whole request path wins; captures are copied over the request data; every supplied field in
// the schema must decode; the operation's handler runs; unknown and overwritten parameters come
// back as warnings on a non-empty response. Core sees it as any other Backend.
import { ERR_UNSUPPORTED_OPERATION, ERR_UNSUPPORTED_PATH } from '../errors/core.js';
import { GoError, VaultError } from '../errors/vault-error.js';
import type { Backend, LogicalRequest, LogicalResponse, Operation } from '../logical/types.js';
import { createFieldData, fieldConversionError, unknownFieldWarnings, validateFields } from './field-data.js';
import type { HelpBody } from './help-response.js';
import { anchoredSource, compilePattern } from './pattern.js';
import { SpecialPaths } from './special-paths.js';
import type { BackendSpec, FrameworkRequest, PathHandler, PathOperation, PathSpec } from './types.js';

interface CompiledPath {
  readonly spec: PathSpec;
  readonly regex: RegExp;
  readonly anchored: string;
}

/** How many recently routed paths a backend remembers (cleared whole when full). */
const ROUTE_MEMO_SIZE = 1024;
const ROUTE_MEMO_MAX_PATH = 256;

export interface Routed {
  readonly path: CompiledPath;
  readonly captures: Record<string, string>;
}

function handlerOf(op: PathHandler | PathOperation | undefined): PathHandler | undefined {
  if (op === undefined) return undefined;
  return typeof op === 'function' ? op : op.handler;
}

export class FrameworkBackend implements Backend {
  readonly type: string;
  readonly spec: BackendSpec;
  readonly special: SpecialPaths;
  /** Compiled patterns, filled in table order as routing first needs each (backend.go init). */
  readonly #compiled: Array<CompiledPath | undefined> = [];
  readonly #routes = new Map<string, Routed | undefined>();

  constructor(type: string, spec: BackendSpec) {
    this.type = type;
    this.spec = spec;
    this.special = new SpecialPaths(spec.pathsSpecial);
  }

  // A pattern compiles the first time routing reaches it, so a path never asked for costs nothing.
  #path(i: number): CompiledPath {
    let p = this.#compiled[i];
    if (p === undefined) {
      const spec = this.spec.paths[i]!;
      p = { spec, regex: compilePattern(spec.pattern), anchored: anchoredSource(spec.pattern) };
      this.#compiled[i] = p;
    }
    return p;
  }

  /** backend.go route: declaration order, first full match; groups that did not take part are "". */
  route(path: string): Routed | undefined {
    // The table never changes, so a path routes the same way every time: remember recent paths
    // (a write is routed twice, for the existence check and the handler, and hot paths repeat).
    const known = this.#routes.get(path);
    if (known !== undefined || this.#routes.has(path)) return known;
    const routed = this.#scan(path);
    if (path.length > ROUTE_MEMO_MAX_PATH) return routed; // bounded memory whatever clients send
    if (this.#routes.size >= ROUTE_MEMO_SIZE) this.#routes.clear();
    this.#routes.set(path, routed);
    return routed;
  }

  #scan(path: string): Routed | undefined {
    for (let i = 0; i < this.spec.paths.length; i++) {
      const p = this.#path(i);
      const m = p.regex.exec(path);
      if (m === null) continue;
      const captures: Record<string, string> = {};
      for (const [k, v] of Object.entries(m.groups ?? {})) captures[k] = v ?? '';
      return { path: p, captures: Object.freeze(captures) };
    }
    return undefined;
  }

  // What `{ ...req, operation, captures, matchedPattern }` and `{ ...req.data, ...captures }` build,
  // without their cost: V8 (Node 20) gives an object made by a spread followed by more keys a fresh
  // map each time (µs per request, and the keys walk of the result is slow too), while
  // Object.assign onto {} stays on cached transitions. Assign differs from spread only for a key
  // `__proto__` (it would hit Object.prototype's setter), so such data takes the spread.
  #request(req: LogicalRequest, routed: Routed, operation: Operation = req.operation): { freq: FrameworkRequest; raw: Record<string, unknown> } {
    const data = req.data ?? {};
    const { captures } = routed;
    const raw: Record<string, unknown> = Object.hasOwn(data, '__proto__') || Object.hasOwn(captures, '__proto__')
      ? { ...data, ...captures }
      : Object.assign({}, data, captures);
    const freq = Object.assign({}, req) as FrameworkRequest & { captures: Readonly<Record<string, string>>; matchedPattern: string };
    freq.operation = operation;
    freq.captures = captures;
    freq.matchedPattern = routed.path.anchored;
    return { freq, raw };
  }

  async handle(req: LogicalRequest): Promise<LogicalResponse | null> {
    const routed = this.route(req.path);
    if (routed === undefined) throw new GoError(404, ERR_UNSUPPORTED_PATH);
    const { spec } = routed.path;
    // Core only asks for create where an existence check said "missing"; a caller that sends
    // create to a path without one gets update, as core would have decided.
    const operation = req.operation === 'create' && spec.existenceCheck === undefined ? 'update' : req.operation;
    const handler = handlerOf(spec.operations[operation]);
    if (handler === undefined) throw new GoError(405, ERR_UNSUPPORTED_OPERATION);
    const { freq, raw } = this.#request(req, routed, operation);
    const schema = spec.fields ?? {};
    const invalid = validateFields(raw, schema);
    if (invalid !== undefined) throw new VaultError(400, invalid);
    const resp = await handler(freq, createFieldData(raw, schema));
    // A response built with an explicit status is already a finished body (RespondWithStatusCode).
    if (resp === null || resp.status !== undefined) return resp;
    const warnings = unknownFieldWarnings(req.data ?? {}, schema, routed.captures, spec.takesArbitraryInput === true);
    if (warnings.length > 0) resp.warnings = [...(resp.warnings ?? []), ...warnings];
    return resp;
  }

  /** HandleExistenceCheck: true = update. No route or no check: update. */
  async exists(req: LogicalRequest): Promise<boolean> {
    const routed = this.route(req.path);
    const check = routed?.path.spec.existenceCheck;
    if (routed === undefined || check === undefined) return true;
    const { freq, raw } = this.#request(req, routed);
    const schema = routed.path.spec.fields ?? {};
    const invalid = fieldConversionError(raw, schema);
    if (invalid !== undefined) throw new VaultError(400, invalid);
    return check(freq, createFieldData(raw, schema));
  }

  /** Whether an operation on the path is registered (for create-without-handler → 405). */
  supports(path: string, operation: Operation): boolean {
    return handlerOf(this.route(path)?.path.spec.operations[operation]) !== undefined;
  }

  isRootPath(path: string): boolean {
    return this.special.isRoot(path);
  }

  isLoginPath(path: string): boolean {
    return this.special.isUnauthenticated(path);
  }

  /** ?help=1 (help texts and OpenAPI load on the first help request: a server that is never asked pays nothing). */
  async help(path: string, version: string): Promise<HelpBody> {
    const { helpResponse } = await import('./help-response.js');
    const body = helpResponse(this.spec, path, version, { mountType: this.type });
    if (body === 'unsupported path') throw new GoError(404, ERR_UNSUPPORTED_PATH);
    return body;
  }
}
