// `users/` (LIST) and `users/:username` (create/update with an existence check, read, delete):
// V builtin/credential/userpass/path_users.go pathUsersList, pathUsers, userExistenceCheck,
// pathUserWrite, userCreateUpdate, pathUserRead, pathUserDelete. The name is lower-cased for
// every operation here. A write checks the password fields, parses the token_* fields over the
// stored entry, hashes the password, then applies the legacy aliases (policies, ttl, max_ttl,
// bound_cidrs) with tokenutil.UpgradeValue; a read shows the nine token_* keys plus each legacy
// key that is set, never the password.
import { GoError, VaultError } from '../../errors/vault-error.js';
import { ERR_USERPASS_PASSWORD_AND_HASH, ERR_USERPASS_PASSWORD_REQUIRED } from '../../errors/userpass.js';
import { goStringCompare as compareGoStrings, goToLower } from '../../go/strings.js';
import {
  legacyTokenFields, parseTokenFields, TOKEN_FIELDS, tokenDataForRead, upgradeLegacyValue,
} from '../../framework/token-params.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import {
  PASSWORD_FIELD, PASSWORD_HASH_FIELD, updateUserPassword, USERNAME_FIELD, USERNAME_PATTERN, type UserpassContext,
} from './password.js';
import { newUserEntry } from './store.js';

const SYNOPSIS = 'Manage users allowed to authenticate.';
const DESCRIPTION = `This endpoint allows you to create, read, update, and delete users
that are allowed to authenticate.

Deleting a user will not revoke auth for prior authenticated users
with that name. To do this, do a revoke on "login/<username>" for
the username you want revoked. If you don't need to revoke login immediately,
then the next renew will cause the lease to expire.`;

/** V path_users.go pathUsers Fields, plus tokenutil.AddTokenFields. */
const USER_FIELDS: FieldSchemas = {
  username: USERNAME_FIELD,
  password: PASSWORD_FIELD,
  password_hash: PASSWORD_HASH_FIELD,
  ...legacyTokenFields(['policies', 'ttl', 'max_ttl', 'bound_cidrs']),
  ...TOKEN_FIELDS,
};

/** A Go map[string]interface{} as JSON: keys sorted. */
function sortedKeys(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(data).sort(compareGoStrings)) out[k] = data[k];
  return out;
}

/** V path_users.go userCreateUpdate (after pathUserWrite's password checks). */
async function userCreateUpdate(ctx: UserpassContext, data: FieldData): Promise<null> {
  const { store, random } = ctx;
  const username = goToLower(data.get<string>('username'));
  const existing = await store.get(username);
  // Existence check aside, a missing entry starts from Go's zero UserEntry.
  const user = existing ?? newUserEntry();
  user.token = parseTokenFields(data, user.token, existing === undefined);

  if (data.get<string>('password') !== '' || data.get<string>('password_hash') !== '') {
    const internal = await updateUserPassword(data, user, random);
    if (internal !== undefined) throw new GoError(500, internal.message);
  }

  // tokenutil.UpgradeValue for each legacy alias, in Vault's order.
  const policies = upgradeLegacyValue(data, 'policies', user.policies, user.token.tokenPolicies);
  [user.policies, user.token.tokenPolicies] = [policies.legacy, policies.value];
  const ttl = upgradeLegacyValue(data, 'ttl', user.ttl, user.token.tokenTtl);
  [user.ttl, user.token.tokenTtl] = [ttl.legacy, ttl.value];
  const maxTtl = upgradeLegacyValue(data, 'max_ttl', user.maxTtl, user.token.tokenMaxTtl);
  [user.maxTtl, user.token.tokenMaxTtl] = [maxTtl.legacy, maxTtl.value];
  const cidrs = upgradeLegacyValue(data, 'bound_cidrs', user.boundCidrs, user.token.tokenBoundCidrs);
  [user.boundCidrs, user.token.tokenBoundCidrs] = [cidrs.legacy, cidrs.value];

  await store.put(username, user);
  return null;
}

/** V path_users.go pathUserWrite: the password fields are checked before anything is parsed. */
async function pathUserWrite(ctx: UserpassContext, req: FrameworkRequest, data: FieldData): Promise<null> {
  const password = data.get<string>('password');
  const passwordHash = data.get<string>('password_hash');
  if (password !== '' && passwordHash !== '') throw new VaultError(400, ERR_USERPASS_PASSWORD_AND_HASH);
  // Only a create must carry a password; an update without one keeps the stored hash.
  if (password === '' && passwordHash === '' && req.operation === 'create') throw new VaultError(400, ERR_USERPASS_PASSWORD_REQUIRED);
  return userCreateUpdate(ctx, data);
}

/** V path_users.go pathUserRead. */
async function pathUserRead(ctx: UserpassContext, data: FieldData): Promise<LogicalResponse | null> {
  const user = await ctx.store.get(goToLower(data.get<string>('username')));
  if (user === undefined) return null;
  const out = tokenDataForRead(user.token);
  // Backwards-compatible keys, only where the legacy value is set.
  if (user.ttl > 0) out.ttl = user.ttl;
  if (user.maxTtl > 0) out.max_ttl = user.maxTtl;
  if (user.policies.length > 0) out.policies = out.token_policies;
  if (user.boundCidrs.length > 0) out.bound_cidrs = [...user.boundCidrs];
  return { data: sortedKeys(out) };
}

export function pathUsers(ctx: () => UserpassContext): PathSpec {
  const write = (req: FrameworkRequest, data: FieldData) => pathUserWrite(ctx(), req, data);
  return {
    pattern: `users/${USERNAME_PATTERN}`,
    fields: USER_FIELDS,
    operations: {
      delete: async (_req, data) => {
        await ctx().store.delete(goToLower(data.get<string>('username')));
        return null;
      },
      read: (_req, data) => pathUserRead(ctx(), data),
      update: write,
      create: write,
    },
    // V path_users.go userExistenceCheck
    existenceCheck: async (_req, data) => (await ctx().store.get(data.get<string>('username'))) !== undefined,
    helpSynopsis: SYNOPSIS,
    helpDescription: DESCRIPTION,
  };
}

export function pathUsersList(ctx: () => UserpassContext): PathSpec {
  return {
    pattern: 'users/?',
    operations: {
      // V path_users.go pathUserList: the stored names as they are (see the password path quirk).
      list: async () => ({ data: { keys: await ctx().store.list() } }),
    },
    helpSynopsis: SYNOPSIS,
    helpDescription: DESCRIPTION,
  };
}
