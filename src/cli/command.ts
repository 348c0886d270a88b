// What every minivault command shares, after Vault's command/base.go: the CliIO it writes to, the
// UI verbs (Output/Info to stdout, Error/Warn to stderr), the flag groups ("HTTP Options",
// "Output Options"), flag parsing with Go's errors (exit 1), the client built from -address /
// VAULT_ADDR and -token / VAULT_TOKEN / ~/.vault-token with its wrapping lookup (-wrap-ttl /
// VAULT_WRAP_TTL, DefaultWrappingLookupFunc), and help text laid out like FlagSets.Help.
import {
  ERR_CLI_RAW_UNSUPPORTED, ERR_CLI_TOKEN_NON_PRINTABLE, errCliFlagNotImplemented, errCliForbiddenHeaders,
  errCliNotEnoughArgs, errCliTooManyArgs,
} from '../errors/cli.js';
import { formatGoDuration } from '../go/time.js';
import { loadClientTls } from '../client/tls.js';
import { defaultWrappingLookup, ApiClient, type WrappingLookup } from './client.js';
import { FlagError, parseFlags, trailingFlagWarning, type FlagDef, type FlagGroup, type ParsedFlags } from './flags.js';
import { wrapAtLength } from './format.js';
import type { CliStdin } from './stdin.js';
import { readStoredToken } from './token-helper.js';
import { OutputFormatError } from './yaml.js';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: CliStdin;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal: `-field` output then ends with a newline (PrintRaw). */
  stdoutIsTTY?: boolean;
}

/** Vault's default is https://127.0.0.1:8200; minivault serves plain HTTP, so its default is http. */
export const DEFAULT_ADDRESS = 'http://127.0.0.1:8200';

/** The four UI verbs of hashicorp/cli BasicUi, plus PrintRaw's unterminated write. */
export class Ui {
  constructor(private readonly io: CliIO) {}
  output(s: string): void { this.io.stdout(`${s}\n`); }
  info(s: string): void { this.io.stdout(`${s}\n`); }
  error(s: string): void { this.io.stderr(`${s}\n`); }
  warn(s: string): void { this.io.stderr(`${s}\n`); }
  raw(s: string): void { this.io.stdout(s); }
}

/** A client could not be configured (Vault's c.Client() error); commands exit 2 on it. */
export class ClientSetupError extends Error {}

export interface Ctx {
  readonly io: CliIO;
  readonly ui: Ui;
  readonly flags: ParsedFlags;
  readonly args: string[];
  /** The output format found by the global pre-scan (`table` or `json`). */
  readonly format: string;
  /** The client for -address and the resolved token (built once, on first use). */
  client(): ApiClient;
}

export interface Command {
  /** Words after `minivault`: `kv get`. */
  readonly name: string;
  readonly synopsis: string;
  /** Positional part of the usage line: `KEY [DATA]`. */
  readonly usage: string;
  /** The usage line leaves out `[options]` (Vault's `lease lookup ID`). */
  readonly bareUsage?: boolean;
  /** Left out of the top-level help listing (Vault's hidden `version`). */
  readonly hidden?: boolean;
  /** Description and examples, already indented by two spaces, as Vault's help texts are. */
  readonly help: string;
  readonly flags: FlagGroup[];
  /** `-format=raw` is accepted (ParseOptionAllowRawFormat: only `read`). */
  readonly allowRawFormat?: boolean;
  run(ctx: Ctx): Promise<number>;
}

/** The "HTTP Options" group every command has (command/base.go flagSet FlagSetHTTP). */
export function httpFlags(): FlagGroup {
  return {
    title: 'HTTP Options',
    flags: [
      { name: 'address', kind: 'string', env: 'VAULT_ADDR', default: DEFAULT_ADDRESS, example: 'string',
        usage: 'Address of the Vault server.' },
      { name: 'agent-address', kind: 'string', env: 'VAULT_AGENT_ADDR', example: 'string',
        usage: 'Address of the Agent. When set, requests go there instead of to -address.' },
      { name: 'disable-redirects', kind: 'bool', env: 'VAULT_DISABLE_REDIRECTS',
        usage: 'Disable the default client behavior, which honors a single redirect response from a request. '
          + 'minivault\'s client never follows redirects, with or without this flag.' },
      { name: 'mfa', kind: 'strings', env: 'VAULT_MFA', example: 'string',
        usage: 'Supply MFA credentials as part of X-Vault-MFA header.' },
      { name: 'output-curl-string', kind: 'bool',
        usage: 'Instead of executing the request, print an equivalent cURL command string and exit. '
          + 'Not implemented by minivault: the command refuses to run.' },
      { name: 'output-policy', kind: 'bool',
        usage: 'Instead of executing the request, print an example HCL policy that would be required to run this '
          + 'command, and exit. Not implemented by minivault (see "minivault policy explain"): the command refuses to run.' },
      { name: 'policy-override', kind: 'bool',
        usage: 'Override a Sentinel policy that has a soft-mandatory enforcement_level specified.' },
      { name: 'unlock-key', kind: 'string', example: 'string',
        usage: 'Key to unlock a namespace API lock. Not implemented by minivault (no namespaces): the command refuses to run.' },
      { name: 'ca-cert', kind: 'string', env: 'VAULT_CACERT', example: 'string',
        usage: 'Path on the local disk to a single PEM-encoded CA certificate to verify the server\'s SSL certificate. This takes precedence over -ca-path.' },
      { name: 'ca-path', kind: 'string', env: 'VAULT_CAPATH', example: 'string',
        usage: 'Path on the local disk to a directory of PEM-encoded CA certificates to verify the Vault server\'s SSL certificate.' },
      { name: 'client-cert', kind: 'string', env: 'VAULT_CLIENT_CERT', example: 'string',
        usage: 'Path on the local disk to a single PEM-encoded CA certificate to use for TLS authentication to the Vault server. If this flag is specified, -client-key is also required.' },
      { name: 'client-key', kind: 'string', env: 'VAULT_CLIENT_KEY', example: 'string',
        usage: 'Path on the local disk to a single PEM-encoded private key matching the client certificate from -client-cert.' },
      { name: 'header', kind: 'map', example: 'key=value',
        usage: 'Key-value pair provided as key=value to provide http header added to any request done by the CLI. This can be specified multiple times.' },
      { name: 'namespace', aliases: ['ns'], kind: 'string', env: 'VAULT_NAMESPACE', example: 'string',
        usage: 'The namespace to use for the command, sent as the X-Vault-Namespace header.' },
      { name: 'non-interactive', kind: 'bool',
        usage: 'When set true, prevents asking the user for input via the terminal.' },
      { name: 'tls-server-name', kind: 'string', env: 'VAULT_TLS_SERVER_NAME', example: 'string',
        usage: 'Name to use as the SNI host when connecting to the Vault server via TLS.' },
      { name: 'tls-skip-verify', kind: 'bool', env: 'VAULT_SKIP_VERIFY',
        usage: 'Disable verification of TLS certificates. Using this option is highly discouraged.' },
      { name: 'wrap-ttl', kind: 'duration', env: 'VAULT_WRAP_TTL', example: 'duration',
        usage: 'Wraps the response in a cubbyhole token with the requested TTL. The response is available via '
          + 'the "minivault unwrap" command. The TTL is specified as a numeric string with suffix like "30s" or "5m".' },
      { name: 'token', kind: 'string', example: 'string',
        usage: 'Token to send as X-Vault-Token. A minivault addition: Vault has no -token flag and reads '
          + 'only VAULT_TOKEN or ~/.vault-token. Without it minivault falls back to VAULT_TOKEN, then ~/.vault-token.' },
    ],
  };
}

/** The "Output Options" group (FlagSetOutputField / FlagSetOutputFormat / -detailed). */
export function outputFlags(opts: { field?: boolean; detailed?: boolean } = {}): FlagGroup {
  const flags: FlagDef[] = [];
  if (opts.detailed) {
    flags.push({ name: 'detailed', kind: 'bool', env: 'VAULT_DETAILED',
      usage: 'Enables additional metadata during some operations.' });
  }
  if (opts.field) {
    flags.push({ name: 'field', kind: 'string', example: 'string',
      usage: 'Print only the field with the given name. Specifying this option will take precedence over other formatting directives. The result will not have a trailing newline making it ideal for piping to other processes.' });
  }
  flags.push({ name: 'format', kind: 'string', env: 'VAULT_FORMAT', default: 'table', example: 'string',
    usage: 'Print the output in the given format. Valid formats are "table", "json", or "yaml".' });
  return { title: 'Output Options', flags };
}

/** The token as Vault's CLI finds it, plus minivault's -token first. */
function resolveToken(flags: ParsedFlags, env: Record<string, string | undefined>): string | undefined {
  const fromFlag = flags.has('token') ? flags.str('token') : '';
  if (fromFlag !== '') return fromFlag;
  if (env.VAULT_TOKEN) return env.VAULT_TOKEN;
  return readStoredToken(env);
}

function clientTimeoutMs(env: Record<string, string | undefined>): number {
  const raw = env.VAULT_CLIENT_TIMEOUT;
  if (!raw) return 60_000;
  const secs = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  return Number.isFinite(secs) && secs > 0 ? secs * 1000 : 60_000;
}

/**
 * command/base.go DefaultWrappingLookupFunc: a non-zero -wrap-ttl (which VAULT_WRAP_TTL also
 * fills when it parses) as Go's Duration.String (`5m0s`); otherwise the API default.
 */
function wrappingLookupFor(flags: ParsedFlags, env: Record<string, string | undefined>): WrappingLookup {
  const seconds = flags.has('wrap-ttl') ? flags.seconds('wrap-ttl') : 0;
  if (seconds !== 0) {
    const ttl = formatGoDuration(seconds);
    return () => ttl;
  }
  return defaultWrappingLookup(env.VAULT_WRAP_TTL);
}

/** Builds the client the way command/base.go Client() does; throws ClientSetupError. */
export function buildClient(flags: ParsedFlags, env: Record<string, string | undefined>): ApiClient {
  // command/base.go Client(): -agent-address (VAULT_AGENT_ADDR) replaces the address when set.
  const agent = flags.has('agent-address') ? flags.str('agent-address') : env.VAULT_AGENT_ADDR ?? '';
  const address = agent || (flags.has('address') ? flags.str('address') : '') || env.VAULT_ADDR || DEFAULT_ADDRESS;
  const headers = flags.has('header') ? { ...flags.map('header') } : {};
  const forbidden = Object.keys(headers).filter((k) => k.startsWith('X-Vault-'));
  if (forbidden.length > 0) throw new ClientSetupError(errCliForbiddenHeaders(forbidden));
  if (flags.has('policy-override') && flags.bool('policy-override')) headers['X-Vault-Policy-Override'] = 'true';
  const mfa = flags.has('mfa') ? flags.list('mfa') : [];
  if (mfa.length > 0) headers['X-Vault-MFA'] = mfa.join(', ');
  const token = resolveToken(flags, env);
  if (token !== undefined && /[\p{C}]/u.test(token)) throw new ClientSetupError(ERR_CLI_TOKEN_NON_PRINTABLE);
  let tls;
  try {
    tls = loadClientTls({ caCert: flags.str('ca-cert'), caPath: flags.str('ca-path'), clientCert: flags.str('client-cert'), clientKey: flags.str('client-key') });
  } catch (e) {
    throw new ClientSetupError(`failed to setup TLS config: ${(e as Error).message}`);
  }
  return new ApiClient({
    address,
    token,
    namespace: flags.has('namespace') ? flags.str('namespace') || undefined : undefined,
    headers: Object.keys(headers).length > 0 ? headers : undefined,
    tlsSkipVerify: flags.has('tls-skip-verify') ? flags.bool('tls-skip-verify') : false,
    tlsServerName: flags.has('tls-server-name') ? flags.str('tls-server-name') || undefined : undefined,
    ...tls,
    timeoutMs: clientTimeoutMs(env),
    wrappingLookup: wrappingLookupFor(flags, env),
    envWrapTTL: env.VAULT_WRAP_TTL,
  });
}

function flagHelp(def: FlagDef): string {
  const head = def.example ? `  -${def.name}=<${def.example}>` : `  -${def.name}`;
  let usage = def.usage.replace(/\s+/g, ' ');
  if (def.default !== undefined && def.default !== '') usage += ` The default is ${def.default}.`;
  if (def.env) usage += ` This can also be specified via the ${def.env} environment variable.`;
  return `${head}\n${wrapAtLength(usage, 6)}`;
}

/** The command's help: usage line, description, then each flag group (FlagSets.Help). */
export function commandHelp(cmd: Command): string {
  const options = cmd.bareUsage ? '' : ' [options]';
  const usage = `Usage: minivault ${cmd.name}${options}${cmd.usage ? ` ${cmd.usage}` : ''}`;
  const groups = cmd.flags.map((g) => {
    const flags = g.flags.filter((f) => !f.hidden).sort((a, b) => (a.name < b.name ? -1 : 1));
    return `${g.title}:\n\n${flags.map(flagHelp).join('\n\n')}`;
  });
  return [usage, cmd.help.replace(/^\n+|\s+$/g, ''), ...groups].join('\n\n');
}

/** Parses the command's flags and runs it; flag errors exit 1, client setup errors exit 2. */
export async function runCommand(cmd: Command, argv: string[], io: CliIO, format: string): Promise<number> {
  const ui = new Ui(io);
  let flags: ParsedFlags;
  try {
    flags = parseFlags(cmd.flags, argv, io.env);
  } catch (e) {
    if (e instanceof FlagError) {
      ui.error(e.message);
      return 1;
    }
    throw e;
  }
  if (format === 'table') {
    const warning = trailingFlagWarning(flags.args);
    if (warning) ui.warn(warning);
  }
  for (const name of ['output-curl-string', 'output-policy', 'unlock-key']) {
    if (flags.isSet(name)) {
      ui.error(errCliFlagNotImplemented(name));
      return 1;
    }
  }
  // base_helpers.go generateFlagErrors: raw is refused while parsing, by every command but read.
  if (format === 'raw' && !cmd.allowRawFormat && cmd.flags.length > 0) {
    ui.error(ERR_CLI_RAW_UNSUPPORTED);
    return 1;
  }
  let client: ApiClient | undefined;
  const ctx: Ctx = {
    io, ui, flags, args: flags.args, format,
    client: () => (client ??= buildClient(flags, io.env)),
  };
  try {
    return await cmd.run(ctx);
  } catch (e) {
    if (e instanceof ClientSetupError) {
      ui.error(e.message);
      return 2;
    }
    if (e instanceof OutputFormatError) {
      ui.error(`Could not parse output: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    client?.close();
  }
}

/** The text of a failure: ApiError and TransportError already carry Vault's and Go's wording. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Prints `<prefix>: <error>` on stderr and returns the exit code (2: a remote failure). A client
 * that could not be configured is reported bare with exit 2, as Vault's c.Client() failures are.
 */
export function fail(ctx: Ctx, prefix: string, e: unknown, code = 2): number {
  if (e instanceof ClientSetupError) {
    ctx.ui.error(e.message);
    return 2;
  }
  ctx.ui.error(`${prefix}: ${errorMessage(e)}`);
  return code;
}

/** Exactly one positional argument, else Vault's "Not enough / Too many arguments" and false. */
export function exactlyOneArg(ctx: Ctx): boolean {
  if (ctx.args.length === 1) return true;
  ctx.ui.error(ctx.args.length < 1 ? errCliNotEnoughArgs('1', 0) : errCliTooManyArgs('1', ctx.args.length));
  return false;
}
