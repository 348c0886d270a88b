// `minivault print token` (Vault 1.18 command/print_token.go) and `minivault operator step-down`
// (command/operator_step_down.go over api/sys_stepdown.go). print token shows the token the CLI
// would send, after VAULT_TOKEN and the token helper (~/.vault-token); it takes no flags and
// ignores its arguments. step-down PUTs sys/step-down; on a single node Vault answers 204 and
// stays active, so the command reports success.
import { ERR_CLI_STEP_DOWN, errCliTooManyArgs } from '../errors/cli.js';
import { DEFAULT_ADDRESS, fail, httpFlags, type Command } from './command.js';
import type { FlagGroup } from './flags.js';

export const printTokenCommand: Command = {
  name: 'print token',
  synopsis: 'Token currently in use',
  usage: '',
  bareUsage: true,
  help: `
  Prints the value of the Vault token that will be used for commands, after
  taking into account the configured token-helper and the environment.

      $ minivault print token`,
  flags: [],
  async run(ctx) {
    ctx.ui.output(ctx.client().token ?? '');
    return 0;
  },
};

const HTTP: FlagGroup = httpFlags();

export const operatorStepDownCommand: Command = {
  name: 'operator step-down',
  synopsis: 'Forces Vault to resign active duty',
  usage: '',
  help: `
  Forces the Vault server at the given address to step down from active duty.
  While the affected node will have a delay before attempting to acquire the
  leader lock again, if no other Vault nodes acquire the lock beforehand, it
  is possible for the same node to re-acquire the lock and become active
  again. A single node (as minivault always is) stays active.

  Force Vault to step down as the leader:

      $ minivault operator step-down`,
  flags: [HTTP],
  async run(ctx) {
    if (ctx.args.length > 0) {
      ctx.ui.error(errCliTooManyArgs('0', ctx.args.length));
      return 1;
    }
    try {
      await ctx.client().request('PUT', 'sys/step-down');
    } catch (e) {
      return fail(ctx, ERR_CLI_STEP_DOWN, e);
    }
    // client.Address(): the address the client was configured with.
    const address = (ctx.flags.has('address') ? ctx.flags.str('address') : '') || ctx.io.env.VAULT_ADDR || DEFAULT_ADDRESS;
    ctx.ui.output(`Success! Stepped down: ${address}`);
    return 0;
  },
};
