// Prefixed (src/util/prefixed.ts): the memo of `prefix + transform(key)` strings on hot paths.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Prefixed } from '../../src/util/prefixed.js';

describe('Prefixed', () => {
  it('returns prefix + transform(key), building the path of each key once', () => {
    let calls = 0;
    const paths = new Prefixed('metadata/', (k) => {
      calls++;
      return k.replaceAll('.', '%2E');
    });
    expect(paths.of('a.b')).toBe('metadata/a%2Eb');
    expect(paths.of(`a${'.b'}`)).toBe('metadata/a%2Eb');
    expect(calls).toBe(1);
  });

  it('agrees with plain concatenation for any keys, however many (it is bounded)', () => {
    fc.assert(fc.property(fc.array(fc.string(), { maxLength: 6000 }), (keys) => {
      const paths = new Prefixed('logical/x/');
      for (const k of keys) expect(paths.of(k)).toBe(`logical/x/${k}`);
    }), { numRuns: 5 });
  });
});
