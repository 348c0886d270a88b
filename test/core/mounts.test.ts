// sys/mounts through core (hashicorp/vault vault/logical_system.go handleMount*, vault/mount.go): enable, list, read, tune, disable, conflicts,
// protected paths, the kv-v2 alias, data removal on disable, the CLI's preflight endpoint, and a
// stateful property checking core against a tiny model of mounts and KV keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';

type Body = Record<string, unknown>;
const body = (res: { body?: unknown }) => res.body as Body;
const MULTI_DENIED = '1 error occurred:\n\t* permission denied\n\n';

describe('sys/mounts', () => {
  it('enables a kv mount (204), lists it and reads it with sorted mount-info keys', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/mounts/app', { type: 'kv', description: 'app secrets' })).toEqual({ status: 204 });
    const list = body(await vault.request('read', 'sys/mounts'));
    expect(Object.keys(list.data as Body)).toEqual(['app/', 'cubbyhole/', 'identity/', 'secret/', 'sys/']);
    const info = (list.data as Body)['app/'] as Body;
    expect(Object.keys(info)).toEqual([...Object.keys(info)].sort());
    expect(info).toMatchObject({ type: 'kv', description: 'app secrets', options: {}, deprecation_status: 'supported' });
    expect(info.accessor).toMatch(/^kv_[0-9a-f]{8}$/);
    expect((list.data as Body)['sys/']).toMatchObject({ type: 'system', config: { passthrough_request_headers: ['Accept'] } });
    const read = await vault.request('read', 'sys/mounts/app');
    expect(read.status).toBe(200);
    expect((body(read).data as Body).uuid).toBe(info.uuid);
  });

  it('answers 400 No secret engine mount for a read of an unknown mount', async () => {
    const vault = await createVault();
    expect(await vault.request('read', 'sys/mounts/nope')).toEqual({ status: 400, body: { errors: ['No secret engine mount at nope/'] } });
  });

  it('stores kv-v2 as type kv with options.version 2 and serves data/ paths', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/v2', { type: 'kv-v2' });
    const info = body(await vault.request('read', 'sys/mounts/v2'));
    expect(info).toMatchObject({ type: 'kv', options: { version: '2' } });
    expect((await vault.request('update', 'v2/data/k', { data: { a: 1 } })).status).toBe(200);
    expect(body(await vault.request('read', 'v2/data/k')).mount_type).toBe('kv');
  });

  it('refuses a mount that equals, contains or is under an existing one', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/team/app', { type: 'kv' });
    const cases: Array<[string, string]> = [['team/app', 'team/app/'], ['team', 'team/app/'], ['team/app/sub', 'team/app/'], ['secret', 'secret/']];
    for (const [path, existing] of cases) {
      expect(await vault.request('update', `sys/mounts/${path}`, { type: 'kv' }), path)
        .toEqual({ status: 400, body: { errors: [`path is already in use at ${existing}`] } });
    }
  });

  it('refuses protected paths, singleton types, unknown types, a missing type and versions on non-kv', async () => {
    const vault = await createVault();
    for (const p of ['sys', 'auth/x', 'cubbyhole', 'identity', 'audit']) {
      expect(await vault.request('update', `sys/mounts/${p}`, { type: 'kv' })).toEqual({ status: 400, body: { errors: [`cannot mount "${p}/"`] } });
    }
    expect(await vault.request('update', 'sys/mounts/c2', { type: 'cubbyhole' }))
      .toEqual({ status: 400, body: { errors: ['mount type of "cubbyhole" is not mountable'] } });
    expect((await vault.request('update', 'sys/mounts/db', { type: 'database' })).status).toBe(400);
    expect(await vault.request('update', 'sys/mounts/x', {})).toEqual({ status: 400, body: { errors: ['backend type must be specified as a string'] } });
    expect(await vault.request('update', 'sys/mounts/x', { type: 'database', options: { version: '2' } }))
      .toEqual({ status: 400, body: { errors: ['secrets engine "database" does not allow setting a version'] } });
    expect(await vault.request('delete', 'sys/mounts/sys')).toEqual({ status: 400, body: { errors: ['cannot unmount "sys/"'] } });
    expect(Object.keys(body(await vault.request('read', 'sys/mounts')).data as Body)).toEqual(['cubbyhole/', 'identity/', 'secret/', 'sys/']);
  });

  it('tunes lease TTLs and description and reads the effective values', async () => {
    const vault = await createVault();
    expect(body(await vault.request('read', 'sys/mounts/secret/tune')))
      .toMatchObject({ default_lease_ttl: 2764800, max_lease_ttl: 2764800, force_no_cache: false, options: { version: '2' } });
    expect(await vault.request('update', 'sys/mounts/secret/tune', { default_lease_ttl: '1h', description: 'tuned' })).toEqual({ status: 204 });
    const tuned = body(await vault.request('read', 'sys/mounts/secret/tune'));
    expect(tuned).toMatchObject({ default_lease_ttl: 3600, max_lease_ttl: 2764800, description: 'tuned' });
    expect((body(await vault.request('read', 'sys/mounts/secret')).config as Body).default_lease_ttl).toBe(3600);
    expect(await vault.request('update', 'sys/mounts/sys/tune', { default_lease_ttl: '1h' }))
      .toEqual({ status: 400, body: { errors: ['cannot tune "sys/"'] } });
  });

  it('disables a mount (204, also when absent) and a re-enabled mount has none of the old data', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/tmp', { type: 'kv-v2' });
    await vault.request('update', 'tmp/data/old', { data: { a: 1 } });
    const uuid = String(body(await vault.request('read', 'sys/mounts/tmp')).uuid);
    const underMount = async () => Object.keys(await vault.dump()).filter((k) => k.startsWith(`logical/${uuid}/`));
    expect((await underMount()).length).toBeGreaterThan(0);
    expect(await vault.request('delete', 'sys/mounts/tmp')).toEqual({ status: 204 });
    expect(await underMount()).toEqual([]);
    expect(await vault.request('read', 'tmp/data/old'))
      .toEqual({ status: 404, body: { errors: ['no handler for route "tmp/data/old". route entry not found.'] } });
    expect(await vault.request('delete', 'sys/mounts/tmp')).toEqual({ status: 204 });
    await vault.request('update', 'sys/mounts/tmp', { type: 'kv-v2' });
    expect(await vault.request('read', 'tmp/data/old')).toEqual({ status: 404, body: { errors: [] } });
  });

  it('keeps mounts across a seal and unseal', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/keep', { type: 'kv' });
    await vault.request('update', 'keep/k', { a: '1' });
    await vault.seal();
    await vault.unseal();
    expect((body(await vault.request('read', 'keep/k')).data as Body)).toEqual({ a: '1' });
  });
});

describe('sys/internal/ui/mounts preflight', () => {
  it('answers the mount with its path to a token with access under the mount', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/policies/acl/r', { policy: 'path "secret/data/app/*" { capabilities = ["read"] }' });
    const token = await vault.createToken({ policies: ['r'] });
    const res = await vault.request('read', 'sys/internal/ui/mounts/secret/app/x', undefined, token);
    expect(res.status).toBe(200);
    expect(body(res).data).toMatchObject({ path: 'secret/', type: 'kv', options: { version: '2' } });
    expect((await vault.request('read', 'sys/internal/ui/mounts/secret/x')).status).toBe(200);
  });

  it('answers 403 with the preflight message without access, without a token or for no mount', async () => {
    const vault = await createVault();
    const token = await vault.createToken({ policies: ['default'] });
    const preflight = (p: string) => ({
      status: 403,
      body: { errors: [`preflight capability check returned 403, please ensure client's policies grant access to path "${p}"`] },
    });
    // The refusal names the asked path, sanitized (vault/logical_system.go sanitizePath), not the mount.
    expect(await vault.request('read', 'sys/internal/ui/mounts/secret/x', undefined, token)).toEqual(preflight('secret/x/'));
    expect(await vault.request('read', 'sys/internal/ui/mounts/secret/x', undefined, '')).toEqual(preflight('secret/x/'));
    expect(await vault.request('read', 'sys/internal/ui/mounts/nomount')).toEqual(preflight('nomount/'));
  });
});

// ---- stateful property --------------------------------------------------------------------------

type Cmd =
  | { kind: 'mount'; m: string }
  | { kind: 'unmount'; m: string }
  | { kind: 'write'; m: string; k: string; v: number }
  | { kind: 'read'; m: string; k: string };

const mountName = fc.constantFrom('pa', 'pb', 'pc');
const keyName = fc.constantFrom('k1', 'k2', 'dir/k3');
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ kind: fc.constant('mount' as const), m: mountName }),
  fc.record({ kind: fc.constant('unmount' as const), m: mountName }),
  fc.record({ kind: fc.constant('write' as const), m: mountName, k: keyName, v: fc.integer({ min: 0, max: 99 }) }),
  fc.record({ kind: fc.constant('read' as const), m: mountName, k: keyName }),
);

describe('core against a model of mounts and KV v2 keys', () => {
  it('answers every mount, unmount, write and read as the model predicts', async () => {
    const vault = await createVault({ seed: 1 });
    await fc.assert(fc.asyncProperty(fc.array(cmd, { maxLength: 25 }), async (cmds) => {
      await vault.reset(); // also drops the policy and token below, so both are made per run
      await vault.request('update', 'sys/policies/acl/rw', { policy: 'path "+/data/*" { capabilities = ["create", "read", "update"] }' });
      const user = await vault.createToken({ policies: ['rw'] });
      const model = new Map<string, Map<string, number>>();
      for (const c of cmds) {
        const mounted = model.get(c.m);
        if (c.kind === 'mount') {
          const res = await vault.request('update', `sys/mounts/${c.m}`, { type: 'kv-v2' });
          if (mounted) expect(res).toEqual({ status: 400, body: { errors: [`path is already in use at ${c.m}/`] } });
          else expect(res).toEqual({ status: 204 });
          if (!mounted) model.set(c.m, new Map());
        } else if (c.kind === 'unmount') {
          expect(await vault.request('delete', `sys/mounts/${c.m}`)).toEqual({ status: 204 });
          model.delete(c.m);
        } else if (c.kind === 'write') {
          const res = await vault.request('update', `${c.m}/data/${c.k}`, { data: { v: c.v } }, user);
          if (!mounted) {
            expect(res).toEqual({ status: 404, body: { errors: [`no handler for route "${c.m}/data/${c.k}". route entry not found.`] } });
          } else {
            expect(res.status).toBe(200);
            mounted.set(c.k, c.v);
          }
        } else {
          const path = `${c.m}/data/${c.k}`;
          const asRoot = await vault.request('read', path);
          const asUser = await vault.request('read', path, undefined, user);
          if (!mounted) {
            expect(asRoot).toEqual({ status: 404, body: { errors: [`no handler for route "${path}". route entry not found.`] } });
            expect(asUser.status).toBe(404);
          } else if (!mounted.has(c.k)) {
            expect(asRoot).toEqual({ status: 404, body: { errors: [] } });
          } else {
            for (const res of [asRoot, asUser]) {
              expect(res.status).toBe(200);
              expect(((body(res).data as Body).data as Body)).toEqual({ v: mounted.get(c.k) });
            }
          }
        }
      }
      const listed = Object.keys(body(await vault.request('read', 'sys/mounts')).data as Body).filter((p) => /^p[abc]\/$/.test(p));
      expect(listed.sort()).toEqual([...model.keys()].map((m) => m + '/').sort());
    }), { numRuns: 40 });
  });

  it('refuses a token without a policy on a missing mount with 403, not 404', async () => {
    const vault = await createVault();
    const token = await vault.createToken({ policies: ['default'] });
    expect(await vault.request('update', 'pa/data/k', { data: {} }, token)).toEqual({ status: 403, body: { errors: [MULTI_DENIED] } });
  });
});
