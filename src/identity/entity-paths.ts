// `identity/entity*`: create/update (by body id, by id, by name), read, delete, LIST by id and by
// name, batch-delete and merge (V vault/identity_store_entities.go entityPaths,
// handleEntityUpdateCommon, handleEntityReadCommon, handlePathEntityListCommon,
// handleEntityBatchDelete, pathEntityMergeID, mergeEntity). Every check runs before anything is
// written, so a refused request changes nothing.
import {
  ERR_ID_BATCH_DELETE_EMPTY, ERR_ID_ENTITY_NAME_IN_USE, ERR_ID_ENTITY_NOT_FOUND_FROM_ID, ERR_ID_MERGE_CLASH_HEADER,
  ERR_ID_MERGE_FROM_INVALID, ERR_ID_MERGE_MISSING_FROM, ERR_ID_MERGE_MISSING_TO, ERR_ID_MERGE_MULTIPLE_KEEP,
  ERR_ID_MERGE_TO_IN_FROM, ERR_ID_MERGE_TO_INVALID, ERR_ID_MISSING_ENTITY_ID, ERR_ID_MISSING_ENTITY_NAME,
  errIdMergeAccessorInMultiple, errIdMergeClash, errIdMergeNeitherKept,
} from '../errors/identity.js';
import { VaultError } from '../errors/vault-error.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import { byGo, cleanPolicies, type IdentityStore } from './store.js';
import type { Entity } from './types.js';
import { refuseRoot, validateMetadata } from './validate.js';
import { aliasListInfo, entityRead, listWithInfo, sortKeys } from './views.js';
import { genericNameRegex } from '../framework/pattern.js';

export const GENERIC_NAME = genericNameRegex;

const ENTITY_FIELDS: FieldSchemas = {
  id: { type: 'string', description: 'ID of the entity. If set, updates the corresponding existing entity.' },
  name: { type: 'string', description: 'Name of the entity' },
  metadata: { type: 'kvpairs', description: 'Metadata to be associated with the entity.' },
  policies: { type: 'comma_string_slice', description: 'Policies to be tied to the entity.' },
  disabled: { type: 'bool', description: 'If set true, tokens tied to this identity will not be able to be used (but will not be revoked).' },
};

type Req = FrameworkRequest;

async function upsertEntity(store: IdentityStore, data: FieldData, found: Entity | undefined): Promise<LogicalResponse | null> {
  let entity = found;
  const name = data.get<string>('name');
  if (name !== '') {
    const byName = store.entityByName(name);
    if (byName && !entity) entity = byName;
    else if (byName && entity && byName.id !== entity.id) throw new VaultError(400, ERR_ID_ENTITY_NAME_IN_USE);
  }
  const isNew = entity === undefined;
  const next: Entity = entity ? structuredClone(entity) : store.newEntity(name);
  if (name !== '') next.name = name;
  const policies = data.getOk<string[]>('policies');
  if (policies.ok) next.policies = cleanPolicies(policies.value ?? []);
  refuseRoot(next.policies);
  const disabled = data.getOk<boolean>('disabled');
  if (disabled.ok) next.disabled = disabled.value;
  const metadata = data.getOk<Record<string, string> | null>('metadata');
  if (metadata.ok) next.metadata = metadata.value ?? {};
  validateMetadata('entity', next.metadata);
  next.lastUpdateTime = store.now();
  await store.saveEntity(next);
  if (!isNew) return null;
  return { data: { aliases: next.aliases.length > 0 ? next.aliases.map((a) => a.id) : null, id: next.id, name: next.name } };
}

function readEntity(store: IdentityStore, e: Entity | undefined): LogicalResponse | null {
  return e ? { data: entityRead(store, e) } : null;
}

function listEntities(store: IdentityStore, byName: boolean): LogicalResponse {
  const keys: string[] = [];
  const info: Record<string, unknown> = {};
  for (const e of store.sortedEntities()) {
    keys.push(byName ? e.name : e.id);
    const entry: Record<string, unknown> = { name: e.name };
    if (e.aliases.length > 0) entry.aliases = e.aliases.map((a) => aliasListInfo(store, a));
    info[e.id] = sortKeys(entry);
  }
  return listWithInfo(keys, info);
}

/**
 * hashicorp/vault vault/identity_store_entities.go entityPaths: a path table in Vault's order; a
 * declaration rather than logic, so it stays one list.
 */
export function entityPaths(store: IdentityStore): PathSpec[] {
  return [
    {
      pattern: 'entity$',
      fields: ENTITY_FIELDS,
      operations: {
        update: async (_req: Req, d) => {
          // handleEntityUpdateCommon: an empty id is no id.
          const id = d.get<string>('id');
          return id !== '' ? byIdUpdate(store, id, d) : upsertEntity(store, d, undefined);
        },
      },
      helpSynopsis: 'Create a new entity',
      helpDescription: 'Create a new entity, or update one by its ID or name.',
    },
    {
      pattern: `entity/name/(?P<name>.+)`,
      fields: ENTITY_FIELDS,
      operations: {
        update: async (req: Req, d) => upsertEntity(store, d, store.entityByName(req.captures.name ?? '')),
        read: async (_req: Req, d) => {
          const name = d.get<string>('name');
          if (name === '') throw new VaultError(400, ERR_ID_MISSING_ENTITY_NAME);
          return readEntity(store, store.entityByName(name));
        },
        delete: async (_req: Req, d) => {
          const e = store.entityByName(d.get<string>('name'));
          if (e) await store.deleteEntity(e.id);
          return null;
        },
      },
      helpSynopsis: 'Update, read or delete an entity using entity name',
      helpDescription: 'Update, read or delete an entity using entity name.',
    },
    {
      pattern: `entity/id/${GENERIC_NAME('id')}`,
      fields: ENTITY_FIELDS,
      operations: {
        update: async (_req: Req, d) => byIdUpdate(store, d.get<string>('id'), d),
        read: async (_req: Req, d) => {
          const id = d.get<string>('id');
          if (id === '') throw new VaultError(400, ERR_ID_MISSING_ENTITY_ID);
          return readEntity(store, store.entities.get(id));
        },
        delete: async (_req: Req, d) => {
          await store.deleteEntity(d.get<string>('id'));
          return null;
        },
      },
      helpSynopsis: 'Update, read or delete an entity using entity ID',
      helpDescription: 'Update, read or delete an entity using entity ID.',
    },
    {
      pattern: 'entity/batch-delete',
      fields: { entity_ids: { type: 'comma_string_slice', description: 'Entity IDs to delete' } },
      operations: {
        update: async (_req: Req, d) => {
          const ids = d.get<string[]>('entity_ids') ?? [];
          if (ids.length === 0) throw new VaultError(400, ERR_ID_BATCH_DELETE_EMPTY);
          for (const id of ids) await store.deleteEntity(id);
          return null;
        },
      },
      helpSynopsis: 'Delete all of the entities provided',
      helpDescription: 'Delete all of the entities provided.',
    },
    {
      pattern: 'entity/name/?$',
      operations: { list: async () => listEntities(store, true) },
      helpSynopsis: 'List all the entity names',
      helpDescription: 'List all the entity names.',
    },
    {
      pattern: 'entity/id/?$',
      operations: { list: async () => listEntities(store, false) },
      helpSynopsis: 'List all the entity IDs',
      helpDescription: 'List all the entity IDs.',
    },
    {
      pattern: 'entity/merge/?$',
      fields: {
        from_entity_ids: { type: 'comma_string_slice', description: 'Entity IDs which need to get merged' },
        to_entity_id: { type: 'string', description: 'Entity ID into which all the other entities need to get merged' },
        force: { type: 'bool', description: 'Setting this will follow the \'mine\' strategy for merging MFA secrets.' },
        conflicting_alias_ids_to_keep: { type: 'comma_string_slice', description: 'Alias IDs to keep in case of conflicting aliases.' },
      },
      operations: { update: async (_req: Req, d) => merge(store, d) },
      helpSynopsis: 'Merge two or more entities together',
      helpDescription: 'Merge two or more entities together.',
    },
  ];
}

async function byIdUpdate(store: IdentityStore, id: string, d: FieldData): Promise<LogicalResponse | null> {
  if (id === '') throw new VaultError(400, ERR_ID_MISSING_ENTITY_ID);
  const e = store.entities.get(id);
  if (!e) throw new VaultError(400, ERR_ID_ENTITY_NOT_FOUND_FROM_ID);
  return upsertEntity(store, d, e);
}

/** pathEntityMergeID + mergeEntity with mergePolicies=false. */
async function merge(store: IdentityStore, d: FieldData): Promise<LogicalResponse | null> {
  const toId = d.get<string>('to_entity_id');
  if (toId === '') throw new VaultError(400, ERR_ID_MERGE_MISSING_TO);
  const fromIds = d.get<string[]>('from_entity_ids') ?? [];
  if (fromIds.length === 0) throw new VaultError(400, ERR_ID_MERGE_MISSING_FROM);
  const keep = d.get<string[]>('conflicting_alias_ids_to_keep') ?? [];
  const target = store.entities.get(toId);
  if (!target) throw new VaultError(400, ERR_ID_MERGE_TO_INVALID);
  if (fromIds.length > 1 && keep.length > 1) throw new VaultError(400, ERR_ID_MERGE_MULTIPLE_KEEP);
  const to = structuredClone(target);
  // strutil.RemoveDuplicates: de-duplicated and sorted.
  const sortedFrom = [...new Set(fromIds.map((x) => x.trim()).filter((x) => x !== ''))].sort(byGo);
  const froms: Entity[] = [];
  const fromAccessors = new Map<string, string>();
  const clashes: string[] = [];
  const clashData: Array<Record<string, string>> = [];
  const mountFacts = (acc: string) => store.mountOf(acc);
  // First pass: every source exists, and the clashes with the target (only without a keep list).
  for (const id of sortedFrom) {
    if (id === toId) throw new VaultError(400, ERR_ID_MERGE_TO_IN_FROM);
    const from = store.entities.get(id);
    if (!from) throw new VaultError(400, ERR_ID_MERGE_FROM_INVALID);
    froms.push(structuredClone(from));
    if (keep.length > 0) continue;
    for (const ta of to.aliases) {
      for (const fa of from.aliases) {
        const other = fromAccessors.get(fa.mountAccessor);
        if (other !== undefined && other !== id) throw new VaultError(400, errIdMergeAccessorInMultiple(fa.mountAccessor));
        fromAccessors.set(fa.mountAccessor, id);
        if (ta.mountAccessor !== fa.mountAccessor) continue;
        clashes.push(errIdMergeClash(ta.mountAccessor, to.id, id, ta.id, fa.id));
        for (const [e, a] of [[to, ta], [from, fa]] as const) {
          const m = mountFacts(a.mountAccessor);
          clashData.push({ alias: a.name, entity: e.name, entity_id: e.id, mount: m?.type ?? '', mount_path: m?.path ?? '' });
        }
      }
    }
  }
  if (clashes.length > 0) {
    // An error response that carries data: errors and data side by side (http/handler.go respondErrorAndData).
    const items = [ERR_ID_MERGE_CLASH_HEADER, ...clashes];
    const text = `${items.length} errors occurred:\n${items.map((i) => `\t* ${i}`).join('\n')}\n\n`;
    return { status: 400, raw: { body: { errors: [text], data: clashData } } };
  }
  const now = store.now();
  const dropped = new Set<string>();
  for (const from of froms) {
    for (const fa of from.aliases) {
      const ta = to.aliases.find((a) => a.mountAccessor === fa.mountAccessor && !dropped.has(a.id));
      if (ta) {
        if (keep.includes(ta.id)) {
          dropped.add(fa.id);
          continue;
        }
        if (keep.includes(fa.id)) dropped.add(ta.id);
        else throw new VaultError(400, errIdMergeNeitherKept(fa.id, ta.id));
      }
      to.aliases.push({ ...fa, canonicalId: to.id, mergedFromCanonicalIds: [...(fa.mergedFromCanonicalIds ?? []), from.id], lastUpdateTime: now });
    }
    to.mergedEntityIds = [...(to.mergedEntityIds ?? []), ...(from.mergedEntityIds ?? []), from.id];
  }
  to.aliases = to.aliases.filter((a) => !dropped.has(a.id));
  to.lastUpdateTime = now;
  // Groups that listed a source entity lose it and list the target (appended, as Vault does).
  for (const g of store.sortedGroups()) {
    const members = g.memberEntityIds ?? [];
    if (!froms.some((f) => members.includes(f.id))) continue;
    const next = [...members.filter((m) => !froms.some((f) => f.id === m)), to.id];
    await store.saveGroup({ ...g, memberEntityIds: next, modifyIndex: g.modifyIndex + 1, lastUpdateTime: now });
  }
  for (const from of froms) await store.deleteEntityRecord(from.id);
  await store.saveEntity(to);
  return null;
}
