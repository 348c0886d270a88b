// The token store's role endpoints (V vault/token_store.go paths(): `roles/?$` first in the table,
// `roles/<role_name>` last, with tokenStoreRoleList, tokenStoreRoleRead,
// tokenStoreRoleCreateUpdate, tokenStoreRoleDelete and tokenStoreRoleExistenceCheck). Field
// descriptions are Vault's own; the role path carries the six token_* fields of
// tokenutil.AddTokenFieldsWithAllowList and, like Vault's, no help texts.
import { TOKEN_FIELDS } from '../framework/token-params.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../framework/types.js';
import { roleReadData, writeRole, type TokenRoleStore } from './token-roles.js';
import { genericNameRegex } from '../framework/pattern.js';

export interface TokenRoleContext {
  roles: TokenRoleStore;
  /** The token mount's max lease TTL in seconds (the system view's MaxLeaseTTL). */
  maxLeaseTtl: number;
}

/** framework.GenericNameRegex("role_name"). */
export const ROLE_NAME_PATTERN = genericNameRegex('role_name');

const ALLOWED_POLICIES_HELP = `If set, tokens can be created with any subset of the policies in this
list, rather than the normal semantics of tokens being a subset of the
calling token's policies. The parameter is a comma-delimited string of
policy names.`;
const DISALLOWED_POLICIES_HELP = `If set, successful token creation via this role will require that
no policies in the given list are requested. The parameter is a comma-delimited string of policy names.`;
const ALLOWED_POLICIES_GLOB_HELP = `If set, tokens can be created with any subset of glob matched policies in this
list, rather than the normal semantics of tokens being a subset of the
calling token's policies. The parameter is a comma-delimited string of
policy name globs.`;
const DISALLOWED_POLICIES_GLOB_HELP = `If set, successful token creation via this role will require that
no requested policies glob match any of policies in this list.
The parameter is a comma-delimited string of policy name globs.`;
const ORPHAN_HELP = `If true, tokens created via this role
will be orphan tokens (have no parent)`;
const PATH_SUFFIX_HELP = `If set, tokens created via this role
will contain the given suffix as a part of
their path. This can be used to assist use
of the 'revoke-prefix' endpoint later on.
The given suffix must match the regular
expression.`;
const RENEWABLE_HELP = `Tokens created via this role will be
renewable or not according to this value.
Defaults to "true".`;

const pick = (names: readonly string[]): FieldSchemas => Object.fromEntries(names.map((n) => [n, TOKEN_FIELDS[n]!]));

/** rolesPath.Fields plus AddTokenFieldsWithAllowList's six. */
const ROLE_FIELDS: FieldSchemas = {
  role_name: { type: 'string', description: 'Name of the role' },
  allowed_policies: { type: 'comma_string_slice', description: ALLOWED_POLICIES_HELP },
  disallowed_policies: { type: 'comma_string_slice', description: DISALLOWED_POLICIES_HELP },
  allowed_policies_glob: { type: 'comma_string_slice', description: ALLOWED_POLICIES_GLOB_HELP },
  disallowed_policies_glob: { type: 'comma_string_slice', description: DISALLOWED_POLICIES_GLOB_HELP },
  orphan: { type: 'bool', description: ORPHAN_HELP },
  period: { type: 'duration_second', description: "Use 'token_period' instead.", deprecated: true },
  path_suffix: { type: 'string', description: PATH_SUFFIX_HELP + '\\w[\\w-.]+\\w' },
  explicit_max_ttl: { type: 'duration_second', description: "Use 'token_explicit_max_ttl' instead.", deprecated: true },
  renewable: { type: 'bool', default: true, description: RENEWABLE_HELP },
  bound_cidrs: { type: 'comma_string_slice', description: "Use 'token_bound_cidrs' instead.", deprecated: true },
  allowed_entity_aliases: {
    type: 'comma_string_slice',
    description: 'String or JSON list of allowed entity aliases. If set, specifies the entity aliases which are allowed to be used during token generation. This field supports globbing.',
  },
  ...pick(['token_bound_cidrs', 'token_explicit_max_ttl', 'token_period', 'token_type', 'token_no_default_policy', 'token_num_uses']),
};

/** `roles/?$` (LIST): the role names; none → the empty list core answers 404 for. */
export function pathRoleList(ctx: () => TokenRoleContext): PathSpec {
  return {
    pattern: 'roles/?$',
    operations: { list: async () => ({ data: { keys: await ctx().roles.list() } }) },
    helpSynopsis: 'This endpoint lists configured roles.',
    helpDescription: 'This endpoint lists configured roles.',
  };
}

/** `roles/<role_name>`: read, create/update (existence-checked), delete. */
export function pathRole(ctx: () => TokenRoleContext): PathSpec {
  const write = async (req: FrameworkRequest, data: FieldData) => {
    const { roles, maxLeaseTtl } = ctx();
    const name = data.get<string>('role_name');
    const existing = await roles.get(name);
    const { role, warnings } = writeRole(name, existing, data, req.operation === 'create', maxLeaseTtl);
    await roles.put(role);
    return warnings.length > 0 ? { warnings } : null;
  };
  return {
    pattern: `roles/${ROLE_NAME_PATTERN}`,
    fields: ROLE_FIELDS,
    operations: {
      read: async (_req, data) => {
        const role = await ctx().roles.get(data.get<string>('role_name'));
        return role === undefined ? null : { data: roleReadData(role) };
      },
      create: write,
      update: write,
      delete: async (_req, data) => {
        await ctx().roles.delete(data.get<string>('role_name'));
        return null;
      },
    },
    existenceCheck: async (_req, data) => (await ctx().roles.get(data.get<string>('role_name'))) !== undefined,
  };
}
