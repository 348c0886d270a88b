// Vault's TTL arithmetic for token creation and renewal (V sdk/framework/lease.go CalculateTTL),
// in whole seconds. The effective max is the mount's max TTL, lowered by a backend max or the
// token's explicit_max_ttl; a periodic token gets its period (capped by that max) and only its
// explicit_max_ttl bounds its life; any other token may not outlive start + max.
import { ERR_AUTH_MAX_TTL_ZERO, ERR_AUTH_PAST_MAX_TTL, warnAuthPeriodCapped, warnAuthTtlCapped } from '../errors/auth.js';
import { VaultError } from '../errors/vault-error.js';
import { formatGoDuration } from '../go/time.js';

/** The token mount's lease settings, seconds (Vault's system defaults: 768h each). */
export interface LeaseLimits {
  defaultTtl: number;
  maxTtl: number;
}

export const SYSTEM_MAX_LEASE_TTL = 768 * 3600;

interface TtlInput {
  increment: number;
  backendTtl: number;
  period: number;
  backendMaxTtl: number;
  explicitMaxTtl: number;
  /** Unix seconds the lease started (its issue time). */
  startSec: number;
  nowSec: number;
}

export function calculateTtl(limits: LeaseLimits, input: TtlInput): { ttl: number; warnings: string[] } {
  const warnings: string[] = [];
  let maxTtl = limits.maxTtl;
  if (input.backendMaxTtl > 0 && input.backendMaxTtl < maxTtl) maxTtl = input.backendMaxTtl;
  if (input.explicitMaxTtl > 0 && input.explicitMaxTtl < maxTtl) maxTtl = input.explicitMaxTtl;
  if (maxTtl <= 0) throw new VaultError(500, ERR_AUTH_MAX_TTL_ZERO);

  let ttl: number;
  let maxValidSec: number | undefined;
  if (input.period > 0) {
    let period = input.period;
    if (period > maxTtl) {
      warnings.push(warnAuthPeriodCapped(formatGoDuration(period), formatGoDuration(maxTtl)));
      period = maxTtl;
    }
    ttl = period;
    if (input.explicitMaxTtl > 0) maxValidSec = input.startSec + input.explicitMaxTtl;
  } else {
    ttl = input.increment > 0 ? input.increment : input.backendTtl > 0 ? input.backendTtl : limits.defaultTtl;
    maxValidSec = input.startSec + maxTtl;
  }
  if (maxValidSec !== undefined) {
    const maxValidTtl = maxValidSec - input.nowSec;
    if (maxValidTtl <= 0) throw new VaultError(500, ERR_AUTH_PAST_MAX_TTL);
    if (maxValidTtl < ttl) {
      warnings.push(warnAuthTtlCapped(formatGoDuration(ttl), formatGoDuration(maxValidTtl)));
      ttl = maxValidTtl;
    }
  }
  return { ttl, warnings };
}
