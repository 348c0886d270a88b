// Go's own Split/Combine outputs (test/vectors/shamir-vault.json, provenance in its README): every
// recorded combination, every below-threshold result, every error string, the edge cases Combine
// accepts, and the full multiply and inverse tables of the field.
import { describe, it, expect } from 'vitest';
import { combine, split, ShamirError } from '../../src/shamir/index.js';
import { gfInv, gfMul } from '../../src/shamir/field.js';
import { fromHex, loadVectors, toHex } from './helpers.js';

const vectors = loadVectors();

describe('the GF(2^8) field against the Go tables', () => {
  it('multiplies exactly as Go mult does for all 65,536 pairs', () => {
    const table = fromHex(vectors.field.mul_table_hex);
    expect(table.length).toBe(65536);
    const mismatches: string[] = [];
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) if (gfMul(a, b) !== table[a * 256 + b]) mismatches.push(`${a}*${b}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('inverts exactly as Go inverse does for all 256 bytes, including inverse(0) = 0', () => {
    const table = fromHex(vectors.field.inv_table_hex);
    expect(table.length).toBe(256);
    expect(Array.from({ length: 256 }, (_, a) => gfInv(a))).toEqual(Array.from(table));
  });
});

describe('Combine on Go-made shares', () => {
  it.each(vectors.cases.map((c) => [c.id, c] as const))('%s: every recorded combination reproduces the secret', (_, c) => {
    const shares = c.shares_hex.map(fromHex);
    expect(c.combinations.length).toBeGreaterThan(0);
    for (const combination of c.combinations) {
      const out = toHex(combine(combination.indices.map((i) => shares[i]!)));
      expect(out).toBe(combination.output_hex);
      expect(out).toBe(c.secret_hex);
    }
  });

  const belowThreshold = vectors.cases.filter((c) => c.below_threshold?.length);
  it.each(belowThreshold.map((c) => [c.id, c] as const))('%s: too few shares give Go\'s exact wrong bytes', (_, c) => {
    const shares = c.shares_hex.map(fromHex);
    for (const combination of c.below_threshold!) {
      const out = toHex(combine(combination.indices.map((i) => shares[i]!)));
      expect(out).toBe(combination.output_hex);
      expect(out).not.toBe(c.secret_hex);
    }
  });

  it('recovers the secret of every RNG-replay case from its first threshold shares', () => {
    for (const c of vectors.rng_replay_cases) {
      expect(toHex(combine(c.shares_hex.slice(0, c.threshold).map(fromHex)))).toBe(c.secret_hex);
    }
  });

  it.each(vectors.combine_edge_cases.map((c) => [c.id, c] as const))('%s: accepted with Go\'s output', (_, c) => {
    expect(toHex(combine(c.parts_hex.map(fromHex)))).toBe(c.output_hex);
  });
});

describe('Go error strings', () => {
  it.each(vectors.split_errors.map((c) => [c.id, c] as const))('split %s', (_, c) => {
    const attempt = () => split(fromHex(c.secret_hex), { shares: c.parts, threshold: c.threshold });
    expect(attempt).toThrow(ShamirError);
    expect(attempt).toThrow(new ShamirError(c.error));
  });

  it.each(vectors.combine_errors.map((c) => [c.id, c] as const))('combine %s', (_, c) => {
    const attempt = () => combine(c.parts_hex.map(fromHex));
    expect(attempt).toThrow(ShamirError);
    expect(attempt).toThrow(new ShamirError(c.error));
  });
});

describe('our shares in the Go cases\' shapes', () => {
  it.each(vectors.cases.map((c) => [c.id, c] as const))('%s: split then combine the first and last threshold shares', (_, c) => {
    const shares = split(fromHex(c.secret_hex), { shares: c.parts, threshold: c.threshold });
    expect(toHex(combine(shares.slice(0, c.threshold)))).toBe(c.secret_hex);
    expect(toHex(combine(shares.slice(-c.threshold).reverse()))).toBe(c.secret_hex);
  });
});
