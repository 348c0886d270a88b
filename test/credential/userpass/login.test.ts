// userpass login/:username (V builtin/credential/userpass/path_login.go, 1.18 line) through the
// whole server: the auth block core builds from it, TTLs from the user and the mount's tune,
// Vault's failure answers, bound CIDRs, revocation on disable, renewal rules, and bcrypt
// compatibility with hashes written by Go.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserpassBackend } from '../../../src/credential/userpass/index.js';
import { ERR_INVALID_CREDENTIALS, ERR_USERPASS_INVALID_LOGIN, ERR_USERPASS_POLICIES_CHANGED } from '../../../src/errors/userpass.js';
import { GoError } from '../../../src/errors/vault-error.js';
import type { TestVault } from '../../../src/testing/index.js';
import { body, putRawUser, vaultWithUserpass } from './helpers.js';

const GO_HASH = '$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga'; // "allmine", written by Go

const login = (vault: TestVault, name: string, data: Record<string, unknown>, remoteAddress?: string, mount = 'userpass') =>
  vault.handle({ operation: 'update', path: `auth/${mount}/login/${name}`, data, token: '', remoteAddress });

type Auth = Record<string, unknown> & { client_token: string };
const authOf = (r: { body?: unknown }) => (r.body as { auth: Auth }).auth;

describe('userpass login', () => {
  it('answers the auth block in Vault order and the token works', async () => {
    const vault = await vaultWithUserpass();
    await vault.request('update', 'auth/userpass/users/alice', { password_hash: GO_HASH, token_policies: 'Dev,ops' });
    const res = await login(vault, 'Alice', { password: 'allmine' });
    expect(res.status).toBe(200);
    const b = body(res);
    expect(Object.keys(b)).toEqual(['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth', 'mount_type']);
    expect([b.lease_id, b.renewable, b.lease_duration, b.data, b.warnings]).toEqual(['', false, 0, null, null]);
    // vault/request_handling.go handleLoginRequest leaves the response's MountType unset.
    expect(b.mount_type).toBe('');
    const auth = authOf(res);
    expect(Object.keys(auth)).toEqual([
      'client_token', 'accessor', 'policies', 'token_policies', 'metadata', 'lease_duration', 'renewable', 'entity_id',
      'token_type', 'orphan', 'mfa_requirement', 'num_uses',
    ]);
    expect(auth).toMatchObject({
      policies: ['default', 'dev', 'ops'], token_policies: ['default', 'dev', 'ops'], metadata: { username: 'alice' },
      lease_duration: 2764800, renewable: true, token_type: 'service', orphan: true, mfa_requirement: null, num_uses: 0,
    });
    expect(auth.client_token).toMatch(/^hvs\./);
    const self = body(await vault.request('read', 'auth/token/lookup-self', undefined, auth.client_token)).data;
    expect(self).toMatchObject({
      display_name: 'userpass-alice', path: 'auth/userpass/login/Alice', meta: { username: 'alice' },
      policies: ['default', 'dev', 'ops'], orphan: true, num_uses: 0,
    });
  });

  it('takes its TTL from the user, else the mount tune, and its type from the user', async () => {
    const vault = await vaultWithUserpass();
    expect((await vault.request('update', 'sys/auth/userpass/tune', { default_lease_ttl: '1h' })).status).toBe(204);
    await vault.request('update', 'auth/userpass/users/bo', { password_hash: GO_HASH });
    expect(authOf(await login(vault, 'bo', { password: 'allmine' })).lease_duration).toBe(3600);
    await vault.request('update', 'auth/userpass/users/bo', { token_ttl: '10m', token_num_uses: 3, token_no_default_policy: true });
    const limited = authOf(await login(vault, 'bo', { password: 'allmine' }));
    expect(limited).toMatchObject({ lease_duration: 600, num_uses: 3, policies: [] });
    // (Vault omits an empty token_policies here; that is core's auth block, see src/auth/token-entry.ts.)
    await vault.request('update', 'auth/userpass/users/bo', { token_num_uses: 0, token_type: 'batch' });
    const batch = authOf(await login(vault, 'bo', { password: 'allmine' }));
    expect(batch).toMatchObject({ token_type: 'batch', renewable: false, accessor: '' });
    expect(batch.client_token).toMatch(/^hvb\./);
  });

  it('refuses with Vault answers: wrong user or password 400, empty password 400 invalid credentials', async () => {
    const vault = await vaultWithUserpass();
    await vault.request('update', 'auth/userpass/users/cy', { password_hash: GO_HASH });
    const invalid = { status: 400, body: { errors: [ERR_USERPASS_INVALID_LOGIN] } };
    expect(await login(vault, 'cy', { password: 'wrong' })).toEqual(invalid);
    expect(await login(vault, 'nobody', { password: 'allmine' })).toEqual(invalid);
    const noCreds = { status: 400, body: { errors: [ERR_INVALID_CREDENTIALS] } };
    expect(await login(vault, 'cy', { password: '' })).toEqual(noCreds);
    expect(await login(vault, 'cy', {})).toEqual(noCreds);
    expect(await login(vault, 'cy', { password: null })).toEqual(noCreds);
    // Login paths answer routing errors unwrapped.
    expect(await vault.handle({ operation: 'read', path: 'auth/userpass/login/cy', token: '' }))
      .toEqual({ status: 405, body: { errors: ['unsupported operation'] } });
  });

  it('checks the user’s bound CIDRs against the caller (403 permission denied)', async () => {
    const vault = await vaultWithUserpass();
    await vault.request('update', 'auth/userpass/users/di', { password_hash: GO_HASH, token_bound_cidrs: '10.0.0.0/8,fd00::/8' });
    const denied = { status: 403, body: { errors: ['permission denied'] } };
    expect(await login(vault, 'di', { password: 'allmine' }, '192.168.1.1')).toEqual(denied);
    expect(await login(vault, 'di', { password: 'allmine' })).toEqual(denied); // no connection information
    expect(await login(vault, 'di', { password: 'allmine' }, 'not-an-ip')).toEqual(denied);
    for (const ok of ['10.1.2.3', '::ffff:10.9.9.9', 'fd12::1']) {
      expect((await login(vault, 'di', { password: 'allmine' }, ok)).status).toBe(200);
    }
    // The wrong password is still the first answer.
    expect((await login(vault, 'di', { password: 'x' }, '192.168.1.1')).status).toBe(400);
  });

  it('revokes the login tokens when the mount is disabled', async () => {
    const vault = await vaultWithUserpass();
    await vault.request('update', 'auth/userpass/users/ed', { password_hash: GO_HASH });
    const token = authOf(await login(vault, 'ed', { password: 'allmine' })).client_token;
    expect((await vault.request('read', 'auth/token/lookup-self', undefined, token)).status).toBe(200);
    expect((await vault.request('delete', 'sys/auth/userpass')).status).toBe(204);
    expect((await vault.request('read', 'auth/token/lookup-self', undefined, token)).status).toBe(403);
  });

  it('builds the display name from a nested mount path', async () => {
    const vault = await vaultWithUserpass('team/people');
    await vault.request('update', 'auth/team/people/users/fay', { password_hash: GO_HASH });
    const token = authOf(await login(vault, 'fay', { password: 'allmine' }, undefined, 'team/people')).client_token;
    expect(body(await vault.request('read', 'auth/token/lookup-self', undefined, token)).data.display_name).toBe('team-people-fay');
  });

  it('logs in a Vault 0.1 entry holding a plaintext password, compared in constant time', async () => {
    const vault = await vaultWithUserpass();
    await putRawUser(vault, 'old', { Password: 'plain', PasswordHash: null, token_ttl: 0, TTL: 120e9 });
    expect(authOf(await login(vault, 'old', { password: 'plain' })).lease_duration).toBe(120);
    expect((await login(vault, 'old', { password: 'plainx' })).status).toBe(400);
  });

  it('accepts any password it stored and refuses any other (bcrypt property)', async () => {
    const vault = await vaultWithUserpass();
    // Passwords of 1..60 UTF-8 bytes (Go refuses to hash more than 72).
    const password = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((p) => Buffer.byteLength(p) <= 60);
    await fc.assert(fc.asyncProperty(password, async (p) => {
      expect((await vault.request('update', 'auth/userpass/users/prop', { password: p })).status).toBe(204);
      expect((await login(vault, 'prop', { password: p })).status).toBe(200);
      expect((await login(vault, 'prop', { password: p + 'x' })).status).toBe(400);
    }), { numRuns: 3, seed: 42 });
  }, 20_000);
});

describe('userpass renewal (path_login.go pathLoginRenew)', () => {
  it('renews with the user’s current TTLs, not at all for a deleted user, refuses changed policies', async () => {
    const vault = await vaultWithUserpass();
    await vault.request('update', 'auth/userpass/users/gus', { password_hash: GO_HASH, token_policies: 'Admin', token_ttl: 60, token_period: 0 });
    const backend = vault.core.unsealed!.mounts.route('auth/userpass/')!.backend as UserpassBackend;
    expect(await backend.renewAuth({ username: 'gus' }, ['admin', 'default'])).toEqual({ ttl: 60, maxTtl: 0, period: 0 });
    await expect(backend.renewAuth({ username: 'gus' }, ['default'])).rejects.toThrow(GoError);
    await expect(backend.renewAuth({ username: 'gus' }, ['other'])).rejects.toMatchObject({ plain: ERR_USERPASS_POLICIES_CHANGED });
    await vault.request('delete', 'auth/userpass/users/gus');
    expect(await backend.renewAuth({ username: 'gus' }, ['admin'])).toBeNull();
    expect(backend.aliasLookahead('login/Gus')).toBe('Gus');
  });
});
