// Auth fixtures: a fixture declares auth mounts, AppRole roles with a fixed role_id and secret_id,
// userpass users and JWT keys and roles; a test logs in with those known credentials and reads a
// secret with the role's policy. Then renewals of those login tokens as Vault renews them: through
// the auth mount's renew handler (approle: role still there, its current TTLs; userpass: user
// still there, policies unchanged; jwt: role still there), capped at the max TTL.
import { generateKeyPairSync, sign } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { errApproleRenewRoleGone } from '../../src/errors/approle.js';
import { errJwtRenewRoleGone } from '../../src/errors/jwt.js';
import { ERR_LEASE_AUTH_RENEW_UNSUPPORTED, errLeaseFailedToRenewEntry } from '../../src/errors/leases.js';
import { ERR_USERPASS_POLICIES_CHANGED } from '../../src/errors/userpass.js';
import { BootstrapError, createVault, validateBootstrap, type BootstrapFixture, type TestVault } from '../../src/testing/index.js';

const KEY = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function jwt(claims: Record<string, unknown>): string {
  const input = `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key: KEY.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
}

const FIXTURE: BootstrapFixture = {
  mounts: { app: { type: 'kv', options: { version: '2' } } },
  policies: { 'app-read': { policy: 'path "app/data/*" { capabilities = ["read"] }' } },
  secrets: { 'app/db': { versions: [{ password: 'db-pass' }] } },
  auth: {
    approle: {
      type: 'approle',
      roles: {
        web: {
          token_policies: ['app-read'], token_ttl: '1h', token_max_ttl: '3h',
          role_id: 'web-role-id', secret_id: 'web-secret-id', secret_id_metadata: { env: 'test' },
        },
      },
    },
    // A cost-4 hash keeps the test fast (Vault accepts any cost in password_hash).
    userpass: { type: 'userpass', users: { alice: { password_hash: bcrypt.hashSync('alice-pw', 4), token_policies: 'app-read', token_ttl: '30m' } } },
    jwt: {
      type: 'jwt', config: { jwt_validation_pubkeys: [KEY.publicKey.export({ type: 'spki', format: 'pem' }).toString()], bound_issuer: 'https://ci.example' },
      roles: { ci: { role_type: 'jwt', user_claim: 'sub', bound_audiences: 'vault', token_policies: 'app-read', token_ttl: '10m' } },
    },
  },
};

type Auth = { client_token: string; lease_duration: number; metadata: Record<string, string> };
const auth = (r: { body?: unknown }) => (r.body as { auth: Auth }).auth;
const login = (vault: TestVault, path: string, data: Record<string, unknown>) => vault.handle({ operation: 'update', path, data, token: '', remoteAddress: '127.0.0.1' });
const renew = (vault: TestVault, token: string) => vault.request('update', 'auth/token/renew-self', {}, token);

async function loggedIn() {
  const vault = await createVault({ seed: 'auth-fixtures', clock: 'manual', bootstrap: FIXTURE });
  const now = Math.floor(vault.clock.now() / 1000);
  const tokens = {
    approle: auth(await login(vault, 'auth/approle/login', { role_id: 'web-role-id', secret_id: 'web-secret-id' })),
    userpass: auth(await login(vault, 'auth/userpass/login/alice', { password: 'alice-pw' })),
    jwt: auth(await login(vault, 'auth/jwt/login', { role: 'ci', jwt: jwt({ iss: 'https://ci.example', sub: 'build-7', aud: 'vault', iat: now, exp: now + 60 }) })),
  };
  return { vault, tokens };
}

describe('auth fixtures', () => {
  it('log in with the fixture\'s known credentials and read a secret with the role\'s policy', async () => {
    const { vault, tokens } = await loggedIn();
    expect(tokens.approle.metadata).toEqual({ env: 'test', role_name: 'web' });
    expect(tokens.approle.lease_duration).toBe(3600);
    expect(tokens.userpass.lease_duration).toBe(1800);
    expect(tokens.jwt.metadata).toEqual({ role: 'ci' });
    for (const t of Object.values(tokens)) {
      const read = await vault.request('read', 'app/data/db', undefined, t.client_token);
      expect((read.body as { data: { data: unknown } }).data.data).toEqual({ password: 'db-pass' });
      expect((await vault.request('update', 'app/data/db', { data: {} }, t.client_token)).status).toBe(403);
    }
    expect((await login(vault, 'auth/userpass/login/alice', { password: 'wrong' })).status).toBe(400);
  });

  it('refuses malformed auth sections before writing anything', () => {
    const bad = (auth: unknown) => () => validateBootstrap({ auth } as BootstrapFixture);
    expect(bad({ approle: { type: 'approle', users: { a: { password: 'x' } } } })).toThrow(/auth\["approle"\]\.users: only a userpass mount has users/);
    expect(bad({ up: { type: 'userpass', users: { a: { token_policies: 'x' } } } })).toThrow(/users\["a"\]\.password: required/);
    expect(bad({ up: { type: 'userpass', roles: {} } })).toThrow(BootstrapError);
    expect(bad({ jwt: { type: 'jwt', roles: { r: { secret_id: 'x' } } } })).toThrow(/AppRole fields/);
    expect(bad({ a: { type: 'approle', extra: 1 } })).toThrow(/auth\["a"\]\.extra: unknown key/);
    expect(bad({ token: { type: 'approle' } })).toThrow(/invalid auth mount path/);
    expect(bad({ a: {} })).toThrow(/auth\["a"\]\.type: required/);
  });

  it('names the failing entry when Vault refuses a role', async () => {
    await expect(createVault({ bootstrap: { auth: { approle: { type: 'approle', roles: { r: { token_ttl: 'soon' } } } } } }))
      .rejects.toThrow(/^bootstrap: auth\["approle"\]\.roles\["r"\]: /);
  });
});

describe('renewing login tokens through their auth mount', () => {
  it('approle: the role\'s current TTLs apply; a deleted role fails the renewal', async () => {
    const { vault, tokens } = await loggedIn();
    const t = tokens.approle.client_token;
    expect(auth(await renew(vault, t)).lease_duration).toBe(3600);
    await vault.request('update', 'auth/approle/role/web', { token_ttl: '2h' });
    expect(auth(await renew(vault, t)).lease_duration).toBe(7200);
    vault.clock.advance('90m');
    // 3 h max from issue: 90 minutes are left, less than the role's 2 h.
    const capped = await renew(vault, t);
    expect(auth(capped).lease_duration).toBe(5400);
    expect((capped.body as { warnings: string[] }).warnings[0]).toMatch(/exceeded the effective max_ttl/);
    await vault.request('delete', 'auth/approle/role/web');
    expect(await renew(vault, t)).toEqual({ status: 500, body: { errors: [`1 error occurred:\n\t* ${errLeaseFailedToRenewEntry(errApproleRenewRoleGone('web'))}\n\n`] } });
  });

  it('userpass: changed policies refuse the renewal; a deleted user answers 204 and the token is not extended', async () => {
    const { vault, tokens } = await loggedIn();
    const t = tokens.userpass.client_token;
    await vault.request('update', 'auth/userpass/users/alice', { token_ttl: '45m' });
    expect(auth(await renew(vault, t)).lease_duration).toBe(2700);
    await vault.request('update', 'auth/userpass/users/alice/policies', { token_policies: 'APP-READ' });
    expect((await renew(vault, t)).status).toBe(200); // compared case-insensitively (1.18)
    await vault.request('update', 'auth/userpass/users/alice/policies', { token_policies: 'other' });
    expect(await renew(vault, t)).toEqual({ status: 500, body: { errors: [`1 error occurred:\n\t* ${errLeaseFailedToRenewEntry(ERR_USERPASS_POLICIES_CHANGED)}\n\n`] } });
    await vault.request('delete', 'auth/userpass/users/alice');
    const before = ((await vault.request('read', 'auth/token/lookup-self', undefined, t)).body as { data: { ttl: number } }).data.ttl;
    vault.clock.advance('1m');
    expect(await renew(vault, t)).toEqual({ status: 204 });
    const after = ((await vault.request('read', 'auth/token/lookup-self', undefined, t)).body as { data: { ttl: number } }).data.ttl;
    expect(after).toBe(before - 60);
  });

  it('jwt: the role\'s TTL applies; a deleted role fails the renewal', async () => {
    const { vault, tokens } = await loggedIn();
    const t = tokens.jwt.client_token;
    expect((await vault.request('update', 'auth/jwt/role/ci', { role_type: 'jwt', token_ttl: '20m' })).status).toBe(204);
    expect(auth(await renew(vault, t)).lease_duration).toBe(1200);
    await vault.request('delete', 'auth/jwt/role/ci');
    expect(await renew(vault, t)).toEqual({ status: 500, body: { errors: [`1 error occurred:\n\t* ${errLeaseFailedToRenewEntry(errJwtRenewRoleGone('ci'))}\n\n`] } });
  });

  it('renew-accessor goes the same way, and a token store token still renews with its own TTL', async () => {
    const { vault, tokens } = await loggedIn();
    const accessor = ((await vault.request('read', 'auth/token/lookup-self', undefined, tokens.approle.client_token)).body as { data: { accessor: string } }).data.accessor;
    await vault.request('update', 'auth/approle/role/web', { token_ttl: '90m' });
    expect(auth(await vault.request('update', 'auth/token/renew-accessor', { accessor })).lease_duration).toBe(5400);
    const own = await vault.createToken({ policies: ['app-read'], ttl: '15m' });
    expect(auth(await renew(vault, typeof own === 'string' ? own : (own as { id: string }).id)).lease_duration).toBe(900);
    expect(ERR_LEASE_AUTH_RENEW_UNSUPPORTED).toBe("this auth type doesn't support renew");
  });
});
