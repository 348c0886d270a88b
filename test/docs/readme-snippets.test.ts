// The README's code, pasted into a stranger's project and run there against the built package:
// the first vitest test (hooks), the `await using` test, the minivault/vitest globalSetup with
// inject(), the knobs, clock, client and arbitraries examples, the plain `node --test` variant and
// the Jest recipe, plus a strict type-check of the TypeScript snippets (inject('VAULT_ADDR') typed
// as string by the ProvidedContext augmentation that minivault/vitest's .d.ts carries). Each
// snippet is read from README.md by its `<!-- readme-test: NAME -->` marker, so what is tested is
// what a reader copies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPackage, createProject, nodeBin, readmeSnippet, ROOT, run, type Ran } from './package-fixture.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const snippet = (name: string) => readmeSnippet(README, name);
const SLOW = 120_000;

/**
 * README fragments as one vitest file, a test each: their imports go on top (once each), the
 * rest becomes the test's body, between `before` (setup it assumes) and `after` (what it promises).
 */
interface Fragment { name: string; before?: string[]; after?: string[] }
const asVitestFile = (fragments: Fragment[]) => {
  const imports = new Set(["import { expect, it } from 'vitest';", "import { createVault } from 'minivault/testing';"]);
  const tests: string[] = [];
  for (const { name, before = [], after = [] } of fragments) {
    const lines = snippet(name).trimEnd().split('\n');
    for (const l of lines.filter((x) => x.startsWith('import '))) imports.add(l);
    const body = lines.filter((l) => !l.startsWith('import '));
    tests.push(`it('README ${name}', async () => {`, ...[...before, ...body, ...after].map((l) => (l ? `  ${l}` : l)), '});', '');
  }
  return [...imports, '', ...tests].join('\n');
};

// The client snippet reads secret/app from the run's vault (minivault/vitest's globalSetup).
const CLIENT_BEFORE = [
  "await fetch(`${process.env.VAULT_ADDR}/v1/secret/data/app`, { method: 'POST', headers: { 'X-Vault-Token': process.env.VAULT_TOKEN! }, body: JSON.stringify({ data: { password: 's3cret' } }) });",
];
const CLIENT_AFTER = ["expect(password).toBe('s3cret');"];

const FRAGMENTS = asVitestFile([
  { name: 'knobs' }, { name: 'clock-real' }, { name: 'clock-manual' },
  { name: 'client', before: CLIENT_BEFORE, after: CLIENT_AFTER }, { name: 'arbitraries' },
]);

const show = (r: Ran) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;

let pkg: string;
beforeAll(async () => {
  pkg = await buildPackage();
}, SLOW);

describe.concurrent('README snippets, run in a new project against the built package', () => {
  it('the vitest tests pass: first test, await using, globalSetup + inject, the knobs, the clock, the client, arbitraries', async () => {
    const dir = createProject(pkg, {
      'package.json': '{ "type": "module", "private": true }',
      'vitest.config.ts': snippet('vitest-config'),
      'test/vault.test.ts': snippet('vitest-first'),
      'test/health.test.ts': snippet('vitest-await-using'),
      'test/token.test.ts': snippet('vitest-inject'),
      'test/fragments.test.ts': FRAGMENTS,
    });
    const r = await run(process.execPath, [nodeBin('vitest', 'vitest.mjs'), 'run', '--reporter=dot'], { cwd: dir });
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/Test Files\s+.*4 passed/);
    expect(r.stdout).toMatch(/Tests\s+.*8 passed/);
  }, SLOW);

  it('the TypeScript snippets type-check strictly, with inject() typed by minivault/vitest', async () => {
    const dir = createProject(pkg, {
      'package.json': '{ "type": "module", "private": true }',
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          target: 'es2022', lib: ['es2023', 'esnext.disposable', 'dom'], module: 'nodenext', moduleResolution: 'nodenext',
          strict: true, noEmit: true, skipLibCheck: true, types: ['node'],
        },
        include: ['*.ts', 'test/*.ts'],
      }),
      'vitest.config.ts': snippet('vitest-config'),
      'test/vault.test.ts': snippet('vitest-first'),
      'test/health.test.ts': snippet('vitest-await-using'),
      'test/token.test.ts': snippet('vitest-inject'),
      'test/fragments.test.ts': FRAGMENTS,
      // Not any: a number annotation must be refused.
      'typed.ts': [
        "import type {} from 'minivault/vitest';",
        "import { inject } from 'vitest';",
        "export const addr: string = inject('VAULT_ADDR');",
        '// @ts-expect-error inject() of a provided key is a string',
        "export const wrong: number = inject('VAULT_TOKEN');",
        '',
      ].join('\n'),
      // minivault/arbitraries' types name fast-check (an optional peer dependency).
      'arbitraries.ts': "import fc from 'fast-check';\nimport { arbitraries } from 'minivault/arbitraries';\nexport const paths: fc.Arbitrary<string> = arbitraries(fc).kvPath;\n",
    });
    const r = await run(process.execPath, [nodeBin('typescript', 'bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir });
    expect(r.code, show(r)).toBe(0);
  }, SLOW);

  it('the plain-Node variant passes under node --test', async () => {
    const dir = createProject(pkg, {
      'package.json': '{ "type": "module", "private": true }',
      'vault.test.mjs': snippet('node-test'),
    });
    const r = await run(process.execPath, ['--test', 'vault.test.mjs'], { cwd: dir });
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^# pass 1$/m);
    expect(r.stdout).toMatch(/^# fail 0$/m);
  }, SLOW);

  it('the Jest recipe passes as written (ES modules through --experimental-vm-modules)', async () => {
    const dir = createProject(pkg, {
      'package.json': '{ "type": "module", "private": true }',
      'jest.config.mjs': snippet('jest-config'),
      'jest.global-setup.mjs': snippet('jest-global-setup'),
      'jest.global-teardown.mjs': snippet('jest-global-teardown'),
      'token.test.mjs': snippet('jest-shared'),
      'sealed.test.mjs': snippet('jest-in-process'),
    });
    const r = await run(process.execPath, [nodeBin('jest', 'bin/jest.js'), '--ci'], {
      cwd: dir, env: { NODE_OPTIONS: '--experimental-vm-modules' },
    });
    expect(r.code, show(r)).toBe(0);
    expect(r.stderr).toMatch(/Tests:\s+3 passed, 3 total/);
  }, SLOW);
});
