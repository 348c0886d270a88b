// `minivault lease lookup | renew | revoke` (hashicorp/vault command/lease_lookup.go, lease_renew.go,
// lease_revoke.go over api/sys_leases.go Lookup, Renew, RevokeWithOptions): lookup and renew are
// PUTs with a JSON body and print the response as a secret; revoke PUTs
// `sys/leases/revoke[-prefix]/<id>` with `{"sync": …}` (asynchronous unless -sync) or, with -force,
// `sys/leases/revoke-force/<prefix>` without a body, and prints one line saying what happened.
import {
  ERR_CLI_FORCE_REQUIRES_PREFIX, ERR_CLI_MISSING_ID, WARN_CLI_FORCE_REVOKE, errCliLeaseLookup, errCliLeaseRenew,
  errCliLeaseRevoke, errCliLeaseRevokeForce, errCliLeaseRevokePrefix, errCliNotEnoughArgs, errCliTooManyArgs,
} from '../errors/cli.js';
import { parseBody } from './client.js';
import { fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { wrapAtLength } from './format.js';
import { parseSecret, type Secret } from './json.js';
import { outputSecret } from './output.js';

/** lookup/renew take exactly one ID: "Missing ID!" without one, `expected` in the too-many text. */
function leaseIdArg(ctx: Ctx, expected: string): string | undefined {
  if (ctx.args.length === 0) {
    ctx.ui.error(ERR_CLI_MISSING_ID);
    return undefined;
  }
  if (ctx.args.length > 1) {
    ctx.ui.error(errCliTooManyArgs(expected, ctx.args.length));
    return undefined;
  }
  return ctx.args[0]!.trim();
}

/** A PUT whose answer is parsed as api.ParseSecret does. */
async function put(ctx: Ctx, path: string, body: unknown): Promise<Secret | undefined> {
  return parseSecret(parseBody(await ctx.client().request('PUT', path, { body })));
}

/** truncateToSeconds: whole seconds, anything under one second (negative included) as 0. */
const truncateToSeconds = (seconds: number): number => (seconds < 1 ? 0 : Math.trunc(seconds));

export const leaseLookupCommand: Command = {
  name: 'lease lookup',
  synopsis: 'Lookup the lease of a secret',
  usage: 'ID',
  bareUsage: true,
  help: `
  Lookup the lease information of a secret.

  Every secret in Vault has a lease associated with it. Users can look up
  information on the lease by referencing the lease ID.

  Lookup lease of a secret:

      $ minivault lease lookup database/creds/readonly/2f6a614c...`,
  flags: [httpFlags(), outputFlags()],
  async run(ctx) {
    const id = leaseIdArg(ctx, '1');
    if (id === undefined) return 1;
    let secret: Secret | undefined;
    try {
      secret = await put(ctx, 'sys/leases/lookup', { lease_id: id });
    } catch (e) {
      return fail(ctx, errCliLeaseLookup(id), e);
    }
    return outputSecret(ctx, secret);
  },
};

export const leaseRenewCommand: Command = {
  name: 'lease renew',
  synopsis: 'Renews the lease of a secret',
  usage: 'ID',
  help: `
  Renews the lease on a secret, extending the time that it can be used before
  it is revoked by Vault.

  Every secret in Vault has a lease associated with it. If the owner of the
  secret wants to use it longer than the lease, then it must be renewed.
  Renewing the lease does not change the contents of the secret. The ID is the
  full path lease ID.

  Renew a secret:

      $ minivault lease renew database/creds/readonly/2f6a614c...

  Lease renewal will fail if the secret is not renewable, the secret has already
  been revoked, or if the secret has already reached its maximum TTL.

  For a full list of examples, please see the documentation.`,
  flags: [httpFlags(), outputFlags(), { title: 'Command Options', flags: [
    { name: 'increment', kind: 'duration', example: 'duration',
      usage: 'Request a specific increment in seconds. Vault is not required to honor this request.' },
  ] }],
  async run(ctx) {
    const id = leaseIdArg(ctx, '1-2');
    if (id === undefined) return 1;
    const increment = truncateToSeconds(ctx.flags.seconds('increment'));
    let secret: Secret | undefined;
    try {
      secret = await put(ctx, 'sys/leases/renew', { increment, lease_id: id });
    } catch (e) {
      return fail(ctx, errCliLeaseRenew(id), e);
    }
    return outputSecret(ctx, secret);
  },
};

export const leaseRevokeCommand: Command = {
  name: 'lease revoke',
  synopsis: 'Revokes leases and secrets',
  usage: 'ID',
  help: `
  Revokes secrets by their lease ID. This command can revoke a single secret
  or multiple secrets based on a path-matched prefix.

  The default behavior when not using -force is to revoke asynchronously; Vault
  will queue the revocation and keep trying if it fails (including across
  restarts). The -sync flag can be used to force a synchronous operation, but
  it is then up to the caller to retry on failure. Force mode always operates
  synchronously.

  Revoke a single lease:

      $ minivault lease revoke database/creds/readonly/2f6a614c...

  Revoke all leases for a role:

      $ minivault lease revoke -prefix aws/creds/deploy

  Force delete leases from Vault even if secret engine revocation fails:

      $ minivault lease revoke -force -prefix consul/creds

  For a full list of examples and paths, please see the documentation that
  corresponds to the secret engine in use.`,
  flags: [httpFlags(), { title: 'Command Options', flags: [
    { name: 'force', aliases: ['f'], kind: 'bool',
      usage: 'Delete the lease from Vault even if the secret engine revocation fails. This is meant for recovery '
        + 'situations where the secret in the target secret engine was manually removed. If this flag is '
        + 'specified, -prefix is also required.' },
    { name: 'prefix', kind: 'bool',
      usage: 'Treat the ID as a prefix instead of an exact lease ID. This can revoke multiple leases simultaneously.' },
    { name: 'sync', kind: 'bool', usage: 'Force a synchronous operation; on failure it is up to the client to retry.' },
  ] }],
  async run(ctx) {
    const n = ctx.args.length;
    if (n !== 1) {
      ctx.ui.error(n < 1 ? errCliNotEnoughArgs('1', n) : errCliTooManyArgs('1', n));
      return 1;
    }
    const force = ctx.flags.bool('force');
    const prefix = ctx.flags.bool('prefix');
    const sync = ctx.flags.bool('sync');
    if (force && !prefix) {
      ctx.ui.error(ERR_CLI_FORCE_REQUIRES_PREFIX);
      return 1;
    }
    const client = ctx.client();
    const id = ctx.args[0]!.trim();
    if (force) ctx.ui.warn(wrapAtLength(WARN_CLI_FORCE_REVOKE));
    try {
      if (force) await client.request('PUT', `sys/leases/revoke-force/${id}`);
      else await client.request('PUT', `sys/leases/${prefix ? 'revoke-prefix' : 'revoke'}/${id}`, { body: { sync } });
    } catch (e) {
      const prefixText = force ? errCliLeaseRevokeForce(id) : prefix ? errCliLeaseRevokePrefix(id) : errCliLeaseRevoke(id);
      return fail(ctx, prefixText, e);
    }
    if (force) ctx.ui.output(`Success! Force revoked any leases with prefix: ${id}`);
    else if (sync && prefix) ctx.ui.output(`Success! Revoked any leases with prefix: ${id}`);
    else if (sync) ctx.ui.output(`Success! Revoked lease: ${id}`);
    else ctx.ui.output('All revocation operations queued successfully!');
    return 0;
  },
};
