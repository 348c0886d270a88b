// `secrets move` and `auth move` (Vault 1.18 command/secrets_move.go, auth_move.go over
// api/sys_mounts.go StartRemount / RemountStatus): POST sys/remount {from, to}, then poll
// GET sys/remount/status/<id> until the migration reports success or failure, printing Vault's
// progress lines. Vault waits 10 s between polls; minivault's server finishes a move before it
// answers, so the first poll is already terminal against it.
import { errCliNotEnoughArgs, errCliTooManyArgs } from '../errors/cli.js';
import { fail, type Ctx } from './command.js';
import { ensureTrailingSlash } from './generic.js';
import { requireData } from './json.js';

/** upstream command/secrets_move.go MountMigrationStatusSuccess / …Failure. */
const STATUS_SUCCESS = 'success';
const STATUS_FAILURE = 'failure';
const POLL_INTERVAL_MS = 10_000;

/** Runs a move; `what` is `secrets engine` or `auth method`. */
export async function runMove(ctx: Ctx, what: string): Promise<number> {
  const n = ctx.args.length;
  if (n !== 2) {
    ctx.ui.error(n < 2 ? errCliNotEnoughArgs('2', n) : errCliTooManyArgs('2', n));
    return 1;
  }
  const source = ensureTrailingSlash(ctx.args[0]!);
  const destination = ensureTrailingSlash(ctx.args[1]!);
  const client = ctx.client();
  let id: string;
  try {
    const data = requireData(await client.json('POST', 'sys/remount', { body: { from: source, to: destination } }));
    id = typeof data.migration_id === 'string' ? data.migration_id : '';
  } catch (e) {
    return fail(ctx, `Error moving ${what} ${source} to ${destination}`, e);
  }
  const suffix = `${what} ${source} to ${destination}, with migration ID ${id}`;
  ctx.ui.output(`Started moving ${suffix}`);
  for (;;) {
    let status: unknown;
    try {
      const data = requireData(await client.json('GET', `sys/remount/status/${id}`));
      status = (data.migration_info as Record<string, unknown> | undefined)?.status;
    } catch (e) {
      return fail(ctx, `Error checking migration status of ${what} ${source} to ${destination}`, e);
    }
    if (status === STATUS_SUCCESS) {
      ctx.ui.output(`Success! Finished moving ${suffix}`);
      return 0;
    }
    if (status === STATUS_FAILURE) {
      // secrets_move.go reports a failed migration on stderr yet exits 0.
      ctx.ui.error(`Failure! Error encountered moving ${suffix}`);
      return 0;
    }
    ctx.ui.output(`Waiting for terminal status in migration of ${suffix}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
