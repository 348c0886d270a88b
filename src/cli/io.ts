// The pieces of the command line every entry shares, kept apart from the command registry so that
// `minivault server` can start without loading the client commands (src/server/main.ts):
// the process's streams as a CliIO, and Vault's global `-format` pre-scan (command/main.go).
import type { CliIO } from './command.js';

/** command/format.go Formatters: pretty only renders raft autopilot state, raw only `read`. */
export const FORMATS = new Set(['table', 'json', 'yaml', 'yml', 'pretty', 'raw']);

/** `io` with the process's streams and environment filling what it leaves out. */
export function resolveIO(io: Partial<CliIO>): CliIO {
  return {
    stdout: io.stdout ?? ((s: string) => { process.stdout.write(s); }),
    stderr: io.stderr ?? ((s: string) => { process.stderr.write(s); }),
    stdin: io.stdin ?? process.stdin,
    env: io.env ?? process.env,
    stdoutIsTTY: io.stdoutIsTTY ?? (io.stdout ? false : Boolean(process.stdout.isTTY)),
  };
}

/** The global pre-scan: `-format` anywhere before `--`, else VAULT_FORMAT, else table; lower-cased. */
export function scanFormat(argv: readonly string[], env: Record<string, string | undefined>): string {
  let format: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    const m = /^--?format(?:=(.*))?$/.exec(arg);
    if (!m) continue;
    if (m[1] !== undefined) format = m[1];
    else if (i + 1 < argv.length) format = argv[i + 1];
  }
  return (format ?? (env.VAULT_FORMAT || 'table')).toLowerCase();
}
