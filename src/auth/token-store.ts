// Vault's token store (V vault/token_store.go) with the token half of its expiration manager
// (vault/expiration.go): creating, finding, using, renewing and revoking tokens over a Storage.
// A token whose lease has run out, whose last use has been spent, or any of whose ancestors is
// gone resolves as absent (core answers 403 `permission denied`) from that moment; expired
// tokens are also queued by expiry (ExpiryQueue) and revoked with their children when
// `expireDue()` runs (core calls it on a timer and whenever a manual clock moves), so their
// storage goes. Revoking a token runs the revocation hooks (its cubbyhole, its leases). Time comes
// from the injected Clock, ids and accessors from the injected RandomSource.
import {
  ERR_AUTH_BATCH_CANNOT_RENEW, ERR_AUTH_DUPLICATE_ID, ERR_AUTH_INVALID_LEASE_ID, ERR_AUTH_LEASE_EXPIRED, ERR_AUTH_LEASE_NOT_RENEWABLE,
} from '../errors/auth.js';
import { ERR_PERMISSION_DENIED } from '../errors/core.js';
import { VaultError } from '../errors/vault-error.js';
import { KeyLocks } from '../util/key-locks.js';
import { readDecoded, type Storage } from '../storage/types.js';
import { preciseNow, systemClock, type Clock } from '../util/clock.js';
import { Prefixed } from '../util/prefixed.js';
import { systemRandom, type RandomSource } from '../util/random.js';
import type { ACL } from './acl.js';
import { TokenAcls } from './token-acl.js';
import { ExpiryQueue } from './expiry-queue.js';
import type { PolicyStore } from './policy-store.js';
import {
  TOKEN_RANDOM_LENGTH, base62Strings, checkCustomId, decodeEntry, encodeEntry, hashId, isExpired, type TokenEntry,
} from './token-entry.js';
import { SYSTEM_MAX_LEASE_TTL, calculateTtl, type LeaseLimits } from './token-ttl.js';

export interface TokenStoreOptions {
  /** Where tokens live (in production a barrier view; Vault: `sys/token/`). */
  storage: Storage;
  /** Policies, for ACLs and the "does not exist" warnings. */
  policies: PolicyStore;
  clock?: Clock;
  random?: RandomSource;
  /** The token mount's default and max lease TTL in seconds; both default to 768h. */
  defaultLeaseTtl?: number;
  maxLeaseTtl?: number;
}

export type { IdentityHook, NewToken, TokenPort } from './token-identity.js';
import type { IdentityHook, NewToken } from './token-identity.js';
import { goStringCompare } from '../go/strings.js';

const EMPTY = new Uint8Array(0);
const MAX_ANCESTRY = 10_000;
const HASH_MEMO_LIMIT = 4096;

/** What a renewal is computed from: the token's (or its role's) period and explicit max, and for a
 * login's token what the auth backend granted and its mount's lease limits. */
export interface RenewLifetime {
  period: number;
  explicitMaxTtl: number;
  login?: { ttl: number; maxTtl: number; limits: LeaseLimits };
}

export class TokenStore {
  readonly clock: Clock;
  readonly policies: PolicyStore;
  readonly limits: LeaseLimits;
  readonly #storage: Storage;
  readonly #idPaths = new Prefixed('id/');
  readonly #hashes = new Map<string, string>();
  readonly #random: RandomSource;
  readonly #expiries = new ExpiryQueue();
  readonly #useLocks = new KeyLocks();
  /** The identity store, once core has wired it (absent in unit tests of the token store alone). */
  #identity: IdentityHook | undefined;
  get identity(): IdentityHook | undefined {
    return this.#identity;
  }
  set identity(hook: IdentityHook | undefined) {
    this.#identity = hook;
    hook?.attachTokens?.({ create: (t) => this.create(t), lookup: (id) => this.lookup(id) });
  }
  readonly #acls: TokenAcls;
  /** Run for each token as it is revoked, before its entry goes (cubbyhole, leases it created). */
  readonly revocationHooks: Array<(entry: TokenEntry) => Promise<void>> = [];

  constructor(opts: TokenStoreOptions) {
    this.#storage = opts.storage;
    this.policies = opts.policies;
    this.clock = opts.clock ?? systemClock;
    this.#random = opts.random ?? systemRandom;
    this.limits = { defaultTtl: opts.defaultLeaseTtl ?? SYSTEM_MAX_LEASE_TTL, maxTtl: opts.maxLeaseTtl ?? SYSTEM_MAX_LEASE_TTL };
    this.#acls = new TokenAcls(this.policies, this.clock, () => this.#identity);
  }

  /** The initial root token (sys/init, generate-root): policy `root`, no TTL, no lease. Returns its id. */
  async createRootToken(): Promise<string> {
    const entry = await this.create({
      parentHash: '', policies: ['root'], path: 'auth/token/root', meta: null, displayName: 'root', numUses: 0,
      creationTime: Math.floor(this.clock.now() / 1000), ttl: 0, explicitMaxTtl: 0, period: 0, type: 'service',
      entityId: '', lease: null,
    });
    return entry.id;
  }

  /**
   * For core, once per request: the live token for an id, or undefined (unknown, expired, revoked,
   * out of uses, or an ancestor gone). Dead tokens found here are revoked with their children.
   */
  async resolveToken(id: string): Promise<TokenEntry | undefined> {
    const entry = await this.#lookup(id, false, true);
    // A token whose entity is disabled or deleted is refused, not revoked (CheckToken).
    if (entry && entry.entityId !== '' && this.identity?.denied(entry.entityId) === true) return undefined;
    return entry;
  }

  /**
   * Vault's Lookup: like resolveToken, but without revoking a token whose last use is in progress
   * (that happens on its next resolve). `tainted` also returns such a token (lookup endpoints).
   */
  async lookup(id: string, opts: { tainted?: boolean } = {}): Promise<TokenEntry | undefined> {
    return this.#lookup(id, opts.tainted ?? false, false);
  }

  async lookupByAccessor(accessor: string, opts: { tainted?: boolean } = {}): Promise<TokenEntry | undefined> {
    if (accessor === '') return undefined;
    const index = await this.#storage.get(`accessor/${hashId(accessor)}`);
    if (!index) return undefined;
    const { tokenHash } = JSON.parse(new TextDecoder().decode(index)) as { tokenHash: string };
    const entry = await this.#get(tokenHash);
    return entry ? this.#live(entry, tokenHash, opts.tainted ?? false, false) : undefined;
  }

  /** The store's storage view (Vault: `sys/token/`); token roles live in it under `roles/`. */
  get storage(): Storage {
    return this.#storage;
  }

  /** The ACL a token's requests are checked against (token-acl.ts). */
  aclFor(entry: TokenEntry): Promise<ACL> {
    return this.#acls.aclFor(entry);
  }

  /** The identity policies of a token's entity as token lookup shows them, or undefined. */
  identityPoliciesOf(entry: TokenEntry): string[] | undefined {
    return this.#acls.identityPoliciesOf(entry);
  }

  /**
   * Counts one use of a limited-use token (UseToken), once per authenticated request; the last use
   * still runs (num_uses -1) and the token is revoked when next resolved. Re-read under the token's
   * lock (tokenLocks) so concurrent requests never spend one use twice; none left → 403 (CheckToken).
   */
  async useToken(entry: TokenEntry): Promise<TokenEntry> {
    if (entry.numUses <= 0) return entry;
    const hash = hashId(entry.id);
    return this.#useLocks.withKey(hash, async () => {
      const current = await this.#get(hash);
      if (current === undefined || current.numUses === -1) throw new VaultError(403, ERR_PERMISSION_DENIED);
      const used: TokenEntry = { ...current, numUses: current.numUses === 1 ? -1 : current.numUses - 1 };
      if (current.numUses > 0) await this.#put(used);
      return current.numUses > 0 ? used : current;
    });
  }

  /** Stores a new token with a fresh id and accessor (or the given custom id) and its indexes. */
  async create(token: NewToken): Promise<TokenEntry> {
    const [id, accessor] = base62Strings(this.#random, 2, TOKEN_RANDOM_LENGTH) as [string, string];
    const batch = token.type === 'batch';
    const entry: TokenEntry = { ...token, id: batch ? `hvb.${id}` : `hvs.${id}`, accessor: batch ? '' : accessor };
    if (token.id !== undefined && token.id !== '' && !batch) {
      checkCustomId(token.id);
      if (await this.lookup(token.id, { tainted: true })) throw new VaultError(400, ERR_AUTH_DUPLICATE_ID);
      entry.id = token.id;
    }
    if (entry.accessor !== '') {
      await this.#storage.put(`accessor/${hashId(entry.accessor)}`, new TextEncoder().encode(JSON.stringify({ tokenHash: hashId(entry.id) })));
    }
    if (entry.parentHash !== '') await this.#storage.put(`parent/${entry.parentHash}/${hashId(entry.id)}`, EMPTY);
    await this.#put(entry);
    return entry;
  }

  /**
   * Renews a token's lease (V vault/expiration.go RenewToken): `increment` seconds, or its last TTL
   * when 0, capped by its max TTL; a periodic token gets its period. Returns the new TTL.
   */
  async renew(
    entry: TokenEntry, increment: number, lifetime?: () => Promise<RenewLifetime | null>,
  ): Promise<{ entry: TokenEntry; ttl: number; warnings: string[] } | undefined> {
    if (entry.type === 'batch') throw new VaultError(400, ERR_AUTH_BATCH_CANNOT_RENEW);
    const lease = entry.lease;
    if (!lease) throw new VaultError(400, ERR_AUTH_INVALID_LEASE_ID);
    const now = preciseNow(this.clock); // the lease's times print with nanoseconds
    if (lease.expireTime === 0) throw new VaultError(400, ERR_AUTH_LEASE_NOT_RENEWABLE);
    if (now >= lease.expireTime) throw new VaultError(400, ERR_AUTH_LEASE_EXPIRED);
    if (!lease.renewable) throw new VaultError(400, ERR_AUTH_LEASE_NOT_RENEWABLE);
    // token_store.go authRenew: a token made against a role renews with the role's current
    // period and explicit max TTL (`lifetime`), any other with its own; a login's token with
    // what its auth mount's renew handler grants, under that mount's TTLs (null: not extended).
    const life = lifetime ? await lifetime() : entry;
    if (life === null) return undefined;
    const { period, explicitMaxTtl } = life;
    const login = 'login' in life ? life.login : undefined;
    const { ttl, warnings } = calculateTtl(login?.limits ?? this.limits, {
      increment, backendTtl: login?.ttl ?? lease.ttl, period, backendMaxTtl: login?.maxTtl ?? 0, explicitMaxTtl,
      startSec: Math.floor(lease.issueTime / 1000), nowSec: Math.floor(now / 1000),
    });
    const renewed: TokenEntry = { ...entry, lease: { ...lease, ttl, expireTime: now + ttl * 1000, lastRenewalTime: now } };
    await this.#put(renewed);
    return { entry: renewed, ttl, warnings };
  }

  /** Revokes a token and every descendant. */
  async revokeTree(entry: TokenEntry): Promise<void> {
    await this.#revokeSubtree(hashId(entry.id));
  }

  /** Revokes only this token; its children become orphans (V revokeOrphan). */
  async revokeOrphan(entry: TokenEntry): Promise<void> {
    const h = hashId(entry.id);
    for (const childHash of await this.#storage.list(`parent/${h}/`)) {
      const child = await this.#get(childHash);
      if (child) await this.#put({ ...child, parentHash: '' });
      await this.#storage.delete(`parent/${h}/${childHash}`);
    }
    await this.#delete(h);
  }

  /**
   * Revokes every token whose creation path starts with `prefix`, with its descendants: what
   * disabling an auth mount does to the tokens its logins issued (expiration.go RevokePrefix).
   */
  async revokeByPathPrefix(prefix: string): Promise<void> {
    for (const key of await this.#storage.list('id/')) {
      const entry = await this.#get(key);
      if (entry && entry.path.startsWith(prefix)) await this.revokeTree(entry);
    }
  }

  /** Run by tidy with the keys of every stored token (core drops cubbyholes no token owns). */
  readonly tidyHooks: Array<(liveHashes: ReadonlySet<string>) => Promise<void>> = [];

  /**
   * auth/token/tidy (token_store.go handleTidy): child-index entries whose parent or child is
   * gone are deleted (children of a vanished parent become orphans), accessor entries that point
   * to no token are deleted, expired tokens are revoked, and the hooks clean what tokens own.
   */
  async tidy(): Promise<void> {
    await this.expireDue();
    const live = new Set(await this.#storage.list('id/'));
    for (const key of await this.#storage.list('accessor/')) {
      const raw = await this.#storage.get(`accessor/${key}`);
      const tokenHash = raw === undefined ? '' : (JSON.parse(new TextDecoder().decode(raw)) as { tokenHash: string }).tokenHash;
      if (!live.has(tokenHash)) await this.#storage.delete(`accessor/${key}`);
    }
    for (const parent of await this.#storage.list('parent/')) {
      const p = parent.replace(/\/$/, '');
      for (const child of await this.#storage.list(`parent/${p}/`)) {
        if (live.has(p) && live.has(child)) continue;
        await this.#storage.delete(`parent/${p}/${child}`);
        const entry = live.has(child) ? await this.#get(child) : undefined;
        if (entry && entry.parentHash === p) await this.#put({ ...entry, parentHash: '' });
      }
    }
    for (const hook of this.tidyHooks) await hook(live);
  }

  /** Accessors of every stored service token (LIST auth/token/accessors), sorted. */
  async listAccessors(): Promise<string[]> {
    const out: string[] = [];
    for (const key of await this.#storage.list('id/')) {
      const entry = await this.#get(key);
      if (entry && entry.accessor !== '' && !isExpired(entry, this.clock.now())) out.push(entry.accessor);
    }
    return out.sort(goStringCompare);
  }

  async #lookup(id: string, tainted: boolean, reapPending: boolean): Promise<TokenEntry | undefined> {
    if (typeof id !== 'string' || id === '') return undefined;
    const h = this.#lookupHash(id);
    const entry = await this.#get(h);
    return entry ? this.#live(entry, h, tainted, reapPending) : undefined;
  }

  /** The entry if it and all its ancestors are alive; revokes what it finds dead. */
  async #live(entry: TokenEntry, h: string, tainted: boolean, reapPending: boolean): Promise<TokenEntry | undefined> {
    const now = this.clock.now();
    if (isExpired(entry, now)) {
      await this.#revokeSubtree(h);
      return undefined;
    }
    if (entry.numUses === -1 && !tainted) {
      if (reapPending) await this.#revokeSubtree(h);
      return undefined;
    }
    let parentHash = entry.parentHash;
    for (let depth = 0; parentHash !== '' && depth < MAX_ANCESTRY; depth++) {
      const parent = await this.#get(parentHash);
      if (!parent || isExpired(parent, now) || parent.numUses === -1) {
        await this.#revokeSubtree(h);
        return undefined;
      }
      parentHash = parent.parentHash;
    }
    return entry;
  }

  async #revokeSubtree(rootHash: string): Promise<void> {
    const order: string[] = [];
    const stack = [rootHash];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const h = stack.pop()!;
      if (seen.has(h)) continue;
      seen.add(h);
      order.push(h);
      for (const child of await this.#storage.list(`parent/${h}/`)) {
        stack.push(child);
        await this.#storage.delete(`parent/${h}/${child}`);
      }
    }
    for (const h of order.reverse()) await this.#delete(h);
  }

  async #delete(h: string): Promise<void> {
    const entry = await this.#get(h);
    this.#expiries.delete(h);
    if (!entry) return;
    for (const hook of this.revocationHooks) await hook(entry);
    if (entry.accessor !== '') await this.#storage.delete(`accessor/${hashId(entry.accessor)}`);
    if (entry.parentHash !== '') await this.#storage.delete(`parent/${entry.parentHash}/${h}`);
    await this.#storage.delete(`id/${h}`);
  }

  /**
   * hashId for the lookup every request makes: the same few tokens come again and again, so a
   * bounded memo (emptied when full) turns the hash into a map lookup. It belongs to this store,
   * which lives only while unsealed, so no token id outlives the seal in it.
   */
  #lookupHash(id: string): string {
    let h = this.#hashes.get(id);
    if (h === undefined) {
      if (this.#hashes.size >= HASH_MEMO_LIMIT) this.#hashes.clear();
      h = hashId(id);
      this.#hashes.set(id, h);
    }
    return h;
  }

  #get(h: string): Promise<TokenEntry | undefined> {
    return readDecoded(this.#storage, this.#idPaths.of(h), decodeEntry);
  }

  async #put(entry: TokenEntry): Promise<void> {
    const h = hashId(entry.id);
    await this.#storage.put(`id/${h}`, encodeEntry(entry));
    this.#expiries.set(h, entry.lease?.expireTime ?? 0);
  }

  /** Queues every stored token's expiry (once, when the store opens after an unseal). */
  async loadExpiries(): Promise<void> {
    this.#expiries.clear();
    for (const h of await this.#storage.list('id/')) {
      const entry = await this.#get(h);
      if (entry) this.#expiries.set(h, entry.lease?.expireTime ?? 0);
    }
  }

  /** When the next token expires (ms), or undefined. */
  nextExpiry(): number | undefined {
    return this.#expiries.next();
  }

  /** Revokes, with their children, every token whose lease has run out. Returns how many. */
  async expireDue(): Promise<number> {
    const due = this.#expiries.due(this.clock.now());
    for (const h of due) await this.#revokeSubtree(h);
    return due.length;
  }

  /** Vault's token lease id: the creation path and the token's salted id (vault/expiration.go RegisterAuth). */
  leaseIdOf(entry: TokenEntry): string {
    return `${entry.path}/h${hashId(entry.id)}`;
  }

  /** The live token behind a token lease id, if the id is one. */
  async byLeaseId(leaseId: string): Promise<TokenEntry | undefined> {
    const m = /\/h([0-9a-f]{64})$/.exec(leaseId);
    if (m === null) return undefined;
    const entry = await this.#get(m[1]!);
    if (!entry || entry.lease === null || this.leaseIdOf(entry) !== leaseId) return undefined;
    return this.#live(entry, m[1]!, true, false);
  }

  /** Every token lease id (service tokens with a lease), for listings and prefix revocation. */
  async leaseIds(): Promise<string[]> {
    const out: string[] = [];
    for (const h of await this.#storage.list('id/')) {
      const entry = await this.#get(h);
      if (entry && entry.lease !== null && entry.type === 'service' && !isExpired(entry, this.clock.now())) out.push(this.leaseIdOf(entry));
    }
    return out;
  }
}
