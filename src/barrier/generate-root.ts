// Vault's root token generation (vault/generate_root.go GenerateRootInit, GenerateRootUpdate,
// GenerateRootCancel; http/sys_generate_root.go): an attempt started with a one-time password
// collects the current unseal shares with its nonce; at the threshold they are combined, opened
// against the stored root key (generateStandardRootToken.authenticate), and a new root token is
// minted — by core, through the callback given to `update` — and handed back XORed with the OTP
// (sdk/helper/roottoken EncodeToken). Same shape as the rekey flow (rekey.ts). The attempt lives in
// memory and, as in Vault, survives a seal (vault/core.go preSeal clears only rekeys). PGP-encrypted
// root tokens (`pgp_key`) are refused. Wire shapes: http/sys_generate_root.go.
import type { Storage } from '../storage/types.js';
import type { RandomSource } from '../util/random.js';
import { byteLength, encodeRootToken, generateOtp, ROOT_OTP_LENGTH } from '../util/root-token.js';
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_BARRIER_INVALID_KEY, ERR_BARRIER_NOT_INIT, ERR_BARRIER_SEALED, ERR_GENERATE_ROOT_DUPLICATE_KEY,
  ERR_GENERATE_ROOT_IN_PROGRESS, ERR_GENERATE_ROOT_KEY_REQUIRED, ERR_GENERATE_ROOT_NOT_IN_PROGRESS,
  ERR_GENERATE_ROOT_OTP_LENGTH, ERR_GENERATE_ROOT_PGP_UNSUPPORTED, ERR_GENERATE_ROOT_SERVER_NOT_INIT,
  errGenerateRootAborted, errGenerateRootAuthenticate, errGenerateRootComputeRootKey, errGenerateRootNonce,
  errGenerateRootVerifyRoot, errSealInvalidKey, errSealKeyTooLong, errSealKeyTooShort,
  errSealSetupUnsealKey, errSealStoredKeys,
} from '../errors/barrier.js';
import type { AesGcmBarrier } from './barrier.js';
import { decodeKeyField, MAX_KEY_LENGTH, MIN_KEY_LENGTH, SHARE_OVERHEAD } from './encoding.js';
import type { SealConfig } from './seal-config.js';
import { goUuid } from './uuid.js';
import { ShareCollector } from './share-collector.js';
import { checkUnsealKey } from './unseal-key.js';
import { goStringFields } from './request-fields.js';

/** What the generate-root flow needs from the seal manager. */
export interface GenerateRootHost {
  barrier: AesGcmBarrier;
  storage: Storage;
  random: RandomSource;
  sealConfig(): Promise<SealConfig | undefined>;
  /** Serialises with unseal/seal/rekey so the state never changes under a step. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/** sys/generate-root/attempt and …/update body (GenerateRootStatusResponse, in field order). */
export interface GenerateRootStatus {
  nonce: string;
  started: boolean;
  progress: number;
  required: number;
  complete: boolean;
  encoded_token: string;
  encoded_root_token: string;
  pgp_fingerprint: string;
  otp: string;
  otp_length: number;
}

/** Mints the new root token (core: the token store's root token) and returns its id. */
export type MintRootToken = () => Promise<string>;

interface Attempt {
  otp: string;
  shares: ShareCollector;
}

const aborted = (cause: string) => new VaultError(400, errGenerateRootAborted(cause));

export class GenerateRoot {
  readonly #host: GenerateRootHost;
  #attempt: Attempt | undefined;

  constructor(host: GenerateRootHost) {
    this.#host = host;
  }

  /** GET sys/generate-root/attempt (HandleSysGenerateRootAttemptGet); `otp` only right after a server-side init. */
  async status(otp = ''): Promise<GenerateRootStatus> {
    const config = await this.#host.sealConfig();
    if (config === undefined) throw new VaultError(400, ERR_GENERATE_ROOT_SERVER_NOT_INIT);
    this.#unsealed();
    const a = this.#attempt;
    return {
      nonce: a?.shares.nonce ?? '', started: a !== undefined, progress: a?.shares.progress ?? 0,
      required: config.secret_threshold, complete: false, encoded_token: '', encoded_root_token: '',
      pgp_fingerprint: '', otp, otp_length: ROOT_OTP_LENGTH,
    };
  }

  /**
   * PUT sys/generate-root/attempt: with `otp` (exactly otp_length bytes), or with nothing, when
   * the server draws a base62 OTP and shows it this once. The OTP is checked before the seal.
   */
  async init(body: Record<string, unknown> | undefined): Promise<GenerateRootStatus> {
    const req = goStringFields(body, 'GenerateRootInitRequest', ['otp', 'pgp_key'] as const);
    let otp = req.otp;
    const generated = otp === '' && req.pgp_key === '';
    if (generated) otp = generateOtp(this.#host.random, ROOT_OTP_LENGTH);
    if (otp === '') throw new VaultError(400, ERR_GENERATE_ROOT_PGP_UNSUPPORTED);
    if (byteLength(otp) !== ROOT_OTP_LENGTH) throw new VaultError(400, ERR_GENERATE_ROOT_OTP_LENGTH);
    await this.#host.exclusive(async () => {
      this.#unsealed();
      if (this.#attempt !== undefined) throw new VaultError(400, ERR_GENERATE_ROOT_IN_PROGRESS);
      this.#attempt = { otp, shares: new ShareCollector(goUuid(this.#host.random)) };
    });
    return this.status(generated ? otp : '');
  }

  /** DELETE sys/generate-root/attempt: clears nonce, progress and OTP (fine when none runs). */
  async cancel(): Promise<void> {
    await this.#host.exclusive(async () => {
      this.#unsealed();
      this.#clear();
    });
  }

  /**
   * PUT sys/generate-root/update: one current unseal share with the attempt's nonce. Below the
   * threshold the answer shows the progress; at the threshold the shares must open the stored
   * root key, `mint` makes the token, and the answer carries it encoded with the OTP.
   */
  async update(body: Record<string, unknown> | undefined, mint: MintRootToken): Promise<GenerateRootStatus> {
    const req = goStringFields(body, 'GenerateRootUpdateRequest', ['Key', 'Nonce'] as const);
    if (req.Key === '') throw new VaultError(400, ERR_GENERATE_ROOT_KEY_REQUIRED);
    const part = decodeKeyField(req.Key);
    return this.#host.exclusive(() => this.#update(part, req.Nonce, mint));
  }

  // ---- internals ---------------------------------------------------------------------------------

  #unsealed(): void {
    if (this.#host.barrier.sealed) throw new VaultError(503, ERR_BARRIER_SEALED);
  }

  #clear(): void {
    this.#attempt?.shares.clear();
    this.#attempt = undefined;
  }

  async #update(part: Uint8Array, nonce: string, mint: MintRootToken): Promise<GenerateRootStatus> {
    if (part.length < MIN_KEY_LENGTH) throw new VaultError(400, errSealInvalidKey(errSealKeyTooShort(MIN_KEY_LENGTH)));
    if (part.length > MAX_KEY_LENGTH + SHARE_OVERHEAD) {
      throw new VaultError(400, errSealInvalidKey(errSealKeyTooLong(MAX_KEY_LENGTH + SHARE_OVERHEAD)));
    }
    const config = await this.#host.sealConfig();
    if (config === undefined) throw new VaultError(400, ERR_BARRIER_NOT_INIT);
    this.#unsealed();
    const a = this.#attempt;
    if (a === undefined) throw new VaultError(400, ERR_GENERATE_ROOT_NOT_IN_PROGRESS);
    if (nonce !== a.shares.nonce) throw new VaultError(400, errGenerateRootNonce(a.shares.nonce));
    if (!a.shares.add(part)) throw new VaultError(400, ERR_GENERATE_ROOT_DUPLICATE_KEY);
    const progress = a.shares.progress;
    const required = config.secret_threshold;
    if (progress < required) return updateStatus(nonce, progress, required, '');

    // Threshold reached: the shares are spent whatever happens next; the attempt (nonce, OTP) stays.
    const kek = await a.shares.spend((cause) => new VaultError(400, errGenerateRootComputeRootKey(cause)));
    try {
      await this.#authenticate(kek);
    } finally {
      kek.fill(0);
    }
    const token = await mint();
    let encoded: string;
    try {
      encoded = encodeRootToken(token, a.otp);
    } catch (e) {
      throw new VaultError(400, (e as Error).message);
    }
    this.#clear();
    return updateStatus(nonce, progress, required, encoded);
  }

  /**
   * generateStandardRootToken.authenticate: unsealKeyToRootKeyPostUnseal (vault/core.go
   * unsealKeyToMasterKey, Shamir branch) opens the stored root key with the combined key, then
   * barrier.VerifyRoot compares it with the root key in use.
   */
  async #authenticate(kek: Uint8Array): Promise<void> {
    const problem = await checkUnsealKey(this.#host.barrier, this.#host.storage, kek);
    if (problem === undefined) return;
    if (problem.kind === 'mismatch') throw aborted(errGenerateRootVerifyRoot(ERR_BARRIER_INVALID_KEY));
    const cause = problem.kind === 'cipher' ? errSealInvalidKey(errSealSetupUnsealKey(problem.cause)) : errSealStoredKeys(problem.cause);
    throw aborted(errGenerateRootAuthenticate(cause));
  }
}

/** handleSysGenerateRootUpdate's answer: the nonce sent, `otp` empty and `otp_length` 0. */
function updateStatus(nonce: string, progress: number, required: number, encoded: string): GenerateRootStatus {
  return {
    nonce, started: true, progress, required, complete: progress === required, encoded_token: encoded,
    encoded_root_token: encoded, pgp_fingerprint: '', otp: '', otp_length: 0,
  };
}
