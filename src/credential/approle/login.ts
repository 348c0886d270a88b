// `login` and `tidy/secret-id`, and the renewal of AppRole tokens (V builtin/credential/approle/
// path_login.go pathLoginUpdate, pathLoginRenew; path_tidy_user_id.go tidySecretID). A login
// finds the role by role_id, then (bind_secret_id) the HMAC'd secret ID: a limited-use one is
// counted down (deleted on its last use) before the CIDR checks, so a refused source still uses
// one up; then the role's secret_id_bound_cidrs; the token gets the secret ID's
// token_bound_cidrs if it has any, else the role's. Expired secret IDs are treated as Vault's
// periodic tidy leaves them: deleted (Vault's login does not look at the expiry itself).
import {
  ERR_APPROLE_ALIAS_NAME, ERR_APPROLE_INVALID_CREDS, ERR_APPROLE_MISSING_SECRET_ID, ERR_APPROLE_NO_CONNECTION,
  ERR_APPROLE_RENEW_NO_ROLE_NAME, errApproleRenewRoleGone, errApproleSourceRole, errApproleSourceSecretIdLimited,
  errApproleSourceSecretIdUnlimited, WARN_APPROLE_TIDY_RUNNING, WARN_APPROLE_TIDY_STARTED,
} from '../../errors/approle.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import { remoteAddrIsOk } from '../../framework/cidr.js';
import { goTrimSpace } from '../../go/strings.js';
import { respondWithStatusCode } from '../../framework/respond.js';
import { loginAuth, loginDisplayName, parseBoundCidrs, tokenAuthFromParams } from '../../framework/token-params.js';
import type { FieldData, FrameworkRequest, PathSpec } from '../../framework/types.js';
import type { LoginAuth, LogicalResponse } from '../../logical/types.js';
import { preciseNow } from '../../util/clock.js';
import type { ApproleContext } from './context.js';
import { unlessExpired } from './secret-ids.js';
import { verifyCidrSubset, type SecretIdEntry } from './secrets.js';
import { goMapOrder } from '../../go/object.js';

/** The source-address check of a CIDR list (cidrutil.IPBelongsToCIDRBlocksSlice). */
function sourceAllowed(req: FrameworkRequest, cidrs: readonly string[], refuse: (addr: string) => string): void {
  const addr = req.remoteAddress;
  if (addr === undefined || addr === '') throw new GoError(500, ERR_APPROLE_NO_CONNECTION);
  if (!remoteAddrIsOk(addr, cidrs)) throw new VaultError(400, refuse(addr));
}

async function pathLoginUpdate(ctx: ApproleContext, req: FrameworkRequest, data: FieldData): Promise<LogicalResponse> {
  const roleId = goTrimSpace(data.get<string>('role_id'));
  // With user lockout on (Vault's default) core's alias look-ahead fails first.
  if (roleId === '') throw new GoError(500, ERR_APPROLE_ALIAS_NAME);
  const name = await ctx.roles.roleIdEntry(roleId);
  if (name === undefined) throw new VaultError(400, ERR_APPROLE_INVALID_CREDS);
  const role = await ctx.roles.get(name);
  if (role === undefined) throw new VaultError(400, ERR_APPROLE_INVALID_CREDS);

  let metadata: Record<string, string> = {};
  let entry: SecretIdEntry | undefined;
  if (role.bindSecretId) {
    const secretId = goTrimSpace(data.get<string>('secret_id'));
    if (secretId === '') throw new VaultError(400, ERR_APPROLE_MISSING_SECRET_ID);
    const { key } = ctx.secrets.index(role, secretId);
    entry = await unlessExpired(ctx, role, key, await ctx.secrets.getAt(key));
    // logical.ErrInvalidCredentials (what user lockout counts): 400 with the same text.
    if (entry === undefined) throw new VaultError(400, ERR_APPROLE_INVALID_CREDS);
    // A secret ID without its accessor is revoked on sight.
    if ((await ctx.secrets.accessorEntry(entry.accessor, role.secretIdPrefix)) === undefined) {
      await ctx.secrets.deleteAt(key);
      throw new VaultError(400, ERR_APPROLE_INVALID_CREDS);
    }
    if (entry.numUses === 0) {
      verifyCidrSubset(entry.cidrList, role.secretIdBoundCidrs);
      if (entry.cidrList.length > 0) sourceAllowed(req, entry.cidrList, errApproleSourceSecretIdUnlimited);
    } else {
      if (entry.numUses === 1) {
        await ctx.secrets.deleteAccessor(entry.accessor, role.secretIdPrefix);
        await ctx.secrets.deleteAt(key);
      } else {
        entry.numUses -= 1;
        entry.lastUpdatedTime = preciseNow(ctx.clock);
        await ctx.secrets.putAt(key, entry);
      }
      verifyCidrSubset(entry.cidrList, role.secretIdBoundCidrs);
      if (entry.cidrList.length > 0) sourceAllowed(req, entry.cidrList, errApproleSourceSecretIdLimited);
    }
    metadata = { ...entry.metadata };
  }

  if ((role.secretIdBoundCidrs?.length ?? 0) > 0) sourceAllowed(req, role.secretIdBoundCidrs!, errApproleSourceRole);

  let boundCidrs = role.token.tokenBoundCidrs;
  if (entry !== undefined && entry.tokenBoundCidrs.length > 0) boundCidrs = parseBoundCidrs(entry.tokenBoundCidrs);

  metadata.role_name = role.name;
  const sorted = goMapOrder(metadata);

  const t = tokenAuthFromParams(role.token); // role.PopulateTokenAuth
  // path_login.go: the alias carries the same metadata as the token.
  const login = { ...loginAuth({ displayName: loginDisplayName(req.mountPoint, ''), metadata: sorted, aliasName: role.roleId }, { ...t, boundCidrs: [...boundCidrs] }), aliasMetadata: { ...sorted } };
  return { login };
}

export function pathLogin(ctx: () => ApproleContext): PathSpec {
  return {
    pattern: 'login$',
    fields: {
      role_id: { type: 'string', description: "Unique identifier of the Role. Required to be supplied when the 'bind_secret_id' constraint is set." },
      secret_id: { type: 'string', default: '', description: 'SecretID belong to the App role' },
    },
    operations: { update: (req, data) => pathLoginUpdate(ctx(), req, data) },
    notes: 'no user lockout (an empty role_id answers what Vault does with lockout on); no periodic tidy: an expired secret ID is removed when next used',
    helpSynopsis: 'Issue a token based on the credentials supplied',
    helpDescription: `While the credential 'role_id' is required at all times,
other credentials required depends on the properties App role
to which the 'role_id' belongs to. The 'bind_secret_id'
constraint (enabled by default) on the App role requires the
'secret_id' credential to be presented.

'role_id' is fetched using the 'role/<role_name>/role_id'
endpoint and 'secret_id' is fetched using the 'role/<role_name>/secret_id'
endpoint.`,
  };
}

export function pathTidySecretId(ctx: () => ApproleContext): PathSpec {
  return {
    pattern: 'tidy/secret-id$',
    notes: 'the pass runs before the 202 is sent (Vault runs it in the background)',
    operations: {
      update: async (req) => {
        const c = ctx();
        if (c.tidyRunning) return { warnings: [WARN_APPROLE_TIDY_RUNNING] };
        c.tidyRunning = true;
        try {
          // Vault tidies in the background; here the pass is done before the 202 is sent.
          await c.secrets.tidy(c.clock.now());
        } finally {
          c.tidyRunning = false;
        }
        return respondWithStatusCode(202, req.requestId ?? '', [WARN_APPROLE_TIDY_STARTED]);
      },
    },
    helpSynopsis: 'Trigger the clean-up of expired SecretID entries.',
    helpDescription: `SecretIDs will have expiration time attached to them. The periodic function
of the backend will look for expired entries and delete them. This happens once in a minute. Invoking
this endpoint will trigger the clean-up action, without waiting for the backend's periodic function.`,
  };
}

/** What a renewal of an AppRole token gets: the role's current TTLs. */
export interface ApproleRenewal {
  ttl: number;
  maxTtl: number;
  period: number;
}

/** V path_login.go pathLoginRenew: the role named at login must still exist. */
export async function renewLogin(ctx: ApproleContext, roleName: string): Promise<ApproleRenewal> {
  if (roleName === '') throw new GoError(500, ERR_APPROLE_RENEW_NO_ROLE_NAME);
  const role = await ctx.roles.get(roleName);
  if (role === undefined) throw new GoError(500, errApproleRenewRoleGone(roleName));
  return { ttl: role.token.tokenTtl, maxTtl: role.token.tokenMaxTtl, period: role.token.tokenPeriod };
}
