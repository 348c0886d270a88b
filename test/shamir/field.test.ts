// The field is a field: the algebraic laws Lagrange interpolation relies on, checked against an
// independent schoolbook multiply, and the SWAR doubling against the scalar one.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { gfDiv, gfInv, gfMul, pushBitMasks, xtime4 } from '../../src/shamir/field.js';
import { referenceMul } from './helpers.js';

const element = fc.integer({ min: 0, max: 255 });
const nonZero = fc.integer({ min: 1, max: 255 });

describe('GF(2^8) arithmetic', () => {
  it('agrees with schoolbook carry-less multiplication reduced by 0x11B', () => {
    fc.assert(fc.property(element, element, (a, b) => gfMul(a, b) === referenceMul(a, b)), { numRuns: 2000 });
  });

  it('multiplies commutatively and associatively, with 1 as identity and 0 as absorber', () => {
    fc.assert(fc.property(element, element, element, (a, b, c) => {
      expect(gfMul(a, b)).toBe(gfMul(b, a));
      expect(gfMul(gfMul(a, b), c)).toBe(gfMul(a, gfMul(b, c)));
      expect(gfMul(a, 1)).toBe(a);
      expect(gfMul(a, 0)).toBe(0);
    }), { numRuns: 1000 });
  });

  it('distributes multiplication over addition (XOR)', () => {
    fc.assert(fc.property(element, element, element, (a, b, c) => gfMul(a, b ^ c) === (gfMul(a, b) ^ gfMul(a, c))), { numRuns: 1000 });
  });

  it('has a unique inverse for every non-zero element, and division undoes multiplication', () => {
    fc.assert(fc.property(nonZero, element, (a, b) => {
      expect(gfMul(a, gfInv(a))).toBe(1);
      expect(gfDiv(gfMul(b, a), a)).toBe(b);
    }), { numRuns: 1000 });
    const inverses = new Set(Array.from({ length: 255 }, (_, i) => gfInv(i + 1)));
    expect(inverses.size).toBe(255);
  });

  it('doubles four packed elements at once exactly as four scalar multiplications by 2', () => {
    fc.assert(fc.property(fc.array(element, { minLength: 4, maxLength: 4 }), (bytes) => {
      const packed = bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24);
      const doubled = xtime4(packed);
      for (let lane = 0; lane < 4; lane++) expect((doubled >>> (8 * lane)) & 0xff).toBe(gfMul(bytes[lane]!, 2));
    }), { numRuns: 1000 });
  });

  it('turns an element into eight word masks that select its set bits', () => {
    fc.assert(fc.property(element, (c) => {
      const masks: number[] = [];
      pushBitMasks(c, masks);
      expect(masks).toEqual(Array.from({ length: 8 }, (_, b) => ((c >> b) & 1 ? -1 : 0)));
    }), { numRuns: 256 });
  });
});
