// Split: Vault's shamir.Split (hashicorp/vault shamir/shamir.go, openbao sdk/helper/shamir/shamir.go).
// Each secret byte is the constant term of its own random polynomial of degree threshold-1 over
// GF(2^8); share k holds that polynomial's value at x_k for every byte, then x_k itself:
// `y[0] … y[n-1] || x`. Same input checks, in the same order and words, as Go.
//
// How it is computed: y = s + Σ_k c_k·x^k. The powers x^k are public per share, so each becomes
// eight bit masks; each secret coefficient word (four bytes, SWAR) is doubled seven times once and
// then combined into every share with AND/XOR only. No branch or lookup depends on secret bytes.
import { type RandomSource, systemRandom } from '../util/random.js';
import {
  ERR_SHAMIR_EMPTY_SECRET, ERR_SHAMIR_PARTS_GT_255, ERR_SHAMIR_PARTS_LT_THRESHOLD,
  ERR_SHAMIR_THRESHOLD_GT_255, ERR_SHAMIR_THRESHOLD_LT_2, ShamirError,
} from '../errors/shamir.js';
import { gfMul, xtime4 } from './field.js';
import { blockWords, releaseScratch, scratchBytes, scratchWords } from './scratch.js';
import { X_SAMPLE_BYTES, chooseXCoordinates, readRandom } from './random-input.js';

/** Bytes a share adds to the secret: the trailing x tag (Go's shamir.ShareOverhead). */
export const SHARE_OVERHEAD = 1;

export interface SplitOptions {
  /** How many shares to make (Vault's `parts`, `secret_shares`): 2..255. */
  shares: number;
  /** How many shares reconstruct the secret: 2..shares. */
  threshold: number;
  /** Where coefficients and x coordinates come from; the platform CSPRNG by default. */
  random?: RandomSource;
}

/** Splits `secret` into `shares` shares of `secret.length + 1` bytes, any `threshold` of which recover it. */
export function split(secret: Uint8Array, options: SplitOptions): Uint8Array[] {
  const random = checkSplitTypes(secret, options);
  const { shares, threshold } = options;
  checkSplitLimits(secret, shares, threshold);

  const length = secret.length;
  const degree = threshold - 1;
  // One read for everything: the x samples, then the coefficients, one row of `length` bytes per
  // power of x (row k holds c_(k+1) of every secret byte).
  const randomBytes = readRandom(random, X_SAMPLE_BYTES * shares + degree * length);
  try {
    const xs = chooseXCoordinates(shares, randomBytes.subarray(0, X_SAMPLE_BYTES * shares), random);
    const coefficients = randomBytes.subarray(X_SAMPLE_BYTES * shares);
    return evaluateShares(secret, coefficients, xs, degree);
  } finally {
    randomBytes.fill(0);
  }
}

function checkSplitTypes(secret: unknown, options: unknown): RandomSource {
  if (!(secret instanceof Uint8Array)) throw new TypeError('secret must be a Uint8Array');
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('options must be an object with shares and threshold');
  }
  const { shares, threshold, random } = options as Partial<SplitOptions>;
  if (!Number.isInteger(shares)) throw new TypeError('shares must be an integer');
  if (!Number.isInteger(threshold)) throw new TypeError('threshold must be an integer');
  if (random === undefined) return systemRandom;
  if (typeof random !== 'object' || random === null || typeof random.bytes !== 'function') {
    throw new TypeError('random must be a RandomSource with a bytes(n) method');
  }
  return random;
}

// Go's order: the parts/threshold relation first, so an empty secret with bad counts reports the counts.
function checkSplitLimits(secret: Uint8Array, parts: number, threshold: number): void {
  if (parts < threshold) throw new ShamirError(ERR_SHAMIR_PARTS_LT_THRESHOLD);
  if (parts > 255) throw new ShamirError(ERR_SHAMIR_PARTS_GT_255);
  if (threshold < 2) throw new ShamirError(ERR_SHAMIR_THRESHOLD_LT_2);
  if (threshold > 255) throw new ShamirError(ERR_SHAMIR_THRESHOLD_GT_255);
  if (secret.length === 0) throw new ShamirError(ERR_SHAMIR_EMPTY_SECRET);
}

/**
 * Evaluates every byte's polynomial at every x. `coefficients` is degree × length bytes,
 * coefficient-major. Works through the secret in blocks of words that fit the scratch buffer.
 */
function evaluateShares(secret: Uint8Array, coefficients: Uint8Array, xs: Uint8Array, degree: number): Uint8Array[] {
  const length = secret.length;
  const shares = new Array<Uint8Array>(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const share = new Uint8Array(length + SHARE_OVERHEAD);
    share[length] = xs[i]!;
    shares[i] = share;
  }
  const totalWords = (length + 3) >>> 2;
  // Per block word: eight doubling planes of the current coefficient, then one y word per share.
  const block = blockWords(8 + xs.length, totalWords);
  const powers = new Array<number>(xs.length);
  try {
    for (let first = 0; first < totalWords; first += block) {
      const from = first * 4;
      const to = Math.min(length, from + block * 4);
      evaluateBlock(secret.subarray(from, to), coefficients, from, xs, degree, powers, block);
      for (let i = 0; i < xs.length; i++) copyOut(shares[i]!, from, (8 + i) * block * 4, to - from);
    }
  } finally {
    releaseScratch((8 + xs.length) * block);
  }
  return shares;
}

/** Copies `count` scratch bytes from `at` into `share` at `offset` (a byte loop beats set() when short). */
function copyOut(share: Uint8Array, offset: number, at: number, count: number): void {
  if (count > 64) {
    share.set(scratchBytes.subarray(at, at + count), offset);
    return;
  }
  for (let i = 0; i < count; i++) share[offset + i] = scratchBytes[at + i]!;
}

/**
 * One block: share i's y words (scratch rows 8+i) become s + Σ_k c_k·x_i^k. Each secret coefficient
 * word is doubled seven times (rows 0..7) once; the public x_i^k then only selects which doublings
 * are XORed in, through eight word masks.
 */
function evaluateBlock(secretPart: Uint8Array, coefficients: Uint8Array, offset: number, xs: Uint8Array,
  degree: number, powers: number[], block: number): void {
  const length = coefficients.length / degree;
  const bytes = secretPart.length;
  const used = (bytes + 3) >>> 2;
  const yRow = 8 * block;
  loadRow(secretPart, yRow, used);
  for (let i = 1; i < xs.length; i++) scratchWords.copyWithin(yRow + i * block, yRow, yRow + used);
  powers.fill(1);
  for (let k = 0; k < degree; k++) {
    loadRow(coefficients.subarray(k * length + offset, k * length + offset + bytes), 0, used);
    fillDoublings(block, used);
    // Shares two at a time, so each doubling word loaded serves both; an odd last share is paired
    // with itself under a zero multiplier, which adds nothing.
    for (let i = 0; i < xs.length; i += 2) {
      const first = gfMul(powers[i]!, xs[i]!);
      powers[i] = first;
      const paired = i + 1 < xs.length;
      const second = paired ? gfMul(powers[i + 1]!, xs[i + 1]!) : 0;
      if (paired) powers[i + 1] = second;
      const row = yRow + i * block;
      addMultiples(block, used, row, first, paired ? row + block : row, second);
    }
  }
}

/** Copies bytes into scratch from word `row` on, zeroing first the last word they partly fill. */
function loadRow(source: Uint8Array, row: number, used: number): void {
  scratchWords[row + used - 1] = 0;
  scratchBytes.set(source, row * 4);
}

/** Rows 1..7 of the scratch become row 0 times x, x^2, …, x^7, word by word. */
function fillDoublings(block: number, used: number): void {
  const work = scratchWords;
  for (let b = 1; b < 8; b++) {
    for (let w = 0, from = (b - 1) * block, to = b * block; w < used; w++) work[to + w] = xtime4(work[from + w]!);
  }
}

/** Adds (row 0)·a into the words at rowA and (row 0)·b into those at rowB, using the doubling rows. */
function addMultiples(block: number, used: number, rowA: number, a: number, rowB: number, b: number): void {
  const work = scratchWords;
  const a0 = -(a & 1), a1 = -((a >> 1) & 1), a2 = -((a >> 2) & 1), a3 = -((a >> 3) & 1);
  const a4 = -((a >> 4) & 1), a5 = -((a >> 5) & 1), a6 = -((a >> 6) & 1), a7 = -(a >>> 7);
  const b0 = -(b & 1), b1 = -((b >> 1) & 1), b2 = -((b >> 2) & 1), b3 = -((b >> 3) & 1);
  const b4 = -((b >> 4) & 1), b5 = -((b >> 5) & 1), b6 = -((b >> 6) & 1), b7 = -(b >>> 7);
  for (let w = 0; w < used; w++) {
    const v0 = work[w]!, v1 = work[block + w]!, v2 = work[2 * block + w]!, v3 = work[3 * block + w]!;
    const v4 = work[4 * block + w]!, v5 = work[5 * block + w]!, v6 = work[6 * block + w]!, v7 = work[7 * block + w]!;
    work[rowA + w] ^= (v0 & a0) ^ (v1 & a1) ^ (v2 & a2) ^ (v3 & a3) ^ (v4 & a4) ^ (v5 & a5) ^ (v6 & a6) ^ (v7 & a7);
    work[rowB + w] ^= (v0 & b0) ^ (v1 & b1) ^ (v2 & b2) ^ (v3 & b3) ^ (v4 & b4) ^ (v5 & b5) ^ (v6 & b6) ^ (v7 & b7);
  }
}
