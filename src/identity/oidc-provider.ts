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
import type { FieldData, FrameworkRequest } from '../framework/types.js';
import type { RouteImpl } from './oidc-routes.js';
import type { LogicalResponse } from '../logical/types.js';
import { randomBase62 } from '../util/random.js';
import { GENERIC_NAME } from './entity-paths.js';
import { OidcFlow } from './oidc-flow.js';
import { ALGORITHMS } from './oidc-keys.js';
import type { Client, OidcStore, ProviderKind } from './oidc-store.js';
import { parseRoleTemplate } from './oidc-token.js';
import { goStringCompare } from '../go/strings.js';

const DAY = 86_400;
export const ISSUER_FORMAT = /^https?:\/\/[^/?#@\s]+$/;
type Req = FrameworkRequest;

/** strutil.RemoveDuplicates: trimmed, non-empty, de-duplicated, sorted (lower-cased when asked). */
const removeDuplicates = (list: readonly string[] | null, lower = false) =>
  [...new Set((list ?? []).map((s) => (lower ? s.trim().toLowerCase() : s.trim())).filter((s) => s !== ''))].sort(goStringCompare);

/** `value` when the field was sent, else the current value, else (create) the field's default. */
function take<T>(d: FieldData, name: string, current: T | undefined): T {
  const got = d.getOk<T>(name);
  return got.ok ? got.value : current ?? d.get<T>(name);
}

const crud = (oidc: OidcStore, kind: ProviderKind, extra: {
  write: (req: Req, d: FieldData, name: string) => Promise<LogicalResponse | null>;
  read: (name: string) => Record<string, unknown> | undefined;
  remove: (name: string) => Promise<null>;
}): RouteImpl[] => [
  {
    pattern: `oidc/${kind}/${GENERIC_NAME('name')}`,
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
  },
];

const listOf = (oidc: OidcStore, kind: ProviderKind, info?: (name: string) => Record<string, unknown>): RouteImpl => ({
  pattern: `oidc/${kind}/?$`,
  operations: {
    list: async (_req: Req, d) => {
      let keys = [...oidc.provider[kind].keys()].sort(goStringCompare);
      const clientId = kind === 'provider' ? d.get<string>('allowed_client_id') : '';
      if (clientId !== '') keys = keys.filter((k) => oidc.provider.provider.get(k)!.allowedClientIds.some((c) => c === '*' || c === clientId));
      if (!info) return { data: { keys } };
      return { data: keys.length > 0 ? { key_info: Object.fromEntries(keys.map((k) => [k, info(k)])), keys } : { keys } };
    },
  },
});

function clientView(c: Client, secret: boolean): Record<string, unknown> {
  const d: Record<string, unknown> = {
    access_token_ttl: c.accessTokenTtl, assignments: [...c.assignments], client_id: c.clientId,
    ...(secret && c.type === 'confidential' ? { client_secret: c.clientSecret } : {}),
    client_type: c.type, id_token_ttl: c.idTokenTtl, key: c.key, redirect_uris: [...c.redirectUris],
  };
  return d;
}

/**
 * The provider half of hashicorp/vault vault/identity_store_oidc_provider.go oidcProviderPaths:
 * a path table (patterns, fields, handlers bound to the store), kept as one declaration in Vault's
 * order rather than split, so that it reads against the upstream list.
 */
export function oidcProviderPaths(oidc: OidcStore, deps: { apiAddr(): string; entityOfToken(token: string | undefined): Promise<string> }): RouteImpl[] {
  const issuerOf = (name: string) => `${oidc.provider.provider.get(name)!.issuer || deps.apiAddr()}/v1/identity/oidc/provider/${name}`;
  const flow = new OidcFlow(oidc, { entityOfToken: (t) => deps.entityOfToken(t), issuerOf });
  const providerView = (name: string) => {
    const p = oidc.provider.provider.get(name)!;
    return { allowed_client_ids: [...p.allowedClientIds], issuer: issuerOf(name), scopes_supported: [...p.scopesSupported] };
  };
  const P = oidc.provider;
  return [
    ...crud(oidc, 'assignment', {
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
        const users = [...P.client].filter(([, c]) => c.assignments.includes(name)).map(([n]) => n).sort(goStringCompare);
        if (users.length > 0) throw new VaultError(400, errOidcAssignmentInUse(name, users));
        await oidc.deleteProviderObject('assignment', name);
        return null;
      },
    }),
    listOf(oidc, 'assignment'),
    ...crud(oidc, 'scope', {
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
        const users = [...P.provider].filter(([, p]) => p.scopesSupported.includes(name)).map(([n]) => n).sort(goStringCompare);
        if (users.length > 0) throw new VaultError(400, errOidcScopeInUse(name, users));
        await oidc.deleteProviderObject('scope', name);
        return null;
      },
    }),
    listOf(oidc, 'scope'),
    ...crud(oidc, 'client', {
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
    },
    {
      pattern: `oidc/provider/${GENERIC_NAME('name')}/\\.well-known/keys`,
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
    },
    {
      pattern: `oidc/provider/${GENERIC_NAME('name')}/authorize`,
      operations: {
        read: async (req: Req, d) => flow.authorize(req, d),
        update: async (req: Req, d) => flow.authorize(req, d),
      },
    },
    {
      pattern: `oidc/provider/${GENERIC_NAME('name')}/token`,
      operations: { update: async (req: Req, d) => flow.token(req, d) },
    },
    {
      pattern: `oidc/provider/${GENERIC_NAME('name')}/userinfo`,
      operations: {
        read: async (req: Req) => flow.userinfo(req),
        update: async (req: Req) => flow.userinfo(req),
      },
    },
  ];
}
