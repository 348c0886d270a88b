// Identity tokens (V vault/identity_store_oidc.go oidcPaths): `oidc/config`, named keys and their
// rotation, roles, `oidc/token/:role`, `oidc/introspect` and the unauthenticated `.well-known`
// discovery document and JWK set; then the OIDC provider's paths (oidc-provider.ts).
import { rawJsonResponse } from '../logical/raw-body.js';
import {
  ERR_OIDC_DELETE_DEFAULT_KEY, ERR_OIDC_ISSUER_FORMAT, ERR_OIDC_KEY_REQUIRED, ERR_OIDC_NO_ENTITY,
  ERR_OIDC_ROLE_TTL, ERR_OIDC_ROTATION_MIN, ERR_OIDC_VERIFICATION_TTL, WARN_OIDC_ISSUER_SET, WARN_OIDC_NO_ISSUER,
  errOidcCannotFindKey, errOidcClientNotAllowed, errOidcKeyInUse, errOidcKeyNotFound, errOidcKeyTtlConflict, errOidcNoNamedKey,
  errOidcInvalidChildIssuer, errOidcKeyClientTtlConflict, errOidcKeyInUseByClients, errOidcRoleNotFound, errOidcUnknownAlgorithm,
} from '../errors/identity.js';
import { VaultError } from '../errors/vault-error.js';
import type { FrameworkRequest } from '../framework/types.js';
import type { RouteImpl } from './oidc-routes.js';
import type { LogicalResponse } from '../logical/types.js';
import { randomBase62 } from '../util/random.js';
import { introspect } from './oidc-introspect.js';
import { ALGORITHMS, type Algorithm } from './oidc-keys.js';
import { OidcStore, type NamedKey } from './oidc-store.js';
import type { IdentityStore } from './store.js';
import type { Storage } from '../storage/types.js';
import { ISSUER_FORMAT, oidcProviderPaths } from './oidc-provider.js';
import { buildIdToken, parseRoleTemplate } from './oidc-token.js';
import { GENERIC_NAME } from './entity-paths.js';
import { goStringCompare } from '../go/strings.js';

export interface OidcDeps {
  /** The entity id behind a request's client token ('' when none). */
  entityOfToken(clientToken: string | undefined): Promise<string>;
  /** The server's api_addr ('' when unknown). */
  apiAddr(): string;
}

const DAY = 86_400;

const effectiveIssuer = (oidc: OidcStore, deps: OidcDeps) => `${oidc.issuer || deps.apiAddr()}/v1/identity/oidc`;


type Req = FrameworkRequest;
const raw = (body: unknown, cacheControl?: string): LogicalResponse => rawJsonResponse(body, 200, cacheControl === undefined ? {} : { cacheControl });

/** The OIDC implementation, loaded by the first OIDC request (oidc-routes.ts lazyOidcPaths): its store read from storage, its handlers. */
export async function loadOidc(identity: IdentityStore, storage: Storage, deps: OidcDeps): Promise<RouteImpl[]> {
  const oidc = new OidcStore(identity, storage);
  await oidc.load();
  return oidcPaths(oidc, deps);
}

/**
 * The token half of hashicorp/vault vault/identity_store_oidc.go oidcPaths: a path table kept as
 * one declaration in Vault's order (the handlers are one-liners over the store), so it stays long.
 */
export function oidcPaths(oidc: OidcStore, deps: OidcDeps): RouteImpl[] {
  const keyOrFail = (name: string) => oidc.keys.get(name);
  return [
    {
      pattern: 'oidc/config/?$',
      operations: {
        read: async () => ({
          data: { issuer: oidc.issuer }, ...(oidc.issuer === '' && deps.apiAddr() === '' ? { warnings: [WARN_OIDC_NO_ISSUER] } : {}),
        }),
        update: async (_req: Req, d) => {
          // pathOIDCUpdateConfig: without an `issuer` key nothing is written.
          const given = d.getOk<string>('issuer');
          if (!given.ok) return null;
          const issuer = given.value ?? '';
          if (issuer !== '' && !ISSUER_FORMAT.test(issuer)) throw new VaultError(400, ERR_OIDC_ISSUER_FORMAT);
          await oidc.setIssuer(issuer);
          return issuer === '' ? null : { data: null, warnings: [WARN_OIDC_ISSUER_SET] };
        },
      },
    },
    {
      pattern: `oidc/key/${GENERIC_NAME('name')}/rotate/?$`,
      operations: {
        update: async (req: Req, d) => {
          await oidc.tick();
          const key = keyOrFail(req.captures.name ?? '');
          if (!key) throw new VaultError(400, errOidcNoNamedKey(req.captures.name ?? ''));
          const vt = d.getOk<number>('verification_ttl');
          await oidc.rotate(key, vt.ok ? vt.value : key.verificationTtl);
          return null;
        },
      },
    },
    {
      pattern: `oidc/key/${GENERIC_NAME('name')}/?$`,
      existenceCheck: async (req: Req) => oidc.keys.has(req.captures.name ?? ''),
      operations: {
        create: async (req: Req, d) => writeKey(oidc, req.captures.name ?? '', d),
        update: async (req: Req, d) => writeKey(oidc, req.captures.name ?? '', d),
        read: async (req: Req) => {
          await oidc.tick();
          const k = oidc.keys.get(req.captures.name ?? '');
          return k ? { data: { algorithm: k.algorithm, allowed_client_ids: [...k.allowedClientIds], rotation_period: k.rotationPeriod, verification_ttl: k.verificationTtl } } : null;
        },
        delete: async (req: Req) => {
          const name = req.captures.name ?? '';
          if (name === 'default') throw new VaultError(400, ERR_OIDC_DELETE_DEFAULT_KEY);
          const { roles, clients } = oidc.usersOfKey(name);
          if (roles.length > 0) throw new VaultError(400, errOidcKeyInUse(name, roles));
          if (clients.length > 0) throw new VaultError(400, errOidcKeyInUseByClients(name, clients));
          await oidc.deleteKey(name);
          return null;
        },
      },
    },
    {
      pattern: 'oidc/key/?$',
      operations: { list: async () => ({ data: { keys: [...oidc.keys.keys()].sort(goStringCompare) } }) },
    },
    {
      pattern: 'oidc/\\.well-known/openid-configuration/?$',
      operations: {
        read: async () => {
          const issuer = effectiveIssuer(oidc, deps);
          return raw({
            issuer, jwks_uri: `${issuer}/.well-known/keys`, response_types_supported: ['id_token'], subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: [...ALGORITHMS],
          }, 'max-age=3600');
        },
      },
    },
    {
      pattern: 'oidc/\\.well-known/keys/?$',
      operations: {
        read: async () => {
          await oidc.tick();
          const keys = oidc.publishedJwks();
          // getKeysCacheControlHeader: with keys, cacheable until the next scheduled rotation.
          return raw({ keys }, keys.length > 0 ? `max-age=${oidc.secondsToNextRotation()}` : undefined);
        },
      },
    },
    {
      // optionalChildIssuerRegex: Vault CE knows no child issuer but the base one (validChildIssuer).
      pattern: 'oidc/(?P<child>[^/]+)/\\.well-known/(openid-configuration|keys)/?$',
      operations: {
        read: async (req: Req) => {
          throw new VaultError(400, errOidcInvalidChildIssuer(req.captures.child ?? ''));
        },
      },
    },
    {
      pattern: `oidc/role/${GENERIC_NAME('name')}/?$`,
      existenceCheck: async (req: Req) => oidc.roles.has(req.captures.name ?? ''),
      operations: {
        create: async (req: Req, d) => writeRole(oidc, req.captures.name ?? '', d),
        update: async (req: Req, d) => writeRole(oidc, req.captures.name ?? '', d),
        read: async (req: Req) => {
          const r = oidc.roles.get(req.captures.name ?? '');
          return r ? { data: { client_id: r.clientId, key: r.key, template: r.template, ttl: r.ttl } } : null;
        },
        delete: async (req: Req) => {
          await oidc.deleteRole(req.captures.name ?? '');
          return null;
        },
      },
    },
    {
      pattern: 'oidc/role/?$',
      operations: { list: async () => ({ data: { keys: [...oidc.roles.keys()].sort(goStringCompare) } }) },
    },
    {
      pattern: `oidc/token/${GENERIC_NAME('name')}`,
      operations: {
        read: async (req: Req) => {
          await oidc.tick();
          const name = req.captures.name ?? '';
          const role = oidc.roles.get(name);
          if (!role) throw new VaultError(400, errOidcRoleNotFound(name));
          const key = oidc.keys.get(role.key);
          if (!key) throw new VaultError(400, errOidcKeyNotFound(role.key));
          if (!key.allowedClientIds.includes('*') && !key.allowedClientIds.includes(role.clientId)) {
            throw new VaultError(400, errOidcClientNotAllowed(role.key, name));
          }
          const entityId = await deps.entityOfToken(req.clientToken);
          const entity = entityId === '' ? undefined : oidc.identity.entityByIdOrMerged(entityId);
          if (!entity) throw new VaultError(400, ERR_OIDC_NO_ENTITY);
          if (!key.signingKey) await oidc.rotate(key, key.verificationTtl);
          const { token, warnings } = buildIdToken(oidc, key, role, entity, effectiveIssuer(oidc, deps));
          return { data: { client_id: role.clientId, token, ttl: role.ttl }, ...(warnings.length > 0 ? { warnings } : {}) };
        },
      },
    },
    {
      pattern: 'oidc/introspect/?$',
      operations: {
        update: async (_req: Req, d) => {
          await oidc.tick();
          return raw(introspect(oidc, d.get<string>('token'), d.get<string>('client_id'), effectiveIssuer(oidc, deps)));
        },
      },
    },
    ...oidcProviderPaths(oidc, deps),
  ];
}

async function writeKey(oidc: OidcStore, name: string, d: import('../framework/types.js').FieldData): Promise<null> {
  const existing = oidc.keys.get(name);
  const key: NamedKey = existing ? structuredClone(existing) : {
    name, algorithm: 'RS256', rotationPeriod: DAY, verificationTtl: DAY, allowedClientIds: [], nextRotation: 0,
    signingKey: null, nextSigningKey: null, keyRing: [],
  };
  const rp = d.getOk<number>('rotation_period');
  if (rp.ok) key.rotationPeriod = rp.value;
  if (key.rotationPeriod < 60) throw new VaultError(400, ERR_OIDC_ROTATION_MIN);
  const vt = d.getOk<number>('verification_ttl');
  if (vt.ok) key.verificationTtl = vt.value;
  if (key.verificationTtl > 10 * key.rotationPeriod) throw new VaultError(400, ERR_OIDC_VERIFICATION_TTL);
  if (existing) {
    for (const r of oidc.roles.values()) {
      if (r.key === name && r.ttl > key.verificationTtl) throw new VaultError(400, errOidcKeyTtlConflict(name, key.verificationTtl));
    }
    for (const c of oidc.provider.client.values()) {
      if (c.key === name && c.idTokenTtl > key.verificationTtl) throw new VaultError(400, errOidcKeyClientTtlConflict(name, key.verificationTtl));
    }
  }
  const ids = d.getOk<string[]>('allowed_client_ids');
  if (ids.ok) key.allowedClientIds = ids.value ?? [];
  const alg = d.getOk<string>('algorithm');
  if (alg.ok) {
    if (!(ALGORITHMS as readonly string[]).includes(alg.value)) throw new VaultError(400, errOidcUnknownAlgorithm(alg.value));
    key.algorithm = alg.value as Algorithm;
  }
  // An earlier next rotation wins; a new key or a new algorithm gets a current and a next key pair.
  const nextRotation = oidc.identity.now() + key.rotationPeriod * 1000;
  if (key.nextRotation === 0 || nextRotation < key.nextRotation) key.nextRotation = nextRotation;
  if (!existing || key.algorithm !== existing.algorithm) await oidc.generateMaterial(key);
  await oidc.saveKey(key);
  return null;
}

async function writeRole(oidc: OidcStore, name: string, d: import('../framework/types.js').FieldData): Promise<null> {
  const existing = oidc.roles.get(name);
  const role = existing ? { ...existing } : { name, key: '', template: '', ttl: DAY, clientId: '' };
  const key = d.getOk<string>('key');
  if (key.ok) role.key = key.value;
  if (role.key === '') throw new VaultError(400, ERR_OIDC_KEY_REQUIRED);
  // lazyGenerateDefaultKey: the default key gets its material the first time a role names it.
  const def = oidc.keys.get('default');
  if (role.key === 'default' && def && def.signingKey === null) await oidc.rotate(def, def.verificationTtl);
  const template = d.getOk<string>('template');
  if (template.ok) role.template = template.value;
  role.template = parseRoleTemplate(role.template, oidc.identity.now());
  const ttl = d.getOk<number>('ttl');
  if (ttl.ok) role.ttl = ttl.value;
  const k = oidc.keys.get(role.key);
  if (!k) throw new VaultError(400, errOidcCannotFindKey(role.key));
  if (role.ttl > k.verificationTtl) throw new VaultError(400, ERR_OIDC_ROLE_TTL);
  const clientId = d.getOk<string>('client_id');
  if (clientId.ok) role.clientId = clientId.value;
  if (role.clientId === '') role.clientId = randomBase62(oidc.identity.random, 26);
  await oidc.saveRole(role);
  return null;
}
