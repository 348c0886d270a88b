// The identity mount's OIDC path table as routing, help and OpenAPI see it (V vault/identity_store_oidc.go
// oidcPaths, vault/identity_store_oidc_provider.go oidcProviderPaths): patterns, fields, operations
// and help only. The handlers live in oidc-paths.ts and oidc-provider.ts, loaded with the OIDC store
// (keys, tokens, the provider flow) on the first request that reaches one of these paths, so a
// server that never uses identity tokens never loads them.
import type { FieldSchemas, PathSpec } from '../framework/types.js';
import type { Operation } from '../logical/types.js';
import { GENERIC_NAME } from './entity-paths.js';

const DAY = 86_400;

/** A path of the table: its operations named, its handlers (and existence check) loaded later. */
interface RouteDecl extends Omit<PathSpec, 'operations' | 'existenceCheck'> {
  readonly ops: readonly Operation[];
  readonly exists?: boolean;
}

/** What the implementation answers for a pattern. */
export type RouteImpl = Pick<PathSpec, 'pattern' | 'operations' | 'existenceCheck'>;

const NAME = (what: string): FieldSchemas => ({ name: { type: 'string', description: `Name of the ${what}` } });

const KEY_FIELDS: FieldSchemas = {
  name: { type: 'string', description: 'Name of the key' },
  rotation_period: { type: 'duration_second', default: DAY, description: 'How often to generate a new keypair.' },
  verification_ttl: { type: 'duration_second', default: DAY, description: 'Controls how long the public portion of a key will be available for verification after being rotated.' },
  algorithm: { type: 'string', default: 'RS256', description: 'Signing algorithm to use. This will default to RS256.' },
  allowed_client_ids: { type: 'comma_string_slice', description: 'Comma separated string or array of role client ids allowed to use this key for signing. If empty no roles are allowed. If "*" all roles are allowed.' },
};

const ROLE_FIELDS: FieldSchemas = {
  name: { type: 'string', description: 'Name of the role' },
  key: { type: 'string', description: 'The OIDC key to use for generating tokens. The specified key must already exist.' },
  template: { type: 'string', description: 'The template string to use for generating tokens. This may be in string-ified JSON or base64 format.' },
  ttl: { type: 'duration_second', default: DAY, description: 'TTL of the tokens generated against the role.' },
  client_id: { type: 'string', description: 'Optional client_id' },
};

const CRUD_FIELDS: Record<'assignment' | 'scope' | 'client' | 'provider', FieldSchemas> = {
  assignment: {
    name: { type: 'string', description: 'Name of the assignment' },
    entity_ids: { type: 'comma_string_slice', description: 'Comma separated string or array of identity entity IDs' },
    group_ids: { type: 'comma_string_slice', description: 'Comma separated string or array of identity group IDs' },
  },
  scope: {
    name: { type: 'string', description: 'Name of the scope' },
    template: { type: 'string', description: 'The template string to use for the scope. This may be in string-ified JSON or base64 format.' },
    description: { type: 'string', description: 'The description of the scope' },
  },
  client: {
    name: { type: 'string', description: 'Name of the client.' },
    redirect_uris: { type: 'comma_string_slice', description: 'Comma separated string or array of redirect URIs used by the client.' },
    assignments: { type: 'comma_string_slice', description: 'Comma separated string or array of assignment resources.' },
    key: { type: 'string', default: 'default', description: "A reference to a named key resource. Cannot be modified after creation. Defaults to the 'default' key." },
    id_token_ttl: { type: 'duration_second', default: DAY, description: 'The time-to-live for ID tokens obtained by the client.' },
    access_token_ttl: { type: 'duration_second', default: DAY, description: 'The time-to-live for access tokens obtained by the client.' },
    client_type: { type: 'string', default: 'confidential', description: "The client type: 'confidential' (default) or 'public'." },
  },
  provider: {
    name: { type: 'string', description: 'Name of the provider' },
    issuer: { type: 'string', description: 'Specifies what will be used for the iss claim of ID tokens.' },
    allowed_client_ids: { type: 'comma_string_slice', description: 'The client IDs that are permitted to use the provider' },
    scopes_supported: { type: 'comma_string_slice', description: 'The scopes supported for requesting on the provider' },
  },
};

const CRUD = ['create', 'update', 'read', 'delete'] as const;

const providerObjects = (kind: 'assignment' | 'scope' | 'client' | 'provider'): RouteDecl[] => [
  {
    pattern: `oidc/${kind}/${GENERIC_NAME('name')}`, fields: CRUD_FIELDS[kind], ops: CRUD, exists: true,
    helpSynopsis: `CRUD operations for OIDC ${kind}s.`, helpDescription: `Create, Read, Update, and Delete OIDC ${kind}s.`,
  },
  {
    pattern: `oidc/${kind}/?$`, ops: ['list'],
    fields: kind === 'provider' ? { allowed_client_id: { type: 'string', query: true, description: 'Filters the list of OIDC providers to those that allow the given client ID in their set of allowed_client_ids.' } } : {},
    helpSynopsis: `List OIDC ${kind}s`, helpDescription: `List all configured OIDC ${kind}s in the identity backend.`,
  },
];

const DISCOVERY_HELP = 'Query this path to retrieve the configured OIDC Issuer and Keys endpoints, response types, subject types, and signing algorithms used by the OIDC backend.';

export const OIDC_ROUTES: readonly RouteDecl[] = [
  {
    pattern: 'oidc/config/?$', ops: ['read', 'update'],
    fields: { issuer: { type: 'string', description: 'Issuer URL to be used in the iss claim of the token. If not set, Vault\'s app_addr will be used.' } },
    helpSynopsis: 'OIDC configuration', helpDescription: 'Update OIDC configuration in the identity backend',
  },
  {
    pattern: `oidc/key/${GENERIC_NAME('name')}/rotate/?$`, ops: ['update'],
    fields: { name: KEY_FIELDS.name!, verification_ttl: { type: 'duration_second', description: 'Controls how long the public portion of a key will be available for verification after being rotated. Setting verification_ttl here will override the verification_ttl set on the key.' } },
    helpSynopsis: 'Rotate a named OIDC key.',
    helpDescription: 'Manually rotate a named OIDC key. Rotating a named key will cause a new underlying signing key to be generated.',
  },
  {
    pattern: `oidc/key/${GENERIC_NAME('name')}/?$`, fields: KEY_FIELDS, ops: CRUD, exists: true,
    helpSynopsis: 'CRUD operations for OIDC keys.', helpDescription: 'Create, Read, Update, and Delete OIDC named keys.',
  },
  { pattern: 'oidc/key/?$', ops: ['list'], helpSynopsis: 'List OIDC keys', helpDescription: 'List all named OIDC keys' },
  { pattern: 'oidc/\\.well-known/openid-configuration/?$', ops: ['read'], helpSynopsis: 'Query OIDC configurations', helpDescription: DISCOVERY_HELP },
  {
    pattern: 'oidc/\\.well-known/keys/?$', ops: ['read'], helpSynopsis: 'Retrieve public keys',
    helpDescription: 'Query this path to retrieve the public portion of keys used to sign OIDC tokens. Clients can use this to validate the authenticity of the OIDC token claims.',
  },
  {
    // optionalChildIssuerRegex: Vault CE knows no child issuer but the base one (validChildIssuer).
    pattern: 'oidc/(?P<child>[^/]+)/\\.well-known/(openid-configuration|keys)/?$', ops: ['read'],
    fields: { child: { type: 'string', description: 'Name of the child issuer' } },
    helpSynopsis: 'Query OIDC configurations of a child issuer',
    helpDescription: 'Vault CE has no child issuer besides the base one; any other answers that it is invalid.',
  },
  {
    pattern: `oidc/role/${GENERIC_NAME('name')}/?$`, fields: ROLE_FIELDS, ops: CRUD, exists: true,
    helpSynopsis: 'CRUD operations on OIDC Roles', helpDescription: 'Create a role which can be used to generate OIDC tokens.',
  },
  { pattern: 'oidc/role/?$', ops: ['list'], helpSynopsis: 'List configured OIDC roles', helpDescription: 'List all configured OIDC roles in the identity backend.' },
  {
    pattern: `oidc/token/${GENERIC_NAME('name')}`, fields: NAME('role'), ops: ['read'], helpSynopsis: 'Generate an OIDC token',
    helpDescription: 'Generate an OIDC token against a configured role. The vault token used to call this path must have a corresponding entity.',
  },
  {
    pattern: 'oidc/introspect/?$', ops: ['update'],
    fields: { token: { type: 'string', description: 'Token to verify' }, client_id: { type: 'string', description: 'Optional client_id to verify' } },
    helpSynopsis: 'Verify the authenticity of an OIDC token',
    helpDescription: 'Use this path to verify the authenticity of an OIDC token and whether the associated entity is active and enabled.',
  },
  ...providerObjects('assignment'), ...providerObjects('scope'), ...providerObjects('client'), ...providerObjects('provider'),
  {
    pattern: `oidc/provider/${GENERIC_NAME('name')}/\\.well-known/openid-configuration`, fields: NAME('provider'), ops: ['read'],
    helpSynopsis: 'Query OIDC configurations', helpDescription: DISCOVERY_HELP,
  },
  {
    pattern: `oidc/provider/${GENERIC_NAME('name')}/\\.well-known/keys`, fields: NAME('provider'), ops: ['read'], helpSynopsis: 'Retrieve public keys',
    helpDescription: 'Returns the public portion of keys for a named OIDC provider. Clients can use them to validate the authenticity of an ID token.',
  },
  {
    pattern: `oidc/provider/${GENERIC_NAME('name')}/authorize`, ops: ['read', 'update'],
    fields: {
      ...NAME('provider'),
      client_id: { type: 'string', required: true, query: true, description: 'The ID of the requesting client.' },
      scope: { type: 'string', required: true, query: true, description: "A space-delimited, case-sensitive list of scopes to be requested. The 'openid' scope is required." },
      redirect_uri: { type: 'string', required: true, query: true, description: 'The redirection URI to which the response will be sent.' },
      response_type: { type: 'string', required: true, query: true, description: "The OIDC authentication flow to be used. The following response types are supported: 'code'" },
      state: { type: 'string', query: true, description: 'The value used to maintain state between the authentication request and client.' },
      nonce: { type: 'string', query: true, description: 'The value that will be returned in the ID token nonce claim after a token exchange.' },
      max_age: { type: 'int', query: true, description: 'The allowable elapsed time in seconds since the last time the end-user was actively authenticated.' },
      code_challenge: { type: 'string', query: true, description: 'The code challenge derived from the code verifier.' },
      code_challenge_method: { type: 'string', default: 'plain', query: true, description: "The method that was used to derive the code challenge. The following methods are supported: 'S256', 'plain'. Defaults to 'plain'." },
    },
    helpSynopsis: 'Provides the OIDC Authorization Endpoint.',
    helpDescription: 'The OIDC Authorization Endpoint performs authentication and authorization by using request parameters defined by OpenID Connect (OIDC).',
  },
  {
    pattern: `oidc/provider/${GENERIC_NAME('name')}/token`, ops: ['update'],
    fields: {
      ...NAME('provider'),
      code: { type: 'string', required: true, description: "The authorization code received from the provider's authorization endpoint." },
      grant_type: { type: 'string', required: true, description: "The authorization grant type. The following grant types are supported: 'authorization_code'." },
      redirect_uri: { type: 'string', required: true, description: 'The callback location where the authentication response was sent.' },
      code_verifier: { type: 'string', description: 'The code verifier associated with the authorization code.' },
      client_id: { type: 'string', description: 'The ID of the requesting client.' },
      client_secret: { type: 'string', description: 'The secret of the requesting client.' },
    },
    helpSynopsis: 'Provides the OIDC Token Endpoint.',
    helpDescription: 'The OIDC Token Endpoint allows a client to exchange its Authorization Grant for an Access Token and ID Token.',
  },
  {
    pattern: `oidc/provider/${GENERIC_NAME('name')}/userinfo`, fields: NAME('provider'), ops: ['read', 'update'],
    helpSynopsis: 'Provides the OIDC UserInfo Endpoint.', helpDescription: 'The OIDC UserInfo Endpoint returns claims about the authenticated end-user.',
  },
];

/**
 * The table with handlers that load the implementation first: `load` answers the implementation's
 * entries (once; later calls reuse its promise) and each call goes to the entry of the same pattern.
 */
export function lazyOidcPaths(load: () => Promise<readonly RouteImpl[]>): PathSpec[] {
  let byPattern: Promise<Map<string, RouteImpl>> | undefined;
  const impl = async (pattern: string): Promise<RouteImpl> => {
    byPattern ??= load().then((list) => new Map(list.map((r) => [r.pattern, r])));
    byPattern.catch(() => { byPattern = undefined; }); // a failed load is tried again by the next request
    const found = (await byPattern).get(pattern);
    if (!found) throw new Error(`identity: no OIDC handler for ${pattern}`);
    return found;
  };
  return OIDC_ROUTES.map(({ ops, exists, ...decl }) => ({
    ...decl,
    operations: Object.fromEntries(ops.map((op) => [op, async (req, d) => {
      const entry = (await impl(decl.pattern)).operations[op]!;
      return (typeof entry === 'function' ? entry : entry.handler)(req, d);
    }])) as PathSpec['operations'],
    ...(exists ? { existenceCheck: async (req, d) => (await impl(decl.pattern)).existenceCheck!(req, d) } : {}),
  }));
}
