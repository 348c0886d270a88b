// Changing secrets mounts through core: disable, tune read and write with their errors
// (vault/logical_system.go handleTuneWriteCommon) and remount with its status (handleRemount). Every refusal leaves
// both tables alone.
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';
import { tables, mountInfo, tune, refused, UUID, SYSTEM_TTL, WARN_UPGRADE, WARN_REMOUNT, GO_HASH, body, data, type Body } from './sys-mount-helpers.js';

describe('disable (DELETE sys/mounts/:path)', () => {
  it('answers 204 and does nothing for an unknown path or a path inside a mount', async () => {
    const vault = await createVault();
    const before = await tables(vault);
    expect(await vault.request('delete', 'sys/mounts/nosuch')).toEqual({ status: 204 });
    expect(await vault.request('delete', 'sys/mounts/secret/foo')).toEqual({ status: 204 });
    expect(await tables(vault)).toEqual(before);
  });

  it('refuses the protected mounts with cannot unmount', async () => {
    const vault = await createVault();
    for (const [path, shown] of [['sys', 'sys/'], ['cubbyhole', 'cubbyhole/'], ['identity', 'identity/'], ['auth/token', 'auth/token/']]) {
      await refused(vault, 'delete', `sys/mounts/${path}`, undefined, `cannot unmount "${shown}"`);
    }
  });

  // Vault's handleUnmount answers 204 whenever no mount sits exactly at the path, before
  // Core.unmount looks at the protected prefixes, so `sys/foo/` (inside sys/) and `audit/x/` (no
  // mount) are silent no-ops (V vault/logical_system.go handleUnmount: MatchingMount != path →
  // return nil, nil).
  it('answers 204 for a non-mount path under a protected prefix', async () => {
    const vault = await createVault();
    expect(await vault.request('delete', 'sys/mounts/sys/foo')).toEqual({ status: 204 });
    expect(await vault.request('delete', 'sys/mounts/audit/x')).toEqual({ status: 204 });
  });

  it('deletes the data: re-enabling the same path gives an empty mount with a new uuid and accessor', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/tmp', { type: 'kv-v1' });
    expect(await vault.request('update', 'tmp/app', { a: '1' })).toEqual({ status: 204 });
    const old = await mountInfo(vault, 'tmp');
    expect(Object.keys(await vault.dump()).some((k) => k.startsWith(`logical/${old.uuid}/`))).toBe(true);
    expect(await vault.request('delete', 'sys/mounts/tmp')).toEqual({ status: 204 });
    expect(data(await vault.request('read', 'sys/mounts'))).not.toHaveProperty(['tmp/']);
    expect(await vault.request('read', 'tmp/app'))
      .toEqual({ status: 404, body: { errors: ['no handler for route "tmp/app". route entry not found.'] } });
    expect(Object.keys(await vault.dump()).filter((k) => k.startsWith(`logical/${old.uuid}/`))).toEqual([]);
    expect(await vault.request('update', 'sys/mounts/tmp', { type: 'kv-v1' })).toEqual({ status: 204 });
    expect(await vault.request('read', 'tmp/app')).toEqual({ status: 404, body: { errors: [] } });
    const fresh = await mountInfo(vault, 'tmp');
    expect(fresh.uuid).not.toBe(old.uuid);
    expect(fresh.accessor).not.toBe(old.accessor);
  });

  it('disables the dev secret/ mount like any other', async () => {
    const vault = await createVault();
    await vault.request('update', 'secret/data/x', { data: { a: 1 } });
    expect(await vault.request('delete', 'sys/mounts/secret')).toEqual({ status: 204 });
    expect(Object.keys(data(await vault.request('read', 'sys/mounts')))).toEqual(['cubbyhole/', 'identity/', 'sys/']);
  });
});

// ---- tune -------------------------------------------------------------------------------------

describe('tune read (GET sys/mounts/:path/tune)', () => {
  it('answers the effective values: system TTLs, force_no_cache, options only when non-empty', async () => {
    const vault = await createVault();
    expect(await tune(vault, 'secret')).toEqual({
      description: 'key/value secret storage', default_lease_ttl: SYSTEM_TTL, max_lease_ttl: SYSTEM_TTL, force_no_cache: false,
      options: { version: '2' },
    });
    await vault.request('update', 'sys/mounts/g', { type: 'generic', description: 'gen' });
    expect(await tune(vault, 'g')).toEqual({ description: 'gen', default_lease_ttl: SYSTEM_TTL, max_lease_ttl: SYSTEM_TTL, force_no_cache: false });
  });

  it('injects the data at top level and tunes the mount a sub-path falls in', async () => {
    const vault = await createVault();
    const res = await vault.request('read', 'sys/mounts/secret/deep/path/tune');
    expect(res.status).toBe(200);
    expect(body(res).description).toBe('key/value secret storage');
    expect(body(res).max_lease_ttl).toBe(SYSTEM_TTL);
  });

  it('answers 400 cannot fetch sysview for an unknown mount', async () => {
    const vault = await createVault();
    await refused(vault, 'read', 'sys/mounts/nosuch/tune', undefined, 'cannot fetch sysview for path "nosuch/"');
  });
});

describe('tune write (POST sys/mounts/:path/tune)', () => {
  it('sets both TTLs (tune shows them, the listing shows the mount\'s own values) and "system" resets them', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/secret/tune', { default_lease_ttl: '1h', max_lease_ttl: 7200 })).toEqual({ status: 204 });
    expect(await tune(vault, 'secret')).toMatchObject({ default_lease_ttl: 3600, max_lease_ttl: 7200 });
    expect((await mountInfo(vault, 'secret')).config).toMatchObject({ default_lease_ttl: 3600, max_lease_ttl: 7200 });
    expect(await vault.request('update', 'sys/mounts/secret/tune', { default_lease_ttl: '', max_lease_ttl: '3h' })).toEqual({ status: 204 });
    expect(await tune(vault, 'secret')).toMatchObject({ default_lease_ttl: 3600, max_lease_ttl: 10800 });
    expect(await vault.request('update', 'sys/mounts/secret/tune', { default_lease_ttl: 'system', max_lease_ttl: 'system' })).toEqual({ status: 204 });
    expect(await tune(vault, 'secret')).toMatchObject({ default_lease_ttl: SYSTEM_TTL, max_lease_ttl: SYSTEM_TTL });
    expect((await mountInfo(vault, 'secret')).config).toMatchObject({ default_lease_ttl: 0, max_lease_ttl: 0 });
  });

  it('sets description, the audit and header lists (comma strings split) and listing_visibility; empty values remove them', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/secret/tune', {
      description: 'tuned', audit_non_hmac_request_keys: 'a,b', audit_non_hmac_response_keys: ['c'],
      passthrough_request_headers: 'X-A', allowed_response_headers: ['X-B'], allowed_managed_keys: 'k1,k2', listing_visibility: 'unauth',
    })).toEqual({ status: 204 });
    expect(await tune(vault, 'secret')).toEqual({
      description: 'tuned', default_lease_ttl: SYSTEM_TTL, max_lease_ttl: SYSTEM_TTL, force_no_cache: false,
      audit_non_hmac_request_keys: ['a', 'b'], audit_non_hmac_response_keys: ['c'], listing_visibility: 'unauth',
      passthrough_request_headers: ['X-A'], allowed_response_headers: ['X-B'], allowed_managed_keys: ['k1', 'k2'],
      options: { version: '2' },
    });
    expect((await mountInfo(vault, 'secret')).config).toEqual({
      allowed_managed_keys: ['k1', 'k2'], allowed_response_headers: ['X-B'], audit_non_hmac_request_keys: ['a', 'b'],
      audit_non_hmac_response_keys: ['c'], default_lease_ttl: 0, force_no_cache: false, listing_visibility: 'unauth',
      max_lease_ttl: 0, passthrough_request_headers: ['X-A'],
    });
    expect(await vault.request('update', 'sys/mounts/secret/tune', { listing_visibility: 'hidden' })).toEqual({ status: 204 });
    expect((await tune(vault, 'secret')).listing_visibility).toBe('hidden');
    expect(await vault.request('update', 'sys/mounts/secret/tune', { listing_visibility: '' })).toEqual({ status: 204 });
    expect(await tune(vault, 'secret')).not.toHaveProperty('listing_visibility');
  });

  it('adds an option and deletes it again with an empty value', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/secret/tune', { options: { foo: 'x' } })).toEqual({ status: 204 });
    expect((await mountInfo(vault, 'secret')).options).toEqual({ foo: 'x', version: '2' });
    expect(await vault.request('update', 'sys/mounts/secret/tune', { options: { foo: '' } })).toEqual({ status: 204 });
    expect((await mountInfo(vault, 'secret')).options).toEqual({ version: '2' });
  });

  it('leaves the options alone when the vault CLI sends options: null', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/secret/tune', { options: null, description: 'd' })).toEqual({ status: 204 });
    expect(await mountInfo(vault, 'secret')).toMatchObject({ options: { version: '2' }, description: 'd' });
  });

  it('tunes the mount a sub-path falls in', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/secret/some/sub/tune', { description: 'via sub' })).toEqual({ status: 204 });
    expect((await mountInfo(vault, 'secret')).description).toBe('via sub');
  });

  it('refuses the untunable mounts with cannot tune', async () => {
    const vault = await createVault();
    for (const [path, shown] of [['sys', 'sys/'], ['sys/x', 'sys/x/'], ['cubbyhole', 'cubbyhole/'], ['identity', 'identity/'], ['audit/x', 'audit/x/']]) {
      await refused(vault, 'update', `sys/mounts/${path}/tune`, { description: 'x' }, `cannot tune "${shown}"`);
    }
  });

  it('refuses an unknown mount, TTL errors, a max below the default, token_type and a bad listing_visibility', async () => {
    const vault = await createVault();
    await refused(vault, 'update', 'sys/mounts/nosuch/tune', { description: 'x' }, 'tune of path "nosuch/" failed: no mount entry found');
    await refused(vault, 'update', 'sys/mounts/secret/tune', { default_lease_ttl: 'abc' }, 'time: invalid duration "abc"');
    await refused(vault, 'update', 'sys/mounts/secret/tune', { max_lease_ttl: '10x' }, 'time: unknown unit "x" in duration "10x"');
    await refused(vault, 'update', 'sys/mounts/secret/tune', { default_lease_ttl: '2h', max_lease_ttl: '1h' },
      'backend max lease TTL of 3600 would be less than backend default lease TTL of 7200');
    await refused(vault, 'update', 'sys/mounts/secret/tune', { token_type: 'batch' }, "'token_type' can only be modified on auth mounts");
    await refused(vault, 'update', 'sys/mounts/secret/tune', { listing_visibility: 'bogus' }, 'invalid listing_visibility bogus');
    await refused(vault, 'update', 'sys/mounts/secret/tune', { user_lockout_config: { lockout_threshold: '3' } },
      'tuning of user lockout configuration for auth type "kv" not allowed');
  });

  it('checks a new max against the mount\'s stored default', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/secret/tune', { default_lease_ttl: '2h' });
    await refused(vault, 'update', 'sys/mounts/secret/tune', { max_lease_ttl: '1h' },
      'backend max lease TTL of 3600 would be less than backend default lease TTL of 7200');
  });

  // Vault's tuneMountTTLs compares only when the mount's new default and new max are both non-zero;
  // a max alone on a mount without its own default is accepted (204). (V
  // vault/logical_system_helpers.go tuneMountTTLs, switch on zero).
  it('accepts a max_lease_ttl alone on a mount whose default is unset', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/secret/tune', { max_lease_ttl: '1h' })).toEqual({ status: 204 });
    expect(await tune(vault, 'secret')).toMatchObject({ max_lease_ttl: 3600 });
  });

  it('keeps the fields applied before a later field fails, as Vault does', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/secret/tune', { description: 'applied', listing_visibility: 'bogus' }))
      .toEqual({ status: 400, body: { errors: ['invalid listing_visibility bogus'] } });
    expect((await mountInfo(vault, 'secret')).description).toBe('applied');
  });

  it('refuses an options.version that is not an integer, not 1 or 2, or lower than the current one', async () => {
    const vault = await createVault();
    await refused(vault, 'update', 'sys/mounts/secret/tune', { options: { version: 'x' } }, 'unable to parse options: strconv.ParseInt: parsing "x": invalid syntax');
    await refused(vault, 'update', 'sys/mounts/secret/tune', { options: { version: '3' } }, 'invalid version provided: 3');
    await refused(vault, 'update', 'sys/mounts/secret/tune', { options: { version: '1' } }, 'cannot downgrade mount from version 2');
  });

  it('upgrades a KV v1 mount to v2 with 200 and Vault\'s warning; the v2 paths are then served', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/kv1', { type: 'kv-v1' });
    const uuid = (await mountInfo(vault, 'kv1')).uuid;
    const res = await vault.request('update', 'sys/mounts/kv1/tune', { options: { version: '2' } });
    expect(res.status).toBe(200);
    expect(body(res).warnings).toEqual([WARN_UPGRADE]);
    expect(body(res).data).toBeNull();
    expect((await mountInfo(vault, 'kv1'))).toMatchObject({ uuid, options: { version: '2' } });
    const w = await vault.request('update', 'kv1/data/new', { data: { b: 2 } });
    expect([w.status, data(w).version]).toEqual([200, 1]);
    expect(data(await vault.request('read', 'kv1/data/new')).data).toEqual({ b: 2 });
    // The same version again is no upgrade: 204, no warning.
    expect(await vault.request('update', 'sys/mounts/kv1/tune', { options: { version: '2' } })).toEqual({ status: 204 });
  });

  // Vault's KV v2 upgrade (vault-plugin-secrets-kv upgrade.go Upgrade/upgradeKey) moves every v1
  // key into the versioned layout as version 1.
  it('keeps the KV v1 data across the upgrade as version 1 of each key', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/kv1', { type: 'kv-v1' });
    await vault.request('update', 'kv1/old', { a: '1' });
    await vault.request('update', 'sys/mounts/kv1/tune', { options: { version: '2' } });
    const res = await vault.request('read', 'kv1/data/old');
    expect(res.status).toBe(200);
    expect(data(res)).toMatchObject({ data: { a: '1' }, metadata: { version: 1 } });
  });
});

// ---- remount ----------------------------------------------------------------------------------

describe('remount (POST sys/remount)', () => {
  it('moves a mount: 200 with migration_id and the queued warning; data, uuid and accessor are kept', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/src', { type: 'kv-v1', description: 'moving' });
    await vault.request('update', 'src/app', { a: '1' });
    const before = await mountInfo(vault, 'src');
    const res = await vault.request('update', 'sys/remount', { from: 'src', to: 'dst' });
    expect(res.status).toBe(200);
    const id = data(res).migration_id as string;
    expect(id).toMatch(UUID);
    expect(data(res)).toEqual({ migration_id: id });
    expect(body(res).migration_id).toBe(id);
    expect(body(res).warnings).toEqual([WARN_REMOUNT]);

    const status = await vault.request('read', `sys/remount/status/${id}`);
    expect(status.status).toBe(200);
    expect(data(status)).toEqual({ migration_id: id, migration_info: { source_mount: 'src/', target_mount: 'dst/', status: 'success' } });

    const list = data(await vault.request('read', 'sys/mounts'));
    expect(list).not.toHaveProperty(['src/']);
    expect(list['dst/']).toEqual(before);
    expect(data(await vault.request('read', 'dst/app'))).toEqual({ a: '1' });
    expect(await vault.request('read', 'src/app'))
      .toEqual({ status: 404, body: { errors: ['no handler for route "src/app". route entry not found.'] } });
  });

  it('accepts trailing slashes on both paths', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/src', { type: 'kv-v1' });
    expect((await vault.request('update', 'sys/remount', { from: 'src/', to: 'dst/' })).status).toBe(200);
    expect(data(await vault.request('read', 'sys/mounts'))).toHaveProperty(['dst/']);
  });

  it('answers 404 with an empty error list for an unknown migration id', async () => {
    const vault = await createVault();
    expect(await vault.request('read', 'sys/remount/status/nope')).toEqual({ status: 404, body: { errors: [] } });
  });

  const errors: Array<[Body, string]> = [
    [{}, "both 'from' and 'to' path must be specified as a string"],
    [{ from: 'src' }, "both 'from' and 'to' path must be specified as a string"],
    [{ to: 'dst' }, "both 'from' and 'to' path must be specified as a string"],
    [{ from: ' src', to: 'dst' }, "'from' path cannot contain trailing whitespace"],
    [{ from: 'src ', to: 'dst' }, "'from' path cannot contain trailing whitespace"],
    [{ from: 'src', to: 'dst ' }, "'to' path cannot contain trailing whitespace"],
    [{ from: 'src', to: 'a//b' }, "invalid destination mount: path 'a//b/' does not match cleaned path 'a/b/'"],
    [{ from: 'src', to: 'a/./b' }, "invalid destination mount: path 'a/./b/' does not match cleaned path 'a/b/'"],
    [{ from: 'src', to: 'a\u0001b' }, 'invalid destination mount: path cannot contain non-printable characters'],
    [{ from: 'auth/token', to: 'tok' }, 'cannot remount auth mount to non-auth mount "tok/"'],
    [{ from: 'auth/token', to: 'auth/tok2' }, 'cannot remount "auth/token/"'],
    [{ from: 'auth/nosuch', to: 'auth/token/x' }, 'cannot remount to destination "auth/token/x/"'],
    [{ from: 'sys', to: 'dst' }, 'cannot remount "sys/"'],
    [{ from: 'cubbyhole', to: 'dst' }, 'cannot remount "cubbyhole/"'],
    [{ from: 'identity', to: 'dst' }, 'cannot remount "identity/"'],
    [{ from: 'src', to: 'sys/x' }, 'cannot remount to destination sys/x/'],
    [{ from: 'src', to: 'cubbyhole' }, 'cannot remount to destination cubbyhole/'],
    [{ from: 'src', to: 'auth/foo' }, 'cannot remount to destination auth/foo/'],
    [{ from: 'nope', to: 'dst' }, 'no matching mount at "nope/"'],
    [{ from: 'auth/nope', to: 'auth/dst' }, 'no matching mount at "auth/nope/"'],
    [{ from: 'src', to: 'secret' }, 'path already in use at "secret/"'],
    [{ from: 'src', to: 'secret/sub' }, 'path already in use at "secret/"'],
    [{ from: 'src', to: 'src/sub' }, 'path already in use at "src/"'],
  ];
  for (const [payload, error] of errors) {
    it(`refuses ${JSON.stringify(payload)}: ${error}`, async () => {
      const vault = await createVault();
      await vault.request('update', 'sys/mounts/src', { type: 'kv-v1' });
      await refused(vault, 'update', 'sys/remount', payload, error);
    });
  }

  // Vault cleans the destination with Go's path.Clean, which resolves `..` (path 'a/../b/' does not
  // match cleaned path 'b/') (hashicorp/vault vault/logical_system.go validateMountPath).
  it('refuses a destination with a .. segment as not clean', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/src', { type: 'kv-v1' });
    await refused(vault, 'update', 'sys/remount', { from: 'src', to: 'a/../b' }, "invalid destination mount: path 'a/../b/' does not match cleaned path 'b/'");
  });

  // Vault checks each protected prefix in turn (audit/, auth/, sys/, cubbyhole/, identity/), source
  // then destination for that prefix, so {from: sys, to: audit/x} fails on the destination first (V
  // vault/logical_system.go handleRemount, the protectedMounts loop).
  it('reports a protected destination earlier in protectedMounts before a protected source', async () => {
    const vault = await createVault();
    await refused(vault, 'update', 'sys/remount', { from: 'sys', to: 'audit/x' }, 'cannot remount to destination audit/x/');
  });

  it('needs sudo: a token with update on sys/remount but no sudo is denied; the status read is not sudo', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/src', { type: 'kv-v1' });
    await vault.request('update', 'sys/policies/acl/mover', {
      policy: 'path "sys/remount" { capabilities = ["update", "create"] }\npath "sys/remount/status/*" { capabilities = ["read"] }',
    });
    const token = await vault.createToken({ policies: ['mover'] });
    expect(await vault.request('update', 'sys/remount', { from: 'src', to: 'dst' }, token))
      .toEqual({ status: 403, body: { errors: ['1 error occurred:\n\t* permission denied\n\n'] } });
    const id = data(await vault.request('update', 'sys/remount', { from: 'src', to: 'dst' })).migration_id as string;
    expect((await vault.request('read', `sys/remount/status/${id}`, undefined, token)).status).toBe(200);
  });

  it('moves an auth mount within the auth table, keeping its users and accessor', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/auth/userpass', { type: 'userpass' });
    await vault.request('update', 'auth/userpass/users/alice', { password_hash: GO_HASH });
    const before = data(await vault.request('read', 'sys/auth'))['userpass/'];
    const res = await vault.request('update', 'sys/remount', { from: 'auth/userpass', to: 'auth/people' });
    expect(res.status).toBe(200);
    const status = data(await vault.request('read', `sys/remount/status/${data(res).migration_id}`));
    expect(status.migration_info).toEqual({ source_mount: 'auth/userpass/', target_mount: 'auth/people/', status: 'success' });
    const auth = data(await vault.request('read', 'sys/auth'));
    expect(auth).not.toHaveProperty(['userpass/']);
    expect(auth['people/']).toEqual(before);
    expect((await vault.request('read', 'auth/people/users/alice')).status).toBe(200);
  });
});

// ---- a model of the table ------------------------------------------------------------------------
