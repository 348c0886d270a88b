// What Vault core decides about a login token once an auth method has answered: its TTL
// (sdk/framework/lease.go CalculateTTL, evaluated against the auth mount's system view,
// vault/dynamic_system_view.go fetchTTLs), its type (vault/router.go, mount token_type × role
// token_type), and whether its policies may be assigned at all (vault/request_handling.go
// LoginCreateToken with sdk/helper/policyutil SanitizePolicies). All durations are whole seconds.
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_LOGIN_ROOT_TOKEN, ERR_TOKEN_MAX_TTL_NOT_POSITIVE, errLoginCannotAssignPolicy, warnTokenPeriodCapped, warnTokenTtlCapped,
} from '../errors/token-params.js';
import { humanDuration } from '../go/time.js';
import { goStringCompare, goToLower, goTrimSpace } from '../go/strings.js';

export interface LoginTtlInput {
  /** The role's token_ttl (CalculateTTL's backendTTL; a login asks for no increment). */
  readonly requestedTtl: number;
  readonly period: number;
  readonly explicitMaxTtl: number;
  /** The role's token_max_ttl (CalculateTTL's backendMaxTTL). */
  readonly roleMaxTtl: number;
  /** The auth mount's tuned default_lease_ttl / max_lease_ttl; 0 = not tuned. */
  readonly mountDefaultTtl: number;
  readonly mountMaxTtl: number;
  /** The server's default_lease_ttl / max_lease_ttl (768h each unless configured). */
  readonly systemDefaultTtl: number;
  readonly systemMaxTtl: number;
}

export { humanDuration };

/**
 * sdk/framework/lease.go CalculateTTL for a login (increment 0, start = now, so the time left
 * before the max is the max itself). Throws a 500 VaultError if the effective max is not positive.
 */
export function calculateTtl(opts: LoginTtlInput): { ttl: number; warnings: string[] } {
  const warnings: string[] = [];
  // vault/dynamic_system_view.go fetchTTLs: a tuned mount value wins over the server's when non-zero.
  const mountDefault = opts.mountDefaultTtl !== 0 ? opts.mountDefaultTtl : opts.systemDefaultTtl;
  let maxTtl = opts.mountMaxTtl !== 0 ? opts.mountMaxTtl : opts.systemMaxTtl;
  // sdk/framework/lease.go CalculateTTL: the role's max, then the explicit max, may only lower it.
  if (opts.roleMaxTtl > 0 && opts.roleMaxTtl < maxTtl) maxTtl = opts.roleMaxTtl;
  if (opts.explicitMaxTtl > 0 && opts.explicitMaxTtl < maxTtl) maxTtl = opts.explicitMaxTtl;
  if (maxTtl <= 0) throw new VaultError(500, ERR_TOKEN_MAX_TTL_NOT_POSITIVE);

  if (opts.period > 0) {
    // Periodic: the period, capped to the effective max. The only later bound is the explicit
    // max, which the effective max already does not exceed, so no second cap can apply here.
    if (opts.period > maxTtl) {
      warnings.push(warnTokenPeriodCapped(humanDuration(opts.period), humanDuration(maxTtl)));
      return { ttl: maxTtl, warnings };
    }
    return { ttl: opts.period, warnings };
  }
  let ttl = opts.requestedTtl > 0 ? opts.requestedTtl : mountDefault;
  if (ttl > maxTtl) {
    warnings.push(warnTokenTtlCapped(humanDuration(ttl), humanDuration(maxTtl)));
    ttl = maxTtl;
  }
  return { ttl, warnings };
}

/**
 * vault/router.go (routeCommon, auth responses of non-token mounts): the token type a login gets
 * from the auth mount's `token_type` (`""` counts as default-service) and what the role asked for.
 */
export function resolveTokenType(mountTokenType: string, roleTokenType: string): 'service' | 'batch' {
  const role = roleTokenType === '' ? 'default' : roleTokenType;
  switch (mountTokenType) {
    case 'service':
    case 'batch':
      return mountTokenType;
    case 'default-batch':
      return role === 'default' || role === 'default-batch' || role === 'batch' ? 'batch' : 'service';
    default: // '', 'default', 'default-service'
      return role === 'default' || role === 'default-service' || role === 'service' ? 'service' : 'batch';
  }
}

/** vault/policy_store.go nonAssignablePolicies (responseWrappingPolicyName, controlGroupPolicyName). */
export const NON_ASSIGNABLE_POLICIES: readonly string[] = ['response-wrapping', 'control-group'];

/**
 * vault/request_handling.go LoginCreateToken: the first reason the (already sanitised, sorted)
 * union of token and identity policies cannot go on a login token, or undefined. 400 in Vault.
 */
export function checkLoginPolicies(policies: readonly string[]): string | undefined {
  for (const p of policies) {
    if (p === 'root') return ERR_LOGIN_ROOT_TOKEN;
    if (NON_ASSIGNABLE_POLICIES.includes(p)) return errLoginCannotAssignPolicy(p);
  }
  return undefined;
}

/** go-secure-stdlib strutil.RemoveDuplicates(items, lowercase=true): trim, drop empty, lower, dedupe, sort. */
function removeDuplicatesLower(items: readonly string[]): string[] {
  const set = new Set<string>();
  for (const item of items) {
    const t = goTrimSpace(item);
    if (t !== '') set.add(goToLower(t));
  }
  return [...set].sort(goStringCompare);
}

/**
 * sdk/helper/policyutil/policyutil.go SanitizePolicies: names trimmed and lower-cased, a `root`
 * anywhere (before the scan stops) leaves just `root`, `default` added when asked and missing,
 * then empties dropped, duplicates removed and the list sorted. Never mutates its input.
 */
export function sanitizePolicies(policies: readonly string[], addDefault: boolean): string[] {
  let list = policies.map((p) => goToLower(goTrimSpace(p)));
  let defaultFound = false;
  for (const p of list) {
    if (p === '') continue;
    if (p === 'root') {
      list = ['root'];
      defaultFound = true;
      break;
    }
    if (p === 'default') defaultFound = true;
  }
  if (addDefault && (list.length === 0 || !defaultFound)) list.push('default');
  return removeDuplicatesLower(list);
}

/**
 * sdk/helper/policyutil/policyutil.go ParsePolicies for an already-decoded list (what the legacy
 * `policies` field yields): sanitised without adding `default`.
 */
export function parsePolicies(policies: readonly string[]): string[] {
  return sanitizePolicies(policies, false);
}
