// POST auth/token/create and create-orphan (V vault/token_store.go handleCreateCommon), with its
// checks in Vault's order: the caller (parent) must be a live service token without a use limit;
// `id`, `no_parent`, a non-zero `period` and policies outside the parent's need sudo on the
// request path; `root` needs a root parent; TTLs go through CalculateTTL. The token is stored with
// its lease and the response carries the `auth` block and Vault's warnings. A create against a
// token role (auth/token/create/<role>) takes the role's token type, renewability, use limit,
// path suffix, orphan flag, bound CIDRs, policy lists (token-roles.ts rolePolicies) and the lesser
// of its and the request's period and explicit max TTL, as handleCreateCommon's role branches do.
import {
  ERR_AUTH_BATCH_CANNOT_CREATE, ERR_AUTH_BATCH_ROOT, ERR_AUTH_CHILD_POLICIES_SUBSET, ERR_AUTH_ENTITY_ALIAS_NO_ROLE,
  ERR_AUTH_ENTITY_ALIAS_UNSUPPORTED, ERR_AUTH_EXPIRING_ROOT, ERR_AUTH_EXPLICIT_MAX_TTL_NEGATIVE, ERR_AUTH_INVALID_ENTITY_ALIAS,
  ERR_AUTH_INVALID_TOKEN_TYPE, ERR_AUTH_LEASE_NEGATIVE, ERR_AUTH_NEGATIVE_NUM_USES, ERR_AUTH_PARENT_LOOKUP,
  ERR_AUTH_PERIOD_NEGATIVE, ERR_AUTH_RESTRICTED_USE_CHILD, ERR_AUTH_ROOT_NEEDS_ROOT_PARENT, ERR_AUTH_SUDO_ORPHAN,
  ERR_AUTH_SUDO_PERIODIC, ERR_AUTH_SUDO_TOKEN_ID, ERR_AUTH_TTL_NEGATIVE, WARN_AUTH_CUSTOM_ID_SHA1, errAuthBatchCannotHave,
  errAuthBatchUnparsable, errAuthCannotAssignPolicy, warnAuthPolicyMissing, warnAuthRoleLesserExplicitMaxTtl,
  warnAuthRoleLesserPeriod,
} from '../errors/auth.js';
import { ERR_ID_TOKEN_ALIAS_ENTITY_DISABLED } from '../errors/identity.js';
import { unsupportedError, VaultError } from '../errors/vault-error.js';
import { goToLower, goStringCompare } from '../go/strings.js';
import type { LogicalRequest, LogicalResponse } from '../logical/types.js';
import { preciseNow } from '../util/clock.js';
import { parseDurationSecond } from '../go/parseutil.js';
import type { ACL } from './acl.js';
import { NON_ASSIGNABLE_POLICIES } from './builtin-policies.js';
import { authInfo, hashId, type TokenEntry, type TokenType } from './token-entry.js';
import { decodeCreateFields, durationField, goDurationField, type CreateFields } from './token-fields.js';
import { containsGlob, roleDecidesPolicies, rolePolicies, type TokenRole } from './token-roles.js';
import type { NewToken, TokenStore } from './token-store.js';
import { calculateTtl } from './token-ttl.js';

/** Vault's policyutil.SanitizePolicies: trim, lower-case, `root` alone, optional `default`, dedupe, sort. */
export function sanitizePolicies(policies: readonly string[], addDefault: boolean): string[] {
  let list = policies.map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
  let defaultFound = list.includes('default');
  if (list.includes('root')) {
    list = ['root'];
    defaultFound = true;
  }
  if (addDefault && (list.length === 0 || !defaultFound)) list.push('default');
  return [...new Set(list)].sort(goStringCompare);
}

/**
 * Handles a create request whose caller is `req.clientToken`; `orphan` for create-orphan, `role`
 * for auth/token/create/<role> (the caller has already looked it up).
 */
export async function createToken(
  tokens: TokenStore,
  aclFor: (entry: TokenEntry) => Promise<ACL>,
  req: LogicalRequest,
  orphan: boolean,
  role?: TokenRole,
): Promise<LogicalResponse> {
  const parent = await tokens.lookup(req.clientToken ?? '');
  if (!parent) throw new VaultError(400, ERR_AUTH_PARENT_LOOKUP);
  if (parent.type === 'batch') throw new VaultError(400, ERR_AUTH_BATCH_CANNOT_CREATE);
  if (parent.numUses > 0) throw new VaultError(400, ERR_AUTH_RESTRICTED_USE_CHILD);
  const isSudo = (await aclFor(parent)).hasSudo(req.mountPoint + req.path);
  const f = decodeCreateFields(req.data);

  let renewable = f.renewable ?? true;
  const type = tokenType(roleTypeText(f.type, role), f);
  if (type === 'batch') renewable = false;
  if (f.numUses < 0) throw new VaultError(400, ERR_AUTH_NEGATIVE_NUM_USES);
  let aliasEntityId = '';
  if (f.entityAlias !== '') {
    if (!role) throw new VaultError(400, ERR_AUTH_ENTITY_ALIAS_NO_ROLE);
    const alias = goToLower(f.entityAlias);
    if (!(role.allowedEntityAliases ?? []).includes(alias) && !containsGlob(role.allowedEntityAliases, alias)) {
      throw new VaultError(400, ERR_AUTH_INVALID_ENTITY_ALIAS);
    }
    // The alias is created or fetched on the token mount, its name kept as sent (CreateOrFetchEntity).
    if (!tokens.identity) throw unsupportedError(new VaultError(400, ERR_AUTH_ENTITY_ALIAS_UNSUPPORTED));
    const found = await tokens.identity.loginEntity({ mountAccessor: tokens.identity.tokenMountAccessor(), name: f.entityAlias, metadata: null });
    if (found.disabled) throw new VaultError(403, ERR_ID_TOKEN_ALIAS_ENTITY_DISABLED);
    aliasEntityId = found.entityId;
  }

  const now = preciseNow(tokens.clock); // the lease's times print with nanoseconds
  const draft: NewToken = {
    parentHash: hashId(parent.id), policies: [], path: `auth/token/${req.path}`, meta: f.meta, displayName: 'token',
    numUses: f.numUses, creationTime: Math.floor(now / 1000), ttl: 0, explicitMaxTtl: 0, period: 0, type,
    entityId: '', lease: null,
  };
  if (role) {
    draft.role = role.name;
    if (!role.renewable) renewable = false;
    // 0 means unlimited, so the role's limit applies to an unlimited request and caps a larger one.
    const limit = role.params.tokenNumUses;
    if (limit !== 0 && (draft.numUses === 0 || limit < draft.numUses)) draft.numUses = limit;
    if (role.pathSuffix !== '') draft.path = `${draft.path}/${role.pathSuffix}`;
  }
  if (f.displayName !== '') draft.displayName = sanitizeDisplayName(f.displayName);
  if (f.id !== '') {
    if (!isSudo) throw new VaultError(400, ERR_AUTH_SUDO_TOKEN_ID);
    draft.id = f.id;
  }
  draft.policies = role !== undefined && roleDecidesPolicies(role)
    ? finishPolicies(rolePolicies(role, f.policies, f.noDefaultPolicy, parent.policies), false, f)
    : childPolicies(f, parent, isSudo);
  if (draft.policies.includes('root')) {
    if (!parent.policies.includes('root')) throw new VaultError(400, ERR_AUTH_ROOT_NEEDS_ROOT_PARENT);
    if (type === 'batch') throw new VaultError(400, ERR_AUTH_BATCH_ROOT);
  }
  if (role) {
    // With a role, `no_parent` is not looked at: the role alone decides, without sudo.
    if (role.orphan) draft.parentHash = '';
    if (role.params.tokenBoundCidrs.length > 0) draft.boundCidrs = [...role.params.tokenBoundCidrs];
  } else if (f.noParent) {
    if (!isSudo) throw new VaultError(400, ERR_AUTH_SUDO_ORPHAN);
    draft.parentHash = '';
  } else if (orphan) {
    draft.parentHash = '';
  }
  if (aliasEntityId !== '') draft.entityId = aliasEntityId;
  else if (draft.parentHash !== '') draft.entityId = parent.entityId;
  if (draft.parentHash !== '') {
    // A child inherits its parent's CIDR binding, except against a role (the role's applies).
    if (!role && parent.boundCidrs !== undefined && parent.boundCidrs.length > 0) draft.boundCidrs = [...parent.boundCidrs];
  }

  const warnings = lifetime(tokens, draft, f, isSudo, role);
  if (draft.ttl === 0) {
    if (parent.ttl !== 0) throw new VaultError(400, ERR_AUTH_EXPIRING_ROOT);
    renewable = false;
    delete draft.boundCidrs;
  }
  if (draft.id !== undefined) warnings.push(WARN_AUTH_CUSTOM_ID_SHA1);
  draft.lease = {
    issueTime: now, expireTime: draft.ttl > 0 ? now + draft.ttl * 1000 : 0, lastRenewalTime: 0, ttl: draft.ttl, renewable,
  };

  const entry = await tokens.create(draft);
  for (const p of entry.policies) {
    if (!(await tokens.policies.get(p))) warnings.push(warnAuthPolicyMissing(p));
  }
  return { data: null, auth: authInfo(entry, entry.ttl, renewable), ...(warnings.length > 0 ? { warnings } : {}) };
}

/** The role's token_type over the request's `type`: service/batch force it, default-batch defaults it. */
function roleTypeText(requested: string, role: TokenRole | undefined): string {
  switch (role?.params.tokenType) {
    case 'service':
    case 'batch':
      return role.params.tokenType;
    case 'default-batch':
      return requested === '' ? 'batch' : requested;
    default:
      return requested;
  }
}

/** `type`: service (default) or batch; batch refuses explicit_max_ttl, num_uses and period. */
function tokenType(text: string, f: CreateFields): TokenType {
  if (text === '' || text === 'service') return 'service';
  if (text !== 'batch') throw new VaultError(400, ERR_AUTH_INVALID_TOKEN_TYPE);
  // Like Vault's switch, only the first field present is examined.
  let bad = '';
  if (f.explicitMaxTtl !== '') {
    if (parseOr(f.explicitMaxTtl) === undefined) throw new VaultError(400, errAuthBatchUnparsable('explicit_max_ttl'));
    if (parseOr(f.explicitMaxTtl) !== 0) bad = 'explicit_max_ttl';
  } else if (f.numUses !== 0) {
    bad = 'num_uses';
  } else if (f.period !== '') {
    if (parseOr(f.period) === undefined) throw new VaultError(400, errAuthBatchUnparsable('period'));
    if (parseOr(f.period) !== 0) bad = 'period';
  }
  if (bad !== '') throw new VaultError(400, errAuthBatchCannotHave(bad));
  return 'batch';
}

function parseOr(text: string): number | undefined {
  try {
    return parseDurationSecond(text);
  } catch {
    return undefined;
  }
}

/** `token-<name>` with every character outside [a-zA-Z0-9-] turned into `-`, one trailing `-` cut. */
function sanitizeDisplayName(name: string): string {
  const full = `token-${name}`.replace(/[^a-zA-Z0-9-]/gu, '-');
  return full.endsWith('-') ? full.slice(0, -1) : full;
}

/** The policy switch without a deciding role: inherit the parent's, a subset of them, or (sudo) any. */
function childPolicies(f: CreateFields, parent: TokenEntry, isSudo: boolean): string[] {
  let requested = f.policies;
  let addDefault = false;
  if (requested.length === 0) {
    requested = sanitizePolicies(parent.policies, false);
  } else if (!isSudo) {
    const want = sanitizePolicies(requested, false);
    const have = sanitizePolicies(parent.policies, false);
    if (!want.every((p) => have.includes(p))) throw new VaultError(400, ERR_AUTH_CHILD_POLICIES_SUBSET);
    addDefault = !f.noDefaultPolicy && parent.policies.includes('default');
  } else {
    addDefault = !f.noDefaultPolicy;
  }
  return finishPolicies(requested, addDefault, f);
}

/** Sanitised, `default` stripped on no_default_policy, the non-assignable ones refused. */
function finishPolicies(requested: readonly string[], addDefault: boolean, f: CreateFields): string[] {
  let policies = sanitizePolicies(requested, addDefault);
  if (f.noDefaultPolicy) policies = policies.filter((p) => p !== 'default');
  for (const p of policies) {
    if (NON_ASSIGNABLE_POLICIES.includes(p)) throw new VaultError(400, errAuthCannotAssignPolicy(p));
  }
  return policies;
}

/**
 * Sets explicit_max_ttl, period and ttl on the draft (CalculateTTL); returns the warnings. The
 * entry keeps the request's own period and explicit max TTL; the TTL is computed with the lesser
 * of those and the role's (a service token against a role only).
 */
function lifetime(tokens: TokenStore, draft: NewToken, f: CreateFields, isSudo: boolean, role: TokenRole | undefined): string[] {
  let explicitMaxToUse = 0;
  let periodToUse = 0;
  if (f.explicitMaxTtl !== '') {
    const d = durationField(f.explicitMaxTtl);
    if (d < 0) throw new VaultError(400, ERR_AUTH_EXPLICIT_MAX_TTL_NEGATIVE);
    draft.explicitMaxTtl = explicitMaxToUse = d;
  }
  if (f.period !== '') {
    const d = durationField(f.period);
    if (d < 0) throw new VaultError(400, ERR_AUTH_PERIOD_NEGATIVE);
    if (d > 0 && !isSudo) throw new VaultError(400, ERR_AUTH_SUDO_PERIODIC);
    if (d > 0) draft.period = periodToUse = d;
  }
  if (f.ttl !== '') {
    const d = durationField(f.ttl);
    if (d < 0) throw new VaultError(400, ERR_AUTH_TTL_NEGATIVE);
    draft.ttl = d;
  } else if (f.lease !== '') {
    const d = goDurationField(f.lease);
    if (d < 0) throw new VaultError(400, ERR_AUTH_LEASE_NEGATIVE);
    draft.ttl = d;
  }
  const warnings: string[] = [];
  if (role && draft.type !== 'batch') {
    const roleMax = role.params.tokenExplicitMaxTtl;
    if (roleMax !== 0) {
      if (explicitMaxToUse === 0) {
        explicitMaxToUse = roleMax;
      } else {
        explicitMaxToUse = Math.min(explicitMaxToUse, roleMax);
        warnings.push(warnAuthRoleLesserExplicitMaxTtl(explicitMaxToUse));
      }
    }
    const rolePeriod = role.params.tokenPeriod;
    if (rolePeriod !== 0) {
      if (periodToUse === 0) {
        periodToUse = rolePeriod;
      } else {
        periodToUse = Math.min(periodToUse, rolePeriod);
        warnings.push(warnAuthRoleLesserPeriod(periodToUse));
      }
    }
  }
  if (periodToUse > 0 || draft.ttl > 0 || !draft.policies.includes('root')) {
    const r = calculateTtl(tokens.limits, {
      increment: 0, backendTtl: draft.ttl, period: periodToUse, backendMaxTtl: 0, explicitMaxTtl: explicitMaxToUse,
      startSec: draft.creationTime, nowSec: draft.creationTime,
    });
    draft.ttl = r.ttl;
    warnings.push(...r.warnings);
  }
  if (draft.ttl === 0 && explicitMaxToUse > 0) draft.ttl = explicitMaxToUse;
  return warnings;
}
