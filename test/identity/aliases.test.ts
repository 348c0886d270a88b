// identity/entity-alias* and identity/group-alias* (V vault/identity_store_aliases.go,
// identity_store_group_aliases.go): create, update by id and by factors, moves, read, list,
// delete, and every uniqueness rule with Vault's message.
import { describe, expect, it } from 'vitest';
import {
  ERR_ID_ALIAS_CANONICAL_UNKNOWN, ERR_ID_ALIAS_COMBINATION_EXISTS, ERR_ID_ALIAS_ENTITY_HAS_ACCESSOR, ERR_ID_ALIAS_EXISTS_FOR_ENTITY,
  ERR_ID_ALIAS_FACTORS, ERR_ID_ALIAS_TARGET_HAS_MOUNT, ERR_ID_GA_IN_USE, ERR_ID_GA_INTERNAL_GROUP, ERR_ID_GA_INVALID_GROUP,
  ERR_ID_GA_INVALID_ID, ERR_ID_GA_MISSING_ACCESSOR, ERR_ID_GA_MISSING_NAME, ERR_ID_INVALID_ALIAS_ID, ERR_ID_INVALID_CANONICAL_ID,
  errIdGaLocalMount, errIdInvalidMountAccessor,
} from '../../src/errors/identity.js';
import { data, errors, identityVault, withUserpass, wrapped } from './helpers.js';

describe('entity aliases', () => {
  it('creates an alias with a new entity when no canonical_id is given, and reads it in Vault’s shape', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    const res = await vault.request('update', 'identity/entity-alias', { name: 'Bob', mount_accessor: acc });
    expect(res.status).toBe(200);
    const { canonical_id, id } = data(res) as { canonical_id: string; id: string };
    expect(Object.keys(data(res))).toEqual(['canonical_id', 'id']);
    const read = data(await vault.request('read', `identity/entity-alias/id/${id}`));
    expect(Object.keys(read)).toEqual([
      'canonical_id', 'creation_time', 'custom_metadata', 'id', 'last_update_time', 'local', 'merged_from_canonical_ids', 'metadata',
      'mount_accessor', 'mount_path', 'mount_type', 'name', 'namespace_id',
    ]);
    expect(read).toMatchObject({
      canonical_id, custom_metadata: {}, local: false, merged_from_canonical_ids: null, metadata: null, mount_accessor: acc,
      mount_path: 'auth/userpass/', mount_type: 'userpass', name: 'Bob', namespace_id: 'root',
    });
    expect(data(await vault.request('read', `identity/entity/id/${canonical_id}`)).name).toMatch(/^entity_[0-9a-f]{8}$/);
    const list = data(await vault.request('list', 'identity/entity-alias/id'));
    expect(list).toEqual({
      key_info: { [id]: { canonical_id, custom_metadata: {}, local: false, mount_accessor: acc, mount_path: 'auth/userpass/', mount_type: 'userpass', name: 'Bob' } },
      keys: [id],
    });
    // the legacy spelling reaches the same table
    expect(data(await vault.request('read', `identity/alias/id/${id}`)).id).toBe(id);
  });

  it('treats a create with known factors (name case-insensitive) as an update, clearing omitted custom metadata', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    const first = data(await vault.request('update', 'identity/entity-alias', { name: 'bob', mount_accessor: acc, custom_metadata: { a: '1' } }));
    const again = await vault.request('update', 'identity/entity-alias', { name: 'BOB', mount_accessor: acc });
    expect(again.status).toBe(200);
    expect(data(again)).toEqual(first);
    expect(data(await vault.request('read', `identity/entity-alias/id/${first.id}`))).toMatchObject({ name: 'BOB', custom_metadata: {} });
  });

  it('refuses bad input with Vault’s messages and changes nothing', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    const e1 = data(await vault.request('update', 'identity/entity', { name: 'e1' })).id as string;
    const a1 = data(await vault.request('update', 'identity/entity-alias', { name: 'one', mount_accessor: acc, canonical_id: e1 })).id as string;
    const tokenAcc = (data(await vault.request('read', 'sys/auth'))['token/'] as { accessor: string }).accessor;
    const e2 = data(await vault.request('update', 'identity/entity', { name: 'e2' })).id as string;
    const a2 = data(await vault.request('update', 'identity/entity-alias', { name: 'two', mount_accessor: tokenAcc, canonical_id: e2 })).id as string;
    await vault.request('update', 'identity/entity-alias', { name: 'three', mount_accessor: acc, canonical_id: e2 });
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['identity/entity-alias', { name: 'x' }, ERR_ID_ALIAS_FACTORS],
      ['identity/entity-alias', { name: 'x', mount_accessor: 'auth_nope_1' }, errIdInvalidMountAccessor('auth_nope_1')],
      ['identity/entity-alias', { name: 'x', mount_accessor: acc, canonical_id: 'nope' }, ERR_ID_INVALID_CANONICAL_ID],
      ['identity/entity-alias', { name: 'other', mount_accessor: acc, canonical_id: e1 }, ERR_ID_ALIAS_EXISTS_FOR_ENTITY],
      ['identity/entity-alias/id/nope', { name: 'x' }, ERR_ID_INVALID_ALIAS_ID],
      [`identity/entity-alias/id/${a2}`, { name: 'three', mount_accessor: acc }, ERR_ID_ALIAS_ENTITY_HAS_ACCESSOR],
      [`identity/entity-alias/id/${a1}`, { name: 'three' }, ERR_ID_ALIAS_COMBINATION_EXISTS],
      [`identity/entity-alias/id/${a1}`, { canonical_id: 'nope' }, ERR_ID_ALIAS_CANONICAL_UNKNOWN],
      [`identity/entity-alias/id/${a1}`, { canonical_id: e2 }, ERR_ID_ALIAS_TARGET_HAS_MOUNT],
    ];
    for (const [path, body, msg] of cases) {
      const res = await vault.request('update', path, body);
      expect([path, res.status, errors(res)]).toEqual([path, 400, [msg]]);
    }
    const big = await vault.request('update', 'identity/entity-alias', { name: 'x', mount_accessor: acc, custom_metadata: { k: 'v'.repeat(513) } });
    expect([big.status, errors(big)]).toEqual([500, [wrapped('custom_metadata validation failed: length of value for key "k" is 513 but must be 0 < len(value) <= 512')]]);
    expect(data(await vault.request('read', `identity/entity-alias/id/${a1}`))).toMatchObject({ name: 'one', canonical_id: e1 });
    expect((await vault.request('list', 'identity/entity-alias/id')).body).toMatchObject({ data: { keys: expect.any(Array) } });
    expect((data(await vault.request('list', 'identity/entity-alias/id')).keys as string[]).length).toBe(3);
  });

  it('moves an alias to another entity, is a 204 no-op when nothing changes, and deletes with 204', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    const e1 = data(await vault.request('update', 'identity/entity', { name: 'e1' })).id as string;
    const e2 = data(await vault.request('update', 'identity/entity', { name: 'e2' })).id as string;
    const a = data(await vault.request('update', 'identity/entity-alias', { name: 'one', mount_accessor: acc, canonical_id: e1 })).id as string;
    expect((await vault.request('update', `identity/entity-alias/id/${a}`, {})).status).toBe(204);
    expect((await vault.request('update', `identity/entity-alias/id/${a}`, { name: 'one', canonical_id: e1 })).status).toBe(204);
    const moved = await vault.request('update', `identity/entity-alias/id/${a}`, { canonical_id: e2 });
    expect(data(moved)).toEqual({ canonical_id: e2, id: a });
    expect(data(await vault.request('read', `identity/entity/id/${e1}`)).aliases).toEqual([]);
    expect((await vault.request('delete', `identity/entity-alias/id/${a}`)).status).toBe(204);
    expect((await vault.request('delete', `identity/entity-alias/id/${a}`)).status).toBe(204);
    expect(data(await vault.request('read', `identity/entity/id/${e2}`)).aliases).toEqual([]);
  });
});

describe('group aliases', () => {
  it('creates an external group for a new alias, reads and lists it, and refuses bad input', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    const res = await vault.request('update', 'identity/group-alias', { name: 'ldap-admins', mount_accessor: acc });
    expect(res.status).toBe(200);
    const { canonical_id, id } = data(res) as { canonical_id: string; id: string };
    const group = data(await vault.request('read', `identity/group/id/${canonical_id}`));
    expect(group).toMatchObject({ type: 'external', alias: { id, name: 'ldap-admins', mount_accessor: acc, mount_type: 'userpass', canonical_id } });
    expect(data(await vault.request('read', `identity/group-alias/id/${id}`))).toMatchObject({ name: 'ldap-admins', namespace_id: 'root' });
    expect(data(await vault.request('list', 'identity/group-alias/id')).keys).toEqual([id]);
    const internal = data(await vault.request('update', 'identity/group', { name: 'int' })).id;
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['identity/group-alias', { mount_accessor: acc }, ERR_ID_GA_MISSING_NAME],
      ['identity/group-alias', { name: 'x' }, ERR_ID_GA_MISSING_ACCESSOR],
      ['identity/group-alias', { name: 'x', mount_accessor: acc, canonical_id: 'nope' }, ERR_ID_GA_INVALID_GROUP],
      ['identity/group-alias', { name: 'x', mount_accessor: acc, canonical_id: internal }, ERR_ID_GA_INTERNAL_GROUP],
      ['identity/group-alias', { name: 'x', mount_accessor: 'nope' }, errIdInvalidMountAccessor('nope')],
      ['identity/group-alias', { name: 'LDAP-admins', mount_accessor: acc }, ERR_ID_GA_IN_USE],
      ['identity/group-alias/id/nope', { name: 'x', mount_accessor: acc }, ERR_ID_GA_INVALID_ID],
    ];
    for (const [path, body, msg] of cases) {
      const r = await vault.request('update', path, body);
      expect([path, r.status, errors(r)]).toEqual([path, 400, [msg]]);
    }
    await vault.request('update', 'sys/auth/local-up', { type: 'userpass', local: true });
    const localAcc = (data(await vault.request('read', 'sys/auth'))['local-up/'] as { accessor: string }).accessor;
    const local = await vault.request('update', 'identity/group-alias', { name: 'x', mount_accessor: localAcc });
    expect([local.status, errors(local)]).toEqual([400, [errIdGaLocalMount(localAcc)]]);
    expect((await vault.request('update', `identity/group-alias/id/${id}`, { name: 'ldap-admins', mount_accessor: acc })).status).toBe(204);
    expect((await vault.request('delete', `identity/group-alias/id/${id}`)).status).toBe(204);
    expect(data(await vault.request('read', `identity/group/id/${canonical_id}`)).alias).toEqual({});
  });
});
