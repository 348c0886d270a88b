import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, PolicyStore, RESPONSE_WRAPPING_POLICY } from '../../src/auth/index.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { failure, fixture, makeAuth } from './helpers.js';

describe('PolicyStore', () => {
  it('writes Vault\'s default and response-wrapping policies on first use and lists only default', async () => {
    const storage = new MemoryStorage();
    const store = new PolicyStore({ storage });
    expect(await store.list()).toEqual(['default']);
    expect((await store.get('default'))!.raw).toBe(DEFAULT_POLICY);
    expect((await store.get('response-wrapping'))!.raw).toBe(RESPONSE_WRAPPING_POLICY);
    expect(storage.entries().map(([k]) => k).sort()).toEqual(['policy/default', 'policy/response-wrapping']);
  });

  it('stores Vault\'s PolicyEntry JSON and reads it back in a fresh store', async () => {
    const storage = new MemoryStorage();
    await new PolicyStore({ storage }).put('App', 'path "a" { capabilities = ["read"] }');
    const json = JSON.parse(new TextDecoder().decode((await storage.get('policy/app'))!));
    expect(json).toEqual({ Version: 2, Raw: 'path "a" { capabilities = ["read"] }', Type: 0 });
    const again = new PolicyStore({ storage });
    expect((await again.get('APP'))!.paths[0]!.path).toBe('a');
  });

  it('never resets a user-overwritten default policy', async () => {
    const storage = new MemoryStorage();
    await new PolicyStore({ storage }).put('default', 'path "x" { capabilities = ["read"] }');
    expect((await new PolicyStore({ storage }).get('default'))!.raw).toBe('path "x" { capabilities = ["read"] }');
  });

  it('refuses to write or delete the fixed policies with Vault\'s messages', async () => {
    const store = new PolicyStore({ storage: new MemoryStorage() });
    expect(await failure(() => store.put('root', 'path "a" {}'))).toEqual({ status: 400, message: 'cannot update "root" policy' });
    expect(await failure(() => store.put('Response-Wrapping', ''))).toEqual({ status: 400, message: 'cannot update "response-wrapping" policy' });
    expect(await failure(() => store.delete('root'))).toEqual({ status: 400, message: 'cannot delete "root" policy' });
    expect(await failure(() => store.delete(' Default '))).toEqual({ status: 400, message: 'cannot delete default policy' });
  });

  it('reports a parse error before the fixed-name check, and changes nothing on a bad policy', async () => {
    const storage = new MemoryStorage();
    const store = new PolicyStore({ storage });
    await store.setup();
    const before = storage.entries();
    expect((await failure(() => store.put('root', 'nope'))).message).toMatch(/^failed to parse policy: /);
    expect((await failure(() => store.put('app', 'path "a" { capabilities = ["x"] }'))).status).toBe(400);
    expect(storage.entries()).toEqual(before);
  });

  it('deleting an absent policy succeeds', async () => {
    const store = new PolicyStore({ storage: new MemoryStorage() });
    await expect(store.delete('never-there')).resolves.toBeUndefined();
  });

  it('rebuilds a cached ACL when a policy changes', async () => {
    const store = new PolicyStore({ storage: new MemoryStorage() });
    await store.put('app', 'path "a" { capabilities = ["read"] }');
    const first = await store.acl(['app', 'default']);
    expect(await store.acl(['default', 'APP'])).toBe(first);
    expect(first.allowOperation('a', 'read').allowed).toBe(true);
    await store.put('app', 'path "a" { capabilities = ["list"] }');
    expect((await store.acl(['app', 'default'])).allowOperation('a', 'read').allowed).toBe(false);
    await store.delete('app');
    expect((await store.acl(['app'])).allowOperation('a', 'list').allowed).toBe(false);
  });

  it('rebuilds the ACL of a frozen policy list (a shared token entry) when a policy changes', async () => {
    const store = new PolicyStore({ storage: new MemoryStorage() });
    await store.put('app', 'path "a" { capabilities = ["read"] }');
    const policies = Object.freeze(['app', 'default']);
    const first = await store.acl(policies);
    expect(await store.acl(policies)).toBe(first);
    await store.put('app', 'path "a" { capabilities = ["list"] }');
    const second = await store.acl(policies);
    expect(second).not.toBe(first);
    expect(second.allowOperation('a', 'read').allowed).toBe(false);
  });

  it('does not remember an ACL by a list that can still change', async () => {
    const store = new PolicyStore({ storage: new MemoryStorage() });
    await store.put('app', 'path "a" { capabilities = ["read"] }');
    const policies = ['default'];
    expect((await store.acl(policies)).allowOperation('a', 'read').allowed).toBe(false);
    policies.push('app');
    expect((await store.acl(policies)).allowOperation('a', 'read').allowed).toBe(true);
  });

  it('keeps list, get and the ACL consistent with a model under random writes and deletes', async () => {
    const name = fc.constantFrom('app', 'App', 'kgc-read', 'ops', 'default', 'root', 'response-wrapping');
    const action = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), name, cap: fc.constantFrom('read', 'list', 'write!') }),
      fc.record({ kind: fc.constant('delete' as const), name }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 12 }), async (actions) => {
        const store = new PolicyStore({ storage: new MemoryStorage() });
        const model = new Map<string, string>([['default', 'builtin']]);
        for (const a of actions) {
          const n = a.name.toLowerCase();
          const fixed = ['root', 'response-wrapping'].includes(n);
          if (a.kind === 'put') {
            const ok = a.cap !== 'write!' && !fixed;
            const attempt = store.put(a.name, `path "p" { capabilities = ["${a.cap}"] }`);
            if (ok) {
              await attempt;
              model.set(n, a.cap);
            } else {
              await expect(attempt).rejects.toMatchObject({ status: 400 });
            }
          } else if (fixed || n === 'default') {
            await expect(store.delete(a.name)).rejects.toMatchObject({ status: 400 });
          } else {
            await store.delete(a.name);
            model.delete(n);
          }
        }
        expect(await store.list()).toEqual([...model.keys()].sort());
        for (const [n, cap] of model) {
          if (cap === 'builtin') continue;
          expect((await store.acl([n])).capabilities('p')).toEqual([cap]);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('sys/policies/acl and sys/policy', () => {
  it('lists stored names sorted with root appended last', async () => {
    const { sys } = await makeAuth();
    await sys('policies/acl/kgc-read', 'update', { policy: fixture('kgc-read.hcl') });
    expect(await sys('policies/acl/', 'list')).toEqual({ data: { keys: ['default', 'kgc-read', 'root'] } });
    expect(await sys('policies/acl', 'list')).toEqual({ data: { keys: ['default', 'kgc-read', 'root'] } });
  });

  it('reads, writes (204) and deletes (204) a policy', async () => {
    const { sys } = await makeAuth();
    const text = fixture('kgc-rotate.hcl');
    expect(await sys('policies/acl/kgc-rotate', 'update', { policy: text })).toBeNull();
    expect(await sys('policies/acl/kgc-rotate', 'read')).toEqual({ data: { name: 'kgc-rotate', policy: text } });
    expect(await sys('policies/acl/kgc-rotate', 'delete')).toBeNull();
    expect(await sys('policies/acl/kgc-rotate', 'read')).toBeNull();
    expect(await sys('policies/acl/never', 'delete')).toBeNull();
  });

  it('lower-cases the name from the path', async () => {
    const { sys } = await makeAuth();
    await sys('policies/acl/MyPol', 'update', { policy: 'path "a" {}' });
    expect(await sys('policies/acl/mypol', 'read')).toEqual({ data: { name: 'mypol', policy: 'path "a" {}' } });
  });

  it('decodes a base64 policy before parsing it', async () => {
    const { sys } = await makeAuth();
    const text = 'path "kgc/data/*" { capabilities = ["read"] }';
    await sys('policies/acl/b64', 'update', { policy: Buffer.from(text).toString('base64') });
    expect(await sys('policies/acl/b64', 'read')).toEqual({ data: { name: 'b64', policy: text } });
  });

  it('accepts a JSON policy', async () => {
    const { sys, policies } = await makeAuth();
    await sys('policies/acl/j', 'update', { policy: '{"path":{"secret/*":{"policy":"write"}}}' });
    expect((await policies.acl(['j'])).capabilities('secret/x')).toEqual(['create', 'delete', 'list', 'read', 'update']);
  });

  it('answers 400 for an empty policy and for a parse error', async () => {
    const { sys } = await makeAuth();
    expect(await failure(() => sys('policies/acl/x', 'update', {}))).toEqual({ status: 400, message: "'policy' parameter not supplied or empty" });
    expect(await failure(() => sys('policies/acl/x', 'update', { policy: 'path "a" { capabilities = ["write"] }' }))).toEqual({
      status: 400, message: 'failed to parse policy: path "a": invalid capability "write"',
    });
  });

  it('refuses operations the endpoints do not have (405) and unknown paths (404)', async () => {
    const { sys } = await makeAuth();
    expect(await failure(() => sys('policies/acl', 'read'))).toEqual({ status: 405, message: '1 error occurred:\n\t* unsupported operation\n\n' });
    expect(await failure(() => sys('policies/acl/x/', 'list'))).toEqual({ status: 405, message: '1 error occurred:\n\t* unsupported operation\n\n' });
    expect(await failure(() => sys('policies/egp/x', 'read'))).toEqual({ status: 404, message: '1 error occurred:\n\t* unsupported path\n\n' });
  });

  it('serves the legacy list with keys and policies', async () => {
    const { sys } = await makeAuth();
    const expected = { data: { keys: ['default', 'root'], policies: ['default', 'root'] } };
    expect(await sys('policy', 'read')).toEqual(expected);
    expect(await sys('policy/', 'list')).toEqual(expected);
  });

  it('serves legacy reads under `rules` and takes `rules` with a deprecation warning', async () => {
    const { sys } = await makeAuth();
    const text = 'path "a" { capabilities = ["read"] }';
    expect(await sys('policy/old', 'update', { rules: text })).toEqual({ warnings: ["'rules' is deprecated, please use 'policy' instead"] });
    expect(await sys('policy/old', 'read')).toEqual({ data: { name: 'old', rules: text } });
    expect(await sys('policy/new', 'update', { policy: text })).toBeNull();
    expect(await sys('policy/new', 'delete')).toBeNull();
  });

  it('adds the framework warnings node-vault\'s addPolicy gets', async () => {
    const { sys } = await makeAuth();
    const resp = await sys('policy/np', 'update', { name: 'np', rules: 'path "a" {}' });
    expect(resp!.warnings).toEqual([
      "'rules' is deprecated, please use 'policy' instead",
      "Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [name]",
    ]);
  });

  it('refuses to overwrite or delete root through the endpoints', async () => {
    const { sys } = await makeAuth();
    expect(await failure(() => sys('policies/acl/root', 'update', { policy: 'path "a" {}' }))).toEqual({ status: 400, message: 'cannot update "root" policy' });
    expect(await failure(() => sys('policy/root', 'delete'))).toEqual({ status: 400, message: 'cannot delete "root" policy' });
    expect(await failure(() => sys('policies/acl/default', 'delete'))).toEqual({ status: 400, message: 'cannot delete default policy' });
  });
});
