// The sys backend's ACL policy endpoints (V vault/logical_system.go handlePoliciesList/Read/Set/
// Delete and the legacy sys/policy routes), for the sys backend to call with a request whose path
// is relative to `sys/`:
//   LIST policies/acl               → data.keys (stored names sorted, then "root")
//   GET|PUT|DELETE policies/acl/:n  → data {name, policy} | 204 | 204
//   GET|LIST policy                 → data {keys, policies} (same list twice)
//   GET|PUT|DELETE policy/:n        → data {name, rules} | 204 or 200 with warnings | 204
import {
  ERR_AUTH_POLICY_EMPTY, ERR_AUTH_POLICY_NAME_MISSING, ERR_AUTH_UNSUPPORTED_OPERATION, ERR_AUTH_UNSUPPORTED_PATH,
  WARN_AUTH_RULES_DEPRECATED,
} from '../errors/auth.js';
import { VaultError } from '../errors/vault-error.js';
import type { LogicalRequest, LogicalResponse } from '../logical/types.js';
import { ROOT_POLICY_NAME } from './builtin-policies.js';
import { frameworkWarnings } from './framework-warnings.js';
import type { PolicyStore } from './policy-store.js';

const LIST_MODERN = /^policies\/acl\/?$/;
const ONE_MODERN = /^policies\/acl\/(.+)$/;
const LIST_LEGACY = /^policy\/?$/;
const ONE_LEGACY = /^policy\/(.+)$/;

/** True for the paths (relative to `sys/`) that `handleSysPolicyRequest` serves. */
export function isSysPolicyPath(path: string): boolean {
  return [LIST_MODERN, ONE_MODERN, LIST_LEGACY, ONE_LEGACY].some((re) => re.test(path));
}

/** Serves one sys policy request. `null` means no body (204); throws VaultError on failure. */
export async function handleSysPolicyRequest(store: PolicyStore, req: LogicalRequest): Promise<LogicalResponse | null> {
  const op = req.operation;
  if (LIST_MODERN.test(req.path)) {
    if (op !== 'list') throw new VaultError(405, ERR_AUTH_UNSUPPORTED_OPERATION);
    return withWarnings({ data: { keys: await listWithRoot(store) } }, req, []);
  }
  if (LIST_LEGACY.test(req.path)) {
    if (op !== 'list' && op !== 'read') throw new VaultError(405, ERR_AUTH_UNSUPPORTED_OPERATION);
    const keys = await listWithRoot(store);
    return withWarnings({ data: { keys, policies: keys } }, req, []);
  }
  const legacy = ONE_LEGACY.exec(req.path);
  const modern = legacy ? null : ONE_MODERN.exec(req.path);
  const name = (legacy ?? modern)?.[1];
  if (name === undefined) throw new VaultError(404, ERR_AUTH_UNSUPPORTED_PATH);
  const fields = legacy ? ['rules', 'policy'] : ['policy'];
  switch (op) {
    case 'read': return withWarnings(await readPolicy(store, name, legacy !== null), req, fields);
    case 'create':
    case 'update': return withWarnings(await writePolicy(store, name, req.data, legacy !== null), req, fields);
    case 'delete':
      await store.delete(name);
      return null;
    default: throw new VaultError(405, ERR_AUTH_UNSUPPORTED_OPERATION);
  }
}

async function listWithRoot(store: PolicyStore): Promise<string[]> {
  return [...(await store.list()), ROOT_POLICY_NAME];
}

async function readPolicy(store: PolicyStore, name: string, legacy: boolean): Promise<LogicalResponse | null> {
  const policy = await store.get(name);
  if (!policy) return null;
  return { data: { name: policy.name, [legacy ? 'rules' : 'policy']: policy.raw } };
}

async function writePolicy(store: PolicyStore, rawName: string, data: Record<string, unknown>, legacy: boolean): Promise<LogicalResponse | null> {
  const name = rawName.toLowerCase();
  if (name.trim() === '') throw new VaultError(400, ERR_AUTH_POLICY_NAME_MISSING);
  const warnings: string[] = [];
  let text = stringField(data.policy);
  if (text === '' && legacy) {
    text = stringField(data.rules);
    warnings.push(WARN_AUTH_RULES_DEPRECATED);
  }
  if (text === '') throw new VaultError(400, ERR_AUTH_POLICY_EMPTY);
  await store.put(name, decodeBase64IfValid(text));
  return warnings.length > 0 ? { warnings } : null;
}

/** framework.TypeString: strings as-is, numbers and booleans in their text form. */
function stringField(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Go's base64.StdEncoding.DecodeString succeeds (newlines ignored) → the decoded text is the policy. */
export function decodeBase64IfValid(text: string): string {
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return text;
  const bin = atob(compact);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Adds the framework's field warnings to a non-empty response, as Vault's sdk does. */
function withWarnings(resp: LogicalResponse | null, req: LogicalRequest, fields: string[]): LogicalResponse | null {
  if (!resp) return resp;
  const extra = frameworkWarnings(req.data, fields, fields.length > 0 ? ['name'] : []);
  if (extra.length === 0) return resp;
  return { ...resp, warnings: [...(resp.warnings ?? []), ...extra] };
}
