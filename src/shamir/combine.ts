// Combine: Vault's shamir.Combine (hashicorp/vault shamir/shamir.go, openbao
// sdk/helper/shamir/shamir.go). Lagrange interpolation at x = 0 over the shares given, in the order
// given, at every byte position. Same checks, order and words as Go; like Go it cannot know
// the threshold, so too few shares silently give wrong bytes, and an x tag of 0 is accepted.
//
// How it is computed: the weight of share i, w_i = Π_{j≠i} x_j / (x_i + x_j), depends on the x tags
// only and is computed once per share (constant-time multiply and inverse). Each output word
// (four bytes, SWAR) is Σ_i w_i·y_i = Σ_b x^b·(Σ_i y_i & mask_{i,b}): AND/XOR per share and seven
// doublings per word, with no branch or lookup on share bytes.
import {
  ERR_SHAMIR_DUPLICATE_PART, ERR_SHAMIR_LESS_THAN_TWO_PARTS, ERR_SHAMIR_PART_LENGTH_MISMATCH,
  ERR_SHAMIR_PART_TOO_SHORT, ShamirError,
} from '../errors/shamir.js';
import { gfInv, gfMul, pushBitMasks, xtime4 } from './field.js';
import { blockWords, releaseScratch, scratchBytes, scratchWords } from './scratch.js';

/** Reconstructs the secret from shares made by `split` (or by Vault); needs at least `threshold` of them. */
export function combine(shares: readonly Uint8Array[]): Uint8Array {
  checkCombineTypes(shares);
  checkCombineLimits(shares);
  const xs = shares.map((share) => share[share.length - 1]!);
  const masks: number[] = [];
  for (const weight of lagrangeWeightsAtZero(xs)) pushBitMasks(weight, masks);
  return interpolate(shares, masks);
}

function checkCombineTypes(shares: unknown): asserts shares is readonly Uint8Array[] {
  if (!Array.isArray(shares)) throw new TypeError('shares must be an array of Uint8Array');
  for (let i = 0; i < shares.length; i++) {
    if (!(shares[i] instanceof Uint8Array)) throw new TypeError(`shares[${i}] must be a Uint8Array`);
  }
}

function checkCombineLimits(shares: readonly Uint8Array[]): void {
  if (shares.length < 2) throw new ShamirError(ERR_SHAMIR_LESS_THAN_TWO_PARTS);
  const partLength = shares[0]!.length;
  if (partLength < 2) throw new ShamirError(ERR_SHAMIR_PART_TOO_SHORT);
  for (let i = 1; i < shares.length; i++) {
    if (shares[i]!.length !== partLength) throw new ShamirError(ERR_SHAMIR_PART_LENGTH_MISMATCH);
  }
  // x tags are public (they travel in the clear in every share); Go checks them with a map too.
  const seen = [0, 0, 0, 0, 0, 0, 0, 0]; // 256 bits, one per possible tag
  for (const share of shares) {
    const x = share[partLength - 1]!;
    const bit = 1 << (x & 31);
    if (seen[x >> 5]! & bit) throw new ShamirError(ERR_SHAMIR_DUPLICATE_PART);
    seen[x >> 5]! |= bit;
  }
}

/** w_i = Π_{j≠i} x_j / (x_i ^ x_j): the Lagrange basis polynomials of the xs, evaluated at 0. */
export function lagrangeWeightsAtZero(xs: readonly number[]): number[] {
  const count = xs.length;
  // Numerators Π_{j≠i} x_j as (product of the xs before i) · (product after i): 3n multiplications.
  const weights = new Array<number>(count);
  let product = 1;
  for (let i = count - 1; i >= 0; i--) {
    weights[i] = product;
    product = gfMul(product, xs[i]!);
  }
  product = 1;
  for (let i = 0; i < count; i++) {
    weights[i] = gfMul(weights[i]!, product);
    product = gfMul(product, xs[i]!);
  }
  // Denominators Π_{j≠i} (x_i ^ x_j), all inverted with one inversion (Montgomery's trick): keep
  // their running products, invert the last, and peel one denominator off per step back.
  const denominators = new Array<number>(count);
  const running = new Array<number>(count);
  product = 1;
  for (let i = 0; i < count; i++) {
    let denominator = 1;
    for (let j = 0; j < count; j++) {
      if (j !== i) denominator = gfMul(denominator, xs[i]! ^ xs[j]!);
    }
    denominators[i] = denominator;
    running[i] = product;
    product = gfMul(product, denominator);
  }
  let inverse = gfInv(product); // 1 / (d_0 · … · d_{count-1})
  for (let i = count - 1; i >= 0; i--) {
    weights[i] = gfMul(weights[i]!, gfMul(inverse, running[i]!)); // running[i] / (d_0 · … · d_i) = 1/d_i
    inverse = gfMul(inverse, denominators[i]!);
  }
  return weights;
}

/** Σ_i w_i·y_i for every byte position; masks[i*8+b] holds bit b of w_i as a word mask. */
function interpolate(shares: readonly Uint8Array[], masks: readonly number[]): Uint8Array {
  const length = shares[0]!.length - 1;
  const secret = new Uint8Array(length);
  const totalWords = (length + 3) >>> 2;
  // Per block word: one word of each share's y bytes, then the output word.
  const block = blockWords(shares.length + 1, totalWords);
  try {
    for (let first = 0; first < totalWords; first += block) {
      const from = first * 4;
      const to = Math.min(length, from + block * 4);
      interpolateBlock(shares, masks, from, to, block);
      const out = shares.length * block * 4;
      secret.set(scratchBytes.subarray(out, out + to - from), from);
    }
  } finally {
    releaseScratch((shares.length + 1) * block);
  }
  return secret;
}

/** Bytes from..to of the secret into scratch row `shares.length` (rows 0.. hold the shares' y words). */
function interpolateBlock(shares: readonly Uint8Array[], masks: readonly number[], from: number, to: number, block: number): void {
  const count = shares.length;
  const used = (to - from + 3) >>> 2;
  const work = scratchWords;
  for (let i = 0; i < count; i++) {
    work[i * block + used - 1] = 0; // a short last block leaves stale bytes in its last word otherwise
    scratchBytes.set(shares[i]!.subarray(from, to), i * block * 4);
  }
  const outRow = count * block;
  for (let w = 0; w < used; w++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let i = 0, y = w, m = 0; i < count; i++, y += block, m += 8) {
      const v = work[y]!;
      s0 ^= v & masks[m]!; s1 ^= v & masks[m + 1]!; s2 ^= v & masks[m + 2]!; s3 ^= v & masks[m + 3]!;
      s4 ^= v & masks[m + 4]!; s5 ^= v & masks[m + 5]!; s6 ^= v & masks[m + 6]!; s7 ^= v & masks[m + 7]!;
    }
    // Horner over the bit planes: s0 + x·(s1 + x·(s2 + … + x·s7))
    let r = s7;
    r = xtime4(r) ^ s6; r = xtime4(r) ^ s5; r = xtime4(r) ^ s4; r = xtime4(r) ^ s3;
    r = xtime4(r) ^ s2; r = xtime4(r) ^ s1; r = xtime4(r) ^ s0;
    work[outRow + w] = r;
  }
}
