// Bootstrap fixtures for identity: entities (policies, metadata, disabled, aliases on auth mounts)
// and groups (internal with member entities and child groups, or external with a group alias),
// keyed by name so a fixture reads like the setup a team writes in Terraform. Applied through the
// identity API a real Vault sees: identity/entity/name/<name>, identity/entity-alias,
// identity/group/name/<name>, identity/group-alias; aliases name their auth mount by path and the
// accessor is looked up in sys/auth. Groups are written in two passes (create, then members), so
// their order in the fixture does not matter.
import type { CoreRequest, CoreResponse } from '../core/types.js';

export interface BootstrapAlias {
  /** The auth mount's path (`userpass`, `approle`…). */
  mount: string;
  name: string;
  custom_metadata?: Record<string, string>;
}

export interface BootstrapEntity {
  policies?: string[];
  metadata?: Record<string, string>;
  disabled?: boolean;
  aliases?: BootstrapAlias[];
}

export interface BootstrapGroup {
  type?: 'internal' | 'external';
  policies?: string[];
  metadata?: Record<string, string>;
  /** Entity names (of this fixture or made before). */
  member_entities?: string[];
  /** Child group names. */
  member_groups?: string[];
  /** External groups: the group alias on an auth mount. */
  alias?: { mount: string; name: string };
}

export interface BootstrapIdentity {
  entities?: Record<string, BootstrapEntity>;
  groups?: Record<string, BootstrapGroup>;
}

type Fail = (where: string, msg: string) => never;
type Call = (where: string, operation: CoreRequest['operation'], path: string, data: Record<string, unknown>) => Promise<CoreResponse>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isStringMap = (v: unknown) => isObject(v) && Object.values(v).every((s) => typeof s === 'string');

function keys(where: string, v: unknown, allowed: string[], fail: Fail): Record<string, unknown> {
  if (!isObject(v)) fail(where, 'expected an object');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${where}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
  return o;
}

function check(where: string, ok: boolean, what: string, fail: Fail): void {
  if (!ok) fail(where, `expected ${what}`);
}

function checkAlias(where: string, a: unknown, fail: Fail, custom: boolean): void {
  const o = keys(where, a, custom ? ['mount', 'name', 'custom_metadata'] : ['mount', 'name'], fail);
  for (const k of ['mount', 'name']) {
    if (!(k in o)) fail(`${where}.${k}`, 'required');
    check(`${where}.${k}`, typeof o[k] === 'string' && o[k] !== '', 'a non-empty string', fail);
  }
  if (o.custom_metadata !== undefined) check(`${where}.custom_metadata`, isStringMap(o.custom_metadata), 'an object of strings', fail);
}

/** Checks the `identity` section strictly (before anything is written). */
export function validateIdentityFixtures(section: unknown, fail: Fail): void {
  if (section === undefined) return;
  const top = keys('identity', section, ['entities', 'groups'], fail);
  const entityNames = new Set(Object.keys(isObject(top.entities) ? top.entities : {}));
  const groupNames = new Set(Object.keys(isObject(top.groups) ? top.groups : {}));
  if (top.entities !== undefined) check('identity.entities', isObject(top.entities), 'an object', fail);
  if (top.groups !== undefined) check('identity.groups', isObject(top.groups), 'an object', fail);
  for (const [name, e] of Object.entries((top.entities ?? {}) as Record<string, unknown>)) {
    const where = `identity.entities[${JSON.stringify(name)}]`;
    if (name.trim() === '') fail(where, 'the entity name must not be empty');
    const o = keys(where, e, ['policies', 'metadata', 'disabled', 'aliases'], fail);
    if (o.policies !== undefined) check(`${where}.policies`, isStrings(o.policies), 'a list of strings', fail);
    if (o.metadata !== undefined) check(`${where}.metadata`, isStringMap(o.metadata), 'an object of strings', fail);
    if (o.disabled !== undefined) check(`${where}.disabled`, typeof o.disabled === 'boolean', 'a boolean', fail);
    if (o.aliases !== undefined) {
      check(`${where}.aliases`, Array.isArray(o.aliases), 'a list of aliases', fail);
      (o.aliases as unknown[]).forEach((a, i) => checkAlias(`${where}.aliases[${i}]`, a, fail, true));
    }
  }
  for (const [name, g] of Object.entries((top.groups ?? {}) as Record<string, unknown>)) {
    const where = `identity.groups[${JSON.stringify(name)}]`;
    if (name.trim() === '') fail(where, 'the group name must not be empty');
    const o = keys(where, g, ['type', 'policies', 'metadata', 'member_entities', 'member_groups', 'alias'], fail);
    const type = o.type ?? 'internal';
    if (type !== 'internal' && type !== 'external') fail(`${where}.type`, `unknown group type ${JSON.stringify(type)} (internal or external)`);
    if (o.policies !== undefined) check(`${where}.policies`, isStrings(o.policies), 'a list of strings', fail);
    if (o.metadata !== undefined) check(`${where}.metadata`, isStringMap(o.metadata), 'an object of strings', fail);
    for (const k of ['member_entities', 'member_groups'] as const) {
      if (o[k] === undefined) continue;
      check(`${where}.${k}`, isStrings(o[k]), 'a list of strings', fail);
      if (type === 'external') fail(`${where}.${k}`, 'external groups take their members from logins');
    }
    for (const m of (o.member_groups ?? []) as string[]) if (!groupNames.has(m)) fail(`${where}.member_groups`, `no group ${JSON.stringify(m)} in identity.groups`);
    for (const m of (o.member_entities ?? []) as string[]) if (!entityNames.has(m)) fail(`${where}.member_entities`, `no entity ${JSON.stringify(m)} in identity.entities`);
    if (o.alias !== undefined) {
      if (type !== 'external') fail(`${where}.alias`, 'only external groups have an alias');
      checkAlias(`${where}.alias`, o.alias, fail, false);
    }
  }
}

/** Applies the `identity` section through the identity API (after the auth mounts exist). */
export async function applyIdentityFixtures(section: BootstrapIdentity | undefined, call: Call, fail: Fail): Promise<void> {
  if (section === undefined) return;
  const auth = ((await call('identity', 'read', 'sys/auth', {})).body as { data: Record<string, { accessor: string }> }).data;
  const accessorOf = (where: string, mount: string) => auth[`${mount.replace(/\/$/, '')}/`]?.accessor ?? fail(where, `no auth mount ${JSON.stringify(mount)}`);
  const entityIds = new Map<string, string>();
  for (const [name, e] of Object.entries(section.entities ?? {})) {
    const where = `identity.entities[${JSON.stringify(name)}]`;
    const { aliases, ...body } = e;
    await call(where, 'update', `identity/entity/name/${name}`, { ...body });
    const read = await call(where, 'read', `identity/entity/name/${name}`, {});
    const id = (read.body as { data: { id: string } }).data.id;
    entityIds.set(name, id);
    for (const [i, a] of (aliases ?? []).entries()) {
      const at = `${where}.aliases[${i}]`;
      await call(at, 'update', 'identity/entity-alias', {
        name: a.name, mount_accessor: accessorOf(at, a.mount), canonical_id: id, ...(a.custom_metadata ? { custom_metadata: a.custom_metadata } : {}),
      });
    }
  }
  const groupIds = new Map<string, string>();
  for (const [name, g] of Object.entries(section.groups ?? {})) {
    const where = `identity.groups[${JSON.stringify(name)}]`;
    const body: Record<string, unknown> = { type: g.type ?? 'internal' };
    if (g.policies) body.policies = g.policies;
    if (g.metadata) body.metadata = g.metadata;
    await call(where, 'update', `identity/group/name/${name}`, body);
    const read = await call(where, 'read', `identity/group/name/${name}`, {});
    groupIds.set(name, (read.body as { data: { id: string } }).data.id);
  }
  for (const [name, g] of Object.entries(section.groups ?? {})) {
    const where = `identity.groups[${JSON.stringify(name)}]`;
    const id = groupIds.get(name)!;
    if (g.member_entities || g.member_groups) {
      await call(where, 'update', `identity/group/id/${id}`, {
        ...(g.member_entities ? { member_entity_ids: g.member_entities.map((n) => entityIds.get(n)!) } : {}),
        ...(g.member_groups ? { member_group_ids: g.member_groups.map((n) => groupIds.get(n)!) } : {}),
      });
    }
    if (g.alias) {
      const at = `${where}.alias`;
      await call(at, 'update', 'identity/group-alias', { name: g.alias.name, mount_accessor: accessorOf(at, g.alias.mount), canonical_id: id });
    }
  }
}
