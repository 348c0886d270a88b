// The randomness a split consumes: reading the injected RandomSource the way Go's Split reads
// crypto/rand (a failed or short read is "failed to generate polynomial: ..."), and choosing the x
// coordinates as a uniform random arrangement of 1..255.
//
// Vault (hashicorp/vault shamir/shamir.go) takes x from math/rand's Perm(255), uniform but not a
// CSPRNG; OpenBao (sdk/helper/shamir/shamir.go, since PR #210) uses crypto/rand but shuffles with
// Sattolo's algorithm, which never leaves an element in place and so is not uniform. minivault does
// a partial Fisher–Yates with unbiased (rejection) sampling from the injected source.
import type { RandomSource } from '../util/random.js';
import { ERR_SHAMIR_UNEXPECTED_EOF, ShamirError, errShamirPolynomial } from '../errors/shamir.js';

/** Reads exactly `n` bytes from `random`, turning a throw or a short read into Go's error. */
export function readRandom(random: RandomSource, n: number): Uint8Array {
  let bytes: unknown;
  try {
    bytes = random.bytes(n);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ShamirError(errShamirPolynomial(reason), { cause });
  }
  if (!(bytes instanceof Uint8Array) || bytes.length < n) {
    throw new ShamirError(errShamirPolynomial(ERR_SHAMIR_UNEXPECTED_EOF));
  }
  return bytes.length === n ? bytes : bytes.subarray(0, n);
}

/** Random bytes consumed per x coordinate: a 32-bit sample makes rejection all but never happen. */
export const X_SAMPLE_BYTES = 4;
const TWO_POW_32 = 0x1_0000_0000;
// Reused between calls (a fresh 255-byte typed array costs more than the whole shuffle); refilled
// with 1..255 every time so that the result depends on the random bytes only.
const arrangement = new Uint8Array(255);

/**
 * Picks `count` distinct non-zero x coordinates, each ordered selection of 1..255 equally likely.
 * `pool` holds the pre-read samples (X_SAMPLE_BYTES per coordinate); should rejection sampling use
 * them up, more are read from `random`.
 */
export function chooseXCoordinates(count: number, pool: Uint8Array, random: RandomSource): Uint8Array {
  const xs = arrangement;
  for (let i = 0; i < 255; i++) xs[i] = i + 1;
  let source = pool;
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const range = 255 - i;
    // Largest multiple of `range` within 2^32: samples at or above it would favour small offsets.
    const limit = TWO_POW_32 - (TWO_POW_32 % range);
    let sample: number;
    do {
      if (pos + X_SAMPLE_BYTES > source.length) {
        source = readRandom(random, X_SAMPLE_BYTES * (count - i));
        pos = 0;
      }
      sample = (source[pos]! | (source[pos + 1]! << 8) | (source[pos + 2]! << 16) | (source[pos + 3]! << 24)) >>> 0;
      pos += X_SAMPLE_BYTES;
    } while (sample >= limit);
    const j = i + (sample % range);
    const picked = xs[j]!;
    xs[j] = xs[i]!;
    xs[i] = picked;
  }
  return xs.slice(0, count);
}
