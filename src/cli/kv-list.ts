// `minivault kv list` (hashicorp/vault command/kv_list.go): the keys under a KV path, read from the
// metadata endpoint (v2) or the path itself (v1) with ?list=true.
import { errCliListing, errCliNoEntries, errCliNoValue, errCliNotEnoughArgs, errCliTooManyArgs } from '../errors/cli.js';
import { parseBody } from './client.js';
import { fail, httpFlags, outputFlags, type Command } from './command.js';
import { kvRequestPath } from './kv-common.js';
import { MOUNT_FLAG, kvTargetOrFail } from './kv.js';
import { parseSecret, type Secret } from './json.js';
import { outputData, outputList, outputSecret } from './output.js';

export const kvListCommand: Command = {
  name: 'kv list',
  synopsis: 'List data or secrets',
  usage: 'PATH',
  help: `
  Lists the keys directly under the path; folders end in "/". The path may be
  left out when -mount is given.

      $ minivault kv list kgc/`,
  flags: [httpFlags(), outputFlags(), { title: 'Common Options', flags: [MOUNT_FLAG] }],
  async run(ctx) {
    let arg = ctx.args[0];
    if (ctx.args.length < 1) {
      if (ctx.flags.str('mount') === '') {
        ctx.ui.error(errCliNotEnoughArgs('1', 0));
        return 1;
      }
      arg = '';
    } else if (ctx.args.length > 1) {
      ctx.ui.error(errCliTooManyArgs('1', ctx.args.length));
      return 1;
    }
    const target = await kvTargetOrFail(ctx, arg!);
    if (typeof target === 'number') return target;
    const fullPath = kvRequestPath(target, 'metadata');
    let secret: Secret | undefined;
    try {
      const res = await ctx.client().send('GET', fullPath, { query: { list: 'true' } });
      secret = parseSecret(parseBody(res.status === 404 ? res : ctx.client().check(res)));
      if (res.status === 404 && !((secret?.warnings?.length ?? 0) > 0 || Object.keys(secret?.data ?? {}).length > 0)) {
        secret = undefined;
      }
    } catch (e) {
      return fail(ctx, errCliListing(fullPath), e);
    }
    if (secret?.wrap_info) return outputSecret(ctx, secret);
    const keys = secret?.data?.keys;
    const haveKeys = Array.isArray(keys);
    if (ctx.format !== 'table' && (!secret?.data || !haveKeys)) {
      outputData(ctx, {});
      return 2;
    }
    if (!secret?.data) {
      ctx.ui.error(errCliNoValue(fullPath));
      return 2;
    }
    if (!haveKeys) {
      ctx.ui.error(errCliNoEntries(fullPath));
      return 2;
    }
    return outputList(ctx, keys, secret);
  },
};
