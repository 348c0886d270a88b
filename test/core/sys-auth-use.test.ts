// Auth mounts in use (hashicorp/vault vault/logical_system.go, vault/request_handling.go): auth
// tune (token_type), the UI mount listings (handleInternalUIMountsRead), and logins:
// unauthenticated, TTL from the mount tune and capped by its max (LoginCreateToken), tokens
// revoked when the mount is disabled or moved.
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';
import { body, data, SYSTEM_TTL, GO_HASH, tables, refused, withUserpass, login, withPolicy } from './sys-mount-helpers.js';

// ---- tune ---------------------------------------------------------------------------------------

describe('auth tune (sys/auth/:path/tune)', () => {
  it('reads the effective values with token_type, through both paths', async () => {
    const vault = await withUserpass({ description: 'people' });
    const expected = { description: 'people', default_lease_ttl: SYSTEM_TTL, max_lease_ttl: SYSTEM_TTL, force_no_cache: false, token_type: 'default-service' };
    expect(data(await vault.request('read', 'sys/auth/userpass/tune'))).toEqual(expected);
    expect(data(await vault.request('read', 'sys/mounts/auth/userpass/tune'))).toEqual(expected);
    expect(data(await vault.request('read', 'sys/auth/token/tune'))).toEqual({
      description: 'token based credentials', default_lease_ttl: SYSTEM_TTL, max_lease_ttl: SYSTEM_TTL, force_no_cache: false, token_type: 'default-service',
    });
  });

  it('answers an unknown auth mount with Vault\'s tune errors', async () => {
    const vault = await createVault();
    await refused(vault, 'read', 'sys/auth/nosuch/tune', undefined, 'cannot fetch sysview for path "auth/nosuch/"');
    await refused(vault, 'update', 'sys/auth/nosuch/tune', { description: 'x' }, 'tune of path "auth/nosuch/" failed: no mount entry found');
  });

  it('sets token_type on userpass ("" back to default-service) and refuses it on token/ and bad values', async () => {
    const vault = await withUserpass();
    expect(await vault.request('update', 'sys/auth/userpass/tune', { token_type: 'batch' })).toEqual({ status: 204 });
    expect(data(await vault.request('read', 'sys/auth/userpass/tune')).token_type).toBe('batch');
    expect(data(await vault.request('read', 'sys/auth'))['userpass/'].config.token_type).toBe('batch');
    expect(await vault.request('update', 'sys/auth/userpass/tune', { token_type: '' })).toEqual({ status: 204 });
    expect(data(await vault.request('read', 'sys/auth/userpass/tune')).token_type).toBe('default-service');
    await refused(vault, 'update', 'sys/auth/userpass/tune', { token_type: 'default' }, "invalid value for 'token_type'");
    await refused(vault, 'update', 'sys/auth/token/tune', { token_type: 'batch' }, "'token_type' cannot be set for 'token' or 'ns_token' auth mounts");
    await refused(vault, 'update', 'sys/mounts/auth/token/tune', { token_type: 'service' }, "'token_type' cannot be set for 'token' or 'ns_token' auth mounts");
  });

  it('tunes the TTLs and the description of token/', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/auth/token/tune', { description: 'tokens', default_lease_ttl: '1h' })).toEqual({ status: 204 });
    expect(data(await vault.request('read', 'sys/auth/token/tune'))).toMatchObject({ description: 'tokens', default_lease_ttl: 3600 });
  });

  it('accepts user_lockout_config on userpass and refuses it on token', async () => {
    const vault = await withUserpass();
    expect((await vault.request('update', 'sys/auth/userpass/tune', { user_lockout_config: { lockout_threshold: '3' } })).status).toBe(204);
    await refused(vault, 'update', 'sys/auth/token/tune', { user_lockout_config: { lockout_threshold: '3' } },
      'tuning of user lockout configuration for auth type "token" not allowed');
  });
});

// ---- UI mounts ------------------------------------------------------------------------------------

describe('sys/internal/ui/mounts', () => {
  it('shows every mount in full to the root token, auth under bare paths, without top-level injection', async () => {
    const vault = await withUserpass();
    const res = await vault.request('read', 'sys/internal/ui/mounts');
    expect(res.status).toBe(200);
    const { mounts, auth } = await tables(vault);
    expect(data(res)).toEqual({ auth, secret: mounts });
    expect(body(res)).not.toHaveProperty('secret');
  });

  it('shows only listing_visibility=unauth mounts, as {description, options, type}, without a token', async () => {
    const vault = await withUserpass({ description: 'people', config: { listing_visibility: 'unauth' } });
    await vault.request('update', 'sys/auth/hidden', { type: 'userpass', config: { listing_visibility: 'hidden' } });
    expect(await vault.request('update', 'sys/mounts/secret/tune', { listing_visibility: 'unauth' })).toEqual({ status: 204 });
    const res = await vault.handle({ operation: 'read', path: 'sys/internal/ui/mounts' });
    expect(res.status).toBe(200);
    expect(data(res)).toEqual({
      auth: { 'userpass/': { description: 'people', options: {}, type: 'userpass' } },
      secret: { 'secret/': { description: 'key/value secret storage', options: { version: '2' }, type: 'kv' } },
    });
  });

  it('shows nothing without a token when no mount is unauth-visible', async () => {
    const vault = await withUserpass();
    expect(data(await vault.handle({ operation: 'read', path: 'sys/internal/ui/mounts' }))).toEqual({ auth: {}, secret: {} });
  });

  it('shows a limited token the auth mounts it can reach', async () => {
    const vault = await withUserpass();
    await vault.request('update', 'sys/auth/other', { type: 'userpass' });
    const token = await withPolicy(vault, 'users', 'path "auth/userpass/users/*" { capabilities = ["read"] }');
    const seen = data(await vault.request('read', 'sys/internal/ui/mounts', undefined, token));
    expect(seen.auth).toHaveProperty(['userpass/']);
    expect(seen.auth).not.toHaveProperty(['other/']);
    expect(seen.secret).not.toHaveProperty(['secret/']);
  });

  it('reads one auth mount with its bare path and the effective TTLs', async () => {
    const vault = await withUserpass();
    const one = await vault.request('read', 'sys/internal/ui/mounts/auth/userpass');
    expect(one.status).toBe(200);
    const listed = data(await vault.request('read', 'sys/auth'))['userpass/'];
    expect(data(one)).toEqual({
      ...listed, path: 'userpass/',
      config: { ...listed.config, default_lease_ttl: SYSTEM_TTL, max_lease_ttl: SYSTEM_TTL },
    });
    await vault.request('update', 'sys/auth/userpass/tune', { default_lease_ttl: '1h', max_lease_ttl: '2h' });
    expect(data(await vault.request('read', 'sys/internal/ui/mounts/auth/userpass')).config)
      .toMatchObject({ default_lease_ttl: 3600, max_lease_ttl: 7200 });
  });

  it('refuses the single-mount read without a token or access with the preflight 403', async () => {
    const vault = await withUserpass();
    const token = await vault.createToken({ policies: ['default'] });
    const preflight = {
      status: 403,
      body: { errors: ['preflight capability check returned 403, please ensure client\'s policies grant access to path "auth/userpass/"'] },
    };
    expect(await vault.handle({ operation: 'read', path: 'sys/internal/ui/mounts/auth/userpass' })).toEqual(preflight);
    expect(await vault.request('read', 'sys/internal/ui/mounts/auth/userpass', undefined, token)).toEqual(preflight);
  });
});

// ---- logins -------------------------------------------------------------------------------------

describe('logins through an auth mount', () => {
  it('logs in without a token; the token lease follows the mount tune and is capped by its max with Vault\'s warning', async () => {
    const vault = await withUserpass();
    await vault.request('update', 'auth/userpass/users/alice', { password_hash: GO_HASH });

    const first = await login(vault, 'alice');
    expect(first.status).toBe(200);
    expect(body(first)).toMatchObject({ lease_duration: 0, data: null, warnings: null, mount_type: '' });
    expect(body(first).auth).toMatchObject({ lease_duration: SYSTEM_TTL, token_type: 'service', renewable: true, orphan: true });

    expect(await vault.request('update', 'sys/auth/userpass/tune', { default_lease_ttl: '1h', max_lease_ttl: '2h' })).toEqual({ status: 204 });
    const tuned = await login(vault, 'alice');
    expect(body(tuned).auth.lease_duration).toBe(3600);
    expect(body(tuned).warnings).toBeNull();

    await vault.request('update', 'auth/userpass/users/alice', { token_ttl: '3h' });
    const capped = await login(vault, 'alice');
    expect(body(capped).auth.lease_duration).toBe(7200);
    expect(body(capped).warnings).toEqual(['TTL of "3h" exceeded the effective max_ttl of "2h"; TTL value is capped accordingly']);
  });

  it('issues batch tokens when the mount is tuned to token_type batch', async () => {
    const vault = await withUserpass();
    await vault.request('update', 'auth/userpass/users/alice', { password_hash: GO_HASH });
    await vault.request('update', 'sys/auth/userpass/tune', { token_type: 'batch' });
    const auth = body(await login(vault, 'alice')).auth;
    expect(auth).toMatchObject({ token_type: 'batch', renewable: false, accessor: '' });
    expect(auth.client_token).toMatch(/^hvb\./);
  });

  it('revokes every token its logins issued when the mount is disabled', async () => {
    const vault = await withUserpass();
    await vault.request('update', 'auth/userpass/users/alice', { password_hash: GO_HASH });
    const token = body(await login(vault, 'alice')).auth.client_token as string;
    const self = await vault.request('read', 'auth/token/lookup-self', undefined, token);
    expect(data(self)).toMatchObject({ path: 'auth/userpass/login/alice', display_name: 'userpass-alice' });
    expect(await vault.request('delete', 'sys/auth/userpass')).toEqual({ status: 204 });
    expect(await vault.request('read', 'auth/token/lookup-self', undefined, token)).toEqual({ status: 403, body: { errors: ['permission denied'] } });
  });

  it('revokes the tokens of the source when the mount is moved; the users log in at the new path', async () => {
    const vault = await withUserpass();
    await vault.request('update', 'auth/userpass/users/alice', { password_hash: GO_HASH });
    const token = body(await login(vault, 'alice')).auth.client_token as string;
    expect((await vault.request('update', 'sys/remount', { from: 'auth/userpass', to: 'auth/people' })).status).toBe(200);
    expect(await vault.request('read', 'auth/token/lookup-self', undefined, token)).toEqual({ status: 403, body: { errors: ['permission denied'] } });
    const again = await login(vault, 'alice', 'allmine', 'people');
    expect(again.status).toBe(200);
    expect(data(await vault.request('read', 'auth/token/lookup-self', undefined, body(again).auth.client_token)).path)
      .toBe('auth/people/login/alice');
  });
});
