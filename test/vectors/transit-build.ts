// Builds transit ciphertext vectors from Vault's byte layouts (hashicorp/vault
// sdk/helper/keysutil/policy.go EncryptWithFactory, SymmetricEncryptRaw, DeriveKey;
// SDK helper/kdf CounterMode) with @noble/ciphers and @noble/hashes only — no node:crypto and no
// minivault code — so the stored file is an independent witness:
//   payload = nonce ‖ AEAD(ciphertext ‖ tag)   (convergent version 1: no nonce prefix)
//   derived key (kdf 1) = HKDF-SHA256(key, salt = none, info = context), L = key length
//                                                 (+32 for convergent version 3: k_enc ‖ k_hmac)
//   derived key (kdf 0) = HMAC-SHA256(key, BE32(0) ‖ context ‖ BE32(256))
//   nonce: random (recorded); v3 HMAC-SHA256(k_hmac, plaintext)[:12]; v2 HMAC-SHA256(context,
//   plaintext)[:12]; v1 the client's.
// `npx tsx test/vectors/transit-build.ts` rewrites test/vectors/transit-ciphertexts.json from the
// inputs below; test/secrets/transit/interop.test.ts checks the stored file against this builder,
// node:crypto and minivault.
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface TransitVector {
  name: string;
  type: 'aes128-gcm96' | 'aes256-gcm96' | 'chacha20-poly1305';
  /** The version's stored key (base64) and HMAC key (for a backup to restore). */
  key: string;
  hmac_key: string;
  derived: boolean;
  /** 1 = hkdf_sha256, 0 = hmac-sha256-counter (legacy). */
  kdf: 0 | 1;
  /** 0 = not convergent, else the version's convergent version. */
  convergent_version: 0 | 1 | 2 | 3;
  context: string;
  /** The nonce used: random for non-convergent vectors, the client's for v1, computed for v2/v3. */
  nonce: string;
  associated_data: string;
  plaintext: string;
  /** Hex of the AEAD key after derivation. */
  encryption_key: string;
  ciphertext: string;
}

type Input = Omit<TransitVector, 'encryption_key' | 'ciphertext'>;
const b = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const s64 = (u: Uint8Array): string => Buffer.from(u).toString('base64');
const fill = (n: number, start: number): string => s64(Uint8Array.from({ length: n }, (_, i) => (start + i * 7) & 0xff));
const text = (t: string): string => Buffer.from(t).toString('base64');

/** The AEAD key and, for convergent version 3, the nonce's HMAC key. */
function keys(v: Input): { enc: Uint8Array; mac?: Uint8Array } {
  const raw = b(v.key);
  if (!v.derived) return { enc: raw };
  const ctx = b(v.context);
  if (v.kdf === 0) {
    const label = new Uint8Array(4 + ctx.length + 4);
    label.set(ctx, 4);
    new DataView(label.buffer).setUint32(4 + ctx.length, 256);
    return { enc: hmac(sha256, raw, label) };
  }
  if (v.convergent_version === 3) {
    const okm = hkdf(sha256, raw, undefined, ctx, raw.length + 32);
    return { enc: okm.subarray(0, raw.length), mac: okm.subarray(raw.length) };
  }
  return { enc: hkdf(sha256, raw, undefined, ctx, raw.length) };
}

export function build(v: Input): TransitVector {
  const { enc, mac } = keys(v);
  const pt = b(v.plaintext);
  let nonce = b(v.nonce);
  if (v.convergent_version === 3) nonce = hmac(sha256, mac!, pt).subarray(0, 12);
  if (v.convergent_version === 2) nonce = hmac(sha256, b(v.context), pt).subarray(0, 12);
  const ad = b(v.associated_data);
  const aead = v.type === 'chacha20-poly1305' ? chacha20poly1305(enc, nonce, ad) : gcm(enc, nonce, ad);
  const sealed = aead.encrypt(pt);
  const payload = v.convergent_version === 1 ? sealed : Uint8Array.from([...nonce, ...sealed]);
  return {
    name: v.name, type: v.type, key: v.key, hmac_key: v.hmac_key, derived: v.derived, kdf: v.kdf, convergent_version: v.convergent_version,
    context: v.context, nonce: s64(nonce), associated_data: v.associated_data, plaintext: v.plaintext,
    encryption_key: Buffer.from(enc).toString('hex'), ciphertext: `vault:v1:${s64(payload)}`,
  };
}

const base = { hmac_key: fill(32, 200), derived: false, kdf: 1 as const, convergent_version: 0 as const, context: '', associated_data: '' };
export const INPUTS: Input[] = [
  { ...base, name: 'aes256-gcm96', type: 'aes256-gcm96', key: fill(32, 1), nonce: fill(12, 90), plaintext: text('the quick brown fox') },
  { ...base, name: 'aes256-gcm96, empty plaintext', type: 'aes256-gcm96', key: fill(32, 2), nonce: fill(12, 91), plaintext: '' },
  { ...base, name: 'aes128-gcm96 with associated data', type: 'aes128-gcm96', key: fill(16, 3), nonce: fill(12, 92), plaintext: text('sixteen byte key'), associated_data: text('row 17') },
  { ...base, name: 'chacha20-poly1305 with associated data', type: 'chacha20-poly1305', key: fill(32, 4), nonce: fill(12, 93), plaintext: text('chacha payload'), associated_data: text('aad') },
  { ...base, name: 'aes256-gcm96 derived (HKDF)', type: 'aes256-gcm96', key: fill(32, 5), derived: true, context: text('tenant-a'), nonce: fill(12, 94), plaintext: text('derived') },
  { ...base, name: 'chacha20-poly1305 derived, 1500-byte context', type: 'chacha20-poly1305', key: fill(32, 6), derived: true, context: fill(1500, 7), nonce: fill(12, 95), plaintext: text('long context') },
  { ...base, name: 'aes256-gcm96 derived, legacy counter-mode KDF', type: 'aes256-gcm96', key: fill(32, 8), derived: true, kdf: 0, context: text('legacy'), nonce: fill(12, 96), plaintext: text('kdf mode 0') },
  { ...base, name: 'aes256-gcm96 convergent v3', type: 'aes256-gcm96', key: fill(32, 9), derived: true, convergent_version: 3, context: text('user-42'), nonce: '', plaintext: text('same in, same out') },
  { ...base, name: 'aes128-gcm96 convergent v3', type: 'aes128-gcm96', key: fill(16, 10), derived: true, convergent_version: 3, context: text('user-43'), nonce: '', plaintext: text('short key') },
  { ...base, name: 'chacha20-poly1305 convergent v3', type: 'chacha20-poly1305', key: fill(32, 11), derived: true, convergent_version: 3, context: text('user-44'), nonce: '', plaintext: text('chacha convergent'), associated_data: text('ad') },
  { ...base, name: 'aes256-gcm96 convergent v2', type: 'aes256-gcm96', key: fill(32, 12), derived: true, convergent_version: 2, context: text('user-45'), nonce: '', plaintext: text('version two') },
  { ...base, name: 'aes256-gcm96 convergent v1 (client nonce)', type: 'aes256-gcm96', key: fill(32, 13), derived: true, convergent_version: 1, context: text('user-46'), nonce: fill(12, 97), plaintext: text('version one') },
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const doc = {
    description: 'Transit ciphertexts built with @noble/ciphers and @noble/hashes from the byte layouts of Vault 1.18.1 (KU policy.go EncryptWithFactory); see test/vectors/transit-build.ts, which regenerates this file.',
    vectors: INPUTS.map(build),
  };
  writeFileSync(new URL('./transit-ciphertexts.json', import.meta.url), `${JSON.stringify(doc, null, 2)}\n`);
}
