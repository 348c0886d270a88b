// `minivault token create | lookup | renew | revoke` (hashicorp/vault command/token_create.go,
// token_lookup.go, token_renew.go, token_revoke.go; api/auth_token.go TokenCreateRequest and
// the Create/Lookup/Renew/Revoke calls). Durations travel as Go duration text (`24h0m0s`),
// increments as whole seconds.
import {
  ERR_CLI_ACCESSOR_WITH_ORPHAN, ERR_CLI_ACCESSOR_WITH_PATH, ERR_CLI_SELF_WITH_ACCESSOR, ERR_CLI_SELF_WITH_MODE,
  ERR_CLI_TOKEN_CREATE, ERR_CLI_TOKEN_LOOKUP, ERR_CLI_TOKEN_RENEW, ERR_CLI_TOKEN_REVOKE, errCliAccessorArgs, errCliAccessorTooMany,
  errCliInvalidMode, errCliNotEnoughArgs, errCliSelfArgs, errCliTooManyArgs,
} from '../errors/cli.js';
import { formatGoDuration } from '../go/time.js';
import type { RequestOptions } from './client.js';
import { fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { GoStruct } from '../go/json.js';
import { parseSecret, type Secret } from './json.js';
import { outputSecret, printRawField } from './output.js';

const ACCESSOR_FLAG = {
  name: 'accessor', kind: 'bool' as const,
  usage: 'Treat the argument as an accessor instead of a token.',
};

/** api.TokenCreateRequest with its omitempty rules (unset durations still go as "0s"). */
function createBody(ctx: Ctx): GoStruct {
  const f = ctx.flags;
  const policies = f.list('policy');
  const meta = f.map('metadata');
  const type = f.str('type');
  const renewable = type === 'batch' ? false : f.bool('renewable');
  return new GoStruct([
    ['id', f.str('id') || undefined],
    ['policies', policies.length > 0 ? policies : undefined],
    ['meta', Object.keys(meta).length > 0 ? meta : undefined],
    ['ttl', formatGoDuration(f.seconds('ttl'))],
    ['explicit_max_ttl', formatGoDuration(f.seconds('explicit-max-ttl'))],
    ['period', formatGoDuration(f.seconds('period'))],
    ['no_parent', f.bool('orphan') || undefined],
    ['no_default_policy', f.bool('no-default-policy') || undefined],
    ['display_name', f.str('display-name')],
    ['num_uses', f.int('use-limit')],
    ['renewable', renewable],
    ['type', type],
    ['entity_alias', f.str('entity-alias')],
  ]);
}

/** GoStruct → plain object in field order, omitting undefined (JSON.stringify keeps the order). */
function structObject(s: GoStruct): Record<string, unknown> {
  return Object.fromEntries(s.fields.filter(([, v]) => v !== undefined));
}

async function call(ctx: Ctx, method: string, path: string, opts?: RequestOptions): Promise<Secret | undefined> {
  return parseSecret(await ctx.client().json(method, path, opts));
}

function outputToken(ctx: Ctx, secret: Secret | undefined): number {
  const field = ctx.flags.has('field') ? ctx.flags.str('field') : '';
  if (field !== '' && secret) return printRawField(ctx, { secret }, field);
  return outputSecret(ctx, secret);
}

export const tokenCreateCommand: Command = {
  name: 'token create',
  synopsis: 'Create a new token',
  usage: '',
  help: `
  Creates a new token, by default a child of the calling token that inherits its
  policies; -policy names the policies instead. -orphan makes a token without a
  parent (revoking the caller then leaves it alive).

      $ minivault token create -policy=kgc-read -ttl=24h
      $ minivault token create -policy=kgc-rotate -period=24h -orphan`,
  flags: [httpFlags(), outputFlags({ field: true }), { title: 'Command Options', flags: [
    { name: 'display-name', kind: 'string', example: 'string', usage: 'Name to associate with this token.' },
    { name: 'entity-alias', kind: 'string', example: 'string', usage: 'Name of the entity alias to associate with during token creation (with -role).' },
    { name: 'explicit-max-ttl', kind: 'duration', example: 'duration', usage: 'Explicit maximum lifetime for the token; renewals cannot go past it.' },
    { name: 'id', kind: 'string', example: 'string', usage: 'Value for the token. By default, this is an auto-generated string. Specifying this value requires sudo permissions.' },
    { name: 'metadata', kind: 'map', example: 'key=value', usage: 'Arbitrary key=value metadata to associate with the token. This can be specified multiple times.' },
    { name: 'no-default-policy', kind: 'bool', usage: 'Detach the "default" policy from the policy set for this token.' },
    { name: 'orphan', kind: 'bool', usage: 'Create the token with no parent. This requires sudo permissions.' },
    { name: 'period', kind: 'duration', example: 'duration', usage: 'If specified, every renewal will use the given period. Periodic tokens do not expire as long as they are renewed.' },
    { name: 'policy', kind: 'strings', example: 'string', usage: 'Name of a policy to associate with this token. This can be specified multiple times.' },
    { name: 'renewable', kind: 'bool', default: 'true', usage: 'Allow the token to be renewed up to its maximum TTL.' },
    { name: 'role', kind: 'string', example: 'string', usage: 'Name of the role to create the token against (auth/token/create/<role>).' },
    { name: 'ttl', kind: 'duration', example: 'duration', usage: 'Initial TTL to associate with the token. Token renewals may be able to extend beyond this value, depending on the configured maximum TTLs.' },
    { name: 'type', kind: 'string', default: 'service', example: 'string', usage: 'The type of token to create: "service" or "batch".' },
    { name: 'use-limit', kind: 'int', example: 'int', usage: 'Number of times this token can be used. After the last use, the token is automatically revoked. By default, tokens can be used an unlimited number of times until their expiration.' },
  ] }],
  async run(ctx) {
    if (ctx.args.length > 0) {
      ctx.ui.error(errCliTooManyArgs('0', ctx.args.length));
      return 1;
    }
    const role = ctx.flags.str('role');
    const path = role === '' ? 'auth/token/create' : `auth/token/create/${role}`;
    let secret: Secret | undefined;
    try {
      secret = await call(ctx, 'POST', path, { body: structObject(createBody(ctx)) });
    } catch (e) {
      return fail(ctx, ERR_CLI_TOKEN_CREATE, e);
    }
    return outputToken(ctx, secret);
  },
};

export const tokenLookupCommand: Command = {
  name: 'token lookup',
  synopsis: 'Display information about a token',
  usage: '[TOKEN | ACCESSOR]',
  help: `
  Shows a token's properties: policies, TTL, creation time, and more. Without an
  argument the calling token is looked up.

      $ minivault token lookup
      $ minivault token lookup -accessor 8D5PHuWMwn6mI4Yd6cWyR4mZ`,
  flags: [httpFlags(), outputFlags(), { title: 'Command Options', flags: [ACCESSOR_FLAG] }],
  async run(ctx) {
    const accessor = ctx.flags.bool('accessor');
    const n = ctx.args.length;
    if (accessor && n !== 1) {
      ctx.ui.error(n < 1 ? errCliAccessorArgs(n) : errCliAccessorTooMany(n));
      return 1;
    }
    if (n > 1) {
      ctx.ui.error(errCliTooManyArgs('0-1', n));
      return 1;
    }
    const arg = ctx.args[0]?.trim() ?? '';
    let secret: Secret | undefined;
    try {
      if (accessor) secret = await call(ctx, 'POST', 'auth/token/lookup-accessor', { body: { accessor: arg } });
      else if (arg === '') secret = await call(ctx, 'GET', 'auth/token/lookup-self');
      else secret = await call(ctx, 'POST', 'auth/token/lookup', { body: { token: arg } });
    } catch (e) {
      return fail(ctx, ERR_CLI_TOKEN_LOOKUP, e);
    }
    return outputSecret(ctx, secret);
  },
};

export const tokenRenewCommand: Command = {
  name: 'token renew',
  synopsis: 'Renew a token lease',
  usage: '[TOKEN]',
  help: `
  Extends a token's TTL (the calling token without an argument). -increment asks
  for a specific new TTL; the server may cap it.

      $ minivault token renew
      $ minivault token renew -increment=30m <token>`,
  flags: [httpFlags(), outputFlags(), { title: 'Command Options', flags: [
    ACCESSOR_FLAG,
    { name: 'increment', aliases: ['i'], kind: 'duration', example: 'duration',
      usage: 'Request a specific increment for renewal. If not supplied, the server uses the token\'s own TTL.' },
  ] }],
  async run(ctx) {
    if (ctx.args.length > 1) {
      ctx.ui.error(errCliTooManyArgs('1', ctx.args.length));
      return 1;
    }
    const arg = ctx.args[0]?.trim() ?? '';
    const increment = Math.max(0, ctx.flags.seconds('increment'));
    let secret: Secret | undefined;
    try {
      if (arg === '') secret = await call(ctx, 'PUT', 'auth/token/renew-self', { body: { increment } });
      else if (ctx.flags.bool('accessor')) {
        secret = await call(ctx, 'POST', 'auth/token/renew-accessor', { body: { accessor: arg, increment } });
      } else secret = await call(ctx, 'PUT', 'auth/token/renew', { body: { increment, token: arg } });
    } catch (e) {
      return fail(ctx, ERR_CLI_TOKEN_RENEW, e);
    }
    return outputSecret(ctx, secret);
  },
};

/** token revoke's argument rules, in Vault's order; the message when they are broken. */
function revokeArgError(ctx: Ctx): string | undefined {
  const self = ctx.flags.bool('self');
  const accessor = ctx.flags.bool('accessor');
  const mode = ctx.flags.str('mode');
  const n = ctx.args.length;
  if (mode !== '' && mode !== 'orphan' && mode !== 'path') return errCliInvalidMode(mode);
  if (self && n > 0) return errCliSelfArgs(n);
  if (!self && n > 1) return errCliTooManyArgs('1 or -self', n);
  if (!self && n < 1) return errCliNotEnoughArgs('1 or -self', n);
  if (self && accessor) return ERR_CLI_SELF_WITH_ACCESSOR;
  if (self && mode !== '') return ERR_CLI_SELF_WITH_MODE;
  if (accessor && mode === 'orphan') return ERR_CLI_ACCESSOR_WITH_ORPHAN;
  if (accessor && mode === 'path') return ERR_CLI_ACCESSOR_WITH_PATH;
  return undefined;
}

export const tokenRevokeCommand: Command = {
  name: 'token revoke',
  synopsis: 'Revoke a token and its children',
  usage: '[TOKEN | ACCESSOR]',
  help: `
  Revokes a token and every token created from it. -self revokes the calling
  token; -mode=orphan revokes only the token, leaving its children as orphans.

      $ minivault token revoke <token>
      $ minivault token revoke -self`,
  flags: [httpFlags(), { title: 'Command Options', flags: [
    ACCESSOR_FLAG,
    { name: 'mode', kind: 'string', example: 'string',
      usage: 'Type of revocation: "" (the token and its children), "orphan" (only the token) or "path" (every token created under the given path prefix).' },
    { name: 'self', kind: 'bool', usage: 'Revoke the currently authenticated token.' },
  ] }],
  async run(ctx) {
    const problem = revokeArgError(ctx);
    if (problem) {
      ctx.ui.error(problem);
      return 1;
    }
    const arg = ctx.args[0]?.trim() ?? '';
    const client = ctx.client();
    try {
      if (ctx.flags.bool('self')) await client.request('PUT', 'auth/token/revoke-self');
      else if (ctx.flags.bool('accessor')) await client.request('POST', 'auth/token/revoke-accessor', { body: { accessor: arg } });
      else if (ctx.flags.str('mode') === 'orphan') await client.request('PUT', 'auth/token/revoke-orphan', { body: { token: arg } });
      else if (ctx.flags.str('mode') === 'path') await client.request('PUT', `sys/leases/revoke-prefix/${arg}`);
      else await client.request('PUT', 'auth/token/revoke', { body: { token: arg } });
    } catch (e) {
      return fail(ctx, ERR_CLI_TOKEN_REVOKE, e);
    }
    ctx.ui.output('Success! Revoked token (if it existed)');
    return 0;
  },
};
