// The request pipeline (hashicorp/vault vault/router.go, vault/request_handling.go, http/logical.go): path validation, routing errors,
// the envelope and its field order, 200 vs 204, empty lists, top-level data injection,
// capabilities, create-vs-update by existence, the seed's kgc-read token and token lifetimes.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';
import type { TestVault } from '../../src/testing/index.js';

type Body = Record<string, unknown>;
const body = (res: { body?: unknown }) => res.body as Body;
const MULTI_DENIED = '1 error occurred:\n\t* permission denied\n\n';
const DENIED = { status: 403, body: { errors: [MULTI_DENIED] } };
const ENVELOPE_KEYS = ['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth', 'mount_type'];
const KGC_FIXTURE = resolve(import.meta.dirname, '../../examples/kgc.json');

async function withPolicy(vault: TestVault, name: string, policy: string, extra: Parameters<TestVault['createToken']>[0] = {}) {
  expect((await vault.request('update', `sys/policies/acl/${name}`, { policy })).status).toBe(204);
  return vault.createToken({ policies: [name], ...extra });
}

describe('path validation and routing errors', () => {
  it('refuses any path with a .. segment with 400', async () => {
    const vault = await createVault();
    for (const path of ['secret/data/../x', '../sys/mounts', 'secret/..']) {
      for (const operation of ['read', 'update'] as const) {
        expect(await vault.request(operation, path, operation === 'update' ? { data: {} } : undefined))
          .toEqual({ status: 400, body: { errors: ['path cannot contain parent references'] } });
      }
    }
  });

  it('refuses a write to a path ending in / on a KV mount and writes nothing', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/kv1', { type: 'kv' });
    for (const path of ['secret/data/folder/', 'kv1/folder/']) {
      expect(await vault.request('update', path, { data: { a: 1 } }))
        .toEqual({ status: 400, body: { errors: ["cannot write to a path ending in '/'"] } });
    }
    expect((await vault.request('list', 'kv1/')).status).toBe(404);
  });

  it('answers 404 no handler for a path with no mount (root token)', async () => {
    const vault = await createVault();
    expect(await vault.request('read', 'nosuch/x'))
      .toEqual({ status: 404, body: { errors: ['no handler for route "nosuch/x". route entry not found.'] } });
  });

  it('answers 403 rather than 404 for an unknown mount to a token the ACL refuses', async () => {
    const vault = await createVault();
    const token = await vault.createToken({ policies: ['default'] });
    expect(await vault.request('read', 'nosuch/x', undefined, token)).toEqual(DENIED);
  });

  it('answers 405 unsupported operation for an operation a sys path lacks', async () => {
    const vault = await createVault();
    expect(await vault.request('delete', 'sys/mounts'))
      .toEqual({ status: 405, body: { errors: ['1 error occurred:\n\t* unsupported operation\n\n'] } });
  });

  it('answers 404 unsupported path, marked as unsupported, for a sys path Vault has and minivault does not serve', async () => {
    const vault = await createVault();
    expect(await vault.request('read', 'sys/tools/random')).toEqual({
      status: 404, body: { errors: ['1 error occurred:\n\t* unsupported path\n\n'] }, headers: { 'x-minivault-unsupported': 'true' },
    });
  });

  it('answers a sys path Vault does not have either as Vault does, unmarked', async () => {
    const vault = await createVault();
    for (const [op, path] of [['read', 'sys/nosuch'], ['list', 'sys/mounts']] as const) {
      expect(await vault.request(op, path)).toEqual({ status: 404, body: { errors: ['1 error occurred:\n\t* unsupported path\n\n'] } });
    }
  });

  it('answers a bare permission denied for no token and an unknown token', async () => {
    const vault = await createVault();
    for (const token of ['', 'hvs.unknown']) {
      expect(await vault.request('read', 'secret/data/x', undefined, token))
        .toEqual({ status: 403, body: { errors: ['permission denied'] } });
    }
  });
});

describe('the envelope', () => {
  it('lists the fields in Vault order with mount_type kv, system and token', async () => {
    const vault = await createVault();
    await vault.request('update', 'secret/data/a', { data: { x: '1' } });
    const cases: Array<[string, string]> = [['secret/data/a', 'kv'], ['sys/policies/acl/default', 'system'], ['auth/token/lookup-self', 'token']];
    for (const [path, type] of cases) {
      const res = await vault.request('read', path);
      expect(res.status).toBe(200);
      expect(Object.keys(body(res))).toEqual(ENVELOPE_KEYS);
      expect(body(res)).toMatchObject({ lease_id: '', wrap_info: null, mount_type: type });
      expect(body(res).request_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('gives a fresh request id to every request', async () => {
    const vault = await createVault();
    const a = body(await vault.request('read', 'sys/mounts')).request_id;
    const b = body(await vault.request('read', 'sys/mounts')).request_id;
    expect(a).not.toBe(b);
  });

  it('answers 204 with no body for writes that return nothing and 200 with a body otherwise', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/policies/acl/p', { policy: 'path "x" { capabilities = ["read"] }' })).toEqual({ status: 204 });
    expect(await vault.request('delete', 'sys/policies/acl/p')).toEqual({ status: 204 });
    expect(await vault.request('update', 'sys/mounts/m', { type: 'kv' })).toEqual({ status: 204 });
    const kvWrite = await vault.request('update', 'secret/data/a', { data: { x: 1 } });
    expect(kvWrite.status).toBe(200);
    expect((body(kvWrite).data as Body).version).toBe(1);
  });

  it('turns a warning into a 200 with the envelope (legacy rules field)', async () => {
    const vault = await createVault();
    const res = await vault.request('update', 'sys/policy/legacy', { rules: 'path "x" { capabilities = ["read"] }' });
    expect(res.status).toBe(200);
    expect(body(res).warnings).toEqual(["'rules' is deprecated, please use 'policy' instead"]);
  });

  it('answers 404 with an empty error list for a list of an empty folder and a read of nothing', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/mounts/kv1', { type: 'kv' });
    expect(await vault.request('list', 'secret/metadata/empty/')).toEqual({ status: 404, body: { errors: [] } });
    expect(await vault.request('list', 'kv1/')).toEqual({ status: 404, body: { errors: [] } });
    expect(await vault.request('read', 'kv1/missing')).toEqual({ status: 404, body: { errors: [] } });
    expect(await vault.request('read', 'sys/policies/acl/missing')).toEqual({ status: 404, body: { errors: [] } });
  });
});

describe('top-level data injection', () => {
  it('copies data to the top level for sys/mounts, sys/mounts/:path, sys/policy and sys/capabilities-self', async () => {
    const vault = await createVault();
    const mounts = body(await vault.request('read', 'sys/mounts'));
    expect(mounts['secret/']).toEqual((mounts.data as Body)['secret/']);
    expect(Object.keys(mounts).slice(-ENVELOPE_KEYS.length)).toEqual(ENVELOPE_KEYS);
    const one = body(await vault.request('read', 'sys/mounts/secret'));
    expect(one.type).toBe('kv');
    const legacy = body(await vault.request('read', 'sys/policy'));
    expect(legacy.keys).toEqual((legacy.data as Body).keys);
    const legacyOne = body(await vault.request('read', 'sys/policy/default'));
    expect(legacyOne.name).toBe('default');
    expect(typeof legacyOne.rules).toBe('string');
    const caps = body(await vault.request('update', 'sys/capabilities-self', { paths: ['secret/data/x'] }));
    expect(caps.capabilities).toEqual(['root']);
    expect(caps['secret/data/x']).toEqual(['root']);
  });

  it('lists ACL policies with root last and without injection', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/policies/acl/zeta', { policy: 'path "x" { capabilities = ["read"] }' });
    const res = body(await vault.request('list', 'sys/policies/acl'));
    expect((res.data as Body).keys).toEqual(['default', 'zeta', 'root']);
    expect(res).not.toHaveProperty('keys');
  });

  it('does not inject for sys/policies/acl/:name', async () => {
    const vault = await createVault();
    const res = body(await vault.request('read', 'sys/policies/acl/default'));
    expect(Object.keys(res)).toEqual(ENVELOPE_KEYS);
    expect((res.data as Body).name).toBe('default');
  });
});

describe('sys/capabilities-self', () => {
  it('answers root for the root token and the policy capabilities for a kgc-read token', async () => {
    const vault = await createVault({ bootstrap: KGC_FIXTURE });
    const caps = async (token: string, paths: string[]) => body(await vault.request('update', 'sys/capabilities-self', { paths }, token));
    expect((await caps(vault.rootToken, ['kgc/data/api-credentials'])).capabilities).toEqual(['root']);
    const read = await caps('kgc-app-token', ['kgc/data/api-credentials']);
    expect(read.capabilities).toEqual(['read']);
    const many = await caps('kgc-app-token', ['kgc/data/x', 'kgc/destroy/x', 'sys/mounts']);
    expect(many).toMatchObject({ 'kgc/data/x': ['read'], 'kgc/destroy/x': ['deny'], 'sys/mounts': ['deny'] });
    expect(many).not.toHaveProperty('capabilities');
    const rotate = await caps('kgc-rotate-token', ['kgc/data/x']);
    expect(rotate.capabilities).toEqual(['create', 'read', 'update']);
  });

  it('refuses a request without paths with 400', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/capabilities-self', {})).toEqual({ status: 400, body: { errors: ['paths must be supplied'] } });
  });
});

describe('sys/capabilities-accessor', () => {
  it("answers for the accessor's token, and refuses a missing or unknown accessor before the paths", async () => {
    const vault = await createVault({ bootstrap: KGC_FIXTURE });
    const lookup = body(await vault.request('update', 'auth/token/lookup', { token: 'kgc-app-token' }));
    const accessor = (lookup.data as Body).accessor as string;
    const caps = body(await vault.request('update', 'sys/capabilities-accessor', { accessor, paths: ['kgc/data/x', 'kgc/destroy/x'] }));
    expect(caps).toMatchObject({ data: { 'kgc/data/x': ['read'], 'kgc/destroy/x': ['deny'] } });
    const one = body(await vault.request('update', 'sys/capabilities-accessor', { accessor, path: 'kgc/data/x' }));
    expect(one.capabilities).toEqual(['read']);
    expect(await vault.request('update', 'sys/capabilities-accessor', { paths: ['x'] })).toEqual({ status: 400, body: { errors: ['missing accessor'] } });
    expect(await vault.request('update', 'sys/capabilities-accessor', { accessor: 'nope', paths: ['x'] })).toEqual({ status: 400, body: { errors: ['invalid accessor'] } });
    expect(await vault.request('update', 'sys/capabilities-accessor', { accessor })).toEqual({ status: 400, body: { errors: ['paths must be supplied'] } });
  });
});

describe('sys/step-down', () => {
  it('answers 204 on a single node without HA, with or without a token, and 405 to a read', async () => {
    const vault = await createVault();
    expect(await vault.core.handle({ operation: 'update', path: 'sys/step-down' })).toMatchObject({ status: 204 });
    expect((await vault.request('update', 'sys/step-down')).status).toBe(204);
    expect((await vault.request('read', 'sys/step-down')).status).toBe(405);
  });
});

describe('create versus update by existence', () => {
  it('lets a create-only token write a new KV key but not overwrite it', async () => {
    const vault = await createVault();
    const token = await withPolicy(vault, 'creator', 'path "secret/data/*" { capabilities = ["create"] }');
    expect((await vault.request('update', 'secret/data/new', { data: { v: 1 } }, token)).status).toBe(200);
    expect(await vault.request('update', 'secret/data/new', { data: { v: 2 } }, token)).toEqual(DENIED);
    expect((await vault.kv().get('new'))?.data).toEqual({ v: 1 });
  });

  it('lets an update-only token overwrite an existing KV key but not create one', async () => {
    const vault = await createVault();
    await vault.request('update', 'secret/data/existing', { data: { v: 1 } });
    const token = await withPolicy(vault, 'updater', 'path "secret/data/*" { capabilities = ["update"] }');
    expect(await vault.request('update', 'secret/data/fresh', { data: { v: 1 } }, token)).toEqual(DENIED);
    expect((await vault.request('update', 'secret/data/existing', { data: { v: 2 } }, token)).status).toBe(200);
    expect((await vault.kv().get('existing'))?.data).toEqual({ v: 2 });
    expect(await vault.kv().get('fresh')).toBeFalsy();
  });
});

describe('the seed fixture kgc-read token', () => {
  it('reads kgc secrets and metadata', async () => {
    const vault = await createVault({ bootstrap: KGC_FIXTURE });
    const res = await vault.request('read', 'kgc/data/api-credentials', undefined, 'kgc-app-token');
    expect(res.status).toBe(200);
    expect(((body(res).data as Body).data as Body).api_key).toBe('kgc-api-key-v1');
    expect((await vault.request('read', 'kgc/metadata/api-credentials', undefined, 'kgc-app-token')).status).toBe(200);
  });

  it('is refused every write, delete, destroy, policy change, audit enable and other-mount read', async () => {
    const vault = await createVault({ bootstrap: KGC_FIXTURE });
    await vault.request('update', 'secret/data/other', { data: { v: 1 } });
    const t = 'kgc-app-token';
    const attempts: Array<[Parameters<TestVault['request']>[0], string, Body?]> = [
      ['update', 'kgc/data/api-credentials', { data: { api_key: 'stolen' } }],
      ['update', 'kgc/data/brand-new', { data: { a: 1 } }],
      ['delete', 'kgc/data/api-credentials'],
      ['delete', 'kgc/metadata/api-credentials'],
      ['update', 'kgc/destroy/api-credentials', { versions: [1] }],
      ['update', 'kgc/delete/api-credentials', { versions: [1] }],
      ['update', 'sys/policies/acl/kgc-read', { policy: 'path "*" { capabilities = ["sudo"] }' }],
      ['delete', 'sys/policies/acl/kgc-read'],
      ['update', 'sys/audit/evil', { type: 'memory' }],
      ['update', 'sys/mounts/evil', { type: 'kv' }],
      ['read', 'secret/data/other'],
      ['read', 'sys/mounts'],
    ];
    for (const [op, path, data] of attempts) {
      expect(await vault.request(op, path, data, t), `${op} ${path}`).toEqual(DENIED);
    }
    const still = await vault.request('read', 'kgc/data/api-credentials', undefined, t);
    expect(((body(still).data as Body).data as Body).api_key).toBe('kgc-api-key-v1');
    expect((await vault.request('read', 'kgc/metadata/api-credentials')).status).toBe(200);
    expect((await vault.request('read', 'sys/policies/acl/kgc-read')).status).toBe(200);
  });
});

describe('token lifetimes', () => {
  const lookup = (vault: TestVault, token: string) => vault.request('read', 'auth/token/lookup-self', undefined, token);

  it('keeps a 24h token renewed at 12h alive past 24h', async () => {
    const vault = await createVault();
    const token = await vault.createToken({ policies: ['default'], ttl: '24h', renewable: true });
    vault.clock.advance('12h');
    const renewed = await vault.request('update', 'auth/token/renew-self', {}, token);
    expect(renewed.status).toBe(200);
    vault.clock.advance('13h');
    expect((await lookup(vault, token)).status).toBe(200);
    vault.clock.advance('11h1m'); // 24h after the renewal
    expect(await lookup(vault, token)).toEqual({ status: 403, body: { errors: ['permission denied'] } });
  });

  it('refuses an unrenewed 24h token after 24h', async () => {
    const vault = await createVault();
    const token = await vault.createToken({ policies: ['default'], ttl: '24h' });
    vault.clock.advance('23h');
    expect((await lookup(vault, token)).status).toBe(200);
    vault.clock.advance('61m');
    expect(await lookup(vault, token)).toEqual({ status: 403, body: { errors: ['permission denied'] } });
  });

  it('lets a num_uses=2 token make two requests and refuses the third', async () => {
    const vault = await createVault();
    await vault.request('update', 'secret/data/a', { data: { v: 1 } });
    await vault.request('update', 'sys/policies/acl/reader', { policy: 'path "secret/data/*" { capabilities = ["read"] }' });
    const created = body(await vault.request('update', 'auth/token/create', { policies: ['reader'], num_uses: 2 }));
    const token = (created.auth as { client_token: string }).client_token;
    expect((await vault.request('read', 'secret/data/a', undefined, token)).status).toBe(200);
    expect((await vault.request('read', 'secret/data/a', undefined, token)).status).toBe(200);
    expect(await vault.request('read', 'secret/data/a', undefined, token)).toEqual({ status: 403, body: { errors: ['permission denied'] } });
  });

  it('hands each reader its own copy of a secret, so changing one read never changes the next', async () => {
    const vault = await createVault({ rootToken: 'root' });
    await vault.request('update', 'secret/data/app', { data: { api_key: 'k1', nested: { a: 1 } } });
    const first = body(await vault.request('read', 'secret/data/app')).data as { data: { api_key: string; nested: { a: number } } };
    first.data.api_key = 'changed';
    first.data.nested.a = 2;
    const second = body(await vault.request('read', 'secret/data/app')).data as { data: unknown };
    expect(second.data).toEqual({ api_key: 'k1', nested: { a: 1 } });
  });
});
