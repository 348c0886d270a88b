// `minivault server …` as its own entry (bin/minivault takes it when the first argument is
// `server`): the same answer as main(['server', …]) — format pre-scan, then the server command —
// without loading the command registry and every client command first. Node 20 loads ES modules
// one at a time, and at start-up each one it can skip is about a millisecond.
import { errCliInvalidFormat } from '../errors/cli.js';
import type { CliIO } from '../cli/command.js';
import { FORMATS, resolveIO, scanFormat } from '../cli/io.js';
import { serverCommand } from './server-command.js';

/** Runs `minivault server <args>` (argv without the word `server`); resolves to the exit code. */
export async function serverMain(args: string[], io: Partial<CliIO> = {}): Promise<number> {
  const full = resolveIO(io);
  const format = scanFormat(args, full.env);
  if (!FORMATS.has(format)) {
    full.stderr(`${errCliInvalidFormat(format)}\n`);
    return 1;
  }
  try {
    return await serverCommand(args, full);
  } catch (e) {
    full.stderr(`Error executing CLI: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
