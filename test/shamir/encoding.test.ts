// Unseal keys as text: Vault's `keys` (lowercase hex) and `keys_base64` (standard padded base64),
// and sys/unseal's reading of either (hex first, then Go's StdEncoding).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeKey, encodeBase64, encodeHex, ShamirError, split } from '../../src/shamir/index.js';
import { ERR_SHAMIR_KEY_NOT_HEX_OR_BASE64 } from '../../src/errors/shamir.js';
import { toHex } from './helpers.js';

const UNSEAL_WINDOW = { minHexLength: 16, maxHexLength: 33 };

describe('encoding shares', () => {
  it('prints lowercase hex and padded standard base64 exactly as Go does', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
      expect(encodeHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }), { numRuns: 500 });
  });

  it('covers every hex digit and every base64 character', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(encodeHex(all)).toBe(Buffer.from(all).toString('hex'));
    const sixBit = Uint8Array.from(Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'base64'));
    expect(encodeBase64(sixBit)).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
  });

  it('round-trips both encodings through decodeKey', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 70 }), (bytes) => {
      expect(toHex(decodeKey(encodeHex(bytes)))).toBe(toHex(bytes));
      expect(toHex(decodeKey(encodeBase64(bytes), UNSEAL_WINDOW))).toBe(toHex(bytes));
    }), { numRuns: 500 });
  });

  it('round-trips real 32-byte unseal key shares under Vault\'s unseal window', () => {
    for (const share of split(new Uint8Array(32).fill(7), { shares: 5, threshold: 3 })) {
      expect(decodeKey(encodeHex(share), UNSEAL_WINDOW)).toEqual(share);
      expect(decodeKey(encodeBase64(share), UNSEAL_WINDOW)).toEqual(share);
    }
  });

  it('refuses non-bytes', () => {
    expect(() => encodeHex('ab' as never)).toThrow(TypeError);
    expect(() => encodeBase64(null as never)).toThrow(TypeError);
  });
});

describe('decodeKey reads like sys/unseal', () => {
  it('accepts upper-case hex like Go hex.DecodeString', () => {
    expect(toHex(decodeKey('DEADbeef'))).toBe('deadbeef');
  });

  it('prefers hex when a string is both hex and base64', () => {
    expect(toHex(decodeKey('00112233'))).toBe('00112233'); // also valid base64 for 6 other bytes
  });

  it('reads a hex-valid string as base64 when the hex length falls outside the window', () => {
    // 24 hex digits = 12 bytes < 16, so Vault reads it as base64 (18 bytes).
    const text = 'abcdefabcdefabcdefabcdef';
    expect(decodeKey(text, UNSEAL_WINDOW)).toEqual(Uint8Array.from(Buffer.from(text, 'base64')));
    expect(toHex(decodeKey(text))).toBe(text);
  });

  it('ignores CR and LF inside base64, as Go\'s decoder does', () => {
    expect(toHex(decodeKey('aGVs\r\nbG8=\n'))).toBe(Buffer.from('hello').toString('hex'));
  });

  it('accepts non-zero padding bits (StdEncoding is not Strict)', () => {
    expect(toHex(decodeKey('QR=='))).toBe('41');
    expect(toHex(decodeKey('QUJ='))).toBe('4142');
  });

  it.each([
    ['odd-length non-base64 hex', 'abc'],
    ['missing padding', 'aGVsbG8'],
    ['URL-safe alphabet', 'a-_b'],
    ['padding in the middle', 'QQ==QUJD'],
    ['three padding characters', 'Q==='],
    ['spaces', 'aGVs bG8='],
    ['non-ASCII', 'ÿÿÿÿ'],
  ])('refuses %s with Vault\'s message', (_, text) => {
    const attempt = () => decodeKey(text);
    expect(attempt).toThrow(ShamirError);
    expect(attempt).toThrow(ERR_SHAMIR_KEY_NOT_HEX_OR_BASE64);
  });

  it('decodes exactly what Node\'s strict-looking base64 inputs decode to', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 50 }), (bytes) => {
      const text = Buffer.from(bytes).toString('base64');
      expect(toHex(decodeKey(text, { minHexLength: Infinity }))).toBe(toHex(bytes));
    }), { numRuns: 300 });
  });

  it('refuses anything that is not a string', () => {
    expect(() => decodeKey(42 as never)).toThrow(TypeError);
  });
});
