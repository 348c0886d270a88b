// Known answers: Go's base64 decoder errors (golang/go src/encoding/base64/base64.go decodeQuantum), HKDF
// (RFC 5869 test case 3: empty salt and info), and the ciphertext layout checked independently
// against node:crypto with the key material as stored in the policy (hashicorp/vault
// sdk/helper/keysutil/policy.go SymmetricEncryptRaw, DeriveKey).
import { createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { goBase64Decode, hkdfSha256 } from '../../../src/secrets/transit/crypto.js';
import { encryptItem, hmacKey } from '../../../src/secrets/transit/cipher.js';
import { PolicyStore } from '../../../src/secrets/transit/policy.js';
import { MemoryStorage } from '../../../src/storage/memory.js';
import { ManualClock } from '../../../src/util/clock.js';
import { SeededRandom } from '../../../src/util/random.js';

const none = { context: new Uint8Array(0), nonce: new Uint8Array(0), ad: new Uint8Array(0) };

describe('Go base64 decoding', () => {
  it('accepts what StdEncoding accepts (CR/LF skipped, non-zero padding bits)', () => {
    const ok = (s: string) => { const r = goBase64Decode(s); return r.ok ? Buffer.from(r.bytes).toString('latin1') : r.error; };
    expect(ok('')).toBe('');
    expect(ok('aGk=')).toBe('hi');
    expect(ok('aG\r\nk=')).toBe('hi');
    expect(ok('aGl=')).toBe('hi');
    expect(ok('aGVsbG8=\n')).toBe('hello');
  });

  it('reports the byte offsets Go reports', () => {
    const err = (s: string) => { const r = goBase64Decode(s); return r.ok ? 'ok' : r.error; };
    const cases: [string, number][] = [
      ['abc', 0], ['abcde', 4], ['ab!d', 2], ['=abc', 0], ['a=bc', 1], ['ab=', 3], ['ab=c', 2],
      ['ab==x', 4], ['aGk=aGk=', 4], ['aGk-', 3], ['é', 0],
    ];
    for (const [s, at] of cases) expect([s, err(s)]).toEqual([s, `illegal base64 data at input byte ${at}`]);
  });
});

describe('HKDF-SHA256', () => {
  it('matches RFC 5869 test case 3 and node for short info, and takes info over 1024 bytes', () => {
    const okm = hkdfSha256(new Uint8Array(22).fill(0x0b), new Uint8Array(0), 42);
    expect(Buffer.from(okm).toString('hex')).toBe('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8');
    const ikm = new Uint8Array(32).fill(7), info = Buffer.from('context');
    expect(Buffer.from(hkdfSha256(ikm, info, 64))).toEqual(Buffer.from(hkdfSync('sha256', ikm, new Uint8Array(0), info, 64)));
    expect(hkdfSha256(ikm, new Uint8Array(5000), 32).length).toBe(32);
  });
});

describe('ciphertext layout against node:crypto', () => {
  const setup = () => new PolicyStore(new MemoryStorage(), new ManualClock(), new SeededRandom('vectors'));

  it('is nonce ‖ AES-GCM ciphertext ‖ tag under the stored key', async () => {
    const store = setup();
    const p = await store.create({ name: 'k', type: 'aes128-gcm96', derived: false, convergent: false, exportable: false, allowPlaintextBackup: false, autoRotateSeconds: 0 });
    const r = encryptItem(p, store.random, Buffer.from('attack at dawn'), 0, none);
    if (!r.ok) throw new Error(r.error);
    const payload = Buffer.from(r.value.ciphertext.slice('vault:v1:'.length), 'base64');
    const key = Buffer.from(p.entry(1)!.key!, 'base64');
    expect(key.length).toBe(16);
    const d = createDecipheriv('aes-128-gcm', key, payload.subarray(0, 12));
    d.setAuthTag(payload.subarray(payload.length - 16));
    expect(Buffer.concat([d.update(payload.subarray(12, payload.length - 16)), d.final()]).toString()).toBe('attack at dawn');
  });

  it('derives convergent v3 keys with HKDF(key, context) and the nonce as HMAC(k_hmac, plaintext)[0:12]', async () => {
    const store = setup();
    const p = await store.create({ name: 'c', type: 'chacha20-poly1305', derived: true, convergent: true, exportable: false, allowPlaintextBackup: false, autoRotateSeconds: 0 });
    const context = Buffer.from('user-42');
    const r = encryptItem(p, store.random, Buffer.from('secret'), 0, { ...none, context });
    if (!r.ok) throw new Error(r.error);
    const okm = Buffer.from(hkdfSync('sha256', Buffer.from(p.entry(1)!.key!, 'base64'), new Uint8Array(0), context, 64));
    const payload = Buffer.from(r.value.ciphertext.slice('vault:v1:'.length), 'base64');
    const nonce = createHmac('sha256', okm.subarray(32)).update('secret').digest().subarray(0, 12);
    expect(payload.subarray(0, 12)).toEqual(nonce);
    const d = createDecipheriv('chacha20-poly1305', okm.subarray(0, 32), nonce, { authTagLength: 16 });
    d.setAuthTag(payload.subarray(payload.length - 16));
    expect(Buffer.concat([d.update(payload.subarray(12, payload.length - 16)), d.final()]).toString()).toBe('secret');
  });

  it('keys HMACs with the version\'s own hmac_key', async () => {
    const store = setup();
    const p = await store.create({ name: 'h', type: 'aes256-gcm96', derived: false, convergent: false, exportable: false, allowPlaintextBackup: false, autoRotateSeconds: 0 });
    const k = hmacKey(p, 1);
    expect(k.ok && Buffer.from(k.value).toString('base64')).toBe(p.entry(1)!.hmac_key);
    expect(hmacKey(p, 2)).toEqual({ ok: false, error: 'key version does not exist; latest key version is 1' });
    expect(hmacKey(p, -1)).toEqual({ ok: false, error: 'key version does not exist (cannot be negative)' });
  });
});
