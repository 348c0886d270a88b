// The `auth/token/` mount (type `token`): Vault's token store endpoints (V vault/token_store.go
// paths()). Paths are relative to the mount; the caller's token arrives in req.clientToken, already
// authenticated and ACL-checked by core. Handler-level checks Vault makes itself (sudo for `id`,
// `no_parent`, `period`, non-subset policies and revoke-orphan) are made here with the caller's ACL.
// Token roles live in the token store's storage view under `roles/` (token-roles.ts); their
// endpoints are in token-role-paths.ts, placed where Vault's table has them (first and last).
import {
  ERR_AUTH_BAD_TOKEN, ERR_AUTH_BATCH_CANNOT_REVOKE, ERR_AUTH_INVALID_ACCESSOR, ERR_AUTH_MISSING_ACCESSOR,
  ERR_AUTH_MISSING_TOKEN_ID, ERR_AUTH_SUDO_REVOKE_ORPHAN, ERR_AUTH_TOKEN_NOT_FOUND, ERR_AUTH_TOKEN_TO_REVOKE_NOT_FOUND,
  ERR_AUTH_UNSUPPORTED_OPERATION, ERR_AUTH_UNSUPPORTED_PATH, WARN_AUTH_NO_TOKEN_FOR_ACCESSOR, errAuthRenewRoleMissing,
  errAuthUnknownRole,
} from '../errors/auth.js';
import { GoError, VaultError } from '../errors/vault-error.js';
import { WARN_TIDY_STARTED } from '../errors/leases.js';
import { FrameworkBackend } from '../framework/backend.js';
import { respondWithStatusCode } from '../framework/respond.js';
import type { FieldData, FieldSchemas, FrameworkRequest } from '../framework/types.js';
import type { LogicalRequest, LogicalResponse } from '../logical/types.js';
import type { ACL } from './acl.js';
import { createToken } from './token-create.js';
import { authInfo, lookupData, withIdentityPolicies, type TokenEntry } from './token-entry.js';
import { ROLE_NAME_PATTERN, pathRole, pathRoleList, type TokenRoleContext } from './token-role-paths.js';
import { TokenRoleStore } from './token-roles.js';
import type { RenewLifetime, TokenStore } from './token-store.js';

/**
 * Asks the auth mount a login token came from what its renewal grants (expiration.go
 * renewAuthEntry routing the renew to the backend's AuthRenew, with the request's connection: cert
 * logins re-check the client certificate). Set by core, which knows the mounts.
 */
type LoginRenewer = (entry: TokenEntry, req: Pick<LogicalRequest, 'peerCertificates'>) => Promise<RenewLifetime | null>;

/** A token a login made: its creation path is under an auth mount other than the token store. */
const isLoginTokenPath = (path: string) => path.startsWith('auth/') && !path.startsWith('auth/token/');

export interface TokenBackendOptions {
  tokens: TokenStore;
  /** The caller's ACL, for Vault's handler-level sudo checks; defaults to `tokens.aclFor`. */
  aclFor?: (entry: TokenEntry) => Promise<ACL>;
}

// Help texts, field descriptions and patterns are Vault's own, verbatim (vault/token_store.go
// TokenStore.paths and its help constants, tokenBackendHelp for the backend).
const str = (description: string) => ({ type: 'string', description }) as const;
const INCREMENT = { type: 'duration_second', default: 0, description: 'The desired increment in seconds to the token expiration' } as const;

// vault/token_store.go: what the create endpoints read (handleCreateCommon decodes them itself,
// weakly, into its request struct; the schema documents them and keeps them out of the warnings).
// `metadata` and `format` are not in Vault's commonFieldsForCreate: their texts are minivault's.
const CREATE_FIELDS: FieldSchemas = {
  id: str('Value for the token'),
  policies: { type: 'comma_string_slice', description: 'List of policies for the token' },
  meta: { type: 'kvpairs', description: 'Arbitrary key=value metadata to associate with the token' },
  metadata: { type: 'kvpairs', description: 'Arbitrary key=value metadata to associate with the token' },
  no_parent: { type: 'bool', description: 'Create the token with no parent' },
  no_default_policy: { type: 'bool', description: 'Do not include default policy for this token' },
  lease: str('Use \'ttl\' instead'),
  ttl: str('Time to live for this token'),
  renewable: { type: 'bool', default: true, description: 'Allow token to be renewed past its initial TTL up to system/mount maximum TTL' },
  explicit_max_ttl: str('Explicit Max TTL of this token'),
  display_name: str('Name to associate with this token'),
  num_uses: { type: 'int', description: 'Max number of uses for this token' },
  period: str('Renew period'),
  type: str('Token type'),
  entity_alias: str('Name of the entity alias to associate with this token'),
  format: str('Return json formatted output'),
  role_name: str('Name of the role'),
};

const LIST_ACCESSORS_HELP = `List token accessors, which can then be
be used to iterate and discover their properties
or revoke them. Because this can be used to
cause a denial of service, this endpoint
requires 'sudo' capability in addition to
'list'.`;

export class TokenBackend extends FrameworkBackend {
  readonly #tokens: TokenStore;
  readonly #aclFor: (entry: TokenEntry) => Promise<ACL>;
  readonly #roles: TokenRoleStore;
  /** How a login's token renews (set by core once the mounts exist); unset: with its own TTLs. */
  loginRenewer: LoginRenewer | undefined;

  // The store's path table (hashicorp/vault vault/token_store.go TokenStore paths) is declared in
  // the constructor so its handlers reach the private fields; a declaration in Vault's order, so
  // it stays long.
  constructor(opts: TokenBackendOptions) {
    let self: TokenBackend | undefined;
    const on = <A extends unknown[]>(f: (b: TokenBackend, ...a: A) => Promise<LogicalResponse | null>) => (...a: A) => f(self!, ...a);
    const create = (orphan: boolean) => on((b, r: FrameworkRequest) => createToken(b.#tokens, b.#aclFor, r, orphan));
    const roles = (): TokenRoleContext => ({ roles: self!.#roles, maxLeaseTtl: self!.#tokens.limits.maxTtl });
    super('token', {
      help: `The token credential backend is always enabled and builtin to Vault.
Client tokens are used to identify a client and to allow Vault to associate policies and ACLs
which are enforced on every request. This backend also allows for generating sub-tokens as well
as revocation of tokens. The tokens are renewable if associated with a lease.`,
      backendType: 'credential',
      // vault/token_store.go PathsSpecial.Root
      pathsSpecial: { root: ['revoke-orphan/*', 'accessors*'] },
      paths: [
        pathRoleList(roles),
        {
          pattern: 'create-orphan$', fields: CREATE_FIELDS,
          operations: { update: create(true) },
          helpSynopsis: 'The token create path is used to create new orphan tokens.',
          helpDescription: 'The token create path is used to create new orphan tokens.',
        },
        {
          pattern: `create/${ROLE_NAME_PATTERN}`, fields: CREATE_FIELDS,
          operations: { update: on((b, r: FrameworkRequest, d: FieldData) => b.#createAgainstRole(r, d)) },
          helpSynopsis: 'This token create path is used to create new tokens adhering to the given role.',
          helpDescription: 'This token create path is used to create new tokens adhering to the given role.',
        },
        {
          pattern: 'create$', fields: CREATE_FIELDS,
          operations: { update: create(false) },
          helpSynopsis: 'The token create path is used to create new tokens.',
          helpDescription: 'The token create path is used to create new tokens.',
        },
        {
          pattern: 'lookup', fields: { token: str('Token to lookup') },
          operations: {
            read: on((b, r: FrameworkRequest, d: FieldData) => b.#lookup(r, d.get<string>('token'))),
            update: on((b, r: FrameworkRequest, d: FieldData) => b.#lookup(r, d.get<string>('token'))),
          },
          helpSynopsis: 'This endpoint will lookup a token and its properties.',
          helpDescription: 'This endpoint will lookup a token and its properties.',
        },
        {
          pattern: 'lookup-accessor', fields: { accessor: str('Accessor of the token to look up (request body)') },
          operations: { update: on((b, r: FrameworkRequest, d: FieldData) => b.#lookupAccessor(r, d)) },
          helpSynopsis: 'This endpoint will lookup a token associated with the given accessor and its properties. Response will not contain the token ID.',
          helpDescription: 'This endpoint will lookup a token associated with the given accessor and its properties. Response will not contain the token ID.',
        },
        {
          pattern: 'lookup-self$', fields: { token: str('Token to look up (unused, does not need to be set)') },
          operations: {
            read: on((b, r: FrameworkRequest) => b.#lookup(r, r.clientToken ?? '')),
            update: on((b, r: FrameworkRequest) => b.#lookup(r, r.clientToken ?? '')),
          },
          helpSynopsis: 'This endpoint will lookup a token and its properties.',
          helpDescription: 'This endpoint will lookup a token and its properties.',
        },
        {
          pattern: 'revoke', fields: { token: str('Token to revoke (request body)') },
          operations: { update: on(async (b, _r: FrameworkRequest, d: FieldData) => b.#revoke(d.get<string>('token'), true)) },
          helpSynopsis: 'This endpoint will delete the given token and all of its child tokens.',
          helpDescription: 'This endpoint will delete the given token and all of its child tokens.',
        },
        {
          pattern: 'revoke-self$',
          operations: { update: on(async (b, r: FrameworkRequest) => b.#revoke(r.clientToken ?? '', false)) },
          helpSynopsis: 'This endpoint will delete the token used to call it and all of its child tokens.',
          helpDescription: 'This endpoint will delete the token used to call it and all of its child tokens.',
        },
        {
          pattern: 'revoke-accessor', fields: { accessor: str('Accessor of the token (request body)') },
          operations: { update: on((b, _r: FrameworkRequest, d: FieldData) => b.#revokeAccessor(d)) },
          helpSynopsis: 'This endpoint will delete the token associated with the accessor and all of its child tokens.',
          helpDescription: 'This endpoint will delete the token associated with the accessor and all of its child tokens.',
        },
        {
          pattern: 'revoke-orphan', fields: { token: str('Token to revoke (request body)') },
          operations: { update: on((b, r: FrameworkRequest, d: FieldData) => b.#revokeOrphan(r, d)) },
          helpSynopsis: 'This endpoint will delete the token and orphan its child tokens.',
          helpDescription: 'This endpoint will delete the token and orphan its child tokens.',
        },
        {
          pattern: 'renew', fields: { token: str('Token to renew (request body)'), increment: INCREMENT },
          operations: { update: on((b, r: FrameworkRequest, d: FieldData) => b.#renew(r, d, d.get<string>('token'))) },
          helpSynopsis: 'This endpoint will renew the given token and prevent expiration.',
          helpDescription: 'This endpoint will renew the given token and prevent expiration.',
        },
        {
          pattern: 'renew-accessor', fields: { accessor: str('Accessor of the token to renew (request body)'), increment: INCREMENT },
          operations: { update: on((b, r: FrameworkRequest, d: FieldData) => b.#renewAccessor(r, d)) },
          helpSynopsis: 'This endpoint will renew a token associated with the given accessor and its properties. Response will not contain the token ID.',
          helpDescription: 'This endpoint will renew a token associated with the given accessor and its properties. Response will not contain the token ID.',
        },
        {
          pattern: 'renew-self$', fields: { token: str('Token to renew (unused, does not need to be set)'), increment: INCREMENT },
          operations: { update: on((b, r: FrameworkRequest, d: FieldData) => b.#renew(r, d, r.clientToken ?? '')) },
          helpSynopsis: 'This endpoint will renew the token used to call it and prevent expiration.',
          helpDescription: 'This endpoint will renew the token used to call it and prevent expiration.',
        },
        {
          pattern: 'accessors/?$',
          operations: { list: on(async (b) => ({ data: { keys: await b.#tokens.listAccessors() } })) },
          helpSynopsis: LIST_ACCESSORS_HELP,
          helpDescription: LIST_ACCESSORS_HELP,
        },
        {
          pattern: 'tidy$',
          operations: {
            update: on(async (b, r: FrameworkRequest) => {
              await b.#tokens.tidy();
              return respondWithStatusCode(202, r.requestId ?? '', [WARN_TIDY_STARTED]);
            }),
          },
          helpSynopsis: 'This endpoint performs cleanup tasks that can be run if certain error\nconditions have occurred.',
          helpDescription: 'This endpoint performs cleanup tasks that can be run to clean up token and\nlease entries after certain error conditions. Usually running this is not\nnecessary, and is only required if upgrade notes or support personnel suggest\nit.',
        },
        pathRole(roles),
      ],
    });
    self = this;
    this.#tokens = opts.tokens;
    this.#aclFor = opts.aclFor ?? ((e) => opts.tokens.aclFor(e));
    this.#roles = new TokenRoleStore(opts.tokens.storage);
  }

  /** handleCreateAgainstRole: the role is looked up before anything else. */
  async #createAgainstRole(req: FrameworkRequest, data: FieldData): Promise<LogicalResponse> {
    const name = data.get<string>('role_name');
    const role = await this.#roles.get(name);
    if (!role) throw new VaultError(400, errAuthUnknownRole(name));
    return createToken(this.#tokens, this.#aclFor, req, false, role);
  }

  async #lookup(req: LogicalRequest, given: string, blankId = false): Promise<LogicalResponse> {
    const id = given !== '' ? given : req.clientToken ?? '';
    if (id === '') throw new VaultError(400, ERR_AUTH_MISSING_TOKEN_ID);
    const entry = await this.#tokens.lookup(id, { tainted: true });
    if (!entry) throw new VaultError(403, ERR_AUTH_BAD_TOKEN);
    const data = lookupData(entry, this.#tokens.clock.now(), this.#tokens.identityPoliciesOf(entry));
    if (blankId) data.id = '';
    return { data };
  }

  async #lookupAccessor(req: LogicalRequest, data: FieldData): Promise<LogicalResponse> {
    const entry = await this.#byAccessor(data, false);
    if (!entry) throw new VaultError(400, ERR_AUTH_INVALID_ACCESSOR);
    return this.#lookup(req, entry.id, true);
  }

  async #renew(req: LogicalRequest, data: FieldData, id: string, clientToken?: string): Promise<LogicalResponse | null> {
    if (id === '') throw new VaultError(400, ERR_AUTH_MISSING_TOKEN_ID);
    const increment = data.get<number>('increment');
    const entry = await this.#tokens.lookup(id);
    if (!entry) throw new VaultError(400, ERR_AUTH_TOKEN_NOT_FOUND);
    // token_store.go authRenew: a role's token renews with the role's current period and explicit max.
    const roleName = entry.role;
    const renewLogin = this.loginRenewer;
    const lifetime = roleName !== undefined && roleName !== '' ? async () => {
      const role = await this.#roles.get(roleName);
      if (!role) throw new GoError(500, errAuthRenewRoleMissing(roleName));
      return { period: role.params.tokenPeriod, explicitMaxTtl: role.params.tokenExplicitMaxTtl };
    } : renewLogin !== undefined && isLoginTokenPath(entry.path) ? () => renewLogin(entry, req) : undefined;
    const result = await this.#tokens.renew(entry, increment, lifetime);
    if (result === undefined) return null; // the auth backend had nothing to say: 204, not extended
    const { entry: renewed, ttl, warnings } = result;
    const auth = withIdentityPolicies(authInfo(renewed, ttl, true, clientToken ?? renewed.id), this.#tokens.identityPoliciesOf(renewed));
    return { data: null, auth, ...(warnings.length > 0 ? { warnings } : {}) };
  }

  async #renewAccessor(req: LogicalRequest, data: FieldData): Promise<LogicalResponse | null> {
    const entry = await this.#byAccessor(data, false);
    if (!entry) throw new VaultError(400, ERR_AUTH_INVALID_ACCESSOR);
    return this.#renew(req, data, entry.id, '');
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

  async #revokeAccessor(data: FieldData): Promise<LogicalResponse | null> {
    const found = await this.#byAccessor(data, true);
    if (!found) return { warnings: [WARN_AUTH_NO_TOKEN_FOR_ACCESSOR] };
    const entry = await this.#tokens.lookup(found.id);
    if (!entry) throw new VaultError(400, ERR_AUTH_TOKEN_NOT_FOUND);
    await this.#tokens.revokeTree(entry);
    return null;
  }

  async #revokeOrphan(req: LogicalRequest, data: FieldData): Promise<null> {
    const id = data.get<string>('token');
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

  async #byAccessor(data: FieldData, tainted: boolean): Promise<TokenEntry | undefined> {
    const accessor = data.get<string>('accessor');
    if (accessor === '') throw new VaultError(400, ERR_AUTH_MISSING_ACCESSOR);
    return this.#tokens.lookupByAccessor(accessor, { tainted });
  }
}
