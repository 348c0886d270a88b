// Secret IDs as Vault keeps them (V builtin/credential/approle/validation.go secretIDStorageEntry,
// secretIDAccessorStorageEntry, registerSecretIDEntry, nonLockedSecretIDStorageEntry,
// createSecretIDAccessorEntry, deleteSecretIDAccessorEntry, deriveSecretIDTTL, flushRoleSecrets,
// verifyCIDRRoleSecretIDSubset; path_tidy_user_id.go tidySecretIDinternal). A secret ID is never
// stored in the clear: its entry lives at `<prefix><HMAC(role name)>/<HMAC(secret id)>`, both keyed
// by the role's HMAC key, and its accessor index at `accessor/<salted accessor>` → the secret's HMAC.
import { GoError } from '../../errors/vault-error.js';
import { errApproleCidrSubset, errApproleValidateCidr } from '../../errors/approle.js';
import { ipRange } from '../../framework/cidr.js';
import { parseRfc3339Nano, rfc3339Nano } from '../../util/clock.js';
import {
  ACCESSOR_LOCAL_PREFIX, ACCESSOR_PREFIX, createHmac, SECRET_ID_LOCAL_PREFIX, type RoleEntry, type RoleStore,
} from './store.js';

export interface SecretIdEntry {
  accessor: string;
  numUses: number;
  /** Seconds, as requested (or the role's). */
  ttl: number;
  /** Epoch milliseconds; expiration 0 = never (Go's zero time). */
  creationTime: number;
  expirationTime: number;
  lastUpdatedTime: number;
  metadata: Record<string, string>;
  cidrList: string[];
  tokenBoundCidrs: string[];
}

const NS = 1_000_000_000;
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const goTime = (ms: number): string => (ms === 0 ? GO_ZERO_TIME : rfc3339Nano(ms));
const parseTime = (v: unknown): number => {
  if (typeof v !== 'string' || v.startsWith('0001-01-01')) return 0;
  const t = parseRfc3339Nano(v);
  return Number.isNaN(t) ? 0 : t;
};

function encodeSecret(e: SecretIdEntry): Uint8Array {
  return encoder.encode(JSON.stringify({
    secret_id_accessor: e.accessor, secret_id_num_uses: e.numUses, secret_id_ttl: e.ttl * NS,
    creation_time: goTime(e.creationTime), expiration_time: goTime(e.expirationTime),
    last_updated_time: goTime(e.lastUpdatedTime), metadata: e.metadata, cidr_list: e.cidrList,
    token_cidr_list: e.tokenBoundCidrs, SecretIDNumUses: e.numUses,
  }));
}

function decodeSecret(bytes: Uint8Array): SecretIdEntry {
  const j = JSON.parse(decoder.decode(bytes)) as Record<string, unknown>;
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  const meta: Record<string, string> = {};
  if (typeof j.metadata === 'object' && j.metadata !== null) {
    for (const [k, v] of Object.entries(j.metadata)) meta[k] = String(v);
  }
  return {
    accessor: typeof j.secret_id_accessor === 'string' ? j.secret_id_accessor : '',
    numUses: typeof j.secret_id_num_uses === 'number' ? j.secret_id_num_uses : 0,
    ttl: Math.trunc((typeof j.secret_id_ttl === 'number' ? j.secret_id_ttl : 0) / NS),
    creationTime: parseTime(j.creation_time), expirationTime: parseTime(j.expiration_time),
    lastUpdatedTime: parseTime(j.last_updated_time), metadata: meta, cidrList: list(j.cidr_list),
    tokenBoundCidrs: list(j.token_cidr_list),
  };
}

/** V path_role.go ToResponseData (the lookup body). */
export function secretIdResponseData(e: SecretIdEntry): Record<string, unknown> {
  return {
    cidr_list: [...e.cidrList], creation_time: goTime(e.creationTime), expiration_time: goTime(e.expirationTime),
    last_updated_time: goTime(e.lastUpdatedTime), metadata: { ...e.metadata }, secret_id_accessor: e.accessor,
    secret_id_num_uses: e.numUses, secret_id_ttl: e.ttl, token_bound_cidrs: [...e.tokenBoundCidrs],
  };
}

// ---- CIDR helpers (LIB sdk/helper/cidrutil ValidateCIDRListSlice, SubsetBlocks) ----------------

/** Go net.ParseCIDR: an address with a mask. */
function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  return slash > 0 && /^\d+$/.test(s.slice(slash + 1)) && ipRange(s) !== undefined && !s.includes('[');
}

/** cidrutil.ValidateCIDRListSlice: the first item that is not a CIDR, or undefined. */
export function invalidCidr(list: readonly string[]): string | undefined {
  return list.find((c) => !isCidr(c));
}

/** V validation.go verifyCIDRRoleSecretIDSubset (throws the 500 Vault returns). */
export function verifyCidrSubset(secretCidrs: readonly string[], roleCidrs: readonly string[] | null): void {
  if (secretCidrs.length === 0 || roleCidrs === null || roleCidrs.length === 0) return;
  const role = roleCidrs.map((b) => (b.includes('/') ? b : `${b}/32`));
  const ranges = role.map(ipRange);
  const ok = secretCidrs.every((c) => {
    const r = ipRange(c);
    return r !== undefined && ranges.some((o) => o !== undefined && o.v6 === r.v6 && o.first <= r.first && o.last >= r.last);
  });
  if (!ok || ranges.some((r) => r === undefined)) throw new GoError(500, errApproleCidrSubset(role, secretCidrs));
}

/** Validates a CIDR list the way pathRoleCreateUpdate and handleRoleSecretIDCommon do (500). */
export function requireCidrs(list: readonly string[], message: (item: string) => string = errApproleValidateCidr): void {
  const bad = invalidCidr(list);
  if (bad !== undefined) throw new GoError(500, message(bad));
}

// ---- storage ---------------------------------------------------------------------------------

function accessorPrefix(secretIdPrefix: string): string {
  return secretIdPrefix === SECRET_ID_LOCAL_PREFIX ? ACCESSOR_LOCAL_PREFIX : ACCESSOR_PREFIX;
}

export class SecretIdStore {
  constructor(readonly roles: RoleStore) {}

  get #s() {
    return this.roles.storage;
  }

  /** The storage index of a secret ID of a role. */
  index(role: RoleEntry, secretId: string): { key: string; hmac: string } {
    const hmac = createHmac(role.hmacKey, secretId);
    return { key: `${role.secretIdPrefix}${createHmac(role.hmacKey, role.name)}/${hmac}`, hmac };
  }

  keyOfHmac(role: RoleEntry, secretIdHmac: string): string {
    return `${role.secretIdPrefix}${createHmac(role.hmacKey, role.name)}/${secretIdHmac}`;
  }

  async getAt(key: string): Promise<SecretIdEntry | undefined> {
    const bytes = await this.#s.get(key);
    return bytes === undefined ? undefined : decodeSecret(bytes);
  }

  async putAt(key: string, entry: SecretIdEntry): Promise<void> {
    await this.#s.put(key, encodeSecret(entry));
  }

  async deleteAt(key: string): Promise<void> {
    await this.#s.delete(key);
  }

  /** V validation.go secretIDAccessorEntry: the secret's HMAC, or undefined. */
  async accessorEntry(accessor: string, prefix: string): Promise<string | undefined> {
    const bytes = await this.#s.get(accessorPrefix(prefix) + await this.roles.saltId(accessor));
    if (bytes === undefined) return undefined;
    const j = JSON.parse(decoder.decode(bytes)) as { secret_id_hmac?: unknown };
    return typeof j.secret_id_hmac === 'string' ? j.secret_id_hmac : '';
  }

  async deleteAccessor(accessor: string, prefix: string): Promise<void> {
    await this.#s.delete(accessorPrefix(prefix) + await this.roles.saltId(accessor));
  }

  /**
   * V validation.go registerSecretIDEntry: refuses a secret ID already stored, sets the times
   * (expiry from deriveSecretIDTTL: a TTL above the mount max is cut to it), writes the accessor
   * index first, then the entry. Returns the stored entry.
   */
  async register(
    role: RoleEntry, secretId: string, entry: Omit<SecretIdEntry, 'accessor' | 'creationTime' | 'expirationTime' | 'lastUpdatedTime'>,
    now: number, effectiveTtl: number,
  ): Promise<SecretIdEntry | undefined> {
    const { key, hmac } = this.index(role, secretId);
    if ((await this.#s.get(key)) !== undefined) return undefined;
    const stored: SecretIdEntry = {
      ...entry, accessor: this.roles.uuid(), creationTime: now, lastUpdatedTime: now,
      expirationTime: effectiveTtl !== 0 ? now + effectiveTtl * 1000 : 0,
    };
    await this.#s.put(accessorPrefix(role.secretIdPrefix) + await this.roles.saltId(stored.accessor),
      encoder.encode(JSON.stringify({ secret_id_hmac: hmac })));
    await this.putAt(key, stored);
    return stored;
  }

  /** The HMACs of a role's secret IDs (sorted, as the storage lists them). */
  async listHmacs(role: RoleEntry): Promise<string[]> {
    return this.#s.list(`${role.secretIdPrefix}${createHmac(role.hmacKey, role.name)}/`);
  }

  /** V validation.go flushRoleSecrets: every secret ID entry of the role (accessors stay for tidy). */
  async flush(role: RoleEntry): Promise<void> {
    for (const h of await this.listHmacs(role)) await this.deleteAt(this.keyOfHmac(role, h));
  }

  /**
   * V path_tidy_user_id.go tidySecretIDinternal over both prefixes: secret IDs without an accessor
   * and expired ones (with their accessors) are deleted, then accessors whose secret ID is gone.
   */
  async tidy(now: number): Promise<void> {
    for (const [secretPrefix, accPrefix] of [['secret_id/', ACCESSOR_PREFIX], [SECRET_ID_LOCAL_PREFIX, ACCESSOR_LOCAL_PREFIX]] as const) {
      const accessorHashes = await this.#s.list(accPrefix);
      const liveHmacs = new Set<string>();
      for (const roleHmac of await this.#s.list(secretPrefix)) {
        for (const secretHmac of await this.#s.list(secretPrefix + roleHmac)) {
          const key = secretPrefix + roleHmac + secretHmac;
          const entry = await this.getAt(key);
          if (entry === undefined) continue;
          if ((await this.accessorEntry(entry.accessor, secretPrefix)) === undefined) {
            await this.deleteAt(key);
          } else if (entry.expirationTime !== 0 && now > entry.expirationTime) {
            await this.deleteAccessor(entry.accessor, secretPrefix);
            await this.deleteAt(key);
          } else {
            liveHmacs.add(secretHmac);
          }
        }
      }
      for (const h of accessorHashes) {
        const bytes = await this.#s.get(accPrefix + h);
        if (bytes === undefined) continue;
        const j = JSON.parse(decoder.decode(bytes)) as { secret_id_hmac?: unknown };
        if (typeof j.secret_id_hmac !== 'string' || !liveHmacs.has(j.secret_id_hmac)) await this.#s.delete(accPrefix + h);
      }
    }
  }
}
