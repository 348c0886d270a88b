// The unversioned KV engine (KV passthrough.go), what `secrets enable kv` gives without
// `version=2`: every path under the mount is one JSON object stored as is. Reads report a lease
// duration (the object's `ttl` or `lease` field, else the mount's default TTL) but no lease id.
import { ERR_UNSUPPORTED_OPERATION, ERR_UNSUPPORTED_PATH, multierror } from '../../errors/core.js';
import { ERR_KV_MISSING_PATH, ERR_KV_V1_MISSING_DATA_FIELDS } from '../../errors/kv.js';
import { VaultError } from '../../errors/vault-error.js';
import type { Backend, LogicalRequest, LogicalResponse } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import { checkRequestPath } from './backend.js';
import { notFound } from './context.js';
import { decodeDurationSecond, type JsonObject } from './fields.js';
import { sortKeysDeep } from './merge-patch.js';

/** Vault's system default lease TTL, 768h (what a mount without its own default_lease_ttl uses). */
export const DEFAULT_LEASE_TTL_SECONDS = 2_764_800;

const PATH_PATTERN = /^[^\n]*$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface KvV1BackendOptions {
  storage: Storage;
  /** The mount's default lease TTL in seconds, read at each request (it can be tuned). */
  defaultLeaseTtl?: () => number;
}

/** The `ttl` (or legacy `lease`) field of a stored object, as parseutil.ParseDurationSecond reads it. */
function leaseSeconds(data: JsonObject, fallback: number): number {
  const raw = Object.hasOwn(data, 'ttl') ? data.ttl : Object.hasOwn(data, 'lease') ? data.lease : undefined;
  if (raw === undefined) return fallback;
  try {
    return decodeDurationSecond(raw, true) ?? 0;
  } catch {
    return fallback;
  }
}

export class KvV1Backend implements Backend {
  readonly type = 'kv';
  readonly #storage: Storage;
  readonly #defaultLeaseTtl: () => number;

  constructor(options: KvV1BackendOptions) {
    this.#storage = options.storage;
    this.#defaultLeaseTtl = options.defaultLeaseTtl ?? (() => DEFAULT_LEASE_TTL_SECONDS);
  }

  async handle(req: LogicalRequest): Promise<LogicalResponse | null> {
    const { path, operation } = req;
    checkRequestPath(path, operation);
    if (!PATH_PATTERN.test(path)) throw new VaultError(404, multierror(ERR_UNSUPPORTED_PATH));
    switch (operation) {
      case 'read': return this.#read(path);
      case 'create':
      case 'update': return this.#write(path, req.data ?? {});
      case 'delete':
        await this.#storage.delete(path);
        return null;
      case 'list': return this.#list(path);
      default: throw new VaultError(405, multierror(ERR_UNSUPPORTED_OPERATION));
    }
  }

  async exists(req: LogicalRequest): Promise<boolean> {
    return (await this.#storage.get(req.path)) !== undefined;
  }

  async #read(path: string): Promise<LogicalResponse> {
    const raw = await this.#storage.get(path);
    if (raw === undefined) throw notFound();
    const data = JSON.parse(decoder.decode(raw)) as JsonObject;
    return { data, lease_duration: leaseSeconds(data, this.#defaultLeaseTtl()), renewable: false };
  }

  async #write(path: string, data: JsonObject): Promise<null> {
    if (path === '') throw new VaultError(400, ERR_KV_MISSING_PATH);
    if (Object.keys(data).length === 0) throw new VaultError(400, ERR_KV_V1_MISSING_DATA_FIELDS);
    await this.#storage.put(path, encoder.encode(JSON.stringify(sortKeysDeep(data))));
    return null;
  }

  async #list(path: string): Promise<LogicalResponse> {
    const prefix = path === '' || path.endsWith('/') ? path : path + '/';
    const keys = await this.#storage.list(prefix);
    if (keys.length === 0) throw notFound();
    return { data: { keys } };
  }
}
