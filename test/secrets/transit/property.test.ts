// Properties over arbitrary bytes and contexts (spec §4.2–4.5): decrypt∘encrypt is the identity,
// for plain, derived and convergent keys of every symmetric type; rewrap keeps the plaintext;
// convergent encryption is a function of (context, plaintext).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { b64, data, transitVault } from './helpers.js';

const bytes = fc.uint8Array({ maxLength: 200 });
const ctx = fc.uint8Array({ minLength: 1, maxLength: 64 });
const type = fc.constantFrom('aes256-gcm96', 'aes128-gcm96', 'chacha20-poly1305');

describe('transit properties', () => {
  it('decrypt(encrypt(p)) = p for any bytes and context, and rewrap keeps p', async () => {
    const { call } = await transitVault(11);
    for (const t of ['aes256-gcm96', 'aes128-gcm96', 'chacha20-poly1305']) {
      await call('update', `keys/plain-${t}`, { type: t });
      await call('update', `keys/derived-${t}`, { type: t, derived: true });
      await call('update', `keys/conv-${t}`, { type: t, derived: true, convergent_encryption: true });
    }
    await fc.assert(fc.asyncProperty(type, fc.constantFrom('plain', 'derived', 'conv'), bytes, ctx, async (t, kind, p, c) => {
      const key = `${kind}-${t}`;
      const context = kind === 'plain' ? undefined : b64(c);
      const enc = data(await call('update', `encrypt/${key}`, { plaintext: b64(p), context }));
      const dec = data(await call('update', `decrypt/${key}`, { ciphertext: enc.ciphertext, context }));
      expect(dec.plaintext).toBe(b64(p));
      const re = data(await call('update', `rewrap/${key}`, { ciphertext: enc.ciphertext, context }));
      expect(data(await call('update', `decrypt/${key}`, { ciphertext: re.ciphertext, context })).plaintext).toBe(b64(p));
      if (kind === 'conv') expect(re.ciphertext).toBe(enc.ciphertext);
    }), { numRuns: 60 });
  });
});
