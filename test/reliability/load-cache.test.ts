// The decrypt memo's budget counts every byte it keeps (issue #25 item 3). Two child processes
// (node --expose-gc) fill a barrier with 20k ~2 KiB entries and read each twice, one with the
// memo and one without (disable_cache); after full GCs the process with the memo may keep at most
// 80 MiB more, both in RSS and in heap + external buffers. A load test: test:quick leaves load-*.test.ts out.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./load-cache.child.ts', import.meta.url));
const MiB = 2 ** 20;

async function measure(mode: 'cached' | 'uncached'): Promise<{ seen: number; rss: number; retained: number }> {
  const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', child, mode], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { seen: number; rss: number; retained: number };
}

describe('decrypt memo memory (load)', () => {
  it('keeps at most 80 MiB more RSS and retained memory than an uncached barrier after 20k entries are read twice', async () => {
    const [cached, uncached] = await Promise.all([measure('cached'), measure('uncached')]);
    expect(cached.seen).toBe(40_000);
    expect(uncached.seen).toBe(40_000);
    const retainedMiB = (cached.retained - uncached.retained) / MiB;
    const rssMiB = (cached.rss - uncached.rss) / MiB;
    const figures = JSON.stringify({
      keys: 20_000, retainedExtraMiB: Math.round(retainedMiB), rssExtraMiB: Math.round(rssMiB),
      cachedRssMiB: Math.round(cached.rss / MiB), uncachedRssMiB: Math.round(uncached.rss / MiB),
    });
    writeFileSync(join(tmpdir(), 'mv-reliability-cache.json'), figures);
    console.log(`figures cache ${figures}`); // RELIABILITY.md quotes these
    expect(retainedMiB).toBeLessThan(80);
    expect(rssMiB).toBeLessThan(80);
  }, 90_000);
});
