// AES-GCM behind one small interface, with two interchangeable implementations producing identical
// bytes: `node` (OpenSSL through node:crypto, the default on Node) and `noble` (@noble/ciphers, pure
// TypeScript, the default wherever node:crypto is missing). Vault uses Go's crypto/cipher GCM with
// 12-byte nonces and 16-byte tags (vault/barrier_aes_gcm.go aeadFromKey); failures to authenticate
// report Go's own text, `cipher: message authentication failed`.
import { builtin, noble } from '../util/platform.js';
import { ERR_BARRIER_AUTH_FAILED, errBarrierAesKeySize } from '../errors/barrier.js';

export type AeadName = 'node' | 'noble';

export const GCM_NONCE_SIZE = 12;
export const GCM_TAG_SIZE = 16;

/** A cipher bound to one key, prepared once and reused for every message under that key. */
export interface AeadCipher {
  /** Writes ciphertext ‖ tag (plaintext.length + 16 bytes) into `out` starting at `offset`. */
  sealInto(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array | undefined, out: Uint8Array, offset: number): void;
  /** Opens ciphertext ‖ tag; throws AeadAuthError when the tag does not verify. */
  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array | undefined): Uint8Array;
}

export interface Aead {
  readonly name: AeadName;
  /** Prepares a cipher for a 16-, 24- or 32-byte AES key (anything else: Go's KeySizeError text). */
  cipher(key: Uint8Array): AeadCipher;
}

/** A GCM tag that did not verify (tampered, truncated, wrong key, wrong AAD). */
export class AeadAuthError extends Error {
  constructor() {
    super(ERR_BARRIER_AUTH_FAILED);
    this.name = 'AeadAuthError';
  }
}

function checkKey(key: Uint8Array): void {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new Error(errBarrierAesKeySize(key.length));
}

/** nonce ‖ ciphertext ‖ tag in one buffer: the layout go-kms-wrapping's aead wrapper stores. */
export function sealWithNonce(cipher: AeadCipher, nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
  const out = new Uint8Array(GCM_NONCE_SIZE + plaintext.length + GCM_TAG_SIZE);
  out.set(nonce, 0);
  cipher.sealInto(nonce, plaintext, aad, out, GCM_NONCE_SIZE);
  return out;
}

export function openWithNonce(cipher: AeadCipher, blob: Uint8Array, aad?: Uint8Array): Uint8Array {
  if (blob.length < GCM_NONCE_SIZE + GCM_TAG_SIZE) throw new AeadAuthError();
  return cipher.open(blob.subarray(0, GCM_NONCE_SIZE), blob.subarray(GCM_NONCE_SIZE), aad);
}

// ---- @noble/ciphers -----------------------------------------------------------------------------

/**
 * `b`, or a copy of it when it does not start on a 4-byte boundary. noble works on 32-bit words
 * and copies misaligned input itself with Uint8Array.from, ~20 µs per KiB; a barrier value's
 * ciphertext starts at offset 17 (Vault's header), so it is always misaligned.
 */
function aligned(b: Uint8Array): Uint8Array {
  return (b.byteOffset & 3) === 0 ? b : new Uint8Array(b);
}

class NobleCipher implements AeadCipher {
  readonly #key: Uint8Array;
  constructor(key: Uint8Array) {
    checkKey(key);
    this.#key = new Uint8Array(key); // a copy even when given a Buffer (whose slice() is a view)
  }
  sealInto(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array | undefined, out: Uint8Array, offset: number): void {
    out.set(noble('aes').gcm(this.#key, nonce, aad).encrypt(aligned(plaintext)), offset);
  }
  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array | undefined): Uint8Array {
    if (sealed.length < GCM_TAG_SIZE) throw new AeadAuthError();
    try {
      return noble('aes').gcm(this.#key, nonce, aad).decrypt(aligned(sealed));
    } catch {
      throw new AeadAuthError();
    }
  }
}

export const nobleAead: Aead = { name: 'noble', cipher: (key) => new NobleCipher(key) };

// ---- node:crypto --------------------------------------------------------------------------------

type NodeCrypto = typeof import('node:crypto');

// Looked up, not imported, so this module also runs where node:crypto does not exist.
const nodeCrypto = builtin<NodeCrypto>('node:crypto');

const tagScratch = new Uint8Array(GCM_TAG_SIZE);

class NodeCipher implements AeadCipher {
  readonly #crypto: NodeCrypto;
  readonly #algorithm: 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm';
  readonly #key: import('node:crypto').KeyObject;
  constructor(crypto: NodeCrypto, key: Uint8Array) {
    checkKey(key);
    this.#crypto = crypto;
    this.#algorithm = key.length === 16 ? 'aes-128-gcm' : key.length === 24 ? 'aes-192-gcm' : 'aes-256-gcm';
    this.#key = crypto.createSecretKey(key);
  }
  sealInto(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array | undefined, out: Uint8Array, offset: number): void {
    const c = this.#crypto.createCipheriv(this.#algorithm, this.#key, nonce); // GCM's default tag is 16 bytes
    if (aad !== undefined && aad.length > 0) c.setAAD(aad);
    const body = c.update(plaintext);
    out.set(body, offset);
    const tail = c.final(); // always empty for GCM, kept for completeness
    if (tail.length > 0) out.set(tail, offset + body.length);
    out.set(c.getAuthTag(), offset + plaintext.length);
  }
  open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array | undefined): Uint8Array {
    if (sealed.length < GCM_TAG_SIZE) throw new AeadAuthError();
    const split = sealed.length - GCM_TAG_SIZE;
    const d = this.#crypto.createDecipheriv(this.#algorithm, this.#key, nonce);
    // Always exactly 16 bytes, so no truncated tags are accepted; copied into a reused array (node
    // copies it in setAuthTag) because node takes a view of a larger buffer more slowly.
    for (let i = 0; i < GCM_TAG_SIZE; i++) tagScratch[i] = sealed[split + i]!;
    d.setAuthTag(tagScratch);
    if (aad !== undefined && aad.length > 0) d.setAAD(aad);
    const body = d.update(sealed.subarray(0, split));
    try {
      d.final();
    } catch {
      body.fill(0);
      throw new AeadAuthError();
    }
    // node's Buffer as it is (a Uint8Array): re-wrapping it in a plain Uint8Array view made V8
    // materialise the Buffer's ArrayBuffer, ~0.4 µs, a tenth of an open. Callers decode the bytes.
    return body;
  }
}

export const nodeAead: Aead | undefined = nodeCrypto === undefined ? undefined
  : { name: 'node', cipher: (key) => new NodeCipher(nodeCrypto, key) };

/** The requested implementation, or the platform default (node when available, else noble). */
export function createAead(name?: AeadName): Aead {
  if (name === 'noble') return nobleAead;
  if (name === 'node') {
    if (nodeAead === undefined) throw new Error("aead 'node' requested but node:crypto is not available here");
    return nodeAead;
  }
  if (name !== undefined) throw new Error(`aead must be 'node' or 'noble', got ${JSON.stringify(name)}`);
  return nodeAead ?? nobleAead;
}
