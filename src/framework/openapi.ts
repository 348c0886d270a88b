// OpenAPI 3.0.2 documents for framework backends, as sdk/framework/openapi.go builds them
// (NewOASDocument, documentPath, expandPattern, splitFields, convertType, constructOperationID),
// plus the mount-path rewriting and merge that vault/logical_system.go pathInternalOpenAPI does
// for sys/internal/specs/openapi. Objects are built with their keys in the order of the Go
// structs' fields, and map-valued members (paths, schemas, properties) sorted, so JSON.stringify
// writes what Go's encoding/json writes. Empty members are left out as Go's `omitempty` does.
import { goStringCompare, goTrimSpace } from '../go/strings.js';
import { anchoredSource, parsePattern, type PatternNode } from './pattern.js';
import type { BackendSpec, FieldSchema, FieldType, PathHandler, PathOperation, PathSpec } from './types.js';
import type { Operation } from '../logical/types.js';

interface OasSchema {
  $ref?: string; type?: string; description?: string; properties?: Record<string, OasSchema>;
  additionalProperties?: boolean; required?: string[]; items?: OasSchema; format?: string; pattern?: string;
  enum?: unknown[]; default?: unknown; deprecated?: boolean;
}
interface OasParameter {
  name: string; description?: string; in: 'path' | 'query'; schema?: OasSchema; required?: boolean; deprecated?: boolean;
}
interface OasResponse { description: string; content?: Record<string, { schema?: OasSchema }> }
interface OasOperation {
  summary?: string; description?: string; operationId?: string; tags?: string[]; parameters?: OasParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: OasSchema }> };
  responses: Record<string, OasResponse>; deprecated?: boolean;
}
interface OasPathItem {
  description?: string; parameters?: OasParameter[]; 'x-vault-sudo'?: boolean; 'x-vault-unauthenticated'?: boolean;
  'x-vault-createSupported'?: boolean; get?: OasOperation; post?: OasOperation; delete?: OasOperation;
}
export interface OpenApiDocument {
  openapi: '3.0.2';
  info: { title: string; description: string; version: string; license: { name: string; url: string } };
  paths: Record<string, OasPathItem>;
  components: { schemas: Record<string, OasSchema> };
}

/** openapi.go NewOASDocument. */
function newOpenApiDocument(version: string): OpenApiDocument {
  return {
    openapi: '3.0.2',
    info: {
      title: 'HashiCorp Vault API',
      description: 'HTTP API that gives you full access to Vault. All API routes are prefixed with `/v1/`.',
      version,
      license: { name: 'Mozilla Public License 2.0', url: 'https://www.mozilla.org/en-US/MPL/2.0' },
    },
    paths: {},
    components: { schemas: {} },
  };
}

// openapi.go OASStdSchemaStandardListResponse / OASStdRespListOK / OASStdRespOK / OASStdRespNoContent.
const standardListResponse = (): OasSchema => ({ type: 'object', properties: { keys: { type: 'array', items: { type: 'string' } } } });
const listOk = (): OasResponse => ({ description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/StandardListResponse' } } } });

// openapi.go convertType. Durations have been string/"duration" since Vault 1.14 (GH-20841).
const CONVERT: Readonly<Record<FieldType, { type: string; items?: string; format?: string; pattern?: string }>> = {
  string: { type: 'string' }, header: { type: 'string' },
  name_string: { type: 'string', pattern: '\\w([\\w-.]*\\w)?' },
  lowercase_string: { type: 'string', format: 'lowercase' },
  int: { type: 'integer' }, int64: { type: 'integer', format: 'int64' },
  duration_second: { type: 'string', format: 'duration' }, signed_duration_second: { type: 'string', format: 'duration' },
  bool: { type: 'boolean' }, map: { type: 'object', format: 'map' }, kvpairs: { type: 'object', format: 'kvpairs' },
  slice: { type: 'array', items: 'object' }, string_slice: { type: 'array', items: 'string' },
  comma_string_slice: { type: 'array', items: 'string' }, comma_int_slice: { type: 'array', items: 'integer' },
  time: { type: 'string', format: 'date-time' }, float: { type: 'number', format: 'float' },
};

const isEmpty = (v: unknown): boolean =>
  v === '' || v === false || (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** Copies the set, non-empty members in order: Go's `omitempty` (`default` is an interface, empty only when nil). */
function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null || (k !== 'default' && k !== 'responses' && isEmpty(v))) continue;
    out[k] = v;
  }
  return out as T;
}

/** openapi.go cleanString: TrimSpace, then every run of (RE2 \s) whitespace becomes one space. */
const cleanString = (s: string | undefined): string => goTrimSpace(s ?? '').replace(/[\t\n\f\r ]+/g, ' ');

const sorted = <V>(o: Record<string, V>): Record<string, V> =>
  Object.fromEntries(Object.keys(o).sort(goStringCompare).map((k) => [k, o[k]]));

function paramSchema(f: FieldSchema): OasSchema {
  const t = CONVERT[f.type];
  return compact({ type: t.type, pattern: t.pattern, enum: f.allowedValues ? [...f.allowedValues] : undefined, default: f.default });
}

// openapi.go addFieldToOASSchema.
function addField(s: OasSchema & { properties: Record<string, OasSchema>; required: string[] }, name: string, f: FieldSchema): void {
  const t = CONVERT[f.type];
  if (f.required === true) s.required.push(name);
  s.properties[name] = compact({
    type: t.type, description: cleanString(f.description), items: t.type === 'array' ? { type: t.items } : undefined,
    format: t.format, pattern: t.pattern, enum: f.allowedValues ? [...f.allowedValues] : undefined,
    default: f.default, deprecated: f.deprecated,
  });
}

// ---- expandPattern (openapi.go collectPathsFromRegexpASTInternal) ----------------------------

interface Collector { text: string; slashAt: number }
class Unsupported extends Error {}

function collect(n: PatternNode, into: Collector[], captures: Set<string>): Collector[] {
  switch (n.op) {
    case 'empty': case 'zeroWidth': return into;
    case 'literal': for (const c of into) c.text += n.text; return into;
    case 'concat': for (const s of n.subs) into = collect(s, into, captures); return into;
    case 'alternate': {
      const all: Collector[] = [];
      n.subs.forEach((s, i) => all.push(...collect(s, i === n.subs.length - 1 ? into : into.map((c) => ({ ...c })), captures)));
      return all;
    }
    case 'quest': {
      const taken = collect(n.sub, into.map((c) => ({ ...c })), captures);
      // A lone optional slash ("/?") is dropped unless something follows it.
      if (n.sub.op === 'literal' && n.sub.text === '/') for (const c of taken) c.slashAt = c.text.length;
      return [...into, ...taken];
    }
    case 'capture':
      if (n.name === '') return collect(n.sub, into, captures);
      for (const c of into) c.text += `{${n.name}}`;
      captures.add(n.name);
      return into;
    default: throw new Unsupported(); // classes, ., *, +, {n,m} outside a named group
  }
}

/** The OpenAPI paths an (anchored) pattern stands for, with every named group as `{name}`; null if it has no such form. */
export function expandPattern(pattern: string): { paths: string[]; captures: Set<string> } | null {
  const captures = new Set<string>();
  try {
    const collectors = collect(parsePattern(pattern), [{ text: '', slashAt: 0 }], captures);
    return { paths: collectors.filter((c) => c.slashAt !== c.text.length).map((c) => c.text), captures };
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

// ---- documentPath ------------------------------------------------------------------------

/** openapi.go specialPathMatch: exact, `x*` prefix, or `+` segment wildcards (with `*` parts). */
export function specialPathMatch(path: string, specials: readonly string[]): boolean {
  const parts = path.split('/');
  const byParts = (want: string[]): boolean => {
    if (parts.length < want.length) return false;
    for (let i = 0; i < want.length; i++) {
      const [part, pat] = [parts[i], want[i]];
      if (pat === '+') continue;
      if (pat === '*') return true;
      if (pat.endsWith('*') && part.startsWith(pat.slice(0, -1))) return true;
      if (pat !== part) return false;
    }
    return parts.length === want.length;
  };
  return specials.some((sp) => sp === path || (sp.endsWith('*') && path.startsWith(sp.slice(0, -1))) || (sp.includes('+') && byParts(sp.split('/'))));
}

const toLowerHyphenate = (parts: string[]): string => parts.filter((p) => p !== '').join('-').toLowerCase();

/** openapi.go constructOperationID without display attributes: `<prefix>-<verb>-<path words>`. */
function operationId(path: string, op: Operation, prefix: string): string {
  return toLowerHyphenate([prefix, op === 'update' ? 'write' : op, toLowerHyphenate(path.split(/[^\w]+/))]);
}
/** openapi.go hyphenatedToTitleCase (every hyphen-separated word gets an upper-case first letter). */
const titleCase = (id: string): string => id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

function opProps(h: PathHandler | PathOperation): { summary: string; description: string; deprecated: boolean } {
  if (typeof h === 'function') return { summary: '', description: '', deprecated: false };
  return { summary: goTrimSpace(h.summary ?? ''), description: goTrimSpace(h.description ?? ''), deprecated: h.deprecated === true };
}

interface DocContext { backend: BackendSpec; prefix: string; tags: string[] }

/** openapi.go documentPath: one framework path → one or more OpenAPI paths in `doc`. */
function documentPath(p: PathSpec, ctx: DocContext, doc: OpenApiDocument): void {
  const sudo = ctx.backend.pathsSpecial?.root ?? [];
  const unauth = ctx.backend.pathsSpecial?.unauthenticated ?? [];
  const anchored = anchoredSource(p.pattern);
  const expanded = expandPattern(anchored);
  // A pattern with no OpenAPI form is listed under its regex, with no operations.
  const forceUnpublished = expanded === null;
  const captures = expanded?.captures ?? new Set<string>();
  const fields = p.fields ?? {};
  const ops = Object.entries(p.operations).filter((e): e is [Operation, PathHandler | PathOperation] => e[1] !== undefined);
  const has = (o: Operation): boolean => p.operations[o] !== undefined;

  for (const path of expanded?.paths ?? [anchored]) {
    const pathNames = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const parameters: OasParameter[] = [...new Set(pathNames)]
      .filter((name) => fields[name] !== undefined) // upstream dereferences the schema; a capture without one has no parameter here
      .sort(goStringCompare)
      .map((name) => compact({ name, description: cleanString(fields[name].description), in: 'path' as const, schema: paramSchema(fields[name]), required: true, deprecated: fields[name].deprecated }));
    const query = Object.keys(fields).filter((n) => !captures.has(n) && fields[n].query === true);
    const body = Object.keys(fields).filter((n) => !captures.has(n) && fields[n].query !== true);

    const item: OasPathItem = { description: cleanString(p.helpSynopsis), parameters, 'x-vault-sudo': specialPathMatch(path, sudo), 'x-vault-unauthenticated': specialPathMatch(path, unauth) };
    let listOp: OasOperation | undefined;
    for (const [type, handler] of forceUnpublished ? [] : ops) {
      if (type === 'create') {
        item['x-vault-createSupported'] = true;
        if (has('update')) continue; // create and update: update documents both
      }
      if (type === 'patch') continue; // no OpenAPI method for patch
      const props = opProps(handler);
      const id = operationId(path, type, ctx.prefix);
      // Members in OASOperation's field order; responses is always written.
      const op: OasOperation = { summary: props.summary, description: props.description, operationId: id, tags: [...ctx.tags], parameters: undefined, requestBody: undefined, responses: {}, deprecated: props.deprecated };
      if (type === 'create' || type === 'update') {
        const s = { type: 'object', properties: {} as Record<string, OasSchema>, required: [] as string[] };
        for (const n of [...body, ...query]) {
          if (n === 'sha_256' && path.includes('plugins/catalog/')) continue; // deprecated twin of sha256, left out upstream
          addField(s, n, fields[n]); // query fields are body fields on POST
        }
        s.required.sort(goStringCompare);
        const schema: OasSchema = compact({ type: s.type, properties: sorted(s.properties), additionalProperties: p.takesArbitraryInput === true, required: s.required });
        if (Object.keys(s.properties).length > 0) {
          const name = titleCase(id) + 'Request';
          doc.components.schemas[name] = schema;
          op.requestBody = { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } };
        } else if (p.takesArbitraryInput === true) {
          op.requestBody = { required: true, content: { 'application/json': { schema } } };
        }
      } else {
        const params: OasParameter[] = [];
        if (type === 'list') params.push({ name: 'list', description: 'Must be set to `true`', in: 'query', schema: { type: 'string', enum: ['true'] }, required: true });
        for (const n of query) params.push(compact({ name: n, description: cleanString(fields[n].description), in: 'query' as const, schema: paramSchema(fields[n]), deprecated: fields[n].deprecated }));
        op.parameters = params.sort((a, b) => goStringCompare(a.name, b.name));
      }
      if (type === 'delete') op.responses['204'] = { description: 'empty body' };
      else if (type === 'list') {
        op.responses['200'] = listOk();
        doc.components.schemas.StandardListResponse = standardListResponse();
      } else op.responses['200'] = { description: 'OK' };
      const done = compact(op);
      if (type === 'create' || type === 'update') item.post = done;
      else if (type === 'read') item.get = done;
      else if (type === 'delete') item.delete = done;
      else listOp = done;
    }
    // A path that must end in "/" can only ever be listed.
    const trailing = path.endsWith('/');
    if (trailing) [item.get, item.post, item.delete] = [undefined, undefined, undefined];
    if (listOp === undefined || item.get || item.post || item.delete) doc.paths['/' + path] = orderItem(item);
    if (listOp !== undefined) {
      const listPath = trailing ? path : path + '/';
      doc.paths['/' + listPath] = orderItem({
        description: item.description, parameters: item.parameters,
        'x-vault-sudo': specialPathMatch(listPath, sudo), 'x-vault-unauthenticated': specialPathMatch(listPath, unauth), get: listOp,
      });
    }
  }
}

const orderItem = (i: OasPathItem): OasPathItem =>
  compact({ description: i.description, parameters: i.parameters, 'x-vault-sudo': i['x-vault-sudo'], 'x-vault-unauthenticated': i['x-vault-unauthenticated'], 'x-vault-createSupported': i['x-vault-createSupported'], get: i.get, post: i.post, delete: i.delete });

// ---- whole documents, mount paths, merging -------------------------------------------------

interface OpenApiOptions {
  /** info.version (Vault's version; upstream's PluginEnv VaultVersion). */
  readonly version: string;
  readonly backend: BackendSpec;
  /** Document just this path (a path help request) instead of every path (root help). */
  readonly onlyPath?: { readonly spec: PathSpec };
  /**
   * Mount type (`kv`, `userpass`, `system`, …). `system` documents without tags, as Vault's sys
   * backend has no backend type. With mountPath it is also upstream's requestResponsePrefix
   * (operation-id and schema-name prefix); help requests have none.
   */
  readonly mountType?: string;
  /** Full mount path (`secret/`, `auth/userpass/`): paths are rewritten as sys/internal/specs/openapi does. */
  readonly mountPath?: string;
  /** `{<mount>_mount_path}` placeholders instead of the mount path (singleton mounts excepted). */
  readonly genericMountPaths?: boolean;
  /** Tag for the mount (default: logical_system.go's builtin tags by mount path). */
  readonly tag?: string;
}

// logical_system.go pathInternalOpenAPI: tags for builtin mounts that are not already tagged.
const BUILTIN_TAGS: Readonly<Record<string, string>> = { 'cubbyhole/': 'secrets', 'secret/': 'secrets', 'sys/': 'system', 'auth/token/': 'auth', 'identity/': 'identity' };

/** The OpenAPI document of a backend (root help, path help, or one mount's share of the merged document). */
export function openApiDocument(opts: OpenApiOptions): OpenApiDocument {
  const doc = newOpenApiDocument(opts.version);
  const tags = opts.mountType === 'system' ? [] : [opts.backend.backendType === 'credential' ? 'auth' : 'secrets'];
  const ctx: DocContext = { backend: opts.backend, prefix: opts.mountPath !== undefined ? opts.mountType ?? '' : '', tags };
  for (const p of opts.onlyPath !== undefined ? [opts.onlyPath.spec] : opts.backend.paths) documentPath(p, ctx, doc);
  if (opts.mountPath === undefined) return finish(doc);

  const isAuth = opts.mountPath.startsWith('auth/');
  const group = isAuth ? 'auth/' : '';
  const mount = opts.mountPath.slice(group.length);
  const tag = opts.tag ?? BUILTIN_TAGS[opts.mountPath];
  const singleton = isAuth ? opts.mountType === 'token' : ['system', 'identity', 'cubbyhole'].includes(opts.mountType ?? '');
  const param = opts.genericMountPaths === true && !singleton ? mount.replaceAll('-', '_').replace(/\/+$/, '') + '_mount_path' : '';
  const paths: Record<string, OasPathItem> = {};
  for (const [key, item] of Object.entries(doc.paths)) {
    for (const op of [item.get, item.post, item.delete]) {
      if (op !== undefined && tag !== undefined && (op.tags === undefined || tag === 'identity')) op.tags = [tag];
    }
    let next = item;
    if (param !== '') {
      const mountParam: OasParameter = { name: param, description: 'Path that the backend was mounted at', in: 'path', schema: { type: 'string', default: mount.replace(/\/+$/, '') }, required: true };
      next = orderItem({ ...item, parameters: [...(item.parameters ?? []), mountParam] });
    }
    paths['/' + group + (param !== '' ? `{${param}}/` : mount) + key.slice(1)] = next;
  }
  doc.paths = paths;
  return finish(doc);
}

function finish(doc: OpenApiDocument): OpenApiDocument {
  doc.paths = sorted(doc.paths);
  doc.components.schemas = sorted(doc.components.schemas);
  return doc;
}

/**
 * sys/internal/specs/openapi: mounts' documents (from openApiDocument with mountPath) merged, later
 * paths and schemas replacing earlier ones; the standard list schema is always Vault's own.
 */
export function mergeOpenApi(docs: readonly OpenApiDocument[], version?: string): OpenApiDocument {
  const doc = newOpenApiDocument(version ?? docs[0]?.info.version ?? '');
  for (const d of docs) {
    Object.assign(doc.paths, d.paths);
    Object.assign(doc.components.schemas, d.components.schemas);
  }
  if (doc.components.schemas.StandardListResponse !== undefined) doc.components.schemas.StandardListResponse = standardListResponse();
  return finish(doc);
}
