import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ManualClock } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';
import { Scheduler, backoffDelay, RENEW_BACKOFF, randomUnit } from '../../src/client/scheduler.js';
import { durationMs } from '../../src/client/options.js';
import { deferred } from '../support/deferred.js';

describe('Scheduler', () => {
  it('runs each job exactly once, only once the clock reaches it, in due order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 10 }),
        async (offsets, steps) => {
          const clock = new ManualClock(0);
          const scheduler = new Scheduler(clock, { pollMs: 60_000 });
          const ran: Array<{ i: number; at: number }> = [];
          offsets.forEach((off, i) => scheduler.at(off, `job${i}`, () => { ran.push({ i, at: clock.now() }); }));
          for (const step of [...steps, 10_000]) {
            clock.advance(step);
            await scheduler.tick();
            // everything due has run, nothing not yet due has
            for (let i = 0; i < offsets.length; i++) expect(ran.some((r) => r.i === i)).toBe(offsets[i]! <= clock.now());
          }
          expect(ran.map((r) => r.i).sort((a, b) => a - b)).toEqual(offsets.map((_, i) => i));
          for (const r of ran) expect(r.at).toBeGreaterThanOrEqual(offsets[r.i]!);
          for (let k = 1; k < ran.length; k++) {
            if (ran[k]!.at === ran[k - 1]!.at) expect(offsets[ran[k]!.i]!).toBeGreaterThanOrEqual(offsets[ran[k - 1]!.i]!);
          }
          scheduler.close();
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never runs a cancelled job', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler(clock);
    let ran = 0;
    const job = scheduler.at(10, 'x', () => { ran++; });
    job.cancel();
    clock.advance(100);
    await scheduler.tick();
    expect(ran).toBe(0);
    expect(scheduler.pending()).toEqual([]);
  });

  it('runs, in the same tick, jobs scheduled for now by a job that ran', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler(clock);
    const order: string[] = [];
    scheduler.at(5, 'first', () => {
      order.push('first');
      scheduler.after(0, 'follow-up', () => { order.push('follow-up'); });
      scheduler.after(1, 'later', () => { order.push('later'); });
    });
    clock.advance(5);
    await scheduler.tick();
    expect(order).toEqual(['first', 'follow-up']);
    expect(scheduler.pending().map((p) => p.name)).toEqual(['later']);
  });

  it('serialises concurrent ticks so a job never runs twice', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler(clock);
    let runs = 0;
    const release = deferred();
    scheduler.at(1, 'slow', async () => { runs++; await release.promise; });
    clock.advance(1);
    // All three ticks start while the job is still running; it finishes only afterwards.
    const ticks = Promise.all([scheduler.tick(), scheduler.tick(), scheduler.tick()]);
    release.resolve();
    await ticks;
    expect(runs).toBe(1);
  });

  it('reports a failing job and keeps running the others', async () => {
    const clock = new ManualClock(0);
    const failures: string[] = [];
    const scheduler = new Scheduler(clock, { onError: (name) => failures.push(name) });
    let ran = false;
    scheduler.at(1, 'broken', () => { throw new Error('boom'); });
    scheduler.at(2, 'fine', () => { ran = true; });
    clock.advance(2);
    await scheduler.tick();
    expect(failures).toEqual(['broken']);
    expect(ran).toBe(true);
  });

  it('picks up due work on its own real interval when the clock moves without a tick', async () => {
    const clock = new ManualClock(0);
    const scheduler = new Scheduler(clock, { pollMs: 5 });
    const done = new Promise<void>((resolve) => scheduler.at(1000, 'x', resolve));
    clock.advance(1000);
    await done;
    scheduler.close();
  });
});

describe('backoffDelay', () => {
  it('stays within ±randomization of a base that doubles up to the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, unit) => {
        const base = Math.min(RENEW_BACKOFF.maxMs, RENEW_BACKOFF.initialMs * 2 ** (attempt - 1));
        const d = backoffDelay(RENEW_BACKOFF, attempt, unit);
        expect(d).toBeGreaterThanOrEqual(base * 0.5);
        expect(d).toBeLessThan(base * 1.5 + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('draws uniform units in [0, 1) from the random source', () => {
    const random = new SeededRandom('units');
    for (let i = 0; i < 200; i++) {
      const u = randomUnit(random);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });
});

describe('durationMs', () => {
  it('reads Go durations to the millisecond and numbers as milliseconds', () => {
    expect(durationMs('5m')).toBe(300_000);
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('30d')).toBe(30 * 86_400_000);
    expect(durationMs(1500)).toBe(1500);
  });

  it('sums its parts for any combination of units', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(59), fc.nat(59), fc.nat(999), (h, m, s, ms) => {
        expect(durationMs(`${h}h${m}m${s}s${ms}ms`)).toBe(((h * 60 + m) * 60 + s) * 1000 + ms);
      }),
    );
  });

  it('refuses malformed input', () => {
    for (const bad of ['', '5', 'five minutes', '5x', '1h-2m']) expect(() => durationMs(bad)).toThrow(/invalid duration/);
    expect(() => durationMs(-1)).toThrow(TypeError);
  });
});
