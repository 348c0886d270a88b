// Builds Vault's JSON audit entries (openbao internal/audit/format.go FormatRequest,
// FormatResponse; hashstructure.go HashAuth, HashRequest, HashResponse, HashWrapInfo) and writes
// them as Go's encoding/json would: struct fields in declaration order, `omitempty` fields left
// out when empty, map keys sorted, and `<`, `>`, `&`, U+2028, U+2029 escaped.
import { elideListData, hashData, plainMap, type Hasher, type KeyOrderFlag } from './hash-structure.js';
import { goStringCompare } from '../go/strings.js';
import { isIndexKey } from '../go/json.js';
import type {
  AuditAuth, AuditPolicyResults, AuditRequest, AuditRequestInput, AuditResponse, AuditResponseInput, AuditWrapInfo,
} from './types.js';

/**
 * `auth.token_issue_time` as Vault writes it: Go's time.RFC3339, seconds precision, in the
 * server's zone (minivault runs in UTC): `2026-01-02T03:00:00Z`.
 */
export function tokenIssueTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The per-device switches that shape an entry (file backend options). */
export interface FormatOptions {
  /** `log_raw`: nothing is hashed. */
  raw: boolean;
  /** `hmac_accessor`: token accessors are hashed too. */
  hmacAccessor: boolean;
  /** `elide_list_responses`: list responses carry counts instead of keys. */
  elideListResponses: boolean;
}

type Out = Record<string, unknown>;

// Go's omitempty: '' / 0 / false / nil / empty slice or map are left out.
function str(out: Out, key: string, v: string | undefined | null): void {
  if (v) out[key] = v;
}
function num(out: Out, key: string, v: number | undefined | null): void {
  if (v) out[key] = v;
}
function bool(out: Out, key: string, v: boolean | undefined | null): void {
  if (v) out[key] = true;
}
function list(out: Out, key: string, v: readonly unknown[] | undefined | null): void {
  if (v && v.length > 0) out[key] = v;
}
function map(out: Out, key: string, v: Record<string, unknown> | undefined | null, order: KeyOrderFlag): void {
  if (!v) return;
  const keys = Object.keys(v);
  if (keys.length === 0) return;
  const sorted = plainMap();
  for (const k of keys.sort(goStringCompare)) {
    if (isIndexKey(k)) order.exact = true;
    sorted[k] = v[k];
  }
  out[key] = sorted;
}

/** Which optional members an `auth` block carries where it appears. */
type AuthPlace = 'request-entry' | 'response-entry' | 'issued';

function policyResults(p: AuditPolicyResults): Out {
  const out: Out = { allowed: p.allowed };
  if (p.granting_policies && p.granting_policies.length > 0) {
    out.granting_policies = p.granting_policies.map((g) => {
      const o: Out = {};
      str(o, 'name', g.name);
      str(o, 'namespace_id', g.namespace_id);
      str(o, 'namespace_path', g.namespace_path);
      o.type = g.type ?? '';
      return o;
    });
  }
  return out;
}

function auth(a: AuditAuth | null | undefined, place: AuthPlace, h: Hasher | null, opts: FormatOptions, order: KeyOrderFlag): Out {
  const src = a ?? {};
  const out: Out = {};
  if (src.client_token) out.client_token = h ? h(src.client_token) : src.client_token;
  if (src.accessor) out.accessor = h && opts.hmacAccessor ? h(src.accessor) : src.accessor;
  str(out, 'display_name', src.display_name);
  list(out, 'policies', src.policies);
  list(out, 'token_policies', src.token_policies);
  list(out, 'identity_policies', src.identity_policies);
  map(out, 'external_namespace_policies', src.external_namespace_policies, order);
  bool(out, 'no_default_policy', src.no_default_policy);
  if (place !== 'issued' && src.policy_results) out.policy_results = policyResults(src.policy_results);
  map(out, 'metadata', src.metadata, order);
  if (place === 'issued') num(out, 'num_uses', src.num_uses);
  if (place !== 'issued') num(out, 'remaining_uses', src.remaining_uses);
  str(out, 'entity_id', src.entity_id);
  if (place === 'response-entry') bool(out, 'entity_created', src.entity_created);
  out.token_type = src.token_type || 'default';
  num(out, 'token_ttl', src.token_ttl);
  str(out, 'token_issue_time', src.token_issue_time);
  return out;
}

function request(r: AuditRequest, h: Hasher | null, opts: FormatOptions, order: KeyOrderFlag, nonHmacKeys?: readonly string[]): Out {
  const out: Out = {};
  str(out, 'id', r.id);
  str(out, 'client_id', r.client_id);
  str(out, 'replication_cluster', r.replication_cluster);
  str(out, 'operation', r.operation);
  str(out, 'mount_point', r.mount_point);
  str(out, 'mount_type', r.mount_type);
  str(out, 'mount_accessor', r.mount_accessor);
  str(out, 'mount_running_version', r.mount_running_version);
  str(out, 'mount_running_sha256', r.mount_running_sha256);
  str(out, 'mount_class', r.mount_class);
  bool(out, 'mount_is_external_plugin', r.mount_is_external_plugin);
  if (r.client_token) out.client_token = h ? h(r.client_token) : r.client_token;
  if (r.client_token_accessor) {
    out.client_token_accessor = h && opts.hmacAccessor ? h(r.client_token_accessor) : r.client_token_accessor;
  }
  const ns: Out = {};
  str(ns, 'id', r.namespace ? r.namespace.id : 'root');
  str(ns, 'path', r.namespace?.path);
  out.namespace = ns;
  str(out, 'path', r.path);
  if (r.data) {
    const data = hashData(r.data, h, nonHmacKeys, order);
    if (Object.keys(data).length > 0) out.data = data;
  }
  bool(out, 'policy_override', r.policy_override);
  str(out, 'remote_address', r.remote_address);
  num(out, 'remote_port', r.remote_port);
  num(out, 'wrap_ttl', r.wrap_ttl);
  map(out, 'headers', r.headers, order);
  str(out, 'client_certificate_serial_number', r.client_certificate_serial_number);
  str(out, 'request_uri', r.request_uri);
  return out;
}

function wrapInfo(w: AuditWrapInfo, h: Hasher | null, opts: FormatOptions): Out {
  // HashWrapInfo hashes the token unconditionally and the accessor whenever hmac_accessor is on.
  const token = h ? h(w.token ?? '') : w.token;
  const accessor = h && opts.hmacAccessor ? h(w.accessor ?? '') : w.accessor;
  const wrapped = w.wrapped_accessor && h && opts.hmacAccessor ? h(w.wrapped_accessor) : w.wrapped_accessor;
  const out: Out = {};
  num(out, 'ttl', w.ttl);
  str(out, 'token', token);
  str(out, 'accessor', accessor);
  str(out, 'creation_time', w.creation_time);
  str(out, 'creation_path', w.creation_path);
  str(out, 'wrapped_accessor', wrapped);
  return out;
}

function response(
  resp: AuditResponse | null | undefined, req: AuditRequest, h: Hasher | null, opts: FormatOptions,
  order: KeyOrderFlag, nonHmacKeys?: readonly string[],
): Out {
  const r = resp ?? {};
  const out: Out = {};
  if (r.auth) out.auth = auth(r.auth, 'issued', h, opts, order);
  str(out, 'mount_point', r.mount_point ?? req.mount_point);
  str(out, 'mount_type', r.mount_type ?? req.mount_type);
  str(out, 'mount_accessor', r.mount_accessor ?? req.mount_accessor);
  str(out, 'mount_running_plugin_version', r.mount_running_plugin_version ?? req.mount_running_version);
  str(out, 'mount_running_sha256', r.mount_running_sha256 ?? req.mount_running_sha256);
  str(out, 'mount_class', r.mount_class ?? req.mount_class);
  bool(out, 'mount_is_external_plugin', r.mount_is_external_plugin ?? req.mount_is_external_plugin);
  if (r.secret) {
    const secret: Out = {};
    str(secret, 'lease_id', r.secret.lease_id);
    out.secret = secret;
  }
  if (r.data) {
    const source = opts.elideListResponses && req.operation === 'list' ? elideListData(r.data) : r.data;
    const data = hashData(source, h, nonHmacKeys, order);
    if (Object.keys(data).length > 0) out.data = data;
  }
  list(out, 'warnings', r.warnings);
  str(out, 'redirect', r.redirect);
  if (r.wrap_info) out.wrap_info = wrapInfo(r.wrap_info, h, opts);
  map(out, 'headers', r.headers, order);
  return out;
}

/**
 * The hasher for one entry, remembering what it hashed: a token and its accessor appear in both
 * `auth` and `request`. Nothing outlives the entry, so no plaintext is kept around.
 */
function perEntry(h: Hasher | null): Hasher | null {
  if (h === null) return null;
  const seen = new Map<string, string>();
  return (value) => {
    let out = seen.get(value);
    if (out === undefined) {
      out = h(value);
      seen.set(value, out);
    }
    return out;
  };
}

/**
 * The request entry: time, type, auth, request, error (AuditRequestEntry). `order.exact` is set
 * when the entry must be written with `goJson(entry, { exact: true })` (src/go/json.ts).
 */
export function requestEntry(
  input: AuditRequestInput, time: string, h: Hasher | null, opts: FormatOptions, order: KeyOrderFlag = { exact: false },
): Out {
  const hasher = opts.raw ? null : perEntry(h);
  const out: Out = {};
  str(out, 'time', time);
  out.type = 'request';
  out.auth = auth(input.auth, 'request-entry', hasher, opts, order);
  out.request = request(input.request, hasher, opts, order, input.nonHmacRequestKeys);
  str(out, 'error', input.error);
  return out;
}

/** The response entry: time, type, auth, request, response, error (AuditResponseEntry). */
export function responseEntry(
  input: AuditResponseInput, time: string, h: Hasher | null, opts: FormatOptions, order: KeyOrderFlag = { exact: false },
): Out {
  const hasher = opts.raw ? null : perEntry(h);
  const out: Out = {};
  str(out, 'time', time);
  out.type = 'response';
  out.auth = auth(input.auth, 'response-entry', hasher, opts, order);
  out.request = request(input.request, hasher, opts, order, input.nonHmacRequestKeys);
  out.response = response(input.response, input.request, hasher, opts, order, input.nonHmacResponseKeys);
  str(out, 'error', input.error);
  return out;
}
