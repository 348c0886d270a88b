// `minivault policy write | read | list | delete` (hashicorp/vault command/policy_write.go, policy_read.go,
// policy_list.go, policy_delete.go; api/sys_policy.go): ACL policies under sys/policies/acl.
// Names are lower-cased and trimmed before they are sent, as Vault does.
import { readFileSync } from 'node:fs';
import {
  ERR_CLI_POLICY_LIST, ERR_CLI_POLICY_OPEN, ERR_CLI_POLICY_READ_INPUT, ERR_CLI_POLICY_UPLOAD, errCliDeleting,
  errCliNoPolicy, errCliNotEnoughArgs, errCliPolicyNameConverted, errCliPolicyReading, errCliTooManyArgs,
} from '../errors/cli.js';
import { parseBody } from './client.js';
import { fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { requireData } from './json.js';
import { formatOutput } from './yaml.js';
import { goFileError } from './kv-data.js';
import { readAll } from './stdin.js';

const normalise = (name: string): string => name.toLowerCase().trim();
const policyPath = (name: string): string => `sys/policies/acl/${name}`;

function exactArgs(ctx: Ctx, n: number): boolean {
  if (ctx.args.length < n) ctx.ui.error(errCliNotEnoughArgs(String(n), ctx.args.length));
  else if (ctx.args.length > n) ctx.ui.error(errCliTooManyArgs(String(n), ctx.args.length));
  return ctx.args.length === n;
}

/** The policy text from a file or (`-`) stdin; an exit code after printing why it failed. */
async function readPolicyText(ctx: Ctx, source: string): Promise<string | number> {
  if (source === '-') {
    try {
      return await readAll(ctx.io.stdin);
    } catch (e) {
      return fail(ctx, ERR_CLI_POLICY_READ_INPUT, e);
    }
  }
  try {
    return readFileSync(source, 'utf8');
  } catch (e) {
    const prefix = (e as NodeJS.ErrnoException).code === 'EISDIR' ? ERR_CLI_POLICY_READ_INPUT : ERR_CLI_POLICY_OPEN;
    ctx.ui.error(`${prefix}: ${goFileError(source, e)}`);
    return 2;
  }
}

export const policyWriteCommand: Command = {
  name: 'policy write',
  synopsis: 'Uploads a named policy from a file',
  usage: 'NAME PATH',
  help: `
  Uploads an ACL policy (HCL or JSON) under the given name, replacing any policy
  of that name. PATH is a file, or - to read the policy from stdin.

      $ minivault policy write kgc-read kgc-read.hcl
      $ cat kgc-rotate.hcl | minivault policy write kgc-rotate -`,
  flags: [httpFlags()],
  async run(ctx) {
    if (!exactArgs(ctx, 2)) return 1;
    const client = ctx.client();
    const given = ctx.args[0]!;
    const name = normalise(given);
    const text = await readPolicyText(ctx, ctx.args[1]!.trim());
    if (typeof text === 'number') return text;
    try {
      await client.request('PUT', policyPath(name), { body: { policy: text } });
    } catch (e) {
      return fail(ctx, ERR_CLI_POLICY_UPLOAD, e);
    }
    if (given !== name) ctx.ui.warn(errCliPolicyNameConverted(given, name));
    ctx.ui.output(`Success! Uploaded policy: ${name}`);
    return 0;
  },
};

export const policyReadCommand: Command = {
  name: 'policy read',
  synopsis: 'Prints the contents of a policy',
  usage: '[NAME]',
  help: `
  Prints the text of the named policy.

      $ minivault policy read kgc-read`,
  flags: [httpFlags(), outputFlags()],
  async run(ctx) {
    if (!exactArgs(ctx, 1)) return 1;
    const client = ctx.client();
    const name = normalise(ctx.args[0]!);
    let policy = '';
    try {
      const res = await client.send('GET', policyPath(name));
      if (res.status !== 404) {
        const data = requireData(parseBody(client.check(res)));
        const raw = data.policy ?? data.rules;
        policy = typeof raw === 'string' ? raw : '';
      }
    } catch (e) {
      return fail(ctx, errCliPolicyReading(name), e);
    }
    if (policy === '') {
      ctx.ui.error(errCliNoPolicy(name));
      return 2;
    }
    if (ctx.format === 'table') ctx.ui.output(policy.trim());
    else ctx.ui.output(formatOutput(ctx.format, { policy }));
    return 0;
  },
};

export const policyListCommand: Command = {
  name: 'policy list',
  synopsis: 'Lists the installed policies',
  usage: '',
  help: `
  Lists the names of the ACL policies, one per line.

      $ minivault policy list`,
  flags: [httpFlags(), outputFlags()],
  async run(ctx) {
    if (ctx.args.length > 0) {
      ctx.ui.error(errCliTooManyArgs('0', ctx.args.length));
      return 1;
    }
    let names: string[];
    try {
      const body = await ctx.client().json('GET', 'sys/policies/acl', { query: { list: 'true' } });
      const keys = requireData(body).keys;
      names = Array.isArray(keys) ? keys.map(String) : [];
    } catch (e) {
      return fail(ctx, ERR_CLI_POLICY_LIST, e);
    }
    if (ctx.format === 'table') for (const n of names) ctx.ui.output(n);
    else ctx.ui.output(formatOutput(ctx.format, names));
    return 0;
  },
};

export const policyDeleteCommand: Command = {
  name: 'policy delete',
  synopsis: 'Deletes a policy by name',
  usage: 'NAME',
  help: `
  Deletes the named policy. Tokens that carry it lose its rules at once. The
  "root" and "default" policies cannot be deleted.

      $ minivault policy delete kgc-read`,
  flags: [httpFlags()],
  async run(ctx) {
    if (!exactArgs(ctx, 1)) return 1;
    const name = normalise(ctx.args[0]!);
    try {
      await ctx.client().request('DELETE', policyPath(name));
    } catch (e) {
      return fail(ctx, errCliDeleting(name), e);
    }
    ctx.ui.output(`Success! Deleted policy: ${name}`);
    return 0;
  },
};
