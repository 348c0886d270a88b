// The manual clock (src/util/clock.ts) and the random sources (src/util/random.ts); Go durations
// are tested with the rest of src/go in test/go/time.test.ts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ManualClock, rfc3339Nano } from '../../src/util/clock.js';
import { SeededRandom, constantTimeEqual, randomBase62, randomUUID } from '../../src/util/random.js';

describe('the manual clock', () => {
  it('moves only when advanced or set', () => {
    const c = new ManualClock(0);
    expect(c.now()).toBe(0);
    c.advance('30d');
    expect(c.now()).toBe(30 * 86400 * 1000);
    c.set(new Date(5));
    expect(c.now()).toBe(5);
    expect(() => c.advance(-1)).toThrow();
  });
  it('prints RFC 3339 with nanoseconds and trims trailing zeros', () => {
    expect(rfc3339Nano(Date.UTC(2026, 0, 1, 0, 0, 0, 123), 456789)).toBe('2026-01-01T00:00:00.123456789Z');
    expect(rfc3339Nano(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00Z');
  });
});

describe('random sources', () => {
  it('gives the same bytes for the same seed and different bytes for another', () => {
    const a = new SeededRandom(42), b = new SeededRandom(42), c = new SeededRandom(43);
    const x = a.bytes(32);
    expect(b.bytes(32)).toEqual(x);
    expect(c.bytes(32)).not.toEqual(x);
    expect(a.bytes(32)).not.toEqual(x);
  });
  it('draws base62 strings of the asked length from the alphabet only', () => {
    const r = new SeededRandom(1);
    fc.assert(fc.property(fc.integer({ min: 1, max: 64 }), (n) => /^[A-Za-z0-9]+$/.test(randomBase62(r, n)) && randomBase62(r, n).length === n));
  });
  it('formats version-4 UUIDs', () => {
    expect(randomUUID(new SeededRandom(3))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
  it('compares byte strings for equality', () => {
    fc.assert(fc.property(fc.uint8Array(), fc.uint8Array(), (x, y) => constantTimeEqual(x, y) === (Buffer.compare(x, y) === 0)));
  });
});
