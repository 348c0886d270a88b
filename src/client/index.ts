// The sidecar's Vault client (see vault-client.ts): cached KV reads at mounts found from the paths
// (v1 and v2), token renewal, scheduled rotation with check-and-set, rollback, and environment
// fallback while Vault is unavailable.
export { VaultClient, DEFAULT_STARTUP_SECRETS } from './vault-client.js';
export type { SecretData, GetSecretOptions, StartOptions, Started } from './vault-client.js';
export { VaultClientError, isVaultClientError, isOutage } from './errors.js';
export type { VaultClientErrorKind } from './errors.js';
export type { VaultClientEvents, DegradedReason, RenewStopReason } from './events.js';
export type { VaultClientOptions, Duration } from './options.js';
export { durationMs } from './options.js';
export type { RotateOptions, RotationResult, RotationSchedule, ScheduleRotationOptions, SecretEncoding } from './rotation.js';
export type { TokenInfo } from './token.js';
export type { LoginResult, TokenSource, VaultClientAuth } from './login.js';
export { DEFAULT_SERVICE_ACCOUNT_TOKEN } from './login.js';
export type { FetchLike } from './transport.js';
export type { KvWritten } from './kv.js';
export { kvRollback, KvRollbackError } from './kv-rollback.js';
export type { KvApiCall, KvApiOperation } from './kv-rollback.js';
export { Scheduler, backoffDelay, RENEW_BACKOFF } from './scheduler.js';
export type { BackoffPolicy, ScheduledJob } from './scheduler.js';
