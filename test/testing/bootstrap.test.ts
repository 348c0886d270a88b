// Bootstrap fixtures: examples/kgc.json reproduces the seed through the API; bad fixtures are
// refused with an error naming the entry and field, before anything is written.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serverCommand } from '../../src/server/server-command.js';
import { BootstrapError, createVault, startVault, validateBootstrap, type BootstrapFixture } from '../../src/testing/index.js';
import { deferred } from '../support/deferred.js';

const KGC = join(import.meta.dirname, '..', '..', 'examples', 'kgc.json');
const SEED_META = { environment: 'production', quorum_required: '3', rotation_days: '30' };
type Body = { data: Record<string, any>; errors?: string[] };

describe('bootstrap fixtures', () => {
  it('reproduces the seed from examples/kgc.json: mount config, policies, secrets, tokens, audit', async () => {
    const v = await createVault({ bootstrap: KGC });
    const config = (await v.request('read', 'kgc/config')).body as Body;
    expect(config.data.max_versions).toBe(10);
    expect(((await v.request('list', 'sys/policies/acl')).body as Body).data.keys).toEqual(expect.arrayContaining(['kgc-read', 'kgc-rotate']));
    for (const name of ['api-credentials', 'encryption-credentials', 'database-credentials']) {
      const meta = (await v.kv('kgc').metadata(name))!;
      expect(meta.custom_metadata).toEqual(SEED_META);
      expect(meta.current_version).toBe(1);
    }
    const app = 'kgc-app-token';
    const self = (await v.request('read', 'auth/token/lookup-self', undefined, app)).body as Body;
    expect(self.data.policies).toEqual(['default', 'kgc-read']);
    expect((await v.request('read', 'kgc/data/api-credentials', undefined, app)).status).toBe(200);
    expect((await v.request('read', 'kgc/metadata/api-credentials', undefined, app)).status).toBe(200);
    expect((await v.request('update', 'auth/token/renew-self', {}, app)).status).toBe(200);
    expect((await v.request('update', 'kgc/data/api-credentials', { data: { x: 1 } }, app)).status).toBe(403);
    const rot = 'kgc-rotate-token';
    expect((await v.request('update', 'kgc/data/api-credentials', { data: { x: 1 } }, rot)).status).toBe(200);
    expect((await v.request('update', 'kgc/destroy/api-credentials', { versions: [1] }, rot)).status).toBe(204);
    expect((await v.request('update', 'kgc/config', { max_versions: 1 }, rot)).status).toBe(403);
    expect(v.audit.memory('memory/')!.entries().length).toBeGreaterThan(0);
  });

  it('writes every listed version in order and applies per-secret metadata', async () => {
    const v = await createVault({
      bootstrap: { secrets: { 'secret/app/db': { versions: [{ p: 1 }, { p: 2 }, { p: 3 }], max_versions: 5, custom_metadata: { owner: 'x' } } } },
    });
    const meta = (await v.kv().metadata('app/db'))!;
    expect(meta.current_version).toBe(3);
    expect(meta.max_versions).toBe(5);
    expect((await v.kv().get('app/db', { version: 2 }))?.data).toEqual({ p: 2 });
  });

  it('is applied by startVault and survives reset()', async () => {
    await using s = await startVault({ bootstrap: KGC });
    const res = await fetch(`${s.url}/v1/kgc/data/database-credentials`, { headers: { 'X-Vault-Token': 'kgc-app-token' } });
    expect(((await res.json()) as Body).data.data.username).toBe('kgc_app');
    await s.vault.kv('kgc').put('api-credentials', { api_key: 'changed' });
    await s.vault.reset();
    expect((await s.vault.kv('kgc').get('api-credentials'))?.data?.api_key).toBe('kgc-api-key-v1');
  });

  const bad: Array<[string, unknown, string]> = [
    ['an unknown top-level key', { mount: {} }, 'bootstrap: fixture.mount: unknown key'],
    ['an unknown mount key', { mounts: { kgc: { type: 'kv', version: 2 } } }, 'bootstrap: mounts["kgc"].version: unknown key'],
    ['a mount without type', { mounts: { kgc: {} } }, 'bootstrap: mounts["kgc"].type: required'],
    ['an unknown kv config key', { mounts: { kgc: { type: 'kv', config: { max_version: 3 } } } }, 'bootstrap: mounts["kgc"].config.max_version: unknown key'],
    ['a policy given as a bare string', { policies: { p: 'path "a" {}' } }, 'bootstrap: policies["p"]: expected an object'],
    ['a secret outside any kv mount', { secrets: { 'nowhere/app': { versions: [{ a: 1 }] } } }, 'bootstrap: secrets["nowhere/app"]: no kv mount'],
    ['a secret without versions', { secrets: { 'secret/app': { custom_metadata: {} } } }, 'bootstrap: secrets["secret/app"].versions: required'],
    ['an empty version list', { secrets: { 'secret/app': { versions: [] } } }, 'bootstrap: secrets["secret/app"].versions: expected a non-empty list'],
    ['a non-object version', { secrets: { 'secret/app': { versions: [1] } } }, 'bootstrap: secrets["secret/app"].versions[0]: expected an object'],
    ['non-string custom metadata', { secrets: { 'secret/app': { versions: [{}], custom_metadata: { n: 3 } } } }, 'bootstrap: secrets["secret/app"].custom_metadata: expected an object of strings'],
    ['a token with policies as a string', { tokens: { t: { policies: 'kgc-read' } } }, 'bootstrap: tokens["t"].policies: expected a list of strings'],
    ['a token with an unknown key', { tokens: { t: { policies: [], ttl: '1h', tll: '1h' } } }, 'bootstrap: tokens["t"].tll: unknown key'],
    ['an unknown audit device type', { audit: { a: { type: 'syslog' } } }, 'bootstrap: audit["a"].type: unknown audit device type "syslog"'],
  ];
  it.each(bad)('refuses %s, naming the entry and field', async (_name, fixture, message) => {
    expect(() => validateBootstrap(fixture)).toThrow(BootstrapError);
    await expect(createVault({ bootstrap: fixture as BootstrapFixture })).rejects.toThrow(message);
  });

  it('passes the API error of a bad policy through, naming the policy', async () => {
    const fixture = { policies: { 'kgc-read': { policy: 'path "kgc/data/*" { capabilities = ["read"' } } };
    await expect(createVault({ bootstrap: fixture })).rejects.toThrow(/^bootstrap: policies\["kgc-read"\]\.policy: failed to parse policy: /);
  });

  it('passes the API error of a bad token ttl through, naming the token', async () => {
    await expect(createVault({ bootstrap: { tokens: { t: { policies: [], ttl: 'soon' } } } })).rejects.toThrow(/^bootstrap: tokens\["t"\]: /);
  });

  it('names the file when it is not JSON', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mv-boot-')), 'bad.json');
    writeFileSync(file, '{ mounts: ');
    await expect(createVault({ bootstrap: file })).rejects.toThrow(`bootstrap: ${file}: `);
  });
});

describe('minivault server -bootstrap', () => {
  const io = (env: Record<string, string> = {}) => {
    let out = '';
    const listening = deferred<string>();
    const write = (s: string) => {
      out += s;
      const url = /^Api Address: (\S+)$/m.exec(out)?.[1];
      if (url && /Root Token/.test(out)) listening.resolve(url);
    };
    return { io: { stdout: write, stderr: write, stdin: undefined as never, env }, out: () => out, listening: listening.promise };
  };

  it('applies the fixture after dev init', async () => {
    const before = new Set(process.listeners('SIGTERM'));
    const { io: cli, listening } = io();
    const exited = serverCommand(['-dev', '-dev-no-store-token', '-dev-listen-address=127.0.0.1:0', `-bootstrap=${KGC}`], cli);
    const url = await listening;
    const res = await fetch(`${url}/v1/kgc/data/api-credentials`, { headers: { 'X-Vault-Token': 'kgc-app-token' } });
    expect(((await res.json()) as Body).data.data.api_key).toBe('kgc-api-key-v1');
    const stop = process.listeners('SIGTERM').find((l) => !before.has(l))!;
    (stop as () => void)();
    expect(await exited).toBe(0);
  });

  it('exits 1 with the fixture error and does not listen for a bad fixture', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mv-boot-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ tokens: { t: { policies: 'x' } } }));
    const { io: cli, out } = io();
    expect(await serverCommand(['-dev', '-dev-no-store-token', '-dev-listen-address=127.0.0.1:0', `-bootstrap=${file}`], cli)).toBe(1);
    expect(out()).toContain('bootstrap: tokens["t"].policies: expected a list of strings');
    expect(out()).not.toContain('Api Address');
  });

  it('reads -config as Vault\'s server configuration, so a fixture there is refused before anything listens', async () => {
    const { io: cli, out } = io();
    expect(await serverCommand([`-config=${KGC}`], cli)).toBe(1);
    expect(out()).toContain('A storage backend must be specified');
    expect(out()).not.toContain('Api Address');
  });
});
