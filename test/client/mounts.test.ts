// The client finds each path's mount and KV version as `vault kv get` does (the
// sys/internal/ui/mounts preflight), against minivault itself (startVault: the real core behind
// the real HTTP server). Requests are counted by wrapping fetch.
import { afterEach, describe, expect, it } from 'vitest';
import { VaultClient, type FetchLike, type VaultClientOptions } from '../../src/client/index.js';
import { startVault } from '../../src/testing/index.js';
import { SeededRandom } from '../../src/util/random.js';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (open.length) await open.pop()!();
});

const PREFLIGHT = 'GET sys/internal/ui/mounts/';

async function boot() {
  const vault = await startVault({ clock: 'manual' });
  open.push(() => vault.close());
  const api = async (method: string, path: string, body?: unknown, token = vault.rootToken) => {
    const res = await fetch(`${vault.address}/v1/${path}`, {
      method, headers: { 'X-Vault-Token': token }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  // `secret/` is the dev server's KV v2 mount; `kgc/` another v2 mount; `old/` a KV v1 mount.
  expect((await api('POST', 'sys/mounts/kgc', { type: 'kv', options: { version: '2' } })).status).toBe(204);
  expect((await api('POST', 'sys/mounts/old', { type: 'kv' })).status).toBe(204);
  await api('POST', 'secret/data/app', { data: { from: 'secret' } });
  await api('POST', 'secret/data/other', { data: { from: 'secret-other' } });
  await api('POST', 'kgc/data/db', { data: { from: 'kgc' } });
  await api('POST', 'old/x', { from: 'old' });
  const requests: string[] = [];
  const counting: FetchLike = (url, init) => {
    requests.push(`${init.method} ${url.slice(url.indexOf('/v1/') + 4)}`);
    return globalThis.fetch(url, init) as unknown as ReturnType<FetchLike>;
  };
  const client = (extra: Partial<VaultClientOptions> = {}) => {
    const c = new VaultClient({
      address: vault.address, token: vault.rootToken, clock: vault.clock, fetch: counting, random: new SeededRandom(1), pollInterval: 60_000, ...extra,
    });
    open.push(() => c.close());
    return c;
  };
  const count = (prefix: string) => requests.filter((r) => r.startsWith(prefix)).length;
  return { vault, api, client, requests, count };
}

describe('VaultClient mount resolution', () => {
  it('reads secret/… and kgc/… from their v2 data paths and a v1 mount directly, with no kgc default', async () => {
    const { client, requests } = await boot();
    const c = client();
    expect(c.mount).toBeNull();
    expect(await c.getSecret('secret/app', 'from')).toBe('secret');
    expect(await c.getSecret('kgc/db', 'from')).toBe('kgc');
    expect(await c.getSecret('old/x', 'from')).toBe('old');
    expect(requests).toEqual([
      `${PREFLIGHT}secret/app`, 'GET secret/data/app',
      `${PREFLIGHT}kgc/db`, 'GET kgc/data/db',
      `${PREFLIGHT}old/x`, 'GET old/x',
    ]);
    expect(await c.locate('secret/app')).toEqual({ path: 'secret/app', mount: 'secret/', kvVersion: 2, apiPath: 'secret/data/app' });
    expect(await c.locate('old/x')).toEqual({ path: 'old/x', mount: 'old/', kvVersion: 1, apiPath: 'old/x' });
    await expect(c.getSecret('secret/missing')).rejects.toMatchObject({ kind: 'not-found', message: 'No value found at secret/data/missing' });
    await expect(c.getSecret('old/missing')).rejects.toMatchObject({ kind: 'not-found', message: 'No value found at old/missing' });
  });

  it('looks each mount up once: a path under a known mount prefix needs no preflight', async () => {
    const { vault, client, count } = await boot();
    const c = client();
    await c.getSecret('secret/app');
    await c.getSecret('secret/other');
    await c.getSecret('secret/app', undefined, { refresh: true });
    vault.clock.advance('10m'); // past cacheTtl: the value is read again, the mount is not
    await c.getSecret('secret/app');
    expect(count(PREFLIGHT)).toBe(1);
    expect(count('GET secret/data/')).toBe(4);
    await Promise.all([c.getSecret('kgc/db'), c.getSecret('kgc/db', undefined, { refresh: true })]);
    expect(count(PREFLIGHT)).toBe(2);
  });

  it('takes paths relative to the mount option, asking the server only for its version', async () => {
    const { client, requests } = await boot();
    const kgc = client({ mount: 'kgc' });
    expect(kgc.mount).toBe('kgc');
    expect(await kgc.getSecret('db', 'from')).toBe('kgc');
    expect(await kgc.getSecret('kgc/db', 'from')).toBe('kgc'); // the same key: a cache hit
    expect(requests).toEqual([`${PREFLIGHT}kgc`, 'GET kgc/data/db']);
    const old = client({ mount: '/old/' });
    expect(await old.getSecret('x', 'from')).toBe('old');
    expect(requests.slice(2)).toEqual([`${PREFLIGHT}old`, 'GET old/x']);
    // A path that is only the mount names no secret.
    await expect(client().getSecret('kgc')).rejects.toThrow('invalid secret path "kgc"');
  });

  it('reads a path as KV v1 when the preflight is denied or absent, and asks again next time', async () => {
    const { vault, client, count, requests } = await boot();
    const c = client({ cacheTtl: 0 });
    vault.vault.faults.inject({ path: 'sys/internal/ui/mounts/*', status: 403, errors: ['permission denied'] });
    expect(await c.getSecret('old/x', 'from')).toBe('old');
    expect(requests).toEqual([`${PREFLIGHT}old/x`, 'GET old/x']);
    // On a v2 mount the v1 read meets Vault's answer for a path outside data/.
    const err = await c.getSecret('kgc/db').catch((e) => e);
    expect(err).toMatchObject({ kind: 'not-found', status: 404, path: 'kgc/db' });
    expect(err.message).toContain('No value found at kgc/db');
    expect(err.message).toContain('Invalid path for a versioned K/V secrets engine');
    expect(requests.slice(2)).toEqual([`${PREFLIGHT}kgc/db`, 'GET kgc/db']);
    vault.vault.faults.clear();
    vault.vault.faults.inject({ path: 'sys/internal/ui/mounts/*', status: 404, times: 1 });
    expect(await c.getSecret('old/x', 'from')).toBe('old');
    expect(count(PREFLIGHT)).toBe(3);
    // Denials are not kept: once the preflight answers, the v2 mount is found.
    expect(await c.getSecret('kgc/db', 'from')).toBe('kgc');
    expect(requests.slice(-2)).toEqual([`${PREFLIGHT}kgc/db`, 'GET kgc/data/db']);
  });

  it('forgets a mount that went away and finds where the path lives now', async () => {
    const { api, client, count } = await boot();
    const c = client({ cacheTtl: 0 });
    expect(await c.getSecret('kgc/db', 'from')).toBe('kgc');
    expect((await api('DELETE', 'sys/mounts/kgc')).status).toBe(204);
    const gone = await c.getSecret('kgc/db').catch((e) => e);
    expect(gone).toMatchObject({ kind: 'not-found', status: 404 });
    expect(gone.errors.join(' ')).toContain('no handler for route');
    expect((await api('POST', 'sys/mounts/kgc', { type: 'kv' })).status).toBe(204);
    await api('POST', 'kgc/db', { from: 'kgc-v1' });
    expect(await c.getSecret('kgc/db', 'from')).toBe('kgc-v1');
    expect(count(PREFLIGHT)).toBe(2);
  });

  it('asks again after Vault refuses a read under a known mount (the token may no longer reach it)', async () => {
    const { api, client, count } = await boot();
    await api('PUT', 'sys/policy/db-only', { policy: 'path "kgc/data/db" { capabilities = ["read"] }' });
    const token = (await api('POST', 'auth/token/create', { policies: ['db-only'] })).body.auth.client_token as string;
    const c = client({ token, cacheTtl: 0 });
    expect(await c.getSecret('kgc/db', 'from')).toBe('kgc');
    expect(await c.getSecret('kgc/db', 'from')).toBe('kgc');
    expect(count(PREFLIGHT)).toBe(1);
    await expect(c.getSecret('kgc/other')).rejects.toMatchObject({ kind: 'permission-denied', status: 403 });
    expect(await c.getSecret('kgc/db', 'from')).toBe('kgc');
    expect(count(PREFLIGHT)).toBe(2);
  });

  it('refuses rotation and rollback on a KV v1 mount without writing', async () => {
    const { api, client, requests } = await boot();
    const c = client();
    await expect(c.rotate('old/x')).rejects.toMatchObject({ kind: 'invalid-request', message: 'rotation needs a KV v2 mount; old/ is KV v1' });
    await expect(c.rollback('old/x', 1)).rejects.toMatchObject({ kind: 'rollback-refused', message: 'K/V engine mount must be version 2 for rollback support' });
    expect(requests.filter((r) => !r.startsWith('GET'))).toEqual([]);
    expect((await api('GET', 'old/x')).body.data).toEqual({ from: 'old' });
    const r = await c.rotate('kgc/db');
    expect(r).toMatchObject({ path: 'kgc/db', field: 'api_key', version: 2 });
    expect(await c.getSecret('kgc/db', 'api_key')).toBe(r.value);
  });
});
