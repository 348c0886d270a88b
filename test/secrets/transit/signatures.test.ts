// Asymmetric and hmac key types through core (hashicorp/vault builtin/logical/transit: path_keys.go
// formatKeyPolicy, path_sign_verify.go; KU policy.go SignWithOptions, VerifySignatureWithOptions,
// EncryptWithFactory): the read shape per type, rotate, sign/verify round trips for every type and
// option, verification failures, RSA-OAEP encryption, and the errors for a key of the wrong type.
import { constants, createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { b64, data, expect400, transitVault, unb64 } from './helpers.js';

const SIGNING = ['ed25519', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'rsa-2048'] as const;
const bare = (msg: string) => ({ status: 500, body: { errors: [`1 error occurred:\n\t* ${msg}\n\n`] } });
const input = b64('the quick brown fox');

describe('transit asymmetric and hmac keys', () => {
  it('reads each asymmetric type in Vault\'s shape: public key per version, name, creation_time', async () => {
    const { call } = await transitVault();
    const ed = data(await call('update', 'keys/ed', { type: 'ed25519' }));
    expect(ed).toMatchObject({ type: 'ed25519', supports_signing: true, supports_encryption: false, supports_decryption: false, supports_derivation: true });
    const k1 = (ed.keys as Record<string, Record<string, string>>)['1']!;
    expect(Object.keys(k1)).toEqual(['certificate_chain', 'creation_time', 'name', 'public_key']);
    expect(k1).toMatchObject({ certificate_chain: '', creation_time: '2026-01-01T00:00:00Z', name: 'ed25519' });
    expect(unb64(k1.public_key!)).toHaveLength(32);
    const ec = data(await call('update', 'keys/ec', { type: 'ecdsa-p384' }));
    const e1 = (ec.keys as Record<string, Record<string, string>>)['1']!;
    expect(e1.name).toBe('P-384');
    expect(e1.public_key).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    expect(createPublicKey(e1.public_key!).asymmetricKeyDetails).toMatchObject({ namedCurve: 'secp384r1' });
    const rsa = data(await call('update', 'keys/rsa', { type: 'rsa-3072' }));
    expect(rsa).toMatchObject({ supports_encryption: true, supports_decryption: true, supports_signing: true, supports_derivation: false });
    const r1 = (rsa.keys as Record<string, Record<string, string>>)['1']!;
    expect(r1.name).toBe('rsa-3072');
    expect(createPublicKey(r1.public_key!).asymmetricKeyDetails).toMatchObject({ modulusLength: 3072 });
    const rotated = data(await call('update', 'keys/ec/rotate', {}));
    expect(rotated.latest_version).toBe(2);
    const keys = rotated.keys as Record<string, Record<string, string>>;
    expect(keys['2']!.public_key).not.toBe(keys['1']!.public_key);
  });

  it('creates hmac keys with key_size, reads them without keys, and HMACs with the key itself', async () => {
    const { call } = await transitVault();
    const h = data(await call('update', 'keys/h', { type: 'hmac', key_size: 64, exportable: true }));
    expect(h).toMatchObject({ type: 'hmac', key_size: 64, supports_signing: false, supports_encryption: false, supports_derivation: false });
    expect(h).not.toHaveProperty('keys');
    const mac = data(await call('update', 'hmac/h', { input })).hmac as string;
    expect(data(await call('update', 'verify/h', { input, hmac: mac }))).toEqual({ valid: true });
    const exported = (data(await call('read', 'export/hmac-key/h')).keys as Record<string, string>)['1']!;
    expect(unb64(exported)).toHaveLength(64);
    expect400(await call('update', 'encrypt/h', { plaintext: input }), 'message encryption not supported for key type hmac');
    expect400(await call('update', 'sign/h', { input }), 'key type hmac does not support signing');
  });

  it('signs and verifies with every signing type and option, vault:vN:<base64>', async () => {
    const { call } = await transitVault();
    const variants: [string, Record<string, unknown>][] = [
      ['ed25519', {}], ['ed25519', { marshaling_algorithm: 'jws' }],
      ['ecdsa-p256', {}], ['ecdsa-p256', { marshaling_algorithm: 'jws', hash_algorithm: 'sha2-384' }],
      ['ecdsa-p384', { hash_algorithm: 'sha3-384' }], ['ecdsa-p521', { marshaling_algorithm: 'jws' }],
      ['rsa-2048', {}], ['rsa-2048', { salt_length: 'hash' }], ['rsa-2048', { salt_length: '20' }],
      ['rsa-2048', { signature_algorithm: 'pkcs1v15', hash_algorithm: 'sha2-512' }],
      ['rsa-2048', { signature_algorithm: 'pkcs1v15', hash_algorithm: 'sha1', marshaling_algorithm: 'jws' }],
    ];
    for (const t of SIGNING) await call('update', `keys/${t}`, { type: t });
    for (const [t, o] of variants) {
      const signed = data(await call('update', `sign/${t}`, { input, ...o }));
      expect(signed.key_version).toBe(1);
      const sig = signed.signature as string;
      expect(sig).toMatch(o.marshaling_algorithm === 'jws' ? /^vault:v1:[A-Za-z0-9_-]+$/ : /^vault:v1:[A-Za-z0-9+/]+=*$/);
      expect(data(await call('update', `verify/${t}`, { input, signature: sig, ...o }))).toEqual({ valid: true });
      expect(data(await call('update', `verify/${t}`, { input: b64('another'), signature: sig, ...o }))).toEqual({ valid: false });
    }
  });

  it('produces signatures node:crypto verifies against the published public key', async () => {
    const { call } = await transitVault();
    for (const t of ['ed25519', 'ecdsa-p256', 'rsa-2048']) {
      const key = data(await call('update', `keys/${t}`, { type: t }));
      const pub = (key.keys as Record<string, { public_key: string }>)['1']!.public_key;
      const publicKey = t === 'ed25519'
        ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: unb64(pub).toString('base64url') }, format: 'jwk' })
        : createPublicKey(pub);
      const sig = unb64((data(await call('update', `sign/${t}`, { input, signature_algorithm: 'pkcs1v15' })).signature as string).slice(9));
      const alg = t === 'ed25519' ? null : 'sha256';
      expect(nodeVerify(alg, unb64(input), publicKey, sig)).toBe(true);
    }
  });

  it('signs prehashed input and hash_algorithm=none with RSA PKCS#1 v1.5', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/r', { type: 'rsa-2048' });
    const digest = b64(Buffer.alloc(32, 7));
    for (const o of [{ prehashed: true, signature_algorithm: 'pkcs1v15' }, { prehashed: true, signature_algorithm: 'pkcs1v15', hash_algorithm: 'none' }]) {
      const sig = data(await call('update', 'sign/r', { input: digest, ...o })).signature;
      expect(data(await call('update', 'verify/r', { input: digest, signature: sig, ...o }))).toEqual({ valid: true });
    }
    expect400(await call('update', 'sign/r', { input, hash_algorithm: 'none' }), 'hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15');
  });

  it('signs prehashed input with ECDSA and RSA-PSS exactly as over the message (node:crypto cross-check)', async () => {
    const { call } = await transitVault();
    const message = Buffer.from('prehash me');
    for (const t of ['ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'rsa-2048']) {
      const key = data(await call('update', `keys/${t}`, { type: t }));
      const publicKey = createPublicKey((key.keys as Record<string, { public_key: string }>)['1']!.public_key);
      for (const hash of ['sha2-256', 'sha2-512']) {
        const node = hash === 'sha2-256' ? 'sha256' : 'sha512';
        const digest = createHash(node).update(message).digest();
        for (const extra of t.startsWith('rsa') ? [{}, { salt_length: 'hash' }] : [{}, { marshaling_algorithm: 'jws' }]) {
          const o = { hash_algorithm: hash, ...extra };
          const sig = data(await call('update', `sign/${t}`, { input: b64(digest), prehashed: true, ...o })).signature as string;
          const raw = (extra as { marshaling_algorithm?: string }).marshaling_algorithm === 'jws' ? Buffer.from(sig.slice(9), 'base64url') : unb64(sig.slice(9));
          const opts = t.startsWith('rsa')
            ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
            : { key: publicKey, dsaEncoding: (extra as { marshaling_algorithm?: string }).marshaling_algorithm === 'jws' ? 'ieee-p1363' as const : 'der' as const };
          expect(nodeVerify(node, message, opts, raw)).toBe(true);
          expect(data(await call('update', `verify/${t}`, { input: b64(digest), prehashed: true, signature: sig, ...o }))).toEqual({ valid: true });
          expect(data(await call('update', `verify/${t}`, { input: b64(message), signature: sig, ...o }))).toEqual({ valid: true });
          expect(data(await call('update', `verify/${t}`, { input: b64(Buffer.alloc(digest.length)), prehashed: true, signature: sig, ...o }))).toEqual({ valid: false });
        }
      }
    }
    const none = { hash_algorithm: 'none', prehashed: true, signature_algorithm: 'pkcs1v15' };
    const sig = data(await call('update', 'sign/ecdsa-p256', { input: b64(message), ...none })).signature;
    expect(data(await call('update', 'verify/ecdsa-p256', { input: b64(message), signature: sig, ...none }))).toEqual({ valid: true });
  });

  it('signs with the context-derived Ed25519 key and returns its public key', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/d', { type: 'ed25519', derived: true });
    const context = b64('tenant-1');
    const signed = data(await call('update', 'sign/d', { input, context }));
    expect(Object.keys(signed)).toEqual(['key_version', 'public_key', 'signature']);
    const read = data(await call('read', 'keys/d', { context }));
    expect((read.keys as Record<string, { public_key: string }>)['1']!.public_key).toBe(signed.public_key);
    expect((data(await call('read', 'keys/d')).keys as Record<string, { public_key: string }>)['1']!.public_key).toBe('');
    expect(data(await call('update', 'verify/d', { input, context, signature: signed.signature }))).toEqual({ valid: true });
    expect(data(await call('update', 'verify/d', { input, context: b64('tenant-2'), signature: signed.signature }))).toEqual({ valid: false });
    expect(await call('update', 'sign/d', { input })).toEqual(bare("error deriving key: missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key"));
    const batch = data(await call('update', 'sign/d', { batch_input: [{ input, context, reference: 'a' }, { input: '!', context }] }));
    expect(batch.batch_results).toEqual([
      { signature: signed.signature, key_version: 1, publickey: signed.public_key, reference: 'a' },
      { key_version: 0, error: 'unable to decode input as base64: illegal base64 data at input byte 0', reference: '' },
    ]);
  });

  it('answers Vault\'s errors for signing and verification', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/e', { type: 'ecdsa-p256' });
    await call('update', 'keys/aes', {});
    expect400(await call('update', 'sign/e', { input, hash_algorithm: 'md5' }), 'invalid hash algorithm "md5"');
    expect400(await call('update', 'sign/e', { input, marshaling_algorithm: 'der' }), 'invalid marshaling type "der"');
    expect400(await call('update', 'sign/e', { input, salt_length: 'big' }), "salt length neither 'auto', 'hash', nor an int: big");
    expect400(await call('update', 'sign/e', { input, salt_length: '-2' }), 'salt length is invalid: -2');
    expect400(await call('update', 'sign/nope', { input }), 'signing key not found');
    expect400(await call('update', 'verify/nope', { input, signature: 'x' }), 'signature verification key not found');
    expect400(await call('update', 'sign/aes', { input }), 'key type aes256-gcm96 does not support signing');
    expect400(await call('update', 'verify/aes', { input, signature: 'x' }), 'key type aes256-gcm96 does not support verification');
    expect(await call('update', 'sign/e', { input, key_version: 9 })).toEqual(bare('requested version for signing is higher than the latest key version'));
    expect400(await call('update', 'verify/e', { input, signature: 'x' }), 'invalid signature: no prefix');
    expect400(await call('update', 'verify/e', { input, signature: 'vault:v1' }), 'invalid signature: wrong number of fields');
    expect400(await call('update', 'verify/e', { input, signature: 'vault:vx:AA' }), 'invalid signature: version number could not be decoded');
    expect400(await call('update', 'verify/e', { input, signature: 'vault:v2:AA==' }), 'invalid signature: version is too new');
    expect400(await call('update', 'verify/e', { input, signature: 'vault:v0:AA==' }), 'ciphertext or signature version is disallowed by policy (too old)');
    expect400(await call('update', 'verify/e', { input, signature: 'vault:v1:A' }), 'invalid base64 signature value');
    expect400(await call('update', 'verify/e', { input, signature: 'vault:v1:AAAA' }), 'supplied signature is invalid');
    const sig = data(await call('update', 'sign/e', { input })).signature as string;
    const extra = `vault:v1:${b64(Buffer.concat([unb64(sig.slice(9)), Buffer.from([0])]))}`;
    expect400(await call('update', 'verify/e', { input, signature: extra }), 'supplied signature contains extra data');
    const batch = data(await call('update', 'verify/e', { batch_input: [{ input, signature: sig, reference: 'a' }, { input, signature: 'bad' }] }));
    expect(batch.batch_results).toEqual([{ valid: true, reference: 'a' }, { valid: false, error: 'invalid signature: no prefix', reference: '' }]);
    await call('update', 'keys/e/rotate', {});
    await call('update', 'keys/e/config', { min_decryption_version: 2, min_encryption_version: 2 });
    expect400(await call('update', 'verify/e', { input, signature: sig }), 'ciphertext or signature version is disallowed by policy (too old)');
    expect(await call('update', 'sign/e', { input, key_version: 1 })).toEqual(bare('requested version for signing is less than the minimum encryption key version'));
  });

  it('encrypts and decrypts with RSA-OAEP (SHA-256), wraps data keys, and refuses what RSA cannot do', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/r', { type: 'rsa-2048' });
    const enc = data(await call('update', 'encrypt/r', { plaintext: input }));
    expect(enc.key_version).toBe(1);
    expect(unb64((enc.ciphertext as string).slice(9))).toHaveLength(256);
    expect(data(await call('update', 'decrypt/r', { ciphertext: enc.ciphertext }))).toEqual({ plaintext: input });
    const dk = data(await call('update', 'datakey/plaintext/r', {}));
    expect(data(await call('update', 'decrypt/r', { ciphertext: dk.ciphertext })).plaintext).toBe(b64(dk.plaintext as string));
    expect(await call('update', 'encrypt/r', { plaintext: b64(Buffer.alloc(191)) })).toEqual(bare('failed to RSA encrypt the plaintext: crypto/rsa: message too long for RSA key size'));
    const tampered = `vault:v1:${b64(Buffer.alloc(256, 1))}`;
    expect(await call('update', 'decrypt/r', { ciphertext: tampered })).toEqual(bare('failed to RSA decrypt the ciphertext: crypto/rsa: decryption error'));
    expect400(await call('update', 'encrypt/r', { plaintext: input, associated_data: 'YQ==' }), "'[0].associated_data' provided for non-AEAD cipher suite rsa-2048");
    await call('update', 'keys/ed', { type: 'ed25519' });
    expect400(await call('update', 'encrypt/ed', { plaintext: input }), 'message encryption not supported for key type ed25519');
    expect400(await call('update', 'decrypt/ed', { ciphertext: 'vault:v1:AAAA' }), 'message decryption not supported for key type ed25519');
    expect400(await call('update', 'datakey/wrapped/ed', {}), 'message encryption not supported for key type ed25519');
  });
});
