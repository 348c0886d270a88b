// One task run on behalf of many callers: a caller waits for a run that started after its call,
// so while one run is in flight, every new caller shares a single follow-up run. Used for group
// fsync of audit files and for writing audit chain heads.
function noop(): void {}

export class Coalesced {
  readonly #task: () => Promise<void>;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(task: () => Promise<void>) {
    this.#task = task;
  }

  /** Runs the task now, or once more after the run in flight (shared with other callers). */
  run(): Promise<void> {
    if (this.#queued) return this.#queued;
    if (!this.#running) return this.#start();
    this.#queued = this.#running.then(noop, noop).then(() => {
      this.#queued = undefined;
      return this.#start();
    });
    return this.#queued;
  }

  /** Resolves when no run is in flight or queued (their outcomes ignored). */
  settled(): Promise<void> {
    return (this.#queued ?? this.#running ?? Promise.resolve()).then(noop, noop);
  }

  #start(): Promise<void> {
    const run = this.#task();
    this.#running = run;
    const clear = () => {
      if (this.#running === run) this.#running = undefined;
    };
    run.then(clear, clear);
    return run;
  }
}
