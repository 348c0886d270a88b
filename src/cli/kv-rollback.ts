// `minivault kv rollback` (hashicorp/vault command/kv_rollback.go). Rollback is client-side, as in Vault:
// kvRollback reads the current version, reads version N and writes N's data back with
// cas = current; here each of those calls goes over this CLI's HTTP client.
import {
  ERR_CLI_KV_ROLLBACK_V1, ERR_CLI_VERSION_FLAG_REQUIRED, errCliInvalidArgCount, errCliInvalidVersion, errCliPreRead,
  errCliWriting,
} from '../errors/cli.js';
import { KvRollbackError, kvRollback, type KvApiCall } from '../client/kv-rollback.js';
import { parseBody } from './client.js';
import { errorMessage, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { kvRequestPath, outputWriteResult, type KvTarget } from './kv-common.js';
import { MOUNT_FLAG, kvTargetOrFail } from './kv.js';
import { parseSecret, type Secret } from './json.js';

/** A failure of one HTTP call inside kvRollback, tagged with the prefix Vault prints for it. */
class RollbackCallError extends Error {
  constructor(readonly prefix: string, cause: unknown) {
    super(errorMessage(cause));
  }
}

/**
 * Runs kvRollback (Vault's client-side flow) over this CLI's HTTP client. A 404 goes back
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
