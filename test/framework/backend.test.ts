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
