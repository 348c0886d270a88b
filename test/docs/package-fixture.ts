// A stranger's project in a temp dir, with minivault installed the way npm would install it:
// node_modules/minivault holds this repository's package.json and dist/ (rebuilt first when src/
// is newer, so the docs are checked against the code as it is now), and every other package
// (vitest, jest, typescript, fast-check, minivault's own dependencies) links to this repository's
// node_modules. Commands run in child processes with a clean environment.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureDist, ROOT } from '../support/ensure-dist.js';

export { ROOT };

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

/**
 * The installed package: this repository's package.json, bin, examples and dist/, with dist/
 * brought up to date with src/ first (test/support/ensure-dist.ts builds it when stale).
 */
export async function buildPackage(): Promise<string> {
  await ensureDist();
  // Under a node_modules folder, as installed, so test runners treat it as a dependency.
  const pkg = join(mkdtempSync(join(tmpdir(), 'minivault-pkg-')), 'node_modules', 'minivault');
  mkdirSync(pkg, { recursive: true });
  // A copy, not a link: test runners decide what is a dependency by the real path (vitest
  // externalises it, Jest leaves it untransformed), and a copy is what an install holds.
  cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
  for (const entry of ['package.json', 'bin', 'examples', 'node_modules']) symlinkSync(join(ROOT, entry), join(pkg, entry));
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
