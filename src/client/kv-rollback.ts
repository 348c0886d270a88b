// `vault kv rollback -version=N`, which Vault runs in the client (hashicorp/vault
// command/kv_rollback.go): read the latest version for its number, read version N, refuse a
// deleted (even only scheduled) or destroyed one, and write N's data back as a new version with
// cas = the latest number. It runs over any request function, so the CLI and the sidecar client
// pass their HTTP callers and the KV engine's tests an in-process one. It lives with the clients
// that perform it and knows nothing of the engine.
import {
  ERR_KV_ROLLBACK_DELETED, ERR_KV_ROLLBACK_DESTROYED, ERR_KV_ROLLBACK_VERSION_REQUIRED, errKvApiResponse,
  errKvRollbackInvalidVersion, errKvRollbackNoData, errKvRollbackNoMetadata, errKvRollbackNoValue, errKvRollbackPreRead,
  errKvRollbackWrite,
} from '../errors/kv.js';

/** The request kinds a caller maps onto HTTP methods (the same names as sdk/logical's operations). */
export type KvApiOperation = 'read' | 'list' | 'create' | 'update' | 'patch' | 'delete';

/**
 * A request over the full API: `path` is relative to /v1/ (`kgc/data/api-credentials`); `body`
 * is whatever JSON came back (a Vault envelope or `{"errors": [...]}`), undefined for none.
 */
export type KvApiCall = (operation: KvApiOperation, path: string, data?: Record<string, unknown>) => Promise<{ status: number; body: any }>;

/** A refusal with the CLI's message and exit status (1 for usage errors, 2 otherwise). */
export class KvRollbackError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2) {
    super(message);
    this.name = 'KvRollbackError';
    this.exitCode = exitCode;
  }
}

interface Envelope {
  data?: Record<string, unknown> | null;
  warnings?: string[] | null;
}

const METHOD: Record<KvApiOperation, string> = { read: 'GET', list: 'LIST', create: 'PUT', update: 'PUT', patch: 'PATCH', delete: 'DELETE' };

function apiError(operation: KvApiOperation, path: string, status: number, body: unknown): string {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return errKvApiResponse(METHOD[operation], path, status, Array.isArray(errors) ? errors.map(String) : []);
}

/**
 * The Go client's read (api/logical.go ReadWithData): a 404 that carries data or warnings is
 * still a secret (KV answers a deleted version that way); a bare 404 or a 204 is "nothing".
 */
async function readSecret(call: KvApiCall, path: string, data?: Record<string, unknown>): Promise<Envelope | null> {
  const res = await call('read', path, data);
  const body = res.body as Envelope | undefined;
  if (res.status === 404) {
    const hasData = body?.data != null && Object.keys(body.data).length > 0;
    return hasData || (body?.warnings?.length ?? 0) > 0 ? body! : null;
  }
  if (res.status >= 400) {
    const query = data?.version === undefined ? '' : `?version=${String(data.version)}`;
    throw new KvRollbackError(errKvRollbackPreRead(path, apiError('read', path + query, res.status, body)), 2);
  }
  return res.status === 204 || body === undefined ? null : body;
}

function metadataOf(secret: Envelope, path: string): Record<string, unknown> {
  const meta = secret.data?.metadata;
  if (meta === null || typeof meta !== 'object') throw new KvRollbackError(errKvRollbackNoMetadata(path), 2);
  return meta as Record<string, unknown>;
}

/**
 * Rolls `path` on the KV v2 mount `mount` back to `version`, as a new version. Returns the write
 * response's data (the new version's metadata), or null if the write answered without a body.
 */
export async function kvRollback(call: KvApiCall, mount: string, path: string, version: number | undefined):
  Promise<Record<string, unknown> | null> {
  if (version === undefined) throw new KvRollbackError(ERR_KV_ROLLBACK_VERSION_REQUIRED, 1);
  if (!(version > 0)) throw new KvRollbackError(errKvRollbackInvalidVersion(version), 1);
  const fullPath = `${mount.replace(/\/+$/, '')}/data/${path.replace(/^\/+/, '')}`;

  const latest = await readSecret(call, fullPath);
  if (latest === null) throw new KvRollbackError(errKvRollbackNoValue(fullPath), 2);
  const casVersion = metadataOf(latest, fullPath).version;

  const target = await readSecret(call, fullPath, { version: String(version) });
  if (target === null) throw new KvRollbackError(errKvRollbackNoValue(fullPath), 2);
  const meta = metadataOf(target, fullPath);
  if (typeof meta.deletion_time === 'string' && meta.deletion_time !== '') throw new KvRollbackError(ERR_KV_ROLLBACK_DELETED, 2);
  if (meta.destroyed === true) throw new KvRollbackError(ERR_KV_ROLLBACK_DESTROYED, 2);
  const data = target.data?.data;
  if (data === null || data === undefined) throw new KvRollbackError(errKvRollbackNoData(fullPath), 2);

  const res = await call('update', fullPath, { data, options: { cas: casVersion } });
  if (res.status >= 400) throw new KvRollbackError(errKvRollbackWrite(fullPath, apiError('update', fullPath, res.status, res.body)), 2);
  const body = res.body as Envelope | undefined;
  return res.status === 204 || body === undefined ? null : (body.data ?? null);
}
