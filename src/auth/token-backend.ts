// The `auth/token/` mount (type `token`): Vault's token store endpoints (V vault/token_store.go
// paths()). Paths are relative to the mount; the caller's token arrives in req.clientToken, already
// authenticated and ACL-checked by core. Handler-level checks Vault makes itself (sudo for `id`,
// `no_parent`, `period`, non-subset policies and revoke-orphan) are made here with the caller's ACL.
import {
  ERR_AUTH_BAD_TOKEN, ERR_AUTH_BATCH_CANNOT_REVOKE, ERR_AUTH_INVALID_ACCESSOR, ERR_AUTH_MISSING_ACCESSOR,
  ERR_AUTH_MISSING_TOKEN_ID, ERR_AUTH_SUDO_REVOKE_ORPHAN, ERR_AUTH_TOKEN_NOT_FOUND, ERR_AUTH_TOKEN_TO_REVOKE_NOT_FOUND,
  ERR_AUTH_UNSUPPORTED_OPERATION, ERR_AUTH_UNSUPPORTED_PATH, WARN_AUTH_NO_TOKEN_FOR_ACCESSOR, errAuthUnknownRole,
} from '../errors/auth.js';
import { VaultError } from '../errors/vault-error.js';
import type { Backend, LogicalRequest, LogicalResponse, Operation } from '../logical/types.js';
import type { ACL } from './acl.js';
import { frameworkWarnings } from './framework-warnings.js';
import { createToken } from './token-create.js';
import { authInfo, lookupData, type TokenEntry } from './token-entry.js';
import { CREATE_FIELD_NAMES, durationSecondField, stringField } from './token-fields.js';
import type { TokenStore } from './token-store.js';

export interface TokenBackendOptions {
  tokens: TokenStore;
  /** The caller's ACL, for Vault's handler-level sudo checks; defaults to `tokens.aclFor`. */
  aclFor?: (entry: TokenEntry) => Promise<ACL>;
}

type Handler = (req: LogicalRequest) => Promise<LogicalResponse | null>;

interface Route {
  ops: readonly Operation[];
  fields: readonly string[];
  handle: Handler;
}

const WRITE: readonly Operation[] = ['update', 'create'];

export class TokenBackend implements Backend {
  readonly type = 'token';
  readonly #tokens: TokenStore;
  readonly #aclFor: (entry: TokenEntry) => Promise<ACL>;
  readonly #routes: Record<string, Route>;

  constructor(opts: TokenBackendOptions) {
    this.#tokens = opts.tokens;
    this.#aclFor = opts.aclFor ?? ((e) => opts.tokens.aclFor(e));
    const create = CREATE_FIELD_NAMES;
    this.#routes = {
      'create': { ops: WRITE, fields: create, handle: (r) => createToken(this.#tokens, this.#aclFor, r, false) },
      'create-orphan': { ops: WRITE, fields: create, handle: (r) => createToken(this.#tokens, this.#aclFor, r, true) },
      'lookup': { ops: ['read', ...WRITE], fields: ['token'], handle: (r) => this.#lookup(r, stringField('token', r.data.token)) },
      'lookup-self': { ops: ['read', ...WRITE], fields: ['token'], handle: (r) => this.#lookup(r, r.clientToken ?? '') },
      'lookup-accessor': { ops: WRITE, fields: ['accessor'], handle: (r) => this.#lookupAccessor(r) },
      'renew': { ops: WRITE, fields: ['token', 'increment'], handle: (r) => this.#renew(r, stringField('token', r.data.token)) },
      'renew-self': { ops: WRITE, fields: ['token', 'increment'], handle: (r) => this.#renew(r, r.clientToken ?? '') },
      'renew-accessor': { ops: WRITE, fields: ['accessor', 'increment'], handle: (r) => this.#renewAccessor(r) },
      'revoke': { ops: WRITE, fields: ['token'], handle: (r) => this.#revoke(stringField('token', r.data.token), true) },
      'revoke-self': { ops: WRITE, fields: [], handle: (r) => this.#revoke(r.clientToken ?? '', false) },
      'revoke-accessor': { ops: WRITE, fields: ['accessor'], handle: (r) => this.#revokeAccessor(r) },
      'revoke-orphan': { ops: WRITE, fields: ['token'], handle: (r) => this.#revokeOrphan(r) },
      'accessors/': { ops: ['list'], fields: [], handle: async () => ({ data: { keys: await this.#tokens.listAccessors() } }) },
    };
  }

  async handle(req: LogicalRequest): Promise<LogicalResponse | null> {
    const roleCreate = /^create\/(\w(?:[\w.-]*\w)?)$/.exec(req.path);
    if (roleCreate && WRITE.includes(req.operation)) throw new VaultError(400, errAuthUnknownRole(roleCreate[1]!));
    // LIST always addresses a folder (Vault's HTTP layer appends the slash; accept it either way).
    const path = req.operation === 'list' && !req.path.endsWith('/') ? `${req.path}/` : req.path;
    const route = Object.hasOwn(this.#routes, path) ? this.#routes[path] : undefined;
    if (!route) throw new VaultError(404, ERR_AUTH_UNSUPPORTED_PATH);
    if (!route.ops.includes(req.operation)) throw new VaultError(405, ERR_AUTH_UNSUPPORTED_OPERATION);
    const resp = await route.handle(req);
    if (!resp) return resp;
    const extra = frameworkWarnings(req.data, route.fields);
    return extra.length === 0 ? resp : { ...resp, warnings: [...(resp.warnings ?? []), ...extra] };
  }

  async #lookup(req: LogicalRequest, given: string, blankId = false): Promise<LogicalResponse> {
    const id = given !== '' ? given : req.clientToken ?? '';
    if (id === '') throw new VaultError(400, ERR_AUTH_MISSING_TOKEN_ID);
    const entry = await this.#tokens.lookup(id, { tainted: true });
    if (!entry) throw new VaultError(403, ERR_AUTH_BAD_TOKEN);
    const data = lookupData(entry, this.#tokens.clock.now());
    if (blankId) data.id = '';
    return { data };
  }

  async #lookupAccessor(req: LogicalRequest): Promise<LogicalResponse> {
    const entry = await this.#byAccessor(req, false);
    if (!entry) throw new VaultError(400, ERR_AUTH_INVALID_ACCESSOR);
    return this.#lookup(req, entry.id, true);
  }

  async #renew(req: LogicalRequest, id: string, clientToken?: string): Promise<LogicalResponse> {
    if (id === '') throw new VaultError(400, ERR_AUTH_MISSING_TOKEN_ID);
    const increment = durationSecondField('increment', req.data.increment);
    const entry = await this.#tokens.lookup(id);
    if (!entry) throw new VaultError(400, ERR_AUTH_TOKEN_NOT_FOUND);
    const { entry: renewed, ttl, warnings } = await this.#tokens.renew(entry, increment);
    const auth = authInfo(renewed, ttl, true, clientToken ?? renewed.id);
    return { data: null, auth, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  async #renewAccessor(req: LogicalRequest): Promise<LogicalResponse> {
    const entry = await this.#byAccessor(req, false);
    if (!entry) throw new VaultError(400, ERR_AUTH_INVALID_ACCESSOR);
    return this.#renew(req, entry.id, '');
  }

  /** revoke (tree) and revoke-self: unknown tokens succeed silently, as in Vault. */
  async #revoke(id: string, requireId: boolean): Promise<null> {
    if (requireId && id === '') throw new VaultError(400, ERR_AUTH_MISSING_TOKEN_ID);
    const entry = await this.#tokens.lookup(id);
    if (!entry) return null;
    if (entry.type === 'batch') throw new VaultError(400, ERR_AUTH_BATCH_CANNOT_REVOKE);
    await this.#tokens.revokeTree(entry);
    return null;
  }

  async #revokeAccessor(req: LogicalRequest): Promise<LogicalResponse | null> {
    const found = await this.#byAccessor(req, true);
    if (!found) return { warnings: [WARN_AUTH_NO_TOKEN_FOR_ACCESSOR] };
    const entry = await this.#tokens.lookup(found.id);
    if (!entry) throw new VaultError(400, ERR_AUTH_TOKEN_NOT_FOUND);
    await this.#tokens.revokeTree(entry);
    return null;
  }

  async #revokeOrphan(req: LogicalRequest): Promise<null> {
    const id = stringField('token', req.data.token);
    if (id === '') throw new VaultError(400, ERR_AUTH_MISSING_TOKEN_ID);
    const caller = await this.#tokens.lookup(req.clientToken ?? '', { tainted: true });
    const isSudo = caller !== undefined && (await this.#aclFor(caller)).hasSudo(req.mountPoint + req.path);
    if (!isSudo) throw new VaultError(400, ERR_AUTH_SUDO_REVOKE_ORPHAN);
    const entry = await this.#tokens.lookup(id);
    if (!entry) throw new VaultError(400, ERR_AUTH_TOKEN_TO_REVOKE_NOT_FOUND);
    if (entry.type === 'batch') throw new VaultError(400, ERR_AUTH_BATCH_CANNOT_REVOKE);
    await this.#tokens.revokeOrphan(entry);
    return null;
  }

  async #byAccessor(req: LogicalRequest, tainted: boolean): Promise<TokenEntry | undefined> {
    const accessor = stringField('accessor', req.data.accessor);
    if (accessor === '') throw new VaultError(400, ERR_AUTH_MISSING_ACCESSOR);
    return this.#tokens.lookupByAccessor(accessor, { tainted });
  }
}
