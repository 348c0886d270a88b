// `minivault auth enable | disable | list | tune | move | help` (Vault 1.18 command/auth_enable.go,
// auth_disable.go, auth_list.go, auth_tune.go, auth_move.go, auth_help.go over api/sys_auth.go,
// whose EnableAuthOptions/AuthMount are the MountInput/MountOutput of api/sys_mounts.go). Auth
// mounts live under sys/auth/<path>/; tune goes through sys/mounts/auth/<path>/tune.
import {
  ERR_CLI_AUTH_HELP_LIST, ERR_CLI_AUTH_LIST, errCliAuthDisable, errCliAuthEnable, errCliAuthHelpNoHandler,
  errCliAuthHelpNoMount, errCliAuthTune, errCliTooManyArgs,
} from '../errors/cli.js';
import { exactlyOneArg, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { wrapAtLength } from './format.js';
import { ensureTrailingSlash } from './generic.js';
import { requireData } from './json.js';
import { sanitizePath } from './kv-common.js';
import { LOGIN_HELP } from './login-help.js';
import { enableBody, enableFlagGroup, tuneBody, tuneFlagGroup } from './mount-flags.js';
import { runMove } from './mount-move.js';
import { outputMountList } from './mount-list.js';

type Json = Record<string, unknown>;


const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export const authEnableCommand: Command = {
  name: 'auth enable',
  synopsis: 'Enables a new auth method',
  usage: 'TYPE',
  help: `
  Enables a new auth method. An auth method is responsible for authenticating
  users or machines and assigning them policies with which they can access
  Vault.

  Enable the userpass auth method at userpass/:

      $ minivault auth enable userpass

  Enable the AppRole auth method at auth-prod/:

      $ minivault auth enable -path=auth-prod approle`,
  flags: [httpFlags(), enableFlagGroup('auth')],
  async run(ctx) {
    if (!exactlyOneArg(ctx)) return 1;
    let type = ctx.args[0]!.trim();
    if (type === 'plugin') type = ctx.flags.str('plugin-name');
    const path = ensureTrailingSlash(ctx.flags.str('path') || type);
    try {
      await ctx.client().request('POST', `sys/auth/${path}`, { body: enableBody(ctx, type) });
    } catch (e) {
      return fail(ctx, errCliAuthEnable(type), e);
    }
    const version = ctx.flags.str('plugin-version');
    ctx.ui.output(`Success! Enabled ${type} auth method${version !== '' ? ` version ${version}` : ''} at: ${path}`);
    return 0;
  },
};

export const authDisableCommand: Command = {
  name: 'auth disable',
  synopsis: 'Disables an auth method',
  usage: 'PATH',
  help: `
  Disables an existing auth method at the given PATH. The argument corresponds
  to the PATH of the mount, not the TYPE!. Once the auth method is disabled its
  path can no longer be used to authenticate.

  All access tokens generated via the disabled auth method are immediately
  revoked. This command will block until all tokens are revoked.

  Disable the auth method at userpass/:

      $ minivault auth disable userpass/`,
  flags: [httpFlags()],
  async run(ctx) {
    if (!exactlyOneArg(ctx)) return 1;
    const path = ensureTrailingSlash(sanitizePath(ctx.args[0]!));
    try {
      await ctx.client().request('DELETE', `sys/auth/${path}`);
    } catch (e) {
      return fail(ctx, errCliAuthDisable(path), e);
    }
    ctx.ui.output(`Success! Disabled the auth method (if it existed) at: ${path}`);
    return 0;
  },
};

async function listAuths(ctx: Ctx): Promise<Record<string, Json>> {
  return requireData(await ctx.client().json('GET', 'sys/auth')) as Record<string, Json>;
}

export const authListCommand: Command = {
  name: 'auth list',
  synopsis: 'Lists enabled auth methods',
  usage: '',
  help: `
  Lists the enabled auth methods on the Vault server. This command also outputs
  information about the method including configuration and human-friendly
  descriptions. A TTL of "system" indicates that the system default is in use.

  List all enabled auth methods:

      $ minivault auth list

  List all enabled auth methods with detailed output:

      $ minivault auth list -detailed`,
  flags: [httpFlags(), outputFlags(), { title: 'Command Options', flags: [
    { name: 'detailed', kind: 'bool', usage: 'Print detailed information such as configuration and replication '
      + 'status about each auth method. This option is only applicable to table-formatted output.' },
  ] }],
  async run(ctx) {
    if (ctx.args.length > 0) {
      ctx.ui.error(errCliTooManyArgs('0', ctx.args.length));
      return 1;
    }
    let auths: Record<string, Json>;
    try {
      auths = await listAuths(ctx);
    } catch (e) {
      return fail(ctx, ERR_CLI_AUTH_LIST, e);
    }
    return outputMountList(ctx, 'auth', auths);
  },
};

export const authTuneCommand: Command = {
  name: 'auth tune',
  synopsis: 'Tunes an auth method configuration',
  usage: 'PATH',
  help: `
  Tunes the configuration options for the auth method at the given PATH. The
  argument corresponds to the PATH where the auth method is enabled, not the
  TYPE!

  Tune the default lease for the approle auth method:

      $ minivault auth tune -default-lease-ttl=72h approle/`,
  flags: [httpFlags(), tuneFlagGroup('auth')],
  async run(ctx) {
    if (!exactlyOneArg(ctx)) return 1;
    const path = ensureTrailingSlash(sanitizePath(ctx.args[0]!));
    try {
      await ctx.client().request('POST', `sys/mounts/auth/${path}tune`, { body: tuneBody(ctx) });
    } catch (e) {
      return fail(ctx, errCliAuthTune(path), e);
    }
    ctx.ui.output(`Success! Tuned the auth method at: ${path}`);
    return 0;
  },
};

export const authMoveCommand: Command = {
  name: 'auth move',
  synopsis: 'Move an auth method to a new path',
  usage: 'SOURCE DESTINATION',
  help: `
  Moves an existing auth method to a new path. Any leases from the old
  auth method are revoked, but all configuration associated with the method
  is preserved. It initiates the migration and intermittently polls its status,
  exiting if a final state is reached. Both paths include the "auth/" prefix.

  WARNING! Moving an auth method will revoke any leases from the
  old method.

  Move the auth method at auth/approle/ to auth/generic/:

      $ minivault auth move auth/approle/ auth/generic/`,
  flags: [httpFlags()],
  run: (ctx) => runMove(ctx, 'auth method'),
};

export const authHelpCommand: Command = {
  name: 'auth help',
  synopsis: 'Prints usage for an auth method',
  usage: 'TYPE | PATH',
  help: `
  Prints usage and help for an auth method.

    - If given a TYPE, this command prints the default help for the
      auth method of that type.

    - If given a PATH, this command prints the help output for the
      auth method enabled at that path. This path must already
      exist.

  Get usage instructions for the userpass auth method:

      $ minivault auth help userpass

  Print usage for the auth method enabled at my-method/:

      $ minivault auth help my-method/`,
  flags: [httpFlags()],
  async run(ctx) {
    if (!exactlyOneArg(ctx)) return 1;
    // auth_help.go builds the client before looking at the argument.
    ctx.client();
    const type = ctx.args[0]!.trim();
    let help = LOGIN_HELP[type];
    if (help === undefined) {
      let auths: Record<string, Json>;
      try {
        auths = await listAuths(ctx);
      } catch (e) {
        return fail(ctx, ERR_CLI_AUTH_HELP_LIST, e);
      }
      const path = ensureTrailingSlash(sanitizePath(ctx.args[0]!));
      const mount = auths[path];
      if (!mount) {
        ctx.ui.warn(errCliAuthHelpNoMount(path));
        return 1;
      }
      help = LOGIN_HELP[str(mount.type)];
      if (help === undefined) {
        ctx.ui.warn(wrapAtLength(errCliAuthHelpNoHandler(type)));
        return 2;
      }
    }
    ctx.ui.output(help);
    return 0;
  },
};
