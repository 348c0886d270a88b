// The KV v2 secrets engine as a mountable Backend (KV backend.go VersionedKVFactory). ROUTES is
// Vault's path table in Vault's order, each with its fields and operations, and is also the
// list of what minivault's KV v2 supports. A request is routed to the first matching path; an
// operation the path lacks is 405 `unsupported operation`; anything else under the mount falls
// to Vault's catch-all, a 404 whose warning names the right `vault kv` subcommand. Errors that
// Vault returns as Go errors rather than error responses reach the client wrapped by
// go-multierror (`1 error occurred:…`), so they are thrown already wrapped.
import {
  ERR_PARENT_REFERENCES, ERR_UNSUPPORTED_OPERATION, ERR_UNSUPPORTED_PATH, ERR_WRITE_TRAILING_SLASH, multierror,
} from '../../errors/core.js';
import { WARN_KV_ROOT_NOT_SUPPORTED, warnKvInvalidPath } from '../../errors/kv.js';
import { VaultError } from '../../errors/vault-error.js';
import type { Storage } from '../../storage/types.js';
import type { Backend, LogicalRequest, LogicalResponse, Operation } from '../../logical/types.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { systemRandom, type RandomSource } from '../../util/random.js';
import { readConfig, writeConfig } from './config.js';
import { identityOf, type KvCall, type KvContext } from './context.js';
import { deleteLatest, patchData, readData, readSubkeys, writeData } from './data.js';
import { parseFields, type FieldSchema } from './fields.js';
import { KeyLocks } from './locks.js';
import { deleteMetadata, listMetadata, patchMetadata, readMetadata, writeMetadata } from './metadata.js';
import { KvStore } from './store.js';
import { deleteVersions, destroyVersions, undeleteVersions } from './version-ops.js';

type Handler = (ctx: KvContext, call: KvCall) => Promise<LogicalResponse | null>;

export interface KvRoute {
  /** Vault's pattern, anchored; group 1 is the key. Go's `.` does not match a newline, hence [^\n]. */
  readonly pattern: RegExp;
  readonly fields: FieldSchema;
  readonly operations: Partial<Record<Operation, Handler>>;
  /** Paths with an existence check tell `create` from `update`; on the others a write is `update`. */
  readonly existenceCheck: boolean;
}

const versionListFields: FieldSchema = { path: 'string', versions: 'commaIntSlice' };

export const ROUTES: readonly KvRoute[] = [
  {
    pattern: /^config$/,
    fields: { max_versions: 'int', cas_required: 'bool', delete_version_after: 'signedDurationSecond' },
    operations: { read: readConfig, update: writeConfig },
    existenceCheck: false,
  },
  {
    pattern: /^data\/([^\n]*?[^/])$/,
    fields: { path: 'string', version: 'int', options: 'map', data: 'map' },
    operations: { read: readData, create: writeData, update: writeData, patch: patchData, delete: deleteLatest },
    existenceCheck: true,
  },
  {
    pattern: /^metadata\/([^\n]*)$/,
    fields: {
      path: 'string', cas_required: 'bool', max_versions: 'int', delete_version_after: 'durationSecond',
      custom_metadata: 'map', exclude_deleted: 'bool',
    },
    operations: {
      read: readMetadata, create: writeMetadata, update: writeMetadata, patch: patchMetadata,
      delete: deleteMetadata, list: listMetadata,
    },
    existenceCheck: true,
  },
  { pattern: /^destroy\/([^\n]*)$/, fields: versionListFields, operations: { update: destroyVersions }, existenceCheck: false },
  {
    pattern: /^subkeys\/([^\n]*)$/,
    fields: { path: 'string', version: 'int', depth: 'int' },
    operations: { read: readSubkeys },
    existenceCheck: false,
  },
  { pattern: /^delete\/([^\n]*)$/, fields: versionListFields, operations: { update: deleteVersions }, existenceCheck: false },
  { pattern: /^undelete\/([^\n]*)$/, fields: versionListFields, operations: { update: undeleteVersions }, existenceCheck: false },
];

/** Vault's catch-all for the rest of the mount (KV backend.go pathInvalid). */
const CATCH_ALL = /^[^\n]*$/;
const BARE_ROOTS = new Set(['metadata', 'data', 'delete', 'undelete', 'destroy']);
const CLI_SUBCOMMAND: Record<Operation, string> = {
  create: 'put', update: 'put', patch: 'patch', read: 'get', list: 'list', delete: 'delete',
};

function invalidPath(path: string, operation: Operation): LogicalResponse {
  const warning = BARE_ROOTS.has(path) ? WARN_KV_ROOT_NOT_SUPPORTED : warnKvInvalidPath(CLI_SUBCOMMAND[operation]);
  return { status: 404, data: null, warnings: [warning] };
}

/** What core also refuses before routing: `..` segments, and writes to a path ending in '/'. */
export function checkRequestPath(path: string, operation: Operation): void {
  if (path.includes('..') && path.split('/').includes('..')) throw new VaultError(400, ERR_PARENT_REFERENCES);
  if (path.endsWith('/') && (operation === 'create' || operation === 'update' || operation === 'patch')) {
    throw new VaultError(400, ERR_WRITE_TRAILING_SLASH);
  }
}

function findRoute(path: string): { route: KvRoute; key: string } | undefined {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m !== null) return { route, key: m[1] ?? '' };
  }
  return undefined;
}

export interface KvBackendOptions {
  /** The mount's storage view (in production the barrier view of the mount's sub-tree). */
  storage: Storage;
  clock?: Clock;
  random?: RandomSource;
}

export class KvBackend implements Backend {
  readonly type = 'kv';
  readonly #ctx: KvContext;

  constructor(options: KvBackendOptions) {
    this.#ctx = {
      store: new KvStore(options.storage, options.random ?? systemRandom),
      clock: options.clock ?? systemClock,
      locks: new KeyLocks(),
    };
  }

  async handle(req: LogicalRequest): Promise<LogicalResponse | null> {
    checkRequestPath(req.path, req.operation);
    const found = findRoute(req.path);
    if (found === undefined) {
      if (CATCH_ALL.test(req.path)) return invalidPath(req.path, req.operation);
      throw new VaultError(404, multierror(ERR_UNSUPPORTED_PATH));
    }
    const { route, key } = found;
    const operation: Operation = req.operation === 'create' && !route.existenceCheck ? 'update' : req.operation;
    const handler = route.operations[operation];
    if (handler === undefined) throw new VaultError(405, multierror(ERR_UNSUPPORTED_OPERATION));
    const captures = route.fields.path === undefined ? {} : { path: key };
    const { fields, warnings } = parseFields(req.data ?? {}, route.fields, captures);
    const response = await handler(this.#ctx, { key, fields, operation, identity: identityOf(req) });
    // The framework adds its warnings to a normal response only; a raw-status body is already built.
    if (response !== null && response.status === undefined && warnings.length > 0) {
      response.warnings = [...(response.warnings ?? []), ...warnings];
    }
    return response;
  }

  /** Whether the key behind a data/ or metadata/ path has metadata; other paths always "exist". */
  async exists(req: LogicalRequest): Promise<boolean> {
    const found = findRoute(req.path);
    if (found === undefined || !found.route.existenceCheck) return true;
    return (await this.#ctx.store.peekMetadata(found.key)) !== undefined;
  }
}
