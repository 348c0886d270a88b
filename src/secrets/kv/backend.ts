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
import type { KvCall, KvContext } from './context.js';
import { deleteLatest, patchData, readData, readSubkeys, writeData } from './data.js';
import type { Fields } from './fields.js';
import { KeyLocks } from './locks.js';
import { deleteMetadata, listMetadata, patchMetadata, readMetadata, writeMetadata } from './metadata.js';
import { KvStore } from './store.js';
import { deleteVersions, destroyVersions, undeleteVersions } from './version-ops.js';

type Handler = (ctx: KvContext, call: KvCall) => Promise<LogicalResponse | null>;

// The help texts, field descriptions and patterns below are the KV plugin's own, verbatim
// (hashicorp/vault-plugin-secrets-kv v0.20.0, the version Vault 1.18.1 ships: backend.go
// backendHelp and pathInvalidHelp, path_config.go, path_data.go, path_metadata.go,
// path_destroy.go, path_subkeys.go, path_delete.go). Raw-string newlines are kept; help trims them.
const PATH = { type: 'string', description: 'Location of the secret.' } as const;
const versions = (description: string) => ({ type: 'comma_int_slice', description }) as const;

export const KV_HELP = `
This backend provides a versioned key-value store. The kv backend reads and
writes arbitrary secrets to the storage backend. The secrets are
encrypted/decrypted by Vault: they are never stored unencrypted in the backend
and the backend never has an opportunity to see the unencrypted value. Each key
can have a configured number of versions, and versions can be retrieved based on
their version numbers.
`;

const PATH_INVALID_HELP = KV_HELP + `

## PATHS

The following paths are supported by this backend. To view help for
any of the paths below, use the help command with any route matching
the path pattern. Note that depending on the policy of your auth token,
you may or may not be able to access certain paths.

    ^config$
        Configures settings for the KV store

    ^data/.*$
        Write, Read, and Delete data in the KV store.

    ^delete/.*$
        Marks one or more versions as deleted in the KV store.

    ^destroy/.*$
        Permanently removes one or more versions in the KV store

    ^metadata/.*$
        Configures settings for the KV store

    ^undelete/.*$
        Undeletes one or more versions from the KV store.

    ^subkeys/.*$
        Read the subkeys within the data from the KV store without their associated values
`;

const CONF_HELP_SYN = 'Configures settings for the KV store';
const CONF_HELP_DESC = `
This path configures backend level settings that are applied to every key in the
key-value store. This parameter accepts:

\t* max_versions (int) - The number of versions to keep for each key. Defaults
\t  to 10

\t* cas_required (bool) - If true, the backend will require the cas parameter
\t  to be set for each write

\t* delete_version_after (duration) - If set, the length of time before a
\t  version is deleted. A negative duration disables the use of
\t  delete_version_after on all keys. A zero duration clears the current
\t  setting. Accepts a Go duration format string.
`;

const DATA_HELP_DESC = `
This path takes a key name and based on the operation stores, retrieves or
deletes versions of data.

If a write operation is used the endpoint takes an options object and a data
object. The options object is used to pass some options to the write command and
the data object is encrypted and stored in the storage backend. Each write
operation for a key creates a new version and does not overwrite the previous
data.

A patch operation must be performed on an existing secret. The secret must neither
be deleted nor destroyed. Like a write operation, patch operations accept an
options object and data object. The options object is used to pass some options to
the patch command and the data object is used to perform a partial update on the
current version of the secret and store the encrypted result in the storage backend.\x20

A read operation will return the latest version for a key unless the "version"
parameter is set, then it returns the version at that number.

Delete operations are a soft delete. They will mark the latest version as
deleted, but the underlying data will not be fully removed. Delete operations
can be undone.
`;

const SUBKEYS_HELP_DESC = `
This endpoint provides the subkeys within a secret entry that exists at the requested path.
The secret entry at this path will be retrieved and stripped of all data by replacing
underlying values of leaf keys (i.e. non-map keys or map keys with no underlying subkeys) with null.

The "version" parameter specifies which version of the secret to read when
generating the subkeys structure. If not provided, the current version will be used.

The "depth" parameter specifies the deepest nesting level to provide in the output.
The default value 0 will not impose any limit. If non-zero, keys that reside at the
specified depth value will be artificially treated as leaves and will thus be null
even if further underlying subkeys exist.
`;

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
    return handler(ctx(), { key, fields, operation: req.operation });
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
        delete_version_after: {
          type: 'signed_duration_second',
          description: `
If set, the length of time before a version is deleted. A negative duration
disables the use of delete_version_after on all keys. A zero duration
clears the current setting. Accepts a Go duration format string.`,
        },
      },
      operations: { read: kv(ctx, readConfig), update: kv(ctx, writeConfig) },
      helpSynopsis: CONF_HELP_SYN,
      helpDescription: CONF_HELP_DESC,
    },
    {
      pattern: 'data/(?P<path>.*?[^/]$)',
      fields: {
        path: PATH,
        version: { type: 'int', description: 'If provided during a read, the value at the version number will be returned' },
        options: {
          type: 'map',
          description: `Options for writing a KV entry.

Set the "cas" value to use a Check-And-Set operation. If not set the write will
be allowed. If set to 0 a write will only be allowed if the key doesn’t exist.
If the index is non-zero the write will only be allowed if the key’s current
version matches the version specified in the cas parameter.`,
        },
        data: { type: 'map', description: 'The contents of the data map will be stored and returned on read.' },
      },
      existenceCheck: exists,
      operations: {
        read: kv(ctx, readData), create: kv(ctx, writeData), update: kv(ctx, writeData),
        patch: { handler: kv(ctx, patchData), notes: 'Content-Type application/merge-patch+json required' },
        delete: kv(ctx, deleteLatest),
      },
      helpSynopsis: 'Write, Patch, Read, and Delete data in the Key-Value Store.',
      helpDescription: DATA_HELP_DESC,
    },
    {
      pattern: 'metadata/(?P<path>.*)',
      fields: {
        path: PATH,
        cas_required: {
          type: 'bool',
          description: `
If true the key will require the cas parameter to be set on all write requests.
If false, the backend’s configuration will be used.`,
        },
        max_versions: {
          type: 'int',
          description: `
The number of versions to keep. If not set, the backend’s configured max
version is used.`,
        },
        delete_version_after: {
          type: 'duration_second',
          description: `
The length of time before a version is deleted. If not set, the backend's
configured delete_version_after is used. Cannot be greater than the
backend's delete_version_after. A zero duration clears the current setting.
A negative duration will cause an error.
`,
        },
        custom_metadata: {
          type: 'map',
          description: `
User-provided key-value pairs that are used to describe arbitrary and
version-agnostic information about a secret.
`,
        },
        // Not in v0.20.0: the field and this text come from a later KV plugin release.
      },
      existenceCheck: exists,
      operations: {
        read: kv(ctx, readMetadata), create: kv(ctx, writeMetadata), update: kv(ctx, writeMetadata),
        patch: { handler: kv(ctx, patchMetadata), notes: 'Content-Type application/merge-patch+json required' },
        delete: kv(ctx, deleteMetadata), list: kv(ctx, listMetadata),
      },
      // As upstream: the metadata path carries the config path's help texts.
      helpSynopsis: CONF_HELP_SYN,
      helpDescription: CONF_HELP_DESC,
    },
    {
      pattern: 'destroy/(?P<path>.*)',
      fields: { path: PATH, versions: versions('The versions to destroy. Their data will be permanently deleted.') },
      operations: versionOp(destroyVersions, 'Permanently removes one or more versions in the KV store'),
      helpSynopsis: 'Permanently removes one or more versions in the KV store',
      helpDescription: `
Permanently removes the specified version data for the provided key and version
numbers from the key-value store.
`,
    },
    {
      pattern: 'subkeys/(?P<path>.*)',
      fields: {
        path: PATH,
        version: { type: 'int', description: 'Specifies which version to retrieve. If not provided, the current version will be used.' },
        depth: { type: 'int', description: 'The maximum depth to traverse. No limit will be imposed if not provided or if 0.' },
      },
      operations: { read: kv(ctx, readSubkeys) },
      helpSynopsis: 'Read the structure of a secret entry from the Key-Value store with the values removed.',
      helpDescription: SUBKEYS_HELP_DESC,
    },
    {
      pattern: 'delete/(?P<path>.*)',
      fields: { path: PATH, versions: versions('The versions to be archived. The versioned data will not be deleted, but it will no longer be returned in normal get requests.') },
      operations: versionOp(deleteVersions, 'Marks one or more versions as deleted in the KV store.'),
      helpSynopsis: 'Marks one or more versions as deleted in the KV store.',
      helpDescription: `
Deletes the data for the provided version and path in the key-value store. The
versioned data will not be fully removed, but marked as deleted and will no
longer be returned in normal get requests. This operation can be undone.
`,
    },
    {
      pattern: 'undelete/(?P<path>.*)',
      fields: { path: PATH, versions: versions('The versions to unarchive. The versions will be restored and their data will be returned on normal get requests.') },
      operations: versionOp(undeleteVersions, 'Undeletes one or more versions from the KV store.'),
      helpSynopsis: 'Undeletes one or more versions from the KV store.',
      helpDescription: `
Undeletes the data for the provided version and path in the key-value store.
This restores the data, allowing it to be returned on get requests.
`,
    },
    {
      pattern: '.*',
      takesArbitraryInput: true,
      notes: 'any other path: 404 with a warning naming the vault kv subcommand to use',
      operations: {
        read: invalidPath, create: invalidPath, update: invalidPath, patch: invalidPath, delete: invalidPath, list: invalidPath,
      },
      // Upstream has no synopsis here (its root page shows an empty line under `^.*$`); ours is
      // kept because test/core/help.test.ts requires a synopsis for every root route. The
      // description is pathInvalidHelp, upstream's stale copy of the root page.
      helpSynopsis: 'Anything else under the mount: a 404 whose warning names the right vault kv subcommand.',
      helpDescription: PATH_INVALID_HELP,
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
