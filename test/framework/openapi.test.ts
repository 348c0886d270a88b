// OpenAPI documents as hashicorp/vault sdk/framework/openapi.go builds them: pattern expansion,
// path/query/body split, list operations on their own trailing-slash path, operation ids and
// request schema names, special-path flags, and the sys/internal/specs/openapi merge of
// vault/logical_system.go pathInternalOpenAPI. Expectations were worked out from openapi.go.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandPattern, mergeOpenApi, openApiDocument, specialPathMatch, type OpenApiDocument } from '../../src/framework/openapi.js';
import { anchoredSource, compilePattern } from '../../src/framework/pattern.js';
import type { BackendSpec, FieldSchema, FieldSchemas, PathSpec } from '../../src/framework/types.js';

const h = async () => null;
const genericName = (n: string): string => `(?P<${n}>\\w(([\\w-.]+)?\\w)?)`;
const matchAll = (n: string): string => `(?P<${n}>.*)`;
const optionalParam = (n: string): string => `(/(?P<${n}>.+))?`;
const expand = (p: string): string[] | null => expandPattern(anchoredSource(p))?.paths ?? null;

describe('expandPattern', () => {
  it('turns named groups into {name} and skips what is inside them', () => {
    expect(expand(`users/${genericName('username')}$`)).toEqual(['users/{username}']);
    expect(expandPattern('^data/(?P<path>.*)$')?.captures).toEqual(new Set(['path']));
  });

  it('forks optional parts and alternations, in order (the PKI crl example gives 6 paths)', () => {
    expect(expand(`issuer/${genericName('issuer_ref')}/crl(/pem|/der|/delta(/pem|/der)?)?`)).toEqual([
      'issuer/{issuer_ref}/crl',
      'issuer/{issuer_ref}/crl/pem',
      'issuer/{issuer_ref}/crl/der',
      'issuer/{issuer_ref}/crl/delta',
      'issuer/{issuer_ref}/crl/delta/pem',
      'issuer/{issuer_ref}/crl/delta/der',
    ]);
    expect(expand(`lookup${optionalParam('token')}`)).toEqual(['lookup', 'lookup/{token}']);
    expect(expand('keys/generate/(internal|exported|kms)')).toEqual(['keys/generate/internal', 'keys/generate/exported', 'keys/generate/kms']);
  });

  it('drops a lone optional trailing slash, but keeps it when something follows', () => {
    expect(expand('users/?$')).toEqual(['users']);
    expect(expand('a/?b')).toEqual(['ab', 'a/b']);
  });

  it('drops the empty path', () => {
    expect(expand('(?P<x>y)?')).toEqual(['{x}']);
    expect(expand('/?')).toEqual([]);
  });

  it('gives up (null) on classes, dots and repeats outside a named group — including the classes Go makes out of a|b', () => {
    expect(expand('.*')).toBeNull();
    expect(expand('foo/\\w+')).toBeNull();
    expect(expand('(a|b)')).toBeNull();
    expect(expand('(ab|ac)')).toBeNull(); // factored to a(?:b|c) → a[bc]
    expect(expand('(pem|der|delta)')).toEqual(['pem', 'der', 'delta']);
  });
});

describe('specialPathMatch', () => {
  it('matches exact, prefix and + segment entries', () => {
    expect(specialPathMatch('config', ['config'])).toBe(true);
    expect(specialPathMatch('login/{role}', ['login/*'])).toBe(true);
    expect(specialPathMatch('role/{name}/secret-id', ['role/+/secret-id'])).toBe(true);
    expect(specialPathMatch('role/{name}/secret-id/x', ['role/+/secret-id'])).toBe(false);
    expect(specialPathMatch('role/{name}/sec', ['role/+/se*'])).toBe(true);
    expect(specialPathMatch('configs', ['config'])).toBe(false);
  });
});

const kvLike: BackendSpec = {
  help: 'A KV-like table.',
  backendType: 'logical',
  pathsSpecial: { root: ['config'], unauthenticated: ['login/*'] },
  paths: [
    {
      pattern: 'config$',
      fields: { max_versions: { type: 'int', description: '  Max\n  versions  ' }, cas_required: { type: 'bool', default: false } },
      operations: { read: { handler: h, summary: ' Read config ' }, update: h },
      helpSynopsis: 'Configures settings.',
    },
    {
      pattern: 'data/' + matchAll('path'),
      fields: {
        path: { type: 'string', description: 'Location of the secret.' },
        data: { type: 'map', required: true },
        options: { type: 'map' },
        version: { type: 'int', query: true, default: 0 },
      },
      operations: { read: h, create: h, update: h, delete: h, patch: h },
      existenceCheck: async () => true,
      helpSynopsis: 'Write, Read, and Delete data.',
    },
    {
      pattern: 'metadata/' + matchAll('path'),
      fields: { path: { type: 'string' }, max_versions: { type: 'int' } },
      operations: { read: h, list: h, update: h, delete: { handler: h, deprecated: true, description: 'Gone.' } },
    },
    { pattern: 'login/' + genericName('role'), fields: { role: { type: 'name_string' }, jwt: { type: 'string', required: true } }, operations: { update: h } },
    { pattern: 'lookup' + optionalParam('token'), fields: { token: { type: 'string', description: 'Token' } }, operations: { update: h, read: h } },
    { pattern: 'raw/(?P<path>.+)', fields: { path: { type: 'string' } }, takesArbitraryInput: true, operations: { update: h } },
    { pattern: 'keys/?$', operations: { list: h } },
    { pattern: '.*', operations: { read: h } },
  ],
};

const OK = { description: 'OK' };
const LIST_PARAM = { name: 'list', description: 'Must be set to `true`', in: 'query', schema: { type: 'string', enum: ['true'] }, required: true };
const LIST_OK = { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/StandardListResponse' } } } };
const body = (name: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
const pathParam = (name: string, extra: object = {}) => ({ name, ...extra, in: 'path', schema: { type: 'string' }, required: true });
const secrets = ['secrets'];

// Written in the Go structs' field order and with sorted map keys, so JSON text can be compared.
const expected = {
  openapi: '3.0.2',
  info: {
    title: 'HashiCorp Vault API',
    description: 'HTTP API that gives you full access to Vault. All API routes are prefixed with `/v1/`.',
    version: '1.18.1',
    license: { name: 'Mozilla Public License 2.0', url: 'https://www.mozilla.org/en-US/MPL/2.0' },
  },
  paths: {
    '/^.*$': {},
    '/config': {
      description: 'Configures settings.',
      'x-vault-sudo': true,
      get: { summary: 'Read config', operationId: 'read-config', tags: secrets, responses: { 200: OK } },
      post: { operationId: 'write-config', tags: secrets, requestBody: body('WriteConfigRequest'), responses: { 200: OK } },
    },
    '/data/{path}': {
      description: 'Write, Read, and Delete data.',
      parameters: [pathParam('path', { description: 'Location of the secret.' })],
      'x-vault-createSupported': true,
      get: { operationId: 'read-data-path', tags: secrets, parameters: [{ name: 'version', in: 'query', schema: { type: 'integer', default: 0 } }], responses: { 200: OK } },
      post: { operationId: 'write-data-path', tags: secrets, requestBody: body('WriteDataPathRequest'), responses: { 200: OK } },
      delete: { operationId: 'delete-data-path', tags: secrets, parameters: [{ name: 'version', in: 'query', schema: { type: 'integer', default: 0 } }], responses: { 204: { description: 'empty body' } } },
    },
    '/keys/': { get: { operationId: 'list-keys', tags: secrets, parameters: [LIST_PARAM], responses: { 200: LIST_OK } } },
    '/login/{role}': {
      parameters: [{ name: 'role', in: 'path', schema: { type: 'string', pattern: '\\w([\\w-.]*\\w)?' }, required: true }],
      'x-vault-unauthenticated': true,
      post: { operationId: 'write-login-role', tags: secrets, requestBody: body('WriteLoginRoleRequest'), responses: { 200: OK } },
    },
    '/lookup': {
      get: { operationId: 'read-lookup', tags: secrets, responses: { 200: OK } },
      post: { operationId: 'write-lookup', tags: secrets, responses: { 200: OK } },
    },
    '/lookup/{token}': {
      parameters: [pathParam('token', { description: 'Token' })],
      get: { operationId: 'read-lookup-token', tags: secrets, responses: { 200: OK } },
      post: { operationId: 'write-lookup-token', tags: secrets, responses: { 200: OK } },
    },
    '/metadata/{path}': {
      parameters: [pathParam('path')],
      get: { operationId: 'read-metadata-path', tags: secrets, responses: { 200: OK } },
      post: { operationId: 'write-metadata-path', tags: secrets, requestBody: body('WriteMetadataPathRequest'), responses: { 200: OK } },
      delete: { description: 'Gone.', operationId: 'delete-metadata-path', tags: secrets, responses: { 204: { description: 'empty body' } }, deprecated: true },
    },
    '/metadata/{path}/': {
      parameters: [pathParam('path')],
      get: { operationId: 'list-metadata-path', tags: secrets, parameters: [LIST_PARAM], responses: { 200: LIST_OK } },
    },
    '/raw/{path}': {
      parameters: [pathParam('path')],
      post: {
        operationId: 'write-raw-path',
        tags: secrets,
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } } },
        responses: { 200: OK },
      },
    },
  },
  components: {
    schemas: {
      StandardListResponse: { type: 'object', properties: { keys: { type: 'array', items: { type: 'string' } } } },
      WriteConfigRequest: {
        type: 'object',
        properties: { cas_required: { type: 'boolean', default: false }, max_versions: { type: 'integer', description: 'Max versions' } },
      },
      WriteDataPathRequest: {
        type: 'object',
        properties: { data: { type: 'object', format: 'map' }, options: { type: 'object', format: 'map' }, version: { type: 'integer', default: 0 } },
        required: ['data'],
      },
      WriteLoginRoleRequest: { type: 'object', properties: { jwt: { type: 'string' } }, required: ['jwt'] },
      WriteMetadataPathRequest: { type: 'object', properties: { max_versions: { type: 'integer' } } },
    },
  },
};

describe('openApiDocument', () => {
  it('documents a KV-like table as openapi.go does (structure and JSON key order)', () => {
    const doc = openApiDocument({ version: '1.18.1', backend: kvLike });
    expect(doc).toEqual(expected);
    expect(JSON.stringify(doc)).toBe(JSON.stringify(expected));
  });

  it('documents one path for a path help request', () => {
    const doc = openApiDocument({ version: '1.18.1', backend: kvLike, onlyPath: { spec: kvLike.paths[2] } });
    expect(Object.keys(doc.paths)).toEqual(['/metadata/{path}', '/metadata/{path}/']);
    expect(Object.keys(doc.components.schemas)).toEqual(['StandardListResponse', 'WriteMetadataPathRequest']);
  });

  it('maps every field type as convertType does (durations as string/duration since 1.14)', () => {
    const fields: FieldSchemas = {
      a: { type: 'duration_second' }, b: { type: 'signed_duration_second' }, c: { type: 'lowercase_string' }, d: { type: 'int64' },
      e: { type: 'kvpairs' }, f: { type: 'slice' }, g: { type: 'comma_int_slice' }, h: { type: 'time' }, i: { type: 'float' },
      j: { type: 'header' }, k: { type: 'string_slice', allowedValues: ['x', 'y'] },
    };
    const doc = openApiDocument({ version: 'v', backend: { help: '', backendType: 'credential', paths: [{ pattern: 't', fields, operations: { update: h } }] } });
    expect(doc.components.schemas.WriteTRequest.properties).toEqual({
      a: { type: 'string', format: 'duration' }, b: { type: 'string', format: 'duration' }, c: { type: 'string', format: 'lowercase' },
      d: { type: 'integer', format: 'int64' }, e: { type: 'object', format: 'kvpairs' }, f: { type: 'array', items: { type: 'object' } },
      g: { type: 'array', items: { type: 'integer' } }, h: { type: 'string', format: 'date-time' }, i: { type: 'number', format: 'float' },
      j: { type: 'string' }, k: { type: 'array', items: { type: 'string' }, enum: ['x', 'y'] },
    });
    expect(doc.paths['/t'].post?.tags).toEqual(['auth']);
  });

  it('gives a path with a required trailing slash only its list operation', () => {
    const doc = openApiDocument({ version: 'v', backend: { help: '', backendType: 'logical', paths: [{ pattern: 'roles/$', operations: { read: h, list: h } }] } });
    expect(Object.keys(doc.paths)).toEqual(['/roles/']);
    expect(doc.paths['/roles/'].get?.operationId).toBe('list-roles');
  });

  it('recomputes sudo for the list path (a "roles/*" entry covers "roles/" but not "roles")', () => {
    const backend: BackendSpec = { help: '', backendType: 'logical', pathsSpecial: { root: ['roles/*'] }, paths: [{ pattern: 'roles/?$', operations: { read: h, list: h } }] };
    const doc = openApiDocument({ version: 'v', backend });
    expect(doc.paths['/roles']).not.toHaveProperty('x-vault-sudo');
    expect(doc.paths['/roles/']['x-vault-sudo']).toBe(true);
  });
});

describe('mergeOpenApi (sys/internal/specs/openapi)', () => {
  const userpass: BackendSpec = {
    help: '',
    backendType: 'credential',
    paths: [{ pattern: `users/${genericName('username')}$`, fields: { username: { type: 'string' }, password: { type: 'string' } }, operations: { read: h, update: h } }],
  };
  const sys: BackendSpec = { help: '', backendType: 'logical', paths: [{ pattern: 'mounts/?$', operations: { read: h } }] };
  const identity: BackendSpec = { help: '', backendType: 'logical', paths: [{ pattern: 'entity/?$', operations: { update: h } }] };
  const token: BackendSpec = { help: '', backendType: 'credential', paths: [{ pattern: 'lookup-self$', operations: { read: h } }] };

  const merged = (generic: boolean): OpenApiDocument =>
    mergeOpenApi([
      openApiDocument({ version: '1.18.1', backend: kvLike, mountPath: 'secret/', mountType: 'kv', genericMountPaths: generic }),
      openApiDocument({ version: '1.18.1', backend: userpass, mountPath: 'auth/my-users/', mountType: 'userpass', genericMountPaths: generic }),
      openApiDocument({ version: '1.18.1', backend: sys, mountPath: 'sys/', mountType: 'system', genericMountPaths: generic }),
      openApiDocument({ version: '1.18.1', backend: identity, mountPath: 'identity/', mountType: 'identity', genericMountPaths: generic }),
      openApiDocument({ version: '1.18.1', backend: token, mountPath: 'auth/token/', mountType: 'token', genericMountPaths: generic }),
    ]);

  it('prefixes paths with the mount path, names operations and schemas after the mount type, tags builtins', () => {
    const doc = merged(false);
    expect(doc.paths['/secret/config'].get?.operationId).toBe('kv-read-config');
    expect(doc.paths['/secret/config'].post?.requestBody).toEqual(body('KvWriteConfigRequest'));
    expect(doc.components.schemas).toHaveProperty('KvWriteConfigRequest');
    expect(doc.paths['/auth/my-users/users/{username}'].post?.requestBody).toEqual(body('UserpassWriteUsersUsernameRequest'));
    expect(doc.paths['/sys/mounts'].get?.tags).toEqual(['system']);
    expect(doc.paths['/identity/entity'].post?.tags).toEqual(['identity']); // replaces "secrets"
    expect(doc.paths['/auth/token/lookup-self'].get?.tags).toEqual(['auth']);
    expect(doc.paths['/secret/^.*$']).toEqual({});
    expect(Object.keys(doc.paths)).toEqual([...Object.keys(doc.paths)].sort());
    expect(doc.components.schemas.StandardListResponse).toEqual(expected.components.schemas.StandardListResponse);
  });

  it('with generic_mount_paths: {<mount>_mount_path} placeholders and parameters, except for singleton mounts', () => {
    const doc = merged(true);
    expect(doc.paths['/auth/{my_users_mount_path}/users/{username}'].parameters).toEqual([
      { name: 'username', in: 'path', schema: { type: 'string' }, required: true },
      { name: 'my_users_mount_path', description: 'Path that the backend was mounted at', in: 'path', schema: { type: 'string', default: 'my-users' }, required: true },
    ]);
    expect(JSON.stringify(Object.keys(doc.paths['/{secret_mount_path}/config']))).toBe('["description","parameters","x-vault-sudo","get","post"]');
    for (const p of ['/sys/mounts', '/identity/entity', '/auth/token/lookup-self']) expect(doc.paths).toHaveProperty([p]);
  });
});

describe('properties', () => {
  const piece = fc.constantFrom<[string, string | null]>(
    ['roles', null], ['config/', null], ['/?', null], ['(x|y/z)', null], ['(pem|der|delta)', null],
    ['NAME', 'generic'], ['ALL', 'all'], ['OPT', 'opt'],
  );
  const table = fc.array(fc.tuple(fc.array(piece, { minLength: 1, maxLength: 5 }), fc.subarray(['read', 'list', 'create', 'update', 'delete'] as const)), { minLength: 1, maxLength: 4 }).map((entries) => {
    const paths: PathSpec[] = entries.map(([pieces, ops], i) => {
      const fields: Record<string, FieldSchema> = { body_field: { type: 'string', required: true } };
      const pattern = pieces
        .map(([text, kind], j) => {
          const name = `p${i}_${j}`;
          if (kind !== null) fields[name] = { type: 'string' };
          return kind === 'generic' ? genericName(name) : kind === 'all' ? '/' + matchAll(name) : kind === 'opt' ? optionalParam(name) : text;
        })
        .join('');
      return { pattern, fields, operations: Object.fromEntries(ops.map((o) => [o, h])) };
    });
    return { help: '', backendType: 'logical', paths } satisfies BackendSpec;
  });

  it('every {name} in a path key is a required path parameter, and every path parameter is in the key', () => {
    fc.assert(
      fc.property(table, (backend) => {
        const doc = openApiDocument({ version: 'v', backend });
        for (const [key, item] of Object.entries(doc.paths)) {
          const inKey = [...key.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
          const params = (item.parameters ?? []).filter((p) => p.in === 'path');
          expect(params.map((p) => p.name).sort()).toEqual(inKey);
          for (const p of params) expect(p.required).toBe(true);
        }
      }),
    );
  });

  it('every documented path, parameters filled in, is matched by the pattern that documented it; every $ref resolves', () => {
    fc.assert(
      fc.property(table, (backend) => {
        for (const spec of backend.paths) {
          const doc = openApiDocument({ version: 'v', backend, onlyPath: { spec } });
          const re = compilePattern(spec.pattern);
          for (const key of Object.keys(doc.paths)) {
            if (key.endsWith('/') && doc.paths[key].get?.parameters?.some((p) => p.name === 'list')) continue; // list twin of a path
            expect(re.test(key.slice(1).replace(/\{\w+\}/g, 'v')), `${spec.pattern} → ${key}`).toBe(true);
          }
          const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
          for (const r of refs) expect(doc.components.schemas).toHaveProperty(r);
        }
      }),
    );
  });
});
