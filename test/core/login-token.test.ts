// The token a login becomes (vault/request_handling.go LoginCreateToken, CheckToken): bound CIDRs
// travel from the method's role onto the token and are checked on every use; an empty
// token_policies list is left out of the auth block as Vault's omitempty does.
import { describe, expect, it } from 'vitest';
import { createVault, type TestVault } from '../../src/testing/index.js';

type Body = Record<string, unknown>;

async function login(vault: TestVault, user: string, from: string): Promise<Body> {
  const res = await vault.core.handle({
    operation: 'update', path: `auth/userpass/login/${user}`, data: { password: 'pw' }, remoteAddress: from,
  });
  expect(res.status).toBe(200);
  return (res.body as { auth: Body }).auth;
}

async function setup(user: Record<string, unknown>): Promise<TestVault> {
  const vault = await createVault();
  await vault.request('update', 'sys/auth/userpass', { type: 'userpass' });
  expect((await vault.request('update', 'auth/userpass/users/alice', { password: 'pw', ...user })).status).toBe(204);
  return vault;
}

describe('login tokens', () => {
  it('are usable only from their bound CIDRs, and lookup shows them', async () => {
    const vault = await setup({ token_bound_cidrs: '10.0.0.0/8' });
    const token = (await login(vault, 'alice', '10.1.2.3')).client_token as string;
    const inside = await vault.core.handle({ operation: 'read', path: 'auth/token/lookup-self', token, remoteAddress: '10.9.9.9' });
    expect(inside.status).toBe(200);
    expect((inside.body as { data: Body }).data.bound_cidrs).toEqual(['10.0.0.0/8']);
    const outside = await vault.core.handle({ operation: 'read', path: 'auth/token/lookup-self', token, remoteAddress: '192.168.1.1' });
    expect(outside).toEqual({ status: 403, body: { errors: ['permission denied'] } });
  });

  it('without bound CIDRs work from anywhere and lookup has no bound_cidrs', async () => {
    const vault = await setup({});
    const token = (await login(vault, 'alice', '127.0.0.1')).client_token as string;
    const res = await vault.core.handle({ operation: 'read', path: 'auth/token/lookup-self', token, remoteAddress: '192.168.1.1' });
    expect(res.status).toBe(200);
    expect((res.body as { data: Body }).data).not.toHaveProperty('bound_cidrs');
  });

  it('leave token_policies out of the auth block when the token has none', async () => {
    const vault = await setup({ token_no_default_policy: true });
    const auth = await login(vault, 'alice', '127.0.0.1');
    expect(auth).not.toHaveProperty('token_policies');
    expect(auth.policies).toEqual([]);
  });
});
