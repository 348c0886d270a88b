// Bring your own key: wrapping_key, keys/:name/import, keys/:name/import_version and
// byok-export through core (hashicorp/vault builtin/logical/transit: path_wrapping_key.go, path_import.go,
// path_byok.go; KU policy.go ImportPublicOrPrivate, WrapKey). Import ciphertexts are built the way
// `vault transit import` builds them (V command/transit_import_key.go), with node:crypto for
// RSA-OAEP and @noble/ciphers for AES-KWP, independently of minivault's own code. One vault for
// the whole file, its wrapping key restored from a stored backup (test/vectors/
// transit-wrapping-key.json) rather than generated: RSA-4096 key generation takes seconds.
import { aeskwp } from '@noble/ciphers/aes.js';
import { constants, createCipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { b64, data, expect400, restoreStoredRsa, transitVault, unb64, type Body, type Op } from './helpers.js';

const bare = (msg: string) => ({ status: 500, body: { errors: [`1 error occurred:\n\t* ${msg}\n\n`] } });
let call: (op: Op, path: string, body?: Body) => Promise<{ status: number; body?: unknown }>;
let wrapping: KeyObject;

/** OAEP(wrapping key, ephemeral AES-256 key) ‖ KWP(ephemeral, target), as the vault CLI builds it. */
function wrap(target: Uint8Array, hash = 'sha256', eph: Uint8Array = randomBytes(32)): string {
  const head = publicEncrypt({ key: wrapping, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, eph);
  return Buffer.concat([head, aeskwp(eph).encrypt(target)]).toString('base64');
}
const pkcs8 = (k: KeyObject) => new Uint8Array(k.export({ format: 'der', type: 'pkcs8' }));

beforeAll(async () => {
  ({ call } = await transitVault(11));
  const fixture = JSON.parse(readFileSync(new URL('../../vectors/transit-wrapping-key.json', import.meta.url), 'utf8')) as { backup: string };
  expect(await call('update', 'restore', { backup: fixture.backup })).toEqual({ status: 204 });
  await restoreStoredRsa(call, 'stored-rsa');
  const res = await call('read', 'wrapping_key');
  expect(res.status).toBe(200);
  wrapping = createPublicKey(data(res).public_key as string);
});

describe('transit wrapping_key', () => {
  it('is one RSA-4096 PKIX public key, the same on every read, listed as import/', async () => {
    const pem = data(await call('read', 'wrapping_key')).public_key as string;
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    expect(createPublicKey(pem).asymmetricKeyDetails?.modulusLength).toBe(4096);
    expect(createPublicKey(pem).export({ format: 'pem', type: 'spki' })).toBe(wrapping.export({ format: 'pem', type: 'spki' }));
    expect((data(await call('list', 'keys')).keys as string[])).toContain('import/');
  });
});

describe('transit import', () => {
  it('imports a raw AES key that then decrypts what node:crypto sealed with it', async () => {
    const raw = randomBytes(32);
    expect(await call('update', 'keys/byo-aes/import', { ciphertext: wrap(raw), type: 'AES256-GCM96' })).toEqual({ status: 204 });
    const key = data(await call('read', 'keys/byo-aes'));
    expect(key).toMatchObject({ imported_key: true, imported_key_allow_rotation: false, latest_version: 1, type: 'aes256-gcm96' });
    const nonce = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', raw, nonce);
    const sealed = Buffer.concat([nonce, c.update('hello byok'), c.final(), c.getAuthTag()]);
    const dec = await call('update', 'decrypt/byo-aes', { ciphertext: `vault:v1:${sealed.toString('base64')}` });
    expect(unb64(data(dec).plaintext as string).toString()).toBe('hello byok');
    expect(await call('update', 'keys/byo-aes/rotate', {})).toEqual(bare('imported key byo-aes does not allow rotation within Vault'));
  });

  it('imports Ed25519 and ECDSA private keys (SHA-1 OAEP too) whose signatures node verifies', async () => {
    const ed = generateKeyPairSync('ed25519');
    expect((await call('update', 'keys/byo-ed/import', { type: 'ed25519', ciphertext: wrap(pkcs8(ed.privateKey), 'sha1'), hash_function: 'sha1' })).status).toBe(204);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect((await call('update', 'keys/byo-ec/import', { type: 'ecdsa-p256', ciphertext: wrap(pkcs8(ec.privateKey)) })).status).toBe(204);
    const input = b64('signed by an imported key');
    const edSig = data(await call('update', 'sign/byo-ed', { input })).signature as string;
    // Ed25519 is deterministic: the vault's signature is node's own with the same key.
    expect(edSig).toBe(`vault:v1:${sign(null, Buffer.from('signed by an imported key'), ed.privateKey).toString('base64')}`);
    const ecSig = unb64((data(await call('update', 'sign/byo-ec', { input })).signature as string).slice(9));
    expect(verify('sha256', Buffer.from('signed by an imported key'), ec.publicKey, ecSig)).toBe(true);
    const pub = (data(await call('read', 'keys/byo-ec')).keys as Record<string, { public_key: string }>)['1']!.public_key;
    expect(pub).toBe(ec.publicKey.export({ format: 'pem', type: 'spki' }));
  });

  it('imports a public key alone, then its private half with import_version into the same version', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const public_key = ec.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    expect((await call('update', 'keys/byo-pub/import', { type: 'ecdsa-p384', public_key })).status).toBe(204);
    const message = Buffer.from('verify only');
    const sig = sign('sha256', message, ec.privateKey).toString('base64');
    expect(data(await call('update', 'verify/byo-pub', { input: b64(message), signature: `vault:v1:${sig}` }))).toEqual({ valid: true });
    expect(await call('update', 'sign/byo-pub', { input: b64(message) })).toEqual(bare('requested version for signing does not contain a private part'));
    expect(await call('update', 'keys/byo-pub/import_version', { public_key, version: 1 }))
      .toEqual(bare('cannot add a public key to a key version that already has a public key set'));
    const other = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(await call('update', 'keys/byo-pub/import_version', { ciphertext: wrap(pkcs8(other.privateKey)), version: 1 }))
      .toEqual(bare('cannot import key, key pair does not match'));
    expect(await call('update', 'keys/byo-pub/import_version', { ciphertext: wrap(pkcs8(ec.privateKey)) })).toEqual({ status: 204 });
    expect(data(await call('read', 'keys/byo-pub')).latest_version).toBe(1);
    expect(data(await call('update', 'sign/byo-pub', { input: b64(message) })).key_version).toBe(1);
    expect(await call('update', 'keys/byo-pub/import_version', { ciphertext: wrap(pkcs8(ec.privateKey)), version: 1 }))
      .toEqual(bare('private key imported, key version cannot be updated'));
  });

  it('adds versions with import_version, and rotates when allow_rotation was set', async () => {
    const one = randomBytes(16);
    await call('update', 'keys/byo-128/import', { type: 'aes128-gcm96', ciphertext: wrap(one), allow_rotation: true, exportable: true });
    expect(await call('update', 'keys/byo-128/import_version', { ciphertext: wrap(randomBytes(16)) })).toEqual({ status: 204 });
    expect(data(await call('read', 'keys/byo-128'))).toMatchObject({ latest_version: 2, imported_key_allow_rotation: true });
    expect(unb64((data(await call('read', 'export/encryption-key/byo-128/1')).keys as Record<string, string>)['1']!)).toEqual(one);
    expect(data(await call('update', 'keys/byo-128/rotate', {}))).toMatchObject({ latest_version: 3, imported_key: false });
  });

  it('gives back exactly the imported bytes, for any symmetric or HMAC key and OAEP hash (property)', async () => {
    const sizes = { 'aes128-gcm96': [16, 16], 'aes256-gcm96': [32, 32], 'chacha20-poly1305': [32, 32], hmac: [32, 512] } as const;
    const keyArb = fc.constantFrom(...(Object.keys(sizes) as (keyof typeof sizes)[])).chain((type) =>
      fc.tuple(fc.constant(type), fc.uint8Array({ minLength: sizes[type][0], maxLength: sizes[type][1] }), fc.constantFrom('SHA1', 'sha224', 'SHA256', 'Sha384', 'SHA512')));
    let n = 0;
    await fc.assert(fc.asyncProperty(keyArb, async ([type, key, hash]) => {
      const name = `prop-${n++}`;
      const ciphertext = wrap(key, hash.toLowerCase());
      expect(await call('update', `keys/${name}/import`, { type, ciphertext, hash_function: hash, exportable: true })).toEqual({ status: 204 });
      const kind = type === 'hmac' ? 'hmac-key' : 'encryption-key';
      expect(unb64((data(await call('read', `export/${kind}/${name}/1`)).keys as Record<string, string>)['1']!)).toEqual(Buffer.from(key));
    }), { numRuns: 12 });
  });

  it('answers Vault\'s errors in Vault\'s order and writes nothing on failure', async () => {
    const key = randomBytes(32);
    expect(await call('update', 'keys/e1/import', { ciphertext: wrap(key), convergent_encryption: false }))
      .toEqual(bare('import cannot be used on keys with convergent encryption enabled'));
    expect(await call('update', 'keys/e1/import', { ciphertext: wrap(key), auto_rotate_period: '1h' }))
      .toEqual(bare('allow_rotation must be set to true if auto-rotation is enabled'));
    expect400(await call('update', 'keys/e1/import', { ciphertext: wrap(key), type: 'Bogus' }), 'unknown key type: Bogus');
    expect400(await call('update', 'keys/e1/import', { ciphertext: wrap(key), type: 'aes256-cmac' }), 'CMAC operations are only available in enterprise versions of Vault');
    expect(await call('update', 'keys/byo-aes/import', { ciphertext: wrap(key) }))
      .toEqual(bare('the import path cannot be used with an existing key; use import-version to rotate an existing imported key'));
    expect400(await call('update', 'keys/e1/import', { ciphertext: wrap(key), hash_function: 'MD5' }), 'unknown hash function: MD5');
    expect(await call('update', 'keys/e1/import', { ciphertext: 'abc' })).toEqual(bare('illegal base64 data at input byte 0'));
    expect(await call('update', 'keys/e1/import', { ciphertext: b64(randomBytes(512)) })).toEqual(bare('provided ciphertext is too short'));
    expect(await call('update', 'keys/e1/import', { ciphertext: wrap(key, 'sha1') })).toEqual(bare('crypto/rsa: decryption error'));
    const eph16 = Buffer.concat([publicEncrypt({ key: wrapping, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(16)), randomBytes(40)]);
    expect(await call('update', 'keys/e1/import', { ciphertext: eph16.toString('base64') })).toEqual(bare('expected ephemeral AES key to be 256-bit'));
    const tampered = unb64(wrap(key));
    tampered[tampered.length - 1]! ^= 1;
    expect(await call('update', 'keys/e1/import', { ciphertext: tampered.toString('base64') })).toEqual(bare('kwp: unwrap failed integrity check'));
    expect(await call('update', 'keys/e1/import', { ciphertext: wrap(randomBytes(16)) }))
      .toEqual(bare('error importing key: invalid key size 16 bytes for key type aes256-gcm96'));
    expect(await call('update', 'keys/e1/import', { type: 'hmac', public_key: 'x' })).toEqual(bare('provided type does not support public_key import'));
    const rsa = createPrivateKey((data(await call('read', 'export/encryption-key/stored-rsa/1')).keys as Record<string, string>)['1']!);
    expect(await call('update', 'keys/e1/import', { type: 'ecdsa-p256', ciphertext: wrap(pkcs8(rsa)) }))
      .toEqual(bare('error importing key: invalid key type: expected ecdsa-p256, got *rsa.PrivateKey'));
    expect(await call('update', 'keys/e1/import', { type: 'rsa-3072', ciphertext: wrap(pkcs8(rsa)) }))
      .toEqual(bare('error importing key: invalid key size: expected 384 bytes, got 512 bytes'));
    expect(await call('update', 'keys/e1/import', { type: 'ecdsa-p256', public_key: 'not pem' }))
      .toEqual(bare('error importing key: error parsing public key: not in PEM format'));
    // PKCS#1 is not what Vault takes, for the private (PKCS#8) nor the public (PKIX) key; Go's hint is kept.
    expect(await call('update', 'keys/e1/import', { type: 'rsa-4096', ciphertext: wrap(new Uint8Array(rsa.export({ format: 'der', type: 'pkcs1' }))) }))
      .toEqual(bare('error importing key: error parsing asymmetric key: x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)'));
    expect(await call('update', 'keys/e1/import', { type: 'rsa-4096', public_key: createPublicKey(rsa).export({ format: 'pem', type: 'pkcs1' }) as string }))
      .toEqual(bare('error importing key: error parsing public key: x509: failed to parse public key (use ParsePKCS1PublicKey instead for this key format)'));
    expect(await call('read', 'keys/e1')).toEqual({ status: 404, body: { errors: [] } });
    expect(await call('update', 'keys/e1/import_version', { ciphertext: wrap(key) }))
      .toEqual(bare('no key found with name e1; to import a new key, use the import/ endpoint'));
    await call('update', 'keys/made-here', {});
    expect(await call('update', 'keys/made-here/import_version', { ciphertext: wrap(key) }))
      .toEqual(bare('the import_version endpoint can only be used with an imported key'));
  });
});

describe('transit byok-export', () => {
  it('wraps a key for another RSA key; importing that output gives the same key', async () => {
    // The destination is this mount's own wrapping key, imported public-only: export then re-import.
    await call('update', 'keys/dest/import', { type: 'rsa-4096', public_key: wrapping.export({ format: 'pem', type: 'spki' }) as string });
    await call('update', 'keys/src', { exportable: true });
    await call('update', 'keys/src/rotate', {});
    const ct = data(await call('update', 'encrypt/src', { plaintext: b64('moved'), key_version: 1 })).ciphertext as string;
    const out = data(await call('read', 'byok-export/dest/src'));
    expect(out).toMatchObject({ name: 'src', type: 'aes256-gcm96' });
    expect(Object.keys(out.keys as object)).toEqual(['1', '2']);
    expect(await call('update', 'keys/moved/import', { ciphertext: (out.keys as Record<string, string>)['1'] })).toEqual({ status: 204 });
    expect(unb64(data(await call('update', 'decrypt/moved', { ciphertext: ct })).plaintext as string).toString()).toBe('moved');
    await call('update', 'keys/src-ed', { type: 'ed25519', exportable: true });
    const edOut = data(await call('read', 'byok-export/dest/src-ed/latest', { hash: 'sha512' })).keys as Record<string, string>;
    expect(await call('update', 'keys/moved-ed/import', { type: 'ed25519', hash_function: 'SHA512', ciphertext: edOut['1'] })).toEqual({ status: 204 });
    const input = b64('same key, same signature');
    expect(data(await call('update', 'sign/moved-ed', { input })).signature).toBe(data(await call('update', 'sign/src-ed', { input })).signature);
  });

  it('answers Vault\'s errors', async () => {
    await call('update', 'keys/plain', {});
    await call('update', 'keys/edkey', { type: 'ed25519' });
    expect(await call('read', 'byok-export/nope/src')).toEqual(bare('no such destination key to export to'));
    expect(await call('read', 'byok-export/dest/nope')).toEqual(bare('no such source key for export'));
    expect400(await call('read', 'byok-export/dest/plain'), 'key is not exportable');
    expect(await call('read', 'byok-export/plain/src')).toEqual(bare('message signing not supported for key type aes256-gcm96'));
    expect(await call('read', 'byok-export/edkey/src')).toEqual(bare('unsupported key type in use; must be a rsa key'));
    expect(await call('read', 'byok-export/dest/src', { hash: 'MD5' })).toEqual(bare('unknown hash function: MD5'));
    expect400(await call('read', 'byok-export/dest/src/x'), 'invalid key version');
    expect400(await call('read', 'byok-export/dest/src/9'), 'version does not exist or cannot be found');
  });
});
