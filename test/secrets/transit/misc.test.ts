// random, hash, hmac and HMAC verify through core (hashicorp/vault builtin/logical/transit: path_random.go,
// helper/random/random_api.go, path_hash.go, path_hmac.go, path_sign_verify.go).
import { describe, expect, it } from 'vitest';
import { b64, data, expect400, transitVault, unb64 } from './helpers.js';

describe('transit random', () => {
  it('serves every URL form with Vault\'s defaults and limits', async () => {
    const { call } = await transitVault();
    expect(unb64(data(await call('update', 'random', {})).random_bytes as string).length).toBe(32);
    expect(data(await call('update', 'random/16', { format: 'hex' })).random_bytes).toMatch(/^[0-9a-f]{32}$/);
    expect(unb64(data(await call('update', 'random/all', { bytes: 8 })).random_bytes as string).length).toBe(8);
    const seal = await call('update', 'random/seal/4', {});
    expect((seal.body as { warnings: string[] }).warnings).toEqual(['no seal/entropy augmentation available, using platform entropy source']);
    expect400(await call('update', 'random/x1', {}), 'error parsing url-set byte count: strconv.Atoi: parsing "x1": invalid syntax');
    expect400(await call('update', 'random/platform/x', {}), 'error parsing url-set byte count: strconv.Atoi: parsing "x": invalid syntax');
    expect400(await call('update', 'random/nope/4', {}), 'unsupported entropy source "nope"; must be "platform" or "seal", or "all"');
    expect400(await call('update', 'random', { bytes: 0 }), '"bytes" cannot be less than 1');
    expect400(await call('update', 'random/131073', {}), '"bytes" should be less than 131072');
    expect400(await call('update', 'random', { format: 'raw' }), 'unsupported encoding format "raw"; must be "hex" or "base64"');
  });
});

describe('transit hash', () => {
  it('hashes with the SHA-2 and SHA-3 families (FIPS 180/202 "abc" vectors)', async () => {
    const { call } = await transitVault();
    const sum = async (path: string, extra = {}) => data(await call('update', path, { input: b64('abc'), ...extra })).sum;
    expect(await sum('hash')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sum('hash/sha3-256')).toBe('3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532');
    expect(await sum('hash', { algorithm: 'sha2-224' })).toBe('23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7');
    expect(await sum('hash/sha2-256', { algorithm: 'sha2-512', format: 'base64' })).toBe(Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex').toString('base64'));
    expect400(await call('update', 'hash', {}), 'input missing');
    expect400(await call('update', 'hash', { input: 'a' }), 'unable to decode input as base64: illegal base64 data at input byte 0');
    expect400(await call('update', 'hash', { input: '', format: 'bin' }), 'unsupported encoding format bin; must be "hex" or "base64"');
    expect400(await call('update', 'hash/sha1', { input: '' }), 'unsupported algorithm sha1');
  });
});

describe('transit hmac and verify', () => {
  it('computes vault:vN: HMACs and verifies them, single and batch', async () => {
    const { call } = await transitVault();
    expect400(await call('update', 'hmac/k', { input: 'aGk=' }), 'encryption key not found');
    await call('update', 'keys/k', {});
    const mac = data(await call('update', 'hmac/k/sha2-512', { input: 'aGk=' })).hmac as string;
    expect(mac).toMatch(/^vault:v1:/);
    expect(unb64(mac.slice(9)).length).toBe(64);
    expect(data(await call('update', 'verify/k/sha2-512', { input: 'aGk=', hmac: mac }))).toEqual({ valid: true });
    expect(data(await call('update', 'verify/k', { input: 'aGk=', hmac: mac }))).toEqual({ valid: false });
    expect(data(await call('update', 'verify/k', { input: 'aGk=', hash_algorithm: 'sha2-512', hmac: mac }))).toEqual({ valid: true });
    const batch = data(await call('update', 'hmac/k', { batch_input: [{ input: 'aGk=', reference: 'a' }, { input: '!' }, { reference: 'c' }] }));
    expect(batch.batch_results).toEqual([
      { hmac: expect.stringMatching(/^vault:v1:/), reference: 'a' },
      { error: 'unable to decode input as base64: illegal base64 data at input byte 0', reference: '' },
      { error: 'missing input for HMAC', reference: 'c' },
    ]);
    const good = (batch.batch_results as { hmac: string }[])[0]!.hmac;
    const v = data(await call('update', 'verify/k', { batch_input: [{ input: 'aGk=', hmac: good }, { input: 'aGk=', hmac: mac, reference: 'x' }, { input: 'aGk=', hmac: 'x' }] }));
    expect(v.batch_results).toEqual([{ valid: true, reference: '' }, { reference: 'x' }, { error: 'invalid HMAC to verify: no prefix', reference: '' }]);
  });

  it('answers Vault\'s errors and version rules', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/k', {});
    await call('update', 'keys/k/rotate');
    expect400(await call('update', 'hmac/k/md5', { input: 'aGk=' }), "unsupported algorithm '\\x00'");
    expect400(await call('update', 'hmac/k', {}), 'missing input for HMAC');
    expect400(await call('update', 'hmac/k', { input: 'aGk=', key_version: 3 }), 'key version does not exist; latest key version is 2');
    const v1 = data(await call('update', 'hmac/k', { input: 'aGk=', key_version: 1 })).hmac as string;
    expect(v1).toMatch(/^vault:v1:/);
    await call('update', 'keys/k/config', { min_encryption_version: 2, min_decryption_version: 2 });
    expect400(await call('update', 'hmac/k', { input: 'aGk=', key_version: 1 }), 'cannot generate HMAC: version is too old (disallowed by policy)');
    expect400(await call('update', 'verify/k', { input: 'aGk=', hmac: v1 }), 'cannot verify HMAC: version is too old (disallowed by policy)');
    expect400(await call('update', 'verify/k', { input: 'aGk=', hmac: 'vault:v9:AAAA' }), 'invalid HMAC: version is too new');
    expect400(await call('update', 'verify/k', { input: 'aGk=', hmac: 'vault:v1' }), 'invalid HMAC: wrong number of fields');
    expect400(await call('update', 'verify/k', { input: 'aGk=', hmac: 'vault:vx:AA' }), 'invalid HMAC: version number could not be decoded');
    expect400(await call('update', 'verify/k', { input: 'aGk=', hmac: 'vault:v2:A' }), 'unable to decode verification HMAC as base64: illegal base64 data at input byte 0');
    expect400(await call('update', 'verify/k', { input: 'aGk=' }), "missing 'signature', 'hmac' or 'cmac' were given to verify");
    expect400(await call('update', 'verify/k', { hmac: 'x' }), 'invalid HMAC to verify: no prefix');
    expect(data(await call('update', 'verify/k', { batch_input: [{ hmac: 'x', reference: 'r' }] })).batch_results).toEqual([{ error: 'missing input', reference: 'r' }]);
    expect400(await call('update', 'verify/k', { input: 'aGk=', hmac: '', signature: '' }), "provide one of 'signature', 'hmac' or 'cmac'");
    expect400(await call('update', 'verify/k', { input: 'aGk=', cmac: 'x' }), 'CMAC operations are only available in enterprise versions of Vault');
    expect400(await call('update', 'verify/k', { batch_input: [{ hmac: 'x' }, { signature: 'y' }] }), "elements of batch_input must all provide either 'signature', 'hmac' or 'cmac'");
    expect400(await call('update', 'verify/k', { batch_input: [{ hmac: 'x' }, { input: 'y' }] }), "some elements of batch_input are missing 'hmac'");
    expect400(await call('update', 'verify/k', { batch_input: [{ input: 'y' }] }), "no batch_input elements have 'signature', 'hmac' or 'cmac'");
    expect400(await call('update', 'verify/nope', { input: 'aGk=', hmac: v1 }), 'encryption key not found');
    expect400(await call('update', 'verify/k', { input: 'aGk=', signature: 'vault:v1:AAAA' }), 'key type aes256-gcm96 does not support verification');
  });
});
