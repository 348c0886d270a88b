// Small byte buffers carved out of shared slabs instead of each getting its own ArrayBuffer (the
// same trick as Node's Buffer pool): on V8 a fresh ArrayBuffer costs ~2 µs, about as much as an
// AES-GCM open of a small value, while a slab slice costs ~0.1 µs. Used for stored values and the
// short-lived copies storage and the barrier hand out. Anything kept for long gets its own
// buffer (`new Uint8Array(x)`; a node Buffer's `subarray`/`slice` would be a view of the slab), so
// that it does not pin a whole slab; key material too.
import { builtin } from './platform.js';

const SLAB_SIZE = 64 * 1024;
const SLAB_MAX_VALUE = 4 * 1024;
let slab = new Uint8Array(0);
let slabPos = 0;

/** `n` zeroed-or-overwritten bytes (callers fill every byte). */
export function allocBytes(n: number): Uint8Array {
  if (n > SLAB_MAX_VALUE) return new Uint8Array(n);
  if (slabPos + n > slab.length) {
    slab = new Uint8Array(SLAB_SIZE);
    slabPos = 0;
  }
  const out = slab.subarray(slabPos, slabPos + n);
  slabPos = (slabPos + n + 7) & ~7;
  return out;
}

/** A private copy of `v`. */
export function copyBytes(v: Uint8Array): Uint8Array {
  const out = allocBytes(v.length);
  out.set(v);
  return out;
}

const nodeBuffer = builtin<typeof import('node:buffer')>('node:buffer')?.Buffer;

/** Whether two byte strings are equal (memcmp through node:buffer where there is one). Not constant-time. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  if (nodeBuffer !== undefined) return nodeBuffer.compare(a, b) === 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
