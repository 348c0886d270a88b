// The native fast path of transit's Go base64 decoder must agree with the byte walk that models
// Go's decodeQuantum (GO encoding/base64) on every input: same bytes, or the same error text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goBase64Decode, goBase64Walk } from '../../../src/secrets/transit/crypto.js';

const norm = (r: ReturnType<typeof goBase64Decode>) => (r.ok ? { ok: true, hex: Buffer.from(r.bytes).toString('hex') } : r);

describe('Go base64 decoding, fast path', () => {
  it('agrees with the byte walk on valid, padded, url-safe, spaced and broken inputs', () => {
    const symbol = fc.constantFrom(...'AZaz09+/=-_ \r\n!é'.split(''), 'Q', 'w');
    const odd = fc.array(symbol, { maxLength: 24 }).map((a) => a.join(''));
    const valid = fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64'));
    const mutated = fc.tuple(valid, fc.nat(), symbol).map(([s, at, c]) => (s.length === 0 ? c : s.slice(0, at % s.length) + c + s.slice((at % s.length) + 1)));
    fc.assert(fc.property(fc.oneof(odd, valid, mutated), (s) => {
      expect(norm(goBase64Decode(s))).toEqual(norm(goBase64Walk(s)));
    }), { numRuns: 1000 });
  });
});
