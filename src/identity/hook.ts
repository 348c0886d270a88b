// What the token store asks of the identity store (the IdentityHook of src/auth/token-store.ts):
// a token's entity with its identity policies and templating input, and a login's entity
// (V vault/request_handling.go fetchEntityAndDerivedPolicies and CheckToken; vault/identity_store.go
// CreateOrFetchEntity: find the alias by mount accessor and name, refresh its metadata, or make a
// new entity with a generated name and one alias; then identity_store_util.go
// refreshExternalGroupMembershipsByEntityID with the login's group aliases).
import type { IdentityHook } from '../auth/token-store.js';
import type { IdentityStore } from './store.js';
import type { Alias } from './types.js';

const sameMap = (a: Record<string, string> | null, b: Record<string, string> | null) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

/**
 * identity_store_util.go refreshExternalGroupMembershipsByEntityID: the entity joins every external
 * group whose alias (on the login's mount) the method reported, and leaves the external groups of
 * that same mount whose alias it no longer reports. Unknown names make no groups.
 */
async function refreshExternalGroups(store: IdentityStore, entityId: string, mountAccessor: string, names: readonly string[]): Promise<void> {
  const wanted = new Set<string>();
  for (const name of names) {
    const alias = store.groupAliasByFactors(mountAccessor, name);
    if (alias) wanted.add(alias.canonicalId);
  }
  for (const g of store.sortedGroups()) {
    if (g.type !== 'external') continue;
    const member = g.memberEntityIds?.includes(entityId) ?? false;
    let members: string[] | undefined;
    if (wanted.has(g.id) && !member) members = [...(g.memberEntityIds ?? []), entityId];
    // groups of another mount keep the entity; one whose alias is gone loses it too
    else if (!wanted.has(g.id) && member && (g.alias === null || g.alias.mountAccessor === mountAccessor)) members = g.memberEntityIds!.filter((m) => m !== entityId);
    if (members === undefined) continue;
    await store.saveGroup({ ...structuredClone(g), memberEntityIds: members, modifyIndex: g.modifyIndex + 1, lastUpdateTime: store.now() });
  }
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
    attachTokens(port) {
      store.tokens = port;
    },
    denied(entityId) {
      const entity = store.entityByIdOrMerged(entityId);
      return !entity || entity.disabled;
    },
    version: () => store.version,
    async loginEntity({ mountAccessor, name, metadata, groupAliases }) {
      const mount = store.mountOf(mountAccessor);
      const existing = store.entityAliasByFactors(mountAccessor, name);
      let entity;
      if (existing) {
        entity = store.entities.get(existing.canonicalId)!;
        if (!sameMap(existing.metadata, metadata) && !(existing.metadata === null && metadata === null)) {
          const now = store.now();
          await store.saveEntity({
            ...structuredClone(entity),
            aliases: entity.aliases.map((a) => (a.id === existing.id ? { ...structuredClone(a), metadata, lastUpdateTime: now } : structuredClone(a))),
          });
        }
      } else {
        entity = store.newEntity();
        const alias: Alias = {
          id: store.newId(), canonicalId: entity.id, mountAccessor, mountType: mount?.type ?? '', name, metadata, customMetadata: null,
          mergedFromCanonicalIds: null, creationTime: entity.creationTime, lastUpdateTime: entity.creationTime, local: mount?.local ?? false,
        };
        entity.aliases.push(alias);
        await store.saveEntity(entity);
      }
      // A disabled entity's login is refused before anything else changes.
      if (!entity.disabled && groupAliases !== undefined) await refreshExternalGroups(store, entity.id, mountAccessor, groupAliases);
      return { entityId: entity.id, disabled: entity.disabled };
    },
  };
}
