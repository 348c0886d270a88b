// The typed error every VaultClient failure arrives as: Vault's HTTP status and its `errors` array
// verbatim (as hashicorp/vault api/response.go ResponseError carries them), plus a `kind` so callers
// can branch without parsing strings. Status 0 means no HTTP answer (refused, timed out, closed).
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_CLIENT_CAS_MISMATCH,
  ERR_CLIENT_INVALID_LEASE_ID,
  ERR_CLIENT_LEASE_NOT_RENEWABLE,
  ERR_CLIENT_PERMISSION_DENIED,
  ERR_CLIENT_SEALED,
} from '../errors/client.js';

export type VaultClientErrorKind =
  | 'permission-denied' // 403: bad, expired or revoked token, or an ACL denial
  | 'cas-mismatch' // 400: another writer got in first (check-and-set)
  | 'not-renewable' // 400 from renew-self: the token cannot be renewed
  | 'sealed' // 503 Vault is sealed
  | 'not-found' // 404 with no secret
  | 'invalid-request' // any other 4xx
  | 'server' // 5xx other than sealed
  | 'unreachable' // connection refused, reset, DNS
  | 'timeout' // no answer within the `timeout` option
  | 'unavailable' // degraded mode and no fallback value
  | 'rotation-paused' // rotate() while degraded
  | 'field-missing' // getSecret(path, field) and the field is absent
  | 'rollback-refused' // rollback to a deleted, destroyed or missing version
  | 'bad-response' // Vault answered with something the client cannot read
  | 'closed'; // the client was closed

export class VaultClientError extends VaultError {
  readonly kind: VaultClientErrorKind;
  /** HTTP method and path (after /v1/) of the request that failed, when there was one. */
  readonly method: string | undefined;
  readonly path: string | undefined;
  constructor(
    kind: VaultClientErrorKind,
    status: number,
    message: string,
    errors: string[],
    details: { method?: string; path?: string; cause?: unknown } = {},
  ) {
    super(status, message, errors);
    this.name = 'VaultClientError';
    this.kind = kind;
    this.method = details.method;
    this.path = details.path;
    if (details.cause !== undefined) Object.defineProperty(this, 'cause', { value: details.cause, enumerable: false });
  }
}

export function isVaultClientError(e: unknown): e is VaultClientError {
  return e instanceof VaultClientError;
}

/** The kind for an HTTP answer, chosen from status and Vault's error text. */
export function kindForStatus(status: number, errors: readonly string[]): VaultClientErrorKind {
  const text = errors.join('\n');
  if (status === 403 || text.includes(ERR_CLIENT_PERMISSION_DENIED)) return 'permission-denied';
  if (text.includes(ERR_CLIENT_CAS_MISMATCH)) return 'cas-mismatch';
  if (text.includes(ERR_CLIENT_LEASE_NOT_RENEWABLE) || text.includes(ERR_CLIENT_INVALID_LEASE_ID)) return 'not-renewable';
  if (status === 503 && (text.includes(ERR_CLIENT_SEALED) || errors.length === 0)) return 'sealed';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server';
  return 'invalid-request';
}

/**
 * Whether the failure means "Vault is not serving right now" (enter degraded mode, serve stale or
 * fallback values) rather than "Vault said no" (surface the error: a revoked token is never hidden).
 */
export function isOutage(e: unknown): boolean {
  if (!(e instanceof VaultClientError)) return false;
  return e.kind === 'unreachable' || e.kind === 'timeout' || e.kind === 'sealed' || e.kind === 'server';
}
