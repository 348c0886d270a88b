// Keeps each device's chain head behind the barrier without a storage write per request: heads
// are written once `entries` appends have accumulated (awaited by the request that crossed the
// line) or `ms` after the first unwritten append (an unref'd timer), and always on unload and
// on demand. After a crash the stored head may lag the file by at most that window; cutting
// entries at or before the stored head is always detected (see src/audit-chain/CHAIN.md, "Keeping the head").
import type { Storage } from '../storage/types.js';
import { Coalesced } from '../util/coalesced.js';
import type { AuditDevice } from './device.js';
import { writeHead } from './table.js';

export interface HeadFlushPolicy {
  /** Write heads after this many appended entries (1 = after every entry). */
  entries: number;
  /** Write heads at most this many milliseconds after the first unwritten entry. */
  ms: number;
}

export const DEFAULT_HEAD_FLUSH: HeadFlushPolicy = { entries: 1000, ms: 1000 };

export class HeadKeeper {
  readonly #storage: Storage;
  readonly #policy: HeadFlushPolicy;
  readonly #devices: () => Iterable<AuditDevice>;
  readonly #onError: (path: string, error: unknown) => void;
  #unwritten = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #writes = new Coalesced(() => this.#writeHeads());

  constructor(
    storage: Storage, policy: Partial<HeadFlushPolicy> | undefined, devices: () => Iterable<AuditDevice>,
    onError: (path: string, error: unknown) => void,
  ) {
    this.#storage = storage;
    this.#policy = { ...DEFAULT_HEAD_FLUSH, ...policy };
    this.#devices = devices;
    this.#onError = onError;
  }

  /** Counts one logged entry; resolves after a flush when the batch is full. */
  noteAppend(): Promise<void> | undefined {
    this.#unwritten++;
    if (this.#unwritten >= this.#policy.entries) return this.flush().catch((e: unknown) => this.#onError('', e));
    this.#arm();
    return undefined;
  }

  /** Something changed outside a request (a device was enabled): flush on the timer. */
  markDirty(): void {
    this.#arm();
  }

  /** Writes every head that moved since it was last written. */
  flush(): Promise<void> {
    this.#disarm();
    this.#unwritten = 0;
    return this.#writes.run();
  }

  /** Resolves when no flush is in flight (its outcome ignored). */
  settled(): Promise<void> {
    return this.#writes.settled();
  }

  stop(): void {
    this.#disarm();
    this.#unwritten = 0;
  }

  async #writeHeads(): Promise<void> {
    for (const device of [...this.#devices()]) {
      const head = device.head();
      if (head.seq === device.persistedSeq) continue;
      await writeHead(this.#storage, device.uuid, head);
      device.persistedSeq = head.seq;
    }
  }

  #arm(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.flush().catch((e: unknown) => this.#onError('', e));
    }, this.#policy.ms);
    this.#timer.unref?.();
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
