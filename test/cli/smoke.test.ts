// Runs the real executables in child processes: bin/minivault over a compiled copy of the CLI
// (built and bundled into a temp dir, as `npm run build` puts it in dist/), and `tsx src/cli/main.ts`.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { emptyHome, envelope, LEADER_NON_HA, sealStatus, startFakeVault, uiMount, type FakeVault } from './fake-vault.js';

const ROOT = resolve(import.meta.dirname, '../..');
let build: string;
let fake: FakeVault;

function run(cmd: string, args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: emptyHome(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

beforeAll(async () => {
  build = mkdtempSync(join(tmpdir(), 'minivault-bin-'));
  writeFileSync(join(build, 'tsconfig.json'), JSON.stringify({
    extends: join(ROOT, 'tsconfig.build.json'),
    compilerOptions: { rootDir: join(ROOT, 'src'), outDir: join(build, 'dist'), declaration: false, typeRoots: [join(ROOT, 'node_modules/@types')] },
    include: [],
    files: [join(ROOT, 'src/cli/main.ts'), join(ROOT, 'src/server/main.ts')],
  }));
  // Type errors elsewhere in the tree must not stop the emit this test needs.
  await run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(build, 'tsconfig.json')], {});
  // bin/minivault runs the bundle that `npm run build` makes from dist/.
  const bundled = await run(process.execPath, [join(ROOT, 'scripts/bundle-bin.mjs'), join(build, 'dist')], {});
  if (bundled.code !== 0) throw new Error(`bundling failed: ${bundled.stderr}`);
  mkdirSync(join(build, 'bin'));
  copyFileSync(join(ROOT, 'bin/minivault'), join(build, 'bin/minivault'));
  writeFileSync(join(build, 'package.json'), '{"type":"module"}');
  symlinkSync(join(ROOT, 'node_modules'), join(build, 'node_modules'));
  fake = await startFakeVault({
    'GET /v1/sys/seal-status': { status: 200, body: sealStatus() },
    'GET /v1/sys/leader': { status: 200, body: LEADER_NON_HA },
    'PUT /v1/sys/unseal': { status: 200, body: sealStatus({ sealed: true, progress: 1 }) },
    'GET /v1/sys/internal/ui/mounts/kgc/api-credentials': uiMount('kgc/', '2'),
    'PUT /v1/kgc/data/api-credentials': { status: 200, body: envelope({ version: 1, created_time: 't', deletion_time: '', destroyed: false, custom_metadata: null }) },
  });
}, 60_000);

afterAll(async () => { await fake?.close(); });

describe('bin/minivault (compiled)', () => {
  it('runs from dist/ and exits with the command\'s code', async () => {
    expect(existsSync(join(build, 'dist/bin/cli/main.js'))).toBe(true);
    const bin = join(build, 'bin/minivault');
    const put = await run(process.execPath, [bin, 'kv', 'put', 'kgc/api-credentials', 'api_key=key-v1'], { VAULT_ADDR: fake.url });
    expect(put.code).toBe(0);
    expect(put.stdout).toContain('version            1');
    const unseal = await run(process.execPath, [bin, 'operator', 'unseal', '-format=json'], { VAULT_ADDR: fake.url }, 'c2hhcmU=\n');
    expect(unseal.code).toBe(0);
    expect(JSON.parse(unseal.stdout).progress).toBe(1);
    expect(fake.requests.find((r) => r.path === '/v1/sys/unseal')!.body.key).toBe('c2hhcmU=');
    const down = await run(process.execPath, [bin, 'kv', 'get', 'kgc/x'], { VAULT_ADDR: 'http://127.0.0.1:1' });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('http://127.0.0.1:1');
  });
});

describe('tsx src/cli/main.ts', () => {
  it('runs the CLI straight from source', async () => {
    const r = await run(join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/main.ts', 'status'], { VAULT_ADDR: fake.url });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sealed          false');
  });
});
