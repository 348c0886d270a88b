// COVERAGE.md is generated from the backends' path tables (scripts/coverage.ts): this fails when
// the file on disk is stale, and checks the rows come from the tables (nothing hand-kept).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COVERAGE_FILE, coverageRoutes, renderCoverage } from '../../scripts/coverage.js';
import type { RouteRow } from '../../src/core/routes.js';

describe('COVERAGE.md', () => {
  let routes: RouteRow[];
  beforeAll(async () => {
    routes = await coverageRoutes();
  });

  it('matches what scripts/coverage.ts generates from the path tables', () => {
    const onDisk = readFileSync(COVERAGE_FILE, 'utf8');
    if (onDisk !== renderCoverage(routes)) expect.fail('COVERAGE.md is stale: run `npx tsx scripts/coverage.ts`');
  });

  it('lists every KV v2 path of the engine\'s own table', () => {
    const kvPaths = new Set(routes.filter((r) => r.area === 'kv v2').map((r) => r.path));
    for (const p of ['config', 'data/:path', 'metadata/:path', 'destroy/:path', 'subkeys/:path', 'delete/:path', 'undelete/:path']) {
      expect(kvPaths).toContain(`/v1/:mount/${p}`);
    }
  });

  it('lists the mount-table, auth-method and catalog paths of sys/ from its table', () => {
    const sys = new Set(routes.filter((r) => r.area === 'sys').map((r) => `${r.method} ${r.path}`));
    for (const row of ['GET /v1/sys/mounts', 'PUT/POST /v1/sys/mounts/:path', 'DELETE /v1/sys/auth/:path', 'PUT/POST /v1/sys/remount',
      'GET /v1/sys/remount/status/:migration_id', 'GET /v1/sys/plugins/catalog[/]', 'PUT/POST /v1/sys/auth/:path/tune']) {
      expect(sys).toContain(row);
    }
  });

  it('has no duplicate method and path pair within an area', () => {
    const keys = routes.map((r) => `${r.area} ${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
