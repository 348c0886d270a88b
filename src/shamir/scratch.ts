// Working memory for split and combine. A typed array over 64 bytes lives off the V8 heap, and
// making one costs about a microsecond on Node 20 (several at a few KiB): more than a whole 32-byte
// combine. So both reuse one module-level buffer, work through long inputs in blocks that fit it,
// and zero what they used before returning. Neither calls out to other code while holding it, so
// no second caller can see it half-used.

/** Words (4 bytes) the shared buffer holds: 128 KiB, small enough to stay in L2. */
export const SCRATCH_WORDS = 32768;

const buffer = new ArrayBuffer(SCRATCH_WORDS * 4);
/** The shared buffer as words (four field elements each, SWAR)... */
export const scratchWords = new Int32Array(buffer);
/** ...and as bytes, over the same memory. */
export const scratchBytes = new Uint8Array(buffer);

/** Zeroes the first `count` words after use (they held secret or share bytes). */
export function releaseScratch(count: number): void {
  scratchWords.fill(0, 0, count);
}

/** Words per block when each block needs `rowsPerWord` words of scratch per secret word. */
export function blockWords(rowsPerWord: number, totalWords: number): number {
  return Math.max(1, Math.min(totalWords, Math.floor(SCRATCH_WORDS / rowsPerWord)));
}
