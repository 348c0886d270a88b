// The shapes of Vault's audit log: what core hands the broker for each request and response
// (logical.LogInput in Vault's sdk/logical/audit.go) and what a device writes (the JSON entry of
// openbao internal/audit/format.go: AuditRequestEntry, AuditResponseEntry and their parts).
// Field names are Vault's, snake_case, so core fills them once and the formatter copies them in
// Vault's struct order. Every field is optional where Vault's is `omitempty`.
import type { Operation } from '../logical/types.js';

/** One granting policy (openbao internal/audit/format.go PolicyInfo). */
interface AuditPolicyInfo {
  name?: string;
  namespace_id?: string;
  namespace_path?: string;
  /** `acl` (always written, even when empty). */
  type: string;
}

/** The ACL verdict (AuditPolicyResults); `allowed` is always written. */
export interface AuditPolicyResults {
  allowed: boolean;
  granting_policies?: AuditPolicyInfo[];
}

/**
 * The caller's token (the entry's `auth`) or a token the response hands out (`response.auth`).
 * `client_token` is the token exactly as the client sent it; `accessor` its accessor. Both are
 * HMAC'd by the device unless `log_raw` (the accessor only while `hmac_accessor` is on).
 */
export interface AuditAuth {
  client_token?: string;
  accessor?: string;
  display_name?: string;
  policies?: string[];
  token_policies?: string[];
  identity_policies?: string[];
  external_namespace_policies?: Record<string, string[]>;
  no_default_policy?: boolean;
  /** Top-level `auth` only. */
  policy_results?: AuditPolicyResults;
  metadata?: Record<string, string> | null;
  /** `response.auth` only. */
  num_uses?: number;
  /** Top-level `auth` only: uses left on a limited-use token. */
  remaining_uses?: number;
  entity_id?: string;
  /** Response entry's top-level `auth` only. */
  entity_created?: boolean;
  /** `service`, `batch`; written as `default` when absent (Vault's zero TokenType). */
  token_type?: string;
  /** Seconds; 0 (root tokens) is omitted. */
  token_ttl?: number;
  /** RFC 3339 with offset, seconds precision: `2026-01-01T00:00:00Z`. */
  token_issue_time?: string;
}

interface AuditNamespace {
  id: string;
  path?: string;
}

/** The request as audited (openbao internal/audit/format.go AuditRequest, same order). */
export interface AuditRequest {
  /** The request id (the envelope's `request_id`). */
  id: string;
  client_id?: string;
  replication_cluster?: string;
  operation: Operation | string;
  mount_point?: string;
  mount_type?: string;
  mount_accessor?: string;
  mount_running_version?: string;
  mount_running_sha256?: string;
  /** `secret` or `auth` (sys shows `secret`). */
  mount_class?: string;
  mount_is_external_plugin?: boolean;
  /** The token id (for `hvs.` service tokens, the internal id; HMAC'd). */
  client_token?: string;
  /** HMAC'd while `hmac_accessor` is on. */
  client_token_accessor?: string;
  /** Defaults to `{ id: 'root' }`. */
  namespace?: AuditNamespace;
  /** Full path after `/v1/`: `secret/data/app`. */
  path: string;
  /** Body (writes) or query (reads); string leaves are HMAC'd. */
  data?: Record<string, unknown> | null;
  policy_override?: boolean;
  remote_address?: string;
  remote_port?: number;
  wrap_ttl?: number;
  /** Only the headers configured for auditing (sys/config/auditing/request-headers). */
  headers?: Record<string, string[]>;
  client_certificate_serial_number?: string;
  /** Newer Vault: `/v1/sys/audit/file`. */
  request_uri?: string;
}

interface AuditSecret {
  lease_id?: string;
}

/** A response-wrapping token handed out (AuditResponseWrapInfo). */
export interface AuditWrapInfo {
  ttl?: number;
  token?: string;
  accessor?: string;
  creation_time?: string;
  creation_path?: string;
  wrapped_accessor?: string;
}

/**
 * The response as audited (AuditResponse, same order). The mount_* fields default to the
 * request's, as Vault copies them from the request.
 */
export interface AuditResponse {
  auth?: AuditAuth | null;
  mount_point?: string;
  mount_type?: string;
  mount_accessor?: string;
  mount_running_plugin_version?: string;
  mount_running_sha256?: string;
  mount_class?: string;
  mount_is_external_plugin?: boolean;
  secret?: AuditSecret | null;
  /** String leaves are HMAC'd; a failed request's `{ error }` too. */
  data?: Record<string, unknown> | null;
  warnings?: string[] | null;
  redirect?: string;
  wrap_info?: AuditWrapInfo | null;
  headers?: Record<string, string[]>;
}

/** What core passes to `broker.logRequest` (Vault's LogInput for a request). */
export interface AuditRequestInput {
  /** The caller's token; absent for a missing or unknown token. */
  auth?: AuditAuth | null;
  request: AuditRequest;
  /** The error text when the request failed or was denied. */
  error?: string | null;
  /** The mount's `audit_non_hmac_request_keys`: values under these keys stay plain. */
  nonHmacRequestKeys?: readonly string[];
}

/** What core passes to `broker.logResponse`. */
export interface AuditResponseInput extends AuditRequestInput {
  response?: AuditResponse | null;
  /** The mount's `audit_non_hmac_response_keys`. */
  nonHmacResponseKeys?: readonly string[];
}

/** How a device is enabled (the body of `PUT sys/audit/:path`). */
export interface AuditDeviceConfig {
  type: string;
  description?: string;
  /** String-valued options, as Vault stores them (`file_path`, `log_raw`, `hmac_accessor`, …). */
  options?: Record<string, string>;
  local?: boolean;
}

/** One row of `GET sys/audit` (keys in Go's map order, i.e. sorted). */
export interface AuditDeviceInfo {
  description: string;
  local: boolean;
  options: Record<string, string>;
  path: string;
  type: string;
}

export type { ChainHead } from '../audit-chain/chain.js';
