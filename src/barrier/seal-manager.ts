// Vault's Shamir seal lifecycle (vault/init.go Initialize; vault/core.go unsealFragment,
// recordUnsealPart, getUnsealKey, unsealKeyToRootKey; http/sys_init.go, http/sys_seal.go): init
// splits a fresh unseal key (KEK) into shares and stores the root key under it; unseal collects
// shares with a progress nonce until the threshold, combines them, opens the stored root key and
// with it the barrier. Status answers exactly sys/seal-status. Rekey lives in rekey.ts (its backup
// in rekey-backup.ts, its crash safety in rekey-intent.ts and unseal-key.ts), root token
// generation in generate-root.ts.
import type { Storage } from '../storage/types.js';
import { systemClock, type Clock } from '../util/clock.js';
import { systemRandom, type RandomSource } from '../util/random.js';
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_BARRIER_ALREADY_INIT, ERR_BARRIER_NOT_INIT, ERR_SEAL_ALREADY_UNSEALED, ERR_SEAL_KEY_OR_RESET_REQUIRED,
  errSealCombineFailed, errSealInvalidKey, errSealKeyTooLong, errSealKeyTooShort,
} from '../errors/barrier.js';
import { encodeBase64, encodeHex } from '../shamir/encoding.js';
import type { AeadName } from './aead.js';
import { AesGcmBarrier, type KeyStatus } from './barrier.js';
import { decodeKeyField, MAX_KEY_LENGTH, MIN_KEY_LENGTH, SHARE_OVERHEAD } from './encoding.js';
import type { OpenCacheOptions } from './open-cache.js';
import type { GenerateRoot } from './generate-root.js';
import type { Rekey } from './rekey.js';
import type { RekeyBackupData } from './rekey-backup.js';
import { readSealConfig, SEAL_TYPE_SHAMIR, writeSealConfig, type SealConfig } from './seal-config.js';
import { encodeStoredKeys, STORED_BARRIER_KEYS_PATH } from './stored-keys.js';
import { pendingThresholds, readRekeyIntent, REKEY_INTENT_PATH } from './rekey-intent.js';
import { ShareCollector } from './share-collector.js';
import { storedRootKey, unsealPending, type UnsealHost } from './unseal-key.js';
import { beginInit, finishInit, initPending, initSealConfig, type InitRequest } from './init.js';

export type { InitRequest } from './init.js';
import type { BarrierView } from './view.js';
import { goUuid } from './uuid.js';
import { boolField, stringField } from './request-fields.js';
import { SerialQueue } from '../util/serial-queue.js';

export const CLUSTER_INFO_PATH = 'core/cluster/local/info';

export interface SealManagerOptions {
  clock?: Clock;
  random?: RandomSource;
  aead?: AeadName;
  /** Test knob: rotate the barrier term after this many encryptions (Vault's floor is 1,000,000). */
  maxOperations?: number;
  /** The barrier's decrypt memo: limits, or false (Vault's `disable_cache`). */
  cache?: OpenCacheOptions | false;
  /** Reported by seal-status; core passes its VAULT_VERSION / BUILD_DATE. */
  version?: string;
  buildDate?: string;
  /** seal-status `storage_type`; defaults to the storage's own `storageType`, else `inmem`. */
  storageType?: string;
}

/** sys/init response without `root_token` (core mints that in `onInitialized`). */
export interface InitResult {
  keys: string[];
  keys_base64: string[];
}

export interface UnsealRequest {
  key?: string;
  reset?: boolean;
}

/** sys/seal-status (and sys/unseal) body, fields in Vault's order (api/sys_seal.go SealStatusResponse). */
export interface SealStatus {
  type: string;
  initialized: boolean;
  sealed: boolean;
  t: number;
  n: number;
  progress: number;
  nonce: string;
  version: string;
  build_date: string;
  migration: boolean;
  cluster_name?: string;
  cluster_id?: string;
  recovery_seal: boolean;
  storage_type?: string;
}

export interface ClusterInfo {
  cluster_name: string;
  cluster_id: string;
}

export class SealManager {
  readonly barrier: AesGcmBarrier;
  #rekey: Promise<Rekey> | undefined;
  #generateRoot: Promise<GenerateRoot> | undefined;
  readonly #storage: Storage;
  readonly #random: RandomSource;
  readonly #version: string;
  readonly #buildDate: string;
  readonly #storageType: string;
  readonly #clock: Clock;
  #config: SealConfig | undefined;
  #initialized = false;
  #unlock: ShareCollector | undefined;
  /** A completed rekey whose intent goes once its answer is out (rekey-intent.ts). */
  #answered: string | undefined;
  #cluster: ClusterInfo | undefined;
  readonly #lock = new SerialQueue();

  constructor(storage: Storage, opts: SealManagerOptions = {}) {
    this.#storage = storage;
    this.#random = opts.random ?? systemRandom;
    const clock = opts.clock ?? systemClock;
    this.barrier = new AesGcmBarrier(storage, { aead: opts.aead, random: this.#random, clock, maxOperations: opts.maxOperations, cache: opts.cache });
    this.#version = opts.version ?? '1.18.1';
    this.#buildDate = opts.buildDate ?? '2024-10-29T14:21:31Z';
    this.#storageType = opts.storageType ?? storage.storageType ?? 'inmem';
    this.#clock = clock;
  }

  /**
   * Rekeying (vault/rekey.go), loaded the first time sys/rekey is asked for, like root
   * generation: a dev server that never rekeys never loads it (nor the Shamir split/combine).
   */
  rekey(): Promise<Rekey> {
    this.#rekey ??= import('./rekey.js').then(({ Rekey }) => new Rekey({
      barrier: this.barrier, storage: this.#storage, random: this.#random, clock: this.#clock,
      sealConfig: () => this.sealConfig(),
      setSealConfig: (c) => this.#setSealConfig(c),
      exclusive: (fn) => this.#exclusive(fn),
      completedAfterAnswer: (nonce) => {
        this.#answered = nonce;
        // The answer is written to the socket in the microtasks that follow; this runs after them.
        setImmediate(() => { this.settleKeyOperations().catch(() => undefined); });
      },
    }));
    return this.#rekey;
  }

  /**
   * Root token generation (vault/generate_root.go), loaded the first time it is asked for: a
   * server that never generates a root token never loads it. One attempt per manager, kept
   * across seals as Vault keeps it.
   */
  rootGeneration(): Promise<GenerateRoot> {
    this.#generateRoot ??= import('./generate-root.js').then(({ GenerateRoot }) => new GenerateRoot({
      barrier: this.barrier, storage: this.#storage, random: this.#random,
      sealConfig: () => this.sealConfig(),
      exclusive: (fn) => this.#exclusive(fn),
    }));
    return this.#generateRoot;
  }

  get sealed(): boolean {
    return this.barrier.sealed;
  }

  /**
   * Initialised = seal configuration and keyring both present (vault/core.go Initialized), and no
   * unfinished init (init.ts).
   */
  async initialized(): Promise<boolean> {
    if (this.#initialized) return true;
    this.#initialized = (await this.sealConfig()) !== undefined && (await this.barrier.initialized()) && !(await initPending(this.#storage));
    return this.#initialized;
  }

  async sealConfig(): Promise<SealConfig | undefined> {
    this.#config ??= await readSealConfig(this.#storage);
    return this.#config;
  }

  /**
   * sys/init: validates, generates the root key and the unseal key, splits the latter, writes the
   * keyring, seal config and stored root key. `onInitialized` runs while the barrier is briefly
   * unsealed (core creates the root token there); the vault is then left sealed, as Vault does.
   */
  async init(req: InitRequest, onInitialized?: (barrier: AesGcmBarrier) => Promise<void>): Promise<InitResult> {
    return this.#exclusive(async () => {
      const config = initSealConfig(req);
      const partial = await initPending(this.#storage);
      if (await this.initialized() || (await this.barrier.initialized() && !partial)) throw new VaultError(400, ERR_BARRIER_ALREADY_INIT);

      const rootKey = this.barrier.generateKey();
      const kek = this.barrier.generateKey();
      // Vault hands the key itself out as the only share when there is one (vault/init.go), so a
      // 1-of-1 vault (dev mode) never loads the Shamir arithmetic.
      const shares = config.secret_shares === 1 ? [new Uint8Array(kek)]
        : (await import('../shamir/split.js')).split(kek, { shares: config.secret_shares, threshold: config.secret_threshold, random: this.#random });
      try {
        // The seal configuration last: it makes the vault initialized (see init.ts for the intent).
        await beginInit(this.#storage);
        this.#config = undefined;
        await this.barrier.initialize(rootKey, kek);
        await this.#storage.put(STORED_BARRIER_KEYS_PATH, encodeStoredKeys(this.barrier.aead, kek, [rootKey], this.#random));
        await this.#setSealConfig(config);
        this.#initialized = true;
        try {
          if (onInitialized !== undefined) {
            await this.barrier.unseal(rootKey);
            try {
              await onInitialized(this.barrier);
            } finally {
              await this.barrier.seal();
            }
          }
          await finishInit(this.#storage);
        } catch (e) {
          this.#initialized = false;
          throw e;
        }
        return { keys: shares.map((s) => encodeHex(s)), keys_base64: shares.map((s) => encodeBase64(s)) };
      } finally {
        rootKey.fill(0);
        kek.fill(0);
        for (const s of shares) s.fill(0);
      }
    });
  }

  /** sys/unseal: one share per call (hex or base64), or `{ reset: true }`. Answers the seal status. */
  async unseal(req: string | UnsealRequest): Promise<SealStatus> {
    const body: UnsealRequest = typeof req === 'string' ? { key: req } : req;
    const key = stringField(body.key, 'UnsealRequest', 'Key');
    if (boolField(body.reset, 'UnsealRequest', 'Reset')) {
      await this.#exclusive(async () => {
        if (!this.sealed) throw new VaultError(400, ERR_SEAL_ALREADY_UNSEALED);
        this.#clearProgress();
      });
      return this.status();
    }
    if (key === '') throw new VaultError(400, ERR_SEAL_KEY_OR_RESET_REQUIRED);
    const part = decodeKeyField(key);
    await this.#exclusive(() => this.#unsealFragment(part));
    return this.status();
  }

  /**
   * Removes the intent of a rekey whose answer is out (it runs by itself right after the answer;
   * tests and shutdown may call it to be sure). Afterwards only the new shares open the vault.
   */
  settleKeyOperations(): Promise<void> {
    return this.#exclusive(() => this.#settleAnswered());
  }

  /** sys/seal: forgets the keyring (storage is untouched otherwise); a no-op when already sealed. */
  async seal(): Promise<void> {
    await this.#exclusive(async () => {
      await this.#settleAnswered().catch(() => undefined);
      this.#clearProgress();
      if (this.#rekey !== undefined) (await this.#rekey).clear();
      this.#cluster = undefined;
      await this.barrier.seal();
    });
  }

  async status(): Promise<SealStatus> {
    const config = (await this.initialized()) ? await this.sealConfig() : undefined;
    const sealed = this.sealed;
    const cluster = sealed ? undefined : this.#cluster;
    return {
      type: config?.type ?? SEAL_TYPE_SHAMIR,
      initialized: config !== undefined,
      sealed,
      t: config?.secret_threshold ?? 0,
      n: config?.secret_shares ?? 0,
      progress: config === undefined ? 0 : this.#unlock?.progress ?? 0,
      nonce: config === undefined ? '' : this.#unlock?.nonce ?? '',
      version: this.#version,
      build_date: this.#buildDate,
      migration: false,
      ...(cluster !== undefined ? { cluster_name: cluster.cluster_name, cluster_id: cluster.cluster_id } : {}),
      recovery_seal: false,
      storage_type: this.#storageType,
    };
  }

  /** Cluster name and id (created on first unseal, kept behind the barrier); undefined while sealed. */
  cluster(): ClusterInfo | undefined {
    return this.sealed ? undefined : this.#cluster;
  }

  view(prefix: string): BarrierView {
    return this.barrier.view(prefix);
  }

  rotate(): Promise<number> {
    return this.barrier.rotate();
  }

  keyStatus(): KeyStatus {
    return this.barrier.keyStatus();
  }

  /** GET sys/rekey/backup (recovery: …/recovery-key-backup): the stored backup, if any. */
  async rekeyBackup(recovery: boolean): Promise<RekeyBackupData | undefined> {
    return (await import('./rekey-backup.js')).readRekeyBackup(this.#storage, recovery);
  }

  /** DELETE sys/rekey/backup. */
  async deleteRekeyBackup(recovery: boolean): Promise<void> {
    return (await import('./rekey-backup.js')).deleteRekeyBackup(this.#storage, recovery);
  }

  // ---- unseal internals ----------------------------------------------------------------------------

  async #unsealFragment(part: Uint8Array): Promise<void> {
    if (!(await this.initialized())) throw new VaultError(400, ERR_BARRIER_NOT_INIT);
    if (part.length < MIN_KEY_LENGTH) throw new VaultError(400, errSealInvalidKey(errSealKeyTooShort(MIN_KEY_LENGTH)));
    if (part.length > MAX_KEY_LENGTH + SHARE_OVERHEAD) {
      throw new VaultError(400, errSealInvalidKey(errSealKeyTooLong(MAX_KEY_LENGTH + SHARE_OVERHEAD)));
    }
    if (!this.sealed) return;
    if (!this.#recordPart(part)) return;
    const config = (await this.sealConfig())!;
    // After a crash during a rekey either share set may come, each with its own threshold.
    const intent = await readRekeyIntent(this.#storage);
    const thresholds = intent === undefined ? [config.secret_threshold] : pendingThresholds(intent);
    const shares = this.#unlock!;
    const last = shares.progress >= thresholds[thresholds.length - 1]!;
    if (!last && !thresholds.includes(shares.progress)) return;
    let kek: Uint8Array;
    try {
      kek = await shares.key();
    } catch (e) {
      this.#clearProgress();
      throw new VaultError(400, errSealInvalidKey(errSealCombineFailed((e as Error).message)));
    }
    if (last) this.#clearProgress(); // cleared whether or not the key opens anything (getUnsealKey)
    const host: UnsealHost = { barrier: this.barrier, storage: this.#storage, random: this.#random, setSealConfig: (c) => this.#setSealConfig(c) };
    try {
      if (intent !== undefined) {
        if (!(await unsealPending(host, kek, intent, !last))) return;
      } else {
        const rootKey = await storedRootKey(host, kek);
        try {
          await this.barrier.unseal(rootKey);
        } finally {
          rootKey.fill(0);
        }
      }
    } finally {
      kek.fill(0);
    }
    this.#clearProgress();
    try {
      this.#cluster = await this.#loadCluster();
    } catch (e) {
      await this.barrier.seal(); // as Vault does when post-unseal setup fails
      throw e;
    }
  }

  /** recordUnsealPart: false for a share already held (constant-time compare), true otherwise. */
  #recordPart(part: Uint8Array): boolean {
    this.#unlock ??= new ShareCollector(goUuid(this.#random));
    return this.#unlock.add(part);
  }

  #clearProgress(): void {
    this.#unlock?.clear();
    this.#unlock = undefined;
  }

  async #setSealConfig(c: SealConfig): Promise<void> {
    await writeSealConfig(this.#storage, c);
    this.#config = c;
  }

  async #settleAnswered(): Promise<void> {
    const nonce = this.#answered;
    if (nonce === undefined) return;
    this.#answered = undefined;
    if ((await readRekeyIntent(this.#storage))?.nonce === nonce) await this.#storage.delete(REKEY_INTENT_PATH);
  }

  /** vault/cluster.go setupCluster: a `vault-cluster-%08x` name and a UUID, created once. */
  async #loadCluster(): Promise<ClusterInfo> {
    const raw = await this.barrier.get(CLUSTER_INFO_PATH);
    if (raw !== undefined) {
      const o = JSON.parse(new TextDecoder().decode(raw)) as { name?: string; id?: string };
      if (o.name && o.id) return { cluster_name: o.name, cluster_id: o.id };
    }
    const name = `vault-cluster-${encodeHex(this.#random.bytes(4))}`;
    const id = goUuid(this.#random);
    await this.barrier.put(CLUSTER_INFO_PATH, new TextEncoder().encode(JSON.stringify({ name, id })));
    return { cluster_name: name, cluster_id: id };
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#lock.run(fn);
  }
}
