// The JSON Vault wraps around every logical response (sdk/logical/translate_response.go
// HTTPResponse): field order matters to byte-for-byte clients, so the object is built in that
// order. Also the sys routes whose data Vault copies to the top level (http/handler.go
// injectDataIntoTopRoutes) and the error body `{"errors": [...]}` (sdk/logical/response_util.go).
import type { AuthInfo, LogicalResponse } from '../logical/types.js';
import type { CoreResponse } from './types.js';

export interface Envelope {
  request_id: string;
  lease_id: string;
  renewable: boolean;
  lease_duration: number;
  data: Record<string, unknown> | null;
  wrap_info: null;
  warnings: string[] | null;
  auth: AuthInfo | null;
  mount_type: string;
}

export function envelope(requestId: string, mountType: string, resp: LogicalResponse): Envelope {
  return {
    request_id: requestId,
    lease_id: resp.lease_id ?? '',
    renewable: resp.renewable ?? false,
    lease_duration: resp.lease_duration ?? 0,
    data: resp.data ?? null,
    wrap_info: null,
    warnings: resp.warnings && resp.warnings.length > 0 ? resp.warnings : null,
    auth: resp.auth ?? null,
    mount_type: mountType,
  };
}

// Go ServeMux-style patterns: an entry ending in '/' covers its subtree.
const INJECTED_EXACT = new Set([
  'sys/audit', 'sys/auth', 'sys/config/cors', 'sys/config/auditing/request-headers', 'sys/capabilities',
  'sys/capabilities-accessor', 'sys/capabilities-self', 'sys/ha-status', 'sys/key-status', 'sys/mounts',
  'sys/policy', 'sys/rekey/backup', 'sys/rekey/recovery-key-backup', 'sys/remount', 'sys/rotate',
  'sys/wrapping/wrap',
]);
const INJECTED_SUBTREES = [
  'sys/audit/', 'sys/audit-hash/', 'sys/auth/', 'sys/config/auditing/request-headers/', 'sys/mounts/', 'sys/policy/',
];

/** Whether Vault copies `data` to the top level of the body for this (request) path. */
export function injectsTopLevel(path: string): boolean {
  if (INJECTED_EXACT.has(path)) return true;
  for (const p of INJECTED_SUBTREES) if (path.startsWith(p)) return true;
  return false;
}

/** The body for a successful logical response, with top-level injection where Vault does it. */
export function successBody(path: string, env: Envelope): unknown {
  if (env.data && injectsTopLevel(path)) return { ...env.data, ...env };
  return env;
}

export function errorResponse(status: number, errors: string[], data?: unknown): CoreResponse {
  return { status, body: data === undefined ? { errors } : { errors, data } };
}
