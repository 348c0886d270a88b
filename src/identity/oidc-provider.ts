// The OIDC provider's configuration objects (V vault/identity_store_oidc_provider.go
// oidcProviderPaths): assignments, scopes, clients and providers (CRUD and LIST, each with an
// existence check), a provider's unauthenticated discovery document and JWK set, and the paths of
// the authorization code flow (authorize, token, userinfo; the flow itself is oidc-flow.ts).
import { rawJsonResponse } from '../logical/raw-body.js';
import {
  ERR_OIDC_CLIENT_TTL, ERR_OIDC_CLIENT_TYPE_MODIFICATION, ERR_OIDC_ISSUER_FORMAT, ERR_OIDC_KEY_MODIFICATION,
  WARN_OIDC_ISSUER_SET, errOidcAssignmentInUse, errOidcAssignmentMissing, errOidcDeleteAssignment, errOidcDeleteProvider,
  errOidcInvalidClientType, errOidcKeyMissing, errOidcModifyAssignment, errOidcScopeInUse, errOidcScopeMissing, errOidcScopeReserved,
  warnOidcScopeConflict,
} from '../errors/identity.js';
import { GoError, VaultError } from '../errors/vault-error.js';
import { populateString } from '../auth/acl-templating.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import { randomBase62 } from '../util/random.js';
import { GENERIC_NAME } from './entity-paths.js';
import { OidcFlow } from './oidc-flow.js';
import { ALGORITHMS } from './oidc-keys.js';
import type { Client, OidcStore, ProviderKind } from './oidc-store.js';
import { parseRoleTemplate } from './oidc-token.js';

const DAY = 86_400;
export const ISSUER_FORMAT = /^https?:\/\/[^/?#@\s]+$/;
type Req = FrameworkRequest;

/** strutil.RemoveDuplicates: trimmed, non-empty, de-duplicated, sorted (lower-cased when asked). */
const removeDuplicates = (list: readonly string[] | null, lower = false) =>
  [...new Set((list ?? []).map((s) => (lower ? s.trim().toLowerCase() : s.trim())).filter((s) => s !== ''))].sort();

/** `value` when the field was sent, else the current value, else (create) the field's default. */
function take<T>(d: FieldData, name: string, current: T | undefined): T {
  const got = d.getOk<T>(name);
  return got.ok ? got.value : current ?? d.get<T>(name);
}

const crud = (oidc: OidcStore, kind: ProviderKind, extra: Omit<PathSpec, 'pattern' | 'existenceCheck' | 'operations'> & {
  write: (req: Req, d: FieldData, name: string) => Promise<LogicalResponse | null>;
  read: (name: string) => Record<string, unknown> | undefined;
  remove: (name: string) => Promise<null>;
}): PathSpec[] => [
  {
    pattern: `oidc/${kind}/${GENERIC_NAME('name')}`,
    fields: extra.fields,
    existenceCheck: async (req: Req) => oidc.provider[kind].has(req.captures.name ?? ''),
    operations: {
      create: async (req: Req, d) => extra.write(req, d, req.captures.name ?? ''),
      update: async (req: Req, d) => extra.write(req, d, req.captures.name ?? ''),
      read: async (req: Req) => {
        const data = extra.read(req.captures.name ?? '');
        return data ? { data } : null;
      },
      delete: async (req: Req) => extra.remove(req.captures.name ?? ''),
    },
    helpSynopsis: `CRUD operations for OIDC ${kind}s.`,
    helpDescription: `Create, Read, Update, and Delete OIDC ${kind}s.`,
  },
];

const listOf = (oidc: OidcStore, kind: ProviderKind, info?: (name: string) => Record<string, unknown>): PathSpec => ({
  pattern: `oidc/${kind}/?$`,
  fields: kind === 'provider' ? { allowed_client_id: { type: 'string', query: true, description: 'Filters the list of OIDC providers to those that allow the given client ID in their set of allowed_client_ids.' } } : {},
  operations: {
    list: async (_req: Req, d) => {
      let keys = [...oidc.provider[kind].keys()].sort();
      const clientId = kind === 'provider' ? d.get<string>('allowed_client_id') : '';
      if (clientId !== '') keys = keys.filter((k) => oidc.provider.provider.get(k)!.allowedClientIds.some((c) => c === '*' || c === clientId));
      if (!info) return { data: { keys } };
      return { data: keys.length > 0 ? { key_info: Object.fromEntries(keys.map((k) => [k, info(k)])), keys } : { keys } };
    },
  },
  helpSynopsis: `List OIDC ${kind}s`,
  helpDescription: `List all configured OIDC ${kind}s in the identity backend.`,
});

function clientView(c: Client, secret: boolean): Record<string, unknown> {
  const d: Record<string, unknown> = {
    access_token_ttl: c.accessTokenTtl, assignments: [...c.assignments], client_id: c.clientId,
    ...(secret && c.type === 'confidential' ? { client_secret: c.clientSecret } : {}),
    client_type: c.type, id_token_ttl: c.idTokenTtl, key: c.key, redirect_uris: [...c.redirectUris],
  };
  return d;
}

export function oidcProviderPaths(oidc: OidcStore, deps: { apiAddr(): string; entityOfToken(token: string | undefined): Promise<string> }): PathSpec[] {
  const issuerOf = (name: string) => `${oidc.provider.provider.get(name)!.issuer || deps.apiAddr()}/v1/identity/oidc/provider/${name}`;
  const flow = new OidcFlow(oidc, { entityOfToken: (t) => deps.entityOfToken(t), issuerOf });
  const providerView = (name: string) => {
    const p = oidc.provider.provider.get(name)!;
    return { allowed_client_ids: [...p.allowedClientIds], issuer: issuerOf(name), scopes_supported: [...p.scopesSupported] };
  };
  const P = oidc.provider;
  return [
    ...crud(oidc, 'assignment', {
      fields: {
        name: { type: 'string', description: 'Name of the assignment' },
        entity_ids: { type: 'comma_string_slice', description: 'Comma separated string or array of identity entity IDs' },
        group_ids: { type: 'comma_string_slice', description: 'Comma separated string or array of identity group IDs' },
      },
      write: async (_req, d, name) => {
        if (name === 'allow_all') throw new VaultError(400, errOidcModifyAssignment(name));
        const cur = P.assignment.get(name);
        await oidc.saveProviderObject('assignment', name, {
          entityIds: removeDuplicates(take(d, 'entity_ids', cur?.entityIds), true), groupIds: removeDuplicates(take(d, 'group_ids', cur?.groupIds), true),
        });
        return null;
      },
      read: (name) => {
        const a = P.assignment.get(name);
        return a && { entity_ids: [...a.entityIds], group_ids: [...a.groupIds] };
      },
      remove: async (name) => {
        if (name === 'allow_all') throw new VaultError(400, errOidcDeleteAssignment(name));
        const users = [...P.client].filter(([, c]) => c.assignments.includes(name)).map(([n]) => n).sort();
        if (users.length > 0) throw new VaultError(400, errOidcAssignmentInUse(name, users));
        await oidc.deleteProviderObject('assignment', name);
        return null;
      },
    }),
    listOf(oidc, 'assignment'),
    ...crud(oidc, 'scope', {
      fields: {
        name: { type: 'string', description: 'Name of the scope' },
        template: { type: 'string', description: 'The template string to use for the scope. This may be in string-ified JSON or base64 format.' },
        description: { type: 'string', description: 'The description of the scope' },
      },
      write: async (_req, d, name) => {
        if (name === 'openid') throw new VaultError(400, errOidcScopeReserved('openid'));
        const cur = P.scope.get(name);
        const description = take(d, 'description', cur?.description);
        const template = parseRoleTemplate(take(d, 'template', cur?.template), oidc.identity.now());
        await oidc.saveProviderObject('scope', name, { template, description });
        return null;
      },
      read: (name) => {
        const s = P.scope.get(name);
        return s && { description: s.description, template: s.template };
      },
      remove: async (name) => {
        const users = [...P.provider].filter(([, p]) => p.scopesSupported.includes(name)).map(([n]) => n).sort();
        if (users.length > 0) throw new VaultError(400, errOidcScopeInUse(name, users));
        await oidc.deleteProviderObject('scope', name);
        return null;
      },
    }),
    listOf(oidc, 'scope'),
    ...crud(oidc, 'client', {
      fields: {
        name: { type: 'string', description: 'Name of the client.' },
        redirect_uris: { type: 'comma_string_slice', description: 'Comma separated string or array of redirect URIs used by the client.' },
        assignments: { type: 'comma_string_slice', description: 'Comma separated string or array of assignment resources.' },
        key: { type: 'string', default: 'default', description: "A reference to a named key resource. Cannot be modified after creation. Defaults to the 'default' key." },
        id_token_ttl: { type: 'duration_second', default: DAY, description: 'The time-to-live for ID tokens obtained by the client.' },
        access_token_ttl: { type: 'duration_second', default: DAY, description: 'The time-to-live for access tokens obtained by the client.' },
        client_type: { type: 'string', default: 'confidential', description: "The client type: 'confidential' (default) or 'public'." },
      },
      write: async (_req, d, name) => {
        const cur = P.client.get(name);
        const redirectUris = removeDuplicates(take(d, 'redirect_uris', cur?.redirectUris));
        const assignments = removeDuplicates(take(d, 'assignments', cur?.assignments));
        for (const a of assignments) if (!P.assignment.has(a)) throw new VaultError(400, errOidcAssignmentMissing(a));
        const keyGiven = d.getOk<string>('key');
        if (cur && keyGiven.ok && keyGiven.value !== cur.key) throw new VaultError(400, ERR_OIDC_KEY_MODIFICATION);
        const keyName = take(d, 'key', cur?.key);
        const key = oidc.keys.get(keyName);
        if (!key) throw new VaultError(400, errOidcKeyMissing(keyName));
        if (keyName === 'default' && key.signingKey === null) await oidc.rotate(key, key.verificationTtl);
        const idTokenTtl = take(d, 'id_token_ttl', cur?.idTokenTtl);
        if (idTokenTtl > key.verificationTtl) throw new VaultError(400, ERR_OIDC_CLIENT_TTL);
        const accessTokenTtl = take(d, 'access_token_ttl', cur?.accessTokenTtl);
        let type = cur?.type ?? 'confidential';
        const typeGiven = d.getOk<string>('client_type');
        if (typeGiven.ok) {
          if (cur && cur.type !== typeGiven.value) throw new VaultError(400, ERR_OIDC_CLIENT_TYPE_MODIFICATION);
          if (typeGiven.value !== 'confidential' && typeGiven.value !== 'public') throw new VaultError(400, errOidcInvalidClientType(typeGiven.value));
          type = typeGiven.value;
        }
        const random = oidc.identity.random;
        const clientId = cur?.clientId || randomBase62(random, 32);
        const clientSecret = type === 'confidential' ? cur?.clientSecret || `hvo_secret_${randomBase62(random, 64)}` : cur?.clientSecret ?? '';
        await oidc.saveProviderObject('client', name, { redirectUris, assignments, key: keyName, idTokenTtl, accessTokenTtl, type, clientId, clientSecret });
        return null;
      },
      read: (name) => {
        const c = P.client.get(name);
        return c && clientView(c, true);
      },
      remove: async (name) => {
        await oidc.deleteProviderObject('client', name);
        return null;
      },
    }),
    listOf(oidc, 'client', (name) => clientView(P.client.get(name)!, false)),
    ...crud(oidc, 'provider', {
      fields: {
        name: { type: 'string', description: 'Name of the provider' },
        issuer: { type: 'string', description: 'Specifies what will be used for the iss claim of ID tokens.' },
        allowed_client_ids: { type: 'comma_string_slice', description: 'The client IDs that are permitted to use the provider' },
        scopes_supported: { type: 'comma_string_slice', description: 'The scopes supported for requesting on the provider' },
      },
      write: async (_req, d, name) => {
        const cur = P.provider.get(name);
        const issuer = take(d, 'issuer', cur?.issuer);
        const allowedClientIds = removeDuplicates(take(d, 'allowed_client_ids', cur?.allowedClientIds));
        const scopesSupported = removeDuplicates(take(d, 'scopes_supported', cur?.scopesSupported));
        const warnings: string[] = [];
        if (issuer !== '') {
          if (!ISSUER_FORMAT.test(issuer)) throw new VaultError(400, ERR_OIDC_ISSUER_FORMAT);
          warnings.push(WARN_OIDC_ISSUER_SET);
        }
        const owners = new Map<string, string>();
        for (const s of scopesSupported) {
          const scope = P.scope.get(s);
          if (!scope) throw new VaultError(400, errOidcScopeMissing(s));
          if (scope.template === '') continue;
          let keys: string[];
          try {
            keys = Object.keys(JSON.parse(populateString(scope.template, { entity: { id: '', name: '', metadata: {}, aliases: [] }, nowMs: oidc.identity.now() }, 'json')) ?? {});
          } catch (e) {
            throw new GoError(500, `error parsing template for scope ${JSON.stringify(s)}: ${(e as Error).message}`);
          }
          for (const k of keys) {
            const other = owners.get(k);
            if (other !== undefined && other !== s) warnings.push(warnOidcScopeConflict(k, s, other));
            owners.set(k, s);
          }
        }
        await oidc.saveProviderObject('provider', name, { issuer, allowedClientIds, scopesSupported });
        return warnings.length > 0 ? { data: null, warnings } : null;
      },
      read: (name) => (P.provider.has(name) ? providerView(name) : undefined),
      remove: async (name) => {
        if (name === 'default') throw new VaultError(400, errOidcDeleteProvider(name));
        await oidc.deleteProviderObject('provider', name);
        return null;
      },
    }),
    listOf(oidc, 'provider', providerView),
    {
      pattern: `oidc/provider/${GENERIC_NAME('name')}/\\.well-known/openid-configuration`,
      fields: { name: { type: 'string', description: 'Name of the provider' } },
      operations: {
        read: async (req: Req) => {
          const name = req.captures.name ?? '';
          const p = P.provider.get(name);
          if (!p) return null;
          const issuer = issuerOf(name);
          return rawJsonResponse({
                issuer, jwks_uri: `${issuer}/.well-known/keys`, authorization_endpoint: `${issuer.replace('/v1/', '/ui/vault/')}/authorize`,
                token_endpoint: `${issuer}/token`, userinfo_endpoint: `${issuer}/userinfo`, request_parameter_supported: false,
                request_uri_parameter_supported: false, id_token_signing_alg_values_supported: [...ALGORITHMS], response_types_supported: ['code'],
                scopes_supported: [...p.scopesSupported, 'openid'], claims_supported: [], subject_types_supported: ['public'],
                grant_types_supported: ['authorization_code'], token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
          }, 200, { cacheControl: 'max-age=3600' });
        },
      },
      helpSynopsis: 'Query OIDC configurations',
      helpDescription: 'Query this path to retrieve the configured OIDC Issuer and Keys endpoints, response types, subject types, and signing algorithms used by the OIDC backend.',
    },
    {
      pattern: `oidc/provider/${GENERIC_NAME('name')}/\\.well-known/keys`,
      fields: { name: { type: 'string', description: 'Name of the provider' } },
      operations: {
        read: async (req: Req) => {
          await oidc.tick();
          const p = P.provider.get(req.captures.name ?? '');
          if (!p) return null;
          // keyIDsReferencedByTargetClientIDs: every client's key with "*", else the listed clients' keys.
          const clients = [...P.client.values()];
          let keyNames = new Set(p.allowedClientIds.includes('*') ? clients.map((c) => c.key) : []);
          if (keyNames.size === 0) keyNames = new Set(clients.filter((c) => p.allowedClientIds.includes(c.clientId)).map((c) => c.key));
          const keys = [...keyNames].flatMap((k) => oidc.keys.get(k)?.keyRing ?? []).map((e) => oidc.publicKeys.get(e.kid)).filter((j) => j !== undefined);
          return rawJsonResponse({ keys }, 200, keys.length > 0 ? { cacheControl: `max-age=${oidc.secondsToNextRotation()}` } : {});
        },
      },
      helpSynopsis: 'Retrieve public keys',
      helpDescription: 'Returns the public portion of keys for a named OIDC provider. Clients can use them to validate the authenticity of an ID token.',
    },
    {
      pattern: `oidc/provider/${GENERIC_NAME('name')}/authorize`,
      fields: {
        name: { type: 'string', description: 'Name of the provider' },
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
      operations: {
        read: async (req: Req, d) => flow.authorize(req, d),
        update: async (req: Req, d) => flow.authorize(req, d),
      },
      helpSynopsis: 'Provides the OIDC Authorization Endpoint.',
      helpDescription: 'The OIDC Authorization Endpoint performs authentication and authorization by using request parameters defined by OpenID Connect (OIDC).',
    },
    {
      pattern: `oidc/provider/${GENERIC_NAME('name')}/token`,
      fields: {
        name: { type: 'string', description: 'Name of the provider' },
        code: { type: 'string', required: true, description: "The authorization code received from the provider's authorization endpoint." },
        grant_type: { type: 'string', required: true, description: "The authorization grant type. The following grant types are supported: 'authorization_code'." },
        redirect_uri: { type: 'string', required: true, description: 'The callback location where the authentication response was sent.' },
        code_verifier: { type: 'string', description: 'The code verifier associated with the authorization code.' },
        client_id: { type: 'string', description: 'The ID of the requesting client.' },
        client_secret: { type: 'string', description: 'The secret of the requesting client.' },
      },
      operations: { update: async (req: Req, d) => flow.token(req, d) },
      helpSynopsis: 'Provides the OIDC Token Endpoint.',
      helpDescription: 'The OIDC Token Endpoint allows a client to exchange its Authorization Grant for an Access Token and ID Token.',
    },
    {
      pattern: `oidc/provider/${GENERIC_NAME('name')}/userinfo`,
      fields: { name: { type: 'string', description: 'Name of the provider' } },
      operations: {
        read: async (req: Req) => flow.userinfo(req),
        update: async (req: Req) => flow.userinfo(req),
      },
      helpSynopsis: 'Provides the OIDC UserInfo Endpoint.',
      helpDescription: 'The OIDC UserInfo Endpoint returns claims about the authenticated end-user.',
    },
  ];
}
