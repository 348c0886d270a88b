// The api.Secret shape (api/secret.go) the CLI decodes responses into, and the GoStruct that
// gives it its JSON field order when `-format=json` prints it with Go's json.MarshalIndent
// (src/go/json.ts goJsonIndent, command/format.go JsonFormatter).
import { ERR_CLI_EMPTY_RESPONSE_DATA } from '../errors/cli.js';
import { GoStruct } from '../go/json.js';
import { wireTimeRfc3339Nano } from '../go/time.js';

/** The auth block of a response (api.SecretAuth). */
export interface SecretAuth {
  client_token?: string;
  accessor?: string;
  policies?: string[] | null;
  token_policies?: string[] | null;
  identity_policies?: string[] | null;
  metadata?: Record<string, string> | null;
  orphan?: boolean;
  entity_id?: string;
  lease_duration?: number;
  renewable?: boolean;
  mfa_requirement?: unknown;
}

/** A decoded response envelope (api.Secret). */
export interface Secret {
  request_id: string;
  lease_id: string;
  lease_duration: number;
  renewable: boolean;
  data: Record<string, unknown> | null;
  warnings: string[] | null;
  auth: SecretAuth | null;
  wrap_info: Record<string, unknown> | null;
  mount_type: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * api.ParseSecret: picks the envelope's known fields; a body with none of them (a raw, non-envelope
 * response) becomes the secret's data, unless it only carries `errors`. Undefined for no body.
 * With rawFallback false it is a plain decode into api.Secret (json.Decoder.Decode, as the unwrap
 * fallback does with `cubbyhole/response`): unknown fields are dropped, nothing moves into data.
 */
export function parseSecret(body: unknown, rawFallback = true): Secret | undefined {
  if (!isObject(body)) return undefined;
  const secret: Secret = {
    request_id: typeof body.request_id === 'string' ? body.request_id : '',
    lease_id: typeof body.lease_id === 'string' ? body.lease_id : '',
    lease_duration: typeof body.lease_duration === 'number' ? body.lease_duration : 0,
    renewable: body.renewable === true,
    data: isObject(body.data) ? body.data : null,
    warnings: Array.isArray(body.warnings) ? body.warnings.map(String) : null,
    auth: isObject(body.auth) ? (body.auth as SecretAuth) : null,
    wrap_info: isObject(body.wrap_info) ? body.wrap_info : null,
    mount_type: typeof body.mount_type === 'string' ? body.mount_type : '',
  };
  const empty = secret.request_id === '' && secret.lease_id === '' && secret.lease_duration === 0
    && !secret.renewable && secret.data === null && secret.warnings === null && secret.auth === null
    && secret.wrap_info === null && secret.mount_type === '';
  if (empty && rawFallback) {
    const keys = Object.keys(body);
    if (keys.length === 1 && keys[0] === 'errors') return undefined;
    if (keys.length > 0) secret.data = body;
  }
  return secret;
}

function authStruct(auth: SecretAuth): GoStruct {
  return new GoStruct([
    ['client_token', auth.client_token ?? ''],
    ['accessor', auth.accessor ?? ''],
    ['policies', auth.policies ?? null],
    ['token_policies', auth.token_policies ?? null],
    ['identity_policies', auth.identity_policies ?? null],
    ['metadata', auth.metadata ?? null],
    ['orphan', auth.orphan ?? false],
    ['entity_id', auth.entity_id ?? ''],
    ['lease_duration', auth.lease_duration ?? 0],
    ['renewable', auth.renewable ?? false],
    ['mfa_requirement', auth.mfa_requirement ?? null],
  ]);
}

/**
 * The `data` of a response the api package's Sys() calls require it in (ListPolicies, GetPolicy,
 * ListAudit, ListMounts); without it (a wrapped response, say) they fail as Vault's do.
 */
export function requireData(body: unknown): Record<string, unknown> {
  const data = parseSecret(body)?.data;
  if (!data) throw new Error(ERR_CLI_EMPTY_RESPONSE_DATA);
  return data;
}

/** api.SecretWrapInfo: every field, creation_time re-encoded as Go's time.Time writes it. */
function wrapInfoStruct(wrap: Record<string, unknown>): GoStruct {
  return new GoStruct([
    ['token', wrap.token ?? ''],
    ['accessor', wrap.accessor ?? ''],
    ['ttl', wrap.ttl ?? 0],
    ['creation_time', wireTimeRfc3339Nano(wrap.creation_time)],
    ['creation_path', wrap.creation_path ?? ''],
    ['wrapped_accessor', wrap.wrapped_accessor ?? ''],
  ]);
}

/** The api.Secret struct as `-format=json` prints a whole response. */
export function secretStruct(secret: Secret): GoStruct {
  return new GoStruct([
    ['request_id', secret.request_id],
    ['lease_id', secret.lease_id],
    ['lease_duration', secret.lease_duration],
    ['renewable', secret.renewable],
    ['data', secret.data],
    ['warnings', secret.warnings],
    ['auth', secret.auth ? authStruct(secret.auth) : undefined],
    ['wrap_info', secret.wrap_info ? wrapInfoStruct(secret.wrap_info) : undefined],
    ['mount_type', secret.mount_type === '' ? undefined : secret.mount_type],
  ]);
}
