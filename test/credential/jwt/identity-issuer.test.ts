// The JWT auth method trusting minivault's own identity tokens (Vault's identity OIDC issuer as an
// oidc_discovery_url): a workload logged in with userpass gets an identity token for a role, and
// logs in to a jwt mount configured from the same server's discovery document — the pattern of
// one Vault (or one namespace) trusting another's identity tokens.
import { describe, expect, it } from 'vitest';
import { startVault } from '../../../src/testing/index.js';

type Body = Record<string, any>;

describe('jwt login with an identity token from the same vault', () => {
  it('discovers the issuer over HTTP, verifies the token and maps its claims', async () => {
    await using v = await startVault();
    const call = async (method: string, path: string, data?: unknown, token = v.rootToken): Promise<{ status: number; body: Body }> => {
      const res = await fetch(`${v.url}/v1/${path}`, {
        method, headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' }, body: data === undefined ? undefined : JSON.stringify(data),
      });
      const text = await res.text();
      return { status: res.status, body: text === '' ? {} : JSON.parse(text) };
    };
    // The issuer names this server, so the discovery document's issuer is the URL the method fetches.
    expect((await call('POST', 'identity/oidc/config', { issuer: v.url })).status).toBe(200); // with a warning: http, not https
    expect((await call('POST', 'identity/oidc/key/wl', { algorithm: 'ES256', allowed_client_ids: '*' })).status).toBe(204);
    expect((await call('POST', 'identity/oidc/role/workload', { key: 'wl', ttl: '10m', template: '{"team":"payments"}' })).status).toBe(204);
    const clientId = (await call('GET', 'identity/oidc/role/workload')).body.data.client_id as string;
    await call('POST', 'sys/auth/userpass', { type: 'userpass' });
    await call('POST', 'sys/policies/acl/idtoken', { policy: 'path "identity/oidc/token/workload" { capabilities = ["read"] }' });
    await call('POST', 'auth/userpass/users/svc', { password: 'pw-123456', token_policies: 'idtoken' });
    const svc = (await call('POST', 'auth/userpass/login/svc', { password: 'pw-123456' })).body.auth;
    const issued = await call('GET', 'identity/oidc/token/workload', undefined, svc.client_token);
    expect(issued.status).toBe(200);
    const idToken = issued.body.data.token as string;

    await call('POST', 'sys/auth/jwt', { type: 'jwt' });
    const issuer = `${v.url}/v1/identity/oidc`;
    expect((await call('POST', 'auth/jwt/config', { oidc_discovery_url: issuer, bound_issuer: issuer })).status).toBe(204);
    await call('POST', 'sys/policies/acl/payments', { policy: 'path "secret/data/payments" { capabilities = ["read"] }' });
    await call('POST', 'auth/jwt/role/payments', {
      role_type: 'jwt', user_claim: 'sub', bound_audiences: clientId, bound_claims: { team: 'payments' }, token_policies: 'payments',
      claim_mappings: { team: 'team' },
    });
    await call('POST', 'secret/data/payments', { data: { k: 'v' } });
    const login = await call('POST', 'auth/jwt/login', { role: 'payments', jwt: idToken }, '');
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    expect(login.body.auth).toMatchObject({ policies: ['default', 'payments'], metadata: { role: 'payments', team: 'payments' } });
    expect((await call('GET', 'secret/data/payments', undefined, login.body.auth.client_token)).body.data.data).toEqual({ k: 'v' });
    // A token of another role (other audience) is refused.
    const wrongRole = await call('POST', 'auth/jwt/login', { role: 'payments', jwt: `${idToken.slice(0, -4)}AAAA` }, '');
    expect(wrongRole.status).toBe(400);
  });
});
