import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COVERAGE_FILE, renderCoverage } from '../../scripts/coverage.js';
import { ROUTES } from '../../src/core/routes.js';
import { ROUTES as KV_ROUTES } from '../../src/secrets/kv/index.js';

describe('COVERAGE.md', () => {
  it('matches what scripts/coverage.ts generates from the route table', () => {
    const onDisk = readFileSync(COVERAGE_FILE, 'utf8');
    if (onDisk !== renderCoverage()) {
      expect.fail('COVERAGE.md is stale: run `npx tsx scripts/coverage.ts`');
    }
  });

  it('lists every KV v2 path of the engine\'s own table', () => {
    const kvPaths = new Set(ROUTES.filter((r) => r.area === 'kv v2').map((r) => r.path));
    expect(kvPaths.size).toBe(KV_ROUTES.length);
    for (const p of ['config', 'data/:path', 'metadata/:path', 'destroy/:path', 'subkeys/:path', 'delete/:path', 'undelete/:path']) {
      expect(kvPaths).toContain(`/v1/:mount/${p}`);
    }
  });

  it('has no duplicate method and path pair', () => {
    const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
