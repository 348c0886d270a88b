// GF(2^8) with the AES reduction polynomial x^8+x^4+x^3+x+1 (0x11B): the field of Vault's shamir
// package (hashicorp/vault shamir/shamir.go, openbao sdk/helper/shamir/shamir.go `mult`, `inverse`).
//
// Everything here is constant-time with respect to its operands: no branches on them and no table
// indexed by them (the log/exp tables Vault used before PR #19495 leak through the cache). Bulk work
// uses SWAR: four field elements packed in one 32-bit word, one per byte, doubled together.

/** Product of two field elements: shift-and-add over the bits of `b`, most significant first. */
export function gfMul(a: number, b: number): number {
  // Each step doubles r (folding the x^8 term back in as 0x1B) and adds a when that bit of b is set.
  let r = -((b >> 7) & 1) & a;
  r = ((r << 1) & 0xff) ^ (-(r >> 7) & 0x1b) ^ (-((b >> 6) & 1) & a);
  r = ((r << 1) & 0xff) ^ (-(r >> 7) & 0x1b) ^ (-((b >> 5) & 1) & a);
  r = ((r << 1) & 0xff) ^ (-(r >> 7) & 0x1b) ^ (-((b >> 4) & 1) & a);
  r = ((r << 1) & 0xff) ^ (-(r >> 7) & 0x1b) ^ (-((b >> 3) & 1) & a);
  r = ((r << 1) & 0xff) ^ (-(r >> 7) & 0x1b) ^ (-((b >> 2) & 1) & a);
  r = ((r << 1) & 0xff) ^ (-(r >> 7) & 0x1b) ^ (-((b >> 1) & 1) & a);
  return ((r << 1) & 0xff) ^ (-(r >> 7) & 0x1b) ^ (-(b & 1) & a);
}

/** Multiplicative inverse as a^254 (a fixed chain, so inverse(0) = 0 as in Go). */
export function gfInv(a: number): number {
  // a^(2^k - 1) for k = 1..7 by r <- r^2 * a, then one more squaring: a^254 = (a^127)^2
  let r = a;
  for (let k = 0; k < 6; k++) r = gfMul(gfMul(r, r), a);
  return gfMul(r, r);
}

/** Quotient a / b; b must not be 0 (Combine rules that out by rejecting duplicate x tags). */
export function gfDiv(a: number, b: number): number {
  return gfMul(a, gfInv(b));
}

const LOW7 = 0x7f7f7f7f;
const LOW1 = 0x01010101;

/** Doubles each of the four packed field elements of `v` (multiplies each by x). */
export function xtime4(v: number): number {
  return ((v & LOW7) << 1) ^ Math.imul((v >>> 7) & LOW1, 0x1b);
}

/**
 * Appends the eight bit masks of the field element `c` to `out`: mask b is all ones (-1) when bit b
 * of c is set, else 0. Multiplying a packed word v by c is then XOR over b of (v·x^b) & mask_b, with
 * no branch on c or v.
 */
export function pushBitMasks(c: number, out: number[]): void {
  for (let b = 0; b < 8; b++) out.push(-((c >> b) & 1) | 0); // | 0: -0 would make the array hold doubles
}
