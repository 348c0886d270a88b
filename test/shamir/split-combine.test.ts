// split/combine as an algebraic pair: any threshold of the shares (or more, in any order) give the
// secret back; the shares have Vault's layout; the evaluation is exactly polynomial evaluation with
// the coefficients drawn in one random call; the x coordinates are a uniform arrangement.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { combine, split, SHARE_OVERHEAD } from '../../src/shamir/index.js';
import { SeededRandom } from '../../src/util/random.js';
import { scratchWords } from '../../src/shamir/scratch.js';
import { RecordingRandom, ScriptedRandom, referenceEvaluate, toHex } from './helpers.js';

/** (secret, threshold, shares, a pick of ≥ threshold share indices in some order). */
const scenario = fc
  .record({
    secret: fc.uint8Array({ minLength: 1, maxLength: 80 }),
    threshold: fc.integer({ min: 2, max: 12 }),
    extra: fc.integer({ min: 0, max: 8 }),
    seed: fc.integer(),
  })
  .chain(({ secret, threshold, extra, seed }) => {
    const shares = threshold + extra;
    return fc.record({
      secret: fc.constant(secret),
      threshold: fc.constant(threshold),
      shares: fc.constant(shares),
      seed: fc.constant(seed),
      pick: fc.integer({ min: threshold, max: shares })
        .chain((k) => fc.shuffledSubarray([...Array(shares).keys()], { minLength: k, maxLength: k }))
        .chain((subset) => fc.shuffledSubarray(subset, { minLength: subset.length, maxLength: subset.length })),
    });
  });

describe('split and combine', () => {
  it('reconstructs the secret from any threshold or more shares, in any order', () => {
    fc.assert(fc.property(scenario, ({ secret, threshold, shares, seed, pick }) => {
      const parts = split(secret, { shares, threshold, random: new SeededRandom(seed) });
      expect(toHex(combine(pick.map((i) => parts[i]!)))).toBe(toHex(secret));
    }), { numRuns: 300 });
  });

  it('makes shares of secret length + 1 whose last bytes are distinct non-zero x tags', () => {
    fc.assert(fc.property(scenario, ({ secret, threshold, shares, seed }) => {
      const parts = split(secret, { shares, threshold, random: new SeededRandom(seed) });
      expect(parts).toHaveLength(shares);
      const xs = parts.map((p) => {
        expect(p).toBeInstanceOf(Uint8Array);
        expect(p.length).toBe(secret.length + SHARE_OVERHEAD);
        return p[p.length - 1]!;
      });
      expect(xs.every((x) => x !== 0)).toBe(true);
      expect(new Set(xs).size).toBe(shares);
    }), { numRuns: 200 });
  });

  it('is deterministic for a seeded source and varies with the seed', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer(), (secret, seed) => {
      const a = split(secret, { shares: 5, threshold: 3, random: new SeededRandom(seed) }).map(toHex);
      const b = split(secret, { shares: 5, threshold: 3, random: new SeededRandom(seed) }).map(toHex);
      const c = split(secret, { shares: 5, threshold: 3, random: new SeededRandom(seed + 1) }).map(toHex);
      expect(a).toEqual(b);
      expect(c).not.toEqual(a);
    }), { numRuns: 100 });
  });

  it('evaluates each byte\'s polynomial with coefficients from a single random call', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 70 }), fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 6 }),
      fc.integer(), (secret, threshold, extra, seed) => {
        const shares = threshold + extra;
        const random = new RecordingRandom(seed);
        const parts = split(secret, { shares, threshold, random });
        expect(random.calls).toHaveLength(1); // a 32-bit sample is rejected with odds below 2^-24
        const bytes = random.calls[0]!;
        const length = secret.length;
        expect(bytes.length).toBe(4 * shares + (threshold - 1) * length);
        const coefficients = bytes.subarray(4 * shares); // coefficient-major: row k holds c_(k+1) of every byte
        for (const part of parts) {
          const x = part[length]!;
          for (let p = 0; p < length; p++) {
            const poly = [secret[p]!];
            for (let k = 0; k < threshold - 1; k++) poly.push(coefficients[k * length + p]!);
            expect(part[p]).toBe(referenceEvaluate(poly, x));
          }
        }
      }), { numRuns: 100 });
  });

  it('handles secrets that span several scratch blocks, with lengths not a multiple of four', () => {
    for (const length of [4 * 2520 - 1, 4 * 2520 + 1, 3 * 4 * 8192 + 3, 100_003]) {
      const random = new SeededRandom(length);
      const secret = random.bytes(length);
      const parts = split(secret, { shares: 5, threshold: 3, random });
      expect(toHex(combine([parts[4]!, parts[0]!, parts[2]!]))).toBe(toHex(secret));
      expect(toHex(combine(parts))).toBe(toHex(secret));
    }
  });

  it('handles many shares with a high threshold', () => {
    const secret = new SeededRandom('wide').bytes(33);
    const parts = split(secret, { shares: 255, threshold: 255, random: new SeededRandom('wide') });
    expect(new Set(parts.map((p) => p[33])).size).toBe(255);
    expect(toHex(combine([...parts].reverse()))).toBe(toHex(secret));
    expect(toHex(combine(parts.slice(1)))).not.toBe(toHex(secret));
  });

  it('leaves no secret bytes in its working memory', () => {
    const secret = new Uint8Array(5000).fill(0xa5);
    const parts = split(secret, { shares: 7, threshold: 4 });
    expect(scratchWords.every((w) => w === 0)).toBe(true);
    combine(parts.slice(2, 6));
    expect(scratchWords.every((w) => w === 0)).toBe(true);
  });

  it('zeroes the random bytes it consumed', () => {
    const random = new SeededRandom(9);
    let handedOut: Uint8Array | undefined;
    split(new Uint8Array([1, 2, 3]), { shares: 3, threshold: 2, random: { bytes: (n) => (handedOut = random.bytes(n)) } });
    expect(handedOut!.every((b) => b === 0)).toBe(true);
  });
});

describe('choosing x coordinates', () => {
  it('draws again when a 32-bit sample falls in the biased tail, reading more randomness only then', () => {
    // Share 0 chooses among 255 positions: samples ≥ 2^32 − (2^32 mod 255) = 0xffffffff are rejected.
    const first = new Uint8Array(4 * 2 + 1); // two x samples, then one coefficient byte
    first.set([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
    const refill = new Uint8Array([7, 0, 0, 0]);
    const random = new ScriptedRandom([first, refill]);
    const parts = split(new Uint8Array([42]), { shares: 2, threshold: 2, random });
    // Share 0 falls back on the second sample (0: keeps position 0, x = 1); share 1 then finds the
    // pool empty, reads one more sample (7) and takes position 1 + 7 of 1..255, x = 9.
    expect(random.requests).toEqual([9, 4]);
    expect(parts.map((p) => p[1])).toEqual([1, 9]);
    expect(combine(parts)).toEqual(new Uint8Array([42]));
  });

  it('gives every x to the first share about equally often', () => {
    const random = new SeededRandom('uniform');
    const counts = new Array<number>(256).fill(0);
    const rounds = 255 * 60;
    for (let i = 0; i < rounds; i++) counts[split(new Uint8Array([1]), { shares: 2, threshold: 2, random })[0]![1]!]++;
    expect(counts[0]).toBe(0);
    const expected = rounds / 255;
    const chiSquare = counts.slice(1).reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 254 degrees of freedom: mean 254, sd ≈ 22.5; a biased shuffle lands far above 400.
    expect(chiSquare).toBeLessThan(400);
  });

  it('leaves share k at x = k+1 sometimes, unlike Sattolo\'s shuffle in OpenBao', () => {
    const random = new SeededRandom('fixed-points');
    let fixedPoints = 0;
    for (let i = 0; i < 40; i++) {
      split(new Uint8Array([1]), { shares: 255, threshold: 2, random }).forEach((p, k) => { if (p[1] === k + 1) fixedPoints++; });
    }
    expect(fixedPoints).toBeGreaterThan(10); // about 40 expected; Sattolo always gives 0
  });
});
