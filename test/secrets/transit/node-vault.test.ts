// transit over the wire with a real client: every transit command node-vault has
// (src/commands.js: transitCreateKey, transitReadKey, transitListKeys, transitDeleteKey,
// encryptData, decryptData, rewrapData) against startVault().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeVault from 'node-vault';
import { startVault, type StartedVault } from '../../../src/testing/index.js';

describe('node-vault transit', () => {
  let v: StartedVault;
  beforeAll(async () => { v = await startVault({ rootToken: 'root', seed: 5 }); });
  afterAll(async () => { await v.close(); });

  it('creates a key, encrypts, decrypts and rewraps, with Vault\'s [name] warning', async () => {
    const client = NodeVault({ endpoint: v.url, token: 'root' });
    await client.mount({ mount_point: 'transit', type: 'transit' });
    const created = await client.transitCreateKey({ name: 'app' });
    expect(created.data).toMatchObject({ name: 'app', type: 'aes256-gcm96', latest_version: 1 });
    const plaintext = Buffer.from('hello from node-vault').toString('base64');
    const enc = await client.encryptData({ name: 'app', plaintext });
    expect(enc.data.ciphertext).toMatch(/^vault:v1:/);
    expect(enc.warnings).toEqual(["Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [name]"]);
    expect(enc.mount_type).toBe('transit');
    const dec = await client.decryptData({ name: 'app', ciphertext: enc.data.ciphertext });
    expect(dec.data.plaintext).toBe(plaintext);
    const re = await client.rewrapData({ name: 'app', ciphertext: enc.data.ciphertext });
    expect(re.data.key_version).toBe(1);
    expect((await client.transitListKeys()).data.keys).toEqual(['app']);
    await expect(client.decryptData({ name: 'app', ciphertext: 'nope' })).rejects.toThrow(/invalid ciphertext: no prefix/);
  });

  it('creates, reads and deletes asymmetric keys, and encrypts with RSA', async () => {
    const client = NodeVault({ endpoint: v.url, token: 'root' });
    await client.mount({ mount_point: 'transit', type: 'transit' }).catch(() => undefined);
    const created = await client.transitCreateKey({ name: 'signer', type: 'ecdsa-p256' });
    expect(created.data.keys['1']).toMatchObject({ name: 'P-256', public_key: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/) });
    const read = await client.transitReadKey({ name: 'signer' });
    expect(read.data).toMatchObject({ name: 'signer', type: 'ecdsa-p256', supports_signing: true });
    await client.transitCreateKey({ name: 'rsa', type: 'rsa-2048' });
    const plaintext = Buffer.from('oaep').toString('base64');
    const enc = await client.encryptData({ name: 'rsa', plaintext });
    expect((await client.decryptData({ name: 'rsa', ciphertext: enc.data.ciphertext })).data.plaintext).toBe(plaintext);
    await expect(client.encryptData({ name: 'signer', plaintext })).rejects.toThrow(/message encryption not supported for key type ecdsa-p256/);
    await expect(client.transitDeleteKey({ name: 'signer' })).rejects.toThrow(/deletion is not allowed for this key/);
    await client.write('transit/keys/signer/config', { deletion_allowed: true });
    await client.transitDeleteKey({ name: 'signer' });
    await expect(client.transitReadKey({ name: 'signer' })).rejects.toThrow(/404/);
  });
});
