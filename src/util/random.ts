// Randomness as minivault sees it: an injected source of bytes. The platform CSPRNG by default;
// a seeded deterministic generator (ChaCha20 keystream via @noble/ciphers) for reproducible tests.
import { builtin, noble } from './platform.js';

export interface RandomSource {
  /** Returns n fresh random bytes. */
  bytes(n: number): Uint8Array;
}

const MAX_CHUNK = 65536; // crypto.getRandomValues refuses more than 64 KiB per call

// node:crypto's randomFillSync where Node is there: the same CSPRNG as WebCrypto's, without loading
// the WebCrypto and WebIDL layers at start-up (a couple of milliseconds of `server -dev`'s start).
const nodeFill = builtin<typeof import('node:crypto')>('node:crypto')?.randomFillSync;

export const systemRandom: RandomSource = {
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    if (nodeFill !== undefined) {
      nodeFill(out);
      return out;
    }
    for (let off = 0; off < n; off += MAX_CHUNK) {
      globalThis.crypto.getRandomValues(out.subarray(off, Math.min(n, off + MAX_CHUNK)));
    }
    return out;
  },
};

/** Deterministic bytes from a seed: same seed, same sequence, run to run. Never for production keys. */
export class SeededRandom implements RandomSource {
  readonly #key: Uint8Array;
  #counter = 0;
  constructor(seed: number | string | Uint8Array) {
    const material = typeof seed === 'number' ? new TextEncoder().encode(`minivault-seed:${seed}`)
      : typeof seed === 'string' ? new TextEncoder().encode(`minivault-seed:${seed}`) : seed;
    this.#key = noble('sha2').sha256(material);
  }
  bytes(n: number): Uint8Array {
    const nonce = new Uint8Array(12);
    new DataView(nonce.buffer).setUint32(0, this.#counter++, false);
    return noble('chacha').chacha20(this.#key, nonce, new Uint8Array(n));
  }
}

export function createRandom(seed?: number | string | Uint8Array): RandomSource {
  return seed === undefined ? systemRandom : new SeededRandom(seed);
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Uniform base62 string (rejection sampling, as Vault's base62.Random does). */
export function randomBase62(random: RandomSource, length: number): string {
  let out = '';
  while (out.length < length) {
    const buf = random.bytes(length * 2);
    for (let i = 0; i < buf.length && out.length < length; i++) {
      const b = buf[i]! & 0x3f; // 0..63; reject 62 and 63 to stay uniform
      if (b < 62) out += BASE62[b];
    }
  }
  return out;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A UUID v4 string from the source (Vault's request ids, mount accessors' uuids). */
export function randomUUID(random: RandomSource): string {
  const b = random.bytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = HEX;
  return h[b[0]!]! + h[b[1]!]! + h[b[2]!]! + h[b[3]!]! + '-' + h[b[4]!]! + h[b[5]!]! + '-' + h[b[6]!]! + h[b[7]!]! + '-'
    + h[b[8]!]! + h[b[9]!]! + '-' + h[b[10]!]! + h[b[11]!]! + h[b[12]!]! + h[b[13]!]! + h[b[14]!]! + h[b[15]!]!;
}

/** Constant-time equality of two byte strings (length may leak, content does not). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * A UUID generator that draws randomness 256 UUIDs at a time: one random call costs about as
 * much as a whole in-memory request, and every request needs an id.
 */
export function uuidGenerator(random: RandomSource): () => string {
  // With the system source, node's own randomUUID (v4, CSPRNG, entropy drawn in batches) is the
  // same thing done natively; a seeded source keeps the pooled path so ids stay reproducible.
  const platform = builtin<typeof import('node:crypto')>('node:crypto')?.randomUUID;
  if (random === systemRandom && platform !== undefined) return () => platform();
  let pool: Uint8Array = new Uint8Array(0);
  let off = 0;
  const source: RandomSource = {
    bytes(n: number) {
      if (off + n > pool.length) {
        // Start small and grow: a short-lived vault in a test makes a handful of requests.
        pool = random.bytes(Math.min(4096, Math.max(256, pool.length * 4)));
        off = 0;
      }
      const out = pool.subarray(off, off + n);
      off += n;
      return out;
    },
  };
  return () => randomUUID(source);
}
