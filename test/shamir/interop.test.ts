// Differential check against `shamir-secret-sharing` (audited TypeScript, same share layout as
// Vault): it combines our shares and we combine its shares, for random secrets and (t, n) up to
// (255, 255). Its combine is O(length · n²) table work, so long secrets go with small thresholds.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as reference from 'shamir-secret-sharing';
import { combine, split } from '../../src/shamir/index.js';
import { SeededRandom } from '../../src/util/random.js';
import { toHex } from './helpers.js';

const shape = fc.integer({ min: 2, max: 255 }).chain((threshold) => fc.record({
  threshold: fc.constant(threshold),
  shares: fc.integer({ min: threshold, max: 255 }),
  secret: fc.uint8Array({ minLength: 1, maxLength: threshold > 40 ? 3 : 48 }),
  seed: fc.integer(),
  order: fc.integer(),
}));

/** `threshold` of the shares, picked and ordered by the seed. */
function quorum(shares: Uint8Array[], threshold: number, seed: number): Uint8Array[] {
  const pool = [...shares];
  const random = new SeededRandom(`quorum-${seed}`).bytes(pool.length * 2);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = ((random[2 * i]! << 8) | random[2 * i + 1]!) % (i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, threshold);
}

describe('interoperability with shamir-secret-sharing', () => {
  it('lets it combine shares we split', async () => {
    await fc.assert(fc.asyncProperty(shape, async ({ threshold, shares, secret, seed, order }) => {
      const ours = split(secret, { shares, threshold, random: new SeededRandom(seed) });
      expect(toHex(await reference.combine(quorum(ours, threshold, order)))).toBe(toHex(secret));
    }), { numRuns: 40 });
  });

  it('combines shares it split', async () => {
    await fc.assert(fc.asyncProperty(shape, async ({ threshold, shares, secret, order }) => {
      const theirs = await reference.split(secret, shares, threshold);
      expect(toHex(combine(quorum(theirs, threshold, order)))).toBe(toHex(secret));
    }), { numRuns: 40 });
  });

  it('agrees with it on (255, 255) in both directions', async () => {
    const secret = new SeededRandom('full').bytes(4);
    const ours = split(secret, { shares: 255, threshold: 255 });
    const theirs = await reference.split(secret, 255, 255);
    expect(toHex(await reference.combine(ours))).toBe(toHex(secret));
    expect(toHex(combine([...theirs].reverse()))).toBe(toHex(secret));
  });

  it('gives the same wrong answer as it for below-threshold subsets', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 32 }), fc.integer({ min: 3, max: 8 }), fc.integer(),
      async (secret, threshold, seed) => {
        const ours = split(secret, { shares: threshold + 2, threshold, random: new SeededRandom(seed) });
        const few = quorum(ours, threshold - 1, seed);
        expect(toHex(combine(few))).toBe(toHex(await reference.combine(few)));
      }), { numRuns: 60 });
  });
});
