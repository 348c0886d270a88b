// The secret half of Vault's expiration manager (vault/expiration.go Register, Renew, Revoke,
// RevokeByToken, revokePrefixCommon): a lease for every response that carries a Secret, stored
// behind the barrier at `sys/expire/id/<lease id>` with an index by creating token
// (`sys/expire/token/<token hash>/<lease hash>`), queued by expiry and revoked through the issuing
// backend when it runs out or its token is revoked. Token leases are the token store's (the
// token entry holds its lease); the sys/leases endpoints join the two.
import { ExpiryQueue } from '../auth/expiry-queue.js';
import type { Storage } from '../storage/types.js';
import type { Clock } from '../util/clock.js';
import { randomBase62, type RandomSource } from '../util/random.js';
import { sha256Hex } from '../util/sha256.js';

export interface SecretLease {
  lease_id: string;
  /** The full request path that created it (`kv1/app`). */
  path: string;
  /** Router path of the mount whose backend issued it. */
  mount: string;
  mount_accessor: string;
  /** Hash of the token that created it ('' for none): its revocation revokes the lease. */
  token_hash: string;
  issue_time: number;
  expire_time: number;
  last_renewal_time: number;
  ttl: number;
  max_ttl: number;
  renewable: boolean;
  /** The backend's data for renew and revoke (Secret.InternalData). */
  internal: Record<string, unknown>;
  /** Set when revocation failed for good (an irrevocable lease). */
  revoke_error?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** vault/expiration.go TokenLength: the random suffix of a secret lease id. */
const LEASE_SUFFIX_LENGTH = 24;

export class SecretLeases {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #queue = new ExpiryQueue();

  constructor(storage: Storage, clock: Clock, random: RandomSource) {
    this.#storage = storage;
    this.#clock = clock;
    this.#random = random;
  }

  /** Queues every stored lease (after an unseal). */
  async load(): Promise<void> {
    this.#queue.clear();
    for (const id of await this.ids('')) {
      const lease = await this.get(id);
      if (lease && lease.revoke_error === undefined) this.#queue.set(id, lease.expire_time);
    }
  }

  /** A new lease id under the request path (path.Join of the path and 24 base62 characters). */
  newId(path: string): string {
    const clean = path.split('/').filter((s) => s !== '').join('/');
    return `${clean}/${randomBase62(this.#random, LEASE_SUFFIX_LENGTH)}`;
  }

  async get(id: string): Promise<SecretLease | undefined> {
    if (id === '' || id.endsWith('/')) return undefined;
    const raw = await this.#storage.get(`id/${id}`);
    return raw === undefined ? undefined : (JSON.parse(decoder.decode(raw)) as SecretLease);
  }

  async put(lease: SecretLease): Promise<void> {
    await this.#storage.put(`id/${lease.lease_id}`, encoder.encode(JSON.stringify(lease)));
    if (lease.token_hash !== '') {
      await this.#storage.put(`token/${lease.token_hash}/${sha256Hex(lease.lease_id)}`, encoder.encode(lease.lease_id));
    }
    if (lease.revoke_error === undefined) this.#queue.set(lease.lease_id, lease.expire_time);
    else this.#queue.delete(lease.lease_id);
  }

  async delete(lease: SecretLease): Promise<void> {
    this.#queue.delete(lease.lease_id);
    if (lease.token_hash !== '') await this.#storage.delete(`token/${lease.token_hash}/${sha256Hex(lease.lease_id)}`);
    await this.#storage.delete(`id/${lease.lease_id}`);
  }

  /** Direct children of a prefix in the lease store: lease suffixes and `sub/` folders. */
  async children(prefix: string): Promise<string[]> {
    return this.#storage.list(`id/${prefix}`);
  }

  /** Every lease id under a prefix (depth first). */
  async ids(prefix: string): Promise<string[]> {
    const out: string[] = [];
    for (const child of await this.#storage.list(`id/${prefix}`)) {
      if (child.endsWith('/')) out.push(...(await this.ids(prefix + child)));
      else out.push(prefix + child);
    }
    return out;
  }

  /** The leases a token created (vault/expiration.go RevokeByToken's index). */
  async idsByToken(tokenHash: string): Promise<string[]> {
    const out: string[] = [];
    for (const key of await this.#storage.list(`token/${tokenHash}/`)) {
      const raw = await this.#storage.get(`token/${tokenHash}/${key}`);
      if (raw !== undefined) out.push(decoder.decode(raw));
    }
    return out;
  }

  nextExpiry(): number | undefined {
    return this.#queue.next();
  }

  /** Lease ids whose expiry has passed, earliest first (taken off the queue). */
  due(): string[] {
    return this.#queue.due(this.#clock.now());
  }
}
