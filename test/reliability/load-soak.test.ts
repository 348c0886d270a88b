// Bounded soak (issue #25): 100k mixed in-process requests (KV reads, writes, deletes and lists
// over 256 keys, token create/lookup/revoke, transit encrypt/decrypt) in a child process with
// --expose-gc; the heap after full GCs at 100k requests is within 8 MiB of the heap at 20k.
// A load test: test:quick leaves load-*.test.ts out.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const child = fileURLToPath(new URL('./load-soak.child.ts', import.meta.url));
const MiB = 2 ** 20;

describe('soak (load)', () => {
  it('serves 100k mixed requests with no error and a heap as large at the end as at 20k', async () => {
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', child], { timeout: 170_000 });
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as {
      requests: number; counts: Record<string, number>; heapAt20k: number; heapAt100k: number; seconds: number;
    };
    expect(r.requests).toBeGreaterThanOrEqual(100_000);
    for (const kind of ['read', 'write', 'delete', 'list', 'token', 'transit']) expect(r.counts[kind]).toBeGreaterThan(0);
    const growthMiB = (r.heapAt100k - r.heapAt20k) / MiB;
    console.log(`figures soak ${JSON.stringify({ requests: r.requests, heapAt20kMiB: +(r.heapAt20k / MiB).toFixed(1), heapAt100kMiB: +(r.heapAt100k / MiB).toFixed(1), seconds: +r.seconds.toFixed(1) })}`);
    expect(growthMiB).toBeLessThan(8);
  }, 180_000);
});
