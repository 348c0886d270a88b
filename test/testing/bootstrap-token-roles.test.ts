// Bootstrap fixtures with token roles: `tokenRoles` are written through auth/token/roles/<name>
// as root before the tokens, and a fixture token may be created against one (`role`). Bad role
// entries are refused before anything is written, naming the entry and field.
import { describe, expect, it } from 'vitest';
import { BootstrapError, createVault, validateBootstrap, type BootstrapFixture } from '../../src/testing/index.js';

type Body = { data: Record<string, any>; errors?: string[] };

const FIXTURE: BootstrapFixture = {
  policies: { 'app-read': { policy: 'path "secret/data/app/*" { capabilities = ["read"] }' } },
  tokenRoles: {
    app: { allowed_policies: ['app-read'], orphan: true, path_suffix: 'v1.0', token_period: '24h' },
    ci: { token_type: 'batch', orphan: true, renewable: false, disallowed_policies_glob: ['adm*'] },
  },
  tokens: {
    'app-token': { policies: ['app-read'], role: 'app' },
    'plain-token': { policies: ['app-read'] },
  },
};

describe('bootstrap fixtures: token roles', () => {
  it('writes the roles through the API and creates fixture tokens against them', async () => {
    const v = await createVault({ bootstrap: FIXTURE, clock: 'manual' });
    expect(((await v.request('list', 'auth/token/roles')).body as Body).data.keys).toEqual(['app', 'ci']);
    expect(((await v.request('read', 'auth/token/roles/app')).body as Body).data).toMatchObject({
      allowed_policies: ['app-read'], orphan: true, path_suffix: 'v1.0', token_period: 86400, renewable: true, token_type: 'default-service',
    });
    expect(((await v.request('read', 'auth/token/roles/ci')).body as Body).data).toMatchObject({ token_type: 'batch', renewable: false });
    const self = ((await v.request('read', 'auth/token/lookup-self', undefined, 'app-token')).body as Body).data;
    expect(self).toMatchObject({ role: 'app', path: 'auth/token/create/app/v1.0', orphan: true, policies: ['app-read', 'default'], ttl: 86400 });
    const plain = ((await v.request('read', 'auth/token/lookup-self', undefined, 'plain-token')).body as Body).data;
    expect(plain).not.toHaveProperty('role');
    expect(plain.path).toBe('auth/token/create');
  });

  it('survives reset()', async () => {
    const v = await createVault({ bootstrap: FIXTURE });
    await v.request('delete', 'auth/token/roles/app');
    await v.reset();
    expect((await v.request('read', 'auth/token/roles/app')).status).toBe(200);
  });

  const bad: Array<[string, unknown, string]> = [
    ['an unknown role key', { tokenRoles: { r: { ttl: '1h' } } }, 'bootstrap: tokenRoles["r"].ttl: unknown key'],
    ['a role with policies as a string', { tokenRoles: { r: { allowed_policies: 'a,b' } } }, 'bootstrap: tokenRoles["r"].allowed_policies: expected a list of strings'],
    ['a role name Vault does not route', { tokenRoles: { '-r': {} } }, 'bootstrap: tokenRoles["-r"]: invalid role name'],
    ['an unknown token type', { tokenRoles: { r: { token_type: 'default' } } }, 'bootstrap: tokenRoles["r"].token_type: unknown token type "default"'],
    ['a negative use count', { tokenRoles: { r: { token_num_uses: -1 } } }, 'bootstrap: tokenRoles["r"].token_num_uses: expected a non-negative integer'],
    ['a token against an undeclared role', { tokens: { t: { policies: [], role: 'nope' } } }, 'bootstrap: tokens["t"].role: no token role "nope" in tokenRoles'],
  ];
  it.each(bad)('refuses %s before writing anything', async (_name, fixture, message) => {
    expect(() => validateBootstrap(fixture)).toThrow(BootstrapError);
    await expect(createVault({ bootstrap: fixture as BootstrapFixture })).rejects.toThrow(message);
  });

  it('passes Vault\'s role validation error through, naming the role', async () => {
    await expect(createVault({ bootstrap: { tokenRoles: { b: { token_type: 'batch' } } } })).rejects.toThrow(
      "bootstrap: tokenRoles[\"b\"]: 'token_type' cannot be 'batch' when role is set to generate non-orphan tokens",
    );
  });

  it('passes a refused create against a role through, naming the token', async () => {
    const fixture: BootstrapFixture = { tokenRoles: { r: { allowed_policies: ['a'] } }, tokens: { t: { policies: ['b'], role: 'r' } } };
    await expect(createVault({ bootstrap: fixture })).rejects.toThrow(
      'bootstrap: tokens["t"]: token policies (["b" "default"]) must be subset of the role\'s allowed policies (["a" "default"]) or glob policies ([])',
    );
  });
});
