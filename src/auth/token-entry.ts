// A token as the token store keeps it (Vault's logical.TokenEntry plus the times of its lease from
// vault/expiration.go), the ids it is known by, and the two views of it clients see: the
// `auth` block of create/renew responses and the `data` of lookups.
//
// Storage keeps no token id in a key: entries live at `id/<h>`, where h = SHA-256(token id) in
// lower-case hex, so finding a token is a hash-keyed map lookup and never a comparison of secret
// strings. Accessors are indexed the same way (`accessor/<SHA-256(accessor)>`), and each child
// is linked from its parent at `parent/<h(parent)>/<h(child)>`. The entry itself (inside the
// encrypted barrier in production) holds the id, as Vault's does, so lookups can echo it.
import { ERR_AUTH_CUSTOM_ID_DOT, ERR_AUTH_CUSTOM_ID_HVS, ERR_AUTH_CUSTOM_ID_S } from '../errors/auth.js';
import { VaultError } from '../errors/vault-error.js';
import type { AuthInfo } from '../logical/types.js';
import { rfc3339Nano } from '../util/clock.js';
import { sha256Hex } from '../util/sha256.js';
import type { RandomSource } from '../util/random.js';
import { goStringCompare } from '../go/strings.js';

export type TokenType = 'service' | 'batch';

/** The lease Vault's expiration manager keeps for a token (times in ms since the epoch). */
export interface TokenLease {
  issueTime: number;
  /** 0 = never expires (root tokens created without a TTL). */
  expireTime: number;
  /** 0 = never renewed. */
  lastRenewalTime: number;
  /** Seconds: the TTL last granted (at create or renew). */
  ttl: number;
  renewable: boolean;
}

export interface TokenEntry {
  id: string;
  /** '' for batch tokens, which have none. */
  accessor: string;
  /** Hash of the parent's id; '' for an orphan. */
  parentHash: string;
  policies: string[];
  /** Creation path: `auth/token/create`, `auth/token/root`, ... */
  path: string;
  meta: Record<string, string> | null;
  displayName: string;
  /** Remaining uses; 0 = unlimited; -1 = the last use is in progress (Vault's tokenRevocationPending). */
  numUses: number;
  /** Unix seconds. */
  creationTime: number;
  /** Seconds at creation (lookup's `creation_ttl`); 0 = never expires. */
  ttl: number;
  explicitMaxTtl: number;
  period: number;
  type: TokenType;
  entityId: string;
  /** null for the initial root token, which Vault registers no lease for. */
  lease: TokenLease | null;
  /** Addresses the token may be used from (logins with token_bound_cidrs); absent = anywhere. */
  boundCidrs?: string[];
  /** The token role it was created against (auth/token/create/<role>); absent = none. */
  role?: string;
  /** A policy text of the token's own (sdk/logical/token.go InlinePolicy: OIDC provider access tokens). */
  inlinePolicy?: string;
  /** Skips the entity's identity policies (TokenEntry.NoIdentityPolicies). */
  noIdentityPolicies?: boolean;
  /** Metadata only Vault itself reads (TokenEntry.InternalMeta). */
  internalMeta?: Record<string, string>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const TOKEN_RANDOM_LENGTH = 24;

/** The storage-key form of a token id or accessor: SHA-256, lower-case hex. */
export function hashId(value: string): string {
  return sha256Hex(value);
}

/**
 * Draws `count` uniform base62 strings of `length` characters with as few calls to the random
 * source as possible (rejection sampling of 6-bit values, as go-secure-stdlib base62 does).
 */
export function base62Strings(random: RandomSource, count: number, length: number): string[] {
  const out: string[] = [];
  let current = '';
  while (out.length < count) {
    const buf = random.bytes((count - out.length) * length * 2);
    for (let i = 0; i < buf.length && out.length < count; i++) {
      const v = buf[i]! & 0x3f;
      if (v >= 62) continue;
      current += BASE62[v];
      if (current.length === length) {
        out.push(current);
        current = '';
      }
    }
  }
  return out;
}

export function isExpired(entry: TokenEntry, nowMs: number): boolean {
  const expire = entry.lease?.expireTime ?? 0;
  return expire !== 0 && nowMs >= expire;
}

/** Vault's leaseEntry.ttl(): whole seconds left, measured from `now` rounded to the second. */
function remainingTtl(lease: TokenLease, nowMs: number): number {
  if (lease.expireTime === 0) return 0;
  return Math.trunc((lease.expireTime - Math.round(nowMs / 1000) * 1000) / 1000);
}

/** The envelope's `auth` block for a token (sdk/logical/translate_response.go HTTPAuth order). */
export function authInfo(entry: TokenEntry, leaseDuration: number, renewable: boolean, clientToken = entry.id): AuthInfo {
  return {
    client_token: clientToken,
    accessor: entry.accessor,
    policies: [...entry.policies],
    token_policies: [...entry.policies],
    metadata: entry.meta ? { ...entry.meta } : null,
    lease_duration: leaseDuration,
    renewable,
    entity_id: entry.entityId,
    token_type: entry.type,
    orphan: entry.parentHash === '',
    mfa_requirement: null,
    num_uses: entry.numUses,
  };
}

/** sdk/logical/translate_response.go HTTPAuth field order, identity_policies (omitempty) included. */
const AUTH_ORDER: Array<keyof AuthInfo> = [
  'client_token', 'accessor', 'policies', 'token_policies', 'identity_policies', 'metadata', 'lease_duration', 'renewable', 'entity_id',
  'token_type', 'orphan', 'mfa_requirement', 'num_uses',
];

/**
 * An `auth` block with the entity's identity policies (request_handling.go LoginCreateToken and
 * the token renew branch): identity_policies sanitised (lower-cased, de-duplicated, sorted) after
 * token_policies, and policies the sanitised union; unchanged when there are none.
 */
export function withIdentityPolicies(auth: AuthInfo, identityPolicies: readonly string[] | undefined): AuthInfo {
  const identity = sanitizeList(identityPolicies ?? []);
  if (identity.length === 0) return auth;
  const full: AuthInfo = { ...auth, identity_policies: identity, policies: sanitizeList([...auth.token_policies, ...identity]) };
  if (full.policies.includes('root')) full.policies = ['root'];
  return Object.fromEntries(AUTH_ORDER.filter((k) => k in full).map((k) => [k, full[k]])) as unknown as AuthInfo;
}

function sanitizeList(list: readonly string[]): string[] {
  return [...new Set(list.map((p) => p.trim().toLowerCase()).filter((p) => p !== ''))].sort(goStringCompare);
}

/**
 * The `data` of lookup, lookup-self and lookup-accessor (V vault/token_store.go handleLookup),
 * keys in the alphabetical order Go's JSON encoder writes a map in.
 */
export function lookupData(entry: TokenEntry, nowMs: number, identityPolicies?: readonly string[]): Record<string, unknown> {
  const d: Record<string, unknown> = {
    accessor: entry.accessor,
    creation_time: entry.creationTime,
    creation_ttl: entry.ttl,
    display_name: entry.displayName,
    entity_id: entry.entityId,
    expire_time: null,
    explicit_max_ttl: entry.explicitMaxTtl,
    id: entry.id,
    meta: entry.meta ? { ...entry.meta } : null,
    num_uses: entry.numUses,
    orphan: entry.parentHash === '',
    path: entry.path,
    policies: [...entry.policies],
    ttl: 0,
    type: entry.type,
  };
  if (entry.role !== undefined && entry.role !== '') d.role = entry.role;
  // handleLookup: the entity's derived policies, raw, and CE's empty external namespace map.
  if (identityPolicies !== undefined && identityPolicies.length > 0) {
    d.identity_policies = [...identityPolicies];
    d.external_namespace_policies = {};
  }
  if (entry.period !== 0) d.period = entry.period;
  // token_store.go handleLookup: bound_cidrs only when the token has them
  if (entry.boundCidrs !== undefined && entry.boundCidrs.length > 0) d.bound_cidrs = [...entry.boundCidrs];
  const lease = entry.lease;
  if (lease) {
    if (lease.lastRenewalTime !== 0) {
      d.last_renewal_time = Math.floor(lease.lastRenewalTime / 1000);
      d.last_renewal = rfc3339Nano(lease.lastRenewalTime);
    }
    if (lease.expireTime !== 0) {
      d.expire_time = rfc3339Nano(lease.expireTime);
      d.ttl = remainingTtl(lease, nowMs);
    }
    d.renewable = lease.expireTime !== 0 && lease.renewable && nowMs < lease.expireTime;
    d.issue_time = rfc3339Nano(lease.issueTime);
  }
  return Object.fromEntries(Object.keys(d).sort(goStringCompare).map((k) => [k, d[k]]));
}

export function encodeEntry(entry: TokenEntry): Uint8Array {
  return encoder.encode(JSON.stringify(entry));
}

export function decodeEntry(bytes: Uint8Array): TokenEntry {
  return JSON.parse(decoder.decode(bytes)) as TokenEntry;
}
/** V vault/token_store.go create: a custom id may not look like a generated one. */
export function checkCustomId(id: string): void {
  if (id.startsWith('hvs.')) throw new VaultError(400, ERR_AUTH_CUSTOM_ID_HVS);
  if (id.startsWith('s.')) throw new VaultError(400, ERR_AUTH_CUSTOM_ID_S);
  if (id.includes('.')) throw new VaultError(400, ERR_AUTH_CUSTOM_ID_DOT);
}
