// The read shapes of identity objects (vault/identity_store_entities.go handleEntityReadCommon,
// identity_store_aliases.go handleAliasReadCommon, identity_store_groups.go handleGroupReadCommon,
// and the LIST key_info maps). Keys come out alphabetically, as Go's JSON encoder writes a map.
import { rfc3339Nano } from '../util/clock.js';
import type { IdentityStore } from './store.js';
import type { Alias, Entity, Group } from './types.js';
import { goMapOrder } from '../go/object.js';

const NAMESPACE_ID = 'root';

/** A Go map's keys in Go's order (the views build maps Vault returns as map[string]interface{}). */
export const sortKeys = (d: Record<string, unknown>): Record<string, unknown> => goMapOrder(d);

const copy = <T>(v: T): T => (v === null || v === undefined ? v : structuredClone(v));

/** An alias's mount facts when its mount still exists (`mount_type`, `mount_path`). */
function mountFacts(store: IdentityStore, a: Alias): Record<string, unknown> {
  const m = store.mountOf(a.mountAccessor);
  return m ? { mount_path: m.path, mount_type: m.type } : {};
}

/** An alias inside an entity read (no namespace_id) or a group read. */
function aliasInEntity(store: IdentityStore, a: Alias): Record<string, unknown> {
  return sortKeys({
    canonical_id: a.canonicalId, creation_time: rfc3339Nano(a.creationTime), custom_metadata: copy(a.customMetadata), id: a.id,
    last_update_time: rfc3339Nano(a.lastUpdateTime), local: a.local, merged_from_canonical_ids: copy(a.mergedFromCanonicalIds),
    metadata: copy(a.metadata), mount_accessor: a.mountAccessor, name: a.name, ...mountFacts(store, a),
  });
}

/** GET entity-alias/id/:id and group-alias/id/:id. */
export function aliasRead(store: IdentityStore, a: Alias): Record<string, unknown> {
  return sortKeys({ ...aliasInEntity(store, a), namespace_id: NAMESPACE_ID });
}

export function entityRead(store: IdentityStore, e: Entity): Record<string, unknown> {
  const { direct, inherited } = store.groupsOfEntity(e.id);
  const directIds = direct.map((g) => g.id);
  const inheritedIds = inherited.map((g) => g.id);
  return sortKeys({
    aliases: e.aliases.map((a) => aliasInEntity(store, a)),
    creation_time: rfc3339Nano(e.creationTime),
    direct_group_ids: directIds,
    disabled: e.disabled,
    group_ids: [...directIds, ...inheritedIds],
    id: e.id,
    inherited_group_ids: inheritedIds,
    last_update_time: rfc3339Nano(e.lastUpdateTime),
    merged_entity_ids: copy(e.mergedEntityIds),
    metadata: copy(e.metadata),
    name: e.name,
    namespace_id: NAMESPACE_ID,
    policies: [...e.policies],
  });
}

export function groupRead(store: IdentityStore, g: Group): Record<string, unknown> {
  const children = store.childGroups(g.id).map((c) => c.id);
  let alias: Record<string, unknown> = {};
  if (g.alias) {
    alias = aliasInEntity(store, g.alias);
    delete alias.custom_metadata;
    delete alias.local;
  }
  return sortKeys({
    alias,
    creation_time: rfc3339Nano(g.creationTime),
    id: g.id,
    last_update_time: rfc3339Nano(g.lastUpdateTime),
    member_entity_ids: copy(g.memberEntityIds),
    member_group_ids: children.length > 0 ? children : null,
    metadata: copy(g.metadata),
    modify_index: g.modifyIndex,
    name: g.name,
    namespace_id: NAMESPACE_ID,
    parent_group_ids: g.parentGroupIds && g.parentGroupIds.length > 0 ? [...g.parentGroupIds] : null,
    policies: copy(g.policies),
    type: g.type,
  });
}

/** LIST key_info of an alias: id, name, accessor, and the mount's type and path when it exists. */
export function aliasListInfo(store: IdentityStore, a: Alias): Record<string, unknown> {
  return sortKeys({ id: a.id, mount_accessor: a.mountAccessor, name: a.name, ...mountFacts(store, a) });
}

/** LIST entity-alias/id and group-alias/id key_info (identity_store_util.go handleAliasListCommon). */
export function aliasKeyInfo(store: IdentityStore, a: Alias): Record<string, unknown> {
  return sortKeys({
    canonical_id: a.canonicalId, custom_metadata: copy(a.customMetadata), local: a.local, mount_accessor: a.mountAccessor, name: a.name,
    ...mountFacts(store, a),
  });
}

/** A LIST answer: keys, and key_info only for entries whose key is in keys (ListResponseWithInfo). */
export function listWithInfo(keys: string[], info: Record<string, unknown>): { data: Record<string, unknown> } {
  const kept: Record<string, unknown> = {};
  for (const k of keys) if (k in info) kept[k] = info[k];
  return { data: Object.keys(kept).length > 0 ? { key_info: kept, keys } : { keys } };
}
