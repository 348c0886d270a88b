// `identity/entity-alias*` (and the legacy `identity/alias*` spelling, vault/identity_store_upgrade.go
// upgradePaths) and `identity/group-alias*`: create, update, read, delete, LIST
// (V vault/identity_store_aliases.go handleAliasCreateUpdate, handleAliasCreate, handleAliasUpdate;
// vault/identity_store_group_aliases.go handleGroupAliasUpdateCommon). Uniqueness: one
// (mount accessor, lower-cased name) per alias table, one alias per mount per entity.
import {
  ERR_ID_ALIAS_CANONICAL_UNKNOWN, ERR_ID_ALIAS_COMBINATION_EXISTS, ERR_ID_ALIAS_ENTITY_HAS_ACCESSOR, ERR_ID_ALIAS_EXISTS_FOR_ENTITY,
  ERR_ID_ALIAS_FACTORS, ERR_ID_ALIAS_LOCAL_MOVE, ERR_ID_ALIAS_TARGET_HAS_MOUNT, ERR_ID_GA_IN_USE, ERR_ID_GA_INTERNAL_GROUP,
  ERR_ID_GA_INVALID_GROUP, ERR_ID_GA_INVALID_ID, ERR_ID_GA_MISSING_ACCESSOR, ERR_ID_GA_MISSING_NAME, ERR_ID_INVALID_ALIAS_ID,
  ERR_ID_INVALID_CANONICAL_ID, errIdGaLocalMount, errIdInvalidMountAccessor,
} from '../errors/identity.js';
import { VaultError } from '../errors/vault-error.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import { GENERIC_NAME } from './entity-paths.js';
import type { IdentityStore } from './store.js';
import type { Alias, Group } from './types.js';
import { validateCustomMetadata } from './validate.js';
import { aliasKeyInfo, aliasRead, listWithInfo } from './views.js';

const ALIAS_FIELDS: FieldSchemas = {
  id: { type: 'string', description: 'ID of the entity alias. If set, updates the corresponding entity alias.' },
  entity_id: { type: 'string', description: 'Entity ID to which this alias belongs. This field is deprecated, use canonical_id.' },
  canonical_id: { type: 'string', description: 'Entity ID to which this alias belongs' },
  mount_accessor: { type: 'string', description: 'Mount accessor to which this alias belongs to; unused for a modify' },
  name: { type: 'string', description: 'Name of the alias; unused for a modify' },
  custom_metadata: { type: 'kvpairs', description: 'User provided key-value pairs' },
};

const GROUP_ALIAS_FIELDS: FieldSchemas = {
  id: { type: 'string', description: 'ID of the group alias.' },
  name: { type: 'string', description: 'Alias of the group.' },
  mount_accessor: { type: 'string', description: 'Mount accessor to which this alias belongs to.' },
  canonical_id: { type: 'string', description: 'ID of the group to which this is an alias.' },
};

const sameMap = (a: Record<string, string> | null, b: Record<string, string> | null) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

type Req = FrameworkRequest;

/** handleAliasCreateUpdate: by id, else by (accessor, name) an update, else a create. */
async function aliasCreateUpdate(store: IdentityStore, d: FieldData, pathId?: string): Promise<LogicalResponse | null> {
  const cm = d.getOk<Record<string, string> | null>('custom_metadata');
  const customMetadata = cm.ok ? cm.value ?? {} : undefined;
  validateCustomMetadata(customMetadata ?? null);
  const id = pathId ?? d.get<string>('id');
  const name = d.getOk<string>('name');
  const accessor = d.getOk<string>('mount_accessor');
  let canonicalId = d.get<string>('canonical_id');
  if (canonicalId === '') canonicalId = d.get<string>('entity_id');
  if (id !== '') {
    const alias = store.entityAliasById(id);
    if (!alias) throw new VaultError(400, ERR_ID_INVALID_ALIAS_ID);
    if (name.value === '' && accessor.value === '' && canonicalId === '' && !cm.ok) return null;
    return aliasUpdate(store, alias, {
      name: name.value || alias.name, accessor: accessor.value || alias.mountAccessor, canonicalId, customMetadata: customMetadata ?? alias.customMetadata,
    });
  }
  if (accessor.value === '' || name.value === '') throw new VaultError(400, ERR_ID_ALIAS_FACTORS);
  const mount = store.mountOf(accessor.value);
  if (!mount) throw new VaultError(400, errIdInvalidMountAccessor(accessor.value));
  const existing = store.entityAliasByFactors(accessor.value, name.value);
  if (existing) {
    return aliasUpdate(store, existing, { name: name.value, accessor: accessor.value, canonicalId, customMetadata: customMetadata ?? {} });
  }
  let entity = canonicalId === '' ? store.newEntity() : store.entities.get(canonicalId);
  if (!entity) throw new VaultError(400, ERR_ID_INVALID_CANONICAL_ID);
  entity = structuredClone(entity);
  if (entity.aliases.some((a) => a.mountAccessor === accessor.value)) throw new VaultError(400, ERR_ID_ALIAS_EXISTS_FOR_ENTITY);
  const now = store.now();
  const alias: Alias = {
    id: store.newId(), canonicalId: entity.id, mountAccessor: accessor.value, mountType: mount.type, name: name.value,
    metadata: null, customMetadata: customMetadata ?? {}, mergedFromCanonicalIds: null, creationTime: now, lastUpdateTime: now, local: mount.local,
  };
  entity.aliases.push(alias);
  entity.lastUpdateTime = now;
  await store.saveEntity(entity);
  return { data: { canonical_id: entity.id, id: alias.id } };
}

interface AliasChange { name: string; accessor: string; canonicalId: string; customMetadata: Record<string, string> | null }

/** handleAliasUpdate. */
async function aliasUpdate(store: IdentityStore, alias: Alias, c: AliasChange): Promise<LogicalResponse | null> {
  const moving = c.canonicalId !== '' && c.canonicalId !== alias.canonicalId;
  const factorsChanged = c.name !== alias.name || c.accessor !== alias.mountAccessor || !sameMap(c.customMetadata, alias.customMetadata);
  if (!moving && !factorsChanged) return null;
  const owner = store.entities.get(alias.canonicalId)!;
  let mountType = alias.mountType;
  if (!moving && c.accessor !== alias.mountAccessor && owner.aliases.some((a) => a.mountAccessor === c.accessor)) {
    throw new VaultError(400, ERR_ID_ALIAS_ENTITY_HAS_ACCESSOR);
  }
  if (factorsChanged) {
    const mount = store.mountOf(c.accessor);
    if (!mount) throw new VaultError(400, errIdInvalidMountAccessor(c.accessor));
    mountType = mount.type;
    const clash = store.entityAliasByFactors(c.accessor, c.name);
    if (clash && clash.id !== alias.id) throw new VaultError(400, ERR_ID_ALIAS_COMBINATION_EXISTS);
  }
  let target = owner;
  if (moving) {
    if (store.mountOf(c.accessor)?.local ?? alias.local) throw new VaultError(400, ERR_ID_ALIAS_LOCAL_MOVE);
    const t = store.entities.get(c.canonicalId);
    if (!t) throw new VaultError(400, ERR_ID_ALIAS_CANONICAL_UNKNOWN);
    if (t.aliases.some((a) => a.mountAccessor === c.accessor)) throw new VaultError(400, ERR_ID_ALIAS_TARGET_HAS_MOUNT);
    target = t;
  }
  const now = store.now();
  const updated: Alias = {
    ...structuredClone(alias), name: c.name, mountAccessor: c.accessor, mountType, customMetadata: c.customMetadata && { ...c.customMetadata },
    canonicalId: target.id, lastUpdateTime: now,
  };
  if (target.id === owner.id) {
    await store.saveEntity({ ...structuredClone(owner), aliases: owner.aliases.map((a) => (a.id === alias.id ? updated : structuredClone(a))), lastUpdateTime: now });
  } else {
    await store.saveEntity({ ...structuredClone(owner), aliases: owner.aliases.filter((a) => a.id !== alias.id).map((a) => structuredClone(a)), lastUpdateTime: now });
    await store.saveEntity({ ...structuredClone(target), aliases: [...structuredClone(target.aliases), updated], lastUpdateTime: now });
  }
  return { data: { canonical_id: target.id, id: alias.id } };
}

async function deleteEntityAlias(store: IdentityStore, id: string): Promise<null> {
  const alias = store.entityAliasById(id);
  if (!alias) return null;
  const owner = store.entities.get(alias.canonicalId)!;
  await store.saveEntity({ ...structuredClone(owner), aliases: owner.aliases.filter((a) => a.id !== id).map((a) => structuredClone(a)), lastUpdateTime: store.now() });
  return null;
}

function listEntityAliases(store: IdentityStore): LogicalResponse {
  const all = store.sortedEntities().flatMap((e) => e.aliases).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const info: Record<string, unknown> = {};
  for (const a of all) info[a.id] = aliasKeyInfo(store, a);
  return listWithInfo(all.map((a) => a.id), info);
}

function entityAliasPathsAt(store: IdentityStore, base: string): PathSpec[] {
  return [
    {
      pattern: `${base}$`,
      fields: ALIAS_FIELDS,
      operations: { update: async (_req: Req, d) => aliasCreateUpdate(store, d) },
      helpSynopsis: 'Create a new alias.',
      helpDescription: 'Create a new entity alias, or update one matched by its mount accessor and name.',
    },
    {
      pattern: `${base}/id/${GENERIC_NAME('id')}`,
      fields: ALIAS_FIELDS,
      operations: {
        update: async (req: Req, d) => aliasCreateUpdate(store, d, req.captures.id),
        read: async (req: Req) => {
          const a = store.entityAliasById(req.captures.id ?? '');
          return a ? { data: aliasRead(store, a) } : null;
        },
        delete: async (req: Req) => deleteEntityAlias(store, req.captures.id ?? ''),
      },
      helpSynopsis: 'Update, read or delete an alias ID.',
      helpDescription: 'Update, read or delete an entity alias by its ID.',
    },
    {
      pattern: `${base}/id/?$`,
      operations: { list: async () => listEntityAliases(store) },
      helpSynopsis: 'List all the alias IDs.',
      helpDescription: 'List all the entity alias IDs.',
    },
  ];
}

export function entityAliasPaths(store: IdentityStore): PathSpec[] {
  return [...entityAliasPathsAt(store, 'entity-alias'), ...entityAliasPathsAt(store, 'alias')];
}

/** handleGroupAliasUpdateCommon. */
async function groupAliasUpsert(store: IdentityStore, d: FieldData, pathId?: string): Promise<LogicalResponse | null> {
  const id = pathId ?? d.get<string>('id');
  let current: Alias | undefined;
  if (id !== '') {
    current = store.groupAliasById(id);
    if (!current) throw new VaultError(400, ERR_ID_GA_INVALID_ID);
  }
  const name = d.get<string>('name');
  if (name === '') throw new VaultError(400, ERR_ID_GA_MISSING_NAME);
  const accessor = d.get<string>('mount_accessor');
  if (accessor === '') throw new VaultError(400, ERR_ID_GA_MISSING_ACCESSOR);
  const canonicalId = d.get<string>('canonical_id');
  if (current && current.name === name && current.mountAccessor === accessor && (canonicalId === '' || canonicalId === current.canonicalId)) return null;
  let group: Group | undefined;
  if (canonicalId !== '') {
    group = store.groups.get(canonicalId);
    if (!group) throw new VaultError(400, ERR_ID_GA_INVALID_GROUP);
    if (group.type !== 'external') throw new VaultError(400, ERR_ID_GA_INTERNAL_GROUP);
  } else if (current) {
    group = store.groups.get(current.canonicalId);
  }
  const mount = store.mountOf(accessor);
  if (!mount) throw new VaultError(400, errIdInvalidMountAccessor(accessor));
  if (mount.local) throw new VaultError(400, errIdGaLocalMount(accessor));
  const clash = store.groupAliasByFactors(accessor, name);
  if (clash && clash.id !== current?.id) throw new VaultError(400, ERR_ID_GA_IN_USE);
  const now = store.now();
  if (!group) {
    group = {
      id: store.newId(), name: store.generateName('group'), type: 'external', metadata: null, policies: null, memberEntityIds: null,
      parentGroupIds: null, creationTime: now, lastUpdateTime: now, modifyIndex: 0, alias: null,
    };
  }
  const alias: Alias = {
    id: current?.id ?? store.newId(), canonicalId: group.id, mountAccessor: accessor, mountType: mount.type, name, metadata: null,
    customMetadata: null, mergedFromCanonicalIds: null, creationTime: current?.creationTime ?? now, lastUpdateTime: now, local: false,
  };
  if (current && current.canonicalId !== group.id) {
    const old = store.groups.get(current.canonicalId);
    if (old) await store.saveGroup({ ...structuredClone(old), alias: null, modifyIndex: old.modifyIndex + 1, lastUpdateTime: now });
  }
  await store.saveGroup({ ...structuredClone(group), alias, modifyIndex: group.modifyIndex + 1, lastUpdateTime: now });
  return { data: { canonical_id: group.id, id: alias.id } };
}

export function groupAliasPaths(store: IdentityStore): PathSpec[] {
  return [
    {
      pattern: 'group-alias$',
      fields: GROUP_ALIAS_FIELDS,
      operations: { update: async (_req: Req, d) => groupAliasUpsert(store, d) },
      helpSynopsis: 'Creates a new group alias, or updates an existing one.',
      helpDescription: 'Creates a new group alias, or updates an existing one.',
    },
    {
      pattern: `group-alias/id/${GENERIC_NAME('id')}`,
      fields: GROUP_ALIAS_FIELDS,
      operations: {
        update: async (req: Req, d) => groupAliasUpsert(store, d, req.captures.id),
        read: async (req: Req) => {
          const a = store.groupAliasById(req.captures.id ?? '');
          return a ? { data: aliasRead(store, a) } : null;
        },
        delete: async (req: Req) => {
          const a = store.groupAliasById(req.captures.id ?? '');
          const g = a && store.groups.get(a.canonicalId);
          if (g) await store.saveGroup({ ...structuredClone(g), alias: null, modifyIndex: g.modifyIndex + 1, lastUpdateTime: store.now() });
          return null;
        },
      },
      helpSynopsis: 'Update, read or delete a group alias by its ID.',
      helpDescription: 'Update, read or delete a group alias by its ID.',
    },
    {
      pattern: 'group-alias/id/?$',
      operations: {
        list: async () => {
          const all = store.sortedGroups().flatMap((g) => (g.alias ? [g.alias] : [])).sort((a, b) => (a.id < b.id ? -1 : 1));
          const info: Record<string, unknown> = {};
          for (const a of all) info[a.id] = aliasKeyInfo(store, a);
          return listWithInfo(all.map((a) => a.id), info);
        },
      },
      helpSynopsis: 'List all the group alias IDs.',
      helpDescription: 'List all the group alias IDs.',
    },
  ];
}

