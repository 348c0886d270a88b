// What a verified JWT or OIDC ID token becomes (JWT path_login.go createIdentity, shared by the JWT
// login and the OIDC callback): the user claim names the alias, claim_mappings give the alias
// metadata (the token's metadata adds `role`), groups_claim gives the group aliases, and the
// role's bound_claims must hold; then the role's token parameters make the login.
import { errJwtValidatingClaims } from '../../errors/jwt.js';
import { VaultError } from '../../errors/vault-error.js';
import { loginAuth, loginDisplayName, tokenAuthFromParams } from '../../framework/token-params.js';
import type { LoginAuth } from '../../logical/types.js';
import { extractMetadata, groupNames, userClaimValue, validateBoundClaims } from './claims.js';
import type { JwtRole } from './roles.js';

export function loginFromClaims(claims: Record<string, unknown>, role: JwtRole, roleName: string, mountPoint: string): LoginAuth {
  let userName: string;
  let aliasMetadata: Record<string, string>;
  let groupAliases: string[] = [];
  try {
    userName = userClaimValue(claims, role.userClaim, role.userClaimJsonPointer);
    aliasMetadata = extractMetadata(claims, role.claimMappings);
    if (role.groupsClaim !== '') groupAliases = groupNames(claims, role.groupsClaim);
  } catch (e) {
    throw new VaultError(400, (e as Error).message);
  }
  try {
    validateBoundClaims(role.boundClaimsType, role.boundClaims, claims);
  } catch (e) {
    throw new VaultError(400, errJwtValidatingClaims((e as Error).message));
  }
  const metadata = { ...aliasMetadata, role: roleName };
  const t = tokenAuthFromParams(role.token); // tokenutil PopulateTokenAuth
  const login = loginAuth({ displayName: loginDisplayName(mountPoint, userName), metadata, aliasName: userName }, { ...t });
  return Object.assign(login, { aliasMetadata, groupAliases });
}
