// Shamir split and combine beside `shamir-secret-sharing` (audited TypeScript, same share format as
// Vault), both measured in this run. Goals from DESIGN.md: split ≥ 10× faster than the anchor at
// 32 B 3-of-5; combine faster than the anchor at every size; at 64 KiB 3-of-5 combine ≥ 60 MB/s and
// split ≥ 15 MB/s (MB = 10^6 bytes of secret).
import * as anchor from 'shamir-secret-sharing';
import { type BenchRow, measure, rateRow, timeRow } from './harness.js';
import { combine, split } from '../src/shamir/index.js';
import { systemRandom } from '../src/util/random.js';

const ANCHOR = 'shamir-secret-sharing';

interface Shape {
  label: string;
  bytes: number;
  threshold: number;
  shares: number;
}

const SHAPES: Shape[] = [
  { label: '32 B 3-of-5', bytes: 32, threshold: 3, shares: 5 },
  { label: '1 KiB 3-of-5', bytes: 1024, threshold: 3, shares: 5 },
  { label: '64 KiB 3-of-5', bytes: 65536, threshold: 3, shares: 5 },
  { label: '32 B 10-of-20', bytes: 32, threshold: 10, shares: 20 },
  { label: '32 B 128-of-255', bytes: 32, threshold: 128, shares: 255 },
];

const THROUGHPUT_SHAPE = '64 KiB 3-of-5';

function timeMsFor(shape: Shape): number {
  return shape.bytes >= 65536 || shape.shares > 100 ? 1200 : 400;
}

const mbPerSec = (bytes: number, ns: number): number => bytes / (ns / 1e9) / 1e6;

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const rates: BenchRow[] = [];
  for (const shape of SHAPES) {
    const secret = systemRandom.bytes(shape.bytes);
    const opts = { timeMs: timeMsFor(shape) };
    const ours = split(secret, { shares: shape.shares, threshold: shape.threshold });
    const theirs = await anchor.split(secret, shape.shares, shape.threshold);
    const ourQuorum = ours.slice(0, shape.threshold);
    const theirQuorum = theirs.slice(0, shape.threshold);

    const splitMv = await measure(() => split(secret, { shares: shape.shares, threshold: shape.threshold }), opts);
    const splitAnchor = await measure(() => anchor.split(secret, shape.shares, shape.threshold), opts);
    const combineMv = await measure(() => combine(ourQuorum), opts);
    const combineAnchor = await measure(() => anchor.combine(theirQuorum), opts);

    const isSplitGoal = shape.label === '32 B 3-of-5';
    rows.push(timeRow(`shamir split ${shape.label}`, splitMv.medianNs / 1e3, splitAnchor.medianNs / 1e3, ANCHOR,
      isSplitGoal ? '≥ 10× faster than the anchor' : 'reference (no stated goal)', isSplitGoal ? 0.1 : null));
    rows.push(timeRow(`shamir combine ${shape.label}`, combineMv.medianNs / 1e3, combineAnchor.medianNs / 1e3, ANCHOR,
      'faster than the anchor', 1));

    if (shape.label === THROUGHPUT_SHAPE) {
      const combineRate = mbPerSec(shape.bytes, combineMv.medianNs);
      const splitRate = mbPerSec(shape.bytes, splitMv.medianNs);
      rates.push(rateRow(`shamir combine ${shape.label} throughput`, combineRate, mbPerSec(shape.bytes, combineAnchor.medianNs),
        ANCHOR, '≥ 60 MB/s', combineRate >= 60, 'MB/s'));
      rates.push(rateRow(`shamir split ${shape.label} throughput`, splitRate, mbPerSec(shape.bytes, splitAnchor.medianNs),
        ANCHOR, '≥ 15 MB/s', splitRate >= 15, 'MB/s'));
    }
  }
  return [...rows, ...rates];
}
