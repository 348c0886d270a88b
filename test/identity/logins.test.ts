// Logins and tokens with identity (V vault/request_handling.go handleLoginRequest,
// fetchEntityAndDerivedPolicies, CheckToken; vault/token_store.go handleLookup; vault/policy.go
// templated paths): a userpass login makes an entity and alias, group membership grants identity
// policies at once, templated policies give each entity its own path, disabled and deleted
// entities lock their tokens out.
// Bootstrap fixtures for identity (src/bootstrap/identity.ts): entities with aliases and
// groups with members, children and aliases, written through the identity API; a user of the
// fixture logs in as its entity and gets the group's policies; bad fixtures are refused before
// anything is written; reset() returns to the bootstrapped identity data.
import { describe, expect, it } from 'vitest';
import { ERR_ID_TOKEN_ALIAS_ENTITY_DISABLED } from '../../src/errors/identity.js';
import { BootstrapError, validateBootstrap } from '../../src/bootstrap/fixture.js';
import { createVault } from '../../src/testing/index.js';
import { addUser, body, data, errors, identityVault, login, withUserpass } from './helpers.js';

describe('logins and identity', () => {
  it('creates an entity and alias on first login and finds them on the next; tokens carry entity_id', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    await vault.request('update', 'sys/policies/acl/creator', { policy: 'path "auth/token/create" { capabilities = ["update"] }' });
    await addUser(vault, 'bob', 'creator');
    const first = await login(vault, 'bob');
    expect(first.entity_id).toMatch(/^[0-9a-f-]{36}$/);
    const second = await login(vault, 'bob');
    expect(second.entity_id).toBe(first.entity_id);
    const entity = data(await vault.request('read', `identity/entity/id/${first.entity_id}`));
    expect(entity.name).toMatch(/^entity_[0-9a-f]{8}$/);
    expect(entity.aliases).toEqual([expect.objectContaining({
      canonical_id: first.entity_id, custom_metadata: null, metadata: null, mount_accessor: acc, mount_path: 'auth/userpass/', mount_type: 'userpass', name: 'bob',
    })]);
    const self = data(await vault.request('read', 'auth/token/lookup-self', undefined, first.client_token));
    expect(self.entity_id).toBe(first.entity_id);
    expect(self).not.toHaveProperty('identity_policies');
    // a child token inherits the entity
    const child = body(await vault.request('update', 'auth/token/create', { policies: 'default' }, first.client_token)).auth!;
    const orphan = body(await vault.request('update', 'auth/token/create-orphan', {}, vault.rootToken)).auth!;
    expect(orphan.entity_id).toBe('');
    expect(child.entity_id).toBe(first.entity_id);
  });

  it('grants access through group membership at once, and shows identity_policies in the login auth block and lookup', async () => {
    const vault = await identityVault();
    await withUserpass(vault);
    await addUser(vault, 'bob');
    await vault.request('update', 'sys/policies/acl/eng', { policy: 'path "secret/data/eng/*" { capabilities = ["read", "create", "update"] }' });
    await vault.request('update', 'sys/policies/acl/ops', { policy: 'path "secret/data/ops/*" { capabilities = ["read"] }' });
    const { client_token: token, entity_id: entityId } = await login(vault, 'bob');
    expect((await vault.request('update', 'secret/data/eng/x', { data: { a: 1 } }, token)).status).toBe(403);
    const parent = data(await vault.request('update', 'identity/group', { name: 'ops-group', policies: 'ops' })).id;
    await vault.request('update', 'identity/group', { name: 'eng-group', policies: 'eng', member_entity_ids: [entityId] });
    expect((await vault.request('update', 'secret/data/eng/x', { data: { a: 1 } }, token)).status).toBe(200);
    expect((await vault.request('read', 'secret/data/ops/x', undefined, token)).status).toBe(403);
    await vault.request('update', `identity/group/id/${parent}`, { member_group_ids: [data(await vault.request('read', 'identity/group/name/eng-group')).id] });
    expect((await vault.request('read', 'secret/data/ops/x', undefined, token)).status).toBe(404); // allowed, nothing there
    const self = data(await vault.request('read', 'auth/token/lookup-self', undefined, token));
    expect(self).toMatchObject({ policies: ['default'], identity_policies: ['eng', 'ops'], external_namespace_policies: {} });
    expect(Object.keys(self)).toEqual([...Object.keys(self)].sort());
    const again = await login(vault, 'bob');
    expect(Object.keys(again)).toEqual([
      'client_token', 'accessor', 'policies', 'token_policies', 'identity_policies', 'metadata', 'lease_duration', 'renewable', 'entity_id',
      'token_type', 'orphan', 'mfa_requirement', 'num_uses',
    ]);
    expect(again).toMatchObject({ policies: ['default', 'eng', 'ops'], token_policies: ['default'], identity_policies: ['eng', 'ops'] });
    // a renewal recomputes the union from the identity data of now
    const renewed = body(await vault.request('update', 'auth/token/renew-self', {}, token)).auth!;
    expect(renewed).toMatchObject({ policies: ['default', 'eng', 'ops'], token_policies: ['default'], identity_policies: ['eng', 'ops'], entity_id: entityId });
    // the entity's own policies count too, and apply without a new login
    await vault.request('update', `identity/entity/id/${entityId}`, { policies: 'eng2' });
    await vault.request('update', 'sys/policies/acl/eng2', { policy: 'path "secret/data/e2" { capabilities = ["read"] }' });
    expect((await vault.request('read', 'secret/data/e2', undefined, token)).status).toBe(404);
  });

  it('gives each entity its own path with a templated policy, and drops paths it cannot render', async () => {
    const vault = await identityVault();
    const acc = await withUserpass(vault);
    await addUser(vault, 'alice', 'own');
    await addUser(vault, 'bob', 'own');
    await vault.request('update', 'sys/policies/acl/own', {
      policy: [
        'path "secret/data/users/{{identity.entity.id}}/*" { capabilities = ["create", "update", "read"] }',
        `path "secret/data/names/{{identity.entity.aliases.${acc}.name}}" { capabilities = ["read"] }`,
        'path "secret/data/meta/{{identity.entity.metadata.team}}" { capabilities = ["read"] }',
      ].join('\n'),
    });
    const alice = await login(vault, 'alice');
    const bob = await login(vault, 'bob');
    expect((await vault.request('update', `secret/data/users/${alice.entity_id}/k`, { data: { v: 1 } }, alice.client_token)).status).toBe(200);
    expect((await vault.request('read', `secret/data/users/${alice.entity_id}/k`, undefined, bob.client_token)).status).toBe(403);
    expect((await vault.request('read', `secret/data/users/${bob.entity_id}/k`, undefined, bob.client_token)).status).toBe(404);
    expect((await vault.request('read', 'secret/data/names/alice', undefined, alice.client_token)).status).toBe(404);
    expect((await vault.request('read', 'secret/data/names/alice', undefined, bob.client_token)).status).toBe(403);
    // no metadata: the path is dropped; once set, it renders
    expect((await vault.request('read', 'secret/data/meta/red', undefined, alice.client_token)).status).toBe(403);
    await vault.request('update', `identity/entity/id/${alice.entity_id}`, { metadata: { team: 'red' } });
    expect((await vault.request('read', 'secret/data/meta/red', undefined, alice.client_token)).status).toBe(404);
    // the literal template path matches nothing for a token without an entity
    const plain = await vault.createToken({ policies: ['own'] });
    expect((await vault.request('read', 'secret/data/users/{{identity.entity.id}}/k', undefined, plain)).status).toBe(403);
    // the default policy lets an entity read its own entity
    expect((await vault.request('read', `identity/entity/id/${alice.entity_id}`, undefined, alice.client_token)).status).toBe(200);
    expect((await vault.request('read', `identity/entity/id/${bob.entity_id}`, undefined, alice.client_token)).status).toBe(403);
  });

  it('refuses every request of a disabled or deleted entity’s tokens and its logins; re-enabling restores them', async () => {
    const vault = await identityVault();
    await withUserpass(vault);
    await addUser(vault, 'bob');
    const { client_token: token, entity_id: id } = await login(vault, 'bob');
    await vault.request('update', `identity/entity/id/${id}`, { disabled: true });
    const denied = await vault.request('read', 'auth/token/lookup-self', undefined, token);
    expect([denied.status, errors(denied)]).toEqual([403, ['permission denied']]);
    const refused = await vault.handle({ operation: 'update', path: 'auth/userpass/login/bob', data: { password: 'identity-pw' }, token: '' });
    expect([refused.status, errors(refused)]).toEqual([403, ['permission denied']]);
    await vault.request('update', `identity/entity/id/${id}`, { disabled: false });
    expect((await vault.request('read', 'auth/token/lookup-self', undefined, token)).status).toBe(200);
    await vault.request('delete', `identity/entity/id/${id}`);
    expect((await vault.request('read', 'auth/token/lookup-self', undefined, token)).status).toBe(403);
    const fresh = await login(vault, 'bob');
    expect(fresh.entity_id).not.toBe(id);
  });

  it('keeps a merged-away entity’s tokens working with the surviving entity’s policies', async () => {
    const vault = await identityVault();
    await withUserpass(vault);
    await addUser(vault, 'bob');
    const { client_token: token, entity_id: from } = await login(vault, 'bob');
    await vault.request('update', 'sys/policies/acl/p', { policy: 'path "secret/data/p" { capabilities = ["read"] }' });
    const to = data(await vault.request('update', 'identity/entity', { name: 'target', policies: 'p' })).id;
    expect((await vault.request('update', 'identity/entity/merge', { from_entity_ids: from, to_entity_id: to })).status).toBe(204);
    expect((await vault.request('read', 'secret/data/p', undefined, token)).status).toBe(404);
  });

  it('creates or finds an entity for a token role’s entity_alias on the token mount, and refuses a disabled one', async () => {
    const vault = await identityVault();
    await vault.request('update', 'auth/token/roles/svc', { allowed_entity_aliases: 'svc-*' });
    const first = body(await vault.request('update', 'auth/token/create/svc', { entity_alias: 'SVC-api' })).auth!;
    expect(first.entity_id).toMatch(/^[0-9a-f-]{36}$/);
    const tokenAcc = (data(await vault.request('read', 'sys/auth'))['token/'] as { accessor: string }).accessor;
    const entity = data(await vault.request('read', `identity/entity/id/${first.entity_id as string}`));
    expect(entity.aliases).toEqual([expect.objectContaining({ name: 'SVC-api', mount_accessor: tokenAcc, mount_type: 'token', mount_path: 'auth/token/' })]);
    const second = body(await vault.request('update', 'auth/token/create/svc', { entity_alias: 'svc-api' })).auth!;
    expect(second.entity_id).toBe(first.entity_id);
    await vault.request('update', `identity/entity/id/${first.entity_id as string}`, { disabled: true });
    const refused = await vault.request('update', 'auth/token/create/svc', { entity_alias: 'svc-api' });
    expect([refused.status, errors(refused)]).toEqual([403, [ERR_ID_TOKEN_ALIAS_ENTITY_DISABLED]]);
  });

  it('names an AppRole login’s alias by role_id and keeps the method’s metadata on it', async () => {
    const vault = await identityVault();
    await vault.request('update', 'sys/auth/approle', { type: 'approle' });
    await vault.request('update', 'auth/approle/role/web', {});
    const roleId = data(await vault.request('read', 'auth/approle/role/web/role-id')).role_id as string;
    const secretId = data(await vault.request('update', 'auth/approle/role/web/secret-id', {})).secret_id as string;
    const res = await vault.handle({ operation: 'update', path: 'auth/approle/login', data: { role_id: roleId, secret_id: secretId }, token: '' });
    const entityId = body(res).auth!.entity_id as string;
    const alias = (data(await vault.request('read', `identity/entity/id/${entityId}`)).aliases as Array<Record<string, unknown>>)[0];
    expect(alias).toMatchObject({ name: roleId, metadata: { role_name: 'web' }, custom_metadata: null, mount_type: 'approle', mount_path: 'auth/approle/' });
  });
});
const HASH = '$2b$04$QvBA4I5mMfO2QT6n4iCWVukOgvqLcvjErUOMehwxns4J463rEr4Mu';

const FIXTURE = {
  policies: { eng: { policy: 'path "secret/data/eng/*" { capabilities = ["read"] }' } },
  auth: { userpass: { type: 'userpass', users: { bob: { password_hash: HASH } } } },
  identity: {
    entities: { 'Bob Smith': { policies: ['own'], metadata: { team: 'eng' }, aliases: [{ mount: 'userpass', name: 'bob' }] } },
    groups: {
      parent: { policies: ['eng'], member_groups: ['child'] },
      child: { member_entities: ['Bob Smith'] },
      ldap: { type: 'external' as const, alias: { mount: 'userpass', name: 'admins' } },
    },
  },
};

describe('identity bootstrap fixtures', () => {
  it('declares entities, aliases and groups; a login finds the fixture entity and its inherited policies', async () => {
    const vault = await createVault({ seed: 5, bootstrap: FIXTURE });
    const entity = data(await vault.request('read', 'identity/entity/name/Bob Smith'));
    expect(entity).toMatchObject({ policies: ['own'], metadata: { team: 'eng' } });
    const auth = await login(vault, 'bob');
    expect(auth.entity_id).toBe(entity.id);
    expect(auth).toMatchObject({ identity_policies: ['eng', 'own'], token_policies: ['default'] });
    expect((await vault.request('read', 'secret/data/eng/x', undefined, auth.client_token)).status).toBe(404);
    expect(data(await vault.request('read', 'identity/group/name/ldap'))).toMatchObject({ type: 'external', alias: { name: 'admins' } });
    // reset() returns to the bootstrapped identity data
    await vault.request('delete', `identity/entity/id/${entity.id as string}`);
    await vault.reset();
    expect(data(await vault.request('read', 'identity/entity/name/Bob Smith')).id).toBe(entity.id);
  });

  it('refuses bad identity fixtures with the entry and field named', () => {
    const bad: Array<[unknown, string]> = [
      [{ identity: { people: {} } }, 'bootstrap: identity.people: unknown key (allowed: entities, groups)'],
      [{ identity: { entities: { a: { aliases: [{ mount: 'userpass' }] } } } }, 'bootstrap: identity.entities["a"].aliases[0].name: required'],
      [{ identity: { groups: { g: { member_groups: ['nope'] } } } }, 'bootstrap: identity.groups["g"].member_groups: no group "nope" in identity.groups'],
      [{ identity: { groups: { g: { type: 'external', member_entities: [] } } } }, 'bootstrap: identity.groups["g"].member_entities: external groups take their members from logins'],
      [{ identity: { groups: { g: { alias: { mount: 'm', name: 'n' } } } } }, 'bootstrap: identity.groups["g"].alias: only external groups have an alias'],
    ];
    for (const [fx, msg] of bad) expect(() => validateBootstrap(fx)).toThrow(new BootstrapError(msg));
  });

  it('names the alias whose auth mount does not exist', async () => {
    await expect(createVault({ bootstrap: { identity: { entities: { a: { aliases: [{ mount: 'ghost', name: 'x' }] } } } } }))
      .rejects.toThrow('bootstrap: identity.entities["a"].aliases[0]: no auth mount "ghost"');
  });
});
