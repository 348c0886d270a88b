// minivault's command line: `main(argv, io)` finds the command the way hashicorp/cli does for
// Vault (command/main.go RunCustom, hashicorp/cli cli.go Run): the global `-format` pre-scan,
// flags before the subcommand refused, `-h`/`-help`/`--help` anywhere before `--` printing help
// (exit 0), a parent without a leaf printing its help on stderr (exit 1), an unknown command
// printing the top-level help on stderr (exit 127). Every command talks to the server over HTTP.
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ERR_CLI_FLAGS_BEFORE_SUBCOMMAND, errCliInvalidFormat } from '../errors/cli.js';
import { commandHelp, errorMessage, runCommand, type CliIO } from './command.js';
import { FORMATS, resolveIO, scanFormat } from './io.js';
import {
  COMMON_COMMANDS, childrenOf, findLeaf, findParent, topLevel, type ParentCommand,
} from './registry.js';
import { VERSION_TEXT } from './version.js';

export type { CliIO } from './command.js';
export { scanFormat } from './io.js';

const HELP_FLAGS = new Set(['-h', '-help', '--help']);
/** hashicorp/cli's version flags, honoured only before the subcommand. */
const VERSION_FLAGS = new Set(['-v', '-version', '--version']);

type ServerCommand = (argv: string[], io: CliIO) => Promise<number>;

/** `    name<pad>synopsis` rows, aligned like Go's tabwriter with 6 spaces of padding. */
function alignedRows(rows: Array<{ name: string; synopsis: string }>, padding: number): string[] {
  const width = rows.reduce((m, r) => Math.max(m, r.name.length), 0) + padding;
  return rows.map((r) => `    ${r.name.padEnd(width)}${r.synopsis}`);
}

export function topLevelHelp(): string {
  const entries = topLevel();
  // Vault lists its common commands in a fixed order (read, write, delete, list, login, …).
  const common = COMMON_COMMANDS.flatMap((name) => entries.filter((e) => e.name === name));
  const other = entries.filter((e) => !COMMON_COMMANDS.includes(e.name));
  return ['Usage: minivault <command> [args]', '', 'Common commands:', ...alignedRows(common, 6), '',
    'Other commands:', ...alignedRows(other, 6)].join('\n');
}

function parentHelp(parent: ParentCommand): string {
  const subs = childrenOf(parent.name);
  const note = parent.noSubcommandNote ? [] : ['Please see the individual subcommand help for detailed usage information.', ''];
  return [`Usage: minivault ${parent.name} <subcommand> [options] [args]`, '', parent.help.replace(/^\n+|\s+$/g, ''),
    '', ...note, 'Subcommands:', ...alignedRows(subs, 4)].join('\n');
}

/** Splits argv into leading flags, the longest known command name, and the rest. */
function locate(argv: readonly string[]): { topFlags: string[]; name: string; rest: string[]; version: boolean } {
  let i = 0;
  const topFlags: string[] = [];
  let version = false;
  while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '--') {
    if (VERSION_FLAGS.has(argv[i]!)) version = true;
    else if (!HELP_FLAGS.has(argv[i]!)) topFlags.push(argv[i]!);
    i++;
  }
  let name = '';
  let end = i;
  for (let j = i; j < argv.length && !argv[j]!.startsWith('-'); j++) {
    const candidate = argv.slice(i, j + 1).join(' ');
    if (findLeaf(candidate) || findParent(candidate) || candidate === 'server') {
      name = candidate;
      end = j + 1;
    }
  }
  return { topFlags, name, rest: argv.slice(end), version };
}

function helpRequested(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (HELP_FLAGS.has(a)) return true;
  }
  return false;
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const format = scanFormat(argv, io.env);
  if (!FORMATS.has(format)) {
    io.stderr(`${errCliInvalidFormat(format)}\n`);
    return 1;
  }
  const { topFlags, name, rest, version } = locate(argv);
  if (version) {
    io.stdout(`${VERSION_TEXT}\n`);
    return 0;
  }
  if (name === 'server') {
    const mod = (await import('../server/server-command.js')) as { serverCommand: ServerCommand };
    return mod.serverCommand(rest, io);
  }
  const leaf = findLeaf(name);
  const parent = findParent(name);
  const help = (): string => (leaf ? commandHelp(leaf) : parent ? parentHelp(parent) : topLevelHelp());
  if (topFlags.length > 0) {
    io.stderr(`${ERR_CLI_FLAGS_BEFORE_SUBCOMMAND}\n\n${help()}\n`);
    return 1;
  }
  if (helpRequested(argv)) {
    io.stdout(`${help()}\n`);
    return 0;
  }
  if (leaf) return runCommand(leaf, rest, io, format);
  io.stderr(`${help()}\n`);
  return parent ? 1 : 127;
}

/**
 * Runs one minivault command line and resolves to its exit code. `io` defaults to the process's
 * streams and environment; tests pass their own to capture output.
 */
export async function main(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
  const full = resolveIO(io);
  try {
    return await dispatch(argv, full);
  } catch (e) {
    full.stderr(`Error executing CLI: ${errorMessage(e)}\n`);
    return 1;
  }
}

/** True when this module is the process's entry script (`tsx src/cli/main.ts …`). */
function isEntryScript(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryScript()) {
  const code = await main(process.argv.slice(2));
  process.stdout.write('', () => process.exit(code));
}
