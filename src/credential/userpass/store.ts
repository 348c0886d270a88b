// A userpass user as Vault keeps it (V builtin/credential/userpass/path_users.go UserEntry, the
// `user` and `setUser` helpers): one JSON entry per user at `user/<name>` in the mount's storage,
// encoded as Go's encoding/json writes the struct — the embedded tokenutil.TokenParams keys
// first (durations in nanoseconds, token_type as its number), then Password (the plaintext of
// entries from Vault 0.1), PasswordHash (the bcrypt text, base64 as Go writes a []byte),
// and the legacy Policies, TTL, MaxTTL, BoundCIDRs. Loading fills empty token_* values from the
// legacy ones, as `user` does; looking up lower-cases the name, storing does not.
import { goToLower } from '../../go/strings.js';
import { defaultTokenParams, type RoleTokenType, type TokenParams } from '../../framework/token-params.js';
import type { Storage } from '../../storage/types.js';

export interface UserEntry {
  token: TokenParams;
  /** Vault 0.1 plaintext password; '' for every entry written since. */
  password: string;
  /** The bcrypt hash text (`$2a$10$…`), or null for a 0.1 entry (Go's nil PasswordHash). */
  passwordHash: string | null;
  /** Legacy aliases (seconds for the durations). */
  policies: string[];
  ttl: number;
  maxTtl: number;
  boundCidrs: string[];
}

export function newUserEntry(): UserEntry {
  return { token: defaultTokenParams(), password: '', passwordHash: null, policies: [], ttl: 0, maxTtl: 0, boundCidrs: [] };
}

const NS = 1_000_000_000;
/** sdk/logical/token.go TokenType values, in iota order. */
const TOKEN_TYPES: readonly RoleTokenType[] = ['default', 'service', 'batch', 'default-service', 'default-batch'];

/** A Go nil slice and an empty one both read back as empty; written as JSON null. */
const slice = (v: readonly string[]): string[] | null => (v.length === 0 ? null : [...v]);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
/** time.Duration nanoseconds → whole seconds (int64(d.Seconds()) truncates). */
const seconds = (v: unknown): number => Math.trunc((typeof v === 'number' ? v : Number(v ?? 0)) / NS) || 0;
const nanos = (s: number): number => s * NS;

/** logical.TokenType UnmarshalJSON: a digit, or one of the names. */
function tokenType(v: unknown): RoleTokenType {
  if (typeof v === 'number') return TOKEN_TYPES[v] ?? 'default';
  if (typeof v === 'string' && (TOKEN_TYPES as readonly string[]).includes(v)) return v as RoleTokenType;
  return 'default';
}

/** The Go JSON of a UserEntry (field order as encoding/json writes the struct). */
function encodeUser(u: UserEntry): Uint8Array {
  const t = u.token;
  const json = {
    token_bound_cidrs: slice(t.tokenBoundCidrs),
    token_explicit_max_ttl: nanos(t.tokenExplicitMaxTtl),
    token_max_ttl: nanos(t.tokenMaxTtl),
    token_no_default_policy: t.tokenNoDefaultPolicy,
    token_num_uses: t.tokenNumUses,
    token_period: nanos(t.tokenPeriod),
    token_policies: slice(t.tokenPolicies),
    token_type: Math.max(0, TOKEN_TYPES.indexOf(t.tokenType)),
    token_ttl: nanos(t.tokenTtl),
    Password: u.password,
    PasswordHash: u.passwordHash === null ? null : Buffer.from(u.passwordHash, 'utf8').toString('base64'),
    Policies: slice(u.policies),
    TTL: nanos(u.ttl),
    MaxTTL: nanos(u.maxTtl),
    BoundCIDRs: slice(u.boundCidrs),
  };
  return new TextEncoder().encode(JSON.stringify(json));
}

/** Decodes a stored entry (as Go or this module wrote it) and applies `user`'s legacy fill-in. */
function decodeUser(bytes: Uint8Array): UserEntry {
  const j = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  const hash = j.PasswordHash;
  const u: UserEntry = {
    token: {
      tokenBoundCidrs: strings(j.token_bound_cidrs),
      tokenExplicitMaxTtl: seconds(j.token_explicit_max_ttl),
      tokenMaxTtl: seconds(j.token_max_ttl),
      tokenNoDefaultPolicy: j.token_no_default_policy === true,
      tokenNumUses: typeof j.token_num_uses === 'number' ? j.token_num_uses : 0,
      tokenPeriod: seconds(j.token_period),
      tokenPolicies: strings(j.token_policies),
      tokenType: tokenType(j.token_type),
      tokenTtl: seconds(j.token_ttl),
    },
    password: typeof j.Password === 'string' ? j.Password : '',
    passwordHash: typeof hash === 'string' ? Buffer.from(hash, 'base64').toString('utf8') : null,
    policies: strings(j.Policies),
    ttl: seconds(j.TTL),
    maxTtl: seconds(j.MaxTTL),
    boundCidrs: strings(j.BoundCIDRs),
  };
  // V path_users.go user: entries written before the token_* fields existed.
  if (u.token.tokenTtl === 0 && u.ttl > 0) u.token.tokenTtl = u.ttl;
  if (u.token.tokenMaxTtl === 0 && u.maxTtl > 0) u.token.tokenMaxTtl = u.maxTtl;
  if (u.token.tokenPolicies.length === 0 && u.policies.length > 0) u.token.tokenPolicies = [...u.policies];
  if (u.token.tokenBoundCidrs.length === 0 && u.boundCidrs.length > 0) u.token.tokenBoundCidrs = [...u.boundCidrs];
  return u;
}

export class UserStore {
  readonly #storage: Storage;
  constructor(storage: Storage) {
    this.#storage = storage;
  }

  /** V path_users.go user: the entry of the lower-cased name, or undefined. */
  async get(username: string): Promise<UserEntry | undefined> {
    const bytes = await this.#storage.get(`user/${goToLower(username)}`);
    return bytes === undefined ? undefined : decodeUser(bytes);
  }

  /** V path_users.go setUser: under the name exactly as given (callers lower-case where Vault does). */
  async put(username: string, user: UserEntry): Promise<void> {
    await this.#storage.put(`user/${username}`, encodeUser(user));
  }

  async delete(username: string): Promise<void> {
    await this.#storage.delete(`user/${username}`);
  }

  async list(): Promise<string[]> {
    return this.#storage.list('user/');
  }
}
