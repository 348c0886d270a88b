// identity/entity* (V vault/identity_store_entities.go): create/update by body, id and name,
// read shapes, LIST with key_info, delete, batch-delete, merge, and the errors of each.
import { describe, expect, it } from 'vitest';
import {
  ERR_ID_BATCH_DELETE_EMPTY, ERR_ID_ENTITY_NAME_IN_USE, ERR_ID_ENTITY_NOT_FOUND_FROM_ID, ERR_ID_MERGE_FROM_INVALID, ERR_ID_MERGE_MISSING_FROM,
  ERR_ID_MERGE_MISSING_TO, ERR_ID_MERGE_MULTIPLE_KEEP, ERR_ID_MERGE_TO_IN_FROM, ERR_ID_MERGE_TO_INVALID, ERR_ID_POLICIES_ROOT,
} from '../../src/errors/identity.js';
import { body, data, errors, identityVault, withUserpass, wrapped } from './helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('identity entities', () => {
  it('creates an entity, answers 200 with aliases null, id and name; a second write by name is a 204 update', async () => {
    const vault = await identityVault();
    const res = await vault.request('update', 'identity/entity', { name: 'bob', policies: ['eng', 'Ops', 'eng'], metadata: { team: 'a' } });
    expect(res.status).toBe(200);
    expect(body(res).mount_type).toBe('identity');
    const created = data(res);
    expect(Object.keys(created)).toEqual(['aliases', 'id', 'name']);
    expect(created).toMatchObject({ aliases: null, name: 'bob' });
    expect(created.id).toMatch(UUID);
    const again = await vault.request('update', 'identity/entity', { name: 'BOB', policies: 'ops' });
    expect(again.status).toBe(204);
    const read = data(await vault.request('read', `identity/entity/id/${created.id}`));
    expect(Object.keys(read)).toEqual([
      'aliases', 'creation_time', 'direct_group_ids', 'disabled', 'group_ids', 'id', 'inherited_group_ids', 'last_update_time',
      'merged_entity_ids', 'metadata', 'name', 'namespace_id', 'policies',
    ]);
    expect(read).toMatchObject({
      aliases: [], direct_group_ids: [], disabled: false, group_ids: [], inherited_group_ids: [], merged_entity_ids: null,
      metadata: { team: 'a' }, name: 'BOB', namespace_id: 'root', policies: ['ops'],
    });
    expect(read.creation_time).toBe('2026-01-01T00:00:00Z');
  });

  it('generates entity_<8 hex> names and keeps policies sorted and de-duplicated with their case', async () => {
    const vault = await identityVault();
    const id = data(await vault.request('update', 'identity/entity/name/x', { policies: 'b,A, b' })).id as string;
    expect(data(await vault.request('read', 'identity/entity/name/X')).policies).toEqual(['A', 'b']);
    const gen = data(await vault.request('update', 'identity/entity', {}));
    expect(gen.name).toMatch(/^entity_[0-9a-f]{8}$/);
    expect(id).toMatch(UUID);
  });

  it('refuses a name owned by another entity, an unknown id and the root policy, changing nothing', async () => {
    const vault = await identityVault();
    const a = data(await vault.request('update', 'identity/entity', { name: 'alice' })).id as string;
    await vault.request('update', 'identity/entity', { name: 'bob' });
    let res = await vault.request('update', `identity/entity/id/${a}`, { name: 'Bob', policies: 'x' });
    expect([res.status, errors(res)]).toEqual([400, [ERR_ID_ENTITY_NAME_IN_USE]]);
    res = await vault.request('update', 'identity/entity', { id: 'nope', name: 'z' });
    expect([res.status, errors(res)]).toEqual([400, [ERR_ID_ENTITY_NOT_FOUND_FROM_ID]]);
    res = await vault.request('update', 'identity/entity/name/alice', { policies: ['root'] });
    expect([res.status, errors(res)]).toEqual([400, [ERR_ID_POLICIES_ROOT]]);
    expect(data(await vault.request('read', `identity/entity/id/${a}`))).toMatchObject({ name: 'alice', policies: [] });
  });

  it('checks metadata limits as a plain error (500) and writes nothing', async () => {
    const vault = await identityVault();
    const res = await vault.request('update', 'identity/entity', { name: 'm', metadata: { 'vault-x': 'y' } });
    expect(res.status).toBe(500);
    expect(errors(res)).toEqual([wrapped('invalid entity metadata: failed to load metadata pair ("vault-x", "y"): key prefix "vault-" is reserved for internal use')]);
    expect((await vault.request('read', 'identity/entity/name/m')).status).toBe(404);
  });

  it('lists ids with key_info (aliases only when present) and names without it', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    const e1 = data(await vault.request('update', 'identity/entity', { name: 'one' })).id as string;
    await vault.request('update', 'identity/entity', { name: 'two' });
    const alias = data(await vault.request('update', 'identity/entity-alias', { name: 'u1', mount_accessor: acc, canonical_id: e1 })).id;
    const list = data(await vault.request('list', 'identity/entity/id'));
    const info = list.key_info as Record<string, Record<string, unknown>>;
    expect(list.keys).toEqual([...(list.keys as string[])].sort());
    expect(info[e1]).toEqual({ aliases: [{ id: alias, mount_accessor: acc, mount_path: 'auth/userpass/', mount_type: 'userpass', name: 'u1' }], name: 'one' });
    expect(Object.values(info).some((v) => v.name === 'two' && !('aliases' in v))).toBe(true);
    const names = data(await vault.request('list', 'identity/entity/name'));
    expect(Object.keys(names)).toEqual(['keys']);
    expect((names.keys as string[]).sort()).toEqual(['one', 'two']);
  });

  it('answers 404 for an empty list and for a missing entity, and deletes with 204 even when absent', async () => {
    const vault = await identityVault();
    expect((await vault.request('list', 'identity/entity/id')).status).toBe(404);
    expect((await vault.request('read', 'identity/entity/id/missing')).status).toBe(404);
    expect((await vault.request('delete', 'identity/entity/id/missing')).status).toBe(204);
    const id = data(await vault.request('update', 'identity/entity', { name: 'gone' })).id as string;
    expect((await vault.request('delete', 'identity/entity/name/GONE')).status).toBe(204);
    expect((await vault.request('read', `identity/entity/id/${id}`)).status).toBe(404);
  });

  it('batch-deletes the given ids, skipping unknown ones, and refuses an empty list', async () => {
    const vault = await identityVault();
    const a = data(await vault.request('update', 'identity/entity', { name: 'a' })).id as string;
    const b = data(await vault.request('update', 'identity/entity', { name: 'b' })).id as string;
    let res = await vault.request('update', 'identity/entity/batch-delete', { entity_ids: [] });
    expect([res.status, errors(res)]).toEqual([400, [ERR_ID_BATCH_DELETE_EMPTY]]);
    res = await vault.request('update', 'identity/entity/batch-delete', { entity_ids: [a, 'unknown'] });
    expect(res.status).toBe(204);
    expect((await vault.request('read', `identity/entity/id/${a}`)).status).toBe(404);
    expect((await vault.request('read', `identity/entity/id/${b}`)).status).toBe(200);
  });

  it('merges entities: aliases move, merged_entity_ids grows, groups follow, policies stay', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    const to = data(await vault.request('update', 'identity/entity', { name: 'to', policies: 'p-to' })).id as string;
    const from = data(await vault.request('update', 'identity/entity', { name: 'from', policies: 'p-from' })).id as string;
    const alias = data(await vault.request('update', 'identity/entity-alias', { name: 'bob', mount_accessor: acc, canonical_id: from })).id;
    const group = data(await vault.request('update', 'identity/group', { name: 'g', member_entity_ids: [from] })).id;
    expect((await vault.request('update', 'identity/entity/merge', { from_entity_ids: [from], to_entity_id: to })).status).toBe(204);
    expect((await vault.request('read', `identity/entity/id/${from}`)).status).toBe(404);
    const read = data(await vault.request('read', `identity/entity/id/${to}`));
    expect(read).toMatchObject({ merged_entity_ids: [from], policies: ['p-to'], direct_group_ids: [group] });
    expect((read.aliases as Array<Record<string, unknown>>)[0]).toMatchObject({ id: alias, canonical_id: to, merged_from_canonical_ids: [from] });
  });

  it('refuses merges with Vault’s messages, in Vault’s order', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    const to = data(await vault.request('update', 'identity/entity', { name: 'to' })).id as string;
    const from = data(await vault.request('update', 'identity/entity', { name: 'from' })).id as string;
    const merge = (d: Record<string, unknown>) => vault.request('update', 'identity/entity/merge', d);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ from_entity_ids: [from] }, ERR_ID_MERGE_MISSING_TO],
      [{ to_entity_id: to }, ERR_ID_MERGE_MISSING_FROM],
      [{ to_entity_id: 'x', from_entity_ids: [from] }, ERR_ID_MERGE_TO_INVALID],
      [{ to_entity_id: to, from_entity_ids: [from, 'y'], conflicting_alias_ids_to_keep: ['a', 'b'] }, ERR_ID_MERGE_MULTIPLE_KEEP],
      [{ to_entity_id: to, from_entity_ids: [to] }, ERR_ID_MERGE_TO_IN_FROM],
      [{ to_entity_id: to, from_entity_ids: ['nope'] }, ERR_ID_MERGE_FROM_INVALID],
    ];
    for (const [d, msg] of cases) {
      const res = await merge(d);
      expect([res.status, errors(res)]).toEqual([400, [msg]]);
    }
    const ta = data(await vault.request('update', 'identity/entity-alias', { name: 't', mount_accessor: acc, canonical_id: to })).id as string;
    const fa = data(await vault.request('update', 'identity/entity-alias', { name: 'f', mount_accessor: acc, canonical_id: from })).id as string;
    const clash = await merge({ to_entity_id: to, from_entity_ids: [from] });
    expect(clash.status).toBe(400);
    expect(errors(clash)![0]).toBe('2 errors occurred:\n\t* toEntity and at least one fromEntity have aliases with the same mount accessor, repeat the merge request specifying exactly one fromEntity, clashes: '
      + `\n\t* mountAccessor: ${acc}, toEntity ID: ${to}, fromEntity ID: ${from}, conflicting toEntity alias ID: ${ta}, conflicting fromEntity alias ID: ${fa}\n\n`);
    expect(Object.keys(body(clash))).toEqual(['errors', 'data']);
    expect(body(clash).data).toEqual([
      { alias: 't', entity: 'to', entity_id: to, mount: 'userpass', mount_path: 'auth/userpass/' },
      { alias: 'f', entity: 'from', entity_id: from, mount: 'userpass', mount_path: 'auth/userpass/' },
    ]);
    expect((await vault.request('read', `identity/entity/id/${from}`)).status).toBe(200);
    expect((await merge({ to_entity_id: to, from_entity_ids: [from], conflicting_alias_ids_to_keep: [fa] })).status).toBe(204);
    const aliases = data(await vault.request('read', `identity/entity/id/${to}`)).aliases as Array<{ id: string }>;
    expect(aliases.map((a) => a.id)).toEqual([fa]);
  });
});
