// Tests that run bin/minivault run dist/, so an edit under src/ must reach dist/ before they
// start: ensureDist() runs `npm run build` when any build input is newer than the last build, and
// does nothing otherwise. Test files call it in beforeAll, several at once and from more than one
// vitest process (each fork, and anyone else's run in the same tree), so a build holds a lock
// directory; the others wait for it and then find dist/ fresh.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** The executable the tests spawn. */
export const BIN = join(ROOT, 'bin/minivault');

/** What `npm run build` reads: a change to any of these makes dist/ stale. */
const INPUT_DIRS = ['src', 'scripts'];
const INPUT_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];
/** Written after a successful build, dated when that build started (edits during it count as newer). */
const STAMP = join(ROOT, 'dist', '.build-stamp');
const LOCK = join(ROOT, 'node_modules', '.cache', 'minivault-dist-build.lock');
/** A lock older than this belongs to a build that died without cleaning up. */
const STALE_LOCK_MS = 5 * 60_000;
const POLL_MS = 100;

function newestInput(): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of INPUT_DIRS) visit(join(ROOT, dir));
  for (const file of INPUT_FILES) newest = Math.max(newest, statSync(join(ROOT, file)).mtimeMs);
  return newest;
}

function stampTime(): number {
  try {
    return statSync(STAMP).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * No input is newer than the last build, or a build finished after `before` (the stamp the caller
 * saw when it asked): a caller that waited on someone else's build takes that build, even when
 * src/ was edited meanwhile, rather than building once more per waiting test file.
 */
function isFresh(before: number): boolean {
  const built = stampTime();
  if (built < 0) return false;
  return built !== before || built >= newestInput();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock, or returns false when a live build holds it. */
function tryLock(): boolean {
  mkdirSync(dirname(LOCK), { recursive: true });
  try {
    mkdirSync(LOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    let owner = 0;
    try { owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8')); } catch { /* being written or removed */ }
    let age = 0;
    try { age = Date.now() - statSync(LOCK).mtimeMs; } catch { return false; }
    const abandoned = (owner > 0 && !processAlive(owner)) || age > STALE_LOCK_MS;
    if (abandoned) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
  writeFileSync(join(LOCK, 'pid'), String(process.pid));
  return true;
}

function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('npm', ['run', 'build'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve();
      const output = `${stdout}${stderr}`.trim().split('\n').slice(-40).join('\n');
      reject(new Error(`dist/ is older than src/ and \`npm run build\` failed, so bin/minivault would run stale code:\n${output}`));
    });
  });
}

/** Brings dist/ up to date with src/ (a no-op when it already is). */
export async function ensureDist(): Promise<void> {
  const before = stampTime();
  while (!isFresh(before)) {
    if (!tryLock()) {
      // Polling a lock held by another process: there is no event to wait on across processes.
      await new Promise((r) => setTimeout(r, POLL_MS));
      continue;
    }
    try {
      if (isFresh(before)) return; // built by whoever held the lock before us
      const started = new Date();
      await build();
      writeFileSync(STAMP, '');
      utimesSync(STAMP, started, started);
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
