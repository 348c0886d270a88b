// The secrets mount table through core (vault/logical_system.go, vault/mount.go):
// enable with every applicable error in Vault's order, `options` absent vs null, the
// generic / kv-v1 / kv-v2 aliases, longest-prefix read, and a stateful property of enable,
// disable, remount and tune against a tiny model. Every refusal is checked to leave both tables
// alone. Disable, tune and remount are in sys-mount-change.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';
import { tables, mountInfo, tune, refused, UUID, KV_VERSION, IN_TREE_VERSION, UNSUPPORTED_PATH, body, data, type Body } from './sys-mount-helpers.js';

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
  // backend.go Factory treats "" as v1 without persisting it).
  it('lists options {} for a kv mount enabled without options', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/plain', { type: 'kv' });
    expect((await mountInfo(vault, 'plain')).options).toEqual({});
  });

  // same cause: `options: null` (vault CLI without -version, hvac) stores and lists null for kv in
  // Vault (hashicorp/vault vault/logical_system.go handleMount)
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

describe('enable errors, each leaving the tables unchanged', () => {
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

  // `database` is a core secrets factory in Vault 1.18.1 (hashicorp/vault command/commands.go
  // logicalBackends: kv, database, plugin, …), so enabling it works in Vault and
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
