// The client's events: a tiny typed emitter (on/once/off), so a sidecar can log or alert on token
// renewal, degraded mode and rotations. Vault's Go client reports the same moments on channels
// (api/lifetime_watcher.go RenewCh/DoneCh). A listener that throws is reported the way EventTarget
// reports it (an uncaught exception on a later turn) and never breaks the client's own work.
import type { VaultClientError } from './errors.js';

export type DegradedReason = 'unreachable' | 'timeout' | 'sealed' | 'server-error';

export type RenewStopReason =
  | 'not-renewable' // the token cannot be renewed; it lives until its TTL ends
  | 'max-ttl' // Vault granted less than before: the token reached its max TTL
  | 'revoked'; // Vault refused the token (permission denied)

export interface VaultClientEvents {
  /** renew-self succeeded. */
  renewed: { ttlSeconds: number; expiresAt: number };
  /** renew-self failed for a reason worth retrying; another attempt is scheduled at `retryAt`. */
  'renew-failed': { error: VaultClientError; attempt: number; retryAt: number };
  /** Renewal will not be attempted again. `expiresAt` is null for a token Vault refused outright. */
  'renew-stopped': { reason: RenewStopReason; expiresAt: number | null; error?: VaultClientError };
  /** The token's TTL ran out on the client's clock. */
  expired: { expiredAt: number };
  /** Vault stopped answering (or is sealed): reads fall back, rotation pauses, probing starts. */
  degraded: { reason: DegradedReason; error: VaultClientError };
  /** A health probe found Vault unsealed again. */
  recovered: { degradedForMs: number };
  /** A new version with a fresh random value was written. */
  rotated: { path: string; field: string; version: number; createdAt: string };
  /** A scheduled rotation failed; `retryAt` is null while it waits for Vault to come back. */
  'rotate-failed': { path: string; error: VaultClientError; retryAt: number | null };
  /** The client logged in with its auth method (at connect, or again when its token ran out of renewals). */
  'logged-in': { method: string; ttlSeconds: number; expiresAt: number | null };
  /** A re-login failed; another attempt is scheduled at `retryAt`. */
  'login-failed': { method: string; error: VaultClientError; attempt: number; retryAt: number };
  /** An unexpected failure inside scheduled work. */
  error: { source: string; error: unknown };
}

type Listener<T> = (event: T) => void;

export class TypedEmitter<Events> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(type);
    if (set === undefined) this.#listeners.set(type, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => this.off(type, listener);
  }

  once<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(type, (event) => {
      off();
      listener(event);
    });
    return off;
  }

  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(type)?.delete(listener as Listener<never>);
  }

  /** Resolves with the next event of `type` (handy in tests and start-up code). */
  next<K extends keyof Events>(type: K): Promise<Events[K]> {
    return new Promise((resolve) => this.once(type, resolve));
  }

  protected emit<K extends keyof Events>(type: K, event: Events[K]): void {
    const set = this.#listeners.get(type);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(event);
      } catch (e) {
        setTimeout(() => { throw e; }, 0);
      }
    }
  }
}
