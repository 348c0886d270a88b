// `minivault token capabilities [options] [TOKEN | ACCESSOR] PATH` (Vault 1.18
// command/token_capabilities.go over api/sys_capabilities.go; -accessor came with hashicorp/vault
// PR #24479, Vault 1.16): POST sys/capabilities-self (no TOKEN, or TOKEN equal to the client's own),
// sys/capabilities with {token, path}, or sys/capabilities-accessor with {accessor, path}; the
// answer is data[path], else data.capabilities. Table: the names sorted and joined by ", "; other
// formats: the list.
import {
  ERR_CLI_CAPABILITIES, ERR_CLI_NO_CAPABILITIES, errCliAccessorCapsArgs, errCliNotEnoughArgs, errCliTooManyArgs,
} from '../errors/cli.js';
import { fail, httpFlags, outputFlags, type Command } from './command.js';
import { requireData } from './json.js';
import { formatOutput } from './yaml.js';

export const tokenCapabilitiesCommand: Command = {
  name: 'token capabilities',
  synopsis: 'Print capabilities of a token on a path',
  usage: '[TOKEN | ACCESSOR] PATH',
  help: `
  Fetches the capabilities of a token or accessor for a given path. If a TOKEN
  is provided as an argument, the "/sys/capabilities" endpoint is used; with
  -accessor the argument is an accessor and "/sys/capabilities-accessor" is
  used. If no TOKEN is provided, the "/sys/capabilities-self" endpoint and
  permission is used with the locally authenticated token.

  List capabilities for the local token on the "secret/foo" path:

      $ minivault token capabilities secret/foo

  List capabilities for a token on the "cubbyhole/foo" path:

      $ minivault token capabilities 96ddf4bc-d217-f3ba-f9bd-017055595017 cubbyhole/foo`,
  flags: [httpFlags(), outputFlags(), { title: 'Command Options', flags: [
    { name: 'accessor', kind: 'bool', usage: 'Treat the argument as an accessor instead of a token.' },
  ] }],
  async run(ctx) {
    const n = ctx.args.length;
    const byAccessor = ctx.flags.bool('accessor');
    if (byAccessor && n !== 2) {
      ctx.ui.error(n < 2 ? errCliAccessorCapsArgs('Not enough', n) : errCliAccessorCapsArgs('Too many', n));
      return 1;
    }
    if (n === 0) {
      ctx.ui.error(errCliNotEnoughArgs('1-2', 0));
      return 1;
    }
    if (n > 2) {
      ctx.ui.error(errCliTooManyArgs('1-2', n));
      return 1;
    }
    const [token, path] = n === 1 ? [undefined, ctx.args[0]!] : [ctx.args[0]!, ctx.args[1]!];
    const client = ctx.client();
    const own = client.token ?? '';
    const self = token === undefined || (!byAccessor && token === own);
    let caps: string[] | undefined;
    try {
      const data = requireData(byAccessor
        ? await client.json('POST', 'sys/capabilities-accessor', { body: { accessor: token, path } })
        : await client.json('POST', self ? 'sys/capabilities-self' : 'sys/capabilities', { body: { token: token ?? own, path } }));
      const pick = (v: unknown): string[] | undefined =>
        (Array.isArray(v) && v.length > 0 ? v.filter((x): x is string => typeof x === 'string') : undefined);
      caps = pick(data[path]) ?? (Array.isArray(data.capabilities) ? pick(data.capabilities) ?? [] : undefined);
    } catch (e) {
      return fail(ctx, ERR_CLI_CAPABILITIES, e);
    }
    if (caps === undefined) {
      ctx.ui.error(ERR_CLI_NO_CAPABILITIES);
      return 1;
    }
    if (ctx.format === 'table') ctx.ui.output([...caps].sort().join(', '));
    else ctx.ui.output(formatOutput(ctx.format, caps));
    return 0;
  },
};
