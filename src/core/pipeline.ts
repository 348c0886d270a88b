// The life of one logical request (vault/request_handling.go handleCancelableRequest,
// CheckToken, handleRequest): validate the path, resolve the token, find the mount, decide
// create vs update by existence, check the ACL, audit the request, run the backend, shape the
// envelope, audit the response. Everything here is Vault's order; see DESIGN.md "A request's way".
import { GoError, isVaultError, unsupportedHeaders } from '../errors/vault-error.js';
import {
  ERR_CONTEXT_CANCELED, ERR_INTERNAL, ERR_PARENT_REFERENCES, ERR_PERMISSION_DENIED, ERR_UNSUPPORTED_PATH, ERR_WRITE_TRAILING_SLASH,
  errNoHandler, multierror,
} from '../errors/core.js';
import { ERR_CUBBYHOLE_SERVICE_TOKENS } from '../errors/cubbyhole.js';
import { ERR_ROOT_PATH_UNAUTHENTICATED } from '../errors/mounts.js';
import { FrameworkBackend } from '../framework/backend.js';
import type { RequestIdentity } from '../framework/identity.js';
import { populateString, TemplateError, type TemplateInput } from '../auth/acl-templating.js';
import type { Backend, LogicalRequest, LogicalResponse, Operation, WrapInfo } from '../logical/types.js';
import { envelope, errorResponse, successBody } from './envelope.js';
import type { MountEntry, MountTable, Routed } from './mounts.js';
import type { Expiration } from './expiration.js';
import type { Wrapping } from './wrapping.js';
import { wrappingToken } from './sys-paths-wrapping.js';
import { isJwt } from './wrapping.js';
import type { AclDecision, AuditPort, AuditRecord, AuthPort, TokenInfo } from './ports.js';
import type { CoreRequest, CoreResponse } from './types.js';
import { isRawResponse, rawReply } from './raw-response.js';
import { effectiveTtls, mountInfo } from './sys-mount-info.js';

export interface PipelineDeps {
  /** A fresh request id (UUID) per request. */
  requestId: () => string;
  mounts: MountTable;
  auth: AuthPort;
  audit: AuditPort;
  expiration: Expiration;
  wrapping: Wrapping;
  /** The version help's OpenAPI documents carry. */
  version: string;
}

const WRITE_OPS = new Set<Operation>(['create', 'update', 'patch']);

function hasParentReference(path: string): boolean {
  return path.includes('..') && path.split('/').some((seg) => seg === '..');
}

/** The framework's special paths of the routed backend (vault/router.go LoginPath, RootPath). */
const framework = (b: Backend): FrameworkBackend | undefined => (b instanceof FrameworkBackend ? b : undefined);

/**
 * One request through the steps of hashicorp/vault vault/request_handling.go handleRequest /
 * handleLoginRequest, in Vault's order. It stays one function because the order is the behaviour
 * (which check answers first decides the status and error a client sees); the steps themselves
 * live in the helpers below.
 */
export async function runLogical(deps: PipelineDeps, req: CoreRequest): Promise<CoreResponse> {
  const requestId = deps.requestId();
  let path = req.path;
  const operation = req.operation;
  const data = req.data ?? {};

  if (hasParentReference(path)) return errorResponse(400, [ERR_PARENT_REFERENCES]);
  if (operation === 'list' && !path.endsWith('/')) path += '/';
  // The vault CLI writes sys/mounts/kgc/ and sys/audit/file/ with a trailing slash and Vault
  // accepts them, so the rule applies to backend data paths, not to the sys/ mount.
  if (!req.help && WRITE_OPS.has(operation) && path.endsWith('/') && !path.startsWith('sys/')) return errorResponse(400, [ERR_WRITE_TRAILING_SLASH]);

  // vault/request_handling.go handleCancelableRequest: a wrapping token to unwrap or rewrap is
  // validated before the client token and the ACL are looked at.
  if (!req.help && (path === 'sys/wrapping/unwrap' || path === 'sys/wrapping/rewrap' || path === 'sys/wrapping/lookup')) {
    try {
      // A JWT wrapping token presented as the client token stands for the token it names.
      if (req.token !== undefined && isJwt(req.token)) req = { ...req, token: await deps.wrapping.resolveId(req.token) };
      if (path !== 'sys/wrapping/lookup') await deps.wrapping.validate(wrappingToken({ data, clientToken: req.token }).id);
    } catch (e) {
      return errorResponse(...statusAndErrors(e, false));
    }
  }

  const routed = deps.mounts.route(path);
  const relPath = routed ? path.slice(routed.entry.path.length) : path;
  const fw = routed ? framework(routed.backend) : undefined;
  const login = fw?.isLoginPath(relPath) === true;
  const rootPath = fw ? fw.isRootPath(relPath) : undefined;

  const rec: AuditRecord = {
    requestId, operation, path, data, clientToken: req.token,
    remoteAddress: req.remoteAddress, remotePort: req.remotePort,
  };

  // Token: a missing or unknown token is a plain "permission denied" (no multierror wrapping).
  // On a login path a token is looked up best-effort and never required.
  let token: TokenInfo | undefined;
  if (req.token) token = await deps.auth.resolveToken(req.token);
  // A token bound to CIDRs is no token at all from elsewhere (request_handling.go CheckToken).
  if (token?.boundCidrs !== undefined && token.boundCidrs.length > 0
    && !(await import('../framework/cidr.js')).remoteAddrIsOk(req.remoteAddress ?? '', token.boundCidrs)) {
    token = undefined;
  }
  if (!token && !login) {
    rec.error = ERR_PERMISSION_DENIED;
    await auditDenied(deps, rec, ERR_PERMISSION_DENIED);
    return errorResponse(403, [ERR_PERMISSION_DENIED]);
  }
  if (login && rootPath) return errorResponse(400, [ERR_ROOT_PATH_UNAUTHENTICATED]);
  rec.token = token;
  if (routed) rec.mount = mountFacts(routed.entry);

  if (req.help) return help(deps, routed, relPath, path);

  const lreq: LogicalRequest = {
    operation, data, mountPoint: routed?.entry.path ?? '', path: relPath,
    headers: req.headers, clientToken: token?.id, remoteAddress: req.remoteAddress, requestId, wrapTtl: req.wrapTtl,
  };
  if (req.peerCertificates !== undefined) lreq.peerCertificates = req.peerCertificates;
  if (token !== undefined && token.entityId !== '') withIdentity(lreq, deps, token);

  // vault/router.go routeCommon: the cubbyhole backend sees the token's cubbyhole id, never the
  // token (the existence check too); a batch token has no cubbyhole.
  if (routed?.entry.type === 'cubbyhole' && token) {
    if (token.type === 'batch') return errorResponse(400, [ERR_CUBBYHOLE_SERVICE_TOKENS]);
    lreq.clientToken = deps.auth.tokenKey(token);
  }

  // create vs update: decided by the backend's existence check (request_handling.go CheckToken).
  let aclOp: Operation = operation;
  if (routed && operation === 'update' && routed.backend.exists) {
    try {
      if (!(await routed.backend.exists(lreq))) aclOp = 'create';
    } catch (e) {
      return errorResponse(...statusAndErrors(e, login));
    }
    lreq.operation = aclOp;
  }

  if (token && !login) {
    const decision: AclDecision = await deps.auth.authorize(token, path, aclOp, data, rootPath, req.wrapTtl);
    rec.policyResults = decision;
    if (!decision.allowed) {
      const msg = multierror(ERR_PERMISSION_DENIED);
      rec.error = msg;
      await auditDenied(deps, rec, msg);
      return errorResponse(403, [msg]);
    }
  }

  if (!routed) {
    const msg = errNoHandler(path);
    await deps.audit.logRequest(rec);
    rec.error = msg;
    await deps.audit.logResponse(rec);
    return errorResponse(404, [msg]);
  }

  await deps.audit.logRequest(rec); // throws 500 'internal error' when every device fails
  if (token && !login) await deps.auth.useToken(token);

  let resp: LogicalResponse | null;
  try {
    // max_request_duration: Vault's backend would meet the cancelled context at its first storage
    // operation; minivault's backends cannot be interrupted, so a request whose time ran out
    // (waiting for the write lock, or in the steps above) stops here, before anything is written,
    // and one that reached its backend in time runs to completion.
    if (req.deadlineExceeded?.() === true) throw new GoError(500, ERR_CONTEXT_CANCELED);
    resp = await routed.backend.handle(lreq);
    if (resp?.login) resp = await loginToken(deps, routed.entry, path, resp);
    if (resp?.secret) await deps.expiration.register(resp, path, routed.entry, token ? deps.auth.tokenKey(token) : '');
  } catch (e) {
    const [status, errors] = statusAndErrors(e, login);
    rec.error = errors[0] ?? '';
    rec.response = { data: { error: rec.error }, warnings: null, auth: null };
    await deps.audit.logResponse(rec);
    const res = errorResponse(status, errors);
    // A Vault feature minivault lacks is marked for the caller.
    const headers = unsupportedHeaders(e);
    if (headers) res.headers = headers;
    return res;
  }
  // vault/request_handling.go: handleLoginRequest never sets the response's MountType, so every
  // answer on a login path (not only logins) carries mount_type "".
  return finish(deps, rec, login ? '' : routed.backend.type, path, operation, requestId, resp, req.wrapTtl ?? 0, req.wrapFormat ?? '');
}

/**
 * logical.Request.EntityID and the SystemView's EntityInfo/GroupsForEntity as backends render
 * identity templates with them (sdk/framework/identity.go PopulateIdentityTemplate): the entity is
 * read only when a backend renders, once per request.
 */
function withIdentity(lreq: LogicalRequest, deps: PipelineDeps, token: TokenInfo): void {
  const r = lreq as LogicalRequest & { -readonly [K in keyof RequestIdentity]: RequestIdentity[K] };
  r.entityId = token.entityId;
  let input: TemplateInput | null | undefined;
  r.populateIdentityTemplate = (tpl) => {
    if (input === undefined) input = deps.auth.templateInput?.(token) ?? null;
    if (input === null) throw new TemplateError('no entity found');
    return populateString(tpl, input, 'acl');
  };
}

/** Go errors are multierror-wrapped except on login requests (request_handling.go). */
function statusAndErrors(e: unknown, login: boolean): [number, string[]] {
  if (login && e instanceof GoError) return [e.status, [e.plain]];
  const { status, errors } = asError(e);
  return [status, errors];
}

/** ?help=1: the backend's help object itself, no envelope (http/help.go handleHelp). */
async function help(deps: PipelineDeps, routed: Routed | undefined, relPath: string, path: string): Promise<CoreResponse> {
  if (!routed) return errorResponse(404, [errNoHandler(path)]);
  const fw = framework(routed.backend);
  if (!fw) return errorResponse(404, [multierror(ERR_UNSUPPORTED_PATH)]);
  try {
    return { status: 200, body: await fw.help(relPath.replace(/\/$/, ''), deps.version) };
  } catch (e) {
    return errorResponse(...statusAndErrors(e, false));
  }
}

/** A login's result becomes a token of the auth mount (request_handling.go LoginCreateToken). */
async function loginToken(deps: PipelineDeps, entry: MountEntry, path: string, resp: LogicalResponse): Promise<LogicalResponse> {
  const { defaultTtl, maxTtl } = effectiveTtls(entry, deps.mounts.systemTtls);
  const { auth, warnings } = await deps.auth.createLoginToken(resp.login!, {
    path: entry.path, requestPath: path, accessor: entry.accessor,
    tokenType: String(entry.config.token_type ?? 'default-service'), defaultTtl, maxTtl,
  });
  const out: LogicalResponse = { ...resp, auth };
  delete out.login;
  if (warnings.length > 0) out.warnings = [...(resp.warnings ?? []), ...warnings];
  return out;
}

async function finish(
  deps: PipelineDeps, rec: AuditRecord, mountType: string, path: string,
  operation: Operation, requestId: string, resp: LogicalResponse | null, wrapTtl = 0, wrapFormat = '',
): Promise<CoreResponse> {
  if (resp === null) {
    await deps.audit.logResponse(rec);
    // read of nothing is 404 with an empty error list; a write with nothing to say is 204.
    if (operation === 'read' || operation === 'list') return errorResponse(404, []);
    return { status: 204 };
  }
  if (resp.raw) {
    await deps.audit.logResponse(rec);
    return { status: resp.status ?? 200, body: resp.raw.body };
  }
  if (resp.status !== undefined && resp.data === undefined && !resp.warnings?.length && !resp.auth) {
    await deps.audit.logResponse(rec);
    return { status: resp.status }; // e.g. KV PATCH of a missing key: a bare 404
  }
  if (operation === 'list' && resp.status === undefined && isEmptyList(resp) && !resp.warnings?.length) {
    await deps.audit.logResponse(rec);
    return errorResponse(404, []);
  }
  const env = envelope(requestId, mountType, resp);
  rec.response = { data: env.data, warnings: env.warnings, auth: env.auth };
  // A backend may ask for wrapping itself (sys/wrapping/wrap, rewrap); the smaller TTL wins.
  const ttl = resp.wrapTtl !== undefined && resp.wrapTtl > 0 ? (wrapTtl > 0 ? Math.min(wrapTtl, resp.wrapTtl) : resp.wrapTtl) : wrapTtl;
  if (ttl > 0 && (resp.status ?? 200) === 200) {
    // vault/wrapping.go wrapInCubbyhole: the whole envelope, as it would have been sent, goes into
    // the wrapping token's cubbyhole; the client gets the wrap info only (http/logical.go respondLogical).
    // sys/wrapping/wrap always answers with a normal token, whatever the format asked for.
    const format = path === 'sys/wrapping/wrap' ? '' : wrapFormat;
    // wrapped_accessor: the token's accessor of an auth response, or an AppRole secret ID's accessor.
    const secretIdAccessor = typeof env.data?.secret_id_accessor === 'string' ? env.data.secret_id_accessor : undefined;
    const wrappedAccessor = env.auth?.accessor || secretIdAccessor || undefined;
    const info = resp.wrapInfo ?? (await deps.wrapping.wrap(successBody(path, env), ttl, path, wrappedAccessor, path, format));
    await deps.audit.logResponse(rec);
    return { status: 200, body: wrappedEnvelope(info) };
  }
  await deps.audit.logResponse(rec);
  if (isRawResponse(resp)) return rawReply(resp);
  return { status: resp.status ?? 200, body: successBody(path, env) };
}

/** The envelope of a wrapped response: nothing but wrap_info (request_id empty, warnings null). */
function wrappedEnvelope(info: WrapInfo): unknown {
  return {
    request_id: '', lease_id: '', renewable: false, lease_duration: 0, data: null, wrap_info: info, warnings: null, auth: null, mount_type: '',
  };
}

function isEmptyList(resp: LogicalResponse): boolean {
  const keys = resp.data?.keys;
  return !resp.data || keys === undefined || keys === null || (Array.isArray(keys) && keys.length === 0);
}

const factsCache = new WeakMap<MountEntry, NonNullable<AuditRecord['mount']>>();

function mountFacts(e: MountEntry): NonNullable<AuditRecord['mount']> {
  const cached = factsCache.get(e);
  if (cached) return cached;
  const info = mountInfo(e);
  const facts: NonNullable<AuditRecord['mount']> = {
    type: e.type, path: e.path, accessor: e.accessor, runningVersion: String(info.running_plugin_version),
    class: e.path.startsWith('auth/') ? 'auth' : 'secret',
  };
  factsCache.set(e, facts);
  return facts;
}

/** A denied request is audited as a request entry and a response entry, both carrying the error. */
async function auditDenied(deps: PipelineDeps, rec: AuditRecord, msg: string): Promise<void> {
  try {
    await deps.audit.logRequest(rec);
  } catch {
    // Vault only logs a failed request entry of a denied request server-side: the response
    // entry below fails too when every device is down, and that turns the answer into a 500.
  }
  rec.response = { data: { error: msg }, warnings: null, auth: null };
  await deps.audit.logResponse(rec);
}

export function asError(e: unknown): { status: number; errors: string[] } {
  if (isVaultError(e)) return { status: e.status, errors: e.errors };
  return { status: 500, errors: [ERR_INTERNAL] };
}
