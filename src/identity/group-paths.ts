// `identity/group*`: create/update (by body id, by id, by name), read, delete, LIST by id and by
// name (V vault/identity_store_groups.go groupPaths, handleGroupUpdateCommon, handleGroupReadCommon,
// handleGroupListCommon; vault/identity_store_util.go sanitizeAndUpsertGroup, UpsertGroupInTxn).
// Child membership is kept on the child (`parent_group_ids`); a write that would close a cycle
// is refused. Every check runs before anything is written.
import {
  ERR_ID_EMPTY_GROUP_NAME, ERR_ID_EXTERNAL_MEMBER_ENTITIES, ERR_ID_EXTERNAL_MEMBER_GROUPS, ERR_ID_GROUP_NAME_IN_USE,
  ERR_ID_GROUP_TYPE_CHANGE, ERR_ID_INVALID_GROUP_ID, errIdCyclicGroup, errIdInvalidEntityId, errIdInvalidGroupType,
  errIdInvalidMemberGroup, errIdMemberGroupSelf,
} from '../errors/identity.js';
import { GoError, VaultError } from '../errors/vault-error.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import { GENERIC_NAME } from './entity-paths.js';
import { byGo, cleanPolicies, type IdentityStore } from './store.js';
import type { Group, GroupType } from './types.js';
import { refuseRoot, validateMetadata } from './validate.js';
import { aliasListInfo, groupRead, listWithInfo, sortKeys } from './views.js';

const GROUP_FIELDS: FieldSchemas = {
  id: { type: 'string', description: 'ID of the group. If set, updates the corresponding existing group.' },
  type: { type: 'string', description: 'Type of the group, \'internal\' or \'external\'. Defaults to \'internal\'' },
  name: { type: 'string', description: 'Name of the group.' },
  metadata: { type: 'kvpairs', description: 'Metadata to be associated with the group.' },
  policies: { type: 'comma_string_slice', description: 'Policies to be tied to the group.' },
  member_group_ids: { type: 'comma_string_slice', description: 'Group IDs to be assigned as group members.' },
  member_entity_ids: { type: 'comma_string_slice', description: 'Entity IDs to be assigned as group members.' },
};

type Req = FrameworkRequest;

/** RemoveDuplicatesStable(…, caseInsensitive): the first spelling of each policy is kept. */
function dedupeFold(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of list) {
    const k = p.trim().toLowerCase();
    if (k === '' || seen.has(k)) continue;
    seen.add(k);
    out.push(p.trim());
  }
  return out;
}

/**
 * Applies a group write and saves it with its changed children. Exported for the property tests
 * and the bootstrap fixtures, which write through the same rules.
 */
export async function upsertGroup(store: IdentityStore, d: FieldData, found: Group | undefined): Promise<LogicalResponse | null> {
  const isNew = found === undefined;
  const now = store.now();
  const g: Group = found ? structuredClone(found) : {
    id: store.newId(), name: '', type: 'internal', metadata: null, policies: null, memberEntityIds: null, parentGroupIds: null,
    creationTime: now, lastUpdateTime: now, modifyIndex: 0, alias: null,
  };
  const policies = d.getOk<string[]>('policies');
  if (policies.ok) g.policies = dedupeFold(policies.value ?? []);
  refuseRoot(g.policies ?? []);
  const type = d.getOk<string>('type');
  if (type.ok) {
    if (!isNew && type.value !== g.type) throw new VaultError(400, ERR_ID_GROUP_TYPE_CHANGE);
    g.type = (type.value || 'internal') as GroupType;
  }
  if (g.type !== 'internal' && g.type !== 'external') throw new VaultError(400, errIdInvalidGroupType(g.type));
  const name = d.get<string>('name');
  if (name !== '') {
    const byName = store.groupByName(name);
    if (byName && byName.id !== g.id) throw new VaultError(400, ERR_ID_GROUP_NAME_IN_USE);
    g.name = name;
  }
  const metadata = d.getOk<Record<string, string> | null>('metadata');
  if (metadata.ok) g.metadata = metadata.value ?? {};
  const entities = d.getOk<string[] | null>('member_entity_ids');
  if (entities.ok) {
    if (g.type === 'external') throw new VaultError(400, ERR_ID_EXTERNAL_MEMBER_ENTITIES);
    g.memberEntityIds = entities.value ?? [];
  }
  const groupsOk = d.getOk<string[] | null>('member_group_ids');
  if (groupsOk.ok && g.type === 'external') throw new VaultError(400, ERR_ID_EXTERNAL_MEMBER_GROUPS);
  // sanitizeAndUpsertGroup
  if (g.name === '') g.name = store.generateName('group');
  validateMetadata('group', g.metadata);
  if (g.policies) g.policies = cleanPolicies(g.policies);
  if (g.memberEntityIds) {
    g.memberEntityIds = [...new Set(g.memberEntityIds)].sort(byGo);
    for (const id of g.memberEntityIds) if (!store.entities.has(id)) throw new GoError(500, errIdInvalidEntityId(id));
  }
  const childChanges: Group[] = [];
  if (groupsOk.ok) {
    const wanted = [...new Set(groupsOk.value ?? [])];
    for (const old of store.childGroups(g.id)) {
      if (!wanted.includes(old.id)) {
        childChanges.push({ ...structuredClone(old), parentGroupIds: (old.parentGroupIds ?? []).filter((p) => p !== g.id), modifyIndex: old.modifyIndex + 1 });
      }
    }
    for (const childId of wanted) {
      const child = store.groups.get(childId);
      if (!child) throw new GoError(500, errIdInvalidMemberGroup(childId));
      if (childId === g.id) throw new GoError(500, errIdMemberGroupSelf(childId));
      if (store.reachesDown(childId, g.id)) throw new VaultError(400, errIdCyclicGroup(childId));
      if (child.parentGroupIds?.includes(g.id)) continue;
      childChanges.push({ ...structuredClone(child), parentGroupIds: [...(child.parentGroupIds ?? []), g.id], modifyIndex: child.modifyIndex + 1 });
    }
  }
  g.modifyIndex += 1;
  g.lastUpdateTime = now;
  await store.saveGroup(g);
  for (const c of childChanges) await store.saveGroup(c);
  return isNew ? { data: { id: g.id, name: g.name } } : null;
}

function listGroups(store: IdentityStore, byName: boolean): LogicalResponse {
  const keys: string[] = [];
  const info: Record<string, unknown> = {};
  for (const g of store.sortedGroups()) {
    keys.push(byName ? g.name : g.id);
    const entry: Record<string, unknown> = {
      name: g.name, num_member_entities: g.memberEntityIds?.length ?? 0, num_parent_groups: g.parentGroupIds?.length ?? 0,
    };
    if (g.alias) entry.alias = aliasListInfo(store, g.alias);
    info[g.id] = sortKeys(entry);
  }
  return listWithInfo(keys, info);
}

async function deleteGroup(store: IdentityStore, g: Group | undefined): Promise<null> {
  if (g) await store.deleteGroupRecord(g.id);
  return null;
}

export function groupPaths(store: IdentityStore): PathSpec[] {
  return [
    {
      pattern: 'group$',
      fields: GROUP_FIELDS,
      operations: {
        update: async (_req: Req, d) => {
          if (d.getOk('id').ok) return byId(store, d.get<string>('id'), d);
          const name = d.get<string>('name');
          return upsertGroup(store, d, name === '' ? undefined : store.groupByName(name));
        },
      },
      helpSynopsis: 'Create a new group.',
      helpDescription: 'Group is a structure to group entities and other groups.',
    },
    {
      pattern: `group/id/${GENERIC_NAME('id')}`,
      fields: GROUP_FIELDS,
      operations: {
        update: async (req: Req, d) => byId(store, req.captures.id ?? '', d),
        read: async (req: Req) => {
          const g = store.groups.get(req.captures.id ?? '');
          return g ? { data: groupRead(store, g) } : null;
        },
        delete: async (req: Req) => deleteGroup(store, store.groups.get(req.captures.id ?? '')),
      },
      helpSynopsis: 'Update or delete an existing group using its ID.',
      helpDescription: 'Update, read or delete an existing group using its ID.',
    },
    {
      pattern: 'group/id/?$',
      operations: { list: async () => listGroups(store, false) },
      helpSynopsis: 'List all the group IDs.',
      helpDescription: 'List all the group IDs.',
    },
    {
      pattern: 'group/name/(?P<name>.+)',
      fields: GROUP_FIELDS,
      operations: {
        update: async (req: Req, d) => upsertGroup(store, d, store.groupByName(req.captures.name ?? '')),
        read: async (req: Req) => {
          const name = req.captures.name ?? '';
          if (name === '') throw new VaultError(400, ERR_ID_EMPTY_GROUP_NAME);
          const g = store.groupByName(name);
          return g ? { data: groupRead(store, g) } : null;
        },
        delete: async (req: Req) => deleteGroup(store, store.groupByName(req.captures.name ?? '')),
      },
      helpSynopsis: 'Update, read or delete an existing group using its name.',
      helpDescription: 'Update, read or delete an existing group using its name.',
    },
    {
      pattern: 'group/name/?$',
      operations: { list: async () => listGroups(store, true) },
      helpSynopsis: 'List all the group names.',
      helpDescription: 'List all the group names.',
    },
  ];
}

async function byId(store: IdentityStore, id: string, d: FieldData): Promise<LogicalResponse | null> {
  const g = store.groups.get(id);
  if (!g) throw new VaultError(400, ERR_ID_INVALID_GROUP_ID);
  return upsertGroup(store, d, g);
}
