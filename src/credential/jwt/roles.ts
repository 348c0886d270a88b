// `role/:name` (create/update with an existence check, read, delete) and `role` (LIST) of the
// JWT/OIDC auth method (JWT path_role.go pathRole, pathRoleList, pathRoleExistenceCheck,
// pathRoleCreateUpdate, pathRoleRead, pathRoleDelete, jwtRole). Names are lower-cased; `role_type`
// defaults to `oidc` on every write that omits it (also an update), as the plugin does; the
// token_* fields go through tokenutil and the six legacy aliases through UpgradeValue.
import {
  ERR_JWT_MISSING_ROLE_NAME, ERR_JWT_NO_BOUND_CONSTRAINT, ERR_JWT_REDIRECT_URIS_REQUIRED, ERR_JWT_TTL_OVER_MAX,
  ERR_JWT_USER_CLAIM_REQUIRED, WARN_JWT_TOKEN_MAX_TTL, WARN_JWT_VERBOSE_OIDC_LOGGING, errJwtClaimNotString,
  errJwtClaimNotStringOrList, errJwtDuplicateMapping, errJwtInvalidBoundClaimsType, errJwtInvalidRoleType,
  errJwtPeriodTooLong, errJwtReservedMetadata,
} from '../../errors/jwt.js';
import { VaultError } from '../../errors/vault-error.js';
import { goValue } from '../../go/fmt.js';
import {
  defaultTokenParams, fillTokenFromLegacy, legacyTokenFields, parseTokenFields, TOKEN_FIELDS, tokenDataForRead, upgradeLegacyTokenValues,
  type TokenParams,
} from '../../framework/token-params.js';
import type { FieldData, FieldSchemas, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import { formatGoDuration } from '../../go/time.js';
import { normalizeList } from './claims.js';
import { EntryStore, entryListPath, entryPath } from '../../framework/entry-store.js';
import { goMapOrder } from '../../go/object.js';
import { genericNameRegex } from '../../framework/pattern.js';

/** The stored role (jwtRole; durations in seconds; never-set lists and maps are null). */
export interface JwtRole {
  roleType: 'jwt' | 'oidc';
  token: TokenParams;
  policies: string[]; period: number; ttl: number; maxTtl: number; numUses: number; boundCidrs: string[];
  boundAudiences: string[] | null;
  boundSubject: string;
  boundClaimsType: 'string' | 'glob';
  boundClaims: Record<string, unknown> | null;
  claimMappings: Record<string, string> | null;
  userClaim: string;
  userClaimJsonPointer: boolean;
  groupsClaim: string;
  oidcScopes: string[] | null;
  allowedRedirectUris: string[] | null;
  verboseOidcLogging: boolean;
  maxAge: number;
  clockSkewLeeway: number;
  expirationLeeway: number;
  notBeforeLeeway: number;
}

function newRole(): JwtRole {
  return {
    roleType: 'oidc', token: defaultTokenParams(), policies: [], period: 0, ttl: 0, maxTtl: 0, numUses: 0, boundCidrs: [],
    boundAudiences: null, boundSubject: '', boundClaimsType: 'string', boundClaims: null, claimMappings: null, userClaim: '',
    userClaimJsonPointer: false, groupsClaim: '', oidcScopes: null, allowedRedirectUris: null, verboseOidcLogging: false,
    maxAge: 0, clockSkewLeeway: 0, expirationLeeway: 0, notBeforeLeeway: 0,
  };
}

/** JWT path_role.go role: stored under role/<name>, empty token_* values filled from the legacy ones. */
export class RoleStore extends EntryStore<JwtRole> {
  constructor(storage: () => Storage) {
    super(storage, { prefix: 'role/', defaults: newRole, onRead: fillTokenFromLegacy });
  }
}

export interface RoleContext {
  readonly roles: RoleStore;
  maxLeaseTtl(): number;
}

/** `role/` + framework.GenericNameRegex("name"). */
const NAME_PATTERN = genericNameRegex('name');

/** JWT path_role.go pathRole Fields (plus tokenutil.AddTokenFields). */
const ROLE_FIELDS: FieldSchemas = {
  name: { type: 'lowercase_string', description: 'Name of the role.' },
  role_type: { type: 'string', description: "Type of the role, either 'jwt' or 'oidc'." },
  ...legacyTokenFields(['policies', 'num_uses', 'ttl', 'max_ttl', 'period', 'bound_cidrs']),
  expiration_leeway: { type: 'signed_duration_second', default: 150, description: 'Duration in seconds of leeway when validating expiration of a token to account for clock skew. \nDefaults to 150 (2.5 minutes) if set to 0 and can be disabled if set to -1.' },
  not_before_leeway: { type: 'signed_duration_second', default: 150, description: 'Duration in seconds of leeway when validating not before values of a token to account for clock skew. \nDefaults to 150 (2.5 minutes) if set to 0 and can be disabled if set to -1.' },
  clock_skew_leeway: { type: 'signed_duration_second', default: 60, description: 'Duration in seconds of leeway when validating all claims to account for clock skew. \nDefaults to 60 (1 minute) if set to 0 and can be disabled if set to -1.' },
  bound_subject: { type: 'string', description: "The 'sub' claim that is valid for login. Optional." },
  bound_audiences: { type: 'comma_string_slice', description: "Comma-separated list of 'aud' claims that are valid for login; any match is sufficient" },
  bound_claims_type: { type: 'string', default: 'string', description: 'How to interpret values in the map of claims/values (which must match for login): allowed values are \'string\' or \'glob\'' },
  bound_claims: { type: 'map', description: 'Map of claims/values which must match for login' },
  claim_mappings: { type: 'kvpairs', description: 'Mappings of claims (key) that will be copied to a metadata field (value)' },
  user_claim: { type: 'string', description: 'The claim to use for the Identity entity alias name' },
  user_claim_json_pointer: { type: 'bool', description: 'If true, the user_claim value will use JSON pointer syntax \nfor referencing claims.' },
  groups_claim: { type: 'string', description: 'The claim to use for the Identity group alias names' },
  oidc_scopes: { type: 'comma_string_slice', description: 'Comma-separated list of OIDC scopes' },
  allowed_redirect_uris: { type: 'comma_string_slice', description: 'Comma-separated list of allowed values for redirect_uri' },
  verbose_oidc_logging: { type: 'bool', description: 'Log received OIDC tokens and claims when debug-level logging is active. \nNot recommended in production since sensitive information may be present \nin OIDC responses.' },
  max_age: { type: 'duration_second', description: 'Specifies the allowable elapsed time in seconds since the last time the \nuser was actively authenticated.' },
  ...TOKEN_FIELDS,
};

/** pathRoleCreateUpdate, checks in the plugin's order. */
async function pathRoleCreateUpdate(ctx: RoleContext, data: FieldData): Promise<LogicalResponse | null> {
  const name = data.get<string>('name');
  if (name === '') throw new VaultError(400, ERR_JWT_MISSING_ROLE_NAME);
  const existing = await ctx.roles.get(name);
  const role = existing ?? newRole();

  const roleType = data.get<string>('role_type') || 'oidc';
  if (roleType !== 'jwt' && roleType !== 'oidc') throw new VaultError(400, errJwtInvalidRoleType(roleType));
  role.roleType = roleType;

  role.token = parseTokenFields(data, role.token, existing === undefined);
  // tokenutil.UpgradeValue in the plugin's order.
  upgradeLegacyTokenValues(data, role, ['policies', 'bound_cidrs', 'num_uses', 'ttl', 'max_ttl', 'period']);

  const max = ctx.maxLeaseTtl();
  if (role.token.tokenPeriod > max) throw new VaultError(400, errJwtPeriodTooLong(formatGoDuration(role.token.tokenPeriod), formatGoDuration(max)));

  const set = <T>(field: string, apply: (v: T) => void) => {
    const v = data.getOk<T>(field);
    if (v.ok) apply(v.value);
  };
  set<number>('expiration_leeway', (v) => { role.expirationLeeway = v; });
  set<number>('not_before_leeway', (v) => { role.notBeforeLeeway = v; });
  set<number>('clock_skew_leeway', (v) => { role.clockSkewLeeway = v; });
  set<string[]>('bound_audiences', (v) => { role.boundAudiences = [...v]; });
  set<string>('bound_subject', (v) => { role.boundSubject = v; });
  set<boolean>('verbose_oidc_logging', (v) => { role.verboseOidcLogging = v; });
  set<number>('max_age', (v) => { role.maxAge = v; });

  // Read with its default, so a write without it sets `string` again (as the plugin does).
  const claimsType = data.get<string>('bound_claims_type');
  if (claimsType !== 'string' && claimsType !== 'glob') throw new VaultError(400, errJwtInvalidBoundClaimsType(claimsType));
  role.boundClaimsType = claimsType;
  const boundClaims = data.getOk<Record<string, unknown> | null>('bound_claims');
  if (boundClaims.ok) {
    role.boundClaims = boundClaims.value === null ? null : { ...boundClaims.value };
    if (claimsType === 'glob') {
      for (const value of Object.values(role.boundClaims ?? {})) {
        const list = normalizeList(value);
        if (list === undefined) throw new VaultError(400, errJwtClaimNotStringOrList(goValue(value)));
        for (const item of list) if (typeof item !== 'string') throw new VaultError(400, errJwtClaimNotString(goValue(item)));
      }
    }
  }
  const mappings = data.getOk<Record<string, string> | null>('claim_mappings');
  if (mappings.ok) {
    const targets = new Set<string>();
    for (const key of Object.values(mappings.value ?? {})) {
      if (key === 'role') throw new VaultError(400, errJwtReservedMetadata(key));
      if (targets.has(key)) throw new VaultError(400, errJwtDuplicateMapping(key));
      targets.add(key);
    }
    role.claimMappings = mappings.value === null ? null : { ...mappings.value };
  }
  set<string>('user_claim', (v) => { role.userClaim = v; });
  if (role.userClaim === '') throw new VaultError(400, ERR_JWT_USER_CLAIM_REQUIRED);
  set<boolean>('user_claim_json_pointer', (v) => { role.userClaimJsonPointer = v; });
  set<string>('groups_claim', (v) => { role.groupsClaim = v; });
  set<string[]>('oidc_scopes', (v) => { role.oidcScopes = [...v]; });
  set<string[]>('allowed_redirect_uris', (v) => { role.allowedRedirectUris = [...v]; });

  if (role.roleType === 'oidc' && (role.allowedRedirectUris ?? []).length === 0) throw new VaultError(400, ERR_JWT_REDIRECT_URIS_REQUIRED);
  if (role.roleType !== 'oidc' && (role.boundAudiences ?? []).length === 0 && role.token.tokenBoundCidrs.length === 0
    && role.boundSubject === '' && Object.keys(role.boundClaims ?? {}).length === 0) {
    throw new VaultError(400, ERR_JWT_NO_BOUND_CONSTRAINT);
  }
  if (role.token.tokenMaxTtl > 0 && role.token.tokenTtl > role.token.tokenMaxTtl) throw new VaultError(400, ERR_JWT_TTL_OVER_MAX);

  const warnings: string[] = [];
  if (role.token.tokenMaxTtl > max) warnings.push(WARN_JWT_TOKEN_MAX_TTL);
  if (role.verboseOidcLogging) warnings.push(WARN_JWT_VERBOSE_OIDC_LOGGING);
  await ctx.roles.put(name, role);
  return warnings.length > 0 ? { warnings } : null;
}

/** pathRoleRead: Go map order (sorted keys); legacy keys only when their value is set. */
async function pathRoleRead(ctx: RoleContext, data: FieldData): Promise<LogicalResponse | null> {
  const role = await ctx.roles.get(data.get<string>('name'));
  if (role === undefined) return null;
  const out: Record<string, unknown> = {
    role_type: role.roleType,
    bound_audiences: role.boundAudiences,
    bound_subject: role.boundSubject,
    bound_claims_type: role.boundClaimsType,
    bound_claims: role.boundClaims,
    claim_mappings: role.claimMappings,
    user_claim: role.userClaim,
    user_claim_json_pointer: role.userClaimJsonPointer,
    groups_claim: role.groupsClaim,
    oidc_scopes: role.oidcScopes,
    allowed_redirect_uris: role.allowedRedirectUris,
    verbose_oidc_logging: role.verboseOidcLogging,
    max_age: role.maxAge,
    expiration_leeway: role.expirationLeeway,
    not_before_leeway: role.notBeforeLeeway,
    clock_skew_leeway: role.clockSkewLeeway,
    ...tokenDataForRead(role.token),
  };
  if (role.policies.length > 0) out.policies = out.token_policies;
  if (role.boundCidrs.length > 0) out.bound_cidrs = out.token_bound_cidrs;
  if (role.numUses > 0) out.num_uses = role.token.tokenNumUses;
  if (role.ttl > 0) out.ttl = role.token.tokenTtl;
  if (role.maxTtl > 0) out.max_ttl = role.token.tokenMaxTtl;
  if (role.period > 0) out.period = role.token.tokenPeriod;
  return { data: goMapOrder(out) };
}

export function pathRole(ctx: () => RoleContext): PathSpec {
  return entryPath({
    pattern: `role/${NAME_PATTERN}`,
    fields: ROLE_FIELDS,
    store: () => ctx().roles,
    write: (data) => pathRoleCreateUpdate(ctx(), data),
    read: (data) => pathRoleRead(ctx(), data),
    summary: { write: 'Register an role with the backend.', read: 'Read an existing role.', delete: 'Delete an existing role.' },
    helpSynopsis: 'Register an role with the backend.',
    helpDescription: `A role is required to authenticate with this backend. The role binds
		JWT token information with token policies and settings.
		The bindings, token polices and token settings can all be configured
		using this endpoint`,
  });
}

export function pathRoleList(ctx: () => RoleContext): PathSpec {
  return entryListPath('role/?', () => ctx().roles, 'Lists all the roles registered with the backend.', 'The list will contain the names of the roles.');
}
