// Secret rotation for the sidecar: a fresh random value written as a new KV v2 version with
// check-and-set on the version just read (vault-plugin-secrets-kv path_data.go: `options.cas` must
// equal current_version), so of two rotators racing on one key exactly one wins and the other gets
// Vault's cas error. Scheduled rotation re-reads the key's metadata each time it is due: the
// current version's created_time is the last rotation (whoever made it), and the interval is either
// the caller's `every` or the key's `custom_metadata.rotation_days`. A sidecar that restarts, or
// loses a race, therefore neither rotates twice nor forgets to.
import type { Clock } from '../util/clock.js';
import type { RandomSource } from '../util/random.js';
import { errClientBadRotationDays, ERR_CLIENT_NO_ROTATION_INTERVAL } from '../errors/client.js';
import { isOutage, VaultClientError } from './errors.js';
import type { VaultClientEvents } from './events.js';
import type { KvMetadata } from './kv.js';
import { durationMs, type Duration } from './options.js';
import { backoffDelay, randomUnit, type BackoffPolicy, type ScheduledJob, type Scheduler } from './scheduler.js';

export type SecretEncoding = 'hex' | 'base64';

export interface RotateOptions {
  /** Field that receives the new value. Default 'api_key'. */
  field?: string;
  /** Random bytes in the value. Default 64. */
  bytes?: number;
  /** Default 'hex'. */
  encoding?: SecretEncoding;
}

export interface RotationResult {
  path: string;
  field: string;
  version: number;
  value: string;
  /** The `created_at` written beside the value (RFC 3339, client clock). */
  createdAt: string;
}

export interface ScheduleRotationOptions extends RotateOptions {
  /** Rotation interval ('30d'); default: the key's custom_metadata.rotation_days. */
  every?: Duration;
}

export interface RotationSchedule {
  readonly path: string;
  readonly everyMs: number;
  /** Clock time of the next check; null while waiting for Vault to come back. */
  readonly nextAt: number | null;
  cancel(): void;
}

const DAY_MS = 86_400_000;

export function checkRotateOptions(opts: RotateOptions): Required<RotateOptions> {
  const field = opts.field ?? 'api_key';
  const bytes = opts.bytes ?? 64;
  const encoding = opts.encoding ?? 'hex';
  if (typeof field !== 'string' || field === '' || field === 'created_at') throw new TypeError(`rotate: field must be a non-empty name other than created_at`);
  if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > 65536) throw new TypeError('rotate: bytes must be an integer from 1 to 65536');
  if (encoding !== 'hex' && encoding !== 'base64') throw new TypeError(`rotate: encoding must be 'hex' or 'base64'`);
  return { field, bytes, encoding };
}

export function freshSecretValue(random: RandomSource, bytes: number, encoding: SecretEncoding): string {
  const raw = random.bytes(bytes);
  const out = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString(encoding);
  raw.fill(0);
  return out;
}

/** The interval from `custom_metadata.rotation_days` (days, may be fractional). */
export function rotationDaysMs(meta: KvMetadata | null): number | undefined {
  const raw = meta?.customMetadata?.rotation_days;
  if (raw === undefined) return undefined;
  const days = Number(raw);
  if (!(days > 0) || !Number.isFinite(days)) throw new TypeError(errClientBadRotationDays(raw));
  return days * DAY_MS;
}

interface Plan {
  rel: string;
  path: string;
  opts: Required<RotateOptions>;
  everyMs: number;
  fromMetadata: boolean;
  nextAt: number | null;
  job: ScheduledJob | null;
  attempt: number;
  cancelled: boolean;
}

export interface RotationPlannerDeps {
  /** The key's KV v2 metadata (null: no such key). */
  metadata: (key: string) => Promise<KvMetadata | null>;
  scheduler: Scheduler;
  clock: Clock;
  random: RandomSource;
  backoff: BackoffPolicy;
  rotate: (rel: string, opts: Required<RotateOptions>) => Promise<RotationResult>;
  isDegraded: () => boolean;
  /** A request failed because Vault is not serving: the client enters degraded mode. */
  onOutage: (error: VaultClientError) => void;
  emit: <K extends keyof VaultClientEvents>(type: K, event: VaultClientEvents[K]) => void;
}

export class RotationPlanner {
  readonly #d: RotationPlannerDeps;
  readonly #plans = new Set<Plan>();

  constructor(deps: RotationPlannerDeps) {
    this.#d = deps;
  }

  /** Starts rotating `rel` on schedule; the first check (and rotation, if due) runs before it resolves. */
  async schedule(rel: string, path: string, opts: ScheduleRotationOptions): Promise<RotationSchedule> {
    const plan: Plan = {
      rel, path, opts: checkRotateOptions(opts), everyMs: 0, fromMetadata: opts.every === undefined,
      nextAt: null, job: null, attempt: 0, cancelled: false,
    };
    if (plan.fromMetadata) {
      const every = rotationDaysMs(await this.#d.metadata(rel));
      if (every === undefined) throw new TypeError(ERR_CLIENT_NO_ROTATION_INTERVAL);
      plan.everyMs = every;
    } else {
      plan.everyMs = durationMs(opts.every!, 'every');
      if (plan.everyMs <= 0) throw new TypeError(ERR_CLIENT_NO_ROTATION_INTERVAL);
    }
    this.#plans.add(plan);
    await this.#check(plan, true);
    return {
      path,
      get everyMs() { return plan.everyMs; },
      get nextAt() { return plan.nextAt; },
      cancel: () => this.#cancel(plan),
    };
  }

  /** After degraded mode ends: check every plan that was waiting for Vault. */
  async resume(): Promise<void> {
    for (const plan of [...this.#plans]) if (plan.job === null && !plan.cancelled) await this.#check(plan, false);
  }

  stop(): void {
    for (const plan of [...this.#plans]) this.#cancel(plan);
  }

  #cancel(plan: Plan): void {
    plan.cancelled = true;
    plan.job?.cancel();
    plan.job = null;
    this.#plans.delete(plan);
  }

  #at(plan: Plan, at: number): void {
    plan.nextAt = at;
    plan.job = this.#d.scheduler.at(at, `rotation ${plan.path}`, () => this.#check(plan, false));
  }

  async #check(plan: Plan, throwOnError: boolean): Promise<void> {
    plan.job = null;
    if (plan.cancelled) return;
    if (this.#d.isDegraded()) {
      plan.nextAt = null;
      return;
    }
    try {
      const meta = await this.#d.metadata(plan.rel);
      if (plan.fromMetadata) plan.everyMs = rotationDaysMs(meta) ?? plan.everyMs;
      const last = meta !== null && meta.currentCreatedTime !== '' ? Date.parse(meta.currentCreatedTime) : -Infinity;
      const due = last + plan.everyMs;
      if (this.#d.clock.now() < due) return this.#at(plan, due);
      await this.#d.rotate(plan.rel, plan.opts);
      plan.attempt = 0;
      this.#at(plan, this.#d.clock.now() + plan.everyMs);
    } catch (e) {
      if (plan.cancelled) return;
      const error = e instanceof VaultClientError ? e : new VaultClientError('bad-response', 0, String(e), [], { cause: e });
      if (error.kind === 'closed') return;
      // Another rotator won the race: look again at what it wrote and plan from there.
      if (error.kind === 'cas-mismatch') return throwOnError ? this.#check(plan, false) : this.#at(plan, this.#d.clock.now());
      if (isOutage(error) || error.kind === 'rotation-paused') {
        if (isOutage(error)) this.#d.onOutage(error);
        plan.nextAt = null;
        this.#d.emit('rotate-failed', { path: plan.path, error, retryAt: null });
        return;
      }
      if (throwOnError) {
        this.#cancel(plan);
        throw e;
      }
      plan.attempt++;
      const retryAt = this.#d.clock.now() + backoffDelay(this.#d.backoff, plan.attempt, randomUnit(this.#d.random));
      this.#at(plan, retryAt);
      this.#d.emit('rotate-failed', { path: plan.path, error, retryAt });
    }
  }
}
