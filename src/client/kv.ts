// KV over HTTP, as far as the sidecar needs it, at a location mounts.ts resolved. KV v2: read a
// version (vault-plugin-secrets-kv path_data.go pathDataRead, including the 404-with-body of a
// deleted or destroyed version), write with check-and-set (pathDataWrite), read metadata
// (path_metadata.go), and rollback, which Vault runs client-side (hashicorp/vault
// command/kv_rollback.go; the steps are in kv-rollback.ts, this file gives them the client's
// transport and turns refusals into typed errors). KV v1 (vault-plugin-secrets-kv
// passthrough.go): a plain read and write; what needs versions is refused as the CLI refuses it.
import { kvRollback, KvRollbackError, type KvApiCall, type KvApiOperation } from './kv-rollback.js';
import { errClientBadResponse, errClientNeedsV2, errClientNoValueWarned, errClientRollbackVersion, ERR_CLIENT_NO_HANDLER } from '../errors/client.js';
import { ERR_CLI_KV_ROLLBACK_V1 } from '../errors/cli.js';
import { VaultClientError } from './errors.js';
import { apiPath, type KvLocation } from './mounts.js';
import { vaultErrors, type VaultAnswer, type VaultTransport } from './transport.js';

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

export class KvClient {
  readonly #http: VaultTransport;

  constructor(http: VaultTransport) {
    this.#http = http;
  }

  /** The latest version (or `version`); null when Vault has nothing there at all. */
  async read(loc: KvLocation, version?: number): Promise<KvVersion | null> {
    if (loc.version === 1) return this.#readV1(loc);
    const path = apiPath(loc);
    const answer = this.#unlessGone('GET', path, await this.#http.call('GET', path, { accept: [404], ...(version ? { query: `version=${version}` } : {}) }));
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

  /** Writes a new version; with `cas`, only if the key's current version is still `cas` (v2 only). */
  async write(loc: KvLocation, data: Record<string, unknown>, cas?: number): Promise<KvWritten> {
    if (loc.version === 1) throw needsV2(loc, 'a check-and-set write');
    const path = apiPath(loc);
    const body = cas === undefined ? { data, options: {} } : { data, options: { cas } };
    const answer = await this.#http.call('POST', path, { body });
    const out = answer.body?.data;
    if (typeof out?.version !== 'number') {
      throw new VaultClientError('bad-response', answer.status, errClientBadResponse(`no version in the answer to a write of ${path}`), [], { method: 'POST', path });
    }
    return { version: out.version, createdTime: String(out.created_time ?? '') };
  }

  /** The key's metadata (v2 only); null when the key does not exist. */
  async metadata(loc: KvLocation): Promise<KvMetadata | null> {
    if (loc.version === 1) throw needsV2(loc, 'reading metadata');
    const path = apiPath(loc, 'metadata');
    const answer = this.#unlessGone('GET', path, await this.#http.call('GET', path, { accept: [404] }));
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
  async rollback(loc: KvLocation, version: number): Promise<KvWritten> {
    if (loc.version === 1) throw refused(ERR_CLI_KV_ROLLBACK_V1);
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
      const dataPath = apiPath(loc);
      written = await kvRollback(call, loc.mount, dataPath.slice(`${loc.mount}data/`.length), version);
    } catch (e) {
      if (!(e instanceof KvRollbackError)) throw e;
      if (failure === null) throw refused(e.message);
      const f: { method: string; path: string; answer: VaultAnswer } = failure;
      const typed = this.#http.failure(f.method, f.path, f.answer);
      throw new VaultClientError(typed.kind, typed.status, e.message, typed.errors, { method: f.method, path: f.path, cause: e });
    }
    if (typeof written?.version !== 'number') {
      throw new VaultClientError('bad-response', 0, errClientBadResponse(`no version in the answer to a rollback of ${loc.key}`), []);
    }
    return { version: written.version, createdTime: String(written.created_time ?? '') };
  }

  /** A 404 from the router, not the engine: the mount is gone, which is an error, not "no value". */
  #unlessGone(method: string, path: string, answer: VaultAnswer): VaultAnswer {
    if (answer.status === 404 && vaultErrors(answer.body).some((e) => e.includes(ERR_CLIENT_NO_HANDLER))) throw this.#http.failure(method, path, answer);
    return answer;
  }

  /** KV v1 has one value per key and no metadata: version 0, no times. */
  async #readV1(loc: KvLocation): Promise<KvVersion | null> {
    const path = apiPath(loc);
    const answer = this.#unlessGone('GET', path, await this.#http.call('GET', path, { accept: [404] }));
    const warnings: unknown = answer.body?.warnings;
    // A v2 mount read as v1 (its preflight was denied) answers 404 with a warning saying so.
    if (answer.status === 404 && Array.isArray(warnings) && warnings.length > 0) {
      const list = warnings.map(String);
      throw new VaultClientError('not-found', 404, errClientNoValueWarned(loc.key, list), list, { method: 'GET', path });
    }
    if (answer.status === 404 || answer.status === 204) return null;
    const data = answer.body?.data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new VaultClientError('bad-response', answer.status, errClientBadResponse(`no data object in a read of ${path}`), [], { method: 'GET', path });
    }
    return { data, version: 0, createdTime: '', deletionTime: '', destroyed: false, customMetadata: null };
  }
}

const HTTP_METHOD: Record<KvApiOperation, string> = { read: 'GET', list: 'LIST', create: 'POST', update: 'POST', patch: 'PATCH', delete: 'DELETE' };

/** Throws unless the location is on a KV v2 mount (rotation needs versions and check-and-set). */
export function requireV2(loc: KvLocation, what: string): void {
  if (loc.version === 1) throw needsV2(loc, what);
}

function needsV2(loc: KvLocation, what: string): VaultClientError {
  const message = errClientNeedsV2(what, loc.mount, loc.key);
  return new VaultClientError('invalid-request', 0, message, [message]);
}

function refused(message: string): VaultClientError {
  return new VaultClientError('rollback-refused', 0, message, [message]);
}
