// The secrets mount table through core (spec vault-framework-and-mounts.md §2, §1.3, §1.8):
// enable with every applicable error of §2.5 in Vault's order, `options` absent vs null, the
// generic / kv-v1 / kv-v2 aliases, longest-prefix read, disable, tune read and write with their
// errors (§2.8), remount and its status (§2.9), and a stateful property of enable, disable,
// remount and tune against a tiny model. Every refusal is checked to leave both tables alone.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CoreResponse } from '../../src/core/types.js';
import { createVault, type TestVault } from '../../src/testing/index.js';

type Body = Record<string, any>;
type Op = 'read' | 'list' | 'create' | 'update' | 'patch' | 'delete';
const body = (r: CoreResponse) => r.body as Body;
const data = (r: CoreResponse) => body(r).data as Body;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SYSTEM_TTL = 2764800; // 768h, Vault's default and max lease TTL
const KV_VERSION = 'v0.20.0+builtin'; // vault-plugin-secrets-kv in 1.18.1
const IN_TREE_VERSION = 'v1.18.1+builtin.vault';
const WARN_UPGRADE = 'Upgrading mount from version 1 to version 2. This mount will be unavailable for a brief period and will resume service shortly.';
const WARN_REMOUNT = "Mount move has been queued. Progress will be reported in Vault's server log, tagged with the returned migration_id";
const UNSUPPORTED_PATH = '1 error occurred:\n\t* unsupported path\n\n';
const GO_HASH = '$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga'; // bcrypt of "allmine", written by Go

async function tables(vault: TestVault): Promise<{ mounts: Body; auth: Body }> {
  return { mounts: data(await vault.request('read', 'sys/mounts')), auth: data(await vault.request('read', 'sys/auth')) };
}

async function mountInfo(vault: TestVault, path: string): Promise<Body> {
  const res = await vault.request('read', `sys/mounts/${path}`);
  expect(res.status, `read sys/mounts/${path}`).toBe(200);
  return data(res);
}

async function tune(vault: TestVault, path: string): Promise<Body> {
  const res = await vault.request('read', `sys/mounts/${path}/tune`);
  expect(res.status, `read sys/mounts/${path}/tune`).toBe(200);
  return data(res);
}

/** A request Vault refuses: exact status and errors, the minivault header only when asked, and neither table moved. */
async function refused(
  vault: TestVault, op: Op, path: string, payload: Body | undefined, error: string,
  opts: { status?: number; unsupported?: boolean } = {},
): Promise<void> {
  const before = await tables(vault);
  const res = await vault.request(op, path, payload);
  const expected: CoreResponse = { status: opts.status ?? 400, body: { errors: [error] } };
  if (opts.unsupported) expected.headers = { 'x-minivault-unsupported': 'true' };
  expect(res, `${op} ${path} ${JSON.stringify(payload)}`).toEqual(expected);
  expect(await tables(vault), `tables after ${op} ${path}`).toEqual(before);
}

// ---- enable -------------------------------------------------------------------------------------

describe('enable (POST sys/mounts/:path)', () => {
  it('answers 204 and lists the new kv-v1 mount with every mountInfo key, sorted', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/app', { type: 'kv-v1', description: 'app secrets' })).toEqual({ status: 204 });
    const info = data(await vault.request('read', 'sys/mounts'))['app/'] as Body;
    expect(Object.keys(info)).toEqual([
      'accessor', 'config', 'deprecation_status', 'description', 'external_entropy_access', 'local', 'options',
      'plugin_version', 'running_plugin_version', 'running_sha256', 'seal_wrap', 'type', 'uuid',
    ]);
    expect(info).toEqual({
      accessor: expect.stringMatching(/^kv_[0-9a-f]{8}$/),
      config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
      deprecation_status: 'supported', description: 'app secrets', external_entropy_access: false, local: false,
      options: { version: '1' }, plugin_version: '', running_plugin_version: KV_VERSION, running_sha256: '',
      seal_wrap: false, type: 'kv', uuid: expect.stringMatching(UUID),
    });
  });

  it('stores local, seal_wrap, external_entropy_access and the config keys that were set', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/full', {
      type: 'kv-v2', description: 'd', local: true, seal_wrap: true, external_entropy_access: true,
      config: {
        default_lease_ttl: '1h', max_lease_ttl: 7200, force_no_cache: true, listing_visibility: 'hidden',
        passthrough_request_headers: ['X-A', 'X-B'], audit_non_hmac_request_keys: 'a,b',
      },
    })).toEqual({ status: 204 });
    const info = await mountInfo(vault, 'full');
    expect(info).toMatchObject({ local: true, seal_wrap: true, external_entropy_access: true, description: 'd' });
    expect(info.config).toEqual({
      audit_non_hmac_request_keys: ['a', 'b'], default_lease_ttl: 3600, force_no_cache: true,
      listing_visibility: 'hidden', max_lease_ttl: 7200, passthrough_request_headers: ['X-A', 'X-B'],
    });
  });

  it('ignores unknown config keys such as the options: null the vault CLI puts inside config', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/cli/', {
      type: 'kv', description: '', config: { default_lease_ttl: '0s', max_lease_ttl: '0s', options: null, nosuch: 1 }, options: { version: '2' },
    })).toEqual({ status: 204 });
    expect((await mountInfo(vault, 'cli')).config).toEqual({ default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 });
  });

  // Vault's expandStringValsWithCommas runs parseutil.ParseCommaStringSlice on a config string,
  // which trims every item ("a, b" → ["a","b"]) (V vault/logical_system.go
  // expandStringValsWithCommas; go-secure-stdlib parseutil.ParseCommaStringSlice →
  // strutil.TrimStrings).
  it('trims the items of a comma-separated config string', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/hdr', { type: 'kv-v1', config: { passthrough_request_headers: 'X-A, X-B' } });
    expect((await mountInfo(vault, 'hdr')).config.passthrough_request_headers).toEqual(['X-A', 'X-B']);
  });

  // Vault splits only a config *string* on commas; array items are decoded as they are (["x,y"]
  // stays ["x,y"]) (V vault/logical_system.go expandStringValsWithCommas: `case string:` only).
  it('keeps commas inside the items of a config array', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/hdr', { type: 'kv-v1', config: { allowed_response_headers: ['x,y'] } });
    expect((await mountInfo(vault, 'hdr')).config.allowed_response_headers).toEqual(['x,y']);
  });

  it('stores generic as type generic with a generic_ accessor, no deprecation_status, and serves KV v1', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/old', { type: 'generic' })).toEqual({ status: 204 });
    const info = await mountInfo(vault, 'old');
    expect(info.accessor).toMatch(/^generic_[0-9a-f]{8}$/);
    expect(info).toMatchObject({ type: 'generic', options: {}, running_plugin_version: IN_TREE_VERSION });
    expect(info).not.toHaveProperty('deprecation_status');
    expect(await vault.request('update', 'old/app/db', { password: 'p' })).toEqual({ status: 204 });
    expect(data(await vault.request('read', 'old/app/db'))).toEqual({ password: 'p' });
    expect(data(await vault.request('list', 'old/app'))).toEqual({ keys: ['db'] });
  });

  it('lists options {} when the request had no options and null when it sent options: null', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/absent', { type: 'generic' });
    await vault.request('update', 'sys/mounts/nulled', { type: 'generic', options: null });
    await vault.request('update', 'sys/mounts/given', { type: 'generic', options: { foo: 'bar' } });
    const list = data(await vault.request('read', 'sys/mounts'));
    expect(list['absent/'].options).toEqual({});
    expect(list['nulled/'].options).toBeNull();
    expect(list['given/'].options).toEqual({ foo: 'bar' });
  });

  // Vault stores the options of a plain `kv` mount as sent: absent → {} (the field's zero value);
  // it never writes a version (V vault/logical_system.go handleMount `case "kv":` is empty; KV
  // backend.go Factory treats "" as v1 without persisting it; spec §2.3 table and §2.4).
  it('lists options {} for a kv mount enabled without options', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/plain', { type: 'kv' });
    expect((await mountInfo(vault, 'plain')).options).toEqual({});
  });

  // same cause: `options: null` (vault CLI without -version, hvac) stores and lists null for kv in
  // Vault (spec §2.4)
  it('lists options null for a kv mount enabled with options: null', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/plain', { type: 'kv', options: null });
    expect((await mountInfo(vault, 'plain')).options).toBeNull();
  });

  it('stores kv-v2 as type kv with options.version "2" (overriding a sent version, keeping other options) and serves data/', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/v2', { type: 'kv-v2', options: { version: '1', foo: 'bar' } });
    await vault.request('update', 'sys/mounts/v1', { type: 'kv-v1', options: { version: '2' } });
    const v2 = await mountInfo(vault, 'v2');
    expect(v2).toMatchObject({ type: 'kv', options: { foo: 'bar', version: '2' }, deprecation_status: 'supported' });
    expect(v2.accessor).toMatch(/^kv_[0-9a-f]{8}$/);
    expect((await mountInfo(vault, 'v1')).options).toEqual({ version: '1' });
    const w = await vault.request('update', 'v2/data/app', { data: { a: 1 } });
    expect(w.status).toBe(200);
    expect(data(w).version).toBe(1);
    expect(data(await vault.request('read', 'v2/data/app')).data).toEqual({ a: 1 });
  });

  it('refuses a kv options.version other than 1 or 2 as Vault\'s nil backend', async () => {
    const vault = await createVault();
    await refused(vault, 'update', 'sys/mounts/v3', { type: 'kv', options: { version: '3' } }, 'nil backend of type "kv" returned from creation function');
  });

  it('silently ignores unknown body parameters on a 204 enable', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/extra', { type: 'kv-v1', mount_point: 'extra', nosuch: 1 })).toEqual({ status: 204 });
  });
});

describe('enable errors (§2.5), each leaving the tables unchanged', () => {
  const cases: Array<[string, string, Body, string]> = [
    ['config that is not an object fails field validation', 'x', { type: 'kv', config: 'x' },
      'Field validation failed: error converting input x for field "config": \'\' expected a map, got \'string\''],
    ['force_no_cache as a string is not convertible', 'x', { type: 'kv', config: { force_no_cache: 'true' } }, 'unable to convert given mount config information'],
    ['a bool TTL is not convertible', 'x', { type: 'kv', config: { default_lease_ttl: true } }, 'unable to convert given mount config information'],
    ['a header list of objects is not convertible', 'x', { type: 'kv', config: { passthrough_request_headers: [{ a: 1 }] } }, 'unable to convert given mount config information'],
    ['a bad default TTL', 'x', { type: 'kv', config: { default_lease_ttl: 'abc' } }, 'unable to parse default TTL of abc: time: invalid duration "abc"'],
    ['a bad max TTL', 'x', { type: 'kv', config: { max_lease_ttl: '10x' } }, 'unable to parse max TTL of 10x: time: unknown unit "x" in duration "10x"'],
    ['default above max', 'x', { type: 'kv', config: { default_lease_ttl: '2h', max_lease_ttl: '1h' } }, 'given default lease TTL greater than given max lease TTL'],
    ['default above the system max', 'x', { type: 'kv', config: { default_lease_ttl: '769h' } }, 'given default lease TTL greater than system max lease TTL of 2764800'],
    ['no type', 'x', {}, 'backend type must be specified as a string'],
    ['an empty type', 'x', { type: '' }, 'backend type must be specified as a string'],
    ['plugin without plugin_name', 'x', { type: 'plugin' }, 'plugin_name must be provided for plugin backend'],
    ['a version on generic', 'x', { type: 'generic', options: { version: '2' } }, 'secrets engine "generic" does not allow setting a version'],
    ['a version on a Vault builtin minivault lacks', 'x', { type: 'transit', options: { version: '1' } }, 'secrets engine "transit" does not allow setting a version'],
    ['a plugin_version that is not semver', 'x', { type: 'kv', config: { plugin_version: 'bogus' } }, 'version "bogus" is not a valid semantic version: Malformed version: bogus'],
    ['a non-builtin kv version', 'x', { type: 'kv', config: { plugin_version: 'v1.2.3' } }, 'cannot select non-builtin version of secrets plugin kv'],
    ['a bad listing_visibility', 'x', { type: 'kv', config: { listing_visibility: 'bogus' } }, 'invalid listing_visibility bogus'],
    ['a removed builtin', 'x', { type: 'mysql' }, 'could not mount "mysql": mount entry associated with removed builtin'],
    ['sys/', 'sys', { type: 'kv' }, 'cannot mount "sys/"'],
    ['a path under sys/', 'sys/sub', { type: 'kv' }, 'cannot mount "sys/sub/"'],
    ['auth/', 'auth/x', { type: 'kv' }, 'cannot mount "auth/x/"'],
    ['audit/', 'audit', { type: 'kv' }, 'cannot mount "audit/"'],
    ['cubbyhole/', 'cubbyhole', { type: 'kv' }, 'cannot mount "cubbyhole/"'],
    ['identity/', 'identity/x', { type: 'kv' }, 'cannot mount "identity/x/"'],
    ['type cubbyhole', 'c', { type: 'cubbyhole' }, 'mount type of "cubbyhole" is not mountable'],
    ['type system', 'c', { type: 'system' }, 'mount type of "system" is not mountable'],
    ['type token', 'c', { type: 'token' }, 'mount type of "token" is not mountable'],
    ['type identity', 'c', { type: 'identity' }, 'mount type of "identity" is not mountable'],
    ['the path of an existing mount', 'secret', { type: 'kv' }, 'path is already in use at secret/'],
    ['a path under an existing mount', 'secret/foo', { type: 'kv' }, 'path is already in use at secret/'],
    ['a path above an existing mount', 'team', { type: 'kv' }, 'path is already in use at team/app/'],
    ['an unknown type', 'x', { type: 'nosuch' }, 'plugin not found in the catalog: nosuch'],
    ['an auth type used as a secrets engine', 'x', { type: 'userpass' }, 'plugin not found in the catalog: userpass'],
  ];
  for (const [name, path, payload, error] of cases) {
    it(`refuses ${name}: ${error}`, async () => {
      const vault = await createVault();
      await vault.request('update', 'sys/mounts/team/app', { type: 'kv-v1' });
      await refused(vault, 'update', `sys/mounts/${path}`, payload, error);
    });
  }

  it('answers a Vault builtin minivault lacks with 400, its own message and x-minivault-unsupported', async () => {
    const vault = await createVault();
    for (const type of ['consul', 'ssh', 'totp', 'ad', 'database']) {
      await refused(vault, 'update', 'sys/mounts/x', { type },
        `minivault does not implement the secrets engine "${type}" (Vault 1.18.1 ships it as a builtin)`, { unsupported: true });
    }
  });

  // `database` is a core secrets factory in Vault 1.18.1 (command/commands.go logicalBackends; spec
  // §2.3 "Core factories: kv, database, plugin, …"), so enabling it works in Vault and
  // (src/core/sys-enable.ts unknownType only consults the builtin registry, not CORE_MOUNT_TYPES /
  // vaultCanMount).
  it('answers database (a Vault core type) as not implemented by minivault', async () => {
    const vault = await createVault();
    const res = await vault.request('update', 'sys/mounts/db', { type: 'database' });
    expect(res.status).toBe(400);
    expect(res.headers).toEqual({ 'x-minivault-unsupported': 'true' });
    expect(body(res).errors[0]).toMatch(/^minivault does not implement/);
  });

  it('accepts paths that only start like a protected one (cubbyhole2/, system/)', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/cubbyhole2', { type: 'kv-v1' })).toEqual({ status: 204 });
    expect(await vault.request('update', 'sys/mounts/system', { type: 'kv-v1' })).toEqual({ status: 204 });
  });

  const ordered: Array<[string, string, Body, string, boolean?]> = [
    ['bad config before a missing type', 'x', { config: { force_no_cache: 'true' } }, 'unable to convert given mount config information'],
    ['a TTL error before a missing type', 'x', { config: { default_lease_ttl: 'abc' } }, 'unable to parse default TTL of abc: time: invalid duration "abc"'],
    ['default > max before a missing type', 'x', { config: { default_lease_ttl: '2h', max_lease_ttl: '1h' } }, 'given default lease TTL greater than given max lease TTL'],
    ['a missing type before a protected path', 'sys', {}, 'backend type must be specified as a string'],
    ['a version on non-kv before a bad plugin_version', 'x', { type: 'generic', options: { version: '2' }, config: { plugin_version: 'bogus' } }, 'secrets engine "generic" does not allow setting a version'],
    ['a bad plugin_version before a bad listing_visibility', 'x', { type: 'kv', config: { plugin_version: 'bogus', listing_visibility: 'x' } }, 'version "bogus" is not a valid semantic version: Malformed version: bogus'],
    ['a bad listing_visibility before a protected path', 'sys', { type: 'kv', config: { listing_visibility: 'x' } }, 'invalid listing_visibility x'],
    ['a removed builtin before a protected path', 'sys', { type: 'mysql' }, 'could not mount "mysql": mount entry associated with removed builtin'],
    ['a protected path before a singleton type', 'sys', { type: 'cubbyhole' }, 'cannot mount "sys/"'],
    ['a singleton type before a path in use', 'secret', { type: 'system' }, 'mount type of "system" is not mountable'],
    ['a path in use before an unknown type', 'secret', { type: 'nosuch' }, 'path is already in use at secret/'],
    ['a path in use before a builtin minivault lacks (no header)', 'secret/x', { type: 'pki' }, 'path is already in use at secret/'],
    ['a protected path before a builtin minivault lacks (no header)', 'identity', { type: 'pki' }, 'cannot mount "identity/"'],
  ];
  for (const [name, path, payload, error] of ordered) {
    it(`reports ${name}`, async () => {
      const vault = await createVault();
      await refused(vault, 'update', `sys/mounts/${path}`, payload, error);
    });
  }
});

// ---- read -------------------------------------------------------------------------------------

describe('read (GET sys/mounts[/:path])', () => {
  it('reads the mount that longest-prefix-matches the path, also injected at top level', async () => {
    const vault = await createVault();
    const listed = data(await vault.request('read', 'sys/mounts'))['secret/'];
    for (const path of ['secret', 'secret/', 'secret/foo', 'secret/data/a/b']) {
      const res = await vault.request('read', `sys/mounts/${path}`);
      expect(res.status).toBe(200);
      expect(data(res)).toEqual(listed);
      expect(body(res).type).toBe('kv');
      expect(body(res).uuid).toBe(listed.uuid);
    }
  });

  it('reads an auth mount through sys/mounts/auth/<path>', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/auth/userpass', { type: 'userpass' })).toEqual({ status: 204 });
    const viaMounts = await mountInfo(vault, 'auth/userpass');
    expect(viaMounts).toEqual(data(await vault.request('read', 'sys/auth'))['userpass/']);
    expect(viaMounts.type).toBe('userpass');
  });

  it('answers 400 No secret engine mount for a path no mount covers', async () => {
    const vault = await createVault();
    await refused(vault, 'read', 'sys/mounts/nope', undefined, 'No secret engine mount at nope/');
    await refused(vault, 'read', 'sys/mounts/nope/deeper', undefined, 'No secret engine mount at nope/deeper/');
    await refused(vault, 'read', 'sys/mounts/secretfoo', undefined, 'No secret engine mount at secretfoo/');
  });

  it('lists mounts with the unknown-parameter warning of the framework', async () => {
    const vault = await createVault();
    const res = await vault.request('read', 'sys/mounts', { foo: '1' });
    expect(res.status).toBe(200);
    expect(body(res).warnings).toEqual(['Endpoint ignored these unrecognized parameters: [foo]']);
    expect(Object.keys(data(res))).toEqual(['cubbyhole/', 'identity/', 'secret/', 'sys/']);
  });

  it('has no LIST route on sys/mounts (404 unsupported path)', async () => {
    const vault = await createVault();
    const res = await vault.request('list', 'sys/mounts');
    expect([res.status, res.body]).toEqual([404, { errors: [UNSUPPORTED_PATH] }]);
  });
});

// ---- disable ----------------------------------------------------------------------------------

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
  // return nil, nil; spec §2.7 first bullet).
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
  // match cleaned path 'b/') (V vault/logical_system.go validateMountPath; spec §2.9).
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

type MountType = 'kv-v1' | 'kv-v2' | 'generic';
type Cmd =
  | { kind: 'enable'; p: string; type: MountType; desc: string }
  | { kind: 'disable'; p: string }
  | { kind: 'remount'; from: string; to: string }
  | { kind: 'tune'; p: string; desc: string };

interface Row { type: string; options: Record<string, string>; description: string; uuid?: string }

const PATHS = ['pa', 'pb', 'pc', 'pa/x'];
const path = fc.constantFrom(...PATHS);
const desc = fc.constantFrom('', 'one', 'two');
const command: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ kind: fc.constant('enable' as const), p: path, type: fc.constantFrom<MountType>('kv-v1', 'kv-v2', 'generic'), desc }),
  fc.record({ kind: fc.constant('disable' as const), p: path }),
  fc.record({ kind: fc.constant('remount' as const), from: fc.constantFrom('pa', 'pb', 'pc'), to: path }),
  fc.record({ kind: fc.constant('tune' as const), p: path, desc }),
);

const ROW_OF: Record<MountType, { type: string; options: Record<string, string> }> = {
  'kv-v1': { type: 'kv', options: { version: '1' } },
  'kv-v2': { type: 'kv', options: { version: '2' } },
  generic: { type: 'generic', options: {} },
};

/** The model's mount (full path with `/`) that conflicts with `p/`: equal, above or below it. */
const conflictIn = (model: Map<string, Row>, p: string) => [...model.keys()].find((m) => m.startsWith(p) || p.startsWith(m));
/** Longest model mount that is a prefix of `p/`. */
const routeIn = (model: Map<string, Row>, p: string) => [...model.keys()].filter((m) => p.startsWith(m)).sort((a, b) => b.length - a.length)[0];

describe('the secrets mount table against a model', () => {
  it('answers every enable, disable, remount and tune as the model predicts, and lists what the model holds', async () => {
    const vault = await createVault({ seed: 11 });
    await fc.assert(fc.asyncProperty(fc.array(command, { maxLength: 14 }), async (cmds) => {
      await vault.reset();
      const model = new Map<string, Row>();
      for (const c of cmds) {
        if (c.kind === 'enable') {
          const p = `${c.p}/`;
          const res = await vault.request('update', `sys/mounts/${c.p}`, { type: c.type, description: c.desc });
          const taken = conflictIn(model, p);
          if (taken) {
            expect(res).toEqual({ status: 400, body: { errors: [`path is already in use at ${taken}`] } });
          } else {
            expect(res).toEqual({ status: 204 });
            model.set(p, { ...ROW_OF[c.type], description: c.desc });
          }
        } else if (c.kind === 'disable') {
          expect(await vault.request('delete', `sys/mounts/${c.p}`)).toEqual({ status: 204 });
          model.delete(`${c.p}/`);
        } else if (c.kind === 'remount') {
          const from = `${c.from}/`;
          const to = `${c.to}/`;
          const res = await vault.request('update', 'sys/remount', { from: c.from, to: c.to });
          const source = routeIn(model, from);
          const taken = conflictIn(model, to);
          if (!source) {
            expect(res).toEqual({ status: 400, body: { errors: [`no matching mount at "${from}"`] } });
          } else if (taken) {
            expect(res).toEqual({ status: 400, body: { errors: [`path already in use at "${taken}"`] } });
          } else {
            expect(res.status).toBe(200);
            const row = model.get(from)!;
            model.delete(from);
            model.set(to, row);
          }
        } else {
          const target = routeIn(model, `${c.p}/`);
          const res = await vault.request('update', `sys/mounts/${c.p}/tune`, { description: c.desc });
          if (!target) {
            expect(res).toEqual({ status: 400, body: { errors: [`tune of path "${c.p}/" failed: no mount entry found`] } });
          } else {
            expect(res).toEqual({ status: 204 });
            model.get(target)!.description = c.desc;
          }
        }
        const listed = data(await vault.request('read', 'sys/mounts'));
        const ours = Object.keys(listed).filter((k) => !['cubbyhole/', 'identity/', 'secret/', 'sys/'].includes(k)).sort();
        expect(ours).toEqual([...model.keys()].sort());
        for (const [p, row] of model) {
          const info = listed[p] as Body;
          expect({ type: info.type, options: info.options, description: info.description }).toEqual({ type: row.type, options: row.options, description: row.description });
          // A mount keeps its uuid through tunes and remounts.
          row.uuid ??= info.uuid as string;
          expect(info.uuid).toBe(row.uuid);
        }
      }
    }), { numRuns: 60 });
  });
});
