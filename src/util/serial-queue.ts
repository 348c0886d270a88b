// A FIFO mutex over promises: each task starts once every task queued before it has settled,
// whether that one resolved or threw. Vault gets the same from a sync.Mutex held across a
// function (e.g. the barrier's l.Lock in vault/barrier_aes_gcm.go, the audit broker's lock in
// vault/audit_broker.go); in one JavaScript thread the only interleaving points are `await`s, so
// a chain of promises is the whole lock. One home for it instead of a `.then(fn, fn)` per caller.

export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Runs `fn` after everything queued before it; its result or error is the caller's alone. */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    this.#pending++;
    const run = this.#tail.then(() => fn());
    // The tail never rejects, so one failed task does not fail the ones queued after it.
    this.#tail = run.then(
      () => void this.#pending--,
      () => void this.#pending--,
    );
    return run;
  }

  /** True while a task is queued or running. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  /** Settles once every task queued so far has settled. */
  idle(): Promise<void> {
    return this.#tail.then(() => undefined);
  }
}
