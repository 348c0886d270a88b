// Runs the CLI in-process (src/cli/main.ts main()) with captured streams, a fresh HOME and
// VAULT_ADDR pointing wherever the test says: the shared runner of every CLI test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Text fed to stdin (a pipe); omitted means an empty pipe. */
  stdin?: string;
  /** A stream to use as stdin instead (e.g. a fake terminal). */
  stdinStream?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (m: boolean) => unknown };
  stdoutIsTTY?: boolean;
}

/** A fresh empty HOME, so ~/.vault-token never leaks in from the machine running the tests. */
export function emptyHome(): string {
  return mkdtempSync(join(tmpdir(), 'minivault-cli-home-'));
}

/** Runs the CLI in-process against `address` (none: VAULT_ADDR unset), capturing its streams. */
export async function runCli(address: string | undefined, argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const stdin = opts.stdinStream ?? (() => {
    const s = new PassThrough();
    s.end(opts.stdin ?? '');
    return s;
  })();
  const env: Record<string, string | undefined> = { HOME: emptyHome(), ...(address ? { VAULT_ADDR: address } : {}), ...opts.env };
  const code = await main(argv, {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    stdin,
    env,
    stdoutIsTTY: opts.stdoutIsTTY ?? false,
  });
  return { code, stdout, stderr };
}

/**
 * A fake terminal on stdin that types `text` once the CLI switches it to raw mode, i.e. once it is
 * at the prompt and reading (no guessed delay). `modes` records every setRawMode call.
 */
export function typingTerminal(text: string): RunOptions['stdinStream'] & { modes: boolean[] } {
  const modes: boolean[] = [];
  const tty = Object.assign(new PassThrough(), {
    isTTY: true,
    modes,
    setRawMode: (m: boolean) => {
      modes.push(m);
      if (m && modes.length === 1) tty.write(text);
      return tty;
    },
  });
  return tty;
}
