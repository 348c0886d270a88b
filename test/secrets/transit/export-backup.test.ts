// export/:type/:name(/:version), backup/:name, restore(/:name) and cache-config through core
// (hashicorp/vault builtin/logical/transit: path_export.go, path_backup.go, path_restore.go,
// path_cache_config.go; KU lock_manager.go BackupPolicy/RestorePolicy, policy.go Backup).
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { b64, data, expect400, transitVault, unb64 } from './helpers.js';

const bare = (msg: string) => ({ status: 500, body: { errors: [`1 error occurred:\n\t* ${msg}\n\n`] } });
const input = b64('backed up');

describe('transit export', () => {
  it('exports each key type in Vault\'s encodings, PEM that node:crypto parses', async () => {
    const { call } = await transitVault();
    for (const t of ['aes128-gcm96', 'ed25519', 'ecdsa-p256', 'rsa-2048']) await call('update', `keys/${t}`, { type: t, exportable: true });
    const one = async (path: string) => (data(await call('read', `export/${path}`)).keys as Record<string, string>)['1']!;
    expect(unb64(await one('encryption-key/aes128-gcm96'))).toHaveLength(16);
    expect(unb64(await one('hmac-key/aes128-gcm96'))).toHaveLength(32);
    const ed = unb64(await one('signing-key/ed25519'));
    expect(ed).toHaveLength(64);
    expect(b64(ed.subarray(32))).toBe(await one('public-key/ed25519'));
    const ecPem = await one('signing-key/ecdsa-p256');
    expect(ecPem).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n[\s\S]+-----END EC PRIVATE KEY-----$/);
    expect(createPrivateKey(ecPem).asymmetricKeyDetails).toMatchObject({ namedCurve: 'prime256v1' });
    expect(await one('public-key/ecdsa-p256')).toMatch(/-----END PUBLIC KEY-----$/);
    const rsaPem = await one('encryption-key/rsa-2048');
    expect(rsaPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+-----END RSA PRIVATE KEY-----\n$/);
    expect(await one('signing-key/rsa-2048')).toBe(rsaPem);
    const rsaPub = await one('public-key/rsa-2048');
    expect(rsaPub).toMatch(/-----END PUBLIC KEY-----\n$/);
    expect(createPublicKey(createPrivateKey(rsaPem)).export({ type: 'spki', format: 'pem' })).toBe(rsaPub);
    expect(data(await call('read', 'export/public-key/ecdsa-p256'))).toMatchObject({ name: 'ecdsa-p256', type: 'ecdsa-p256' });
  });

  it('honours exportable and answers Vault\'s errors and version rules', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/locked', { type: 'ecdsa-p256' });
    await call('update', 'keys/aes', { exportable: true });
    expect400(await call('read', 'export/signing-key/locked'), 'private key material is not exportable');
    expect((await call('read', 'export/public-key/locked')).status).toBe(200);
    expect400(await call('read', 'export/bogus/aes'), 'invalid export type: bogus');
    expect400(await call('read', 'export/cmac-key/aes'), 'CMAC operations are only available in enterprise versions of Vault');
    expect(await call('read', 'export/encryption-key/none')).toEqual({ status: 404, body: { errors: [] } });
    expect400(await call('read', 'export/signing-key/aes'), 'signing not supported for the key');
    expect400(await call('read', 'export/encryption-key/locked'), 'private key material is not exportable');
    expect(await call('read', 'export/public-key/aes')).toEqual(bare('unknown key type aes256-gcm96 for export type public-key'));
    await call('update', 'keys/aes/rotate', {});
    expect(Object.keys(data(await call('read', 'export/encryption-key/aes')).keys as object)).toEqual(['1', '2']);
    expect(Object.keys(data(await call('read', 'export/encryption-key/aes/latest')).keys as object)).toEqual(['2']);
    expect(Object.keys(data(await call('read', 'export/encryption-key/aes/v1')).keys as object)).toEqual(['1']);
    expect400(await call('read', 'export/encryption-key/aes/x'), 'invalid key version');
    expect400(await call('read', 'export/encryption-key/aes/3'), 'version does not exist or cannot be found');
    await call('update', 'keys/aes/config', { min_decryption_version: 2 });
    expect400(await call('read', 'export/encryption-key/aes/1'), 'version for export is below minimum decryption version');
  });
});

describe('transit backup and restore', () => {
  it('restores a backup into a fresh vault, which decrypts and verifies the old outputs', async () => {
    const a = await transitVault(1);
    const flags = { exportable: true, allow_plaintext_backup: true };
    const outputs: Record<string, string> = {};
    for (const t of ['aes256-gcm96', 'chacha20-poly1305', 'rsa-2048']) {
      await a.call('update', `keys/${t}`, { type: t, ...flags });
      await a.call('update', `keys/${t}/rotate`, {});
      outputs[t] = data(await a.call('update', `encrypt/${t}`, { plaintext: input, key_version: 1 })).ciphertext as string;
    }
    for (const t of ['ed25519', 'ecdsa-p521']) {
      await a.call('update', `keys/${t}`, { type: t, ...flags });
      outputs[t] = data(await a.call('update', `sign/${t}`, { input })).signature as string;
    }
    const b = await transitVault(2);
    for (const t of Object.keys(outputs)) {
      const backup = data(await a.call('read', `backup/${t}`)).backup as string;
      const doc = unb64(backup).toString();
      expect(doc.endsWith('}\n')).toBe(true);
      expect(Object.keys(JSON.parse(doc) as object)).toEqual(['policy', 'archived_keys']);
      expect(await b.call('update', `restore/${t}`, { backup })).toEqual({ status: 204 });
      if (t.startsWith('ed') || t.startsWith('ecdsa')) {
        expect(data(await b.call('update', `verify/${t}`, { input, signature: outputs[t] }))).toEqual({ valid: true });
      } else {
        expect(data(await b.call('update', `decrypt/${t}`, { ciphertext: outputs[t] }))).toEqual({ plaintext: input });
      }
      const read = data(await b.call('read', `keys/${t}`));
      expect(read).toMatchObject({ name: t, restore_info: { version: read.latest_version }, backup_info: { version: read.latest_version } });
    }
    expect(data(await a.call('read', 'keys/aes256-gcm96')).backup_info).toEqual({ time: '2026-01-01T00:00:00Z', version: 2 });
  });

  it('writes big integers as JSON numbers and the archive with Vault\'s placeholder at index 0', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/ec', { type: 'ecdsa-p256', exportable: true, allow_plaintext_backup: true });
    const doc = unb64(data(await call('read', 'backup/ec')).backup as string).toString();
    expect(doc).toMatch(/"ec_d":[0-9]{20,},/);
    expect(doc).toContain('"archived_keys":{"keys":[{"key":null,"hmac_key":null,"time":"0001-01-01T00:00:00Z"');
    expect(doc).toMatch(/"type":1,"backup_info":\{"time":"[^"]+","version":1\},"restore_info":null,"allow_plaintext_backup":true,"version_template":"","storage_prefix":"","auto_rotate_period":0,"Imported":false,"AllowImportedKeyRotation":false\}/);
  });

  it('answers Vault\'s errors for backup and restore, and restores under another name or with force', async () => {
    const { call } = await transitVault();
    expect(await call('read', 'backup/none')).toEqual(bare('key "none" not found'));
    await call('update', 'keys/k', {});
    expect(await call('read', 'backup/k')).toEqual(bare('exporting is disallowed on the policy'));
    await call('update', 'keys/k/config', { exportable: true });
    expect(await call('read', 'backup/k')).toEqual(bare('plaintext backup is disallowed on the policy'));
    await call('update', 'keys/k/config', { allow_plaintext_backup: true });
    const backup = data(await call('read', 'backup/k')).backup as string;
    const ct = data(await call('update', 'encrypt/k', { plaintext: input })).ciphertext;
    expect400(await call('update', 'restore', {}), "'backup' must be supplied");
    expect(await call('update', 'restore/a/b', { backup })).toEqual(bare('key names cannot be paths'));
    expect(await call('update', 'restore', { backup: '!!' })).toEqual(bare('illegal base64 data at input byte 0'));
    expect(await call('update', 'restore', { backup })).toEqual(bare('key "k" already exists'));
    expect((await call('update', 'restore', { backup, force: true })).status).toBe(204);
    expect((await call('update', 'restore/copy', { backup })).status).toBe(204);
    expect(data(await call('update', 'decrypt/copy', { ciphertext: ct }))).toEqual({ plaintext: input });
    expect(data(await call('list', 'keys'))).toEqual({ keys: ['copy', 'k'] });
  });
});

describe('transit restore of RSA keys without precomputed CRT values', () => {
  it('recomputes them from D and the primes', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/r', { type: 'rsa-2048', exportable: true, allow_plaintext_backup: true });
    const ct = data(await call('update', 'encrypt/r', { plaintext: input })).ciphertext;
    const doc = unb64(data(await call('read', 'backup/r')).backup as string).toString();
    const stripped = doc.replace(/,"Precomputed":\{[^}]*\}/g, '');
    expect(stripped).not.toContain('Precomputed');
    expect((await call('update', 'restore/r2', { backup: b64(stripped) })).status).toBe(204);
    expect(data(await call('update', 'decrypt/r2', { ciphertext: ct }))).toEqual({ plaintext: input });
  });
});

describe('transit cache-config', () => {
  it('stores and reports the size with Vault\'s rule', async () => {
    const { call } = await transitVault();
    expect(data(await call('read', 'cache-config'))).toEqual({ size: 0 });
    expect400(await call('update', 'cache-config', { size: 5 }), 'size must be 0 or a value greater or equal to 10');
    expect(data(await call('update', 'cache-config', { size: 25 }))).toEqual({ size: 25 });
    expect(data(await call('read', 'cache-config'))).toEqual({ size: 25 });
  });
});
