// Vault error strings of the identity store (src/identity), each with its upstream source.
// V: = hashicorp/vault, vault/identity_store*.go and vault/identity_lookup.go (1.14.9 line, same
// text on main); LIB: = a library Vault links. Unless noted, each is an error response (400).

// ---- entities (V vault/identity_store_entities.go) -------------------------------------------
export const ERR_ID_ENTITY_NOT_FOUND_FROM_ID = 'entity not found from id';
export const ERR_ID_ENTITY_NAME_IN_USE = 'entity name is already in use';
/** V identity_store_entities.go / identity_store_groups.go: exact `root` only in 1.18.1. */
export const ERR_ID_POLICIES_ROOT = 'policies cannot contain root';
export const ERR_ID_MISSING_ENTITY_ID = 'missing entity id';
export const ERR_ID_MISSING_ENTITY_NAME = 'missing entity name';
export const ERR_ID_BATCH_DELETE_EMPTY = 'missing entity ids to delete';

// ---- merge (V identity_store_entities.go pathEntityMergeID, mergeEntity) -----------------------
export const ERR_ID_MERGE_MISSING_TO = 'missing entity id to merge to';
export const ERR_ID_MERGE_MISSING_FROM = 'missing entity ids to merge from';
export const ERR_ID_MERGE_TO_INVALID = 'entity id to merge to is invalid';
export const ERR_ID_MERGE_FROM_INVALID = 'entity id to merge from is invalid';
export const ERR_ID_MERGE_MULTIPLE_KEEP = 'aliases conflicts cannot be resolved with multiple from entity ids - merge one entity at a time';
export const ERR_ID_MERGE_TO_IN_FROM = 'to_entity_id should not be present in from_entity_ids';
export const errIdMergeAccessorInMultiple = (acc: string) =>
  `mount accessor ${acc} found in multiple fromEntities, merge should be done with one fromEntity at a time`;
export const ERR_ID_MERGE_CLASH_HEADER =
  'toEntity and at least one fromEntity have aliases with the same mount accessor, repeat the merge request specifying exactly one fromEntity, clashes: ';
export const errIdMergeClash = (acc: string, toId: string, fromId: string, toAlias: string, fromAlias: string) =>
  `mountAccessor: ${acc}, toEntity ID: ${toId}, fromEntity ID: ${fromId}, conflicting toEntity alias ID: ${toAlias}, conflicting fromEntity alias ID: ${fromAlias}`;
export const errIdMergeNeitherKept = (fromAlias: string, toAlias: string) =>
  `conflicting mount accessors in following alias IDs and neither were present in conflicting_alias_ids_to_keep: ${fromAlias}, ${toAlias}`;

// ---- metadata (V vault/identity_store_util.go validateMetadata, validateMetaPair; plain errors → 500)
export const errIdInvalidMetadata = (kind: 'entity' | 'group', key: string, value: string, reason: string) =>
  `invalid ${kind} metadata: failed to load metadata pair (${JSON.stringify(key)}, ${JSON.stringify(value)}): ${reason}`;
export const ERR_ID_META_TOO_MANY = 'metadata cannot contain more than 64 key/value pairs';
export const ERR_ID_META_KEY_BLANK = 'key cannot be blank';
export const ERR_ID_META_KEY_CHARS = 'key contains invalid characters';
export const ERR_ID_META_KEY_LONG = 'key is too long (limit: 128 characters)';
export const ERR_ID_META_KEY_RESERVED = 'key prefix "vault-" is reserved for internal use';
export const ERR_ID_META_VALUE_LONG = 'value is too long (limit: 512 characters)';
// V sdk/helper/custommetadata/custom_metadata.go Validate (plain error → 500)
export const ERR_ID_CUSTOM_META_PREFIX = 'custom_metadata validation failed';
export const errIdCustomMetaTooMany = (n: number) => `payload must contain at most 64 keys, provided ${n}`;
export const errIdCustomMetaKeyLength = (k: string, n: number) => `length of key ${JSON.stringify(k)} is ${n} but must be 0 < len(key) <= 128`;
export const errIdCustomMetaValueLength = (k: string, n: number) => `length of value for key ${JSON.stringify(k)} is ${n} but must be 0 < len(value) <= 512`;

// ---- entity aliases (V vault/identity_store_aliases.go) ----------------------------------------
export const ERR_ID_ALIAS_FACTORS = "'id' or 'mount_accessor' and 'name' must be provided";
export const errIdInvalidMountAccessor = (acc: string) => `invalid mount accessor ${JSON.stringify(acc)}`;
export const ERR_ID_INVALID_CANONICAL_ID = 'invalid canonical ID';
export const ERR_ID_ALIAS_EXISTS_FOR_ENTITY = 'Alias already exists for requested entity and mount accessor';
export const ERR_ID_INVALID_ALIAS_ID = 'invalid alias ID provided';
/** Trailing space as in Vault. */
export const ERR_ID_ALIAS_ENTITY_HAS_ACCESSOR = "Alias cannot be updated as the entity already has an alias for the given 'mount_accessor' ";
export const ERR_ID_ALIAS_COMBINATION_EXISTS = 'alias with combination of mount accessor and name already exists';
export const ERR_ID_ALIAS_LOCAL_MOVE = "local aliases can't be moved between entities";
export const ERR_ID_ALIAS_CANONICAL_UNKNOWN = "given 'canonical_id' is not associated with an entity";
/** Trailing space as in Vault. */
export const ERR_ID_ALIAS_TARGET_HAS_MOUNT = 'Alias cannot be updated as the given entity already has an alias for this mount ';

// ---- groups (V vault/identity_store_groups.go, identity_store_util.go sanitizeAndUpsertGroup) ---
export const ERR_ID_INVALID_GROUP_ID = 'invalid group ID';
export const ERR_ID_GROUP_TYPE_CHANGE = 'group type cannot be changed';
export const errIdInvalidGroupType = (t: string) => `invalid group type ${JSON.stringify(t)}`;
export const ERR_ID_GROUP_NAME_IN_USE = 'group name is already in use';
export const ERR_ID_EXTERNAL_MEMBER_ENTITIES = "member entities can't be set manually for external groups";
export const ERR_ID_EXTERNAL_MEMBER_GROUPS = "member groups can't be set for external groups";
export const ERR_ID_EMPTY_GROUP_NAME = 'empty group name';
/** Plain errors → 500. */
export const errIdInvalidEntityId = (id: string) => `invalid entity ID ${JSON.stringify(id)}`;
export const errIdInvalidMemberGroup = (id: string) => `invalid member group ID ${JSON.stringify(id)}`;
export const errIdMemberGroupSelf = (id: string) => `member group ID ${JSON.stringify(id)} is same as the ID of the group`;
/** The one group error turned into a 400. */
export const errIdCyclicGroup = (id: string) => `cyclic relationship detected for member group ID ${JSON.stringify(id)}`;

// ---- group aliases (V vault/identity_store_group_aliases.go handleGroupAliasUpdateCommon) -------
export const ERR_ID_GA_MISSING_NAME = 'missing alias name';
export const ERR_ID_GA_MISSING_ACCESSOR = 'missing mount_accessor';
export const ERR_ID_GA_INVALID_GROUP = "invalid group ID given in 'canonical_id'";
export const ERR_ID_GA_INTERNAL_GROUP = "alias can't be set on an internal group";
export const errIdGaLocalMount = (acc: string) => `mount accessor ${JSON.stringify(acc)} is a local mount`;
export const ERR_ID_GA_IN_USE = 'combination of mount and group alias name is already in use';
export const ERR_ID_GA_INVALID_ID = 'invalid group alias ID';

// ---- lookup (V vault/identity_lookup.go) --------------------------------------------------------
export const ERR_ID_LOOKUP_NONE = 'query parameter not supplied';
export const ERR_ID_LOOKUP_CONFLICT = 'query parameter conflict; please supply distinct set of query parameters';
export const ERR_ID_LOOKUP_ALIAS_PAIR = "both 'alias_name' and 'alias_mount_accessor' needs to be set";

// ---- logins (V vault/request_handling.go handleLoginRequest; plain error → 500) ----------------
export const ERR_ID_MISSING_ALIAS_NAME = 'missing name in alias';

// ---- tokens with an entity alias (V vault/token_store.go handleCreateCommon) --------------------
/** 403 (logical.ErrPermissionDenied with an error response). */
export const ERR_ID_TOKEN_ALIAS_ENTITY_DISABLED = 'entity from given entity alias is disabled';

// ---- OIDC identity tokens (V vault/identity_store_oidc.go) -------------------------------------
export const ERR_OIDC_ISSUER_FORMAT = 'invalid issuer, which must include only a scheme, host, and optional port (e.g. https://example.com:8200)';
export const WARN_OIDC_ISSUER_SET =
  'If "issuer" is set explicitly, all tokens must be validated against that address, including those issued by secondary clusters. Setting issuer to "" will restore the default behavior of using the cluster\'s api_addr as the issuer.';
export const WARN_OIDC_NO_ISSUER = 'Both "issuer" and Vault\'s "api_addr" are empty. The issuer claim in generated tokens will not be network reachable.';
/** V vault/identity_store_oidc.go oidcConfig.fullIssuer (CE validChildIssuer accepts only the base issuer). */
export const errOidcInvalidChildIssuer = (child: string) => `invalid child issuer ${JSON.stringify(child)}`;
export const ERR_OIDC_ROTATION_MIN = 'rotation_period must be at least one minute';
export const ERR_OIDC_VERIFICATION_TTL = 'verification_ttl cannot be longer than 10x rotation_period';
export const errOidcUnknownAlgorithm = (alg: string) => `unknown signing algorithm ${JSON.stringify(alg)}`;
export const errOidcKeyTtlConflict = (key: string, seconds: number) =>
  `unable to update key ${JSON.stringify(key)} because it is currently referenced by one or more roles with a token ttl greater than ${seconds} seconds`;
export const ERR_OIDC_DELETE_DEFAULT_KEY = 'deletion of key "default" not allowed';
export const errOidcKeyInUse = (key: string, roles: string[]) =>
  `unable to delete key ${JSON.stringify(key)} because it is currently referenced by these roles: ${roles.join(', ')}`;
export const errOidcNoNamedKey = (name: string) => `no named key found at ${JSON.stringify(name)}`;
export const ERR_OIDC_KEY_REQUIRED = 'the key parameter is required';
export const errOidcCannotFindKey = (key: string) => `cannot find key ${JSON.stringify(key)}`;
export const ERR_OIDC_ROLE_TTL = "a role's token ttl cannot be longer than the verification_ttl of the key it references";
export const warnOidcTtlCapped = (ns: bigint) => `${ERR_OIDC_ROLE_TTL}, setting token ttl to ${ns}`;
export const errOidcParsingTemplate = (err: string) => `error parsing template: ${err}`;
export const errOidcParsingTemplateJson = (err: string) => `error parsing template JSON: ${err}`;
export const errOidcTopLevelKey = (key: string) =>
  `top level key ${JSON.stringify(key)} not allowed. Restricted keys: iat, aud, exp, iss, sub, namespace, nonce, auth_time, at_hash, c_hash`;
export const errOidcRoleNotFound = (role: string) => `role ${JSON.stringify(role)} not found`;
export const errOidcKeyNotFound = (key: string) => `key ${JSON.stringify(key)} not found`;
export const errOidcClientNotAllowed = (key: string, role: string) =>
  `the key ${JSON.stringify(key)} does not list the client ID of the role ${JSON.stringify(role)} as an allowed client ID`;
export const ERR_OIDC_NO_ENTITY = "no entity associated with the request's token";
// introspect (V pathOIDCIntrospect; LIB go-jose/go-jose v3 error texts)
export const ERR_OIDC_JWS_PARTS = 'error parsing token: go-jose/go-jose: compact JWS format must have three parts';
export const ERR_OIDC_SIGNATURE = 'unable to validate the token signature';
export const errOidcClaims = (why: string) => `error validating claims: go-jose/go-jose/jwt: validation failed, ${why}`;
export const ERR_OIDC_ENTITY_NOT_FOUND = 'entity was not found';
export const ERR_OIDC_ENTITY_DISABLED = 'entity is disabled';

// ---- the OIDC provider's objects (V vault/identity_store_oidc_provider.go) -----------------------
export const errOidcModifyAssignment = (name: string) => `modification of assignment ${JSON.stringify(name)} not allowed`;
export const errOidcDeleteAssignment = (name: string) => `deletion of assignment ${JSON.stringify(name)} not allowed`;
export const errOidcAssignmentInUse = (name: string, clients: string[]) =>
  `unable to delete assignment ${JSON.stringify(name)} because it is currently referenced by these clients: ${clients.join(', ')}`;
export const errOidcScopeReserved = (name: string) => `the ${JSON.stringify(name)} scope name is reserved`;
export const errOidcScopeInUse = (name: string, providers: string[]) =>
  `unable to delete scope ${JSON.stringify(name)} because it is currently referenced by these providers: ${providers.join(', ')}`;
export const errOidcAssignmentMissing = (name: string) => `assignment ${JSON.stringify(name)} does not exist`;
export const ERR_OIDC_KEY_MODIFICATION = 'key modification is not allowed';
export const errOidcKeyMissing = (name: string) => `key ${JSON.stringify(name)} does not exist`;
export const ERR_OIDC_CLIENT_TTL = "a client's id_token_ttl cannot be greater than the verification_ttl of the key it references";
export const ERR_OIDC_CLIENT_TYPE_MODIFICATION = 'client_type modification is not allowed';
export const errOidcInvalidClientType = (t: string) => `invalid client_type ${JSON.stringify(t)}`;
export const errOidcScopeMissing = (name: string) => `scope ${JSON.stringify(name)} does not exist`;
export const warnOidcScopeConflict = (key: string, scope: string, other: string) =>
  `Found scope templates with conflicting top-level keys: conflict ${JSON.stringify(key)} in scopes ${JSON.stringify(scope)}, ${JSON.stringify(other)}. This may result in an error if the scopes are requested in an OIDC Authentication Request.`;
export const errOidcDeleteProvider = (name: string) => `deletion of OIDC provider ${JSON.stringify(name)} not allowed`;
export const errOidcKeyInUseByClients = (key: string, clients: string[]) =>
  `unable to delete key ${JSON.stringify(key)} because it is currently referenced by these clients: ${clients.join(', ')}`;
export const errOidcKeyClientTtlConflict = (key: string, seconds: number) =>
  `unable to update key ${JSON.stringify(key)} because it is currently referenced by one or more clients with an id_token_ttl greater than ${seconds} seconds`;

// ---- OIDC provider flow (V vault/identity_store_oidc_provider.go pathOIDCAuthorize, pathOIDCToken,
// pathOIDCUserInfo; the codes are the OAuth 2.0 / OIDC error codes of its constants) ----------------
export const OIDC_FLOW = {
  clientIdRequired: 'client_id parameter is required',
  clientNotFound: 'client with client_id not found',
  redirectRequired: 'redirect_uri parameter is required',
  redirectNotAllowed: 'redirect_uri is not allowed for the client',
  providerNotFound: 'provider not found',
  clientNotAuthorizedProvider: 'client is not authorized to use the provider',
  requestNotSupported: 'request parameter is not supported',
  requestUriNotSupported: 'request_uri parameter is not supported',
  scopeOpenid: 'scope parameter must contain the "openid" value',
  responseTypeRequired: 'response_type parameter is required',
  responseTypeUnsupported: 'unsupported response_type value',
  entityRequired: 'identity entity must be associated with the request',
  entityNotFound: 'identity entity associated with the request not found',
  notAssigned: 'identity entity not authorized by client assignment',
  pkceRequired: 'PKCE is required for public clients',
  badChallengeMethod: 'invalid code_challenge_method',
  badChallenge: 'invalid code_challenge',
  maxAgeZero: 'max_age must be greater than zero',
  tokenNotFound: 'token associated with request not found',
  maxAgeViolation: 'active re-authentication is required by max_age',
  clientAuthFailed: 'client failed to authenticate',
  clientNotAuthorizedKey: 'client is not authorized to use the key',
  grantTypeRequired: 'grant_type parameter is required',
  grantTypeUnsupported: 'unsupported grant_type value',
  codeRequired: 'code parameter is required',
  grantInvalid: 'authorization grant is invalid or expired',
  codeOtherClient: 'authorization code was not issued to the client',
  codeOtherProvider: 'authorization code was not issued by the provider',
  redirectMismatch: 'redirect_uri does not match the redirect_uri used in the authorization request',
  unexpectedVerifier: 'unexpected code_verifier for token exchange',
  expectedVerifier: 'expected code_verifier for token exchange',
  badVerifier: 'invalid code_verifier for token exchange',
  bearerRequired: 'access token must be sent as a Bearer token',
  accessTokenExpired: 'access token is expired',
  accessTokenInvalid: 'access token is malformed or invalid',
  noClientIdMeta: 'expected client ID in token metadata',
  userinfoClientNotFound: 'client not found',
  /** minivault's own: the identity store was built without the token store (never in a whole core). */
  noTokenStore: 'token store unavailable',
} as const;
export const errOidcClientKeyNotFound = (key: string) => `client key ${JSON.stringify(key)} not found`;
export const errOidcAssignmentNotFound = (a: string) => `client assignment ${JSON.stringify(a)} not found`;
export const errOidcScopeClaimConflict = (claim: string, scope: string, other: string) =>
  `found scopes with conflicting top-level claim: claim ${JSON.stringify(claim)} in scopes ${JSON.stringify(scope)}, ${JSON.stringify(other)}`;

// ---- templating (V sdk/helper/identitytpl/templating.go) ----------------------------------------
export const ERR_TPL_UNBALANCED = 'unbalanced templating characters';
export const ERR_TPL_NO_ENTITY = 'string contains entity template directives but no entity was provided';
export const ERR_TPL_NO_GROUPS = 'string contains groups template directives but no groups were provided';
export const ERR_TPL_NO_VALUE = 'no value could be found for one of the template directives';
export const errTplNotMember = (g: string) => `entity is not a member of group ${JSON.stringify(g)}`;

