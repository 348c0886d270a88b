// The per-key read cache, in the spirit of Vault Agent's caching (command/agent/cache): each key's
// latest data with the clock time it was fetched, plus the one read in flight per key so concurrent
// misses share a request. A write bumps the key's generation: a read that started before the write
// can then no longer store its (older) answer, and new misses do not join it.
export interface CachedSecret {
  readonly data: Readonly<Record<string, unknown>>;
  readonly version: number;
  /** Clock time (ms) the value was read from (or written to) Vault. */
  readonly fetchedAt: number;
}

/** Identifies one read: it may store its answer only if nothing newer happened to the key since. */
export interface ReadTicket {
  readonly generation: number;
  readonly seq: number;
}

interface Flight {
  ticket: ReadTicket;
  promise: Promise<Readonly<Record<string, unknown>>>;
}

export class SecretCache {
  readonly #entries = new Map<string, CachedSecret & { seq: number }>();
  readonly #generations = new Map<string, number>();
  readonly #flights = new Map<string, Flight>();
  #seq = 0;

  get(key: string): CachedSecret | undefined {
    return this.#entries.get(key);
  }

  begin(key: string): ReadTicket {
    return { generation: this.#generations.get(key) ?? 0, seq: ++this.#seq };
  }

  /** Stores a read's answer unless the key was written since, or a later read already stored. */
  commit(key: string, ticket: ReadTicket, entry: CachedSecret): boolean {
    if ((this.#generations.get(key) ?? 0) !== ticket.generation) return false;
    const current = this.#entries.get(key);
    if (current !== undefined && current.seq > ticket.seq) return false;
    this.#entries.set(key, { ...entry, seq: ticket.seq });
    return true;
  }

  /** Forgets the key's value and fences off reads already in flight. */
  invalidate(key: string): void {
    this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
    this.#entries.delete(key);
    this.#flights.delete(key);
  }

  /** Stores a value the client itself just wrote (after `invalidate`). */
  store(key: string, entry: CachedSecret): void {
    this.commit(key, this.begin(key), entry);
  }

  /** The read in flight for the key, if it started after the key's last write. */
  flight(key: string): Promise<Readonly<Record<string, unknown>>> | undefined {
    const f = this.#flights.get(key);
    if (f === undefined || f.ticket.generation !== (this.#generations.get(key) ?? 0)) return undefined;
    return f.promise;
  }

  setFlight(key: string, ticket: ReadTicket, promise: Promise<Readonly<Record<string, unknown>>>): void {
    this.#flights.set(key, { ticket, promise });
  }

  endFlight(key: string, promise: Promise<unknown>): void {
    if (this.#flights.get(key)?.promise === promise) this.#flights.delete(key);
  }

  clear(): void {
    for (const key of this.#entries.keys()) this.invalidate(key);
    this.#flights.clear();
  }
}
