// `minivault kv delete | undelete | destroy | list | rollback` (V114 command/kv_delete.go,
// kv_undelete.go, kv_destroy.go, kv_list.go, kv_rollback.go). Rollback is client-side, as in
// Vault: src/kv's kvRollback reads the current version, reads version N and writes N's data back
// with cas = current, here over HTTP.
import {
  ERR_CLI_DESTROY_V1, ERR_CLI_KV_ROLLBACK_V1, ERR_CLI_UNDELETE_V1, ERR_CLI_VERSION_FLAG_REQUIRED,
  errCliDeleting, errCliInvalidArgCount, errCliInvalidVersion, errCliListing, errCliNoEntries, errCliNoValue,
  errCliNoVersions, errCliNotEnoughArgs, errCliPreRead, errCliTooManyArgs, errCliWriting,
} from '../errors/cli.js';
import { KvRollbackError, kvRollback, type KvApiCall } from '../secrets/kv/rollback.js';
import { parseBody } from './client.js';
import { errorMessage, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import type { FlagDef } from './flags.js';
import { addPrefixToKVPath, kvRequestPath, type KvTarget } from './kv-common.js';
import { MOUNT_FLAG, kvTargetOrFail, writeSecret } from './kv.js';
import { parseSecret, type Secret } from './json.js';
import { outputData, outputList, outputSecret, printRawField } from './output.js';

const VERSIONS_FLAG: FlagDef = {
  name: 'versions', kind: 'strings', example: 'string',
  usage: 'Specifies the version numbers, as a comma-separated list or by repeating the flag.',
};

/** kvParseVersionsFlags: every -versions value split on commas, trimmed, empties dropped. */
export function parseVersions(values: string[]): string[] {
  return values.flatMap((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''));
}

function exactlyOneArg(ctx: Ctx): boolean {
  if (ctx.args.length === 1) return true;
  ctx.ui.error(ctx.args.length < 1 ? errCliNotEnoughArgs('1', 0) : errCliTooManyArgs('1', ctx.args.length));
  return false;
}

/** The success line of a write with no response body (table format only), or the response. */
function outputWriteResult(ctx: Ctx, line: string, secret: Secret | undefined): number {
  if (!secret) {
    if (ctx.format === 'table') ctx.ui.info(line);
    return 0;
  }
  if (ctx.flags.has('field') && ctx.flags.str('field') !== '') return printRawField(ctx, { secret }, ctx.flags.str('field'));
  return outputSecret(ctx, secret);
}

export const kvDeleteCommand: Command = {
  name: 'kv delete',
  synopsis: 'Deletes versions in the KV store',
  usage: 'PATH',
  help: `
  Soft-deletes data at the path: on KV v2 the latest version, or the ones named
  with -versions; deleted versions can be restored with "kv undelete".

      $ minivault kv delete kgc/api-credentials
      $ minivault kv delete -versions=3,4 kgc/api-credentials`,
  flags: [httpFlags(), outputFlags({ field: true }), { title: 'Common Options', flags: [MOUNT_FLAG, VERSIONS_FLAG] }],
  async run(ctx) {
    if (!exactlyOneArg(ctx)) return 1;
    const target = await kvTargetOrFail(ctx, ctx.args[0]!);
    if (typeof target === 'number') return target;
    const fullPath = kvRequestPath(target, 'data');
    const versions = parseVersions(ctx.flags.list('versions'));
    let secret: Secret | undefined;
    try {
      if (target.v2 && versions.length > 0) {
        secret = await writeSecret(ctx, addPrefixToKVPath(target.partialPath, target.mountPath, 'delete'), { versions });
      } else {
        secret = parseSecret(parseBody(await ctx.client().request('DELETE', fullPath)));
      }
    } catch (e) {
      return fail(ctx, errCliDeleting(fullPath), e);
    }
    return outputWriteResult(ctx, `Success! Data deleted (if it existed) at: ${fullPath}`, secret);
  },
};

function versionWriteCommand(action: 'undelete' | 'destroy', synopsis: string, help: string, v1Error: string): Command {
  return {
    name: `kv ${action}`,
    synopsis,
    usage: 'KEY',
    help,
    flags: [httpFlags(), outputFlags(), { title: 'Common Options', flags: [MOUNT_FLAG, VERSIONS_FLAG] }],
    async run(ctx) {
      if (!exactlyOneArg(ctx)) return 1;
      const versions = parseVersions(ctx.flags.list('versions'));
      if (ctx.flags.list('versions').length === 0) {
        ctx.ui.error(errCliNoVersions(action));
        return 1;
      }
      const target = await kvTargetOrFail(ctx, ctx.args[0]!);
      if (typeof target === 'number') return target;
      if (!target.v2) {
        ctx.ui.error(v1Error);
        return 1;
      }
      const path = addPrefixToKVPath(target.partialPath, target.mountPath, action);
      let secret: Secret | undefined;
      try {
        secret = await writeSecret(ctx, path, { versions });
      } catch (e) {
        return fail(ctx, errCliWriting(path), e);
      }
      return outputWriteResult(ctx, `Success! Data written to: ${path}`, secret);
    },
  };
}

export const kvUndeleteCommand = versionWriteCommand('undelete', 'Undeletes versions in the KV store', `
  Restores soft-deleted versions of the data at the path (KV v2 only).

      $ minivault kv undelete -versions=3 kgc/api-credentials`, ERR_CLI_UNDELETE_V1);

export const kvDestroyCommand = versionWriteCommand('destroy',
  'Permanently removes one or more versions in the KV store', `
  Permanently removes the data of the given versions at the path (KV v2 only);
  their metadata stays, marked destroyed.

      $ minivault kv destroy -versions=1,2 kgc/api-credentials`, ERR_CLI_DESTROY_V1);

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

/** A failure of one HTTP call inside kvRollback, tagged with the prefix Vault prints for it. */
class RollbackCallError extends Error {
  constructor(readonly prefix: string, cause: unknown) {
    super(errorMessage(cause));
  }
}

/**
 * Runs src/kv's kvRollback (Vault's client-side flow) over this CLI's HTTP client. A 404 goes back
 * to kvRollback, which treats it as Vault's client does; other failures are thrown with Vault's
 * full error text and the prefix of the step that failed. Returns the write response.
 */
async function rollback(ctx: Ctx, target: KvTarget, fullPath: string, version: number): Promise<Secret | undefined> {
  const client = ctx.client();
  let written: Secret | undefined;
  const call: KvApiCall = async (operation, path, data) => {
    const write = operation !== 'read';
    const prefix = write ? errCliWriting(fullPath) : errCliPreRead(fullPath);
    try {
      const res = write
        ? await client.send('PUT', path, { body: data })
        : await client.send('GET', path, { query: data as Record<string, string> | undefined });
      if (write || res.status !== 404) client.check(res);
      const body = parseBody(res);
      if (write) written = parseSecret(body);
      return { status: res.status, body };
    } catch (e) {
      throw new RollbackCallError(prefix, e);
    }
  };
  const mount = target.mountPath.replace(/\/+$/, '');
  await kvRollback(call, mount, fullPath.slice(`${mount}/data/`.length), version);
  return written;
}

export const kvRollbackCommand: Command = {
  name: 'kv rollback',
  synopsis: 'Rolls back to a previous version of data',
  usage: 'KEY',
  help: `
  Writes the data of an earlier version back as a new version (KV v2 only). The
  earlier version must not be deleted or destroyed; the write uses check-and-set
  against the version read, so a concurrent write makes it fail rather than
  be overwritten.

      $ minivault kv rollback -version=2 kgc/api-credentials`,
  flags: [httpFlags(), outputFlags(), { title: 'Common Options', flags: [
    MOUNT_FLAG,
    { name: 'version', kind: 'int', example: 'int', usage: 'Specifies the version number that should be made current again.' },
  ] }],
  async run(ctx) {
    if (ctx.args.length !== 1) {
      ctx.ui.error(errCliInvalidArgCount('1', ctx.args.length));
      return 1;
    }
    if (!ctx.flags.isSet('version')) {
      ctx.ui.error(ERR_CLI_VERSION_FLAG_REQUIRED);
      return 1;
    }
    const version = ctx.flags.int('version');
    if (version <= 0) {
      ctx.ui.error(errCliInvalidVersion(version));
      return 1;
    }
    const target: KvTarget | number = await kvTargetOrFail(ctx, ctx.args[0]!);
    if (typeof target === 'number') return target;
    if (!target.v2) {
      ctx.ui.error(ERR_CLI_KV_ROLLBACK_V1);
      return 2;
    }
    const fullPath = kvRequestPath(target, 'data');
    let secret: Secret | undefined;
    try {
      secret = await rollback(ctx, target, fullPath, version);
    } catch (e) {
      if (e instanceof RollbackCallError) return fail(ctx, e.prefix, e);
      if (e instanceof KvRollbackError) {
        ctx.ui.error(e.message);
        return e.exitCode;
      }
      throw e;
    }
    return outputWriteResult(ctx, `Success! Data written to: ${fullPath}`, secret);
  },
};
