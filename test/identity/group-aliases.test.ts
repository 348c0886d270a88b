// External group membership driven by logins (vault/identity_store_util.go
// refreshExternalGroupMembershipsByEntityID, called from vault/request_handling.go
// handleLoginRequest): a JWT role's groups_claim reports group aliases, the entity joins the
// external groups with a matching alias on that mount and leaves them when the claim no longer
// names them; the entity alias keeps the method's alias metadata.
import { describe, expect, it } from 'vitest';
import { authOf, configuredVault, goodClaims, login, RSA, signJwt } from '../credential/jwt/helpers.js';
import { data } from './helpers.js';

describe('group aliases reported by logins', () => {
  it('puts a JWT login’s entity into the external group its groups claim names, and takes it out at the next login without it', async () => {
    const vault = await configuredVault({ groups_claim: 'groups', claim_mappings: { email: 'mail' } });
    const mounts = data(await vault.request('read', 'sys/auth'));
    const jwtAccessor = (mounts['jwt/'] as { accessor: string }).accessor;
    const tokenAccessor = (mounts['token/'] as { accessor: string }).accessor;
    await vault.request('update', 'sys/policies/acl/eng', { policy: 'path "secret/data/eng" { capabilities = ["read"] }' });
    await vault.request('update', 'secret/data/eng', { data: { k: 'v' } });
    const eng = data(await vault.request('update', 'identity/group', { name: 'engineers', type: 'external', policies: 'eng' })).id as string;
    await vault.request('update', 'identity/group-alias', { name: 'Eng', mount_accessor: jwtAccessor, canonical_id: eng });
    // the same alias name on another mount is not the JWT mount's group
    const other = data(await vault.request('update', 'identity/group', { name: 'token-group', type: 'external' })).id as string;
    await vault.request('update', 'identity/group-alias', { name: 'eng', mount_accessor: tokenAccessor, canonical_id: other });
    const groupsBefore = data(await vault.request('list', 'identity/group/id')).keys;

    const first = authOf(await login(vault, { role: 'dev', jwt: signJwt(RSA, goodClaims(vault, { groups: ['eng', 'unknown'], email: 'a@x' })) }));
    expect(first).toMatchObject({ policies: ['default', 'dev', 'eng'], identity_policies: ['eng'], metadata: { mail: 'a@x', role: 'dev' } });
    const entityId = first.entity_id as string;
    expect(data(await vault.request('read', `identity/group/id/${eng}`)).member_entity_ids).toEqual([entityId]);
    expect(data(await vault.request('list', 'identity/group/id')).keys).toEqual(groupsBefore); // no group made for `unknown`
    expect(data(await vault.request('read', `secret/data/eng`, undefined, first.client_token)).data).toEqual({ k: 'v' });
    const entity = data(await vault.request('read', `identity/entity/id/${entityId}`));
    expect((entity.aliases as Record<string, unknown>[])[0]).toMatchObject({ mount_accessor: jwtAccessor, name: 'alice', metadata: { mail: 'a@x' } });
    expect(entity.group_ids).toEqual([eng]);
    expect(data(await vault.request('read', `identity/group/id/${other}`)).member_entity_ids).toBeNull();


    // the same entity on a second JWT mount joins that mount's external group
    await vault.request('update', 'sys/auth/jwt2', { type: 'jwt' });
    await vault.request('update', 'auth/jwt2/config', { jwt_validation_pubkeys: [RSA.pem], bound_issuer: 'https://issuer.example' });
    await vault.request('update', 'auth/jwt2/role/dev', { role_type: 'jwt', user_claim: 'sub', bound_audiences: 'vault', groups_claim: 'groups' });
    const jwt2Accessor = (data(await vault.request('read', 'sys/auth'))['jwt2/'] as { accessor: string }).accessor;
    await vault.request('update', 'identity/entity-alias', { name: 'alice', mount_accessor: jwt2Accessor, canonical_id: entityId });
    const ops = data(await vault.request('update', 'identity/group', { name: 'ops', type: 'external' })).id as string;
    await vault.request('update', 'identity/group-alias', { name: 'ops', mount_accessor: jwt2Accessor, canonical_id: ops });
    const viaJwt2 = authOf(await login(vault, { role: 'dev', jwt: signJwt(RSA, goodClaims(vault, { groups: ['ops'] })) }, '127.0.0.1', 'jwt2'));
    expect(viaJwt2.entity_id).toBe(entityId);
    expect(data(await vault.request('read', `identity/group/id/${ops}`)).member_entity_ids).toEqual([entityId]);
    expect(data(await vault.request('read', `identity/group/id/${eng}`)).member_entity_ids).toEqual([entityId]); // another mount's group stays

    const second = authOf(await login(vault, { role: 'dev', jwt: signJwt(RSA, goodClaims(vault, { groups: [] })) }));
    expect(second.entity_id).toBe(entityId);
    expect(second.identity_policies).toBeUndefined();
    expect(data(await vault.request('read', `identity/group/id/${eng}`)).member_entity_ids).toEqual([]); // StrListDelete leaves an empty list
    expect(data(await vault.request('read', `identity/group/id/${ops}`)).member_entity_ids).toEqual([entityId]); // jwt2's group stays
    // identity policies are derived per request: the first token lost the group's grant too
    expect((await vault.request('read', 'secret/data/eng', undefined, first.client_token)).status).toBe(403);
    // the alias metadata follows the latest login
    const after = data(await vault.request('read', `identity/entity/id/${entityId}`));
    expect((after.aliases as Record<string, unknown>[])[0]!.metadata).toEqual({});
  });
});
