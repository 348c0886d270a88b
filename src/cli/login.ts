// `minivault login [options] [AUTH K=V...]` (Vault 1.18 command/login.go): picks the auth handler
// for -method (token by default; a bare first argument is the token, `-` reads it from stdin),
// parses the K=V configuration (command/base_helpers.go parseArgsDataString), sends it without
// the stored token (except for token logins), unwraps a wrapped login response, stores the token
// with the token helper (~/.vault-token) unless -no-store, and prints the success text and the
// token table (or -field, -token-only = -field=token -no-store, -no-print = nothing).
import {
  ERR_CLI_AUTHENTICATING, ERR_CLI_EMPTY_SECRET, ERR_CLI_EXTRACTING_TOKEN, ERR_CLI_LOGIN_PARSE_CONFIG,
  ERR_CLI_NO_STORE_AND_NO_PRINT, ERR_CLI_SECRET_NO_AUTH, MSG_CLI_LOGIN_SUCCESS, MSG_CLI_TOKEN_NOT_PERSISTED,
  WARN_CLI_TOKEN_NOT_STORED, WARN_CLI_VAULT_TOKEN_SET, errCliArgType, errCliTokenHelperStore, errCliUnknownAuthMethod,
} from '../errors/cli.js';
import type { ApiClient } from './client.js';
import { errorMessage, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { wrapAtLength } from './format.js';
import { ensureTrailingSlash } from './generic.js';
import { sanitizePath } from './kv-common.js';
import { parseKvArgs } from './kv-data.js';
import { parseSecret, type Secret } from './json.js';
import { LOGIN_HANDLERS } from './login-handlers.js';
import { outputSecret, printRawField } from './output.js';
import { storeToken } from './token-helper.js';

/** parseArgsDataString: every value must be a string. */
async function parseConfig(ctx: Ctx, args: string[]): Promise<Record<string, string>> {
  const data = await parseKvArgs(args, ctx.io.stdin);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string') throw new Error(errCliArgType(k, v));
    out[k] = v;
  }
  return out;
}

/** LoginCommand.extractToken: the auth response, unwrapping a wrapped one when asked to. */
async function extractToken(client: ApiClient, secret: Secret | undefined, unwrap: boolean): Promise<{ secret: Secret; wrapped: boolean }> {
  if (!secret) throw new Error('empty response from auth helper');
  if (secret.auth) return { secret, wrapped: false };
  if (!secret.wrap_info) throw new Error('no auth or wrapping info in response');
  if (!secret.wrap_info.wrapped_accessor) throw new Error('wrapped response does not contain a token');
  if (!unwrap) return { secret, wrapped: true };
  const token = String(secret.wrap_info.token ?? '');
  const unwrapped = await client.withoutWrappingLookup(async () => parseSecret(
    await client.json('PUT', 'sys/wrapping/unwrap', { token })));
  return extractToken(client, unwrapped, unwrap);
}

export const loginCommand: Command = {
  name: 'login',
  synopsis: 'Authenticate locally',
  usage: '[AUTH K=V...]',
  help: `
  Authenticates users or machines to Vault using the provided arguments. A
  successful authentication results in a Vault token - conceptually similar to
  a session token on a website. By default, this token is cached on the local
  machine (~/.vault-token) for future requests.

  The default auth method is "token". If not supplied via the CLI, Vault will
  prompt for input. If the argument is "-", the values are read from stdin.

  The -method flag selects another auth method: userpass (username=,
  password= or a prompt), cert (name=; the certificate comes from the
  -client-cert and -client-key flags), or, as minivault additions that Vault's
  CLI lacks, approle (role_id=, secret_id=) and jwt (role=, jwt=). Vault's
  browser-based oidc method is not implemented. -path names a mount other
  than the method's default. "minivault auth help TYPE" shows each method's
  configuration keys.

  Authenticate using a token:

      $ minivault login 96ddf4bc-d217-f3ba-f9bd-017055595017

  Authenticate using userpass:

      $ minivault login -method=userpass username=my-username`,
  flags: [httpFlags(), outputFlags({ field: true }), { title: 'Command Options', flags: [
    { name: 'method', kind: 'string', default: 'token', example: 'string',
      usage: 'Type of authentication to use such as "userpass", "cert", "approle" or "jwt". Note this corresponds to the TYPE, '
        + 'not the enabled path. Use -path to specify the path where the authentication is enabled.' },
    { name: 'no-print', kind: 'bool',
      usage: 'Do not display the token. The token will still be stored to the configured token helper.' },
    { name: 'no-store', kind: 'bool',
      usage: 'Do not persist the token to the token helper (usually the local filesystem) after authentication '
        + 'for use in future requests. The token will only be displayed in the command output.' },
    { name: 'path', kind: 'string', example: 'string',
      usage: 'Remote path in Vault where the auth method is enabled. This defaults to the TYPE of method (e.g. userpass -> userpass/).' },
    { name: 'token-only', kind: 'bool',
      usage: 'Output only the token with no verification. This flag is a shortcut for "-field=token -no-store". '
        + 'Setting those flags to other values will have no affect.' },
  ] }],
  async run(ctx) {
    const tokenOnly = ctx.flags.bool('token-only');
    const noStore = tokenOnly || ctx.flags.bool('no-store');
    const field = tokenOnly ? 'token' : ctx.flags.str('field');
    const noPrint = ctx.flags.bool('no-print');
    if (noStore && noPrint) {
      ctx.ui.error(wrapAtLength(ERR_CLI_NO_STORE_AND_NO_PRINT));
      return 1;
    }
    const method = sanitizePath(ctx.flags.str('method')) || 'token';
    const authPath = ctx.flags.str('path') || ensureTrailingSlash(method);
    const handler = LOGIN_HANDLERS[method];
    if (!handler) {
      ctx.ui.error(wrapAtLength(errCliUnknownAuthMethod(method)));
      return 1;
    }
    let args = ctx.args;
    if (method === 'token' && args.length > 0 && !args[0]!.includes('=')) args = [`token=${args[0]!}`, ...args.slice(1)];
    let config: Record<string, string>;
    try {
      config = await parseConfig(ctx, args);
    } catch (e) {
      ctx.ui.error(`${ERR_CLI_LOGIN_PARSE_CONFIG}: ${errorMessage(e)}`);
      return 1;
    }
    if (!config.mount && authPath !== '') config.mount = authPath;
    const client = ctx.client();
    let secret: Secret | undefined;
    try {
      secret = await handler({ client, io: ctx.io }, config);
    } catch (e) {
      return fail(ctx, ERR_CLI_AUTHENTICATING, e);
    }
    let wrapped: boolean;
    try {
      ({ secret, wrapped } = await extractToken(client, secret, !noStore));
    } catch (e) {
      return fail(ctx, ERR_CLI_EXTRACTING_TOKEN, e);
    }
    if (!secret) {
      ctx.ui.error(ERR_CLI_EMPTY_SECRET);
      return 2;
    }
    if (wrapped) {
      if (tokenOnly) return printRawField(ctx, { secret }, 'wrapping_token');
      return outputSecret(ctx, secret);
    }
    if (!secret.auth) {
      ctx.ui.error(wrapAtLength(ERR_CLI_SECRET_NO_AUTH));
      return 2;
    }
    if (!noStore) {
      try {
        storeToken(ctx.io.env, secret.auth.client_token ?? '');
      } catch (e) {
        ctx.ui.error(`${wrapAtLength(errCliTokenHelperStore(errorMessage(e)))}\n\n${wrapAtLength(MSG_CLI_TOKEN_NOT_PERSISTED)}\n`);
        outputSecret(ctx, secret);
        return 2;
      }
      if (ctx.io.env.VAULT_TOKEN) ctx.ui.warn(`${wrapAtLength(WARN_CLI_VAULT_TOKEN_SET)}\n`);
    } else if (!tokenOnly) {
      ctx.ui.warn(`${wrapAtLength(WARN_CLI_TOKEN_NOT_STORED)}\n`);
    }
    if (noPrint) return 0;
    if (field !== '') return printRawField(ctx, { secret }, field);
    if (ctx.format === 'table') ctx.ui.output(`${wrapAtLength(MSG_CLI_LOGIN_SUCCESS)}\n`);
    return outputSecret(ctx, secret);
  },
};
