// `role/:name` (create/update with an existence check, read, delete) and `role` (LIST) of the
// Kubernetes auth method (K8S path_role.go pathsRole, pathRoleExistenceCheck, pathRoleCreateUpdate,
// pathRoleRead, pathRoleDelete, roleStorageEntry; backend.go role). Names are stored lower-cased;
// names, namespaces, audience and alias source keep their stored values on an update that omits
// them, the namespace selector is always taken from the request (omitting it clears it).
import {
  ERR_K8S_INVALID_ALIAS_SOURCE, ERR_K8S_INVALID_SELECTOR, ERR_K8S_MIX_STAR, ERR_K8S_NAMES_EMPTY, ERR_K8S_NAMESPACES_EMPTY,
  ERR_K8S_TTL_OVER_MAX, errK8sPeriodTooLong, WARN_K8S_MAX_TTL,
} from '../../errors/kubernetes.js';
import { VaultError } from '../../errors/vault-error.js';
import {
  defaultTokenParams, fillTokenFromLegacy, legacyTokenFields, parseTokenFields, TOKEN_FIELDS, tokenDataForRead, upgradeLegacyTokenValues,
  type TokenParams,
} from '../../framework/token-params.js';
import type { FieldData, FieldSchemas, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import { formatGoDuration } from '../../go/time.js';
import { parseNamespaceSelector } from './selector.js';
import { EntryStore, entryListPath, entryPath } from '../../framework/entry-store.js';
import { goMapOrder } from '../../go/object.js';
import { genericNameRegex } from '../../framework/pattern.js';

const ALIAS_SOURCE_UID = 'serviceaccount_uid';
export const ALIAS_SOURCE_NAME = 'serviceaccount_name';

/** roleStorageEntry (durations in seconds; never-set lists are null). */
export interface KubeRole {
  token: TokenParams;
  names: string[] | null;
  namespaces: string[] | null;
  namespaceSelector: string;
  audience: string;
  aliasNameSource: string;
  policies: string[]; numUses: number; ttl: number; maxTtl: number; period: number; boundCidrs: string[];
}

function newRole(): KubeRole {
  return {
    token: defaultTokenParams(), names: null, namespaces: null, namespaceSelector: '', audience: '', aliasNameSource: '',
    policies: [], numUses: 0, ttl: 0, maxTtl: 0, period: 0, boundCidrs: [],
  };
}

/** backend.go role: stored under role/<lower-cased name>, empty token_* values filled from the legacy ones. */
export class RoleStore extends EntryStore<KubeRole> {
  constructor(storage: () => Storage) {
    super(storage, { prefix: 'role/', defaults: newRole, onRead: fillTokenFromLegacy, lowerCase: true });
  }
}

export interface RoleContext {
  readonly roles: RoleStore;
  maxLeaseTtl(): number;
}

/** `role/` + framework.GenericNameRegex("name"). */
const NAME_PATTERN = genericNameRegex('name');

/** K8S path_role.go pathsRole Fields (plus tokenutil.AddTokenFields). */
const ROLE_FIELDS: FieldSchemas = {
  name: { type: 'string', description: 'Name of the role.' },
  bound_service_account_names: { type: 'comma_string_slice', description: 'List of service account names able to access this role. If set to "*" all names\nare allowed.' },
  bound_service_account_namespaces: { type: 'comma_string_slice', description: 'List of namespaces allowed to access this role. If set to "*" all namespaces\nare allowed.' },
  bound_service_account_namespace_selector: { type: 'string', description: 'A label selector for Kubernetes namespaces which are allowed to access this role.\nAccepts either a JSON or YAML object. If set with bound_service_account_namespaces,\nthe conditions are ORed.' },
  audience: { type: 'string', description: 'Optional Audience claim to verify in the jwt.' },
  alias_name_source: {
    type: 'string', default: ALIAS_SOURCE_UID,
    description: `Source to use when deriving the Alias name.\nvalid choices:\n\t"${ALIAS_SOURCE_UID}" : <token.uid> e.g. 474b11b5-0f20-4f9d-8ca5-65715ab325e0 (most secure choice)\n\t"${ALIAS_SOURCE_NAME}" : <namespace>/<serviceaccount> e.g. vault/vault-agent\ndefault: "${ALIAS_SOURCE_UID}"\n`,
  },
  ...legacyTokenFields(['policies', 'num_uses', 'ttl', 'max_ttl', 'period', 'bound_cidrs']),
  ...TOKEN_FIELDS,
};

/** pathRoleCreateUpdate, checks in the plugin's order; nothing is stored unless all pass. */
async function pathRoleCreateUpdate(ctx: RoleContext, data: FieldData): Promise<LogicalResponse | null> {
  const name = data.get<string>('name');
  const existing = await ctx.roles.get(name);
  const isCreate = existing === undefined;
  const role = existing ?? newRole();

  role.token = parseTokenFields(data, role.token, isCreate);
  upgradeLegacyTokenValues(data, role, ['policies', 'bound_cidrs', 'num_uses', 'ttl', 'max_ttl', 'period']);

  const max = ctx.maxLeaseTtl();
  if (role.token.tokenPeriod > max) throw new VaultError(400, errK8sPeriodTooLong(formatGoDuration(role.token.tokenPeriod), formatGoDuration(max)));
  if (role.token.tokenMaxTtl > 0 && role.token.tokenTtl > role.token.tokenMaxTtl) throw new VaultError(400, ERR_K8S_TTL_OVER_MAX);
  const warnings = role.token.tokenMaxTtl > max ? [WARN_K8S_MAX_TTL] : [];

  const names = data.getOk<string[]>('bound_service_account_names');
  if (names.ok || isCreate) role.names = [...names.value];
  if ((role.names ?? []).length === 0) throw new VaultError(400, ERR_K8S_NAMES_EMPTY);
  if (role.names!.length > 1 && role.names!.includes('*')) throw new VaultError(400, ERR_K8S_MIX_STAR);

  const namespaces = data.getOk<string[]>('bound_service_account_namespaces');
  if (namespaces.ok) role.namespaces = [...namespaces.value];
  role.namespaceSelector = data.get<string>('bound_service_account_namespace_selector');
  const nsCount = (role.namespaces ?? []).length;
  if (nsCount === 0 && role.namespaceSelector === '') throw new VaultError(400, ERR_K8S_NAMESPACES_EMPTY);
  if (role.namespaceSelector !== '') {
    try {
      parseNamespaceSelector(role.namespaceSelector);
    } catch {
      throw new VaultError(400, ERR_K8S_INVALID_SELECTOR);
    }
  }
  if (nsCount > 1 && role.namespaces!.includes('*')) throw new VaultError(400, ERR_K8S_MIX_STAR);

  const audience = data.getOk<string>('audience');
  if (audience.ok) role.audience = audience.value;

  // An empty source sent to a role that has none yet means the default, as the plugin migrates it.
  const source = data.getOk<string>('alias_name_source');
  if (source.ok) role.aliasNameSource = role.aliasNameSource === '' && source.value === '' ? ALIAS_SOURCE_UID : source.value;
  else if (role.aliasNameSource === '') role.aliasNameSource = data.get<string>('alias_name_source');
  if (role.aliasNameSource !== ALIAS_SOURCE_UID && role.aliasNameSource !== ALIAS_SOURCE_NAME) {
    throw new VaultError(400, ERR_K8S_INVALID_ALIAS_SOURCE);
  }

  await ctx.roles.put(name, role);
  return warnings.length > 0 ? { warnings } : null;
}

/** pathRoleRead: Go map order (sorted keys); legacy keys only when their value is set. */
async function pathRoleRead(ctx: RoleContext, data: FieldData): Promise<LogicalResponse | null> {
  const role = await ctx.roles.get(data.get<string>('name'));
  if (role === undefined) return null;
  const out: Record<string, unknown> = {
    bound_service_account_names: role.names,
    bound_service_account_namespaces: role.namespaces,
    bound_service_account_namespace_selector: role.namespaceSelector,
    ...tokenDataForRead(role.token),
    alias_name_source: role.aliasNameSource,
  };
  if (role.audience !== '') out.audience = role.audience;
  if (role.policies.length > 0) out.policies = out.token_policies;
  if (role.boundCidrs.length > 0) out.bound_cidrs = out.token_bound_cidrs;
  if (role.ttl > 0) out.ttl = role.ttl;
  if (role.maxTtl > 0) out.max_ttl = role.maxTtl;
  if (role.period > 0) out.period = role.period;
  if (role.numUses > 0) out.num_uses = role.numUses;
  return { data: goMapOrder(out) };
}

const ROLE_HELP = `A role is required to authenticate with this backend. The role binds
		kubernetes service account metadata with token policies and settings.
		The bindings, token polices and token settings can all be configured
		using this endpoint`;

export function pathRole(ctx: () => RoleContext): PathSpec {
  return entryPath({
    pattern: `role/${NAME_PATTERN}`,
    fields: ROLE_FIELDS,
    store: () => ctx().roles,
    write: (data) => pathRoleCreateUpdate(ctx(), data),
    read: (data) => pathRoleRead(ctx(), data),
    // the plugin gives all four operations the write's summary
    summary: { write: 'Register an role with the backend.', read: 'Register an role with the backend.', delete: 'Register an role with the backend.' },
    helpSynopsis: 'Register an role with the backend.',
    helpDescription: ROLE_HELP,
  });
}

export function pathRoleList(ctx: () => RoleContext): PathSpec {
  return entryListPath('role/?', () => ctx().roles, 'Lists all the roles registered with the backend.', 'The list will contain the names of the roles.');
}
