// `role` (LIST), `role/:role_name` (create/update with an existence check, read, delete) and
// `role/:role_name/role-id` (V builtin/credential/approle/path_role.go pathRoleList,
// pathRoleExistenceCheck, pathRoleCreateUpdate, pathRoleRead, pathRoleDelete, pathRoleRoleIDRead,
// pathRoleRoleIDUpdate). New roles are stored lower-cased and flagged so; on update only the sent
// fields change; the token_* fields go through tokenutil, the legacy `policies`/`period` through
// UpgradeValue; the role-id index is kept unique by setRoleEntry.
import {
  ERR_APPROLE_INVALID_ROLE_ID, ERR_APPROLE_LOCAL_SECRET_IDS_UPDATE, ERR_APPROLE_ROLE_NAME_TOO_LONG,
  ERR_APPROLE_SECRET_ID_NUM_USES_NEGATIVE, errApprolePeriodTooLong, errApproleMissingField, WARN_APPROLE_DEFAULT_BATCH,
  WARN_APPROLE_DEFAULT_SERVICE, WARN_APPROLE_NO_CONSTRAINTS, WARN_APPROLE_TOKEN_MAX_TTL,
} from '../../errors/approle.js';
import { ERR_UNSUPPORTED_PATH } from '../../errors/core.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import { createFieldData } from '../../framework/field-data.js';
import { goToLower } from '../../go/strings.js';
import {
  legacyTokenFields, parseTokenFields, TOKEN_FIELDS, tokenDataForRead, upgradeLegacyValue,
} from '../../framework/token-params.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { formatGoDuration } from '../../go/time.js';
import { hasConstraint, ROLE_NAME_FIELD, ROLE_NAME_PATTERN, setRoleEntry, type ApproleContext } from './context.js';
import { requireCidrs } from './secrets.js';
import { newRoleEntry, SECRET_ID_LOCAL_PREFIX } from './store.js';
import { goMapOrder } from '../../go/object.js';

const ROLE_HELP = `A role can represent a service, a machine or anything that can be IDed.
The set of policies on the role defines access to the role, meaning, any
Vault token with a policy set that is a superset of the policies on the
role registered here will have access to the role. If a SecretID is desired
to be generated against only this specific role, it can be done via
'role/<role_name>/secret-id' and 'role/<role_name>/custom-secret-id' endpoints.
The properties of the SecretID created against the role and the properties
of the token issued with the SecretID generated against the role, can be
configured using the fields of this endpoint.`;

/** V path_role.go rolePaths, the `role/<role_name>` Fields plus tokenutil.AddTokenFields. */
const ROLE_FIELDS: FieldSchemas = {
  role_name: ROLE_NAME_FIELD,
  bind_secret_id: { type: 'bool', default: true, description: "Impose secret_id to be presented when logging in using this role. Defaults to 'true'." },
  bound_cidr_list: { type: 'comma_string_slice', description: 'Use "secret_id_bound_cidrs" instead.', deprecated: true },
  secret_id_bound_cidrs: {
    type: 'comma_string_slice',
    description: 'Comma separated string or list of CIDR blocks. If set, specifies the blocks of\nIP addresses which can perform the login operation.',
  },
  ...legacyTokenFields(['policies', 'period']),
  secret_id_num_uses: {
    type: 'int',
    description: 'Number of times a SecretID can access the role, after which the SecretID\nwill expire. Defaults to 0 meaning that the the secret_id is of unlimited use.',
  },
  secret_id_ttl: { type: 'duration_second', description: 'Duration in seconds after which the issued SecretID should expire. Defaults\nto 0, meaning no expiration.' },
  role_id: { type: 'string', description: 'Identifier of the role. Defaults to a UUID.' },
  local_secret_ids: {
    type: 'bool',
    description: "If set, the secret IDs generated using this role will be cluster local. This\ncan only be set during role creation and once set, it can't be reset later.",
  },
  ...TOKEN_FIELDS,
};

/** A Go map as JSON: keys sorted. */
export function sortedData(data: Record<string, unknown>): Record<string, unknown> {
  return goMapOrder(data);
}

/** pathRoleCreateUpdate. */
async function pathRoleCreateUpdate(ctx: ApproleContext, req: FrameworkRequest, given: FieldData): Promise<LogicalResponse | null> {
  const roleName = given.get<string>('role_name');
  if (Buffer.byteLength(roleName, 'utf8') > 4096) throw new VaultError(400, ERR_APPROLE_ROLE_NAME_TOO_LONG);
  const isCreate = req.operation === 'create';
  let role = await ctx.roles.get(roleName);
  const existed = role !== undefined;
  if (role === undefined) {
    if (!isCreate) throw new GoError(404, ERR_UNSUPPORTED_PATH);
    role = newRoleEntry(roleName, ctx.roles.uuid());
  }

  // The backwards-compatible token_type spellings, rewritten in the raw data before parsing.
  const warnings: string[] = [];
  let data = given;
  const rawType = given.raw.token_type;
  if (rawType === 'default-service' || rawType === 'default-batch') {
    const to = rawType === 'default-service' ? 'service' : 'batch';
    warnings.push(to === 'service' ? WARN_APPROLE_DEFAULT_SERVICE : WARN_APPROLE_DEFAULT_BATCH);
    data = createFieldData({ ...given.raw, token_type: to }, given.schema);
  }
  role.token = parseTokenFields(data, role.token, !existed);

  const local = data.getOk<boolean>('local_secret_ids');
  if (local.ok) {
    if (!isCreate) throw new VaultError(400, ERR_APPROLE_LOCAL_SECRET_IDS_UPDATE);
    if (local.value) role.secretIdPrefix = SECRET_ID_LOCAL_PREFIX;
  }

  const previousRoleId = role.roleId;
  const roleId = data.getOk<string>('role_id');
  if (roleId.ok) role.roleId = roleId.value;
  else if (isCreate) role.roleId = ctx.roles.uuid();
  if (role.roleId === '') throw new VaultError(400, ERR_APPROLE_INVALID_ROLE_ID);

  const bind = data.getOk<boolean>('bind_secret_id');
  if (bind.ok) role.bindSecretId = bind.value;
  else if (isCreate) role.bindSecretId = data.get<boolean>('bind_secret_id');

  const cidrs = data.getFirst<string[]>('secret_id_bound_cidrs', 'bound_cidr_list');
  if (cidrs.ok) role.secretIdBoundCidrs = [...cidrs.value];
  requireCidrs(role.secretIdBoundCidrs ?? []);

  const numUses = data.getOk<number>('secret_id_num_uses');
  if (numUses.ok) role.secretIdNumUses = numUses.value;
  else if (isCreate) role.secretIdNumUses = data.get<number>('secret_id_num_uses');
  if (role.secretIdNumUses < 0) throw new VaultError(400, ERR_APPROLE_SECRET_ID_NUM_USES_NEGATIVE);

  const ttl = data.getOk<number>('secret_id_ttl');
  if (ttl.ok) role.secretIdTtl = ttl.value;
  else if (isCreate) role.secretIdTtl = data.get<number>('secret_id_ttl');

  const policies = upgradeLegacyValue(data, 'policies', role.policies, role.token.tokenPolicies);
  [role.policies, role.token.tokenPolicies] = [policies.legacy, policies.value];
  const period = upgradeLegacyValue(data, 'period', role.period, role.token.tokenPeriod);
  [role.period, role.token.tokenPeriod] = [period.legacy, period.value];

  const max = ctx.maxLeaseTtl();
  if (role.period > max) throw new VaultError(400, errApprolePeriodTooLong(formatGoDuration(role.period), formatGoDuration(max)));
  if (role.token.tokenMaxTtl > max) warnings.push(WARN_APPROLE_TOKEN_MAX_TTL);

  await setRoleEntry(ctx, role, previousRoleId);
  return warnings.length > 0 ? { warnings } : null;
}

/** pathRoleRead (re-creating a lost role-id index with Vault's warning). */
async function pathRoleRead(ctx: ApproleContext, data: FieldData): Promise<LogicalResponse | null> {
  const role = await ctx.roles.get(data.get<string>('role_name'));
  if (role === undefined) return null;
  const out: Record<string, unknown> = {
    bind_secret_id: role.bindSecretId,
    secret_id_bound_cidrs: role.secretIdBoundCidrs === null ? null : [...role.secretIdBoundCidrs],
    secret_id_num_uses: role.secretIdNumUses,
    secret_id_ttl: role.secretIdTtl,
    local_secret_ids: role.secretIdPrefix === SECRET_ID_LOCAL_PREFIX,
    ...tokenDataForRead(role.token),
  };
  if (role.period !== 0) out.period = role.period;
  if (role.policies.length > 0) out.policies = [...role.policies];
  const warnings: string[] = [];
  if (!hasConstraint(role)) warnings.push(WARN_APPROLE_NO_CONSTRAINTS);
  if ((await ctx.roles.roleIdEntry(role.roleId)) === undefined) {
    await ctx.roles.setRoleIdEntry(role.roleId, role.name);
    warnings.push('Role identifier was missing an index back to role name. A new index has been added. Please report this observation.');
  }
  return warnings.length > 0 ? { data: sortedData(out), warnings } : { data: sortedData(out) };
}

/** pathRoleDelete: the role's secret IDs, its role-id index, then the role. */
async function pathRoleDelete(ctx: ApproleContext, data: FieldData): Promise<null> {
  const role = await ctx.roles.get(data.get<string>('role_name'));
  if (role === undefined) return null;
  await ctx.secrets.flush(role);
  await ctx.roles.deleteRoleIdEntry(role.roleId);
  await ctx.roles.deleteRole(role.name);
  return null;
}

export function pathRole(ctx: () => ApproleContext): PathSpec {
  const write = (req: FrameworkRequest, data: FieldData) => pathRoleCreateUpdate(ctx(), req, data);
  return {
    pattern: `role/${ROLE_NAME_PATTERN}`,
    fields: ROLE_FIELDS,
    operations: {
      create: write,
      update: write,
      read: (_req, data) => pathRoleRead(ctx(), data),
      delete: (_req, data) => pathRoleDelete(ctx(), data),
    },
    // pathRoleExistenceCheck (the name lower-cased).
    existenceCheck: async (_req, data) => (await ctx().roles.get(goToLower(data.get<string>('role_name')))) !== undefined,
    helpSynopsis: 'Register an role with the backend.',
    helpDescription: ROLE_HELP,
  };
}

export function pathRoleList(ctx: () => ApproleContext): PathSpec {
  return {
    pattern: 'role/?',
    operations: { list: async () => ({ data: { keys: await ctx().roles.list() } }) },
    helpSynopsis: 'Lists all the roles registered with the backend.',
    helpDescription: 'The list will contain the names of the roles.',
  };
}

export function pathRoleId(ctx: () => ApproleContext): PathSpec {
  return {
    pattern: `role/${ROLE_NAME_PATTERN}/role-id$`,
    fields: { role_name: ROLE_NAME_FIELD, role_id: { type: 'string', description: 'Identifier of the role. Defaults to a UUID.' } },
    operations: {
      read: async (_req, data) => {
        const role = await ctx().roles.get(data.get<string>('role_name'));
        return role === undefined ? null : { data: { role_id: role.roleId } };
      },
      update: async (_req, data) => {
        const role = await ctx().roles.get(data.get<string>('role_name'));
        if (role === undefined) throw new GoError(404, ERR_UNSUPPORTED_PATH);
        const previous = role.roleId;
        role.roleId = data.get<string>('role_id');
        if (role.roleId === '') throw new VaultError(400, errApproleMissingField('role_id'));
        await setRoleEntry(ctx(), role, previous);
        return null;
      },
    },
    helpSynopsis: "Returns the 'role_id' of the role.",
    helpDescription: `If login is performed from an role, then its 'role_id' should be presented
as a credential during the login. This 'role_id' can be retrieved using
this endpoint.`,
  };
}
