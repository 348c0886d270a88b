// Both AES-GCM implementations against published known answers, against each other, and
// against tampering. The barrier may use either; their bytes must be identical.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AeadAuthError, createAead, nobleAead, nodeAead, type Aead } from '../../src/barrier/aead.js';
import { ERR_BARRIER_AUTH_FAILED } from '../../src/errors/barrier.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (u: Uint8Array) => Buffer.from(u).toString('hex');

// AES-256 known answers from "The Galois/Counter Mode of Operation (GCM)", McGrew & Viega,
// revised submission to NIST (2005), Appendix B, Test Cases 13-16 (the AES-256, 96-bit IV cases).
const KAT = [
  { tc: 13, key: '00'.repeat(32), iv: '00'.repeat(12), aad: '', pt: '', ct: '', tag: '530f8afbc74536b9a963b4f1c4cb738b' },
  {
    tc: 14, key: '00'.repeat(32), iv: '00'.repeat(12), aad: '', pt: '00'.repeat(16),
    ct: 'cea7403d4d606b6e074ec5d3baf39d18', tag: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  {
    tc: 15, key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308', iv: 'cafebabefacedbaddecaf888', aad: '',
    pt: 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255',
    ct: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad',
    tag: 'b094dac5d93471bdec1a502270e3cc6c',
  },
  {
    tc: 16, key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308', iv: 'cafebabefacedbaddecaf888',
    aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    pt: 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    ct: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
];

function seal(aead: Aead, key: Uint8Array, nonce: Uint8Array, pt: Uint8Array, aad?: Uint8Array): Uint8Array {
  const out = new Uint8Array(pt.length + 16);
  aead.cipher(key).sealInto(nonce, pt, aad, out, 0);
  return out;
}

const implementations: Aead[] = [nobleAead, ...(nodeAead ? [nodeAead] : [])];

describe.each(implementations.map((a) => [a.name, a] as const))('AES-256-GCM via %s', (_name, aead) => {
  it.each(KAT)('matches GCM spec test case $tc', ({ key, iv, aad, pt, ct, tag }) => {
    const sealed = seal(aead, hex(key), hex(iv), hex(pt), aad ? hex(aad) : undefined);
    expect(toHex(sealed)).toBe(ct + tag);
    expect(toHex(aead.cipher(hex(key)).open(hex(iv), sealed, aad ? hex(aad) : undefined))).toBe(pt);
  });

  it('writes at the requested offset without touching the bytes before it', () => {
    const out = new Uint8Array(5 + 16 + 3).fill(0xee);
    aead.cipher(hex(KAT[2]!.key)).sealInto(hex(KAT[2]!.iv), new Uint8Array(3), undefined, out, 5);
    expect([...out.subarray(0, 5)]).toEqual([0xee, 0xee, 0xee, 0xee, 0xee]);
  });

  it("reports Go's error for a flipped bit anywhere, a wrong AAD, or a short input", () => {
    const { key, iv, pt, aad } = KAT[3]!;
    const cipher = aead.cipher(hex(key));
    const sealed = seal(aead, hex(key), hex(iv), hex(pt), hex(aad));
    for (let i = 0; i < sealed.length; i += 7) {
      const bad = sealed.slice();
      bad[i]! ^= 1;
      expect(() => cipher.open(hex(iv), bad, hex(aad))).toThrow(ERR_BARRIER_AUTH_FAILED);
    }
    expect(() => cipher.open(hex(iv), sealed, hex('00'))).toThrow(AeadAuthError);
    expect(() => cipher.open(hex(iv), sealed.subarray(0, 15), hex(aad))).toThrow(AeadAuthError);
  });

  it("refuses keys that are not AES keys with Go's KeySizeError text", () => {
    expect(() => aead.cipher(new Uint8Array(33))).toThrow('crypto/aes: invalid key size 33');
    expect(() => aead.cipher(new Uint8Array(0))).toThrow('crypto/aes: invalid key size 0');
  });
});

describe.runIf(nodeAead !== undefined)('node and noble together', () => {
  it('produce identical bytes for the same key, nonce, AAD and plaintext, and open each other', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 300 }), fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
        (key, nonce, pt, aad) => {
          const a = seal(nobleAead, key, nonce, pt, aad);
          const b = seal(nodeAead!, key, nonce, pt, aad);
          expect(toHex(a)).toBe(toHex(b));
          expect(toHex(nodeAead!.cipher(key).open(nonce, a, aad))).toBe(toHex(pt));
          expect(toHex(nobleAead.cipher(key).open(nonce, b, aad))).toBe(toHex(pt));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('treats an empty AAD exactly like no AAD (Vault passes nil for an empty path)', () => {
    const key = new Uint8Array(32).fill(7);
    const nonce = new Uint8Array(12).fill(9);
    for (const aead of implementations) expect(seal(aead, key, nonce, hex('0102'), new Uint8Array(0))).toEqual(seal(aead, key, nonce, hex('0102')));
  });
});

describe('createAead', () => {
  it('defaults to node:crypto on Node and honours an explicit choice', () => {
    expect(createAead().name).toBe('node');
    expect(createAead('noble').name).toBe('noble');
    expect(createAead('node').name).toBe('node');
  });

  it('refuses an unknown implementation name', () => {
    expect(() => createAead('webcrypto' as never)).toThrow("aead must be 'node' or 'noble'");
  });
});
