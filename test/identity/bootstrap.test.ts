// Bootstrap fixtures for identity (src/testing/bootstrap-identity.ts): entities with aliases and
// groups with members, children and aliases, written through the identity API; a user of the
// fixture logs in as its entity and gets the group's policies; bad fixtures are refused before
// anything is written; reset() and a restart keep the identity data.
import { describe, expect, it } from 'vitest';
import { BootstrapError, validateBootstrap } from '../../src/testing/bootstrap.js';
import { createVault } from '../../src/testing/index.js';
import { data, login } from './helpers.js';

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
