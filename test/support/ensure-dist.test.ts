// ensureDist's builder (distBuilder) over a scratch tree: it builds only when an input is newer
// than the last build, concurrent callers share one build, a live lock holder is waited for and a
// dead one's lock removed, and a failed build leaves neither stamp nor lock behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deferred } from './deferred.js';
import { distBuilder } from './ensure-dist.js';

function scratch(build: () => Promise<void>) {
  const root = mkdtempSync(join(tmpdir(), 'minivault-dist-'));
  mkdirSync(join(root, 'src', 'deep'), { recursive: true });
  const input = join(root, 'src', 'deep', 'a.ts');
  writeFileSync(input, 'x');
  writeFileSync(join(root, 'tsconfig.json'), '{}');
  const lock = join(root, 'cache', 'build.lock');
  const stamp = join(root, 'dist', '.stamp');
  let builds = 0;
  const ensure = distBuilder({
    inputDirs: [join(root, 'src')], inputFiles: [join(root, 'tsconfig.json')], stamp, lock, pollMs: 5,
    build: async () => { builds++; await build(); },
  });
  /** Dates the input `s` seconds from now. */
  const touch = (s: number) => { const t = new Date(Date.now() + s * 1000); utimesSync(input, t, t); };
  return { ensure, lock, stamp, touch, builds: () => builds };
}

describe('ensureDist', () => {
  it('builds when the inputs are newer than the last build, and only then', async () => {
    const d = scratch(async () => {});
    await d.ensure();
    await d.ensure();
    expect(d.builds()).toBe(1);
    d.touch(60);
    await d.ensure();
    expect(d.builds()).toBe(2);
    expect(existsSync(d.lock)).toBe(false);
  });

  it('shares one build among concurrent callers', async () => {
    const gate = deferred();
    const d = scratch(() => gate.promise);
    const calls = Promise.all([d.ensure(), d.ensure(), d.ensure()]);
    gate.resolve();
    await calls;
    expect(d.builds()).toBe(1);
  });

  it('waits for a live lock holder and takes its build', async () => {
    const d = scratch(async () => {});
    mkdirSync(d.lock, { recursive: true });
    writeFileSync(join(d.lock, 'pid'), String(process.pid)); // alive: this very process
    let done = false;
    const call = d.ensure().then(() => { done = true; });
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    // The holder finishes: its stamp appears and it releases the lock.
    mkdirSync(join(d.stamp, '..'), { recursive: true });
    writeFileSync(d.stamp, '');
    rmSync(d.lock, { recursive: true });
    await call;
    expect(d.builds()).toBe(0);
  });

  it('removes the lock of a holder that died and builds', async () => {
    const d = scratch(async () => {});
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(d.lock, { recursive: true });
    writeFileSync(join(d.lock, 'pid'), String(dead));
    await d.ensure();
    expect(d.builds()).toBe(1);
  });

  it('rejects on a failed build, leaving no stamp and no lock, and builds again next time', async () => {
    let fail = true;
    const d = scratch(async () => { if (fail) throw new Error('tsc failed'); });
    await expect(d.ensure()).rejects.toThrow('tsc failed');
    expect([existsSync(d.stamp), existsSync(d.lock)]).toEqual([false, false]);
    fail = false;
    await d.ensure();
    expect(d.builds()).toBe(2);
  });
});
