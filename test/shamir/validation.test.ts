// Bad input: Vault's checks in Vault's order and words (beyond the vector cases), TypeErrors for
// values Go's types would not allow, failing random sources, and no secret bytes in any message.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { combine, split, ShamirError } from '../../src/shamir/index.js';
import {
  ERR_SHAMIR_DUPLICATE_PART, ERR_SHAMIR_EMPTY_SECRET, ERR_SHAMIR_LESS_THAN_TWO_PARTS, ERR_SHAMIR_PARTS_GT_255,
  ERR_SHAMIR_PARTS_LT_THRESHOLD, ERR_SHAMIR_PART_LENGTH_MISMATCH, ERR_SHAMIR_PART_TOO_SHORT, ERR_SHAMIR_THRESHOLD_LT_2,
} from '../../src/errors/shamir.js';
import { SeededRandom } from '../../src/util/random.js';
import { toHex } from './helpers.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('split refuses', () => {
  it('counts in Go\'s order, before looking at the secret', () => {
    const cases: [number, number, Uint8Array, string][] = [
      [2, 3, new Uint8Array(0), ERR_SHAMIR_PARTS_LT_THRESHOLD],
      [-1, 2, new Uint8Array(1), ERR_SHAMIR_PARTS_LT_THRESHOLD],
      [256, 256, new Uint8Array(1), ERR_SHAMIR_PARTS_GT_255],
      [5, -3, new Uint8Array(0), ERR_SHAMIR_THRESHOLD_LT_2],
      [2, 2, new Uint8Array(0), ERR_SHAMIR_EMPTY_SECRET],
    ];
    for (const [shares, threshold, secret, message] of cases) {
      const error = thrown(() => split(secret, { shares, threshold }));
      expect(error).toBeInstanceOf(ShamirError);
      expect(error).toMatchObject({ name: 'ShamirError', message });
    }
  });

  it('values Go\'s types could not hold, with a TypeError naming the argument', () => {
    const secret = new Uint8Array([1, 2]);
    expect(() => split('secret' as unknown as Uint8Array, { shares: 3, threshold: 2 })).toThrow(new TypeError('secret must be a Uint8Array'));
    expect(() => split([1, 2] as unknown as Uint8Array, { shares: 3, threshold: 2 })).toThrow(TypeError);
    expect(() => split(secret, undefined as never)).toThrow(TypeError);
    expect(() => split(secret, { shares: 3.5, threshold: 2 })).toThrow(new TypeError('shares must be an integer'));
    expect(() => split(secret, { shares: 3, threshold: NaN })).toThrow(new TypeError('threshold must be an integer'));
    expect(() => split(secret, { shares: '3', threshold: 2 } as never)).toThrow(TypeError);
    expect(() => split(secret, { shares: 3, threshold: 2, random: {} as never })).toThrow(TypeError);
  });

  it('a failing random source with Go\'s polynomial error, keeping the cause', () => {
    const failure = new Error('entropy pool unavailable');
    const error = thrown(() => split(new Uint8Array([1]), { shares: 2, threshold: 2, random: { bytes: () => { throw failure; } } }));
    expect(error).toBeInstanceOf(ShamirError);
    expect(error).toMatchObject({ message: 'failed to generate polynomial: entropy pool unavailable', cause: failure });
  });

  it('a short read as Go\'s io.ReadFull would report it', () => {
    const error = thrown(() => split(new Uint8Array([1, 2]), { shares: 3, threshold: 2, random: { bytes: (n) => new Uint8Array(n - 1) } }));
    expect(error).toMatchObject({ name: 'ShamirError', message: 'failed to generate polynomial: unexpected EOF' });
  });

  it('accepts a Buffer as the secret', () => {
    const parts = split(Buffer.from('hello'), { shares: 3, threshold: 2 });
    expect(Buffer.from(combine(parts.slice(1))).toString()).toBe('hello');
  });
});

describe('combine refuses', () => {
  const a = Uint8Array.from([1, 2, 3, 9]);
  const b = Uint8Array.from([4, 5, 6, 10]);

  it('in Go\'s order: count, first length, other lengths, duplicate tags', () => {
    expect(() => combine([])).toThrow(new ShamirError(ERR_SHAMIR_LESS_THAN_TWO_PARTS));
    expect(() => combine([a])).toThrow(new ShamirError(ERR_SHAMIR_LESS_THAN_TWO_PARTS));
    expect(() => combine([Uint8Array.of(1), a])).toThrow(new ShamirError(ERR_SHAMIR_PART_TOO_SHORT));
    expect(() => combine([a, b.subarray(1)])).toThrow(new ShamirError(ERR_SHAMIR_PART_LENGTH_MISMATCH));
    expect(() => combine([a, a, b.subarray(1)])).toThrow(new ShamirError(ERR_SHAMIR_PART_LENGTH_MISMATCH));
    expect(() => combine([a, b, Uint8Array.from([7, 7, 7, 9])])).toThrow(new ShamirError(ERR_SHAMIR_DUPLICATE_PART));
  });

  it('non-arrays and non-byte parts with a TypeError naming the position', () => {
    expect(() => combine('ab' as never)).toThrow(new TypeError('shares must be an array of Uint8Array'));
    expect(() => combine([a, [4, 5, 6, 10]] as never)).toThrow(new TypeError('shares[1] must be a Uint8Array'));
    expect(() => combine([a, 'x'] as never)).toThrow(TypeError);
  });

  it('without touching the parts it was given', () => {
    const parts = [a.slice(), b.slice(), a.slice()];
    expect(() => combine(parts)).toThrow(ShamirError);
    expect(parts.map(toHex)).toEqual([a, b, a].map(toHex));
  });
});

describe('error messages', () => {
  it('never contain secret or share bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 4, maxLength: 16 }), fc.integer({ min: -3, max: 300 }), fc.integer({ min: -3, max: 300 }),
      (secret, shares, threshold) => {
        const messages: string[] = [];
        try { split(secret, { shares, threshold, random: new SeededRandom(1) }); } catch (e) { messages.push((e as Error).message); }
        const parts = split(secret, { shares: 3, threshold: 2, random: new SeededRandom(2) });
        try { combine([parts[0]!, parts[0]!]); } catch (e) { messages.push((e as Error).message); }
        try { combine([parts[0]!, parts[1]!.subarray(1)]); } catch (e) { messages.push((e as Error).message); }
        const leaks = [secret, ...parts].map(toHex);
        for (const message of messages) for (const leak of leaks) expect(message).not.toContain(leak);
        expect(messages.length).toBeGreaterThanOrEqual(2);
      }), { numRuns: 200 });
  });
});
