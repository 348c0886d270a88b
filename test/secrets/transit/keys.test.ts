// Transit key management through core (hashicorp/vault builtin/logical/transit: path_keys.go, path_keys_config.go,
// path_rotate.go, path_trim.go; KU policy.go): the read shape, create rules, list, delete,
// config rules, rotate, trim and lazy auto-rotation on the vault clock.
import { describe, expect, it } from 'vitest';
import { data, errors, expect400, transitVault } from './helpers.js';

const T0 = Date.UTC(2026, 0, 1) / 1000;

describe('transit keys', () => {
  it('creates an aes256-gcm96 key by default and reads it in Vault\'s shape, members sorted', async () => {
    const { call } = await transitVault();
    const created = await call('update', 'keys/foo', {});
    expect(created.status).toBe(200);
    const read = data(await call('read', 'keys/foo'));
    expect(data(created)).toEqual(read);
    expect(JSON.stringify(read)).toBe(
      `{"allow_plaintext_backup":false,"auto_rotate_period":0,"deletion_allowed":false,"derived":false,"exportable":false,"imported_key":false,"keys":{"1":${T0}},"latest_version":1,"min_available_version":0,"min_decryption_version":1,"min_encryption_version":0,"name":"foo","supports_decryption":true,"supports_derivation":true,"supports_encryption":true,"supports_signing":false,"type":"aes256-gcm96"}`,
    );
  });

  it('shows kdf and the convergent version for derived keys, and accepts every symmetric type', async () => {
    const { call } = await transitVault();
    const d = data(await call('update', 'keys/c', { type: 'chacha20-poly1305', derived: true, convergent_encryption: true }));
    expect(d).toMatchObject({ type: 'chacha20-poly1305', derived: true, kdf: 'hkdf_sha256', convergent_encryption: true, convergent_encryption_version: -1 });
    const plain = data(await call('update', 'keys/d', { type: 'aes128-gcm96', derived: true }));
    expect(plain).toMatchObject({ kdf: 'hkdf_sha256', convergent_encryption: false });
    expect(plain).not.toHaveProperty('convergent_encryption_version');
    expect(data(await call('update', 'keys/e', { exportable: true, allow_plaintext_backup: 'true', auto_rotate_period: '2h' })))
      .toMatchObject({ exportable: true, allow_plaintext_backup: true, auto_rotate_period: 7200 });
  });

  it('validates creation in Vault\'s order', async () => {
    const { call } = await transitVault();
    expect400(await call('update', 'keys/k', { auto_rotate_period: '30m', type: 'nope' }), 'auto rotate period must be 0 to disable or at least an hour');
    expect400(await call('update', 'keys/k', { convergent_encryption: true, type: 'nope' }), 'convergent encryption requires derivation to be enabled');
    expect400(await call('update', 'keys/k', { type: 'xchacha20-poly1305' }), 'unknown key type xchacha20-poly1305');
    expect400(await call('update', 'keys/k', { key_size: 64 }), 'key_size is not valid for algorithm aes256-gcm96');
    expect400(await call('update', 'keys/k', { type: 'hmac', key_size: 16 }), 'invalid key_size 16');
    expect400(await call('update', 'keys/k', { type: 'aes256-cmac' }), 'CMAC operations are only available in enterprise versions of Vault');
    expect(await call('update', 'keys/k', { type: 'managed_key' }))
      .toEqual({ status: 500, body: { errors: ['1 error occurred:\n\t* managed keys are supported within enterprise edition only\n\n'] } });
    // Checks on a new key only (KU policy.go RotateInMemory): bare errors, 500.
    const bare = (msg: string) => ({ status: 500, body: { errors: [`1 error occurred:\n\t* ${msg}\n\n`] } });
    expect(await call('update', 'keys/k', { type: 'rsa-2048', derived: true })).toEqual(bare('key derivation and convergent encryption not supported for keys of type rsa-2048'));
    expect(await call('update', 'keys/k', { type: 'ecdsa-p256', derived: true })).toEqual(bare('key derivation and convergent encryption not supported for keys of type ecdsa-p256'));
    expect(await call('update', 'keys/k', { type: 'ed25519', derived: true, convergent_encryption: true })).toEqual(bare('convergent encryption not supported for keys of type ed25519'));
    expect(await call('update', 'keys/k', { type: 'hmac' })).toEqual(bare('invalid key size for HMAC key, must be between 32 and 512 bytes'));
    expect((await call('read', 'keys/k')).status).toBe(404);
  });

  it('returns an existing key unchanged on re-create, without a warning', async () => {
    const { call } = await transitVault();
    const first = data(await call('update', 'keys/k', {}));
    const again = await call('update', 'keys/k', { type: 'chacha20-poly1305', derived: true });
    expect(data(again)).toEqual(first);
    expect((again.body as { warnings: unknown }).warnings).toBeNull();
  });

  it('lists key names, 404 when there are none; a missing key reads as 404', async () => {
    const { call } = await transitVault();
    expect(await call('list', 'keys')).toEqual({ status: 404, body: { errors: [] } });
    await call('update', 'keys/b', {});
    await call('update', 'keys/a', {});
    expect(data(await call('list', 'keys'))).toEqual({ keys: ['a', 'b'] });
    expect(await call('read', 'keys/zzz')).toEqual({ status: 404, body: { errors: [] } });
    expect((await call('read', 'keys')).status).toBe(405);
  });

  it('deletes only when deletion_allowed is set', async () => {
    const { call } = await transitVault();
    expect400(await call('delete', 'keys/k'), 'error deleting policy k: could not delete key; not found');
    await call('update', 'keys/k', {});
    expect400(await call('delete', 'keys/k'), 'error deleting policy k: deletion is not allowed for this key');
    expect(data(await call('update', 'keys/k/config', { deletion_allowed: true }))).toMatchObject({ deletion_allowed: true });
    expect(await call('delete', 'keys/k')).toEqual({ status: 204 });
    expect((await call('read', 'keys/k')).status).toBe(404);
  });

  it('rotates, adding a version with its creation time', async () => {
    const { vault, call } = await transitVault();
    expect400(await call('update', 'keys/k/rotate'), 'key not found');
    await call('update', 'keys/k', {});
    vault.clock.advance('1h');
    const d = data(await call('update', 'keys/k/rotate'));
    expect(d).toMatchObject({ latest_version: 2, keys: { 1: T0, 2: T0 + 3600 }, min_decryption_version: 1 });
  });

  it('applies config with Vault\'s rules and errors', async () => {
    const { call } = await transitVault();
    expect400(await call('update', 'keys/k/config', {}), 'no existing key named k could be found');
    await call('update', 'keys/k', {});
    await call('update', 'keys/k/rotate');
    await call('update', 'keys/k/rotate');
    expect400(await call('update', 'keys/k/config', { min_decryption_version: -1 }), 'min decryption version cannot be negative');
    expect400(await call('update', 'keys/k/config', { min_decryption_version: 4 }), 'cannot set min decryption version of 4, latest key version is 3');
    expect400(await call('update', 'keys/k/config', { min_encryption_version: -1 }), 'min encryption version cannot be negative');
    expect400(await call('update', 'keys/k/config', { min_encryption_version: 9 }), 'cannot set min encryption version of 9, latest key version is 3');
    expect400(await call('update', 'keys/k/config', { min_decryption_version: 3, min_encryption_version: 2 }),
      'cannot set min encryption/decryption values; min encryption version of 2 must be greater than or equal to min decryption version of 3');
    expect400(await call('update', 'keys/k/config', { auto_rotate_period: 60 }), 'auto rotate period must be 0 to disable or at least an hour');
    const forced = await call('update', 'keys/k/config', { min_decryption_version: 0 });
    expect((forced.body as { warnings: string[] }).warnings).toEqual(['since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1']);
    const d = data(await call('update', 'keys/k/config', { min_decryption_version: 2, exportable: true }));
    expect(d).toMatchObject({ min_decryption_version: 2, exportable: true, keys: { 2: T0, 3: T0 } });
    expect(Object.keys(d.keys as object)).toEqual(['2', '3']); // version 1 is archived
    expect(data(await call('update', 'keys/k/config', { exportable: false }))).toMatchObject({ exportable: true });
    expect(Object.keys(data(await call('update', 'keys/k/config', { min_decryption_version: 1 })).keys as object)).toEqual(['1', '2', '3']);
  });

  it('trims with Vault\'s checks, permanently dropping old versions', async () => {
    const { call } = await transitVault();
    expect400(await call('update', 'keys/k/trim', { min_available_version: 1 }), 'invalid key name');
    await call('update', 'keys/k', {});
    await call('update', 'keys/k/rotate');
    await call('update', 'keys/k/rotate');
    expect400(await call('update', 'keys/k/trim', {}), 'missing min_available_version');
    expect400(await call('update', 'keys/k/trim', { min_available_version: 1 }), 'minimum available version cannot be set when minimum encryption version is not set');
    await call('update', 'keys/k/config', { min_encryption_version: 3, min_decryption_version: 2 });
    expect400(await call('update', 'keys/k/trim', { min_available_version: 3 }), 'minimum available version cannot be greater than minimum decryption version');
    expect400(await call('update', 'keys/k/trim', { min_available_version: 0 }), 'minimum available version should be positive');
    expect(data(await call('update', 'keys/k/trim', { min_available_version: 2 }))).toMatchObject({ min_available_version: 2 });
    expect400(await call('update', 'keys/k/trim', { min_available_version: 1 }), 'minimum available version cannot be decremented');
    expect400(await call('update', 'keys/k/config', { min_decryption_version: 1 }), 'min decryption version should not be less then min available version');
    expect(Object.keys(data(await call('read', 'keys/k')).keys as object)).toEqual(['2', '3']);
  });

  it('auto-rotates a key on its next use once the period has passed on the vault clock', async () => {
    const { vault, call } = await transitVault();
    await call('update', 'keys/k', { auto_rotate_period: '1h' });
    vault.clock.advance('59m');
    expect(data(await call('read', 'keys/k')).latest_version).toBe(1);
    vault.clock.advance('2m');
    const ct = data(await call('update', 'encrypt/k', { plaintext: 'aGk=' })).ciphertext as string;
    expect(ct.startsWith('vault:v2:')).toBe(true);
    expect(data(await call('read', 'keys/k'))).toMatchObject({ latest_version: 2, auto_rotate_period: 3600 });
    await call('update', 'keys/k/config', { auto_rotate_period: 0 });
    vault.clock.advance('5h');
    expect(data(await call('read', 'keys/k')).latest_version).toBe(2);
  });

  it('refuses a bad context on read', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/k', {});
    expect(errors(await call('read', 'keys/k', { context: '!!' }))).toEqual(['failed to base64-decode context']);
  });
});
