// Token roles over the wire with a real client: node-vault (npm) against `startVault()`.
// node-vault's commands (node_modules/node-vault/src/commands.js): addTokenRole POST
// /auth/token/roles/{{role_name}} (schema: allowed_policies and disallowed_policies as comma
// strings, orphan, period and explicit_max_ttl as integers, renewable, path_suffix; only those
// keys are sent), getTokenRole GET and removeTokenRole DELETE of the same path, tokenRoles GET
// /auth/token/roles?list=true, tokenCreateRole POST /auth/token/create/{{role_name}} (tokenSource:
// the client adopts the new token). A 204 resolves to ''.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeVault from 'node-vault';
import { startVault, type StartedVault } from '../../src/testing/index.js';

type Body = Record<string, any>;

describe('node-vault token role commands against a dev server', () => {
  let v: StartedVault;
  let client: ReturnType<typeof NodeVault>;
  beforeAll(async () => {
    v = await startVault({ seed: 11 });
    client = NodeVault({ endpoint: v.url, token: v.rootToken });
  });
  afterAll(async () => { await v.close(); });

  it('tokenRoles() rejects with 404 while there are none', async () => {
    const err = await client.tokenRoles().catch((e: unknown) => e) as { response: { statusCode: number; body: Body } };
    expect(err.response.statusCode).toBe(404);
    expect(err.response.body).toEqual({ errors: [] });
  });

  it('addTokenRole() writes (204 → \'\'), getTokenRole() reads Vault\'s shape, tokenRoles() lists', async () => {
    expect(await client.addTokenRole({
      role_name: 'nomad', allowed_policies: 'dev,prod', orphan: true, period: 3600, path_suffix: 'v1.2', explicit_max_ttl: 7200,
    })).toBe('');
    const role = await client.getTokenRole({ role_name: 'nomad' }) as Body;
    expect(role.data).toEqual({
      allowed_entity_aliases: null, allowed_policies: ['dev', 'prod'], allowed_policies_glob: [], disallowed_policies: [],
      disallowed_policies_glob: [], explicit_max_ttl: 7200, name: 'nomad', orphan: true, path_suffix: 'v1.2', period: 3600,
      renewable: true, token_explicit_max_ttl: 7200, token_no_default_policy: false, token_period: 3600, token_type: 'default-service',
    });
    expect(role.mount_type).toBe('token');
    expect((await client.tokenRoles() as Body).data.keys).toEqual(['nomad']);
  });

  it('addTokenRole() rejects with Vault\'s validation text', async () => {
    await expect(client.addTokenRole({ role_name: 'bad', path_suffix: 'v1' }))
      .rejects.toThrow('given role path suffix contains invalid characters; must match \\w[\\w-.]+\\w');
    await expect(client.getTokenRole({ role_name: 'bad' })).rejects.toMatchObject({ response: { statusCode: 404 } });
  });

  it('tokenCreateRole() issues a token against the role; lookup shows role and suffixed path', async () => {
    const creator = NodeVault({ endpoint: v.url, token: v.rootToken });
    const res = await creator.tokenCreateRole({ role_name: 'nomad', policies: ['dev'] }) as Body;
    expect(res.auth).toMatchObject({ policies: ['default', 'dev'], orphan: true, renewable: true, lease_duration: 3600, token_type: 'service' });
    expect(creator.token).toBe(res.auth.client_token);
    const self = await creator.tokenLookupSelf() as Body;
    expect(self.data).toMatchObject({ role: 'nomad', path: 'auth/token/create/nomad/v1.2', policies: ['default', 'dev'] });
    await expect(client.tokenCreateRole({ role_name: 'nomad', policies: ['ops'] })).rejects.toThrow(
      'token policies (["default" "ops"]) must be subset of the role\'s allowed policies (["default" "dev" "prod"]) or glob policies ([])',
    );
    await expect(client.tokenCreateRole({ role_name: 'ghost' })).rejects.toThrow('unknown role ghost');
  });

  it('removeTokenRole() deletes (204 → \'\'), and the role is gone', async () => {
    expect(await client.removeTokenRole({ role_name: 'nomad' })).toBe('');
    await expect(client.getTokenRole({ role_name: 'nomad' })).rejects.toMatchObject({ response: { statusCode: 404 } });
    await expect(client.tokenRoles()).rejects.toMatchObject({ response: { statusCode: 404 } });
  });
});
