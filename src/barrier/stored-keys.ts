// The root key as Vault's Shamir seal stores it at `core/hsm/barrier-unseal-keys`, outside the
// barrier (vault/seal.go writeStoredKeys/readStoredKeys; go-kms-wrapping aead wrapper):
//   1. plaintext: JSON array of base64 byte strings, `["<root key>"]`;
//   2. AES-GCM under the unseal key (KEK), no AAD: nonce(12) ‖ ciphertext ‖ tag(16);
//   3. wrapped in a protobuf BlobInfo: field 1 `ciphertext` = the bytes above, field 5
//      `key_info` = an empty KeyInfo (the Shamir wrapper's key id is "").
import type { RandomSource } from '../util/random.js';
import { AeadAuthError, GCM_NONCE_SIZE, openWithNonce, sealWithNonce, type Aead } from './aead.js';
import { errSealDecryptStoredKeys, errSealStoredKeysDecode, errSealStoredKeysProto } from '../errors/barrier.js';
import { encodeBase64 } from '../shamir/encoding.js';
import { decodeBase64Std } from './encoding.js';

export const STORED_BARRIER_KEYS_PATH = 'core/hsm/barrier-unseal-keys';

const FIELD_CIPHERTEXT = 1;
const FIELD_KEY_INFO = 5;
const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

/** Thrown when the unseal key does not open the stored keys (Vault wraps it in ErrInvalidKey). */
export class StoredKeysAuthError extends Error {
  constructor() {
    super(errSealDecryptStoredKeys(new AeadAuthError().message));
    this.name = 'StoredKeysAuthError';
  }
}

export function encodeStoredKeys(aead: Aead, kek: Uint8Array, keys: Uint8Array[], random: RandomSource): Uint8Array {
  const plaintext = new TextEncoder().encode(JSON.stringify(keys.map((k) => encodeBase64(k))));
  const blob = sealWithNonce(aead.cipher(kek), random.bytes(GCM_NONCE_SIZE), plaintext, undefined);
  plaintext.fill(0);
  return encodeBlobInfo(blob);
}

/** The keys inside the stored blob; StoredKeysAuthError if `kek` is not the key that sealed them. */
export function decodeStoredKeys(aead: Aead, kek: Uint8Array, stored: Uint8Array): Uint8Array[] {
  const blob = decodeBlobInfo(stored);
  let plaintext: Uint8Array;
  try {
    plaintext = openWithNonce(aead.cipher(kek), blob, undefined);
  } catch (e) {
    if (e instanceof AeadAuthError) throw new StoredKeysAuthError();
    throw e;
  }
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(plaintext));
    const keys = Array.isArray(parsed) ? parsed.map((k) => (typeof k === 'string' ? decodeBase64Std(k) : undefined)) : [];
    if (!Array.isArray(parsed) || keys.some((k) => k === undefined)) throw new Error('expected an array of base64 strings');
    return keys as Uint8Array[];
  } catch (e) {
    throw new Error(errSealStoredKeysDecode((e as Error).message));
  } finally {
    plaintext.fill(0);
  }
}

// ---- minimal protobuf for BlobInfo (go-kms-wrapping v2 types.proto) -----------------------------

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function encodeBlobInfo(ciphertext: Uint8Array): Uint8Array {
  const head = [(FIELD_CIPHERTEXT << 3) | WIRE_LEN, ...varint(ciphertext.length)];
  const tail = [(FIELD_KEY_INFO << 3) | WIRE_LEN, 0];
  const out = new Uint8Array(head.length + ciphertext.length + tail.length);
  out.set(head, 0);
  out.set(ciphertext, head.length);
  out.set(tail, head.length + ciphertext.length);
  return out;
}

/** Field 1 of a BlobInfo message; other fields are skipped by wire type. */
function decodeBlobInfo(buf: Uint8Array): Uint8Array {
  let pos = 0;
  let ciphertext: Uint8Array | undefined;
  const readVarint = (): number => {
    let result = 0;
    let mul = 1;
    for (;;) {
      if (pos >= buf.length) throw new Error(errSealStoredKeysProto('unexpected EOF'));
      const b = buf[pos++]!;
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 128;
      if (mul > 2 ** 56) throw new Error(errSealStoredKeysProto('variable length integer overflow'));
    }
  };
  while (pos < buf.length) {
    const tag = readVarint();
    const wire = tag & 7;
    if (wire === WIRE_VARINT) readVarint();
    else if (wire === WIRE_I64) pos += 8;
    else if (wire === WIRE_I32) pos += 4;
    else if (wire === WIRE_LEN) {
      const len = readVarint();
      if (pos + len > buf.length) throw new Error(errSealStoredKeysProto('unexpected EOF'));
      if (tag >>> 3 === FIELD_CIPHERTEXT) ciphertext = buf.subarray(pos, pos + len);
      pos += len;
    } else throw new Error(errSealStoredKeysProto(`invalid wire type ${wire}`));
  }
  if (pos > buf.length) throw new Error(errSealStoredKeysProto('unexpected EOF'));
  if (ciphertext === undefined) throw new Error(errSealStoredKeysProto('no ciphertext'));
  return ciphertext;
}
