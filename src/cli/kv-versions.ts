// `minivault kv delete | undelete | destroy` (hashicorp/vault command/kv_delete.go, kv_undelete.go,
// kv_destroy.go): the commands that act on a secret's versions. `kv list` is in kv-list.ts and
// `kv rollback` in kv-rollback.ts; what their writes print is kv-common.ts outputWriteResult.
import {
  ERR_CLI_DESTROY_V1, ERR_CLI_UNDELETE_V1, errCliDeleting, errCliNoVersions,
  errCliWriting,
} from '../errors/cli.js';
import { parseBody } from './client.js';
import { exactlyOneArg, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import type { FlagDef } from './flags.js';
import { addPrefixToKVPath, kvRequestPath, outputWriteResult } from './kv-common.js';
import { MOUNT_FLAG, kvTargetOrFail, writeSecret } from './kv.js';
import { parseSecret, type Secret } from './json.js';

const VERSIONS_FLAG: FlagDef = {
  name: 'versions', kind: 'strings', example: 'string',
  usage: 'Specifies the version numbers, as a comma-separated list or by repeating the flag.',
};

/** kvParseVersionsFlags: every -versions value split on commas, trimmed, empties dropped. */
export function parseVersions(values: string[]): string[] {
  return values.flatMap((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''));
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
