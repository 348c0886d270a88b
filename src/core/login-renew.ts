// Renewing a login's token through the auth mount that issued it (vault/expiration.go RenewToken
// and renewAuthEntry: the renew is routed to the backend's AuthRenew with the stored auth, and the
// new TTL is computed from what it returns under that mount's lease limits). The backend sees the
// token's metadata and token policies and the request's client certificates; what it re-checks is
// its own business (pathLoginRenew).
import { TokenBackend, type TokenEntry } from '../auth/index.js';
import { ERR_LEASE_AUTH_RENEW_UNSUPPORTED, errLeaseFailedToRenewEntry } from '../errors/leases.js';
import { GoError, VaultError } from '../errors/vault-error.js';
import { isAuthRenewer } from '../framework/types.js';
import type { Backend } from '../logical/types.js';
import type { MountTable } from './mounts.js';
import { effectiveTtls } from './sys-mount-info.js';

/** Points the token store's renewals of login tokens at the mounts' renew handlers. */
export function routeLoginRenewals(tokenBackend: Backend, mounts: MountTable): void {
  if (!(tokenBackend instanceof TokenBackend)) return;
  tokenBackend.loginRenewer = async (entry: TokenEntry, req) => {
    const routed = mounts.route(entry.path);
    // No mount any more: the token store's own renewal (disabling a mount revoked its tokens anyway).
    if (routed === undefined) return { period: entry.period, explicitMaxTtl: entry.explicitMaxTtl };
    // sdk/framework backend.go handleAuthRenew without an AuthRenew: an error response.
    if (!isAuthRenewer(routed.backend)) throw new VaultError(400, ERR_LEASE_AUTH_RENEW_UNSUPPORTED);
    let granted;
    try {
      granted = await routed.backend.renewAuth(entry.meta, entry.policies, req.peerCertificates);
    } catch (e) {
      // A plain error comes back as "failed to renew entry: %w" (renewAuthEntry).
      if (e instanceof GoError) throw new GoError(e.status, errLeaseFailedToRenewEntry(e.plain));
      throw e;
    }
    if (granted === null) return null;
    const { defaultTtl, maxTtl } = effectiveTtls(routed.entry, mounts.systemTtls);
    return {
      period: granted.period, explicitMaxTtl: entry.explicitMaxTtl,
      login: { ttl: granted.ttl, maxTtl: granted.maxTtl, limits: { defaultTtl, maxTtl } },
    };
  };
}
