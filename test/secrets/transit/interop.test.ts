// Cross-implementation vectors (test/vectors/transit-ciphertexts.json, built by @noble/ciphers and
// @noble/hashes in test/vectors/transit-build.ts from Vault's byte layouts): node:crypto opens
// each one on its own, and minivault, given the same key material through a Vault-format backup,
// decrypts every vector and reproduces the deterministic (convergent) ones byte for byte — AES-GCM,
// ChaCha20-Poly1305, HKDF and legacy counter-mode derivation with contexts, convergent versions
// 1, 2 and 3 (hashicorp/vault sdk/helper/keysutil/policy.go EncryptWithFactory, DecryptWithFactory).
import { createDecipheriv, createHmac, hkdfSync, type CipherGCMTypes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, INPUTS, type TransitVector } from '../../vectors/transit-build.js';
import { b64, data, transitVault, unb64, type Body, type Op } from './helpers.js';

const { vectors } = JSON.parse(readFileSync(new URL('../../vectors/transit-ciphertexts.json', import.meta.url), 'utf8')) as { vectors: TransitVector[] };
const TYPE_INT = { 'aes256-gcm96': 0, 'chacha20-poly1305': 5, 'aes128-gcm96': 8 } as const;
const payloadOf = (v: TransitVector) => unb64(v.ciphertext.slice('vault:v1:'.length));

/** node:crypto's own reading of the layout: key derivation, nonce rule, then AEAD open. */
function nodeOpen(v: TransitVector): Buffer {
  const raw = unb64(v.key), ctx = unb64(v.context), payload = payloadOf(v);
  let key = raw;
  if (v.derived && v.kdf === 0) {
    const label = Buffer.concat([Buffer.alloc(4), ctx, Buffer.from([0, 0, 1, 0])]);
    key = createHmac('sha256', raw).update(label).digest();
  } else if (v.derived && ctx.length <= 1024) {
    key = Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), ctx, raw.length));
  } else if (v.derived) {
    // node's hkdfSync refuses info over 1024 bytes; RFC 5869 by hand (one or two blocks).
    const prk = createHmac('sha256', Buffer.alloc(32)).update(raw).digest();
    key = createHmac('sha256', prk).update(ctx).update(Buffer.from([1])).digest().subarray(0, raw.length);
  }
  const nonce = v.convergent_version === 1 ? unb64(v.nonce) : payload.subarray(0, 12);
  const sealed = v.convergent_version === 1 ? payload : payload.subarray(12);
  const cipher = v.type === 'chacha20-poly1305' ? 'chacha20-poly1305' : key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm';
  const d = createDecipheriv(cipher as CipherGCMTypes, key, nonce, { authTagLength: 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  if (v.associated_data !== '') d.setAAD(unb64(v.associated_data));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
}

/** A Vault backup (KU policy.go KeyData) holding the vector's key as version 1. */
function backupOf(v: TransitVector, name: string): string {
  const entry = { key: v.key, hmac_key: v.hmac_key, time: '2024-10-30T00:00:00Z', ec_x: null, ec_y: null, ec_d: null, rsa_key: null, rsa_public_key: null, public_key: '', convergent_version: v.convergent_version, creation_time: 1730246400 };
  const empty = { ...entry, key: null, hmac_key: null, time: '0001-01-01T00:00:00Z', convergent_version: 0, creation_time: 0 };
  const policy = {
    name, keys: { 1: entry }, derived: v.derived, kdf: v.kdf, convergent_encryption: v.convergent_version > 0, exportable: true,
    min_decryption_version: 1, min_encryption_version: 0, latest_version: 1, archive_version: 1, archive_min_version: 0,
    min_available_version: 0, deletion_allowed: false, convergent_version: v.convergent_version === 3 ? -1 : v.convergent_version,
    type: TYPE_INT[v.type], backup_info: null, restore_info: null, allow_plaintext_backup: true, version_template: '', storage_prefix: '',
    auto_rotate_period: 0, Imported: false, AllowImportedKeyRotation: false,
  };
  return b64(`${JSON.stringify({ policy, archived_keys: { keys: [empty, entry] } })}\n`);
}

const single = (v: TransitVector): Body => ({
  ...(v.context ? { context: v.context } : {}), ...(v.associated_data ? { associated_data: v.associated_data } : {}),
});

describe('transit cross-implementation vectors', () => {
  let call: (op: Op, path: string, body?: Body) => Promise<{ status: number; body?: unknown }>;
  beforeAll(async () => {
    ({ call } = await transitVault(5));
    for (const [i, v] of vectors.entries()) expect(await call('update', `restore/v${i}`, { backup: backupOf(v, `v${i}`) })).toEqual({ status: 204 });
  });

  it('are what the @noble builder makes of their inputs (the stored file is current)', () => {
    expect(vectors).toEqual(INPUTS.map(build));
    expect(vectors.map((v) => v.convergent_version)).toEqual(expect.arrayContaining([0, 1, 2, 3]));
  });

  it('open with node:crypto following Vault\'s layout on its own', () => {
    for (const v of vectors) expect([v.name, nodeOpen(v).toString('base64')]).toEqual([v.name, v.plaintext]);
  });

  it('decrypt in minivault, except convergent version 1, which Vault 1.18 cannot open either', async () => {
    for (const [i, v] of vectors.entries()) {
      const res = await call('update', `decrypt/v${i}`, { ciphertext: v.ciphertext, ...single(v), ...(v.convergent_version === 1 ? { nonce: v.nonce } : {}) });
      if (v.convergent_version === 1) expect([v.name, res]).toEqual([v.name, { status: 400, body: { errors: ['cipher: message authentication failed'] } }]);
      else expect([v.name, data(res).plaintext]).toEqual([v.name, v.plaintext]);
    }
  });

  it('come out of minivault byte for byte where encryption is deterministic (convergent)', async () => {
    for (const [i, v] of vectors.entries()) {
      if (v.convergent_version === 0) continue;
      const body = { plaintext: v.plaintext, ...single(v), ...(v.convergent_version === 1 ? { nonce: v.nonce } : {}) };
      expect([v.name, data(await call('update', `encrypt/v${i}`, body)).ciphertext]).toEqual([v.name, v.ciphertext]);
    }
  });

  it('and minivault\'s own random-nonce ciphertexts open with node:crypto under the vector\'s key', async () => {
    for (const [i, v] of vectors.entries()) {
      if (v.convergent_version !== 0) continue;
      const ciphertext = data(await call('update', `encrypt/v${i}`, { plaintext: v.plaintext, ...single(v) })).ciphertext as string;
      expect(ciphertext).not.toBe(v.ciphertext);
      expect(nodeOpen({ ...v, ciphertext }).toString('base64')).toBe(v.plaintext);
    }
  });
});
