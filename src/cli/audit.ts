// `minivault audit enable | list | disable` (hashicorp/vault command/audit_enable.go, audit_list.go,
// audit_disable.go; api/sys_audit.go) and minivault's own offline `audit verify FILE`, which
// checks an audit log's hash chain with src/audit-chain's verifyFile (Vault has no such command).
import {
  ERR_CLI_AUDIT_DISABLE, ERR_CLI_AUDIT_ENABLE, ERR_CLI_AUDIT_LIST, ERR_CLI_AUDIT_TYPE_MISSING,
  errCliAuditHeadValue, errCliAuditVerifyFailed, errCliAuditVerifyRead, errCliNotEnoughArgs, errCliParseKvData,
  errCliTooManyArgs,
} from '../errors/cli.js';
import { errorMessage, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { tableOutput } from './format.js';
import { GoStruct } from '../go/json.js';
import { requireData } from './json.js';
import { formatOutput } from './yaml.js';
import { sanitizePath } from './kv-common.js';
import { goFileError, parseKvArgs } from './kv-data.js';
import { ensureTrailingSlash } from './generic.js';

type Json = Record<string, unknown>;

/** parseArgsDataString: KV arguments as strings (mapstructure's weak decoding of scalars). */
async function optionStrings(ctx: Ctx, args: string[]): Promise<Record<string, string>> {
  const raw = await parseKvArgs(args, ctx.io.stdin);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number') out[k] = String(v);
    else if (typeof v === 'boolean') out[k] = v ? '1' : '0';
    else if (v === null) out[k] = '';
    else throw new Error(`failed to convert values to strings: '${k}' expected type 'string'`);
  }
  return out;
}

export const auditEnableCommand: Command = {
  name: 'audit enable',
  synopsis: 'Enables an audit device',
  usage: 'TYPE [CONFIG K=V...]',
  help: `
  Enables an audit device of the given type at -path (by default the type).
  Device options follow as key=value pairs; a file device needs file_path.
  minivault's file device also keeps a hash chain over its lines, which
  "minivault audit verify" checks.

      $ minivault audit enable file file_path=/var/log/minivault/audit.log`,
  flags: [httpFlags(), { title: 'Command Options', flags: [
    { name: 'description', kind: 'string', example: 'string', usage: 'Human-friendly description for the purpose of this audit device.' },
    { name: 'local', kind: 'bool', usage: 'Mark the audit device as a local-only device. Local devices are not replicated or removed by replication.' },
    { name: 'path', kind: 'string', example: 'string', usage: 'Place where the audit device will be accessible. This must be unique across all audit devices. This defaults to the "type" of the audit device.' },
  ] }],
  async run(ctx) {
    if (ctx.args.length < 1) {
      ctx.ui.error(ERR_CLI_AUDIT_TYPE_MISSING);
      return 1;
    }
    const type = ctx.args[0]!.trim();
    const path = ensureTrailingSlash(ctx.flags.str('path') || type);
    let options: Record<string, string>;
    try {
      options = await optionStrings(ctx, ctx.args.slice(1));
    } catch (e) {
      ctx.ui.error(errCliParseKvData(errorMessage(e)));
      return 1;
    }
    const body = { type, description: ctx.flags.str('description'), options, local: ctx.flags.bool('local') };
    try {
      await ctx.client().request('PUT', `sys/audit/${path}`, { body });
    } catch (e) {
      return fail(ctx, ERR_CLI_AUDIT_ENABLE, e);
    }
    ctx.ui.output(`Success! Enabled the ${type} audit device at: ${path}`);
    return 0;
  },
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** api.Audit as `-format=json` prints each device. */
function auditStruct(a: Json): GoStruct {
  return new GoStruct([
    ['type', str(a.type)], ['description', str(a.description)], ['options', a.options ?? null],
    ['local', a.local === true], ['path', str(a.path)],
  ]);
}

export const auditListCommand: Command = {
  name: 'audit list',
  synopsis: 'Lists enabled audit devices',
  usage: '',
  help: `
  Lists the enabled audit devices; -detailed adds replication and options. With
  none enabled (table format) it says so and exits 2.

      $ minivault audit list -detailed`,
  flags: [httpFlags(), outputFlags({ detailed: true })],
  async run(ctx) {
    if (ctx.args.length > 0) {
      ctx.ui.error(errCliTooManyArgs('0', ctx.args.length));
      return 1;
    }
    let audits: Record<string, Json>;
    try {
      audits = requireData(await ctx.client().json('GET', 'sys/audit')) as Record<string, Json>;
    } catch (e) {
      return fail(ctx, ERR_CLI_AUDIT_LIST, e);
    }
    const paths = Object.keys(audits).sort();
    if (ctx.format !== 'table') {
      ctx.ui.output(formatOutput(ctx.format, Object.fromEntries(paths.map((p) => [p, auditStruct(audits[p] ?? {})]))));
      return 0;
    }
    if (paths.length === 0) {
      ctx.ui.output('No audit devices are enabled.');
      return 2;
    }
    if (ctx.flags.bool('detailed')) {
      ctx.ui.output(tableOutput(['Path', 'Type', 'Description', 'Replication', 'Options'], paths.map((p) => {
        const a = audits[p] ?? {};
        const opts = Object.entries((a.options ?? {}) as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1));
        return [str(a.path), str(a.type), str(a.description), a.local === true ? 'local' : 'replicated',
          opts.map(([k, v]) => `${k}=${String(v)}`).join(' ')];
      })));
      return 0;
    }
    ctx.ui.output(tableOutput(['Path', 'Type', 'Description'],
      paths.map((p) => [str(audits[p]?.path), str(audits[p]?.type), str(audits[p]?.description)])));
    return 0;
  },
};

export const auditDisableCommand: Command = {
  name: 'audit disable',
  synopsis: 'Disables an audit device',
  usage: 'PATH',
  help: `
  Disables the audit device at the path. Its log file stays on disk.

      $ minivault audit disable file/`,
  flags: [httpFlags()],
  async run(ctx) {
    if (ctx.args.length !== 1) {
      ctx.ui.error(ctx.args.length < 1 ? errCliNotEnoughArgs('1', 0) : errCliTooManyArgs('1', ctx.args.length));
      return 1;
    }
    const path = ensureTrailingSlash(sanitizePath(ctx.args[0]!));
    try {
      await ctx.client().request('DELETE', `sys/audit/${path}`);
    } catch (e) {
      return fail(ctx, ERR_CLI_AUDIT_DISABLE, e);
    }
    ctx.ui.output(`Success! Disabled audit device (if it was enabled) at: ${path}`);
    return 0;
  },
};

/** `-head=SEQ:HASH` → the chain head, or undefined when the text does not have that shape. */
export function parseHead(text: string): { seq: number; hash: string } | undefined {
  const m = /^(\d+):([0-9a-f]{64})$/i.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2]!.toLowerCase() } : undefined;
}

export const auditVerifyCommand: Command = {
  name: 'audit verify',
  synopsis: 'Verifies the hash chain of an audit log file (minivault only)',
  usage: 'FILE',
  help: `
  minivault addition, not in Vault: reads an audit log written by minivault's
  file device, offline, and checks the hash chain that links its lines. Prints
  "ok: N entries" and exits 0 when the chain holds; otherwise names the first bad
  line and why (edited, deleted, inserted, reordered, truncated, not-json) and
  exits 2. With -head (the chain head the server keeps), lines cut from the end
  and logs rewritten with fresh hashes are found too. Exits 1 on usage errors or
  an unreadable file.

      $ minivault audit verify /var/log/minivault/audit.log`,
  flags: [outputFlags(), { title: 'Command Options', flags: [
    { name: 'head', kind: 'string', example: 'seq:hash',
      usage: 'The expected chain head as SEQ:HASH (sequence number and 64 hex digits).' },
    { name: 'prefix', kind: 'string', example: 'string', usage: 'The prefix option of the device that wrote the log, if any.' },
  ] }],
  async run(ctx) {
    if (ctx.args.length !== 1) {
      ctx.ui.error(ctx.args.length < 1 ? errCliNotEnoughArgs('1', 0) : errCliTooManyArgs('1', ctx.args.length));
      return 1;
    }
    const headText = ctx.flags.str('head');
    const head = headText === '' ? undefined : parseHead(headText);
    if (headText !== '' && !head) {
      ctx.ui.error(errCliAuditHeadValue(headText));
      return 1;
    }
    const file = ctx.args[0]!;
    const { verifyFile } = await import('../audit-chain/verify.js');
    let result: Awaited<ReturnType<typeof verifyFile>>;
    try {
      const prefix = ctx.flags.str('prefix');
      result = await verifyFile(file, { ...(head ? { head } : {}), ...(prefix ? { prefix } : {}) });
    } catch (e) {
      ctx.ui.error(errCliAuditVerifyRead((e as NodeJS.ErrnoException).code ? goFileError(file, e) : errorMessage(e)));
      return 1;
    }
    if (ctx.format !== 'table') {
      ctx.ui.output(formatOutput(ctx.format, result.ok
        ? new GoStruct([['ok', true], ['entries', result.entries]])
        : new GoStruct([['ok', false], ['line', result.line], ['reason', result.reason], ['message', result.message]])));
      return result.ok ? 0 : 2;
    }
    if (result.ok) {
      ctx.ui.output(`ok: ${result.entries} entries`);
      return 0;
    }
    ctx.ui.error(errCliAuditVerifyFailed(result.line, result.reason, result.message));
    return 2;
  },
};
