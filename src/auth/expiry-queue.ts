// The timer half of Vault's expiration manager (vault/expiration.go updatePendingInternal) as a
// data structure: every lease with an expiry is queued by its expiry time, and `due(now)` hands
// back, earliest first, every key whose current expiry has passed. A min-heap with lazy deletion:
// renewing or forgetting a key only updates the map, and stale heap slots are skipped when popped,
// so each change is O(log n) and a key leaves memory when its time comes.
export class ExpiryQueue {
  /** key → its current expiry (ms). */
  readonly #current = new Map<string, number>();
  /** [expiry, key] pairs, a binary min-heap on expiry. */
  readonly #heap: Array<[number, string]> = [];

  get size(): number {
    return this.#current.size;
  }

  /** Queues (or re-queues) a key; 0 means it never expires and is not queued. */
  set(key: string, expireMs: number): void {
    if (expireMs === 0) {
      this.#current.delete(key);
      return;
    }
    if (this.#current.get(key) === expireMs) return;
    this.#current.set(key, expireMs);
    this.#push([expireMs, key]);
  }

  delete(key: string): void {
    this.#current.delete(key);
  }

  clear(): void {
    this.#current.clear();
    this.#heap.length = 0;
  }

  /** The earliest live expiry, or undefined when nothing is queued. */
  next(): number | undefined {
    this.#dropStale();
    return this.#heap[0]?.[0];
  }

  /** Removes and returns every key whose expiry is ≤ now, earliest first. */
  due(now: number): string[] {
    const out: string[] = [];
    for (;;) {
      this.#dropStale();
      const top = this.#heap[0];
      if (top === undefined || top[0] > now) return out;
      this.#pop();
      this.#current.delete(top[1]);
      out.push(top[1]);
    }
  }

  #dropStale(): void {
    while (this.#heap.length > 0) {
      const [t, key] = this.#heap[0]!;
      if (this.#current.get(key) === t) return;
      this.#pop();
    }
    // Everything stale is gone: a heap that grew through renewals shrinks with it.
  }

  #push(item: [number, string]): void {
    const h = this.#heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]![0] <= h[i]![0]) break;
      [h[p], h[i]] = [h[i]!, h[p]!];
      i = p;
    }
  }

  #pop(): void {
    const h = this.#heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]![0] < h[m]![0]) m = l;
      if (r < h.length && h[r]![0] < h[m]![0]) m = r;
      if (m === i) return;
      [h[m], h[i]] = [h[i]!, h[m]!];
      i = m;
    }
  }
}
