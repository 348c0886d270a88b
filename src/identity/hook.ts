// What the token store asks of the identity store (the IdentityHook of src/auth/token-store.ts):
// a token's entity with its identity policies and templating input, and a login's entity
// (V vault/request_handling.go fetchEntityAndDerivedPolicies and CheckToken; vault/identity_store.go
// CreateOrFetchEntity: find the alias by mount accessor and name, refresh its metadata, or make a
// new entity with a generated name and one alias).
import type { IdentityHook } from '../auth/token-store.js';
import type { IdentityStore } from './store.js';
import type { Alias } from './types.js';

const sameMap = (a: Record<string, string> | null, b: Record<string, string> | null) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

/**
 * The alias metadata a method reports beside its token metadata (LoginAuth carries only the
 * latter): userpass and cert (by default) report none; JWT and Kubernetes report their token
 * metadata without the `role` key; AppRole reports its token metadata as it is.
 */
function aliasMetadata(type: string | undefined, metadata: Record<string, string> | null): Record<string, string> | null {
  if (metadata === null || type === undefined || type === 'userpass' || type === 'cert') return null;
  const out = { ...metadata };
  if (type === 'jwt' || type === 'oidc' || type === 'kubernetes') delete out.role;
  return out;
}

export function identityHook(store: IdentityStore): IdentityHook {
  return {
    view(entityId) {
      const entity = store.entityByIdOrMerged(entityId);
      if (!entity || entity.disabled) return { state: 'denied' };
      return {
        state: 'ok',
        identityPolicies: store.identityPolicies(entity),
        template: { entity: store.templateEntity(entity), groups: store.templateGroups(entity), nowMs: store.now() },
      };
    },
    tokenMountAccessor: () => store.tokenAccessor(),
    denied(entityId) {
      const entity = store.entityByIdOrMerged(entityId);
      return !entity || entity.disabled;
    },
    version: () => store.version,
    async loginEntity({ mountAccessor, name, metadata }) {
      const mount = store.mountOf(mountAccessor);
      const aliasMeta = aliasMetadata(mount?.type, metadata);
      const existing = store.entityAliasByFactors(mountAccessor, name);
      if (existing) {
        const entity = store.entities.get(existing.canonicalId)!;
        if (!sameMap(existing.metadata, aliasMeta) && !(existing.metadata === null && aliasMeta === null)) {
          const now = store.now();
          await store.saveEntity({
            ...structuredClone(entity),
            aliases: entity.aliases.map((a) => (a.id === existing.id ? { ...structuredClone(a), metadata: aliasMeta, lastUpdateTime: now } : structuredClone(a))),
          });
        }
        return { entityId: entity.id, disabled: entity.disabled };
      }
      const entity = store.newEntity();
      const alias: Alias = {
        id: store.newId(), canonicalId: entity.id, mountAccessor, mountType: mount?.type ?? '', name, metadata: aliasMeta, customMetadata: null,
        mergedFromCanonicalIds: null, creationTime: entity.creationTime, lastUpdateTime: entity.creationTime, local: mount?.local ?? false,
      };
      entity.aliases.push(alias);
      await store.saveEntity(entity);
      return { entityId: entity.id, disabled: false };
    },
  };
}
