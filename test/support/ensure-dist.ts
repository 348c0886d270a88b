// Tests that run bin/minivault run dist/, so an edit under src/ must reach dist/ before they
// start: ensureDist() runs `npm run build` when any build input is newer than the last build, and
// does nothing otherwise. Test files call it in beforeAll, several at once and from more than one
// vitest process (each fork, and anyone else's run in the same tree), so a build holds a lock
// directory; the others wait for it and take the build they waited for.
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** The executable the tests spawn. */
export const BIN = join(ROOT, 'bin/minivault');

export interface DistBuilderOptions {
  /** Directories and files whose newest mtime says when the build's inputs last changed. */
  inputDirs: string[];
  inputFiles: string[];
  /** Written after a successful build, dated when that build started (edits during it count as newer). */
  stamp: string;
  lock: string;
  build(): Promise<void>;
  /** A lock older than this belongs to a build that died without cleaning up. */
  staleLockMs?: number;
  pollMs?: number;
}

function newestMtime(dirs: string[], files: string[]): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) visit(dir);
  for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

function mtimeOrMissing(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A function that brings the build up to date, at most one build at a time across processes. */
export function distBuilder(o: DistBuilderOptions): () => Promise<void> {
  const staleLockMs = o.staleLockMs ?? 5 * 60_000;
  const pollMs = o.pollMs ?? 100;

  /**
   * No input is newer than the last build, or a build finished after `before` (the stamp the
   * caller saw when it asked): a caller that waited on someone else's build takes that build, even
   * when the inputs were edited meanwhile, rather than building once more per waiting test file.
   */
  const isFresh = (before: number): boolean => {
    const built = mtimeOrMissing(o.stamp);
    if (built < 0) return false;
    return built !== before || built >= newestMtime(o.inputDirs, o.inputFiles);
  };

  /** Takes the lock, or returns false when a live build holds it (a dead one's lock is removed). */
  const tryLock = (): boolean => {
    mkdirSync(dirname(o.lock), { recursive: true });
    try {
      mkdirSync(o.lock);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let owner = 0;
      try { owner = Number(readFileSync(join(o.lock, 'pid'), 'utf8')); } catch { /* being written or removed */ }
      const age = Date.now() - mtimeOrMissing(o.lock);
      if ((owner > 0 && !processAlive(owner)) || age > staleLockMs) rmSync(o.lock, { recursive: true, force: true });
      return false;
    }
    writeFileSync(join(o.lock, 'pid'), String(process.pid));
    return true;
  };

  return async () => {
    const before = mtimeOrMissing(o.stamp);
    while (!isFresh(before)) {
      if (!tryLock()) {
        // Polling a lock held by another process: there is no event to wait on across processes.
        await new Promise((r) => setTimeout(r, pollMs));
        continue;
      }
      try {
        if (isFresh(before)) return; // built by whoever held the lock before us
        const started = new Date();
        await o.build();
        mkdirSync(dirname(o.stamp), { recursive: true });
        writeFileSync(o.stamp, '');
        utimesSync(o.stamp, started, started);
        return;
      } finally {
        rmSync(o.lock, { recursive: true, force: true });
      }
    }
  };
}

function npmRunBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('npm', ['run', 'build'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve();
      const output = `${stdout}${stderr}`.trim().split('\n').slice(-40).join('\n');
      reject(new Error(`dist/ is older than src/ and \`npm run build\` failed, so bin/minivault would run stale code:\n${output}`));
    });
  });
}

/** Brings dist/ up to date with src/ (a no-op when it already is). */
export const ensureDist: () => Promise<void> = distBuilder({
  // What `npm run build` reads: a change to any of these makes dist/ stale.
  inputDirs: [join(ROOT, 'src'), join(ROOT, 'scripts')],
  inputFiles: ['tsconfig.json', 'tsconfig.build.json', 'package.json'].map((f) => join(ROOT, f)),
  stamp: join(ROOT, 'dist', '.build-stamp'),
  lock: join(ROOT, 'node_modules', '.cache', 'minivault-dist-build.lock'),
  build: npmRunBuild,
});
