// `minivault secrets enable | list | disable` (hashicorp/vault command/secrets_enable.go, secrets_list.go,
// secrets_disable.go; api/sys_mounts.go MountInput / MountOutput): secrets engines mounted under
// sys/mounts. Mount paths always carry a trailing `/`.
import {
  ERR_CLI_SECRETS_ENABLE, ERR_CLI_SECRETS_LIST, errCliSecretsDisable, errCliTooManyArgs,
} from '../errors/cli.js';
import { exactlyOneArg, fail, httpFlags, outputFlags, type Command } from './command.js';
import { ensureTrailingSlash } from './generic.js';
import { requireData } from './json.js';
import { sanitizePath } from './kv-common.js';
import { outputMountList } from './mount-list.js';
import { enableBody, enableFlagGroup, tuneBody, tuneFlagGroup } from './mount-flags.js';
import { runMove } from './mount-move.js';

type Json = Record<string, unknown>;


export const secretsEnableCommand: Command = {
  name: 'secrets enable',
  synopsis: 'Enable a secrets engine',
  usage: 'TYPE',
  help: `
  Mounts a secrets engine of the given type at -path (by default the type's
  name). For the key/value engine, -version=2 selects KV v2 (versioned).

      $ minivault secrets enable -path=kgc -version=2 kv`,
  flags: [httpFlags(), enableFlagGroup('secrets')],
  async run(ctx) {
    if (!exactlyOneArg(ctx)) return 1;
    // secrets_enable.go: the type `plugin` stands for -plugin-name; the path defaults to the type.
    let type = ctx.args[0]!.trim();
    if (type === 'plugin') type = ctx.flags.str('plugin-name');
    const path = ensureTrailingSlash(ctx.flags.str('path') || type);
    try {
      await ctx.client().request('POST', `sys/mounts/${path}`, { body: enableBody(ctx, type) });
    } catch (e) {
      return fail(ctx, ERR_CLI_SECRETS_ENABLE, e);
    }
    const version = ctx.flags.str('plugin-version');
    const what = `${type} secrets engine${version !== '' ? ` version ${version}` : ''}`;
    ctx.ui.output(`Success! Enabled the ${what} at: ${path}`);
    return 0;
  },
};

export const secretsListCommand: Command = {
  name: 'secrets list',
  synopsis: 'List enabled secrets engines',
  usage: '',
  help: `
  Lists the mounted secrets engines with their type, accessor and description;
  -detailed adds TTLs, options and plugin details.

      $ minivault secrets list`,
  flags: [httpFlags(), outputFlags({ detailed: true })],
  async run(ctx) {
    if (ctx.args.length > 0) {
      ctx.ui.error(errCliTooManyArgs('0', ctx.args.length));
      return 1;
    }
    let mounts: Record<string, Json>;
    try {
      mounts = requireData(await ctx.client().json('GET', 'sys/mounts')) as Record<string, Json>;
    } catch (e) {
      return fail(ctx, ERR_CLI_SECRETS_LIST, e);
    }
    return outputMountList(ctx, 'secrets', mounts);
  },
};

export const secretsDisableCommand: Command = {
  name: 'secrets disable',
  synopsis: 'Disable a secret engine',
  usage: 'PATH',
  help: `
  Unmounts the secrets engine at the path; all of its data is removed.

      $ minivault secrets disable kgc/`,
  flags: [httpFlags()],
  async run(ctx) {
    if (!exactlyOneArg(ctx)) return 1;
    const path = ensureTrailingSlash(sanitizePath(ctx.args[0]!));
    try {
      await ctx.client().request('DELETE', `sys/mounts/${path}`);
    } catch (e) {
      return fail(ctx, errCliSecretsDisable(path), e);
    }
    ctx.ui.output(`Success! Disabled the secrets engine (if it existed) at: ${path}`);
    return 0;
  },
};

export const secretsTuneCommand: Command = {
  name: 'secrets tune',
  synopsis: 'Tune a secrets engine configuration',
  usage: 'PATH',
  help: `
  Tunes the configuration options for the secrets engine at the given PATH.
  The argument corresponds to the PATH where the secrets engine is enabled,
  not the TYPE!

  Tune the default lease for the PKI secrets engine:

      $ minivault secrets tune -default-lease-ttl=72h pki/`,
  flags: [httpFlags(), tuneFlagGroup('secrets')],
  async run(ctx) {
    if (!exactlyOneArg(ctx)) return 1;
    const path = ensureTrailingSlash(sanitizePath(ctx.args[0]!));
    try {
      await ctx.client().request('POST', `sys/mounts/${path}tune`, { body: tuneBody(ctx) });
    } catch (e) {
      return fail(ctx, `Error tuning secrets engine ${path}`, e);
    }
    ctx.ui.output(`Success! Tuned the secrets engine at: ${path}`);
    return 0;
  },
};

export const secretsMoveCommand: Command = {
  name: 'secrets move',
  synopsis: 'Move a secrets engine to a new path',
  usage: 'SOURCE DESTINATION',
  help: `
  Moves an existing secrets engine to a new path. Any leases from the old
  secrets engine are revoked, but all configuration associated with the engine
  is preserved. It initiates the migration and intermittently polls its status,
  exiting if a final state is reached.

  WARNING! Moving a secrets engine will revoke any leases from the
  old engine.

  Move the secrets engine at secret/ to generic/:

      $ minivault secrets move secret/ generic/`,
  flags: [httpFlags()],
  run: (ctx) => runMove(ctx, 'secrets engine'),
};
