// A stranger's project in a temp dir, with minivault installed the way npm would install it:
// node_modules/minivault holds this repository's package.json and a fresh `tsc` build of src/ in
// dist/ (so the docs are checked against the code as it is now, not a stale dist/), and every
// other package (vitest, jest, typescript, fast-check, minivault's own dependencies) links to
// this repository's node_modules. Commands run in child processes with a clean environment.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; never throws for a non-zero exit (the caller asserts on it). */
export function run(cmd: string, args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<Ran> {
  return new Promise((done, reject) => {
    // Only what a shell would hand a fresh process: nothing of the vitest worker running this
    // test (VITEST*, NODE_OPTIONS), which a nested vitest or jest would otherwise pick up.
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: tmpdir(), ...opts.env };
    const child = spawn(cmd, args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** `<root>/node_modules/<name>/<bin>` run with this node: no PATH lookup, no npx. */
export function nodeBin(pkg: string, bin: string): string {
  return join(ROOT, 'node_modules', pkg, bin);
}

function* files(dir: string, ext: RegExp): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p, ext);
    else if (ext.test(e.name)) yield p;
  }
}

/** Whether dist/ was built after the last change to src/ (as `npm ci` leaves it: prepare builds). */
function distIsFresh(): boolean {
  if (!existsSync(join(ROOT, 'dist/testing/vitest-setup.d.ts'))) return false;
  let newestSrc = 0;
  for (const f of files(join(ROOT, 'src'), /\.ts$/)) newestSrc = Math.max(newestSrc, statSync(f).mtimeMs);
  let oldestOut = Infinity;
  for (const f of files(join(ROOT, 'dist'), /\.(js|d\.ts)$/)) {
    if (f.startsWith(join(ROOT, 'dist/bin'))) continue;
    oldestOut = Math.min(oldestOut, statSync(f).mtimeMs);
  }
  return oldestOut > newestSrc;
}

/**
 * The installed package: this repository's package.json with its dist/ when that is fresh, or
 * else a build of src/ made here (never written into dist/, which other tests may be reading).
 */
export async function buildPackage(): Promise<string> {
  // Under a node_modules folder, as installed, so test runners treat it as a dependency.
  const pkg = join(mkdtempSync(join(tmpdir(), 'minivault-pkg-')), 'node_modules', 'minivault');
  mkdirSync(pkg, { recursive: true });
  if (distIsFresh()) {
    symlinkSync(join(ROOT, 'dist'), join(pkg, 'dist'));
  } else {
    writeFileSync(join(pkg, 'tsconfig.json'), JSON.stringify({
      extends: join(ROOT, 'tsconfig.build.json'),
      compilerOptions: { rootDir: join(ROOT, 'src'), outDir: join(pkg, 'dist'), typeRoots: [join(ROOT, 'node_modules/@types')] },
      include: [join(ROOT, 'src')],
    }));
    // A type error in a file some other change is half-way through must not stop the emit.
    const built = await run(process.execPath, [nodeBin('typescript', 'bin/tsc'), '-p', join(pkg, 'tsconfig.json')], { cwd: pkg });
    if (!existsSync(join(pkg, 'dist/testing/index.js'))) throw new Error(`tsc emitted nothing:\n${built.stdout}${built.stderr}`);
  }
  symlinkSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(ROOT, 'examples'), join(pkg, 'examples'));
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  return pkg;
}

/** A new project directory whose node_modules has minivault (the built package) and the rest. */
export function createProject(pkg: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'minivault-consumer-'));
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === '.bin' || name.startsWith('.')) continue;
    symlinkSync(join(ROOT, 'node_modules', name), join(modules, name));
  }
  symlinkSync(pkg, join(modules, 'minivault'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The code block that follows `<!-- readme-test: NAME -->` in README.md. */
export function readmeSnippet(readme: string, name: string): string {
  const marker = `<!-- readme-test: ${name} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker}`);
  const m = /^```[a-z]*\n([\s\S]*?)^```$/m.exec(readme.slice(at + marker.length));
  if (!m) throw new Error(`no code block after ${marker}`);
  return m[1]!;
}
