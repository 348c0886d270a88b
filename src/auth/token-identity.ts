// The contract between the token store and the identity store (src/identity), which core wires
// together: what the token store asks of identity for every entity token and every login
// (vault/request_handling.go CheckToken, vault/identity_store.go CreateOrFetchEntity), and the
// token operations identity may use in return (identity_store.go tokenStorer, for the OIDC
// provider's access tokens).
import type { TemplateInput } from './acl-templating.js';
import type { TokenEntry } from './token-entry.js';

/**
 * What the token store asks of the identity store (src/identity), wired by core: the entity
 * behind a token's entity_id (through merges) with its identity policies and templating input,
 * or `denied` when it is disabled or gone (request_handling.go CheckToken); and the entity of a
 * login's alias, created when new (identity_store.go CreateOrFetchEntity).
 */
export interface IdentityHook {
  view(entityId: string): { state: 'ok'; identityPolicies: string[]; template: TemplateInput } | { state: 'denied' };
  /** Whether the entity is disabled or gone: the cheap half of view, asked on every request. */
  denied(entityId: string): boolean;
  /** Changes whenever any entity or group changes (cached ACLs of entity tokens check it). */
  version(): number;
  /** A login's alias (its metadata is the alias metadata, null = none) and, for method logins, its group aliases. */
  loginEntity(alias: {
    mountAccessor: string; name: string; metadata: Record<string, string> | null; groupAliases?: readonly string[];
  }): Promise<{ entityId: string; disabled: boolean }>;
  /** The token store's own mount accessor (entity aliases of auth/token/create/:role). */
  tokenMountAccessor(): string;
  /** Receives the token store's port when the hook is installed (the OIDC provider mints and reads access tokens). */
  attachTokens?(port: TokenPort): void;
}

/** What the identity store may do with tokens (vault/identity_store.go tokenStorer: CreateToken, LookupToken). */
export interface TokenPort {
  create(token: NewToken): Promise<TokenEntry>;
  lookup(id: string): Promise<TokenEntry | undefined>;
}

/** A token to be stored: everything but the generated id and accessor (a custom `id` may be set). */
export type NewToken = Omit<TokenEntry, 'id' | 'accessor'> & { id?: string };
