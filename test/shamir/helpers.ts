// Shared by the shamir tests: hex conversion, the Go vectors, an independent reference for the
// field, and a random source that records what it handed out.
import { readFileSync } from 'node:fs';
import type { RandomSource } from '../../src/util/random.js';
import { SeededRandom } from '../../src/util/random.js';

export const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export interface VectorCombination { indices: number[]; output_hex: string; equals_secret: boolean }
export interface VectorCase {
  id: string; split_impl: string; secret_len: number; secret_hex: string; threshold: number; parts: number;
  shares_hex: string[]; combinations: VectorCombination[]; below_threshold?: VectorCombination[];
}
export interface Vectors {
  field: { polynomial: string; mul_table_hex: string; inv_table_hex: string };
  cases: VectorCase[];
  rng_replay_cases: { id: string; secret_hex: string; threshold: number; parts: number; shares_hex: string[] }[];
  split_errors: { id: string; secret_hex: string; parts: number; threshold: number; error: string }[];
  combine_errors: { id: string; parts_hex: string[]; error: string }[];
  combine_edge_cases: { id: string; parts_hex: string[]; output_hex: string }[];
}

/** The vectors Go's Split/Combine produced (see test/vectors/README.md). */
export function loadVectors(): Vectors {
  return JSON.parse(readFileSync(new URL('../vectors/shamir-vault.json', import.meta.url), 'utf8')) as Vectors;
}

/** Schoolbook GF(2^8) product: carry-less multiply, then reduce by 0x11B. Independent of src. */
export function referenceMul(a: number, b: number): number {
  let product = 0;
  for (let bit = 0; bit < 8; bit++) if ((b >> bit) & 1) product ^= a << bit;
  for (let bit = 14; bit >= 8; bit--) if ((product >> bit) & 1) product ^= 0x11b << (bit - 8);
  return product;
}

/** Σ_k coefficients[k]·x^k with the reference product (Horner). */
export function referenceEvaluate(coefficients: number[], x: number): number {
  let y = 0;
  for (let k = coefficients.length - 1; k >= 0; k--) y = referenceMul(y, x) ^ coefficients[k]!;
  return y;
}

/** A seeded source that keeps a copy of every answer (split zeroes the bytes it was given). */
export class RecordingRandom implements RandomSource {
  readonly calls: Uint8Array[] = [];
  readonly #inner: RandomSource;
  constructor(seed: number | string = 1) {
    this.#inner = new SeededRandom(seed);
  }
  bytes(n: number): Uint8Array {
    const out = this.#inner.bytes(n);
    this.calls.push(out.slice());
    return out;
  }
}

/** Plays back fixed byte strings, one per call. */
export class ScriptedRandom implements RandomSource {
  readonly requests: number[] = [];
  readonly #answers: Uint8Array[];
  constructor(answers: Uint8Array[]) {
    this.#answers = answers.map((a) => a.slice());
  }
  bytes(n: number): Uint8Array {
    this.requests.push(n);
    const next = this.#answers.shift();
    if (!next) throw new Error('script exhausted');
    return next.subarray(0, Math.min(n, next.length));
  }
}
