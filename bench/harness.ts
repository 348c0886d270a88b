// The benchmark harness every bench/*.bench.ts file uses: time a function, and describe a figure
// beside its anchor measured in the same run. bench/run.ts collects the rows into one report.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { openWithNonce, sealWithNonce } from '../src/barrier/aead.js';
import type { Aead } from '../src/barrier/index.js';

export interface Timing {
  /** Median nanoseconds per operation. */
  medianNs: number;
  p99Ns: number;
  opsPerSec: number;
  samples: number;
}

export interface BenchRow {
  /** What is measured: `shamir split 32 B 3-of-5`. */
  figure: string;
  /** minivault's figure, in `unit`. */
  minivault: number;
  /** The anchor's figure in the same unit, measured in the same run (null when the goal is absolute). */
  anchor: number | null;
  anchorName: string;
  unit: string;
  /** minivault / anchor (or anchor / minivault when higher is better; see `higherIsBetter`). */
  ratio: number | null;
  goal: string;
  met: boolean | null;
  higherIsBetter?: boolean;
}

/**
 * Times `fn` in batches until `timeMs` has passed (after a warm-up), and returns the median and
 * p99 of the per-operation time across batches. Async functions are awaited.
 */
export async function measure(fn: () => unknown, opts: { timeMs?: number; batch?: number; warmupMs?: number } = {}): Promise<Timing> {
  const timeMs = opts.timeMs ?? 400;
  const warmupMs = opts.warmupMs ?? 100;
  let batch = opts.batch ?? 0;
  // Calibrate a batch size so one batch takes ~1 ms.
  if (batch === 0) {
    batch = 1;
    for (;;) {
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) { const r = fn(); if (r instanceof Promise) await r; }
      const dt = performance.now() - t0;
      if (dt >= 1 || batch >= 1 << 20) break;
      batch *= 2;
    }
  }
  const runFor = async (ms: number, record: number[] | null) => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) { const r = fn(); if (r instanceof Promise) await r; }
      record?.push(((performance.now() - t0) * 1e6) / batch);
    }
  };
  await runFor(warmupMs, null);
  const samples: number[] = [];
  await runFor(timeMs, samples);
  samples.sort((a, b) => a - b);
  const medianNs = samples[Math.floor(samples.length / 2)] ?? NaN;
  const p99Ns = samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))] ?? NaN;
  return { medianNs, p99Ns, opsPerSec: 1e9 / medianNs, samples: samples.length };
}

/**
 * Times the anchor and the figure in alternating ~1 ms batches (ABAB…) for `timeMs`, so a burst
 * of load from other processes lands on both sides alike; returns each side's median ns/op.
 * Async functions are awaited.
 */
export async function paired(anchor: () => unknown, mine: () => unknown, timeMs: number, warmupMs = 20): Promise<[number, number]> {
  await measure(anchor, { timeMs: 20, warmupMs }); // warm both up (JIT) before timing
  const calib = await measure(mine, { timeMs: 20, warmupMs });
  const batch = Math.max(1, Math.round(1e6 / calib.medianNs));
  const a: number[] = [];
  const m: number[] = [];
  const end = performance.now() + timeMs;
  while (performance.now() < end) {
    for (const [fn, out] of [[anchor, a], [mine, m]] as const) {
      const t0 = performance.now();
      for (let i = 0; i < batch; i++) { const r = fn(); if (r instanceof Promise) await r; }
      out.push(((performance.now() - t0) * 1e6) / batch);
    }
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [median(a), median(m)];
}

/** A row where lower is better (times): ratio = minivault / anchor. */
export function timeRow(figure: string, mv: number, anchor: number | null, anchorName: string, goal: string, maxRatio: number | null, unit = 'µs'): BenchRow {
  const ratio = anchor ? mv / anchor : null;
  return { figure, minivault: mv, anchor, anchorName, unit, ratio, goal, met: maxRatio === null || ratio === null ? null : ratio <= maxRatio };
}

/** A row where higher is better (throughput): ratio = minivault / anchor. */
export function rateRow(figure: string, mv: number, anchor: number | null, anchorName: string, goal: string, met: boolean | null, unit: string): BenchRow {
  return { figure, minivault: mv, anchor, anchorName, unit, ratio: anchor ? mv / anchor : null, goal, met, higherIsBetter: true };
}

/**
 * One AES-GCM open per size, of plaintexts of those sizes (each stored entry a read opens): the
 * AEAD cost a read through the barrier makes when nothing is remembered.
 */
export function aeadOpens(aead: Aead, sizes: number[]): () => void {
  const cipher = aead.cipher(new Uint8Array(randomBytes(32)));
  const aad = new TextEncoder().encode('logical/5f1c0b7e/metadata/app/one');
  const blobs = sizes.map((n) => sealWithNonce(cipher, new Uint8Array(randomBytes(12)), new Uint8Array(randomBytes(n)), aad));
  return () => {
    for (const b of blobs) openWithNonce(cipher, b, aad);
  };
}

/** One AES-GCM seal per size (each entry a write stores): the AEAD cost of a write through the barrier. */
export function aeadSeals(aead: Aead, sizes: number[]): () => void {
  const cipher = aead.cipher(new Uint8Array(randomBytes(32)));
  const aad = new TextEncoder().encode('logical/5f1c0b7e/metadata/app/one');
  const nonce = new Uint8Array(randomBytes(12));
  const plains = sizes.map((n) => new Uint8Array(randomBytes(n)));
  return () => {
    for (const p of plains) sealWithNonce(cipher, nonce, p, aad);
  };
}
