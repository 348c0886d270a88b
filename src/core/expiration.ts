// Vault's expiration manager (vault/expiration.go) as core sees it: registers a lease for every
// response that carries a Secret, looks up, lists, renews and revokes leases — secret leases
// (SecretLeases) and token leases (the token store) alike, as the sys/leases endpoints address
// them — and revokes what ran out. A token's revocation revokes the secret leases it created.
import { calculateTtl } from '../auth/token-ttl.js';
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_LEASE_EXPIRED, ERR_LEASE_IRREVOCABLE, ERR_LEASE_NOT_FOUND, ERR_LEASE_NOT_RENEWABLE, ERR_LEASE_TOKEN_RENEW,
} from '../errors/leases.js';
import type { Backend, LogicalResponse } from '../logical/types.js';
import { preciseNow, rfc3339Nano, type Clock } from '../util/clock.js';
import type { MountEntry, MountTable } from './mounts.js';
import type { AuthPort } from './ports.js';
import type { SecretLease, SecretLeases } from './secret-leases.js';
import { effectiveTtls } from './sys-mount-info.js';

/** What a lookup reports (vault/logical_system.go handleLeaseLookup; keys sorted). */
export interface LeaseTimes {
  issueMs: number;
  expireMs: number;
  lastRenewalMs: number;
  renewable: boolean;
}

export function lookupData(id: string, t: LeaseTimes, nowMs: number): Record<string, unknown> {
  const expired = t.expireMs !== 0 && nowMs >= t.expireMs;
  const ttl = t.expireMs === 0 ? 0 : Math.max(0, Math.trunc((t.expireMs - Math.round(nowMs / 1000) * 1000) / 1000));
  return {
    expire_time: t.expireMs === 0 ? null : rfc3339Nano(t.expireMs),
    id,
    issue_time: rfc3339Nano(t.issueMs),
    last_renewal: t.lastRenewalMs === 0 ? null : rfc3339Nano(t.lastRenewalMs),
    renewable: t.renewable && t.expireMs !== 0 && !expired,
    ttl,
  };
}

export class Expiration {
  constructor(
    private readonly leases: SecretLeases,
    private readonly mounts: MountTable,
    private readonly auth: AuthPort,
    private readonly clock: Clock,
  ) {}

  /**
   * Registers the Secret of a response (request_handling.go handleRequest, expiration.go Register):
   * the TTL resolved against the mount and the server, the lease stored, the response's lease
   * fields set. KV mounts return the TTL without a lease unless `leased_passthrough` is on.
   */
  async register(resp: LogicalResponse, path: string, entry: MountEntry, tokenHash: string): Promise<void> {
    const secret = resp.secret!;
    delete resp.secret;
    const kvWithoutLeases = (entry.type === 'kv' || entry.type === 'generic') && entry.options?.leased_passthrough !== 'true';
    if (kvWithoutLeases) {
      // KV answers with its TTL as is and no lease ("a massive slowdown" otherwise).
      resp.lease_duration = secret.ttl;
      resp.renewable = false;
      return;
    }
    const limits = effectiveTtls(entry, this.mounts.systemTtls);
    const now = preciseNow(this.clock); // the lease's times print with nanoseconds
    const nowSec = Math.floor(now / 1000);
    const { ttl, warnings } = calculateTtl({ defaultTtl: limits.defaultTtl, maxTtl: limits.maxTtl }, {
      increment: 0, backendTtl: secret.ttl, period: 0, backendMaxTtl: secret.maxTtl, explicitMaxTtl: 0, startSec: nowSec, nowSec,
    });
    if (warnings.length > 0) resp.warnings = [...(resp.warnings ?? []), ...warnings];
    const lease: SecretLease = {
      lease_id: this.leases.newId(path), path, mount: entry.path, mount_accessor: entry.accessor, token_hash: tokenHash,
      issue_time: now, expire_time: now + ttl * 1000, last_renewal_time: 0, ttl, max_ttl: secret.maxTtl,
      renewable: secret.renewable, internal: secret.internal ?? {},
    };
    await this.leases.put(lease);
    resp.lease_id = lease.lease_id;
    resp.lease_duration = ttl;
    resp.renewable = secret.renewable;
  }

  /** Lookup data of a secret or token lease, or undefined when there is none. */
  async lookup(id: string): Promise<Record<string, unknown> | undefined> {
    const now = this.clock.now();
    const lease = await this.leases.get(id);
    if (lease) {
      const renewable = lease.renewable && lease.revoke_error === undefined;
      return lookupData(id, { issueMs: lease.issue_time, expireMs: lease.expire_time, lastRenewalMs: lease.last_renewal_time, renewable }, now);
    }
    const t = await this.auth.tokenLease(id);
    return t ? lookupData(id, t, now) : undefined;
  }

  /** LIST sys/leases/lookup/<prefix>: the direct children, secret and token leases together. */
  async list(prefix: string): Promise<string[]> {
    const keys = new Set(await this.leases.children(prefix));
    for (const id of await this.auth.tokenLeaseIds()) {
      if (!id.startsWith(prefix)) continue;
      const rest = id.slice(prefix.length);
      const slash = rest.indexOf('/');
      keys.add(slash === -1 ? rest : rest.slice(0, slash + 1));
    }
    keys.delete('');
    return [...keys].sort();
  }

  /** Every lease id under a prefix, secret and token leases, sorted. */
  async allIds(prefix: string): Promise<string[]> {
    const tokens = (await this.auth.tokenLeaseIds()).filter((id) => id.startsWith(prefix));
    return [...(await this.leases.ids(prefix)), ...tokens].sort();
  }

  /** Renews a secret lease (expiration.go Renew); tokens are renewed through auth/token. */
  async renew(id: string, increment: number): Promise<LogicalResponse> {
    const lease = await this.leases.get(id);
    if (!lease) {
      if (await this.auth.tokenLease(id)) throw new VaultError(400, ERR_LEASE_TOKEN_RENEW);
      throw new VaultError(400, ERR_LEASE_NOT_FOUND);
    }
    if (lease.revoke_error !== undefined) throw new VaultError(400, ERR_LEASE_IRREVOCABLE);
    const now = preciseNow(this.clock);
    if (now >= lease.expire_time) throw new VaultError(400, ERR_LEASE_EXPIRED);
    if (!lease.renewable) throw new VaultError(400, ERR_LEASE_NOT_RENEWABLE);
    const routed = this.#backend(lease);
    const renewed = routed?.backend.renewSecret
      ? await routed.backend.renewSecret({ leaseId: id, path: lease.path.slice(lease.mount.length), internal: lease.internal, increment })
      : undefined;
    if (!renewed) throw new VaultError(400, ERR_LEASE_NOT_RENEWABLE);
    const entry = routed!.entry;
    const limits = effectiveTtls(entry, this.mounts.systemTtls);
    const { ttl, warnings } = calculateTtl(limits, {
      increment, backendTtl: renewed.ttl ?? lease.ttl, period: 0, backendMaxTtl: renewed.maxTtl ?? lease.max_ttl, explicitMaxTtl: 0,
      startSec: Math.floor(lease.issue_time / 1000), nowSec: Math.floor(now / 1000),
    });
    await this.leases.put({ ...lease, ttl, expire_time: now + ttl * 1000, last_renewal_time: now });
    const resp: LogicalResponse = { data: renewed.data ?? null, lease_id: id, lease_duration: ttl, renewable: true };
    if (warnings.length > 0) resp.warnings = warnings;
    return resp;
  }

  /** Revokes one lease (secret through its backend; token with its tree). Unknown ids are fine. */
  async revoke(id: string, force = false): Promise<void> {
    const lease = await this.leases.get(id);
    if (lease) {
      await this.#revokeSecret(lease, force);
      return;
    }
    await this.auth.revokeTokenLease(id);
  }

  /** revoke-prefix / revoke-force: the lease itself when the prefix names one, else everything under prefix/. */
  async revokePrefix(prefix: string, force: boolean): Promise<void> {
    if (!prefix.endsWith('/') && ((await this.leases.get(prefix)) || (await this.auth.tokenLease(prefix)))) {
      await this.revoke(prefix, force);
      return;
    }
    const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
    for (const id of await this.leases.ids(p)) {
      const lease = await this.leases.get(id);
      if (lease) await this.#revokeSecret(lease, force);
    }
    for (const id of await this.auth.tokenLeaseIds()) if (id.startsWith(p)) await this.auth.revokeTokenLease(id);
  }

  /** The secret leases a revoked token created go with it (expiration.go RevokeByToken). */
  async revokeByToken(tokenHash: string): Promise<void> {
    for (const id of await this.leases.idsByToken(tokenHash)) {
      const lease = await this.leases.get(id);
      if (lease) await this.#revokeSecret(lease, true);
    }
  }

  /** Irrevocable secret leases (revocation failed for good), by expiry then id. */
  async irrevocable(): Promise<Array<{ lease_id: string; mount_id: string; error: string }>> {
    const out: SecretLease[] = [];
    for (const id of await this.leases.ids('')) {
      const lease = await this.leases.get(id);
      if (lease?.revoke_error !== undefined) out.push(lease);
    }
    out.sort((a, b) => a.expire_time - b.expire_time || (a.lease_id < b.lease_id ? -1 : 1));
    return out.map((l) => ({ lease_id: l.lease_id, mount_id: this.mounts.route(l.mount)?.entry.uuid ?? '', error: l.revoke_error! }));
  }

  /** Irrevocable leases counted per mount accessor (expiration.go getIrrevocableLeaseCounts). */
  async irrevocableCounts(): Promise<{ counts: Record<string, number>; total: number }> {
    const counts: Record<string, number> = {};
    let total = 0;
    for (const id of await this.leases.ids('')) {
      const lease = await this.leases.get(id);
      if (lease?.revoke_error === undefined) continue;
      counts[lease.mount_accessor] = (counts[lease.mount_accessor] ?? 0) + 1;
      total++;
    }
    return { counts, total };
  }

  nextExpiry(): number | undefined {
    const a = this.leases.nextExpiry();
    const b = this.auth.nextExpiry();
    return a === undefined ? b : b === undefined ? a : Math.min(a, b);
  }

  /** Revokes every secret lease and token whose time has come. */
  async expireDue(): Promise<number> {
    let n = 0;
    for (const id of this.leases.due()) {
      const lease = await this.leases.get(id);
      if (lease) {
        await this.#revokeSecret(lease, false);
        n++;
      }
    }
    return n + (await this.auth.expireDue());
  }

  #backend(lease: SecretLease): { backend: Backend; entry: MountEntry } | undefined {
    const routed = this.mounts.route(lease.mount);
    return routed && routed.entry.accessor === lease.mount_accessor ? routed : undefined;
  }

  /** The backend's revoke, then the entry; a failure makes the lease irrevocable unless forced. */
  async #revokeSecret(lease: SecretLease, force: boolean): Promise<void> {
    const routed = this.#backend(lease);
    try {
      await routed?.backend.revokeSecret?.({ leaseId: lease.lease_id, path: lease.path.slice(lease.mount.length), internal: lease.internal, increment: 0 });
    } catch (e) {
      if (!force) {
        await this.leases.put({ ...lease, revoke_error: (e instanceof Error ? e.message : String(e)).slice(0, 240) || 'unknown' });
        throw e;
      }
    }
    await this.leases.delete(lease);
  }
}
