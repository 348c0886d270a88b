// README.md for a stranger: its Limitations list is what scripts/coverage.ts generates from the
// route tables and the builtin registry (so it cannot drift), it points only inside the
// repository, every relative link resolves, and the LICENSE matches package.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LIMITATIONS_BEGIN, LIMITATIONS_END, README_FILE, coverageRoutes, missingTypes, renderLimitations, withLimitations,
} from '../../scripts/coverage.js';
import type { RouteRow } from '../../src/core/routes.js';
import { ROOT } from './package-fixture.js';

const README = readFileSync(README_FILE, 'utf8');

describe('README Limitations', () => {
  let routes: RouteRow[];
  beforeAll(async () => {
    routes = await coverageRoutes();
  });

  it('is what scripts/coverage.ts generates from the route tables', () => {
    if (withLimitations(README, renderLimitations(routes)) !== README) {
      expect.fail('README.md\'s Limitations list is stale: run `npx tsx scripts/coverage.ts`');
    }
  });

  it('names the builtins minivault lacks and none it has', () => {
    const list = README.slice(README.indexOf(LIMITATIONS_BEGIN), README.indexOf(LIMITATIONS_END));
    expect(missingTypes('secret')).toEqual(expect.arrayContaining(['ssh', 'database', 'aws']));
    expect(missingTypes('secret')).not.toContain('kv');
    expect(missingTypes('secret')).not.toContain('kv-v2');
    expect(missingTypes('auth')).toEqual(expect.arrayContaining(['ldap', 'github', 'okta']));
    for (const has of ['transit', 'pki', 'approle', 'userpass', 'jwt', 'oidc', 'cert']) {
      expect(missingTypes('secret')).not.toContain(has);
      expect(missingTypes('auth')).not.toContain(has);
    }
    expect(list).toContain('`ssh`');
    expect(list).toMatch(/pki: .*ACME \(\d+\)/);
  });

  it('refuses a README without the markers instead of appending', () => {
    expect(() => withLimitations('# no markers\n', '- x')).toThrow(/markers/);
  });
});

describe('README for a stranger', () => {
  it('opens with the two commands for a fresh machine', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm ci && npm start\b/m);
    expect(firstBlock).toMatch(/^npm ci && npm test\b/m);
    expect(README.indexOf('```sh')).toBeLessThan(README.indexOf('\n## '));
  });

  it('points at nothing outside the repository and names no issue numbers', () => {
    expect(README).not.toMatch(/\.\.\/shared|\/work\/|DESIGN\.md/);
    expect(README).not.toMatch(/(^|\s)#\d+\b/m);
    // The CLI is run through npx: a bare `minivault …` command line is not on a clone's PATH.
    expect(README).not.toMatch(/^minivault (server|operator|kv|secrets|policy|token|audit|login|auth|lease|unwrap|read|write)\b/m);
  });

  it('has every relative link resolving to a file in the repository', () => {
    const links = [...README.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l));
    expect(links).toEqual(expect.arrayContaining(['ARCHITECTURE.md', 'PERFORMANCE.md', 'RELIABILITY.md', 'LICENSE']));
    const missing = links.filter((l) => !existsSync(join(ROOT, l)));
    expect(missing).toEqual([]);
  });

  it('has an MIT LICENSE, as package.json says', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string; peerDependenciesMeta?: Record<string, { optional?: boolean }> };
    expect(pkg.license).toBe('MIT');
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(license).toContain('minivault authors');
    expect(pkg.peerDependenciesMeta?.['fast-check']?.optional).toBe(true);
  });

  it('ships LICENSE, README, the examples and the types of every export', () => {
    // npm always packs LICENSE, README.md and package.json; the rest comes from `files`.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[]; exports: Record<string, string | { types?: string }> };
    const types = Object.values(pkg.exports).flatMap((e) => (typeof e === 'object' && e.types ? [e.types] : []));
    expect(types).toContain('./dist/testing/vitest-setup.d.ts');
    for (const t of types) expect(pkg.files, t).toContain(t.replace(/^\.\//, '').split('/')[0]);
    expect(pkg.files).toEqual(expect.arrayContaining(['bin', 'examples']));
    expect(existsSync(join(ROOT, 'LICENSE'))).toBe(true);
  });
});
