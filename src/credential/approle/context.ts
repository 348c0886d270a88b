// What every AppRole path needs from its mount, and the two helpers Vault's role paths share:
// setRoleEntry (V builtin/credential/approle/path_role.go setRoleEntry, validateRoleConstraints)
// and the generic role-name capture (sdk/framework GenericNameRegex("role_name")).
import { ERR_APPROLE_NO_CONSTRAINT, ERR_APPROLE_ROLE_ID_IN_USE } from '../../errors/approle.js';
import { GoError } from '../../errors/vault-error.js';
import type { Clock } from '../../util/clock.js';
import type { SecretIdStore } from './secrets.js';
import type { RoleEntry, RoleStore } from './store.js';
import { genericNameRegex } from '../../framework/pattern.js';

export interface ApproleContext {
  readonly roles: RoleStore;
  readonly secrets: SecretIdStore;
  readonly clock: Clock;
  /** SystemView MaxLeaseTTL of the mount, seconds. */
  maxLeaseTtl(): number;
  /** tidySecretIDCASGuard. */
  tidyRunning: boolean;
}

export const ROLE_NAME_PATTERN = genericNameRegex('role_name');
export const ROLE_NAME_FIELD = { type: 'string', description: 'Name of the role. Must be less than 4096 bytes.' } as const;

/** validateRoleConstraints: bind_secret_id, or some secret-ID or token CIDR binding. */
export function hasConstraint(role: RoleEntry): boolean {
  return role.bindSecretId || (role.secretIdBoundCidrs?.length ?? 0) > 0 || role.token.tokenBoundCidrs.length > 0;
}

/**
 * setRoleEntry: the constraint check, then the role-id index (another role's id is refused; a
 * changed id drops the old index), then the role, then the new index.
 */
export async function setRoleEntry(ctx: ApproleContext, role: RoleEntry, previousRoleId: string): Promise<void> {
  if (!hasConstraint(role)) throw new GoError(500, ERR_APPROLE_NO_CONSTRAINT);
  const owner = await ctx.roles.roleIdEntry(role.roleId);
  if (owner !== undefined && owner !== role.name) throw new GoError(500, ERR_APPROLE_ROLE_ID_IN_USE);
  if (previousRoleId !== '' && previousRoleId !== role.roleId) await ctx.roles.deleteRoleIdEntry(previousRoleId);
  await ctx.roles.putRole(role.name, role);
  if (previousRoleId !== '' && previousRoleId === role.roleId) return;
  await ctx.roles.setRoleIdEntry(role.roleId, role.name);
}
