// Vault's barrier value layout (vault/barrier_aes_gcm.go encrypt/decrypt):
//
//   term (uint32 big-endian) ‖ version (0x01 no AAD | 0x02 AAD = full storage path) ‖
//   nonce (12 random bytes) ‖ ciphertext ‖ GCM tag (16)
//
// so every value is its plaintext plus 33 bytes. Writes always use version 2; reads accept both.
import { allocBytes } from '../util/bytes.js';
import type { RandomSource } from '../util/random.js';
import {
  ERR_BARRIER_INVALID_CIPHER_LENGTH, ERR_BARRIER_INVALID_VALUE, ERR_BARRIER_VERSION_MISMATCH,
} from '../errors/barrier.js';
import { GCM_NONCE_SIZE, GCM_TAG_SIZE, type AeadCipher } from './aead.js';

export const TERM_SIZE = 4;
export const AES_GCM_VERSION_1 = 0x01;
export const AES_GCM_VERSION_2 = 0x02;
export const HEADER_SIZE = TERM_SIZE + 1 + GCM_NONCE_SIZE; // 17
export const BARRIER_OVERHEAD = HEADER_SIZE + GCM_TAG_SIZE; // 33

const utf8 = new TextEncoder();

// Paths come again and again (every read of a key opens the same few paths), so their AAD bytes
// are kept in a bounded memo (emptied when full) instead of being encoded per call.
const AAD_MEMO_LIMIT = 4096;
const aadMemo = new Map<string, Uint8Array | undefined>();

/**
 * Vault passes the path's bytes as AAD, or nil for an empty path. ASCII paths skip TextEncoder.
 * Callers must not modify the returned bytes.
 */
export function pathAad(path: string): Uint8Array | undefined {
  let aad = aadMemo.get(path);
  if (aad === undefined && path !== '') {
    if (aadMemo.size >= AAD_MEMO_LIMIT) aadMemo.clear();
    aad = encodePath(path);
    aadMemo.set(path, aad);
  }
  return aad;
}

function encodePath(path: string): Uint8Array | undefined {
  if (path === '') return undefined;
  const out = new Uint8Array(path.length);
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c > 0x7f) return utf8.encode(path);
    out[i] = c;
  }
  return out;
}

/**
 * Hands out 12-byte GCM nonces from one bulk draw of the random source, because each call into
 * the source costs far more than the copy (DESIGN: "one bulk call where possible"). Every nonce
 * is still fresh CSPRNG output, handed out exactly once.
 */
export class NoncePool {
  readonly #random: RandomSource;
  readonly #batch: number;
  #buf: Uint8Array = new Uint8Array(0);
  #pos = 0;
  #nextDraw = 16; // nonces in the next draw: starts small, grows to `batch`
  constructor(random: RandomSource, batch = 256) {
    this.#random = random;
    this.#batch = batch;
  }
  /** Copies the next nonce into `out` at `offset`. */
  fill(out: Uint8Array, offset: number): void {
    if (this.#pos + GCM_NONCE_SIZE > this.#buf.length) {
      // Start small and grow to the full batch: a short-lived vault in a test writes a few dozen values.
      const count = Math.min(this.#batch, this.#nextDraw);
      this.#nextDraw = count * 4;
      this.#buf = this.#random.bytes(GCM_NONCE_SIZE * count);
      this.#pos = 0;
    }
    const buf = this.#buf;
    const pos = this.#pos;
    for (let i = 0; i < GCM_NONCE_SIZE; i++) out[offset + i] = buf[pos + i]!;
    this.#pos = pos + GCM_NONCE_SIZE;
  }
}

/** Encrypts `plaintext` for storage at `path` under the given term's cipher (version 2 layout). */
// The nonce of the value being sealed or opened goes through one reused array rather than a view
// of the value: a view into a larger buffer costs node:crypto more than copying 12 bytes, and
// both AEADs are done with the nonce before they return (nothing here awaits).
const nonceScratch = new Uint8Array(GCM_NONCE_SIZE);

export function sealValue(cipher: AeadCipher, term: number, path: string, plaintext: Uint8Array, nonces: NoncePool): Uint8Array {
  const out = allocBytes(BARRIER_OVERHEAD + plaintext.length);
  out[0] = term >>> 24;
  out[1] = (term >>> 16) & 0xff;
  out[2] = (term >>> 8) & 0xff;
  out[3] = term & 0xff;
  out[4] = AES_GCM_VERSION_2;
  nonces.fill(nonceScratch, 0);
  for (let i = 0; i < GCM_NONCE_SIZE; i++) out[TERM_SIZE + 1 + i] = nonceScratch[i]!;
  cipher.sealInto(nonceScratch, plaintext, pathAad(path), out, HEADER_SIZE);
  return out;
}

/** The term a stored value names; throws Vault's `invalid value` when there is no room for one. */
export function readTerm(value: Uint8Array): number {
  if (value.length < TERM_SIZE) throw new Error(ERR_BARRIER_INVALID_VALUE);
  return ((value[0]! << 24) | (value[1]! << 16) | (value[2]! << 8) | value[3]!) >>> 0;
}

/**
 * Opens a stored value with the cipher of the term it names, binding version-2 values to `path`.
 * Throws Vault's strings for short values and unknown versions, AeadAuthError for a bad tag.
 */
export function openValue(cipher: AeadCipher, path: string, value: Uint8Array): Uint8Array {
  if (value.length < HEADER_SIZE) throw new Error(ERR_BARRIER_INVALID_CIPHER_LENGTH);
  const nonce = nonceScratch;
  for (let i = 0; i < GCM_NONCE_SIZE; i++) nonce[i] = value[TERM_SIZE + 1 + i]!;
  const sealed = value.subarray(HEADER_SIZE);
  switch (value[TERM_SIZE]) {
    case AES_GCM_VERSION_1:
      return cipher.open(nonce, sealed, undefined);
    case AES_GCM_VERSION_2:
      return cipher.open(nonce, sealed, pathAad(path));
    default:
      throw new Error(ERR_BARRIER_VERSION_MISMATCH);
  }
}
