// Help requests and the OpenAPI document (http/help.go, sdk/framework/openapi.go):
// `?help=1` through core on a KV v2 path, on sys/mounts and on a mount root (the root help
// layout), its errors (unsupported path in a mount, no handler, no token), ACL always allowing
// help, the same over HTTP with a real server (bare {help, openapi, see_also}, no envelope), and
// sys/internal/specs/openapi with and without a token.
import { describe, expect, it } from 'vitest';
import type { CoreResponse } from '../../src/core/types.js';
import { createVault, startVault, type TestVault } from '../../src/testing/index.js';

type Body = Record<string, any>;
const body = (r: CoreResponse) => r.body as Body;

const ROOT_PARAGRAPH =
  'The following paths are supported by this backend. To view help for\n' +
  'any of the paths below, use the help command with any route matching\n' +
  'the path pattern. Note that depending on the policy of your auth token,\n' +
  'you may or may not be able to access certain paths.';
const INFO = {
  title: 'HashiCorp Vault API',
  description: 'HTTP API that gives you full access to Vault. All API routes are prefixed with `/v1/`.',
  version: '1.18.1',
  license: { name: 'Mozilla Public License 2.0', url: 'https://www.mozilla.org/en-US/MPL/2.0' },
};
const UNSUPPORTED_PATH = '1 error occurred:\n\t* unsupported path\n\n';

/** A help request; `null` sends no token at all. */
const help = (vault: TestVault, path: string, token: string | null = vault.rootToken) =>
  vault.core.handle({ operation: 'read', path, token: token ?? undefined, help: true });

/** The root help's path list: [anchored regex, synopsis] pairs in the order shown. */
function rootRoutes(text: string): Array<[string, string]> {
  const paths = text.slice(text.indexOf(ROOT_PARAGRAPH) + ROOT_PARAGRAPH.length + 2);
  return paths.split('\n\n').map((entry) => {
    const [route, synopsis, ...rest] = entry.split('\n');
    expect(rest, entry).toEqual([]);
    expect(route, entry).toMatch(/^ {4}\^\S/);
    expect(synopsis, entry).toMatch(/^ {8}\S/);
    return [route!.slice(4), synopsis!.slice(8)];
  });
}

describe('?help=1 through core', () => {
  it('answers a KV v2 path with the bare {help, openapi, see_also} object in Vault\'s page layout', async () => {
    const vault = await createVault();
    const res = await help(vault, 'secret/data/app/db');
    expect(res.status).toBe(200);
    expect(Object.keys(body(res)).sort()).toEqual(['help', 'openapi', 'see_also']);
    expect(body(res).see_also).toBeNull();
    const text = body(res).help as string;
    expect(text).toMatch(/^Request: {8}data\/app\/db\nMatching Route: \^data\/.*\$\n\nWrite, Patch, Read, and Delete data in the Key-Value Store\.\n\n## PARAMETERS\n\n/);
    expect(text).toContain('\n\n    data (map)\n\n        The contents of the data map will be stored and returned on read.\n\n');
    // Parameters sorted by name, each "    name (type)".
    const params = [...text.matchAll(/^ {4}(\w+) \((\w[\w ()]*)\)$/gm)].map((m) => [m[1], m[2]]);
    expect(params).toEqual([['data', 'map'], ['options', 'map'], ['path', 'string'], ['version', 'int']]);
    expect(text).toMatch(/\n\n## DESCRIPTION\n\nThis path takes a key name and based on the operation stores, retrieves or\s+deletes versions of data\./);
    const openapi = body(res).openapi as Body;
    expect(openapi).toMatchObject({ openapi: '3.0.2', info: INFO });
    expect(Object.keys(openapi.paths)).toEqual(['/data/{path}']);
    expect(openapi.paths['/data/{path}']).toMatchObject({ description: 'Write, Patch, Read, and Delete data in the Key-Value Store.', 'x-vault-createSupported': true });
  });

  it('shows Vault\'s own route pattern and description for the KV v2 data path', async () => {
    const vault = await createVault();
    const text = body(await help(vault, 'secret/data/app/db')).help as string;
    expect(text).toContain('\nMatching Route: ^data/(?P<path>.*?[^/]$)$\n');
    expect(text).toContain('## DESCRIPTION\n\nThis path takes a key name and based on the operation stores, retrieves or\ndeletes versions of data.\n\nIf a write operation is used');
  });

  it('answers sys/mounts with its page and an OpenAPI document for that path only', async () => {
    const vault = await createVault();
    const res = await help(vault, 'sys/mounts');
    expect(res.status).toBe(200);
    const text = body(res).help as string;
    expect(text.startsWith('Request:        mounts\nMatching Route: ^mounts$\n\nList the currently mounted backends.\n\n\n## DESCRIPTION\n\n')).toBe(true);
    expect(Object.keys(body(res).openapi.paths)).toEqual(['/mounts']);
    expect(body(res).openapi.paths['/mounts'].get).toBeDefined();
  });

  it('shows Vault\'s method list as the sys/mounts description', async () => {
    const vault = await createVault();
    const text = body(await help(vault, 'sys/mounts')).help as string;
    expect(text).toContain('## DESCRIPTION\n\nThis path responds to the following HTTP methods.\n\n    GET /\n        Lists all the mounted secret backends.\n\n    GET /<mount point>\n        Get information about the mount at the specified path.');
  });

  it('answers a sys/ path with its fields listed in the page', async () => {
    const vault = await createVault();
    const text = body(await help(vault, 'sys/remount')).help as string;
    expect(text).toMatch(/^Request: {8}remount\nMatching Route: \^remount\$\n\n/);
    expect(text).toContain('## PARAMETERS\n\n    from (string)\n\n        The previous mount point.\n\n    to (string)\n\n        The new mount point.\n\n## DESCRIPTION\n\n');
  });

  it('answers a mount root with the root layout: description, the fixed paragraph, routes sorted with their synopses', async () => {
    const vault = await createVault();
    for (const mount of ['secret', 'secret/', 'sys']) {
      const res = await help(vault, mount);
      expect(res.status, mount).toBe(200);
      const text = body(res).help as string;
      expect(text.startsWith('## DESCRIPTION\n\n'), mount).toBe(true);
      const at = text.indexOf(`\n\n## PATHS\n\n${ROOT_PARAGRAPH}\n\n`);
      expect(at, mount).toBeGreaterThan('## DESCRIPTION\n\n'.length);
      const routes = rootRoutes(text);
      expect(routes.length, mount).toBeGreaterThan(3);
      const regexes = routes.map(([r]) => r);
      expect(regexes, mount).toEqual([...regexes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(text.endsWith(routes[routes.length - 1]![1]), mount).toBe(true);
    }
    const kv = body(await help(vault, 'secret')).help as string;
    const routes = new Map(rootRoutes(kv));
    expect(routes.get('^config$')).toBe('Configures settings for the KV store');
    const data = [...routes.keys()].find((r) => r.startsWith('^data/'));
    expect(routes.get(data!)).toBe('Write, Patch, Read, and Delete data in the Key-Value Store.');
    const openapi = body(await help(vault, 'secret')).openapi as Body;
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/config', '/data/{path}', '/metadata/{path}']));
    const sys = rootRoutes(body(await help(vault, 'sys')).help as string);
    expect(sys).toContainEqual(['^mounts$', 'List the currently mounted backends.']);
  });

  it('shows Vault\'s backend help texts at the sys/ and KV v2 roots', async () => {
    const vault = await createVault();
    expect((body(await help(vault, 'sys')).help as string).startsWith(
      '## DESCRIPTION\n\nThe system backend is built-in to Vault and cannot be remounted or\nunmounted. It contains the paths that are used to configure Vault itself\nas well as perform core operations.\n\n## PATHS',
    )).toBe(true);
    expect((body(await help(vault, 'secret')).help as string).startsWith(
      '## DESCRIPTION\n\nThis backend provides a versioned key-value store. The kv backend reads and\nwrites arbitrary secrets to the storage backend.',
    )).toBe(true);
  });

  it('answers the userpass root with its backend help', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/auth/userpass', { type: 'userpass' });
    const text = body(await help(vault, 'auth/userpass')).help as string;
    expect(text.startsWith(
      '## DESCRIPTION\n\nThe "userpass" credential provider allows authentication using\na combination of a username and password. No additional factors\nare supported.\n\n',
    )).toBe(true);
    expect(new Map(rootRoutes(text)).get('^login/(?P<username>\\w(([\\w-.]+)?\\w)?)$')).toBe('Log in with a username and password.');
  });

  it('answers 404 with the multierror unsupported path for an unknown path inside a mount', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/auth/userpass', { type: 'userpass' });
    for (const path of ['auth/token/nosuch/x', 'auth/userpass/nosuch', 'sys/nosuch/x']) {
      const res = await help(vault, path);
      expect([res.status, res.body], path).toEqual([404, { errors: [UNSUPPORTED_PATH] }]);
    }
  });

  it('answers 404 no handler for a path under no mount', async () => {
    const vault = await createVault();
    expect(await help(vault, 'nosuch/x')).toEqual({ status: 404, body: { errors: ['no handler for route "nosuch/x". route entry not found.'] } });
  });

  it('refuses a request without a token or with an unknown one with 403 permission denied', async () => {
    const vault = await createVault();
    const denied = { status: 403, body: { errors: ['permission denied'] } };
    expect(await help(vault, 'secret/data/x', null)).toEqual(denied);
    expect(await help(vault, 'secret/data/x', '')).toEqual(denied);
    expect(await help(vault, 'sys/mounts', 'hvs.nosuchtoken')).toEqual(denied);
  });

  it('needs no token on a login path', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/auth/userpass', { type: 'userpass' });
    const res = await help(vault, 'auth/userpass/login/alice', null);
    expect(res.status).toBe(200);
    expect(body(res).help).toMatch(/^Request: {8}login\/alice\n/);
  });

  it('is always allowed by the ACL, even on sudo paths and paths the policy does not name', async () => {
    const vault = await createVault();
    const token = await vault.createToken({ policies: ['default'] });
    expect((await help(vault, 'secret/data/x', token)).status).toBe(200);
    expect((await help(vault, 'sys/auth/userpass', token)).status).toBe(200);
    expect((await help(vault, 'sys/remount', token)).status).toBe(200);
    expect((await vault.request('read', 'secret/data/x', undefined, token)).status).toBe(403);
  });
});

describe('?help=1 over HTTP', () => {
  it('answers GET /v1/secret/data/x?help=1 with 200 and the bare help object, no envelope', async () => {
    await using v = await startVault();
    const res = await fetch(`${v.url}/v1/secret/data/x?help=1`, { headers: { 'X-Vault-Token': v.rootToken } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const json = await res.json() as Body;
    expect(Object.keys(json).sort()).toEqual(['help', 'openapi', 'see_also']);
    expect(json).not.toHaveProperty('request_id');
    expect(json.help).toMatch(/^Request: {8}data\/x\n/);
    expect(json.openapi.info).toEqual(INFO);
  });

  it('treats any non-empty help value as help and answers the errors as Vault does', async () => {
    await using v = await startVault();
    const headers = { 'X-Vault-Token': v.rootToken };
    expect((await (await fetch(`${v.url}/v1/sys/mounts?help=true`, { headers })).json() as Body).help).toMatch(/^Request: {8}mounts\n/);
    const nohandler = await fetch(`${v.url}/v1/nosuch/x?help=1`, { headers });
    expect(nohandler.status).toBe(404);
    expect(await nohandler.json()).toEqual({ errors: ['no handler for route "nosuch/x". route entry not found.'] });
    const denied = await fetch(`${v.url}/v1/secret/data/x?help=1`);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ errors: ['permission denied'] });
  });

  // BUG: Vault's wrapHelpHandler also treats the HTTP method HELP as a help request
  // (`req.URL.Query().Get("help") != "" || req.Method == "HELP"`, hashicorp/vault http/help.go);
  // minivault answers HELP /v1/secret/data/x with 405.
  it('treats the HELP method as a help request', async () => {
    await using v = await startVault();
    const res = await fetch(`${v.url}/v1/secret/data/x`, { method: 'HELP', headers: { 'X-Vault-Token': v.rootToken } });
    expect(res.status).toBe(200);
    expect(Object.keys(await res.json() as Body).sort()).toEqual(['help', 'openapi', 'see_also']);
  });
});

describe('sys/internal/specs/openapi', () => {
  it('answers the raw document with every mount the root token sees, mount paths prefixed', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/auth/userpass', { type: 'userpass' });
    const res = await vault.request('read', 'sys/internal/specs/openapi');
    expect(res.status).toBe(200);
    const doc = body(res);
    expect(Object.keys(doc)).toEqual(['openapi', 'info', 'paths', 'components']);
    expect(doc).not.toHaveProperty('request_id');
    expect(doc).toMatchObject({ openapi: '3.0.2', info: INFO });
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/secret/data/{path}', '/secret/metadata/{path}', '/sys/mounts', '/sys/mounts/{path}', '/auth/userpass/users/{username}',
    ]));
  });

  it('shows an unauthenticated caller only the mounts tuned listing_visibility=unauth', async () => {
    const vault = await createVault();
    const empty = await vault.handle({ operation: 'read', path: 'sys/internal/specs/openapi' });
    expect(empty.status).toBe(200);
    expect(body(empty)).toMatchObject({ openapi: '3.0.2', info: INFO, paths: {} });
    await vault.request('update', 'sys/mounts/secret/tune', { listing_visibility: 'unauth' });
    const paths = Object.keys(body(await vault.handle({ operation: 'read', path: 'sys/internal/specs/openapi' })).paths);
    expect(paths).toContain('/secret/data/{path}');
    expect(paths.filter((p) => !p.startsWith('/secret/'))).toEqual([]);
  });

  it('puts a {<mount>_mount_path} parameter in place of non-singleton mounts with generic_mount_paths', async () => {
    const vault = await createVault();
    const doc = body(await vault.request('read', 'sys/internal/specs/openapi', { generic_mount_paths: true }));
    const paths = Object.keys(doc.paths);
    expect(paths).toContain('/{secret_mount_path}/data/{path}');
    expect(paths).toContain('/sys/mounts');
    expect(paths.filter((p) => p.startsWith('/secret/'))).toEqual([]);
  });

  it('is served for POST too and over HTTP as raw JSON', async () => {
    await using v = await startVault();
    const post = await v.vault.request('update', 'sys/internal/specs/openapi', {});
    expect(post.status).toBe(200);
    expect(Object.keys(body(post).paths)).toContain('/sys/mounts');
    const res = await fetch(`${v.url}/v1/sys/internal/specs/openapi`, { headers: { 'X-Vault-Token': v.rootToken } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const json = await res.json() as Body;
    expect(Object.keys(json)).toEqual(['openapi', 'info', 'paths', 'components']);
    expect(json.paths).toHaveProperty(['/secret/data/{path}']);
    const anon = await (await fetch(`${v.url}/v1/sys/internal/specs/openapi`)).json() as Body;
    expect(anon.paths).toEqual({});
  });
});
