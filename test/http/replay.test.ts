// Replays, byte for byte over a socket, the requests node-vault, hvac and the vault CLI send
// (captured from those clients), against startVault's real server and core; then bad input over the
// wire. Every answer is checked the way those clients read it: status, exact Content-Type,
// Cache-Control, body shape, and the trailing newline of Go's json.Encoder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { RawClient, exchange, header, requestText, type RawResponse } from './helpers.js';

interface Sent {
  status: number;
  res: RawResponse;
  body: any;
}

const HV = ['X-Vault-Request: true'];
const JSON_TYPE = ['Content-Type: application/json'];
const MERGE_PATCH = ['Content-Type: application/merge-patch+json'];

/** Sends one request on a fresh connection and checks the envelope every Vault answer shares. */
async function send(vault: StartedVault, method: string, path: string, opts: { body?: unknown; token?: string | null; headers?: string[] } = {}): Promise<Sent> {
  const fields = [...(opts.headers ?? [])];
  const token = opts.token === undefined ? vault.rootToken : opts.token;
  if (token !== null) fields.push(`X-Vault-Token: ${token}`);
  const text = opts.body === undefined ? '' : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const client = new RawClient(vault.port);
  await client.write(requestText(method, path, fields, text));
  const res = await client.next(method === 'HEAD');
  client.destroy();
  return checked(res, method === 'HEAD');
}

function checked(res: RawResponse, head = false): Sent {
  expect(header(res, 'content-type')).toBe('application/json');
  expect(header(res, 'cache-control')).toBe('no-store');
  if (res.status === 204 || head) {
    expect(res.body).toBe('');
    return { status: res.status, res, body: undefined };
  }
  expect(res.body.endsWith('}\n')).toBe(true);
  return { status: res.status, res, body: JSON.parse(res.body) };
}

function expectEnvelope(body: any, mountType: string): void {
  expect(Object.keys(body).slice(-9)).toEqual(['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth', 'mount_type']);
  expect(body.request_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(body.mount_type).toBe(mountType);
}

describe('a vault brought up by clients: init, unseal, seal, rekey (rows 1-6, 21, 22)', () => {
  let vault: StartedVault;
  beforeAll(async () => { vault = await startVault({ dev: false }); });
  afterAll(async () => { await vault.close(); });

  it('replays the lifecycle hvac, node-vault and the CLI drive', async () => {
    const health0 = await send(vault, 'GET', '/v1/sys/health', { token: null, headers: HV });
    expect([health0.status, health0.body.initialized]).toEqual([501, false]);
    expect((await send(vault, 'GET', '/v1/sys/init', { token: null })).body).toEqual({ initialized: false });
    const early = await send(vault, 'PUT', '/v1/sys/unseal', { token: null, body: { migrate: false, key: 'abcd' } });
    expect([early.status, early.body]).toEqual([400, { errors: ['Vault is not initialized'] }]);

    const init = await send(vault, 'PUT', '/v1/sys/init', { token: null, headers: HV, body: { secret_shares: 5, secret_threshold: 3, root_token_pgp_key: null } });
    expect(init.status).toBe(200);
    expect(Object.keys(init.body)).toEqual(['keys', 'keys_base64', 'root_token']);
    expect(init.body.keys).toHaveLength(5);
    const root: string = init.body.root_token;

    const sealed = await send(vault, 'GET', '/v1/sys/seal-status', { token: null });
    expect(sealed.body).toMatchObject({ type: 'shamir', initialized: true, sealed: true, t: 3, n: 5, progress: 0 });
    expect((await send(vault, 'GET', '/v1/sys/health?standbyok=true&sealedcode=503', { token: null })).status).toBe(503);
    expect((await send(vault, 'GET', '/v1/sys/mounts', { token: root })).body).toEqual({ errors: ['Vault is sealed'] });

    const one = await send(vault, 'PUT', '/v1/sys/unseal', { token: null, headers: HV, body: { migrate: false, key: init.body.keys[0] } });
    expect(one.body).toMatchObject({ sealed: true, progress: 1 });
    const reset = await send(vault, 'PUT', '/v1/sys/unseal', { token: null, headers: HV, body: { migrate: false, reset: true } });
    expect(reset.body).toMatchObject({ sealed: true, progress: 0 });
    for (const key of init.body.keys.slice(0, 2)) await send(vault, 'PUT', '/v1/sys/unseal', { token: null, body: { key } });
    const done = await send(vault, 'PUT', '/v1/sys/unseal', { token: null, body: { key: init.body.keys_base64[2] } });
    expect(done.body).toMatchObject({ sealed: false, t: 3, n: 5, progress: 0 });

    const head = await send(vault, 'HEAD', '/v1/sys/health', { token: null, headers: HV });
    expect(head.status).toBe(200);
    const leader = await send(vault, 'GET', '/v1/sys/leader', { token: null });
    expect(leader.body).toMatchObject({ ha_enabled: false });

    const rekeyIdle = await send(vault, 'GET', '/v1/sys/rekey/init', { token: null });
    expect(rekeyIdle.body).toMatchObject({ started: false });
    const rekey = await send(vault, 'PUT', '/v1/sys/rekey/init', { token: null, body: { secret_shares: 3, secret_threshold: 2, require_verification: false } });
    expect(rekey.body).toMatchObject({ started: true, n: 3, t: 2, progress: 0 });
    const cancel = await send(vault, 'DELETE', '/v1/sys/rekey/init', { token: null, body: { nonce: rekey.body.nonce } });
    expect([cancel.status, cancel.body]).toEqual([204, undefined]);

    expect((await send(vault, 'PUT', '/v1/sys/seal', { token: root, headers: HV })).status).toBe(204);
    expect((await send(vault, 'GET', '/v1/sys/seal-status', { token: null })).body.sealed).toBe(true);
  });
});

describe('the calls of a dev vault (rows 7-20, 23)', () => {
  let vault: StartedVault;
  let dir: string;
  beforeAll(async () => {
    vault = await startVault();
    dir = mkdtempSync(join(tmpdir(), 'minivault-replay-'));
  });
  afterAll(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('looks up, creates, renews and revokes tokens with hvac and node-vault bodies', async () => {
    const self = await send(vault, 'GET', '/v1/auth/token/lookup-self', { headers: HV });
    expectEnvelope(self.body, 'token');
    expect(self.body.data).toMatchObject({ id: vault.rootToken, policies: ['root'] });
    const created = await send(vault, 'POST', '/v1/auth/token/create', {
      headers: [...HV, ...JSON_TYPE],
      body: { policies: ['default'], ttl: '1h', renewable: true, meta: { app: 'x' }, no_default_policy: false, display_name: 'x', num_uses: 0, explicit_max_ttl: '24h', no_parent: false },
    });
    expect(created.status).toBe(200);
    expectEnvelope(created.body, 'token');
    const { client_token: child, accessor } = created.body.auth;
    expect(created.body.auth).toMatchObject({ policies: ['default'], lease_duration: 3600, renewable: true, metadata: { app: 'x' } });

    expect((await send(vault, 'POST', '/v1/auth/token/renew-self', { token: child, body: {} })).body.auth.lease_duration).toBe(3600);
    expect((await send(vault, 'POST', '/v1/auth/token/renew-self', { token: child, body: { increment: '30m' } })).body.auth.lease_duration).toBe(1800);
    expect((await send(vault, 'POST', '/v1/auth/token/lookup', { body: { token: child } })).body.data.accessor).toBe(accessor);
    expect((await send(vault, 'POST', '/v1/auth/token/lookup-accessor', { body: { accessor } })).body.data.id).toBe('');
    expect((await send(vault, 'POST', '/v1/auth/token/revoke-accessor', { body: { accessor } })).status).toBe(204);
    const gone = await send(vault, 'GET', '/v1/auth/token/lookup-self', { token: child });
    expect([gone.status, gone.body]).toEqual([403, { errors: ['permission denied'] }]);

    const a = (await send(vault, 'POST', '/v1/auth/token/create', { body: { policies: ['default'] } })).body.auth.client_token;
    expect((await send(vault, 'POST', '/v1/auth/token/revoke', { body: { token: a } })).status).toBe(204);
    const b = (await send(vault, 'POST', '/v1/auth/token/create', { body: {} })).body.auth.client_token;
    expect((await send(vault, 'POST', '/v1/auth/token/revoke-self', { token: b })).status).toBe(204);
    expect((await send(vault, 'POST', '/v1/auth/token/lookup', { body: { token: b } })).status).toBe(403);
  });

  it('lists, enables, tunes and disables mounts with top-level data injection', async () => {
    const mounts = await send(vault, 'GET', '/v1/sys/mounts', { headers: HV });
    expect(mounts.body['secret/']).toMatchObject({ type: 'kv', options: { version: '2' } });
    expect(mounts.body.data['secret/']).toEqual(mounts.body['secret/']);
    expectEnvelope(mounts.body, 'system');
    const enable = await send(vault, 'POST', '/v1/sys/mounts/kv-replay', { body: { type: 'kv', options: { version: '2' }, description: 'r', config: { default_lease_ttl: '1h' } } });
    expect(enable.status).toBe(204);
    const tune = await send(vault, 'GET', '/v1/sys/mounts/kv-replay/tune');
    expect(tune.body).toMatchObject({ default_lease_ttl: 3600, description: 'r' });
    expect((await send(vault, 'POST', '/v1/sys/mounts/kv-replay/tune', { body: { max_lease_ttl: '2h' } })).status).toBe(204);
    expect((await send(vault, 'GET', '/v1/sys/mounts/kv-replay/tune')).body.max_lease_ttl).toBe(7200);
    const ui = await send(vault, 'GET', '/v1/sys/internal/ui/mounts/kv-replay');
    expect(ui.body.data).toMatchObject({ path: 'kv-replay/', type: 'kv', options: { version: '2' } });
    expect((await send(vault, 'DELETE', '/v1/sys/mounts/kv-replay')).status).toBe(204);
    expect((await send(vault, 'GET', '/v1/sys/mounts')).body['kv-replay/']).toBeUndefined();
  });

  it('writes, reads, lists and deletes policies through the legacy and the acl paths', async () => {
    expect((await send(vault, 'PUT', '/v1/sys/policy/nv', { body: { name: 'nv', rules: 'path "a/*" { capabilities = ["read"] }' } })).status).toBe(200);
    expect((await send(vault, 'PUT', '/v1/sys/policy/hv', { body: { policy: 'path "b/*" { capabilities = ["read"] }' } })).status).toBe(204);
    const legacy = await send(vault, 'GET', '/v1/sys/policy');
    expect(legacy.body.policies).toEqual(['default', 'hv', 'nv', 'root']);
    expect(legacy.body.data.keys).toEqual(legacy.body.policies);
    expect((await send(vault, 'GET', '/v1/sys/policy/nv')).body).toMatchObject({ name: 'nv', rules: 'path "a/*" { capabilities = ["read"] }' });

    expect((await send(vault, 'PUT', '/v1/sys/policies/acl/cli', { body: { policy: 'path "c/*" { capabilities = ["list"] }' } })).status).toBe(204);
    for (const [method, path] of [['LIST', '/v1/sys/policies/acl'], ['GET', '/v1/sys/policies/acl?list=true']]) {
      const listed = await send(vault, method!, path!, { headers: HV });
      expect(listed.body.data.keys).toEqual(['cli', 'default', 'hv', 'nv', 'root']);
      expect(listed.body.keys).toBeUndefined();
    }
    expect((await send(vault, 'GET', '/v1/sys/policies/acl/cli')).body.data).toEqual({ name: 'cli', policy: 'path "c/*" { capabilities = ["list"] }' });
    for (const p of ['/v1/sys/policies/acl/cli', '/v1/sys/policy/nv', '/v1/sys/policy/hv']) expect((await send(vault, 'DELETE', p)).status).toBe(204);
    expect((await send(vault, 'GET', '/v1/sys/policies/acl/cli')).body).toEqual({ errors: [] });
  });

  it('enables audit devices with the node-vault, hvac and CLI bodies, hashes, lists and disables', async () => {
    const nv = await send(vault, 'PUT', '/v1/sys/audit/testlog', { body: { name: 'testlog', type: 'file', options: { file_path: join(dir, 'nv.log') } } });
    expect(nv.status).toBe(204);
    const hv = await send(vault, 'POST', '/v1/sys/audit/hv', { headers: HV, body: { type: 'file', description: 'hv', options: { file_path: join(dir, 'hv.log') }, local: false } });
    expect(hv.status).toBe(204);
    const cli = await send(vault, 'PUT', '/v1/sys/audit/file/', { body: { type: 'file', description: '', options: { file_path: join(dir, 'cli.log') }, local: false } });
    expect(cli.status).toBe(204);
    const audits = await send(vault, 'GET', '/v1/sys/audit');
    expect(Object.keys(audits.body.data).sort()).toEqual(['file/', 'hv/', 'testlog/']);
    expect(audits.body['testlog/']).toMatchObject({ type: 'file', path: 'testlog/' });
    const hash = await send(vault, 'POST', '/v1/sys/audit-hash/hv', { body: { input: 'secret' } });
    expect(hash.body.hash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    for (const p of ['testlog', 'hv', 'file']) expect((await send(vault, 'DELETE', `/v1/sys/audit/${p}`)).status).toBe(204);
    expect((await send(vault, 'GET', '/v1/sys/audit')).body.data).toEqual({});
  });

  it('answers capabilities-self, key-status and rotate', async () => {
    const caps = await send(vault, 'POST', '/v1/sys/capabilities-self', { body: { paths: ['secret/data/x'] } });
    expect(caps.body).toMatchObject({ capabilities: ['root'], 'secret/data/x': ['root'] });
    const before = await send(vault, 'GET', '/v1/sys/key-status');
    expect(before.body).toMatchObject({ term: 1 });
    expect((await send(vault, 'PUT', '/v1/sys/rotate')).status).toBe(204);
    expect((await send(vault, 'GET', '/v1/sys/key-status')).body.term).toBe(2);
  });

  it('drives KV v2 the way hvac, node-vault and the CLI do', async () => {
    const write = await send(vault, 'POST', '/v1/secret/data/app/db', { headers: HV, body: { options: {}, data: { user: 'u', pass: 'p' } } });
    expectEnvelope(write.body, 'kv');
    expect(write.body.data.version).toBe(1);
    const cas = await send(vault, 'POST', '/v1/secret/data/app/db', { body: { options: { cas: 1 }, data: { user: 'u2' } } });
    expect(cas.body.data.version).toBe(2);
    const stale = await send(vault, 'POST', '/v1/secret/data/app/db', { body: { options: { cas: 1 }, data: {} } });
    expect(stale.status).toBe(400);
    const patch = await send(vault, 'PATCH', '/v1/secret/data/app/db', { headers: MERGE_PATCH, body: { data: { pass: 'q' } } });
    expect(patch.body.data.version).toBe(3);
    expect((await send(vault, 'GET', '/v1/secret/data/app/db')).body.data.data).toEqual({ user: 'u2', pass: 'q' });
    expect((await send(vault, 'GET', '/v1/secret/data/app/db?version=1')).body.data.data).toEqual({ user: 'u', pass: 'p' });
    for (const [method, path] of [['LIST', '/v1/secret/metadata/app'], ['GET', '/v1/secret/metadata/app?list=true'], ['GET', '/v1/secret/metadata/app/?list=True']]) {
      expect((await send(vault, method!, path!)).body.data.keys).toEqual(['db']);
    }
    expect((await send(vault, 'POST', '/v1/secret/destroy/app/db', { body: { versions: [1] } })).status).toBe(204);
    const destroyed = await send(vault, 'GET', '/v1/secret/data/app/db?version=1');
    expect(destroyed.status).toBe(404);
    expect(destroyed.body.data).toMatchObject({ data: null, metadata: { version: 1, destroyed: true } });
    expect(destroyed.body.errors).toBeUndefined();
    expect((await send(vault, 'DELETE', '/v1/secret/metadata/app/db')).status).toBe(204);
    expect((await send(vault, 'LIST', '/v1/secret/metadata/app')).body).toEqual({ errors: [] });
  });
});

describe('bad input over the wire', () => {
  let vault: StartedVault;
  beforeAll(async () => { vault = await startVault(); });
  afterAll(async () => { await vault.close(); });

  async function stillServes(): Promise<void> {
    const ok = await send(vault, 'GET', '/v1/sys/seal-status', { token: null });
    expect([ok.status, ok.body.sealed]).toEqual([200, false]);
  }

  it('answers malformed JSON with Vault\'s message on logical and raw routes', async () => {
    const logical = await send(vault, 'PUT', '/v1/secret/data/x', { body: '{"data":' });
    expect([logical.status, logical.body]).toEqual([400, { errors: ['error parsing JSON'] }]);
    const raw = await send(vault, 'PUT', '/v1/sys/unseal', { token: null, body: '{nope' });
    expect([raw.status, raw.body]).toEqual([400, { errors: ["failed to parse JSON input: invalid character 'n' looking for beginning of object key string"] }]);
    await stillServes();
  });

  it('answers any body whose first JSON value is broken with 400, writes nothing, and keeps serving', async () => {
    const broken = fc.tuple(fc.constantFrom('}', ']', ':', ',', 'x', "'", '<', '{"a":}', '[1,'), fc.string({ maxLength: 40 }))
      .map(([head, tail]) => head + tail);
    await fc.assert(fc.asyncProperty(broken, async (text) => {
      const r = await send(vault, 'POST', '/v1/secret/data/fuzz', { body: text });
      expect([r.status, r.body]).toEqual([400, { errors: ['error parsing JSON'] }]);
    }), { numRuns: 40 });
    expect((await send(vault, 'GET', '/v1/secret/data/fuzz')).status).toBe(404);
    await stillServes();
  });

  it('refuses PATCH without the merge-patch content type with 415', async () => {
    const r = await send(vault, 'PATCH', '/v1/secret/data/x', { headers: JSON_TYPE, body: { data: {} } });
    expect([r.status, r.body]).toEqual([415, { errors: ['PATCH requires Content-Type of application/merge-patch+json, provided application/json'] }]);
    await stillServes();
  });

  it('answers a 33 MiB body with 413 and keeps serving', async () => {
    const client = new RawClient(vault.port);
    const size = 33 * 1024 * 1024;
    await client.write(`PUT /v1/secret/data/big HTTP/1.1\r\nHost: h\r\nX-Vault-Token: ${vault.rootToken}\r\nContent-Length: ${size}\r\n\r\n{"data":{"a":"`);
    client.write(Buffer.alloc(1024 * 1024, 'a')).catch(() => undefined);
    const r = checked(await client.next());
    expect(r.status).toBe(413);
    client.destroy();
    expect((await send(vault, 'GET', '/v1/secret/data/big')).status).toBe(404);
    await stillServes();
  });

  it('answers an unknown method with 405 and an empty error list', async () => {
    const r = await send(vault, 'BREW', '/v1/secret/data/x');
    expect([r.status, r.body]).toEqual([405, { errors: [] }]);
    await stillServes();
  });

  it('refuses a %2e%2e path with 400', async () => {
    const r = await send(vault, 'GET', '/v1/secret/data/a/%2e%2e/b');
    expect(r.status).toBe(400);
    expect(r.body.errors).toHaveLength(1);
    await stillServes();
  });

  it('refuses a header with a control byte with 400', async () => {
    const { responses, client } = await exchange(vault.port, `GET /v1/sys/health HTTP/1.1\r\nHost: h\r\nX-Odd: a\x01b\r\n\r\n`);
    expect(responses[0]!.status).toBe(400);
    client.destroy();
    await stillServes();
  });

  it('answers an unsupported sys path 404 with x-minivault-unsupported, never 501', async () => {
    for (const [method, path] of [['GET', '/v1/sys/replication/status'], ['POST', '/v1/sys/plugins/reload/backend'], ['GET', '/v1/sys/internal/counters/activity']]) {
      const r = await send(vault, method!, path!, { body: method === 'POST' ? {} : undefined });
      expect(r.status).toBe(404);
      expect(header(r.res, 'x-minivault-unsupported')).toBe('true');
    }
    const known = await send(vault, 'GET', '/v1/sys/mounts');
    expect(header(known.res, 'x-minivault-unsupported')).toBeUndefined();
    await stillServes();
  });
});
