// One behavioural suite for two transports: `conformance(makeCall)` registers the same vitest
// tests against whatever `makeCall()` returns, so the in-process fetch handler (createVault) and
// the HTTP server (startVault) are held to identical answers. The flow is the init-less dev one
// most users' tests follow: mounts, KV v2, policies, tokens, audit devices, key status.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

export interface CallResult {
  status: number;
  /** Parsed JSON, or undefined for an empty body (204). */
  body: any;
}

export interface Caller {
  call(method: string, path: string, body?: unknown, token?: string): Promise<CallResult>;
  rootToken: string;
  close(): Promise<void>;
}

/** Turns a fetch Response into a CallResult, checking what every Vault answer carries. */
export async function readResult(res: Response): Promise<CallResult> {
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  const text = await res.text();
  if (text === '') return { status: res.status, body: undefined };
  expect(text.endsWith('\n')).toBe(true);
  return { status: res.status, body: JSON.parse(text) };
}

/** Builds the fetch init for a Vault call: JSON body, token header, merge-patch type for PATCH. */
export function requestInit(method: string, body: unknown, token: string | undefined): RequestInit {
  const headers: Record<string, string> = {};
  if (token !== undefined && token !== '') headers['X-Vault-Token'] = token;
  if (body !== undefined) headers['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
  return { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

/** The conformance suite: one `describe` per area, long because it is a list of test cases. */
export function conformance(makeCall: () => Promise<Caller>): void {
  let c: Caller;
  let call: Caller['call'];
  let dir: string;
  beforeAll(async () => {
    c = await makeCall();
    call = (method, path, body, token) => c.call(method, path, body, token ?? c.rootToken);
    dir = mkdtempSync(join(tmpdir(), 'minivault-conformance-'));
  });
  afterAll(async () => {
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('a dev vault', () => {
    it('starts initialised and unsealed with kv v2 at secret/', async () => {
      expect((await call('GET', '/v1/sys/seal-status')).body).toMatchObject({ initialized: true, sealed: false, t: 1, n: 1 });
      const mounts = await call('GET', '/v1/sys/mounts');
      expect(mounts.body.data['secret/']).toMatchObject({ type: 'kv', options: { version: '2' } });
      expect(mounts.body['secret/']).toEqual(mounts.body.data['secret/']);
    });

    it('enables, reads and disables a mount; a second enable at the same path conflicts', async () => {
      expect((await call('POST', '/v1/sys/mounts/conf-kv', { type: 'kv', options: { version: '2' } })).status).toBe(204);
      expect((await call('GET', '/v1/sys/mounts/conf-kv')).body.data).toMatchObject({ type: 'kv', options: { version: '2' } });
      const again = await call('POST', '/v1/sys/mounts/conf-kv', { type: 'kv' });
      expect(again.status).toBe(400);
      expect(again.body.errors[0]).toContain('path is already in use at conf-kv/');
      expect((await call('DELETE', '/v1/sys/mounts/conf-kv')).status).toBe(204);
      expect((await call('GET', '/v1/conf-kv/data/x')).status).toBe(404);
    });
  });

  describe('kv v2', () => {
    it('writes versions, reads them, lists keys, reads metadata and deletes', async () => {
      const v1 = await call('POST', '/v1/secret/data/conf/a', { data: { n: 1 } });
      expect([v1.status, v1.body.data.version]).toEqual([200, 1]);
      await call('POST', '/v1/secret/data/conf/a', { data: { n: 2 } });
      await call('POST', '/v1/secret/data/conf/b/c', { data: { x: 'y' } });
      const latest = await call('GET', '/v1/secret/data/conf/a');
      expect(latest.body.data).toMatchObject({ data: { n: 2 }, metadata: { version: 2, destroyed: false } });
      expect(latest.body.mount_type).toBe('kv');
      expect((await call('GET', '/v1/secret/data/conf/a?version=1')).body.data.data).toEqual({ n: 1 });
      expect((await call('LIST', '/v1/secret/metadata/conf')).body.data.keys).toEqual(['a', 'b/']);
      const meta = await call('GET', '/v1/secret/metadata/conf/a');
      expect(meta.body.data).toMatchObject({ current_version: 2, oldest_version: 0 });
      expect(Object.keys(meta.body.data.versions)).toEqual(['1', '2']);

      const patched = await call('PATCH', '/v1/secret/data/conf/a', { data: { m: 3 } });
      expect(patched.body.data.version).toBe(3);
      expect((await call('GET', '/v1/secret/data/conf/a')).body.data.data).toEqual({ n: 2, m: 3 });

      expect((await call('DELETE', '/v1/secret/data/conf/a')).status).toBe(204);
      const deleted = await call('GET', '/v1/secret/data/conf/a');
      expect(deleted.status).toBe(404);
      expect(deleted.body.data.data).toBeNull();
      expect(deleted.body.data.metadata.deletion_time).not.toBe('');
      expect((await call('DELETE', '/v1/secret/metadata/conf/a')).status).toBe(204);
      expect((await call('GET', '/v1/secret/metadata/conf/a')).body).toEqual({ errors: [] });
      expect((await call('LIST', '/v1/secret/metadata/conf')).body.data.keys).toEqual(['b/']);
    });

    it('refuses a write whose cas does not match and changes nothing', async () => {
      await call('POST', '/v1/secret/data/conf/cas', { data: { a: 1 } });
      const stale = await call('POST', '/v1/secret/data/conf/cas', { options: { cas: 0 }, data: { a: 2 } });
      expect(stale.status).toBe(400);
      expect(stale.body.errors[0]).toContain('check-and-set parameter did not match the current version');
      expect((await call('GET', '/v1/secret/data/conf/cas')).body.data).toMatchObject({ data: { a: 1 }, metadata: { version: 1 } });
    });
  });

  describe('policies and tokens', () => {
    it('writes a policy, gives it to a token, and the token is held to it', async () => {
      const policy = 'path "secret/data/conf/shared/*" { capabilities = ["read"] }';
      expect((await call('PUT', '/v1/sys/policies/acl/conf-reader', { policy })).status).toBe(204);
      expect((await call('GET', '/v1/sys/policies/acl/conf-reader')).body.data).toEqual({ name: 'conf-reader', policy });
      expect((await call('LIST', '/v1/sys/policies/acl')).body.data.keys).toContain('conf-reader');
      await call('POST', '/v1/secret/data/conf/shared/k', { data: { v: 1 } });

      const created = await call('POST', '/v1/auth/token/create', { policies: ['conf-reader'], ttl: '1h' });
      expect(created.body.auth).toMatchObject({ policies: ['conf-reader', 'default'], token_policies: ['conf-reader', 'default'], lease_duration: 3600, renewable: true });
      const token: string = created.body.auth.client_token;
      expect((await call('GET', '/v1/secret/data/conf/shared/k', undefined, token)).body.data.data).toEqual({ v: 1 });
      const denied = await call('POST', '/v1/secret/data/conf/shared/k', { data: {} }, token);
      expect([denied.status, denied.body]).toEqual([403, { errors: ['1 error occurred:\n\t* permission denied\n\n'] }]);

      const self = await call('GET', '/v1/auth/token/lookup-self', undefined, token);
      expect(self.body.data).toMatchObject({ id: token, policies: ['conf-reader', 'default'], ttl: 3600 });
      const renewed = await call('POST', '/v1/auth/token/renew-self', { increment: '30m' }, token);
      expect(renewed.body.auth).toMatchObject({ client_token: token, lease_duration: 1800 });
      expect((await call('POST', '/v1/auth/token/revoke-self', undefined, token)).status).toBe(204);
      expect((await call('GET', '/v1/auth/token/lookup-self', undefined, token))).toEqual({ status: 403, body: { errors: ['permission denied'] } });

      expect((await call('DELETE', '/v1/sys/policies/acl/conf-reader')).status).toBe(204);
      expect((await call('GET', '/v1/sys/policies/acl/conf-reader')).status).toBe(404);
    });

    it('refuses a request without a token', async () => {
      expect(await c.call('GET', '/v1/secret/data/conf/b/c')).toEqual({ status: 403, body: { errors: ['permission denied'] } });
    });
  });

  describe('audit devices', () => {
    it('enables a file device, logs to it, lists it, and disables it', async () => {
      const file = join(dir, 'audit.log');
      expect((await call('PUT', '/v1/sys/audit/conf-file', { type: 'file', options: { file_path: file } })).status).toBe(204);
      const listed = await call('GET', '/v1/sys/audit');
      expect(listed.body.data['conf-file/']).toMatchObject({ type: 'file', path: 'conf-file/', options: { file_path: file } });
      await call('GET', '/v1/secret/data/conf/b/c');
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.some((l) => l.type === 'response' && l.request.path === 'secret/data/conf/b/c')).toBe(true);
      expect(lines.every((l) => !JSON.stringify(l).includes(c.rootToken))).toBe(true);
      expect((await call('DELETE', '/v1/sys/audit/conf-file')).status).toBe(204);
      expect((await call('GET', '/v1/sys/audit')).body.data).toEqual({});
    });
  });

  describe('keyring', () => {
    it('reports key status and a rotation moves the term', async () => {
      const before = await call('GET', '/v1/sys/key-status');
      expect(before.body.data).toMatchObject({ term: expect.any(Number), encryptions: expect.any(Number) });
      expect(typeof before.body.data.install_time).toBe('string');
      expect((await call('PUT', '/v1/sys/rotate')).status).toBe(204);
      expect((await call('GET', '/v1/sys/key-status')).body.term).toBe(before.body.data.term + 1);
    });
  });
}
