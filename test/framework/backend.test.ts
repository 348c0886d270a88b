// FrameworkBackend dispatch (sdk/framework/backend.go HandleRequest, HandleExistenceCheck): first
// match in table order, captures over the data, field validation before the handler, Vault's
// warnings on a non-empty response only, 404/405 as Go errors, and the existence check.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GoError, VaultError } from '../../src/errors/vault-error.js';
import { FrameworkBackend } from '../../src/framework/backend.js';
import type { BackendSpec, FieldData, FrameworkRequest } from '../../src/framework/types.js';
import type { LogicalRequest, LogicalResponse } from '../../src/logical/types.js';

const echo = async (req: FrameworkRequest, data: FieldData): Promise<LogicalResponse> => ({
  data: { route: req.matchedPattern, captures: { ...req.captures }, n: data.get('n'), name: data.getOk('name').ok ? data.get('name') : null },
});

const existing = new Set(['kept']);
const spec: BackendSpec = {
  help: 'test backend',
  backendType: 'logical',
  paths: [
    { pattern: 'items/(?P<name>\\w(([\\w-.]+)?\\w)?)$', fields: { name: { type: 'string' }, n: { type: 'int', default: 7 } }, operations: { read: echo } },
    { pattern: 'items/.*', fields: { n: { type: 'int' } }, operations: { read: echo } },
    { pattern: 'opt(/(?P<name>.+))?$', fields: { name: { type: 'string' }, n: { type: 'int' } }, operations: { read: echo } },
    {
      pattern: 'things/(?P<name>.+)', fields: { name: { type: 'string' }, n: { type: 'int' } },
      existenceCheck: async (req) => existing.has(req.captures.name!),
      operations: { create: async () => ({ data: { did: 'create' } }), update: async () => ({ data: { did: 'update' } }), delete: async () => null },
    },
    { pattern: 'only-update$', operations: { update: async () => null } },
  ],
};

const backend = new FrameworkBackend('test', spec);
const req = (operation: LogicalRequest['operation'], path: string, data: Record<string, unknown> = {}): LogicalRequest =>
  ({ operation, path, data, mountPoint: 'test/' });

describe('FrameworkBackend dispatch', () => {
  it('takes the first pattern that matches the whole path, in table order', async () => {
    expect((await backend.handle(req('read', 'items/a.b')))!.data!.route).toBe('^items/(?P<name>\\w(([\\w-.]+)?\\w)?)$');
    expect((await backend.handle(req('read', 'items/a/b')))!.data!.route).toBe('^items/.*$');
  });

  it('gives a group that did not take part an empty capture, which still overrides the data', async () => {
    const resp = (await backend.handle(req('read', 'opt', { name: 'sent' })))!;
    expect(resp.data!.captures).toEqual({ name: '' });
    expect(resp.data!.name).toBe('');
    expect(resp.warnings).toEqual(["Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [name]"]);
  });

  it('decodes fields weakly, applies defaults and warns of unknown parameters, sorted', async () => {
    const resp = (await backend.handle(req('read', 'items/x', { n: '0x10', zeta: 1, alpha: 2 })))!;
    expect(resp.data!.n).toBe(16);
    expect(resp.warnings).toEqual(['Endpoint ignored these unrecognized parameters: [alpha zeta]']);
    expect((await backend.handle(req('read', 'items/x')))!.data!.n).toBe(7);
  });

  it('refuses a field that does not decode with Vault\'s validation error and never runs the handler', async () => {
    await expect(backend.handle(req('read', 'items/x', { n: 'abc' }))).rejects.toMatchObject({
      status: 400,
      message: 'Field validation failed: error converting input abc for field "n": cannot parse \'\' as int: strconv.ParseInt: parsing "abc": invalid syntax',
    });
  });

  it('answers an unknown path 404 and a missing operation 405 as Go errors', async () => {
    const path = await backend.handle(req('read', 'nothing/here')).catch((e: unknown) => e);
    expect(path).toBeInstanceOf(GoError);
    expect(path).toMatchObject({ status: 404, plain: 'unsupported path' });
    await expect(backend.handle(req('delete', 'items/x'))).rejects.toMatchObject({ status: 405, plain: 'unsupported operation' });
  });

  it('adds no warnings to a 204', async () => {
    expect(await backend.handle(req('update', 'only-update', { stray: 1 }))).toBeNull();
  });
});

describe('FrameworkBackend existence check', () => {
  it('is update where the check finds the item, create where it does not, update without a check', async () => {
    expect(await backend.exists(req('update', 'things/kept'))).toBe(true);
    expect(await backend.exists(req('update', 'things/new'))).toBe(false);
    expect(await backend.exists(req('update', 'only-update'))).toBe(true);
    expect(await backend.exists(req('update', 'no/route'))).toBe(true);
  });

  it('answers a bad field during the check with the bare conversion error', async () => {
    const err = await backend.exists(req('update', 'things/x', { n: 'abc' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).message).toBe('error converting input abc for field "n": cannot parse \'\' as int: strconv.ParseInt: parsing "abc": invalid syntax');
  });

  it('runs create for create and update for update, and treats create as update on paths without a check', async () => {
    expect((await backend.handle(req('create', 'things/new')))!.data).toEqual({ did: 'create' });
    expect((await backend.handle(req('update', 'things/kept')))!.data).toEqual({ did: 'update' });
    expect(await backend.handle(req('create', 'only-update'))).toBeNull();
  });
});

describe('FrameworkBackend properties', () => {
  it('captures every name segment it routes, whatever it is', async () => {
    await fc.assert(fc.asyncProperty(fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,10}[a-z0-9])?$/), async (name) => {
      const resp = (await backend.handle(req('read', `items/${name}`)))!;
      expect(resp.data!.captures).toEqual({ name });
    }), { numRuns: 100 });
  });
});

describe('FrameworkBackend routing memo', () => {
  it('routes a path the same way however often it is asked, long or short, as a fresh backend does', () => {
    const seen = new FrameworkBackend('test', spec);
    const paths = fc.oneof(
      fc.constantFrom('items/a', 'items/a/b', 'opt', 'opt/x', 'things/k', 'only-update', 'nowhere'),
      fc.string({ maxLength: 300 }).map((s) => `items/${s}`),
      fc.string({ maxLength: 300 }),
    );
    fc.assert(fc.property(fc.array(paths, { maxLength: 30 }), (list) => {
      for (const p of [...list, ...list]) {
        const fresh = new FrameworkBackend('test', spec).route(p);
        const memo = seen.route(p);
        expect(memo?.path.anchored).toBe(fresh?.path.anchored);
        expect(memo?.captures).toEqual(fresh?.captures);
      }
    }));
  });
});

describe('FrameworkBackend request copies', () => {
  // The handler and the existence check get request and raw data built without spreads (a
  // speed-up); they must be exactly what the spreads built: same keys in the same order, same
  // values, same prototype, a JSON `__proto__` key kept as data.
  let seenReq: FrameworkRequest | undefined;
  let seenRaw: Record<string, unknown> | undefined;
  const look = (r: FrameworkRequest, d: FieldData) => { seenReq = r; seenRaw = d.raw; };
  const copies = new FrameworkBackend('copies', {
    help: '', backendType: 'logical',
    paths: [{
      pattern: 'cap/(?P<name>[^/]+)', fields: { name: { type: 'string' } },
      existenceCheck: async (r, d) => { look(r, d); return false; },
      operations: { create: async (r, d) => { look(r, d); return null; }, update: async (r, d) => { look(r, d); return null; } },
    }, {
      pattern: 'plain/(?P<name>[^/]+)', fields: { name: { type: 'string' } },
      operations: { update: async (r, d) => { look(r, d); return null; } },
    }],
  });
  const jsonObject = fc.array(fc.tuple(fc.oneof(fc.constantFrom('__proto__', 'name', 'constructor', 'toString', 'a'), fc.string({ maxLength: 4 })), fc.jsonValue({ maxDepth: 2 })), { maxLength: 6 })
    .map((entries) => JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`) as Record<string, unknown>);
  const optional = fc.record({
    headers: fc.option(fc.constant({ 'x-a': '1' }), { nil: undefined }), clientToken: fc.option(fc.string(), { nil: undefined }),
    remoteAddress: fc.option(fc.constant('10.0.0.1'), { nil: undefined }), peerCertificates: fc.constant([new Uint8Array([1])]),
    requestId: fc.option(fc.uuid(), { nil: undefined }), wrapTtl: fc.option(fc.nat(), { nil: undefined }),
  }, { requiredKeys: [] });
  const same = (got: object | undefined, want: object) => {
    expect(got).toBeDefined();
    expect(Object.getPrototypeOf(got)).toBe(Object.getPrototypeOf(want));
    expect(Reflect.ownKeys(got!)).toEqual(Reflect.ownKeys(want));
    for (const k of Reflect.ownKeys(want)) expect((got as Record<PropertyKey, unknown>)[k]).toStrictEqual((want as Record<PropertyKey, unknown>)[k]);
  };

  it('hands the handler and the existence check the request and data the spreads built', async () => {
    await fc.assert(fc.asyncProperty(jsonObject, optional, fc.constantFrom('create', 'update') as fc.Arbitrary<'create' | 'update'>, fc.stringMatching(/^[a-z]{1,5}$/),
      async (data, opt, operation, name) => {
        const r: LogicalRequest = { operation, path: `cap/${name}`, data, mountPoint: 'copies/', ...opt };
        const captures = { name };
        const matchedPattern = '^cap/(?P<name>[^/]+)$';
        seenReq = seenRaw = undefined;
        await copies.exists(r);
        same(seenReq, { ...r, captures, matchedPattern });
        same(seenRaw, { ...data, ...captures });
        seenReq = seenRaw = undefined;
        await copies.handle(r);
        // A path with an existence check keeps create; the handler's request is a copy, not r.
        same(seenReq, { ...r, captures, matchedPattern });
        expect(seenReq).not.toBe(r);
        expect(Object.isFrozen(seenReq!.captures)).toBe(true);
        same(seenRaw, { ...data, ...captures });
        expect(seenRaw).not.toBe(data);
        // Without a check, create runs as update.
        const p: LogicalRequest = { ...r, path: `plain/${name}` };
        seenReq = seenRaw = undefined;
        await copies.handle(p);
        same(seenReq, { ...p, operation: 'update', captures, matchedPattern: '^plain/(?P<name>[^/]+)$' });
        same(seenRaw, { ...data, ...captures });
        expect(r.operation).toBe(operation);
      }), { numRuns: 100 });
  });
});
