// Vitest global setup: the whole run gets one private temporary directory. Setting TMPDIR here,
// before the workers fork, makes every os.tmpdir() in tests and in the servers they spawn
// (CLI homes, audit logs, file storage, certificates) land under it, and teardown removes it:
// a run leaves nothing behind in the machine's /tmp, however a test ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'minivault-test-run-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
