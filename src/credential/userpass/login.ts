// `login/:username` and the renewal of its tokens (V builtin/credential/userpass/path_login.go
// pathLogin, pathLoginAliasLookahead, pathLoginRenew, 1.18 line). A login lower-cases the name,
// refuses an empty password with logical.ErrInvalidCredentials (400 since PR #28441), runs a
// bcrypt comparison whether or not the user exists, answers wrong user and wrong password alike,
// then checks the user's token_bound_cidrs against the caller's address before returning the
// auth that core turns into a token.
import { ERR_PERMISSION_DENIED } from '../../errors/core.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import {
  ERR_INVALID_CREDENTIALS, ERR_USERPASS_INVALID_LOGIN, ERR_USERPASS_MISSING_USERNAME, ERR_USERPASS_POLICIES_CHANGED,
} from '../../errors/userpass.js';
import { goToLower } from '../../go/strings.js';
import { loginAuth, loginDisplayName, tokenAuthFromParams } from '../../framework/token-params.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../../framework/types.js';
import type { LoginAuth, LogicalResponse } from '../../logical/types.js';
import { constantTimeEqual } from '../../util/random.js';
import { compareHashAndPassword, goString } from './bcrypt.js';
import { remoteAddrIsOk } from '../../framework/cidr.js';
import { PASSWORD_FIELD, USERNAME_PATTERN, type UserpassContext } from './password.js';
import type { UserEntry } from './store.js';

const FIELDS: FieldSchemas = {
  username: { type: 'string', description: 'Username of the user.' },
  password: PASSWORD_FIELD,
};

/**
 * What an unknown user's password is compared with. Vault compares with the bytes "dummy",
 * which Go's bcrypt rejects at once as too short; a well-formed cost-10 hash makes the
 * comparison cost what a real one does, which is what that code is there for.
 */
const DUMMY_HASH = '$2a$10$' + 'N'.repeat(53);


/** Constant-time comparison of a Vault 0.1 plaintext password (subtle.ConstantTimeCompare). */
function legacyPasswordMatches(stored: string, given: string): boolean {
  return constantTimeEqual(Buffer.from(goString(stored), 'utf8'), Buffer.from(goString(given), 'utf8'));
}

async function pathLogin(ctx: UserpassContext, req: FrameworkRequest, data: FieldData): Promise<LogicalResponse> {
  const username = goToLower(data.get<string>('username'));
  const password = data.get<string>('password');
  if (password === '') throw new GoError(400, ERR_INVALID_CREDENTIALS);

  // A lookup that fails is treated as no user: the dummy comparison then fails (as in Vault).
  let user: UserEntry | undefined;
  try {
    user = await ctx.store.get(username);
  } catch {
    user = undefined;
  }

  // Compare even when there is no user, so that timing does not tell the two apart.
  const matches = user !== undefined && user.passwordHash === null
    ? legacyPasswordMatches(user.password, password)
    : await compareHashAndPassword(user?.passwordHash ?? DUMMY_HASH, password);
  // For an existing user Vault also returns ErrInvalidCredentials (user lockout counts it); same answer.
  if (!matches || user === undefined) throw new VaultError(400, ERR_USERPASS_INVALID_LOGIN);

  // Bound CIDRs restrict the login itself; no connection information means no.
  const cidrs = user.token.tokenBoundCidrs;
  if (cidrs.length > 0 && (req.remoteAddress === undefined || !remoteAddrIsOk(req.remoteAddress, cidrs))) {
    throw new GoError(403, ERR_PERMISSION_DENIED);
  }

  const t = tokenAuthFromParams(user.token); // tokenutil PopulateTokenAuth
  const login = loginAuth({ displayName: loginDisplayName(req.mountPoint, username), metadata: { username }, aliasName: username }, { ...t });
  return { login };
}

export function pathLoginSpec(ctx: () => UserpassContext): PathSpec {
  return {
    pattern: `login/${USERNAME_PATTERN}`,
    fields: FIELDS,
    operations: { update: (req, data) => pathLogin(ctx(), req, data) },
    // User lockout lives in core, which has no lockout counter yet.
    notes: 'no user lockout',
    helpSynopsis: 'Log in with a username and password.',
    helpDescription: 'This endpoint authenticates using a username and password.',
  };
}

/**
 * V path_login.go pathLoginAliasLookahead: the alias name core's user lockout keys on — the
 * username as sent in the URL, not lower-cased.
 */
export function aliasLookahead(username: string): string {
  if (username === '') throw new GoError(500, ERR_USERPASS_MISSING_USERNAME);
  return username;
}

/** What a renewal of a userpass token gets: the user's current TTL settings. */
export interface UserpassRenewal {
  ttl: number;
  maxTtl: number;
  period: number;
}

/**
 * V path_login.go pathLoginRenew: null when the user is gone (the token is then not extended);
 * a Go error when the user's token_policies no longer match the token's (policyutil
 * EquivalentPolicies: lower-cased, `default` ignored, as sets); else the user's current
 * token_ttl, token_max_ttl and token_period.
 */
export async function renewLogin(
  ctx: UserpassContext, metadata: Readonly<Record<string, string>> | null, tokenPolicies: readonly string[],
): Promise<UserpassRenewal | null> {
  const username = metadata?.username ?? '';
  if (username === '') throw new GoError(500, ERR_USERPASS_MISSING_USERNAME);
  const user = await ctx.store.get(username);
  if (user === undefined) return null;
  if (!equivalentPolicies(user.token.tokenPolicies, tokenPolicies)) throw new GoError(500, ERR_USERPASS_POLICIES_CHANGED);
  return { ttl: user.token.tokenTtl, maxTtl: user.token.tokenMaxTtl, period: user.token.tokenPeriod };
}

/** sdk/helper/policyutil/policyutil.go EquivalentPolicies (1.18: case-insensitive). */
export function equivalentPolicies(a: readonly string[], b: readonly string[]): boolean {
  const set = (l: readonly string[]) => new Set(l.map(goToLower).filter((p) => p !== 'default'));
  const sa = set(a);
  const sb = set(b);
  return sa.size === sb.size && [...sa].every((p) => sb.has(p));
}
