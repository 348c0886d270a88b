// identity/group* and identity/lookup/* (V vault/identity_store_groups.go, identity_lookup.go):
// internal and external groups, members, parent/child links, cycles refused, read and list
// shapes, lookups by each criterion and their errors.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ERR_ID_EXTERNAL_MEMBER_ENTITIES, ERR_ID_EXTERNAL_MEMBER_GROUPS, ERR_ID_GROUP_NAME_IN_USE, ERR_ID_GROUP_TYPE_CHANGE,
  ERR_ID_INVALID_GROUP_ID, ERR_ID_LOOKUP_ALIAS_PAIR, ERR_ID_LOOKUP_CONFLICT, ERR_ID_LOOKUP_NONE, ERR_ID_POLICIES_ROOT, errIdCyclicGroup,
  errIdInvalidEntityId, errIdInvalidGroupType, errIdInvalidMemberGroup, errIdMemberGroupSelf,
} from '../../src/errors/identity.js';
import { IdentityStore } from '../../src/identity/store.js';
import { data, errors, identityVault, withUserpass, wrapped } from './helpers.js';

describe('identity groups', () => {
  it('creates an internal group with members and reads it in Vault’s shape; an update is a 204', async () => {
    const vault = await identityVault();
    const e = data(await vault.request('update', 'identity/entity', { name: 'bob' })).id as string;
    const res = await vault.request('update', 'identity/group', { name: 'eng', policies: 'b,a,B', member_entity_ids: [e], metadata: { hello: 'world' } });
    expect(res.status).toBe(200);
    const { id } = data(res) as { id: string };
    expect(Object.keys(data(res))).toEqual(['id', 'name']);
    const read = data(await vault.request('read', `identity/group/id/${id}`));
    expect(Object.keys(read)).toEqual([
      'alias', 'creation_time', 'id', 'last_update_time', 'member_entity_ids', 'member_group_ids', 'metadata', 'modify_index', 'name',
      'namespace_id', 'parent_group_ids', 'policies', 'type',
    ]);
    expect(read).toMatchObject({
      alias: {}, member_entity_ids: [e], member_group_ids: null, metadata: { hello: 'world' }, modify_index: 1, name: 'eng',
      namespace_id: 'root', parent_group_ids: null, policies: ['a', 'b'], type: 'internal',
    });
    expect((await vault.request('update', 'identity/group', { name: 'ENG', policies: 'c' })).status).toBe(204);
    expect(data(await vault.request('read', 'identity/group/name/eng'))).toMatchObject({ policies: ['c'], modify_index: 2 });
    expect(data(await vault.request('read', `identity/entity/id/${e}`)).direct_group_ids).toEqual([id]);
    const bare = data(await vault.request('read', `identity/group/id/${data(await vault.request('update', 'identity/group', {})).id}`));
    expect(bare).toMatchObject({ policies: null, member_entity_ids: null, metadata: null });
    expect(bare.name).toMatch(/^group_[0-9a-f]{8}$/);
  });

  it('links parents and children, shows inherited groups on the entity, and refuses cycles', async () => {
    const vault = await identityVault();
    const e = data(await vault.request('update', 'identity/entity', { name: 'bob' })).id as string;
    const child = data(await vault.request('update', 'identity/group', { name: 'child', member_entity_ids: e })).id as string;
    const parent = data(await vault.request('update', 'identity/group', { name: 'parent', member_group_ids: [child] })).id as string;
    const top = data(await vault.request('update', 'identity/group', { name: 'top', member_group_ids: [parent] })).id as string;
    expect(data(await vault.request('read', `identity/group/id/${child}`))).toMatchObject({ parent_group_ids: [parent], modify_index: 2 });
    expect(data(await vault.request('read', `identity/group/id/${parent}`)).member_group_ids).toEqual([child]);
    const ent = data(await vault.request('read', `identity/entity/id/${e}`));
    expect(ent.direct_group_ids).toEqual([child]);
    expect(new Set(ent.inherited_group_ids as string[])).toEqual(new Set([parent, top]));
    const cyc = await vault.request('update', `identity/group/id/${child}`, { member_group_ids: [top] });
    expect([cyc.status, errors(cyc)]).toEqual([400, [errIdCyclicGroup(top)]]);
    const self = await vault.request('update', `identity/group/id/${child}`, { member_group_ids: [child] });
    expect([self.status, errors(self)]).toEqual([500, [wrapped(errIdMemberGroupSelf(child))]]);
    const unknown = await vault.request('update', `identity/group/id/${child}`, { member_group_ids: ['nope'] });
    expect([unknown.status, errors(unknown)]).toEqual([500, [wrapped(errIdInvalidMemberGroup('nope'))]]);
    expect(data(await vault.request('read', `identity/group/id/${child}`)).member_group_ids).toBeNull();
    // emptying the member list unlinks the child
    expect((await vault.request('update', `identity/group/id/${parent}`, { member_group_ids: [] })).status).toBe(204);
    expect(data(await vault.request('read', `identity/group/id/${child}`)).parent_group_ids).toBeNull();
  });

  it('refuses bad group writes with Vault’s messages and statuses', async () => {
    const vault = await identityVault();
    const ext = data(await vault.request('update', 'identity/group', { name: 'ext', type: 'external' })).id as string;
    await vault.request('update', 'identity/group', { name: 'taken' });
    const cases: Array<[string, Record<string, unknown>, number, string]> = [
      ['identity/group', { name: 'x', policies: ['root'] }, 400, ERR_ID_POLICIES_ROOT],
      ['identity/group', { name: 'x', type: 'weird' }, 400, errIdInvalidGroupType('weird')],
      [`identity/group/id/${ext}`, { type: 'internal' }, 400, ERR_ID_GROUP_TYPE_CHANGE],
      [`identity/group/id/${ext}`, { name: 'TAKEN' }, 400, ERR_ID_GROUP_NAME_IN_USE],
      [`identity/group/id/${ext}`, { member_entity_ids: [] }, 400, ERR_ID_EXTERNAL_MEMBER_ENTITIES],
      [`identity/group/id/${ext}`, { member_group_ids: [] }, 400, ERR_ID_EXTERNAL_MEMBER_GROUPS],
      ['identity/group/id/nope', { name: 'x' }, 400, ERR_ID_INVALID_GROUP_ID],
      ['identity/group', { name: 'x', member_entity_ids: 'ghost' }, 500, wrapped(errIdInvalidEntityId('ghost'))],
    ];
    for (const [path, body, status, msg] of cases) {
      const r = await vault.request('update', path, body);
      expect([path, r.status, errors(r)]).toEqual([path, status, [msg]]);
    }
    expect((await vault.request('read', 'identity/group/name/x')).status).toBe(404);
  });

  it('lists groups with key_info by id and plain names by name; deletes with 204', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    const g = data(await vault.request('update', 'identity/group', { name: 'g' })).id as string;
    const ga = data(await vault.request('update', 'identity/group-alias', { name: 'a', mount_accessor: acc })) as { canonical_id: string; id: string };
    const list = data(await vault.request('list', 'identity/group/id'));
    const info = list.key_info as Record<string, unknown>;
    expect(info[g]).toEqual({ name: 'g', num_member_entities: 0, num_parent_groups: 0 });
    expect(info[ga.canonical_id]).toMatchObject({ alias: { id: ga.id, mount_accessor: acc, mount_path: 'auth/userpass/', mount_type: 'userpass', name: 'a' } });
    expect(Object.keys(data(await vault.request('list', 'identity/group/name')))).toEqual(['keys']);
    expect((await vault.request('delete', 'identity/group/name/G')).status).toBe(204);
    expect((await vault.request('delete', `identity/group/id/${g}`)).status).toBe(204);
    expect((await vault.request('read', `identity/group/id/${g}`)).status).toBe(404);
  });
});

describe('identity lookup', () => {
  it('finds entities and groups by each criterion, answers 204 when absent, and refuses ambiguous queries', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    const e = data(await vault.request('update', 'identity/entity', { name: 'bob' })).id as string;
    const a = data(await vault.request('update', 'identity/entity-alias', { name: 'bobby', mount_accessor: acc, canonical_id: e })).id as string;
    for (const q of [{ id: e }, { name: 'BOB' }, { alias_id: a }, { alias_name: 'bobby', alias_mount_accessor: acc }]) {
      const r = await vault.request('update', 'identity/lookup/entity', q);
      expect([r.status, data(r).id]).toEqual([200, e]);
    }
    expect((await vault.request('update', 'identity/lookup/entity', { name: 'nobody' })).status).toBe(204);
    expect((await vault.request('update', 'identity/lookup/entity', { id: '' })).status).toBe(204);
    const g = data(await vault.request('update', 'identity/group', { name: 'eng' })).id as string;
    expect(data(await vault.request('update', 'identity/lookup/group', { name: 'eng' })).id).toBe(g);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, ERR_ID_LOOKUP_NONE], [{ id: e, name: 'bob' }, ERR_ID_LOOKUP_CONFLICT], [{ alias_name: 'bobby' }, ERR_ID_LOOKUP_ALIAS_PAIR],
    ];
    for (const [q, msg] of cases) {
      const r = await vault.request('update', 'identity/lookup/entity', q);
      expect([r.status, errors(r)]).toEqual([400, [msg]]);
    }
    expect((await vault.request('read', 'identity/lookup/entity')).status).toBe(405);
  });
});

describe('group hierarchy (property)', () => {
  it('never accepts a cycle, and inherited policies are the union along the parents', async () => {
    const { upsertGroup } = await import('../../src/identity/group-paths.js');
    const { createFieldData } = await import('../../src/framework/field-data.js');
    const { ManualClock } = await import('../../src/util/clock.js');
    const { createRandom } = await import('../../src/util/random.js');
    const { MemoryStorage } = await import('../../src/storage/memory.js');
    const fields = { policies: { type: 'comma_string_slice' as const }, member_group_ids: { type: 'comma_string_slice' as const }, member_entity_ids: { type: 'comma_string_slice' as const }, name: { type: 'string' as const }, type: { type: 'string' as const }, metadata: { type: 'kvpairs' as const } };
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 2, max: 6 }),
      fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { maxLength: 14 }),
      async (n, edges) => {
        const store = new IdentityStore({ clock: new ManualClock(), random: createRandom(1) });
        await store.attach(new MemoryStorage(), () => undefined);
        const entity = store.newEntity('e');
        await store.saveEntity(entity);
        const ids: string[] = [];
        for (let i = 0; i < n; i++) {
          const res = await upsertGroup(store, createFieldData({ name: `g${i}`, policies: [`p${i}`], ...(i === 0 ? { member_entity_ids: [entity.id] } : {}) }, fields), undefined);
          ids.push((res!.data as { id: string }).id);
        }
        for (const [p, c] of edges) {
          const parent = store.groups.get(ids[p % n]!)!;
          const child = ids[c % n]!;
          const members = [...new Set([...store.childGroups(parent.id).map((g) => g.id), child])];
          try {
            await upsertGroup(store, createFieldData({ member_group_ids: members }, fields), parent);
          } catch {
            // refused: the hierarchy is unchanged
          }
        }
        // no group reaches itself through its parents
        for (const id of ids) {
          const seen = new Set<string>();
          const stack = [...(store.groups.get(id)!.parentGroupIds ?? [])];
          while (stack.length > 0) {
            const g = stack.pop()!;
            expect(g).not.toBe(id);
            if (seen.has(g)) continue;
            seen.add(g);
            stack.push(...(store.groups.get(g)!.parentGroupIds ?? []));
          }
        }
        // identity policies = the policies of g0 and every ancestor of g0
        const ancestors = new Set<string>([ids[0]!]);
        const stack = [ids[0]!];
        while (stack.length > 0) for (const p of store.groups.get(stack.pop()!)!.parentGroupIds ?? []) if (!ancestors.has(p)) { ancestors.add(p); stack.push(p); }
        const expected = [...ancestors].map((id) => `p${ids.indexOf(id)}`).sort();
        expect(store.identityPolicies(entity)).toEqual(expected);
      },
    ), { numRuns: 60 });
  });
});
