// The mount tables over the wire with a real client: node-vault (npm) against `startVault()`.
// node-vault's commands (node_modules/node-vault/src/commands.js): mounts GET /sys/mounts,
// mount POST /sys/mounts/{{mount_point}}, unmount DELETE, remount POST /sys/remount, auths GET
// /sys/auth, enableAuth POST /sys/auth/{{mount_point}}, disableAuth DELETE; help(path) is
// GET /<path>?help=1 (src/index.js). Commands without a schema post all their arguments,
// mount_point included, which Vault ignores. A 204 resolves to the empty body ''.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeVault from 'node-vault';
import { startVault, type StartedVault } from '../../src/testing/index.js';

type Body = Record<string, any>;
const WARN_REMOUNT = "Mount move has been queued. Progress will be reported in Vault's server log, tagged with the returned migration_id";
const ENVELOPE_KEYS = ['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth', 'mount_type'];

describe('node-vault mount and auth commands against a dev server', () => {
  let v: StartedVault;
  let client: ReturnType<typeof NodeVault>;
  beforeAll(async () => {
    v = await startVault({ seed: 5 });
    client = NodeVault({ endpoint: v.url, token: v.rootToken });
  });
  afterAll(async () => { await v.close(); });

  it('mounts() answers the listing injected at top level and under data', async () => {
    const mounts = await client.mounts() as Body;
    expect(Object.keys(mounts)).toEqual(['cubbyhole/', 'identity/', 'secret/', 'sys/', ...ENVELOPE_KEYS]);
    expect(mounts['secret/']).toEqual(mounts.data['secret/']);
    expect(mounts['secret/']).toMatchObject({ type: 'kv', options: { version: '2' }, running_plugin_version: 'v0.20.0+builtin' });
    expect(mounts.data['sys/']).toMatchObject({ type: 'system', seal_wrap: true });
    expect(mounts.mount_type).toBe('system');
  });

  it('mount() enables an engine (204 → \'\'), nested paths included, and unmount() disables it', async () => {
    expect(await client.mount({ mount_point: 'team/app', type: 'kv', description: 'from node-vault', options: { version: '2' } })).toBe('');
    const row = (await client.mounts() as Body)['team/app/'];
    expect(row).toMatchObject({ type: 'kv', description: 'from node-vault', options: { version: '2' } });
    expect(row.accessor).toMatch(/^kv_[0-9a-f]{8}$/);
    await client.write('team/app/data/db', { data: { password: 'p' } });
    expect((await client.read('team/app/data/db') as Body).data.data).toEqual({ password: 'p' });
    expect(await client.unmount({ mount_point: 'team/app' })).toBe('');
    expect(await client.mounts() as Body).not.toHaveProperty(['team/app/']);
  });

  it('mount() rejects with Vault\'s error text for a refused enable', async () => {
    await expect(client.mount({ mount_point: 'secret', type: 'kv' })).rejects.toThrow('path is already in use at secret/');
    await expect(client.mount({ mount_point: 'x', type: 'nosuch' })).rejects.toThrow('plugin not found in the catalog: nosuch');
    const err = await client.mount({ mount_point: 't', type: 'ssh' }).catch((e: unknown) => e) as { message: string; response: { statusCode: number; body: Body } };
    expect(err.message).toBe('minivault does not implement the secrets engine "ssh" (Vault 1.18.1 ships it as a builtin)');
    expect(err.response.statusCode).toBe(400);
    expect(err.response.body).toEqual({ errors: [err.message] });
  });

  it('remount({ from, to }) resolves with migration_id (top level and data) and the queued warning; the data moves', async () => {
    await client.mount({ mount_point: 'src', type: 'kv', options: { version: '1' } });
    await client.write('src/app', { a: '1' });
    const res = await client.remount({ from: 'src', to: 'dst' }) as Body;
    expect(Object.keys(res)).toEqual(['migration_id', ...ENVELOPE_KEYS]);
    expect(res.migration_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(res.data).toEqual({ migration_id: res.migration_id });
    expect(res.warnings).toEqual([WARN_REMOUNT]);
    const status = await client.read(`sys/remount/status/${res.migration_id}`) as Body;
    expect(status.data.migration_info).toEqual({ source_mount: 'src/', target_mount: 'dst/', status: 'success' });
    expect((await client.read('dst/app') as Body).data).toEqual({ a: '1' });
    await expect(client.read('src/app')).rejects.toThrow('no handler for route "src/app". route entry not found.');
    await expect(client.remount({ from: 'nope', to: 'x' })).rejects.toThrow('no matching mount at "nope/"');
    await client.unmount({ mount_point: 'dst' });
  });

  it('auths() lists token/ with its token_type; enableAuth() and disableAuth() manage userpass', async () => {
    const before = await client.auths() as Body;
    expect(Object.keys(before)).toEqual(['token/', ...ENVELOPE_KEYS]);
    expect(before['token/']).toMatchObject({ type: 'token', config: { token_type: 'default-service' }, options: null });
    expect(await client.enableAuth({ mount_point: 'people', type: 'userpass', description: 'humans' })).toBe('');
    const after = await client.auths() as Body;
    expect(after['people/']).toEqual(after.data['people/']);
    expect(after['people/']).toMatchObject({
      type: 'userpass', description: 'humans', deprecation_status: 'supported', running_plugin_version: 'v1.18.1+builtin.vault',
      config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false, token_type: 'default-service' },
    });
    expect(after['people/'].accessor).toMatch(/^auth_userpass_[0-9a-f]{8}$/);
    await client.write('auth/people/users/alice', { password: 'pw', token_policies: 'default' });
    const login = await client.userpassLogin({ mount_point: 'people', username: 'alice', password: 'pw' }) as Body;
    expect(login.auth).toMatchObject({ metadata: { username: 'alice' }, lease_duration: 2764800, token_type: 'service' });
    client.token = v.rootToken; // userpassLogin switched the client to the new token
    await expect(client.enableAuth({ mount_point: 'token', type: 'userpass' })).rejects.toThrow('path is already in use at token/');
    await expect(client.disableAuth({ mount_point: 'token' })).rejects.toThrow('token credential backend cannot be disabled');
    expect(await client.disableAuth({ mount_point: 'people' })).toBe('');
    expect(Object.keys(await client.auths() as Body)).toEqual(['token/', ...ENVELOPE_KEYS]);
  });

  it('help(path) answers the bare {help, openapi, see_also} object', async () => {
    const kv = await client.help('secret/data/x') as Body;
    expect(Object.keys(kv).sort()).toEqual(['help', 'openapi', 'see_also']);
    expect(kv.see_also).toBeNull();
    expect(kv.help).toMatch(/^Request: {8}data\/x\nMatching Route: /);
    expect(kv.openapi).toMatchObject({ openapi: '3.0.2', info: { title: 'HashiCorp Vault API', version: '1.18.1' } });
    const sys = await client.help('sys/mounts') as Body;
    expect(sys.help).toMatch(/^Request: {8}mounts\nMatching Route: \^mounts\$\n\nList the currently mounted backends\./);
    await expect(client.help('nosuch/x')).rejects.toThrow('no handler for route "nosuch/x". route entry not found.');
  });
});
