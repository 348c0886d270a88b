// The unversioned KV engine (KV passthrough.go), what `secrets enable kv` gives without
// `version=2`: every path under the mount is one JSON object stored as is. Reads report a lease
// duration (the object's `ttl` or `lease` field, else the mount's default TTL) but no lease id.
import { ERR_KV_MISSING_PATH, ERR_KV_V1_MISSING_DATA_FIELDS } from '../../errors/kv.js';
import { VaultError } from '../../errors/vault-error.js';
import { FrameworkBackend } from '../../framework/backend.js';
import type { FrameworkRequest } from '../../framework/types.js';
import type { LogicalRequest, LogicalResponse, SecretRef } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import { checkRequestPath } from './backend.js';
import { notFound } from './context.js';
import { decodeFieldValue } from '../../framework/field-types.js';
import type { JsonObject } from './fields.js';
import { sortKeysDeep } from './merge-patch.js';
import { stringifyJson } from '../../util/json-iter.js';

/** Vault's system default lease TTL, 768h (what a mount without its own default_lease_ttl uses). */
export const DEFAULT_LEASE_TTL_SECONDS = 2_764_800;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface KvV1BackendOptions {
  storage: Storage;
  /** The mount's default lease TTL in seconds, read at each request (it can be tuned). */
  defaultLeaseTtl?: () => number;
  /** Mount option `leased_passthrough=true`: reads carry renewable leases (KV passthrough.go generateLeases). */
  leased?: boolean;
}

/** The `ttl` (or legacy `lease`) field of a stored object, as parseutil.ParseDurationSecond reads it. */
function leaseSeconds(data: JsonObject, fallback: number): number {
  const raw = Object.hasOwn(data, 'ttl') ? data.ttl : Object.hasOwn(data, 'lease') ? data.lease : undefined;
  if (raw === undefined) return fallback;
  try {
    return raw === null ? 0 : (decodeFieldValue('signed_duration_second', raw) as number);
  } catch {
    return fallback;
  }
}

// Help texts and the path pattern are the KV plugin's own, verbatim (hashicorp/vault-plugin-secrets-kv
// v0.20.0 passthrough.go: passthroughHelp, passthroughHelpSynopsis, passthroughHelpDescription).
export const KV_V1_HELP = `
The kv backend reads and writes arbitrary secrets to the backend.
The secrets are encrypted/decrypted by Vault: they are never stored
unencrypted in the backend and the backend never has an opportunity to
see the unencrypted value.

TTLs can be set on a per-secret basis. These TTLs will be sent down
when that secret is read, and it is assumed that some outside process will
revoke and/or replace the secret at that path.
`;

const PASSTHROUGH_HELP_SYNOPSIS = `
Pass-through secret storage to the storage backend, allowing you to
read/write arbitrary data into secret storage.
`;

const PASSTHROUGH_HELP_DESCRIPTION = `
The pass-through backend reads and writes arbitrary data into secret storage,
encrypting it along the way.

A TTL can be specified when writing with the "ttl" field. If given, the
duration of leases returned by this backend will be set to this value. This
can be used as a hint from the writer of a secret to the consumer of a secret
that the consumer should re-read the value before the TTL has expired.
However, any revocation must be handled by the user of this backend; the lease
duration does not affect the provided data in any way.
`;

export class KvV1Backend extends FrameworkBackend {
  readonly #storage: Storage;
  readonly #defaultLeaseTtl: () => number;
  readonly #leased: boolean;

  constructor(options: KvV1BackendOptions) {
    let self: KvV1Backend | undefined;
    const at = (req: FrameworkRequest) => req.captures.path ?? '';
    super('kv', {
      help: KV_V1_HELP,
      backendType: 'logical',
      paths: [{
        pattern: '(?P<path>.*)',
        fields: { path: { type: 'string', description: 'Location of the secret.' } },
        existenceCheck: async (req) => (await self!.#storage.get(at(req))) !== undefined,
        operations: {
          read: { handler: async (req) => self!.#read(at(req)), notes: 'lease_duration from the ttl/lease field or the mount default' },
          create: async (req) => self!.#write(at(req), req.data ?? {}),
          update: async (req) => self!.#write(at(req), req.data ?? {}),
          delete: async (req) => {
            await self!.#storage.delete(at(req));
            return null;
          },
          list: async (req) => self!.#list(at(req)),
        },
        helpSynopsis: PASSTHROUGH_HELP_SYNOPSIS,
        helpDescription: PASSTHROUGH_HELP_DESCRIPTION,
      }],
    });
    self = this;
    this.#storage = options.storage;
    this.#defaultLeaseTtl = options.defaultLeaseTtl ?? (() => DEFAULT_LEASE_TTL_SECONDS);
    this.#leased = options.leased === true;
  }

  override async handle(req: LogicalRequest): Promise<LogicalResponse | null> {
    checkRequestPath(req.path, req.operation);
    return super.handle(req);
  }

  async #read(path: string): Promise<LogicalResponse> {
    const raw = await this.#storage.get(path);
    if (raw === undefined) throw notFound();
    const data = JSON.parse(decoder.decode(raw)) as JsonObject;
    // Every read carries a Secret; core registers it only on a leased_passthrough mount.
    return { data, secret: { ttl: leaseSeconds(data, this.#defaultLeaseTtl()), maxTtl: 0, renewable: this.#leased } };
  }

  /** A lease of a leased_passthrough read renews with the entry's TTL as it is now (passthrough.go handleRead). */
  async renewSecret(ref: SecretRef): Promise<{ ttl: number } | undefined> {
    const raw = await this.#storage.get(ref.path);
    if (raw === undefined) return undefined;
    return { ttl: leaseSeconds(JSON.parse(decoder.decode(raw)) as JsonObject, this.#defaultLeaseTtl()) };
  }

  /** Revoking a passthrough lease leaves the data alone (KV passthrough.go handleRevoke). */
  async revokeSecret(): Promise<void> {}

  async #write(path: string, data: JsonObject): Promise<null> {
    if (path === '') throw new VaultError(400, ERR_KV_MISSING_PATH);
    if (Object.keys(data).length === 0) throw new VaultError(400, ERR_KV_V1_MISSING_DATA_FIELDS);
    await this.#storage.put(path, encoder.encode(stringifyJson(sortKeysDeep(data))));
    return null;
  }

  async #list(path: string): Promise<LogicalResponse> {
    const prefix = path === '' || path.endsWith('/') ? path : path + '/';
    const keys = await this.#storage.list(prefix);
    if (keys.length === 0) throw notFound();
    return { data: { keys } };
  }
}
