// KV v2 over HTTP, as far as the sidecar needs it: read a version (vault-plugin-secrets-kv
// path_data.go pathDataRead, including the 404-with-body of a deleted or destroyed version), write
// with check-and-set (pathDataWrite), read metadata (path_metadata.go), and rollback, which Vault
// runs client-side (hashicorp/vault command/kv_rollback.go): src/kv's kvRollback does the steps,
// this file gives it the client's transport and turns its refusals into typed errors.
import { kvRollback, KvRollbackError, type KvApiCall } from '../secrets/kv/rollback.js';
import type { Operation } from '../logical/types.js';
import { errClientBadResponse, errClientRollbackVersion } from '../errors/client.js';
import { VaultClientError } from './errors.js';
import type { SecretPaths } from './paths.js';
import type { VaultAnswer, VaultTransport } from './transport.js';

export interface KvVersion {
  /** The secret; null when the version is soft-deleted or destroyed. */
  data: Record<string, unknown> | null;
  version: number;
  createdTime: string;
  deletionTime: string;
  destroyed: boolean;
  customMetadata: Record<string, string> | null;
}

export interface KvMetadata {
  currentVersion: number;
  customMetadata: Record<string, string> | null;
  /** created_time of the current version ('' when the key has none). */
  currentCreatedTime: string;
}

export interface KvWritten {
  version: number;
  createdTime: string;
}

export class KvV2 {
  readonly #http: VaultTransport;
  readonly #paths: SecretPaths;

  constructor(http: VaultTransport, paths: SecretPaths) {
    this.#http = http;
    this.#paths = paths;
  }

  /** The latest version (or `version`); null when Vault has nothing there at all. */
  async read(rel: string, version?: number): Promise<KvVersion | null> {
    const path = this.#paths.data(rel);
    const answer = await this.#http.call('GET', path, { accept: [404], ...(version ? { query: `version=${version}` } : {}) });
    const body = answer.body?.data;
    const meta = body?.metadata;
    if (answer.status === 404 && (meta === undefined || meta === null)) return null;
    if (typeof meta !== 'object' || meta === null || typeof meta.version !== 'number') {
      throw new VaultClientError('bad-response', answer.status, errClientBadResponse(`no metadata in a read of ${path}`), [], { method: 'GET', path });
    }
    const data = answer.status === 404 ? null : body.data;
    if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
      throw new VaultClientError('bad-response', answer.status, errClientBadResponse(`no data object in a read of ${path}`), [], { method: 'GET', path });
    }
    return {
      data,
      version: meta.version,
      createdTime: String(meta.created_time ?? ''),
      deletionTime: String(meta.deletion_time ?? ''),
      destroyed: meta.destroyed === true,
      customMetadata: meta.custom_metadata ?? null,
    };
  }

  /** Writes a new version; with `cas`, only if the key's current version is still `cas`. */
  async write(rel: string, data: Record<string, unknown>, cas?: number): Promise<KvWritten> {
    const path = this.#paths.data(rel);
    const body = cas === undefined ? { data, options: {} } : { data, options: { cas } };
    const answer = await this.#http.call('POST', path, { body });
    const out = answer.body?.data;
    if (typeof out?.version !== 'number') {
      throw new VaultClientError('bad-response', answer.status, errClientBadResponse(`no version in the answer to a write of ${path}`), [], { method: 'POST', path });
    }
    return { version: out.version, createdTime: String(out.created_time ?? '') };
  }

  /** The key's metadata; null when the key does not exist. */
  async metadata(rel: string): Promise<KvMetadata | null> {
    const path = this.#paths.metadata(rel);
    const answer = await this.#http.call('GET', path, { accept: [404] });
    if (answer.status === 404) return null;
    const d = answer.body?.data;
    if (typeof d?.current_version !== 'number') {
      throw new VaultClientError('bad-response', answer.status, errClientBadResponse(`no current_version in ${path}`), [], { method: 'GET', path });
    }
    const current = d.versions?.[String(d.current_version)];
    return {
      currentVersion: d.current_version,
      customMetadata: d.custom_metadata ?? null,
      currentCreatedTime: String(current?.created_time ?? ''),
    };
  }

  /**
   * `vault kv rollback -version=N`: N's data written back as a new version with cas = the latest
   * version. Refusals keep the CLI's words; a failed request keeps Vault's status and errors.
   */
  async rollback(rel: string, version: number): Promise<KvWritten> {
    if (!Number.isSafeInteger(version) || version <= 0) throw refused(errClientRollbackVersion(version));
    let failure: { method: string; path: string; answer: VaultAnswer } | null = null;
    const call: KvApiCall = async (operation, path, data) => {
      const method = HTTP_METHOD[operation];
      const read = method === 'GET';
      const query = read && data?.version !== undefined ? `version=${encodeURIComponent(String(data.version))}` : undefined;
      const answer = await this.#http.send(method, path, { ...(read ? {} : { body: data }), ...(query ? { query } : {}) });
      if (answer.status >= 400 && !(read && answer.status === 404)) failure = { method, path, answer };
      return answer;
    };
    let written: Record<string, unknown> | null;
    try {
      written = await kvRollback(call, this.#paths.mount, encodePathSegments(rel), version);
    } catch (e) {
      if (!(e instanceof KvRollbackError)) throw e;
      if (failure === null) throw refused(e.message);
      const f: { method: string; path: string; answer: VaultAnswer } = failure;
      const typed = this.#http.failure(f.method, f.path, f.answer);
      throw new VaultClientError(typed.kind, typed.status, e.message, typed.errors, { method: f.method, path: f.path, cause: e });
    }
    if (typeof written?.version !== 'number') {
      throw new VaultClientError('bad-response', 0, errClientBadResponse(`no version in the answer to a rollback of ${this.#paths.full(rel)}`), []);
    }
    return { version: written.version, createdTime: String(written.created_time ?? '') };
  }
}

const HTTP_METHOD: Record<Operation, string> = { read: 'GET', list: 'LIST', create: 'POST', update: 'POST', patch: 'PATCH', delete: 'DELETE' };

function encodePathSegments(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

function refused(message: string): VaultClientError {
  return new VaultClientError('rollback-refused', 0, message, [message]);
}
