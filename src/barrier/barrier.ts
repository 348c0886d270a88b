// Vault's AES-GCM security barrier (vault/barrier_aes_gcm.go AESGCMBarrier; [BAO]
// vault/barrier/aes_gcm.go): everything written through it is encrypted with the active keyring
// term and bound to its full storage path; reads pick the key by the term each value names. The
// keyring itself lives at `core/keyring` under the root key; a copy of the root key sits at
// `core/master` under the active term, as in Vault. Term rotation (manual and automatic by
// encryption count or interval) and root-key rotation (rekey) are here; shares are not (seal-manager).
import type { Storage } from '../storage/types.js';
import { preciseNow, systemClock, type Clock } from '../util/clock.js';
import { SerialQueue } from '../util/serial-queue.js';
import { constantTimeEqual, systemRandom, type RandomSource } from '../util/random.js';
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_BARRIER_ALREADY_INIT, ERR_BARRIER_INVALID_KEY, ERR_BARRIER_KEY_SIZE, ERR_BARRIER_NOT_INIT,
  ERR_BARRIER_ROTATION_INTERVAL, ERR_BARRIER_ROTATION_MAX_OPS, ERR_BARRIER_SEALED, ERR_BARRIER_TERM_MISMATCH,
  errBarrierDecryptionFailed, errBarrierKeyringDecode, errBarrierNoKeyForTerm,
} from '../errors/barrier.js';
import { AeadAuthError, createAead, type Aead, type AeadCipher, type AeadName } from './aead.js';
import { NoncePool, openValue, readTerm, sealValue } from './ciphertext.js';
import { OpenCache, type OpenCacheOptions } from './open-cache.js';
import { MAX_KEY_LENGTH, MIN_KEY_LENGTH } from './encoding.js';
import {
  ABSOLUTE_OPERATION_MAXIMUM, ABSOLUTE_OPERATION_MINIMUM, GO_ZERO_TIME, MINIMUM_ROTATION_INTERVAL_NS,
  activeKey, addKey, newKeyring, newTermKey, parseKeyring, rotationReason, serializeKey, serializeKeyring, zeroKeyring,
  type Keyring,
} from './keyring.js';
import { BarrierView } from './view.js';

export const KEYRING_PATH = 'core/keyring';
export const ROOT_KEY_PATH = 'core/master';
export const SHAMIR_KEK_PATH = 'core/shamir-kek';
export const KEYRING_CANARY_PATH = 'core/canary-keyring';
const INITIAL_TERM = 1; // the keyring itself is always written as term 1 (barrier_aes_gcm.go)
const AUTO_ROTATE_CHECK_MS = 5 * 60_000; // AutoRotateCheckInterval

export interface BarrierOptions {
  /** AES-GCM implementation: an instance, or 'node' | 'noble' (default: node when available). */
  aead?: AeadName | Aead;
  random?: RandomSource;
  clock?: Clock;
  /** Test knob: rotate after this many encryptions instead of the keyring's sanitised limit. */
  maxOperations?: number;
  /** The decrypt memo (open-cache.ts): its limits, or false for Vault's `disable_cache`. */
  cache?: OpenCacheOptions | false;
}

/** sys/key-status data, in Vault's field order. */
export interface KeyStatus {
  term: number;
  install_time: string;
  encryptions: number;
}

export interface BarrierRotationConfig {
  enabled: boolean;
  maxOperations: number;
  /** Whole seconds; 0 = no time-based rotation. */
  intervalSeconds: number;
}

export class AesGcmBarrier implements Storage {
  readonly aead: Aead;
  readonly #storage: Storage;
  readonly #random: RandomSource;
  readonly #clock: Clock;
  readonly #nonces: NoncePool;
  readonly #maxOperationsOverride: number | undefined;
  #keyring: Keyring | undefined; // undefined ⇔ sealed
  #ciphers = new Map<number, AeadCipher>();
  #activeTerm = 0;
  #activeCipher: AeadCipher | undefined;
  #unaccounted = 0;
  #nextCheckAt = 0;
  readonly #lock = new SerialQueue();
  readonly #cache: OpenCache | undefined;

  constructor(storage: Storage, opts: BarrierOptions = {}) {
    this.#storage = storage;
    this.aead = typeof opts.aead === 'object' ? opts.aead : createAead(opts.aead);
    this.#random = opts.random ?? systemRandom;
    this.#clock = opts.clock ?? systemClock;
    this.#nonces = new NoncePool(this.#random);
    this.#maxOperationsOverride = opts.maxOperations;
    this.#cache = opts.cache === false ? undefined : new OpenCache(opts.cache);
  }

  get sealed(): boolean {
    return this.#keyring === undefined;
  }

  /** The physical storage under the barrier (for entries Vault keeps outside it). */
  get physical(): Storage {
    return this.#storage;
  }

  /** barrier_aes_gcm.go Initialized: the keyring entry exists. */
  async initialized(): Promise<boolean> {
    return (await this.#storage.list('core/')).includes('keyring');
  }

  /** A fresh random 32-byte key (GenerateKey). */
  generateKey(): Uint8Array {
    return this.#random.bytes(MAX_KEY_LENGTH);
  }

  /** Writes the first keyring under `rootKey` and, when given, the seal key at core/shamir-kek. Leaves the barrier sealed. */
  async initialize(rootKey: Uint8Array, sealKey?: Uint8Array): Promise<void> {
    checkKeySize(rootKey);
    if (await this.initialized()) throw new VaultError(400, ERR_BARRIER_ALREADY_INIT);
    const first = newTermKey(INITIAL_TERM, this.generateKey(), preciseNow(this.#clock));
    const keyring = newKeyring(rootKey, first);
    await this.#persistKeyring(keyring, false);
    if (sealKey !== undefined && sealKey.length > 0) {
      const cipher = this.aead.cipher(first.value);
      await this.#storage.put(SHAMIR_KEK_PATH, sealValue(cipher, INITIAL_TERM, SHAMIR_KEK_PATH, sealKey, this.#nonces));
    }
  }

  /** Opens the keyring with `rootKey`; a wrong key is Vault's `Unseal failed, invalid key`. */
  async unseal(rootKey: Uint8Array): Promise<void> {
    if (!this.sealed) return;
    const stored = await this.#storage.get(KEYRING_PATH);
    if (stored === undefined) throw new VaultError(400, ERR_BARRIER_NOT_INIT);
    if (stored.length < 4 || readTerm(stored) !== INITIAL_TERM) throw new VaultError(500, ERR_BARRIER_TERM_MISMATCH);
    let plain: Uint8Array;
    try {
      plain = openValue(this.aead.cipher(rootKey), KEYRING_PATH, stored);
    } catch (e) {
      if (e instanceof AeadAuthError) throw new VaultError(400, ERR_BARRIER_INVALID_KEY);
      throw new VaultError(500, errBarrierDecryptionFailed((e as Error).message));
    }
    let keyring: Keyring;
    try {
      keyring = parseKeyring(plain);
    } catch (e) {
      throw new VaultError(500, errBarrierKeyringDecode((e as Error).message));
    } finally {
      plain.fill(0);
    }
    if (!this.sealed) return; // a concurrent unseal won
    this.#cache?.clear();
    this.#install(keyring);
    this.#unaccounted = 0;
    this.#nextCheckAt = this.#clock.now() + AUTO_ROTATE_CHECK_MS;
  }

  /** Persists the pending encryption estimate, then forgets every key. Storage is untouched otherwise. */
  async seal(): Promise<void> {
    if (this.sealed) return;
    await this.#exclusive(async () => {
      if (this.#keyring !== undefined && this.#unaccounted > 0) await this.#persistEncryptions().catch(() => undefined);
      if (this.#keyring !== undefined) zeroKeyring(this.#keyring);
      this.#keyring = undefined;
      this.#cache?.clear();
      this.#ciphers = new Map();
      this.#activeCipher = undefined;
      this.#activeTerm = 0;
      this.#unaccounted = 0;
    });
  }

  /** VerifyRoot: constant-time check of a candidate root key. */
  verifyRoot(key: Uint8Array): boolean {
    return constantTimeEqual(key, this.#unsealed().rootKey);
  }

  // ---- Storage -----------------------------------------------------------------------------------

  async get(path: string): Promise<Uint8Array | undefined> {
    this.#unsealed();
    const value = await this.#readStored(path);
    if (value === undefined) return undefined;
    return this.#cache?.lookup(path, value) ?? this.#openAndRemember(path, value);
  }

  /** get() then `decode`, where an unchanged value's decoding is shared (see Storage.getDecoded). */
  async getDecoded<T>(path: string, decode: (value: Uint8Array) => T): Promise<T | undefined> {
    this.#unsealed();
    const value = await this.#readStored(path);
    if (value === undefined) return undefined;
    const known = this.#cache?.lookupDecoded(path, value, decode);
    if (known !== undefined) return known.value;
    const plain = this.#openAndRemember(path, value);
    return this.#cache?.lookupDecoded(path, value, decode)?.value ?? decode(plain);
  }

  async put(path: string, value: Uint8Array): Promise<void> {
    const sealed = this.encrypt(path, value);
    this.#cache?.forget(path); // if the write fails, storage may hold either value
    await this.#storage.put(path, sealed);
    this.#cache?.remember(path, sealed, value);
    // Background upkeep in Vault (checked every 5 minutes); a failure there must not fail this
    // write, which is already stored. The check simply runs again on a later write.
    if (this.#rotationDue()) await this.checkAutoRotate().catch(() => undefined);
  }

  async delete(path: string): Promise<void> {
    this.#unsealed();
    this.#cache?.forget(path);
    await this.#storage.delete(path);
  }

  async list(prefix: string): Promise<string[]> {
    this.#unsealed();
    return this.#storage.list(prefix);
  }

  /** A sub-tree whose keys are relative to `prefix` (AAD stays the full path). */
  view(prefix: string): BarrierView {
    return new BarrierView(this, prefix);
  }

  /** Encrypts for `path` with the active term (the barrier's Encrypt; counted toward rotation). */
  encrypt(path: string, plaintext: Uint8Array): Uint8Array {
    const cipher = this.#activeCipher;
    if (cipher === undefined) throw new VaultError(503, ERR_BARRIER_SEALED);
    this.#unaccounted++;
    return sealValue(cipher, this.#activeTerm, path, plaintext, this.#nonces);
  }

  /** Opens a value stored at `path`; tampered, truncated or moved values are errors, never garbage. */
  decrypt(path: string, value: Uint8Array): Uint8Array {
    this.#unsealed();
    let term: number;
    try {
      term = readTerm(value);
    } catch (e) {
      throw new VaultError(500, (e as Error).message);
    }
    const cipher = this.#cipherForTerm(term);
    if (cipher === undefined) throw new VaultError(500, errBarrierNoKeyForTerm(term));
    try {
      return openValue(cipher, path, value);
    } catch (e) {
      throw new VaultError(500, errBarrierDecryptionFailed((e as Error).message));
    }
  }

  // ---- terms and rotation --------------------------------------------------------------------------

  /** Adds term N+1 for all new writes; older terms keep decrypting. Returns the new term. */
  async rotate(): Promise<number> {
    return this.#exclusive(() => this.#rotate());
  }

  keyStatus(): KeyStatus {
    const keyring = this.#unsealed();
    const key = activeKey(keyring);
    // InstallTime is stored as Go's RFC3339Nano text already; key-status reports it unchanged.
    return { term: key.term, install_time: key.installTime, encryptions: key.encryptions + this.#unaccounted };
  }

  /** Every installed term, oldest first (for tests and diagnostics). */
  terms(): number[] {
    return [...this.#unsealed().keys.keys()].sort((a, b) => a - b);
  }

  rotationConfig(): BarrierRotationConfig {
    const r = this.#unsealed().rotation;
    return { enabled: !r.disabled, maxOperations: r.maxOperations, intervalSeconds: Math.floor(r.intervalNs / 1e9) };
  }

  /** sys/rotate/config update with Vault's range checks (400 on bad input, nothing written). */
  async setRotationConfig(update: { enabled?: boolean; maxOperations?: number; intervalSeconds?: number }): Promise<void> {
    await this.#exclusive(async () => {
      const keyring = this.#unsealed();
      const next = { ...keyring.rotation };
      if (update.maxOperations !== undefined) next.maxOperations = update.maxOperations;
      if (next.maxOperations < ABSOLUTE_OPERATION_MINIMUM || next.maxOperations > ABSOLUTE_OPERATION_MAXIMUM) {
        throw new VaultError(400, ERR_BARRIER_ROTATION_MAX_OPS);
      }
      if (update.intervalSeconds !== undefined) next.intervalNs = update.intervalSeconds * 1e9;
      if (update.enabled !== undefined) next.disabled = !update.enabled;
      if (next.intervalNs > 0 && next.intervalNs < MINIMUM_ROTATION_INTERVAL_NS) throw new VaultError(400, ERR_BARRIER_ROTATION_INTERVAL);
      const updated = { ...keyring, rotation: next };
      await this.#persistKeyring(updated, true);
      this.#keyring = updated;
    });
  }

  /**
   * CheckBarrierAutoRotate: rotates when the active term passed its operation limit, its interval,
   * or is a year old with no recorded use; otherwise persists the encryption estimate. Returns the
   * reason it rotated, or ''. Runs by itself after writes (at most every 5 minutes of clock time,
   * or at once when the limit is passed); no timer is involved.
   */
  async checkAutoRotate(): Promise<string> {
    return this.#exclusive(async () => {
      if (this.#keyring === undefined) return '';
      this.#nextCheckAt = this.#clock.now() + AUTO_ROTATE_CHECK_MS;
      const reason = rotationReason(this.#keyring!, this.#unaccounted, this.#maxOperations(this.#keyring!), this.#clock.now());
      if (reason !== '') await this.#rotate();
      else await this.#persistEncryptions();
      return reason;
    });
  }

  /** Vault's Rekey / RotateRootKey: re-encrypts the keyring under a new root key; data is untouched. */
  async rotateRootKey(newRootKey: Uint8Array): Promise<void> {
    checkKeySize(newRootKey);
    await this.#exclusive(async () => {
      const keyring = this.#unsealed();
      const updated = { ...keyring, rootKey: new Uint8Array(newRootKey) };
      await this.#persistKeyring(updated, true);
      keyring.rootKey.fill(0);
      this.#keyring = updated;
    });
  }

  // ---- internals ---------------------------------------------------------------------------------

  /** The stored value, uncopied where the storage allows it: the barrier only reads it. */
  #readStored(path: string): Promise<Uint8Array | undefined> {
    return this.#storage.getShared?.(path) ?? this.#storage.get(path);
  }

  #openAndRemember(path: string, value: Uint8Array): Uint8Array {
    const plain = this.decrypt(path, value);
    this.#cache?.remember(path, value, plain);
    return plain;
  }

  #unsealed(): Keyring {
    if (this.#keyring === undefined) throw new VaultError(503, ERR_BARRIER_SEALED);
    return this.#keyring;
  }

  #install(keyring: Keyring): void {
    this.#keyring = keyring;
    this.#activeTerm = keyring.activeTerm;
    this.#activeCipher = this.#cipherForTerm(keyring.activeTerm);
  }

  #cipherForTerm(term: number): AeadCipher | undefined {
    let cipher = this.#ciphers.get(term);
    if (cipher !== undefined) return cipher;
    const key = this.#keyring?.keys.get(term);
    if (key === undefined) return undefined;
    cipher = this.aead.cipher(key.value);
    this.#ciphers.set(term, cipher);
    return cipher;
  }

  #maxOperations(keyring: Keyring): number {
    return this.#maxOperationsOverride ?? keyring.rotation.maxOperations;
  }

  #rotationDue(): boolean {
    const keyring = this.#keyring;
    if (keyring === undefined) return false;
    if (this.#clock.now() >= this.#nextCheckAt) return true;
    return !keyring.rotation.disabled && activeKey(keyring).encryptions + this.#unaccounted > this.#maxOperations(keyring);
  }

  async #rotate(): Promise<number> {
    const keyring = this.#unsealed();
    const term = keyring.activeTerm + 1;
    const updated = addKey(keyring, newTermKey(term, this.generateKey(), preciseNow(this.#clock)));
    await this.#persistKeyring(updated, false);
    this.#install(updated);
    this.#unaccounted = 0; // Vault clears its encryption tracking on rotation
    return term;
  }

  /** Moves the unpersisted estimate (plus the write that stores it) into the active key. */
  async #persistEncryptions(): Promise<void> {
    const keyring = this.#unsealed();
    const pending = this.#unaccounted;
    if (pending === 0) return;
    const key = activeKey(keyring);
    const keys = new Map(keyring.keys);
    keys.set(key.term, { ...key, encryptions: key.encryptions + pending + 1 });
    const updated = { ...keyring, keys };
    await this.#persistKeyring(updated, false);
    this.#keyring = updated;
    this.#unaccounted -= pending;
  }

  /** Writes core/keyring (root key, term 1) and core/master (active term), as persistKeyring does. */
  async #persistKeyring(keyring: Keyring, track: boolean): Promise<void> {
    const plain = serializeKeyring(keyring);
    const value = sealValue(this.aead.cipher(keyring.rootKey), INITIAL_TERM, KEYRING_PATH, plain, this.#nonces);
    plain.fill(0);
    await this.#storage.put(KEYRING_PATH, value);
    const active = activeKey(keyring);
    const rootCopy = serializeKey({ term: 1, version: 1, value: keyring.rootKey, installTime: GO_ZERO_TIME, encryptions: 0 });
    const copy = sealValue(this.aead.cipher(active.value), active.term, ROOT_KEY_PATH, rootCopy, this.#nonces);
    rootCopy.fill(0);
    await this.#storage.put(ROOT_KEY_PATH, copy);
    if (track) this.#unaccounted++;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#lock.run(fn);
  }
}

function checkKeySize(key: Uint8Array): void {
  if (key.length < MIN_KEY_LENGTH || key.length > MAX_KEY_LENGTH) throw new VaultError(500, ERR_BARRIER_KEY_SIZE);
}
