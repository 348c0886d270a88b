// The auth mount table through core (hashicorp/vault vault/logical_system.go, vault/auth.go): the
// sys/auth listing, enabling userpass, reading one mount, every enable error in Vault's order
// (vault/auth.go enableCredentialInternal), disable, and sudo on sys/auth/* but not on
// sys/mounts/auth/*/tune.
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';
import { body, data, UUID, IN_TREE_VERSION, MULTI_DENIED, GO_HASH, tables, refused, withUserpass, withPolicy, type Body } from './sys-mount-helpers.js';

// ---- listing, enable, read ---------------------------------------------------------------------

describe('sys/auth listing', () => {
  it('lists token/ with config.token_type default-service, an auth_token_ accessor and no deprecation_status', async () => {
    const vault = await createVault();
    const res = await vault.request('read', 'sys/auth');
    expect(res.status).toBe(200);
    expect(Object.keys(data(res))).toEqual(['token/']);
    const token = data(res)['token/'];
    expect(Object.keys(token)).toEqual([
      'accessor', 'config', 'description', 'external_entropy_access', 'local', 'options', 'plugin_version',
      'running_plugin_version', 'running_sha256', 'seal_wrap', 'type', 'uuid',
    ]);
    expect(token).toEqual({
      accessor: expect.stringMatching(/^auth_token_[0-9a-f]{8}$/),
      config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0, token_type: 'default-service' },
      description: 'token based credentials', external_entropy_access: false, local: false, options: null,
      plugin_version: '', running_plugin_version: IN_TREE_VERSION, running_sha256: '', seal_wrap: false, type: 'token',
      uuid: expect.stringMatching(UUID),
    });
    expect(body(res)['token/']).toEqual(token); // injected at top level too
  });

  it('does not need sudo to list', async () => {
    const vault = await createVault();
    const token = await withPolicy(vault, 'lister', 'path "sys/auth" { capabilities = ["read"] }');
    expect((await vault.request('read', 'sys/auth', undefined, token)).status).toBe(200);
  });
});

describe('enable (POST sys/auth/:path)', () => {
  it('enables userpass: 204, bare path in the listing, auth_userpass_<8hex>, supported, the in-tree version', async () => {
    const vault = await withUserpass({ description: 'people' });
    const row = data(await vault.request('read', 'sys/auth'))['userpass/'];
    expect(row).toEqual({
      accessor: expect.stringMatching(/^auth_userpass_[0-9a-f]{8}$/),
      config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0, token_type: 'default-service' },
      deprecation_status: 'supported', description: 'people', external_entropy_access: false, local: false, options: {},
      plugin_version: '', running_plugin_version: IN_TREE_VERSION, running_sha256: '', seal_wrap: false, type: 'userpass',
      uuid: expect.stringMatching(UUID),
    });
    expect(data(await vault.request('read', 'sys/mounts'))).not.toHaveProperty(['userpass/']);
  });

  it('stores config.token_type and TTLs as sent ("" means default-service)', async () => {
    const vault = await createVault();
    const cases: Array<[string, string]> = [['batch', 'batch'], ['default-batch', 'default-batch'], ['service', 'service'], ['', 'default-service']];
    for (const [i, [sent, stored]] of cases.entries()) {
      expect(await vault.request('update', `sys/auth/up${i}`, { type: 'userpass', config: { token_type: sent, default_lease_ttl: '1h' } })).toEqual({ status: 204 });
      expect(data(await vault.request('read', 'sys/auth'))[`up${i}/`].config).toEqual({
        default_lease_ttl: 3600, force_no_cache: false, max_lease_ttl: 0, token_type: stored,
      });
    }
  });

  it('lists options null when enabled with options: null (vault CLI)', async () => {
    const vault = await withUserpass({ options: null, description: '', config: {}, local: false, seal_wrap: false });
    expect(data(await vault.request('read', 'sys/auth'))['userpass/'].options).toBeNull();
  });

  it('reads one mount by its exact path (top level too); unknown or a sub-path → No auth engine at', async () => {
    const vault = await withUserpass();
    const listed = data(await vault.request('read', 'sys/auth'))['userpass/'];
    for (const path of ['userpass', 'userpass/']) {
      const res = await vault.request('read', `sys/auth/${path}`);
      expect(res.status).toBe(200);
      expect(data(res)).toEqual(listed);
      expect(body(res).accessor).toBe(listed.accessor);
    }
    expect(data(await vault.request('read', 'sys/auth/token')).type).toBe('token');
    await refused(vault, 'read', 'sys/auth/nosuch', undefined, 'No auth engine at nosuch/');
    await refused(vault, 'read', 'sys/auth/userpass/extra', undefined, 'No auth engine at userpass/extra/');
  });
});

describe('enable errors, each leaving the tables unchanged', () => {
  const cases: Array<[string, string, Body, string]> = [
    ['force_no_cache that is not a bool', 'up', { type: 'userpass', config: { force_no_cache: 1 } }, 'unable to convert given auth config information'],
    ['a bad default TTL', 'up', { type: 'userpass', config: { default_lease_ttl: 'abc' } }, 'unable to parse default TTL of abc: time: invalid duration "abc"'],
    ['a bad max TTL', 'up', { type: 'userpass', config: { max_lease_ttl: '1.5' } }, 'unable to parse max TTL of 1.5: time: missing unit in duration "1.5"'],
    ['default above max', 'up', { type: 'userpass', config: { default_lease_ttl: '3h', max_lease_ttl: '2h' } }, 'given default lease TTL greater than given max lease TTL'],
    ['default above the system max', 'up', { type: 'userpass', config: { default_lease_ttl: '800h' } }, 'given default lease TTL greater than system max lease TTL of 2764800'],
    ['a bad token_type', 'up', { type: 'userpass', config: { token_type: 'default' } }, "invalid value for 'token_type'"],
    ['no type', 'up', {}, 'backend type must be specified as a string'],
    ['plugin without plugin_name', 'up', { type: 'plugin' }, 'plugin_name must be provided for plugin backend'],
    ['a version option', 'up', { type: 'userpass', options: { version: '2' } }, 'auth method "userpass" does not allow setting a version'],
    ['a bad listing_visibility', 'up', { type: 'userpass', config: { listing_visibility: 'everyone' } }, 'invalid listing_visibility everyone'],
    ['the token/ path', 'token', { type: 'userpass' }, 'path is already in use at token/'],
    ['a path under token/', 'token/sub', { type: 'userpass' }, 'path is already in use at token/'],
    ['a path above an existing mount', 'team', { type: 'userpass' }, 'path is already in use at team/a/'],
    ['type token', 'tok2', { type: 'token' }, 'token credential backend cannot be instantiated'],
    ['an unknown type', 'up', { type: 'nosuch' }, 'plugin not found in the catalog: nosuch'],
    ['a secrets type used as an auth method', 'up', { type: 'kv' }, 'plugin not found in the catalog: kv'],
    ['generic used as an auth method', 'up', { type: 'generic' }, 'plugin not found in the catalog: generic'],
    ['a removed builtin', 'up', { type: 'app-id' }, 'could not mount "app-id": mount entry associated with removed builtin'],
  ];
  for (const [name, path, payload, error] of cases) {
    it(`refuses ${name}: ${error}`, async () => {
      const vault = await withUserpass({}, 'team/a');
      await refused(vault, 'update', `sys/auth/${path}`, payload, error);
    });
  }

  it('answers an auth method minivault lacks with 400, its own message and x-minivault-unsupported', async () => {
    const vault = await createVault();
    for (const type of ['ldap', 'github', 'pcf', 'okta', 'radius']) {
      await refused(vault, 'update', 'sys/auth/x', { type },
        `minivault does not implement the auth method "${type}" (Vault 1.18.1 ships it as a builtin)`, { unsupported: true });
    }
  });

  // `aws-ec2` is Vault's credential alias of `aws` (vault/auth.go credentialAliases), so Vault
  // 1.18.1 enables it (src/core/sys-enable.ts unknownType looks only at the registry, not at
  // SERVED_BY_ALIAS / vaultCanMount).
  it('answers aws-ec2 (a Vault alias of aws) as not implemented by minivault', async () => {
    const vault = await createVault();
    const res = await vault.request('update', 'sys/auth/x', { type: 'aws-ec2' });
    expect(res.status).toBe(400);
    expect(res.headers).toEqual({ 'x-minivault-unsupported': 'true' });
  });

  const ordered: Array<[string, string, Body, string]> = [
    ['a TTL error before a bad token_type', 'up', { type: 'userpass', config: { default_lease_ttl: 'abc', token_type: 'x' } }, 'unable to parse default TTL of abc: time: invalid duration "abc"'],
    ['a bad token_type before a missing type', 'up', { config: { token_type: 'x' } }, "invalid value for 'token_type'"],
    ['a missing type before a path in use', 'token', {}, 'backend type must be specified as a string'],
    ['a version option before a bad listing_visibility', 'up', { type: 'userpass', options: { version: '1' }, config: { listing_visibility: 'x' } }, 'auth method "userpass" does not allow setting a version'],
    ['a bad listing_visibility before a path in use', 'token', { type: 'userpass', config: { listing_visibility: 'x' } }, 'invalid listing_visibility x'],
    ['a path in use before type token', 'token', { type: 'token' }, 'path is already in use at token/'],
    ['a path in use before an unknown type', 'token', { type: 'nosuch' }, 'path is already in use at token/'],
    ['a path in use before a method minivault lacks (no header)', 'token/x', { type: 'github' }, 'path is already in use at token/'],
  ];
  for (const [name, path, payload, error] of ordered) {
    it(`reports ${name}`, async () => {
      const vault = await createVault();
      await refused(vault, 'update', `sys/auth/${path}`, payload, error);
    });
  }
});

// ---- disable, sudo ------------------------------------------------------------------------------

describe('disable (DELETE sys/auth/:path)', () => {
  it('refuses token/ and answers 204 for an unknown path or a path inside a mount', async () => {
    const vault = await withUserpass();
    await refused(vault, 'delete', 'sys/auth/token', undefined, 'token credential backend cannot be disabled');
    const before = await tables(vault);
    expect(await vault.request('delete', 'sys/auth/nosuch')).toEqual({ status: 204 });
    expect(await vault.request('delete', 'sys/auth/userpass/users')).toEqual({ status: 204 });
    expect(await tables(vault)).toEqual(before);
  });

  it('removes the mount and its users: re-enabling gives an empty mount with a new accessor', async () => {
    const vault = await withUserpass();
    await vault.request('update', 'auth/userpass/users/alice', { password_hash: GO_HASH });
    const old = data(await vault.request('read', 'sys/auth/userpass'));
    expect(await vault.request('delete', 'sys/auth/userpass')).toEqual({ status: 204 });
    expect(Object.keys(data(await vault.request('read', 'sys/auth')))).toEqual(['token/']);
    expect(Object.keys(await vault.dump()).filter((k) => k.startsWith(`auth/${old.uuid}/`))).toEqual([]);
    expect(await vault.request('update', 'sys/auth/userpass', { type: 'userpass' })).toEqual({ status: 204 });
    expect(await vault.request('read', 'auth/userpass/users/alice')).toEqual({ status: 404, body: { errors: [] } });
    expect(data(await vault.request('read', 'sys/auth/userpass')).accessor).not.toBe(old.accessor);
  });
});

describe('sudo on sys/auth', () => {
  const POLICY = [
    'path "sys/auth/*" { capabilities = ["create", "update", "read", "delete"] }',
    'path "sys/auth" { capabilities = ["read"] }',
    'path "sys/mounts/auth/*" { capabilities = ["update", "read"] }',
  ].join('\n');

  it('denies enable, read, tune and disable under sys/auth/* without sudo; sys/mounts/auth/<p>/tune works without it', async () => {
    const vault = await withUserpass();
    const token = await withPolicy(vault, 'no-sudo', POLICY);
    const denied = { status: 403, body: { errors: [MULTI_DENIED] } };
    expect(await vault.request('update', 'sys/auth/other', { type: 'userpass' }, token)).toEqual(denied);
    expect(await vault.request('read', 'sys/auth/userpass', undefined, token)).toEqual(denied);
    expect(await vault.request('read', 'sys/auth/userpass/tune', undefined, token)).toEqual(denied);
    expect(await vault.request('update', 'sys/auth/userpass/tune', { description: 'x' }, token)).toEqual(denied);
    expect(await vault.request('delete', 'sys/auth/userpass', undefined, token)).toEqual(denied);
    expect(data(await vault.request('read', 'sys/auth', undefined, token))).toHaveProperty(['userpass/']);

    expect(await vault.request('update', 'sys/mounts/auth/userpass/tune', { description: 'no sudo needed' }, token)).toEqual({ status: 204 });
    const tuned = await vault.request('read', 'sys/mounts/auth/userpass/tune', undefined, token);
    expect(tuned.status).toBe(200);
    expect(data(tuned)).toMatchObject({ description: 'no sudo needed', token_type: 'default-service' });
  });

  it('allows the same requests once the policy grants sudo', async () => {
    const vault = await withUserpass();
    const token = await withPolicy(vault, 'with-sudo', POLICY.replace('"delete"]', '"delete", "sudo"]'));
    expect(await vault.request('update', 'sys/auth/other', { type: 'userpass' }, token)).toEqual({ status: 204 });
    expect((await vault.request('read', 'sys/auth/other', undefined, token)).status).toBe(200);
    expect(await vault.request('delete', 'sys/auth/other', undefined, token)).toEqual({ status: 204 });
  });
});
