// The identity store's memory and storage (vault/identity_store.go, identity_store_util.go and
// the go-memdb tables of identity_store_schema.go): entities with their aliases, groups with their
// alias, looked up by id, by lower-cased name, by (mount accessor, alias name) and by merged id.
// Everything is held in memory and written through to the identity mount's storage view
// (`entity/<id>`, `group/<id>`), loaded once when the mount's backend is built. Also answers what
// core asks of identity per request: the entity of a token (or that it is disabled or gone), its
// identity policies through the group hierarchy, and the templating context of its policies.
import type { TemplateEntity, TemplateGroup } from '../auth/acl-templating.js';
import type { TokenPort } from '../auth/token-store.js';
import { goStringCompare } from '../go/strings.js';
import type { Storage } from '../storage/types.js';
import { preciseNow, type Clock } from '../util/clock.js';
import type { RandomSource } from '../util/random.js';
import type { Alias, Entity, Group, MountLookup } from './types.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export const byGo = (a: string, b: string) => goStringCompare(a, b);
export const lower = (s: string) => s.toLowerCase();
const factorsKey = (accessor: string, name: string) => `${accessor}\0${lower(name)}`;

/** Policies as Vault stores them on entities and groups: trimmed, de-duplicated, sorted (strutil.RemoveDuplicates). */
export function cleanPolicies(list: readonly string[]): string[] {
  return [...new Set(list.map((p) => p.trim()).filter((p) => p !== ''))].sort(byGo);
}


export class IdentityStore {
  readonly clock: Clock;
  readonly random: RandomSource;
  #storage: Storage | undefined;
  mountOf: MountLookup = () => undefined;
  /** The accessor of the token store's mount (`auth_token_…`). */
  tokenAccessor: () => string = () => '';
  /** The token store's port (set when the token store installs the identity hook). */
  tokens: TokenPort | undefined;
  /** Bumped by every write: token-side caches built from identity data compare it. */
  version = 0;
  readonly entities = new Map<string, Entity>();
  readonly groups = new Map<string, Group>();
  // The memdb indexes that logins hit on every request: entity by lower-cased name, entity alias by
  // id and by (accessor, lower-cased name). Kept in step by saveEntity and deleteEntityRecord.
  readonly #entityByName = new Map<string, string>();
  readonly #aliasById = new Map<string, Alias>();
  readonly #aliasByFactors = new Map<string, Alias>();

  constructor(opts: { clock: Clock; random: RandomSource }) {
    this.clock = opts.clock;
    this.random = opts.random;
  }

  /** Binds the store to the identity mount's storage and loads what it holds. */
  async attach(storage: Storage, mountOf: MountLookup, tokenAccessor: () => string = () => ''): Promise<void> {
    this.#storage = storage;
    this.mountOf = mountOf;
    this.tokenAccessor = tokenAccessor;
    this.version++;
    this.entities.clear();
    this.groups.clear();
    this.#entityByName.clear();
    this.#aliasById.clear();
    this.#aliasByFactors.clear();
    for (const key of await storage.list('entity/')) {
      const raw = await storage.get(`entity/${key}`);
      if (raw) this.#index(JSON.parse(decoder.decode(raw)) as Entity);
    }
    for (const key of await storage.list('group/')) {
      const raw = await storage.get(`group/${key}`);
      if (raw) this.groups.set(key, JSON.parse(decoder.decode(raw)) as Group);
    }
  }

  get storage(): Storage | undefined {
    return this.#storage;
  }

  /** go-uuid GenerateUUID: 16 random bytes in 8-4-4-4-12 hex, no version or variant bits. */
  newId(): string {
    const b = this.random.bytes(16);
    const h = (from: number, to: number) => Array.from(b.subarray(from, to), (x) => HEX[x]).join('');
    return `${h(0, 4)}-${h(4, 6)}-${h(6, 8)}-${h(8, 10)}-${h(10, 16)}`;
  }

  /** identity_store_util.go generateName: `<prefix>_<8 hex>`, retried while taken. */
  generateName(prefix: 'entity' | 'group'): string {
    for (;;) {
      const name = `${prefix}_${Array.from(this.random.bytes(4), (x) => HEX[x]).join('')}`;
      const taken = prefix === 'entity' ? this.entityByName(name) : this.groupByName(name);
      if (!taken) return name;
    }
  }

  /** Now with the clock's sub-millisecond digits: Vault stamps identity objects with ptypes.TimestampNow(). */
  now(): number {
    return preciseNow(this.clock);
  }

  // ---- lookups (the memdb indexes) ----------------------------------------------------------

  entityByName(name: string): Entity | undefined {
    const id = this.#entityByName.get(lower(name));
    return id === undefined ? undefined : this.entities.get(id);
  }

  /** By id, else through the merged-entity index (tokens of a merged-away entity keep working). */
  entityByIdOrMerged(id: string): Entity | undefined {
    const direct = this.entities.get(id);
    if (direct) return direct;
    for (const e of this.entities.values()) if (e.mergedEntityIds?.includes(id)) return e;
    return undefined;
  }

  entityAliasById(id: string): Alias | undefined {
    return this.#aliasById.get(id);
  }

  entityAliasByFactors(accessor: string, name: string): Alias | undefined {
    return this.#aliasByFactors.get(factorsKey(accessor, name));
  }

  groupByName(name: string): Group | undefined {
    const n = lower(name);
    for (const g of this.groups.values()) if (lower(g.name) === n) return g;
    return undefined;
  }

  groupAliasById(id: string): Alias | undefined {
    for (const g of this.groups.values()) if (g.alias?.id === id) return g.alias;
    return undefined;
  }

  groupAliasByFactors(accessor: string, name: string): Alias | undefined {
    const n = lower(name);
    for (const g of this.groups.values()) if (g.alias && g.alias.mountAccessor === accessor && lower(g.alias.name) === n) return g.alias;
    return undefined;
  }

  /** Entities sorted by id (the order of the memdb `namespace_id` index walk). */
  sortedEntities(): Entity[] {
    return [...this.entities.values()].sort((a, b) => byGo(a.id, b.id));
  }

  sortedGroups(): Group[] {
    return [...this.groups.values()].sort((a, b) => byGo(a.id, b.id));
  }

  /** Child groups of a group: those listing it as a parent (MemDBGroupsByParentGroupID). */
  childGroups(id: string): Group[] {
    return this.sortedGroups().filter((g) => g.parentGroupIds?.includes(id));
  }

  /** Groups listing the entity directly, and their ancestors without the direct ones. */
  groupsOfEntity(entityId: string): { direct: Group[]; inherited: Group[] } {
    const direct = this.sortedGroups().filter((g) => g.memberEntityIds?.includes(entityId));
    const seen = new Set(direct.map((g) => g.id));
    const inherited: Group[] = [];
    const stack = direct.flatMap((g) => g.parentGroupIds ?? []);
    while (stack.length > 0) {
      const id = stack.shift()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const g = this.groups.get(id);
      if (!g) continue; // a deleted parent stays listed on its children (collectGroupsReverseDFS skips it)
      inherited.push(g);
      stack.push(...(g.parentGroupIds ?? []));
    }
    return { direct, inherited };
  }

  /** Whether `ancestorId` is reachable from `groupId` by walking member (child) groups down. */
  reachesDown(groupId: string, targetId: string): boolean {
    const seen = new Set<string>();
    const stack = [groupId];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === targetId) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const c of this.childGroups(id)) stack.push(c.id);
    }
    return false;
  }

  /**
   * request_handling.go fetchEntityAndDerivedPolicies: the entity's own policies as stored, then
   * the policies of its direct and inherited groups, de-duplicated and sorted.
   */
  identityPolicies(entity: Entity): string[] {
    const { direct, inherited } = this.groupsOfEntity(entity.id);
    const groupPolicies = cleanPolicies([...direct, ...inherited].flatMap((g) => g.policies ?? []));
    return [...entity.policies, ...groupPolicies];
  }

  templateEntity(e: Entity): TemplateEntity {
    return {
      id: e.id, name: e.name, metadata: e.metadata,
      aliases: e.aliases.map((a) => ({ mountAccessor: a.mountAccessor, id: a.id, name: a.name, metadata: a.metadata, customMetadata: a.customMetadata })),
    };
  }

  templateGroups(e: Entity): TemplateGroup[] {
    const { direct, inherited } = this.groupsOfEntity(e.id);
    return [...direct, ...inherited].map((g) => ({ id: g.id, name: g.name, metadata: g.metadata }));
  }

  // ---- writes -------------------------------------------------------------------------------

  async saveEntity(e: Entity): Promise<void> {
    this.#unindex(e.id);
    this.#index(e);
    await this.#put(`entity/${e.id}`, e);
  }

  async deleteEntityRecord(id: string): Promise<void> {
    this.#unindex(id);
    await this.#storage?.delete(`entity/${id}`);
  }

  async saveGroup(g: Group): Promise<void> {
    this.version++;
    this.groups.set(g.id, g);
    await this.#put(`group/${g.id}`, g);
  }

  async deleteGroupRecord(id: string): Promise<void> {
    this.version++;
    this.groups.delete(id);
    await this.#storage?.delete(`group/${id}`);
  }

  /** Deletes an entity, its aliases with it, and takes it out of every group (handleEntityDeleteCommon). */
  async deleteEntity(id: string): Promise<void> {
    if (!this.entities.has(id)) return;
    for (const g of this.sortedGroups()) {
      if (!g.memberEntityIds?.includes(id)) continue;
      await this.saveGroup({ ...g, memberEntityIds: g.memberEntityIds.filter((m) => m !== id), modifyIndex: g.modifyIndex + 1, lastUpdateTime: this.now() });
    }
    await this.deleteEntityRecord(id);
  }

  /** A new entity with a generated name and no policies (CreateOrFetchEntity, alias create). */
  newEntity(name = ''): Entity {
    const now = this.now();
    return {
      id: this.newId(), name: name || this.generateName('entity'), metadata: null, policies: [], disabled: false,
      creationTime: now, lastUpdateTime: now, mergedEntityIds: null, aliases: [],
    };
  }

  #index(e: Entity): void {
    this.version++;
    this.entities.set(e.id, e);
    this.#entityByName.set(lower(e.name), e.id);
    for (const a of e.aliases) {
      this.#aliasById.set(a.id, a);
      this.#aliasByFactors.set(factorsKey(a.mountAccessor, a.name), a);
    }
  }

  #unindex(id: string): void {
    this.version++;
    const old = this.entities.get(id);
    if (!old) return;
    this.entities.delete(id);
    if (this.#entityByName.get(lower(old.name)) === id) this.#entityByName.delete(lower(old.name));
    for (const a of old.aliases) {
      if (this.#aliasById.get(a.id)?.canonicalId === id) this.#aliasById.delete(a.id);
      const k = factorsKey(a.mountAccessor, a.name);
      if (this.#aliasByFactors.get(k)?.canonicalId === id) this.#aliasByFactors.delete(k);
    }
  }

  async #put(key: string, value: unknown): Promise<void> {
    await this.#storage?.put(key, encoder.encode(JSON.stringify(value)));
  }
}
