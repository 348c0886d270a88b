// A login's result turned into a token (vault/request_handling.go handleLoginRequest and
// LoginCreateToken): the policies are sanitised and checked, the token type is resolved against
// the auth mount's token_type, the TTL is computed from the method's role, the mount's tune and
// the server's limits (sdk/framework/lease.go CalculateTTL), and the token is an orphan whose
// creation path is the login path, so disabling the mount revokes it.
import { ERR_PERMISSION_DENIED } from '../errors/core.js';
import { ERR_ID_MISSING_ALIAS_NAME } from '../errors/identity.js';
import { GoError, VaultError } from '../errors/vault-error.js';
import { calculateTtl, checkLoginPolicies, resolveTokenType, sanitizePolicies } from '../framework/lease.js';
import type { AuthInfo, LoginAuth, LoginMount } from '../logical/types.js';
import { preciseNow } from '../util/clock.js';
import { authInfo, withIdentityPolicies } from './token-entry.js';
import type { TokenStore } from './token-store.js';

/** Vault's server defaults (768h each), the system view behind every mount that is not tuned. */
const SYSTEM_TTL = 768 * 3600;

export async function createLoginToken(
  tokens: TokenStore, login: LoginAuth, mount: LoginMount,
): Promise<{ auth: AuthInfo; warnings: string[] }> {
  const policies = sanitizePolicies(login.policies, !login.noDefaultPolicy);
  // handleLoginRequest: the login's alias finds or makes its entity; a disabled entity cannot log in.
  let entityId = '';
  let identityPolicies: string[] = [];
  if (tokens.identity && login.aliasName !== undefined) {
    if (login.aliasName === '') throw new GoError(500, ERR_ID_MISSING_ALIAS_NAME);
    // handleLoginRequest refreshes external group memberships at every login, with or without group aliases.
    const found = await tokens.identity.loginEntity({
      mountAccessor: mount.accessor, name: login.aliasName, metadata: login.aliasMetadata ?? null, groupAliases: login.groupAliases ?? [],
    });
    if (found.disabled) throw new VaultError(403, ERR_PERMISSION_DENIED);
    entityId = found.entityId;
    const view = tokens.identity.view(entityId);
    if (view.state === 'ok') identityPolicies = sanitizePolicies(view.identityPolicies, false);
  }
  const refused = checkLoginPolicies(identityPolicies.length > 0 ? sanitizePolicies([...policies, ...identityPolicies], false) : policies);
  if (refused !== undefined) throw new VaultError(400, refused);
  const type = resolveTokenType(mount.tokenType, login.tokenType);
  const { ttl, warnings } = calculateTtl({
    requestedTtl: login.ttl, period: login.period, explicitMaxTtl: login.explicitMaxTtl, roleMaxTtl: login.maxTtl,
    mountDefaultTtl: mount.defaultTtl, mountMaxTtl: mount.maxTtl, systemDefaultTtl: SYSTEM_TTL, systemMaxTtl: SYSTEM_TTL,
  });
  const now = preciseNow(tokens.clock); // the lease's times print with nanoseconds
  const renewable = type === 'service' && login.renewable;
  const entry = await tokens.create({
    parentHash: '', policies, path: mount.requestPath, meta: login.metadata, displayName: login.displayName,
    numUses: login.numUses, creationTime: Math.floor(now / 1000), ttl, explicitMaxTtl: login.explicitMaxTtl,
    period: login.period, type, entityId,
    lease: { issueTime: now, expireTime: ttl > 0 ? now + ttl * 1000 : 0, lastRenewalTime: 0, ttl, renewable },
    ...(login.boundCidrs.length > 0 ? { boundCidrs: [...login.boundCidrs] } : {}),
  });
  // LoginCreateToken: policies is the sanitised union; identity_policies follows token_policies.
  const auth = withIdentityPolicies(authInfo(entry, ttl, renewable), identityPolicies);
  // sdk/logical/translate_response.go HTTPAuth: token_policies is omitempty
  if (auth.token_policies.length === 0) delete (auth as Partial<AuthInfo>).token_policies;
  return { auth, warnings };
}
