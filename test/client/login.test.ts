// VaultClient logging in with an auth method against minivault itself (in process, on the vault's
// manual clock): AppRole, userpass, JWT and Kubernetes (the real method, against the fake
// kube-apiserver, the token read from a file as Vault Agent reads it), re-logging in when the token
// reaches its max TTL or is revoked, and still falling back to the environment while Vault is down.
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterEach, describe, expect, it } from 'vitest';
import { durationMs, VaultClient, type FetchLike, type VaultClientAuth, type VaultClientOptions } from '../../src/client/index.js';
import { startFakeKubeApiServer } from '../../src/testing/fake-kube-apiserver.js';
import { createVault, type BootstrapFixture } from '../../src/testing/index.js';
import { SeededRandom } from '../../src/util/random.js';
import { record } from './helpers.js';

const KEY = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const signJwt = (claims: Record<string, unknown>) => {
  const input = `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), { key: KEY.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
};

const FIXTURE: BootstrapFixture = {
  mounts: { kgc: { type: 'kv', options: { version: '2' } } },
  policies: { 'kgc-read': { policy: 'path "kgc/data/*" { capabilities = ["read"] }' } },
  secrets: { 'kgc/api-credentials': { versions: [{ api_key: 'from-vault' }] } },
  auth: {
    approle: { type: 'approle', roles: { app: { token_policies: ['kgc-read'], token_ttl: '1h', token_max_ttl: '3h', role_id: 'app-role', secret_id: 'app-secret' } } },
    userpass: { type: 'userpass', users: { svc: { password_hash: bcrypt.hashSync('svc-pw', 4), token_policies: 'kgc-read', token_ttl: '1h' } } },
    jwt: {
      type: 'jwt', config: { jwt_validation_pubkeys: [KEY.publicKey.export({ type: 'spki', format: 'pem' }).toString()] },
      roles: { ci: { role_type: 'jwt', user_claim: 'sub', bound_subject: 'ci', token_policies: 'kgc-read', token_ttl: '20m', token_max_ttl: '40m' } },
    },
  },
};

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (open.length) await open.pop()!();
});

async function boot() {
  const vault = await createVault({ seed: 'client-login', bootstrap: FIXTURE, clock: 'manual' }); // renewals at exact clock times
  const requests: string[] = [];
  const counting: FetchLike = (url, init) => {
    requests.push(`${init.method} ${url.slice(url.indexOf('/v1/') + 4)}`);
    return vault.fetch(url, init as RequestInit) as unknown as ReturnType<FetchLike>;
  };
  const client = (auth: VaultClientAuth, extra: Partial<VaultClientOptions> = {}) => {
    const c = new VaultClient({ address: 'http://vault.test', auth, clock: vault.clock, fetch: counting, random: new SeededRandom(3), pollInterval: 60_000, cacheTtl: 0, mount: 'kgc', ...extra });
    open.push(() => c.close());
    return c;
  };
  /** Moves the clock in steps, running the client's due work after each. */
  const run = async (c: VaultClient, total: string, step = '5m') => {
    const stepMs = durationMs(step);
    for (let left = durationMs(total); left > 0; left -= stepMs) {
      vault.clock.advance(Math.min(stepMs, left));
      await c.tick();
    }
  };
  return { vault, client, requests, run };
}

describe('VaultClient with an auth method', () => {
  it('approle: logs in, renews, and logs in again once the token reaches its max TTL', async () => {
    const { vault, client, requests, run } = await boot();
    const c = client({ method: 'approle', roleId: 'app-role', secretId: 'app-secret' });
    const log = record(c, 'logged-in', 'renew-stopped');
    const info = await c.connect();
    expect(info).toMatchObject({ ttlSeconds: 3600, renewable: true, policies: ['default', 'kgc-read'] });
    expect(requests).toEqual(['POST auth/approle/login']);
    expect(await c.getSecret('kgc/api-credentials', 'api_key')).toBe('from-vault');
    const first = c.token!.accessor;
    await run(c, '2h45m', '15m');
    // Renewals at 30 m, 1 h, 1 h 30, 2 h (each 1 h), at 2 h 30 Vault grants 30 m (max 3 h): stop,
    // then a fresh login at 2 h 45, half of what was left.
    expect(requests.filter((r) => r === 'POST auth/token/renew-self')).toHaveLength(5);
    expect(log.map((l) => l.type)).toEqual(['logged-in', 'renew-stopped', 'logged-in']);
    expect(log[1]!.event.reason).toBe('max-ttl');
    expect(c.token!.accessor).not.toBe(first);
    await run(c, '1h', '15m');
    expect(await c.getSecret('kgc/api-credentials', 'api_key')).toBe('from-vault'); // past the first token's end
    // The mount was looked up once per token: the new login asks again.
    expect(requests.filter((r) => r === 'GET sys/internal/ui/mounts/kgc')).toHaveLength(2);
  });

  it('userpass: logs in and logs in again at once when Vault refuses the token', async () => {
    const { vault, client, run } = await boot();
    const c = client({ method: 'userpass', username: 'svc', password: 'svc-pw' });
    const log = record(c, 'logged-in', 'renew-stopped');
    await c.connect();
    await vault.request('update', 'auth/token/revoke-accessor', { accessor: c.token!.accessor });
    await run(c, '30m');
    expect(log.map((l) => l.type)).toEqual(['logged-in', 'renew-stopped', 'logged-in']);
    expect(log[1]!.event.reason).toBe('revoked');
    expect(await c.getSecret('kgc/api-credentials', 'api_key')).toBe('from-vault');
  });

  it('jwt: each login asks the function for a fresh JWT', async () => {
    const { vault, client, run, requests } = await boot();
    let minted = 0;
    const jwt = () => {
      minted++;
      const now = Math.floor(vault.clock.now() / 1000);
      return signJwt({ sub: 'ci', iat: now, exp: now + 120 });
    };
    const c = client({ method: 'jwt', role: 'ci', jwt });
    await c.connect();
    await run(c, '40m', '1m');
    expect(minted).toBe(2);
    expect(requests.filter((r) => r === 'POST auth/jwt/login')).toHaveLength(2);
    expect(await c.getSecret('kgc/api-credentials', 'api_key')).toBe('from-vault');
  });

  it('kubernetes: posts role and the service-account token read from its file, against the real method', async () => {
    const { vault, client, run } = await boot();
    const api = await startFakeKubeApiServer({ reviewerToken: 'reviewer', now: () => vault.clock.now() });
    open.push(() => api.close());
    await vault.request('update', 'sys/auth/kubernetes', { type: 'kubernetes' });
    expect((await vault.request('update', 'auth/kubernetes/config', { kubernetes_host: api.url, kubernetes_ca_cert: api.caCertPem, token_reviewer_jwt: 'reviewer' })).status).toBe(204);
    await vault.request('update', 'auth/kubernetes/role/app', {
      bound_service_account_names: 'app', bound_service_account_namespaces: 'prod', token_policies: 'kgc-read', token_ttl: '10m', token_max_ttl: '20m',
    });
    const dir = mkdtempSync(join(tmpdir(), 'mv-k8s-'));
    const path = join(dir, 'token');
    writeFileSync(path, api.issueToken({ name: 'app', namespace: 'prod', uid: 'u-1' }) + '\n');
    const c = client({ method: 'kubernetes', role: 'app', jwt: { path } });
    const log = record(c, 'logged-in');
    await c.connect();
    expect(c.token!.policies).toEqual(['default', 'kgc-read']);
    expect(await c.getSecret('kgc/api-credentials', 'api_key')).toBe('from-vault');
    // The kubelet rotates the projected token; the next login (at the max TTL) reads the new one.
    const rotated = api.issueToken({ name: 'app', namespace: 'prod', uid: 'u-1' }, { claims: { jti: 'second' } });
    writeFileSync(path, rotated);
    await run(c, '20m', '5m');
    expect(log).toHaveLength(2);
    const reviews = api.requests.filter((r) => r.path === '/apis/authentication.k8s.io/v1/tokenreviews');
    expect(reviews).toHaveLength(2);
    expect(reviews[1]!.body).toContain(rotated);
    const missing = client({ method: 'kubernetes', role: 'app', jwt: { path: join(dir, 'absent') } });
    await expect(missing.connect()).rejects.toThrow(`kubernetes login: cannot read the token from ${join(dir, 'absent')}: ENOENT`);
  });

  it('refuses wrong credentials without echoing them, and checks the auth option', async () => {
    const { client } = await boot();
    const c = client({ method: 'approle', roleId: 'app-role', secretId: 'not-the-secret' });
    const err = await c.connect().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('invalid role or secret ID');
    expect((err as Error).message).not.toContain('not-the-secret');
    expect(() => new VaultClient({ address: 'http://x', auth: { method: 'userpass', username: 'u' } as VaultClientAuth })).toThrow(/auth\.password/);
    expect(() => new VaultClient({ address: 'http://x', auth: { method: 'ldap' } as unknown as VaultClientAuth })).toThrow(/unknown method "ldap"/);
    expect(() => new VaultClient({ address: 'http://x' } as VaultClientOptions)).toThrow(/token: must be a string \(or pass auth\)/);
  });

  it('falls back to the environment while Vault is sealed, then logs in once it is back', async () => {
    const { vault, client, requests } = await boot();
    await vault.seal();
    const c = client({ method: 'approle', roleId: 'app-role', secretId: 'app-secret' }, {
      env: { KGC_API_KEY: 'from-env' }, fallbackEnv: { 'kgc/api-credentials': { api_key: 'KGC_API_KEY' } },
    });
    expect(await c.connect()).toBeNull();
    expect(c.degradedReason).toBe('sealed');
    expect(await c.getSecret('kgc/api-credentials', 'api_key')).toBe('from-env');
    await vault.unseal();
    vault.clock.advance('5s');
    await c.tick();
    expect(c.degraded).toBe(false);
    expect(requests.filter((r) => r === 'POST auth/approle/login')).toHaveLength(2);
    expect(await c.getSecret('kgc/api-credentials', 'api_key')).toBe('from-vault');
  });
});
