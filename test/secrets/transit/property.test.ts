// Properties over arbitrary bytes and contexts (hashicorp/vault sdk/helper/keysutil/policy.go EncryptWithFactory, DecryptWithFactory): decrypt∘encrypt is the identity,
// for plain, derived and convergent keys of every symmetric type; rewrap keeps the plaintext;
// convergent encryption is a function of (context, plaintext); any single-bit change of a
// ciphertext (AEAD tag, RSA-OAEP) or a signature (Ed25519, ECDSA, RSA-PSS) is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { b64, data, transitVault, unb64 } from './helpers.js';

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

  it('refuses any single-bit change of a ciphertext or a signature', async () => {
    const { call } = await transitVault(13);
    const message = b64('integrity matters');
    const outputs: { key: string; kind: 'ciphertext' | 'signature'; value: string }[] = [];
    for (const t of ['aes256-gcm96', 'aes128-gcm96', 'chacha20-poly1305', 'rsa-2048']) {
      await call('update', `keys/${t}`, { type: t });
      outputs.push({ key: t, kind: 'ciphertext', value: data(await call('update', `encrypt/${t}`, { plaintext: message })).ciphertext as string });
    }
    for (const t of ['ed25519', 'ecdsa-p256', 'ecdsa-p521', 'rsa-2048']) {
      if (t !== 'rsa-2048') await call('update', `keys/${t}`, { type: t });
      outputs.push({ key: t, kind: 'signature', value: data(await call('update', `sign/${t}`, { input: message })).signature as string });
    }
    const flip = (value: string, bit: number): string => {
      const bytes = unb64(value.slice('vault:v1:'.length));
      bytes[Math.floor(bit / 8) % bytes.length]! ^= 1 << (bit % 8);
      return `vault:v1:${b64(bytes)}`;
    };
    await fc.assert(fc.asyncProperty(fc.constantFrom(...outputs), fc.nat(), async (o, bit) => {
      const changed = flip(o.value, bit);
      if (o.kind === 'ciphertext') {
        expect([400, 500]).toContain((await call('update', `decrypt/${o.key}`, { ciphertext: changed })).status);
      } else {
        const res = await call('update', `verify/${o.key}`, { input: message, signature: changed });
        if (res.status === 200) expect(data(res)).toEqual({ valid: false });
        else expect(res.status).toBe(400);
      }
    }), { numRuns: 150 });
  });
});
