// Vault's barrier rekey (vault/rekey.go; http/sys_rekey.go): an attempt started with the new share
// count collects the *current* shares with its nonce; at the threshold they are combined, checked
// against the stored root key, and a new unseal key is split into new shares. Completing it (at
// once, or after `require_verification` with the new shares) stores a *new root key* under the new
// unseal key and re-encrypts the keyring with it (performBarrierRekey); term keys and data are not
// re-encrypted. Old shares stop working. Wire shapes: http/sys_rekey.go. Unlike Vault, the writes
// are crash-safe: an intent record goes first (rekey-intent.ts), so a crash at any write leaves a
// vault that the old shares open, and the new ones too once the client may have them.
import type { Storage } from '../storage/types.js';
import type { Clock } from '../util/clock.js';
import { constantTimeEqual, type RandomSource } from '../util/random.js';
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_BARRIER_INVALID_KEY, ERR_BARRIER_NOT_INIT, ERR_BARRIER_SEALED, ERR_REKEY_BACKUP_WITHOUT_PGP,
  ERR_REKEY_DUPLICATE_KEY, ERR_REKEY_IN_PROGRESS, ERR_REKEY_KEY_REQUIRED,
  ERR_REKEY_NO_CONFIG, ERR_REKEY_NO_VERIFICATION, ERR_REKEY_NONE_IN_PROGRESS, ERR_REKEY_NOT_IN_PROGRESS,
  ERR_REKEY_PGP_COUNT, ERR_REKEY_SERVER_NOT_INIT, ERR_REKEY_THRESHOLD_GT_SHARES, ERR_REKEY_VERIFY_DUPLICATE_KEY,
  ERR_REKEY_VERIFY_FAILED, ERR_SEAL_PGP_UNSUPPORTED, errRekeyComputeRootKey, errRekeyInvalidConfig, errRekeyNonce,
  errRekeyPerform, errRekeyReadRootKey, errRekeyVerificationPending, errRekeyVerifyCompute, errRekeyVerifyNonce,
  errRekeyVerifyRoot, errSealKeyTooLong, errSealKeyTooShort,
  errSealSetupUnsealKey,
} from '../errors/barrier.js';
import { encodeBase64, encodeHex, split } from '../shamir/index.js';
import { KEYRING_CANARY_PATH, SHAMIR_KEK_PATH, type AesGcmBarrier } from './barrier.js';
import { decodeKeyField, MAX_KEY_LENGTH, MIN_KEY_LENGTH, SHARE_OVERHEAD } from './encoding.js';
import { newSealConfig, validateSealConfig, type SealConfig } from './seal-config.js';
import { encodeStoredKeys, STORED_BARRIER_KEYS_PATH } from './stored-keys.js';
import { goUuid } from './uuid.js';
import { encodeRekeyIntent, REKEY_INTENT_PATH } from './rekey-intent.js';
import { ShareCollector } from './share-collector.js';
import { checkUnsealKey } from './unseal-key.js';
import { boolField, intField, stringField, stringListField } from './request-fields.js';

/** What the rekey flow needs from the seal manager. */
export interface RekeyHost {
  barrier: AesGcmBarrier;
  storage: Storage;
  random: RandomSource;
  clock: Clock;
  sealConfig(): Promise<SealConfig | undefined>;
  setSealConfig(c: SealConfig): Promise<void>;
  /** Serialises with unseal/seal so the state never changes under a rekey step. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * A rekey whose new shares are in the answer being returned completed: its intent is removed
   * once the answer is out (or at the next seal), not before, so a crash in between still lets
   * the old shares in.
   */
  completedAfterAnswer(nonce: string): void;
}

export interface RekeyInitRequest {
  secret_shares?: number;
  secret_threshold?: number;
  pgp_keys?: string[] | null;
  backup?: boolean;
  require_verification?: boolean;
  stored_shares?: number;
}

/** GET sys/rekey/init (http/sys_rekey.go RekeyStatusResponse, in field order). */
export interface RekeyStatus {
  nonce: string;
  started: boolean;
  t: number;
  n: number;
  progress: number;
  required: number;
  pgp_fingerprints: string[] | null;
  backup: boolean;
  verification_required: boolean;
  verification_nonce?: string;
}

/** A completed sys/rekey/update (RekeyUpdateResponse). */
export interface RekeyUpdateResult {
  nonce: string;
  complete: true;
  keys: string[];
  keys_base64: string[];
  pgp_fingerprints: string[] | null;
  backup: boolean;
  verification_required: boolean;
  verification_nonce?: string;
}

export interface RekeyVerifyStatus {
  nonce: string;
  started: boolean;
  t: number;
  n: number;
  progress: number;
}

export interface RekeyVerifyResult {
  nonce: string;
  complete: true;
}

interface Attempt {
  config: SealConfig;
  created: number;
  shares: ShareCollector;
  verificationRequired: boolean;
  verificationKey?: Uint8Array;
  /** Nonce '' until the new shares are handed out with verification required. */
  verification: ShareCollector;
  /** The unseal key in use, from the threshold until the rekey is performed (the intent needs it). */
  currentKek?: Uint8Array;
}

export class Rekey {
  readonly #host: RekeyHost;
  #attempt: Attempt | undefined;

  constructor(host: RekeyHost) {
    this.#host = host;
  }

  /** Drops any attempt (sealing forgets it, as it lives in memory only). */
  clear(): void {
    this.#attempt?.shares.clear();
    this.#attempt?.verification.clear();
    this.#attempt?.verificationKey?.fill(0);
    this.#attempt?.currentKek?.fill(0);
    this.#attempt = undefined;
  }

  async status(): Promise<RekeyStatus> {
    const existing = await this.#host.sealConfig();
    if (existing === undefined) throw new VaultError(400, ERR_REKEY_SERVER_NOT_INIT);
    this.#unsealed();
    const a = this.#attempt;
    const status: RekeyStatus = {
      nonce: a?.config.nonce ?? '', started: a !== undefined, t: a?.config.secret_threshold ?? 0,
      n: a?.config.secret_shares ?? 0, progress: a?.shares.progress ?? 0, required: existing.secret_threshold,
      pgp_fingerprints: null, backup: false, verification_required: a?.verificationRequired ?? false,
    };
    if (a !== undefined && a.verification.nonce !== '') status.verification_nonce = a.verification.nonce;
    return status;
  }

  async init(req: RekeyInitRequest): Promise<RekeyStatus> {
    const S = 'RekeyRequest';
    const shares = intField(req.secret_shares, S, 'secret_shares');
    const threshold = intField(req.secret_threshold, S, 'secret_threshold');
    intField(req.stored_shares, S, 'stored_shares'); // forced to 1 for Shamir (BarrierRekeyInit)
    const pgp = stringListField(req.pgp_keys, S, 'pgp_keys') ?? [];
    const requireVerification = boolField(req.require_verification, S, 'require_verification');
    if (boolField(req.backup, S, 'backup') && pgp.length === 0) throw new VaultError(400, ERR_REKEY_BACKUP_WITHOUT_PGP);
    if (pgp.length > 0 && pgp.length !== shares) throw new VaultError(400, ERR_REKEY_PGP_COUNT);
    if (pgp.length > 0) throw new VaultError(400, ERR_SEAL_PGP_UNSUPPORTED);
    const config = newSealConfig(shares, threshold);
    if (config.secret_threshold > config.secret_shares) throw new VaultError(400, ERR_REKEY_THRESHOLD_GT_SHARES);
    const invalid = validateSealConfig(config);
    if (invalid !== undefined) throw new VaultError(500, errRekeyInvalidConfig(invalid));
    await this.#host.exclusive(async () => {
      this.#unsealed();
      if (this.#attempt !== undefined) throw new VaultError(400, ERR_REKEY_IN_PROGRESS);
      config.nonce = goUuid(this.#host.random);
      this.#attempt = {
        config, created: this.#host.clock.now(), shares: new ShareCollector(config.nonce), verificationRequired: requireVerification,
        verification: new ShareCollector(''),
      };
    });
    return this.status();
  }

  /** One current share toward the rekey; the status until the threshold, then the new shares. */
  async update(key: string | undefined, nonce: string | undefined): Promise<RekeyStatus | RekeyUpdateResult> {
    const k = stringField(key, 'RekeyUpdateRequest', 'Key');
    const n = stringField(nonce, 'RekeyUpdateRequest', 'Nonce');
    if (k === '') throw new VaultError(400, ERR_REKEY_KEY_REQUIRED);
    const part = decodeKeyField(k);
    const result = await this.#host.exclusive(() => this.#update(part, n));
    return result ?? this.status();
  }

  /**
   * DELETE sys/rekey/init as Vault 1.18.1 has it (vault/rekey.go RekeyCancel; http/sys_rekey.go
   * handleSysRekeyInitDelete reads no body): no nonce, whatever the attempt's age. The nonce
   * requirement within 10 minutes of init came with the CVE-2025-4656 fix (1.18.11, 1.19.6, 1.20.0).
   */
  async cancel(): Promise<void> {
    await this.#host.exclusive(async () => {
      this.#unsealed();
      this.clear();
    });
  }

  async verifyStatus(): Promise<RekeyVerifyStatus> {
    if ((await this.#host.sealConfig()) === undefined) throw new VaultError(400, ERR_REKEY_SERVER_NOT_INIT);
    this.#unsealed();
    const a = this.#attempt;
    if (a === undefined) throw new VaultError(400, ERR_REKEY_NO_CONFIG);
    return {
      nonce: a.verification.nonce, started: a.verificationKey !== undefined, t: a.config.secret_threshold,
      n: a.config.secret_shares, progress: a.verification.progress,
    };
  }

  /** One *new* share toward verification; completes the rekey when they reproduce the new key. */
  async verifyUpdate(key: string | undefined, nonce: string | undefined): Promise<RekeyVerifyStatus | RekeyVerifyResult> {
    const k = stringField(key, 'RekeyVerificationUpdateRequest', 'key');
    const n = stringField(nonce, 'RekeyVerificationUpdateRequest', 'nonce');
    if (k === '') throw new VaultError(400, ERR_REKEY_KEY_REQUIRED);
    const part = decodeKeyField(k);
    const result = await this.#host.exclusive(() => this.#verify(part, n));
    return result ?? this.verifyStatus();
  }

  /** DELETE sys/rekey/verify: discards verification progress and issues a new verification nonce. */
  async verifyRestart(): Promise<RekeyVerifyStatus> {
    await this.#host.exclusive(async () => {
      this.#unsealed();
      const a = this.#attempt;
      if (a === undefined) return;
      a.verification.clear();
      a.verification = new ShareCollector(goUuid(this.#host.random));
    });
    return this.verifyStatus();
  }

  // ---- internals ---------------------------------------------------------------------------------

  #unsealed(): void {
    if (this.#host.barrier.sealed) throw new VaultError(503, ERR_BARRIER_SEALED);
  }

  async #update(part: Uint8Array, nonce: string): Promise<RekeyUpdateResult | undefined> {
    this.#unsealed();
    checkLength(part);
    const existing = await this.#host.sealConfig();
    if (existing === undefined) throw new VaultError(400, ERR_BARRIER_NOT_INIT);
    const a = this.#attempt;
    if (a === undefined) throw new VaultError(400, ERR_REKEY_NOT_IN_PROGRESS);
    if (a.verificationKey !== undefined) throw new VaultError(400, errRekeyVerificationPending(a.verification.nonce));
    if (nonce !== a.shares.nonce) throw new VaultError(400, errRekeyNonce(a.shares.nonce));
    if (!a.shares.add(part)) throw new VaultError(400, ERR_REKEY_DUPLICATE_KEY);
    if (a.shares.progress < existing.secret_threshold) return undefined;

    const kek = await a.shares.spend((cause) => new VaultError(500, errRekeyComputeRootKey(cause)));
    try {
      await this.#checkCurrentKey(kek);
    } catch (e) {
      kek.fill(0);
      throw e;
    }
    a.currentKek?.fill(0);
    a.currentKek = kek;
    const newKek = this.#host.barrier.generateKey();
    const shares = a.config.secret_shares === 1 ? [new Uint8Array(newKek)]
      : split(newKek, { shares: a.config.secret_shares, threshold: a.config.secret_threshold, random: this.#host.random });
    const result: RekeyUpdateResult = {
      nonce, complete: true, keys: shares.map((s) => encodeHex(s)), keys_base64: shares.map((s) => encodeBase64(s)),
      pgp_fingerprints: null, backup: a.config.backup, verification_required: false,
    };
    wipe(shares);
    if (a.verificationRequired) {
      a.verification = new ShareCollector(goUuid(this.#host.random));
      a.verificationKey = newKek;
      result.verification_required = true;
      result.verification_nonce = a.verification.nonce;
      return result;
    }
    try {
      await this.#perform(a, newKek, existing);
    } finally {
      this.clear();
    }
    // The new shares exist only in this answer: the old ones keep working until it is out.
    this.#host.completedAfterAnswer(nonce);
    return result;
  }

  async #verify(part: Uint8Array, nonce: string): Promise<RekeyVerifyResult | undefined> {
    this.#unsealed();
    checkLength(part);
    const a = this.#attempt;
    if (a === undefined) throw new VaultError(400, ERR_REKEY_NONE_IN_PROGRESS);
    if (a.verificationKey === undefined) throw new VaultError(400, ERR_REKEY_NO_VERIFICATION);
    if (nonce !== a.verification.nonce) throw new VaultError(400, errRekeyVerifyNonce(a.verification.nonce));
    if (!a.verification.add(part)) throw new VaultError(400, ERR_REKEY_VERIFY_DUPLICATE_KEY);
    if (a.verification.progress < a.config.secret_threshold) return undefined;

    let complete = false;
    try {
      let candidate: Uint8Array;
      try {
        candidate = await a.verification.key();
      } catch (e) {
        throw new VaultError(500, errRekeyVerifyCompute((e as Error).message));
      }
      const matches = constantTimeEqual(candidate, a.verificationKey);
      candidate.fill(0);
      if (!matches) throw new VaultError(400, ERR_REKEY_VERIFY_FAILED);
      const existing = await this.#host.sealConfig();
      if (existing === undefined) throw new VaultError(400, ERR_BARRIER_NOT_INIT);
      const done: RekeyVerifyResult = { nonce: a.verification.nonce, complete: true };
      try {
        await this.#perform(a, a.verificationKey, existing);
      } finally {
        this.clear();
      }
      complete = true;
      // The client has held the new shares since the update's answer: the intent can go now.
      await this.#host.storage.delete(REKEY_INTENT_PATH).catch(() => undefined);
      return done;
    } finally {
      // The verification round is spent either way; a failed one gets a fresh nonce (RekeyVerify).
      if (!complete && this.#attempt === a) {
        a.verification.clear();
        a.verification = new ShareCollector(goUuid(this.#host.random));
      }
    }
  }

  /** The "test seal" step of BarrierRekeyUpdate: the combined key must open the stored root key. */
  async #checkCurrentKey(kek: Uint8Array): Promise<void> {
    const problem = await checkUnsealKey(this.#host.barrier, this.#host.storage, kek);
    if (problem === undefined) return;
    if (problem.kind === 'mismatch') throw new VaultError(400, errRekeyVerifyRoot(ERR_BARRIER_INVALID_KEY));
    throw new VaultError(500, problem.kind === 'cipher' ? errSealSetupUnsealKey(problem.cause) : errRekeyReadRootKey(problem.cause));
  }

  /**
   * performBarrierRekey's writes, in Vault's order (new root key, keyring, seal key, seal
   * configuration, canary) but the stored keys after the keyring, all behind an intent that lets
   * the old unseal key reach the new root key (rekey-intent.ts). A failed write leaves the intent
   * for the next unseal to settle; the attempt is over either way.
   */
  async #perform(a: Attempt, newKek: Uint8Array, existing: SealConfig): Promise<void> {
    const { barrier, storage, random } = this.#host;
    const newRoot = barrier.generateKey();
    try {
      const oldKeys = encodeStoredKeys(barrier.aead, a.currentKek!, [newRoot], random);
      await storage.put(REKEY_INTENT_PATH, encodeRekeyIntent({ nonce: a.config.nonce, oldConfig: { ...existing }, newConfig: { ...a.config }, oldKeys }));
      await barrier.rotateRootKey(newRoot);
      await storage.put(STORED_BARRIER_KEYS_PATH, encodeStoredKeys(barrier.aead, newKek, [newRoot], random));
      await barrier.put(SHAMIR_KEK_PATH, newKek);
      await this.#host.setSealConfig({ ...a.config });
      await barrier.put(KEYRING_CANARY_PATH, new TextEncoder().encode(a.config.nonce));
    } catch (e) {
      throw e instanceof VaultError && e.status !== 500 ? e : new VaultError(500, errRekeyPerform((e as Error).message));
    } finally {
      newRoot.fill(0);
      newKek.fill(0);
    }
  }
}

/** BarrierRekeyUpdate's own length check (its messages carry no `invalid key:` prefix). */
function checkLength(part: Uint8Array): void {
  if (part.length < MIN_KEY_LENGTH) throw new VaultError(400, errSealKeyTooShort(MIN_KEY_LENGTH));
  if (part.length > MAX_KEY_LENGTH + SHARE_OVERHEAD) throw new VaultError(400, errSealKeyTooLong(MAX_KEY_LENGTH + SHARE_OVERHEAD));
}

function wipe(parts: Uint8Array[] | undefined): void {
  for (const p of parts ?? []) p.fill(0);
}
