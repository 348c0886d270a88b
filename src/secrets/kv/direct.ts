// A typed, in-process face of a KV v2 mount for seeding and asserting (the test fake uses it):
// every method builds the LogicalRequest Vault's HTTP layer would and goes through
// KvBackend.handle(), so it behaves exactly like the API, errors included (VaultError).
import { isVaultError } from '../../errors/vault-error.js';
import type { LogicalResponse, Operation } from '../../logical/types.js';
import type { KvBackend } from './backend.js';

export interface KvVersionMetadata {
  created_time: string;
  custom_metadata: Record<string, string> | null;
  deletion_time: string;
  destroyed: boolean;
  version: number;
}

export interface KvSecret<T = Record<string, unknown>> {
  /** null when the version is soft-deleted or destroyed (Vault's 404 that still has a body). */
  data: T | null;
  metadata: KvVersionMetadata;
}

export interface KvKeyMetadataFields {
  max_versions?: number;
  cas_required?: boolean;
  delete_version_after?: string | number;
  custom_metadata?: Record<string, string>;
}

export class KvDirect {
  readonly #backend: KvBackend;
  readonly #mountPoint: string;

  constructor(backend: KvBackend, options: { mountPoint?: string } = {}) {
    this.#backend = backend;
    this.#mountPoint = options.mountPoint ?? 'secret/';
  }

  async #call(operation: Operation, path: string, data: Record<string, unknown> = {}): Promise<LogicalResponse | null> {
    return this.#backend.handle({ operation, path, data, mountPoint: this.#mountPoint });
  }

  /** Runs a read and turns Vault's bodiless 404 into null. */
  async #read(path: string, data: Record<string, unknown> = {}): Promise<LogicalResponse | null> {
    try {
      return await this.#call('read', path, data);
    } catch (e) {
      if (isVaultError(e) && e.status === 404) return null;
      throw e;
    }
  }

  /** Writes a new version (`cas` as options.cas); returns the new version's metadata. */
  async put(path: string, data: Record<string, unknown>, opts: { cas?: number } = {}): Promise<KvVersionMetadata> {
    const body: Record<string, unknown> = { data };
    if (opts.cas !== undefined) body.options = { cas: opts.cas };
    const op: Operation = (await this.#backend.exists({ operation: 'update', path: `data/${path}`, data: {}, mountPoint: this.#mountPoint }))
      ? 'update' : 'create';
    return (await this.#call(op, `data/${path}`, body))!.data as unknown as KvVersionMetadata;
  }

  /** Merge-patches the current version; null when there is nothing to patch (Vault's 404). */
  async patch(path: string, data: Record<string, unknown>, opts: { cas?: number } = {}): Promise<KvVersionMetadata | null> {
    const body: Record<string, unknown> = { data };
    if (opts.cas !== undefined) body.options = { cas: opts.cas };
    const res = await this.#call('patch', `data/${path}`, body);
    return res?.status === 404 ? null : (res!.data as unknown as KvVersionMetadata);
  }

  /** A version (latest by default); null when the key or version does not exist. */
  async get<T = Record<string, unknown>>(path: string, opts: { version?: number } = {}): Promise<KvSecret<T> | null> {
    const res = await this.#read(`data/${path}`, opts.version === undefined ? {} : { version: String(opts.version) });
    return res === null ? null : (res.data as unknown as KvSecret<T>);
  }

  async metadata(path: string): Promise<Record<string, unknown> | null> {
    const res = await this.#read(`metadata/${path}`);
    return res === null ? null : (res.data as Record<string, unknown>);
  }

  async putMetadata(path: string, fields: KvKeyMetadataFields): Promise<string[]> {
    const res = await this.#call('update', `metadata/${path}`, { ...fields });
    return res?.warnings ?? [];
  }

  async subkeys(path: string, opts: { version?: number; depth?: number } = {}): Promise<Record<string, unknown> | null> {
    const q: Record<string, unknown> = {};
    if (opts.version !== undefined) q.version = String(opts.version);
    if (opts.depth !== undefined) q.depth = String(opts.depth);
    const res = await this.#read(`subkeys/${path}`, q);
    return res === null ? null : (res.data as Record<string, unknown>);
  }

  /** Soft-deletes the latest version, or the listed ones. */
  async delete(path: string, versions?: number[]): Promise<void> {
    if (versions === undefined) await this.#call('delete', `data/${path}`);
    else await this.#call('update', `delete/${path}`, { versions });
  }

  async undelete(path: string, versions: number[]): Promise<void> {
    await this.#call('update', `undelete/${path}`, { versions });
  }

  async destroy(path: string, versions: number[]): Promise<void> {
    await this.#call('update', `destroy/${path}`, { versions });
  }

  /** Removes the key with all its versions. */
  async deleteMetadata(path: string): Promise<void> {
    await this.#call('delete', `metadata/${path}`);
  }

  /** Keys under a folder ('' for the root); [] when there are none. */
  async list(prefix = ''): Promise<string[]> {
    try {
      const res = await this.#call('list', `metadata/${prefix}`);
      return (res!.data as { keys: string[] }).keys;
    } catch (e) {
      if (isVaultError(e) && e.status === 404) return [];
      throw e;
    }
  }

  async config(): Promise<Record<string, unknown>> {
    return (await this.#call('read', 'config'))!.data as Record<string, unknown>;
  }

  async setConfig(fields: { max_versions?: number; cas_required?: boolean; delete_version_after?: string | number }): Promise<void> {
    await this.#call('update', 'config', { ...fields });
  }
}
