// The KV v2 secrets engine (KV backend.go VersionedKVFactory) as a framework path table in
// Vault's order, each path with its fields and operations: the framework routes to the first
// matching path, decodes the fields and adds its warnings; an operation a path lacks is 405
// `unsupported operation`; anything else under the mount falls to Vault's catch-all, a 404 whose
// warning names the right `vault kv` subcommand. Errors Vault returns as Go errors rather than
// error responses reach the client wrapped by go-multierror, so handlers throw them wrapped.
import { ERR_PARENT_REFERENCES, ERR_WRITE_TRAILING_SLASH } from '../../errors/core.js';
import { WARN_KV_ROOT_NOT_SUPPORTED, warnKvInvalidPath } from '../../errors/kv.js';
import { VaultError } from '../../errors/vault-error.js';
import type { Storage } from '../../storage/types.js';
import { FrameworkBackend } from '../../framework/backend.js';
import { zeroValue } from '../../framework/field-types.js';
import type { FrameworkRequest, PathHandler, PathSpec } from '../../framework/types.js';
import type { LogicalRequest, LogicalResponse, Operation } from '../../logical/types.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { systemRandom, type RandomSource } from '../../util/random.js';
import { readConfig, writeConfig } from './config.js';
import { identityOf, type KvCall, type KvContext } from './context.js';
import { deleteLatest, patchData, readData, readSubkeys, writeData } from './data.js';
import type { Fields } from './fields.js';
import { KeyLocks } from './locks.js';
import { deleteMetadata, listMetadata, patchMetadata, readMetadata, writeMetadata } from './metadata.js';
import { KvStore } from './store.js';
import { deleteVersions, destroyVersions, undeleteVersions } from './version-ops.js';

type Handler = (ctx: KvContext, call: KvCall) => Promise<LogicalResponse | null>;

const PATH = { type: 'string', description: 'Location of the secret.' } as const;
const VERSIONS = { type: 'comma_int_slice', description: 'The versions to be archived. The versioned data will not be deleted, but it will no longer be returned in normal get requests.' } as const;

/** A handler of the KV engine as a framework handler: the captured key, the fields that were sent. */
function kv(ctx: () => KvContext, handler: Handler): PathHandler {
  return (req, data) => {
    const fields: Fields = new Map();
    for (const name of Object.keys(data.schema)) {
      const { value, ok } = data.getOk(name);
      // A duration sent as null counts as absent for KV (its handlers read "not set").
      const type = data.schema[name]!.type;
      if (!ok || (data.raw[name] === null && type.includes('duration'))) continue;
      fields.set(name, value ?? zeroValue(type));
    }
    const key = req.captures.path ?? '';
    return handler(ctx(), { key, fields, operation: req.operation, identity: identityOf(req) });
  };
}

/** Vault's catch-all for the rest of the mount (KV backend.go pathInvalid). */
const BARE_ROOTS = new Set(['metadata', 'data', 'delete', 'undelete', 'destroy']);
const CLI_SUBCOMMAND: Record<Operation, string> = {
  create: 'put', update: 'put', patch: 'patch', read: 'get', list: 'list', delete: 'delete',
};

async function invalidPath(req: FrameworkRequest): Promise<LogicalResponse> {
  const warning = BARE_ROOTS.has(req.path) ? WARN_KV_ROOT_NOT_SUPPORTED : warnKvInvalidPath(CLI_SUBCOMMAND[req.operation]);
  return { status: 404, data: null, warnings: [warning] };
}

/** KV v2's path table in Vault's order (KV backend.go VersionedKVFactory); the catch-all last. */
function kvPaths(ctx: () => KvContext): PathSpec[] {
  const exists = async (req: FrameworkRequest) => (await ctx().store.peekMetadata(req.captures.path ?? '')) !== undefined;
  const versionOp = (h: Handler, synopsis: string): PathSpec['operations'] => ({ update: { handler: kv(ctx, h), summary: synopsis } });
  return [
    {
      pattern: 'config$',
      fields: {
        max_versions: { type: 'int', description: 'The number of versions to keep for each key. Defaults to 10' },
        cas_required: { type: 'bool', description: 'If true, the backend will require the cas parameter to be set for each write' },
        delete_version_after: { type: 'signed_duration_second', description: 'If set, the length of time before a version is deleted.' },
      },
      operations: { read: kv(ctx, readConfig), update: kv(ctx, writeConfig) },
      helpSynopsis: 'Configures settings for the KV store',
      helpDescription: 'This path configures backend level settings that are applied to every key in the key-value store.',
    },
    {
      pattern: 'data/(?P<path>[^\\n]*?[^/])$',
      fields: {
        path: PATH,
        version: { type: 'int', description: 'If provided during a read, the value at the version number will be returned' },
        options: { type: 'map', description: 'Options for writing a KV entry. Set the "cas" value to use a Check-And-Set operation.' },
        data: { type: 'map', description: 'The contents of the data map will be stored and returned on read.' },
      },
      existenceCheck: exists,
      operations: {
        read: kv(ctx, readData), create: kv(ctx, writeData), update: kv(ctx, writeData),
        patch: { handler: kv(ctx, patchData), notes: 'Content-Type application/merge-patch+json required' },
        delete: kv(ctx, deleteLatest),
      },
      helpSynopsis: 'Write, Patch, Read, and Delete data in the Key-Value Store.',
      helpDescription: 'This path takes a key name and based on the operation stores, retrieves or deletes versions of data.',
    },
    {
      pattern: 'metadata/(?P<path>[^\\n]*)$',
      fields: {
        path: PATH,
        cas_required: { type: 'bool', description: 'If true the key will require the cas parameter to be set on all write requests.' },
        max_versions: { type: 'int', description: 'The number of versions to keep. If not set, the backend\'s configured max version is used.' },
        delete_version_after: { type: 'duration_second', description: 'The length of time before a version is deleted.' },
        custom_metadata: { type: 'map', description: 'User-provided key-value pairs that are used to describe arbitrary and version-agnostic information about a secret.' },
        exclude_deleted: { type: 'bool', description: 'Exclude keys whose latest version is deleted or destroyed from a list.' },
      },
      existenceCheck: exists,
      operations: {
        read: kv(ctx, readMetadata), create: kv(ctx, writeMetadata), update: kv(ctx, writeMetadata),
        patch: { handler: kv(ctx, patchMetadata), notes: 'Content-Type application/merge-patch+json required' },
        delete: kv(ctx, deleteMetadata), list: kv(ctx, listMetadata),
      },
      helpSynopsis: 'Configures settings for the KV store',
      helpDescription: 'This path lists, reads, writes and deletes the metadata of keys, and configures per-key settings.',
    },
    {
      pattern: 'destroy/(?P<path>[^\\n]*)$',
      fields: { path: PATH, versions: VERSIONS },
      operations: versionOp(destroyVersions, 'Permanently removes one or more versions in the KV store'),
      helpSynopsis: 'Permanently removes one or more versions in the KV store',
      helpDescription: 'Destroys the data of the given versions; their metadata stays.',
    },
    {
      pattern: 'subkeys/(?P<path>[^\\n]*)$',
      fields: {
        path: PATH,
        version: { type: 'int', description: 'Specifies which version to retrieve. If not provided, the current version will be used.' },
        depth: { type: 'int', description: 'Specifies the depth of the subkeys to return; 0 returns them all.' },
      },
      operations: { read: kv(ctx, readSubkeys) },
      helpSynopsis: 'Read the structure of a secret entry from the Key-Value store with the values removed.',
      helpDescription: 'Returns the keys of the secret at the path, nested, with every leaf value replaced by null.',
    },
    {
      pattern: 'delete/(?P<path>[^\\n]*)$',
      fields: { path: PATH, versions: VERSIONS },
      operations: versionOp(deleteVersions, 'Marks one or more versions as deleted in the KV store.'),
      helpSynopsis: 'Marks one or more versions as deleted in the KV store.',
      helpDescription: 'Soft-deletes the given versions: their data is kept and undelete restores it.',
    },
    {
      pattern: 'undelete/(?P<path>[^\\n]*)$',
      fields: { path: PATH, versions: VERSIONS },
      operations: versionOp(undeleteVersions, 'Undeletes one or more versions from the KV store.'),
      helpSynopsis: 'Undeletes one or more versions from the KV store.',
      helpDescription: 'Restores the given soft-deleted versions.',
    },
    {
      pattern: '[^\\n]*',
      takesArbitraryInput: true,
      notes: 'any other path: 404 with a warning naming the vault kv subcommand to use',
      operations: {
        read: invalidPath, create: invalidPath, update: invalidPath, patch: invalidPath, delete: invalidPath, list: invalidPath,
      },
      helpSynopsis: 'Anything else under the mount: a 404 whose warning names the right vault kv subcommand.',
      helpDescription: 'KV version 2 serves data/, metadata/, delete/, undelete/, destroy/, subkeys/ and config; anything else is invalid.',
    },
  ];
}

/** What core also refuses before routing: `..` segments, and writes to a path ending in '/'. */
export function checkRequestPath(path: string, operation: Operation): void {
  if (path.includes('..') && path.split('/').includes('..')) throw new VaultError(400, ERR_PARENT_REFERENCES);
  if (path.endsWith('/') && (operation === 'create' || operation === 'update' || operation === 'patch')) {
    throw new VaultError(400, ERR_WRITE_TRAILING_SLASH);
  }
}

export interface KvBackendOptions {
  /** The mount's storage view (in production the barrier view of the mount's sub-tree). */
  storage: Storage;
  clock?: Clock;
  random?: RandomSource;
}

export const KV_HELP = 'The KV backend reads and writes arbitrary data with versioning: each write of a key is a new version, kept up to max_versions, with check-and-set, soft delete and destroy.';

export class KvBackend extends FrameworkBackend {
  readonly #ctx: KvContext;

  constructor(options: KvBackendOptions) {
    let ctx: KvContext | undefined;
    super('kv', { help: KV_HELP, backendType: 'logical', paths: kvPaths(() => ctx!) });
    ctx = {
      store: new KvStore(options.storage, options.random ?? systemRandom),
      clock: options.clock ?? systemClock,
      locks: new KeyLocks(),
    };
    this.#ctx = ctx;
  }

  override async handle(req: LogicalRequest): Promise<LogicalResponse | null> {
    checkRequestPath(req.path, req.operation);
    return super.handle(req);
  }

  /** The store behind the mount (the direct API and tests read through it). */
  get context(): KvContext {
    return this.#ctx;
  }
}
