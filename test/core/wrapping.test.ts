// Response wrapping (hashicorp/vault vault/wrapping.go, vault/logical_system.go handleWrapping*): a wrapped KV read, token create and login; unwrap first and third
// party, once only; lookup (unauthenticated), wrap, rewrap; expiry; the header's errors over HTTP;
// and node-vault's unwrap against a real server.
import NodeVault from 'node-vault';
import { describe, expect, it } from 'vitest';
import { createVault, startVault, type TestVault } from '../../src/testing/index.js';

type Body = Record<string, unknown>;
const body = (res: { body?: unknown }) => res.body as Body;
const wrapInfo = (res: { body?: unknown }) => body(res).wrap_info as Body;

async function wrapped(vault: TestVault, operation: 'read' | 'update', path: string, data?: Body, token = vault.rootToken) {
  return vault.core.handle({ operation, path, data, token, wrapTtl: 300 });
}

describe('wrapping a response', () => {
  it('replaces a KV read with wrap info only, and unwrapping gives the original envelope once', async () => {
    const vault = await createVault();
    await vault.request('update', 'secret/data/app', { data: { password: 'p' } });
    const res = await wrapped(vault, 'read', 'secret/data/app');
    expect(res.status).toBe(200);
    expect(body(res)).toMatchObject({ request_id: '', lease_id: '', renewable: false, lease_duration: 0, data: null, warnings: null, auth: null });
    const info = wrapInfo(res);
    expect(Object.keys(info)).toEqual(['token', 'accessor', 'ttl', 'creation_time', 'creation_path']);
    expect(info).toMatchObject({ ttl: 300, creation_path: 'secret/data/app' });
    const token = info.token as string;
    const unwrapped = await vault.core.handle({ operation: 'update', path: 'sys/wrapping/unwrap', data: {}, token });
    expect(unwrapped.status).toBe(200);
    expect(body(unwrapped)).toMatchObject({ wrap_info: null, data: { data: { password: 'p' } } });
    expect(body(unwrapped).request_id).not.toBe('');
    const again = await vault.core.handle({ operation: 'update', path: 'sys/wrapping/unwrap', data: { token } });
    expect(again).toEqual({ status: 400, body: { errors: ['wrapping token is not valid or does not exist'] } });
  });

  it('shows the wrapped token\'s accessor for a token create, and the unwrapped token works', async () => {
    const vault = await createVault();
    const res = await wrapped(vault, 'update', 'auth/token/create', { policies: ['default'] });
    const info = wrapInfo(res);
    expect(info.creation_path).toBe('auth/token/create');
    expect(info.wrapped_accessor).toMatch(/^[A-Za-z0-9]{24}$/);
    const unwrapped = body(await vault.request('update', 'sys/wrapping/unwrap', { token: info.token }));
    const auth = unwrapped.auth as Body;
    expect(auth.accessor).toBe(info.wrapped_accessor);
    expect((await vault.request('read', 'auth/token/lookup-self', undefined, auth.client_token as string)).status).toBe(200);
  });

  it('wraps a login', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/auth/userpass', { type: 'userpass' });
    await vault.request('update', 'auth/userpass/users/alice', { password: 'pw' });
    const res = await vault.core.handle({ operation: 'update', path: 'auth/userpass/login/alice', data: { password: 'pw' }, wrapTtl: 60 });
    const info = wrapInfo(res);
    expect(info).toMatchObject({ ttl: 60, creation_path: 'auth/userpass/login/alice' });
    const auth = body(await vault.request('update', 'sys/wrapping/unwrap', { token: info.token })).auth as Body;
    expect(auth.metadata).toEqual({ username: 'alice' });
  });

  it('is gone once its TTL has passed', async () => {
    const vault = await createVault();
    const token = wrapInfo(await wrapped(vault, 'read', 'sys/mounts')).token;
    vault.clock.advance('6m');
    expect(await vault.request('update', 'sys/wrapping/unwrap', { token }))
      .toEqual({ status: 400, body: { errors: ['wrapping token is not valid or does not exist'] } });
  });
});

describe('sys/wrapping', () => {
  it('wraps a body, looks it up without a token and without using it, and rewraps it', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'sys/wrapping/wrap', { a: 1 }))
      .toEqual({ status: 400, body: { errors: ['endpoint requires response wrapping to be used'] } });
    const token = wrapInfo(await wrapped(vault, 'update', 'sys/wrapping/wrap', { a: 1, b: 'two' })).token as string;
    const look = await vault.core.handle({ operation: 'update', path: 'sys/wrapping/lookup', data: { token } });
    expect(body(look).data).toMatchObject({ creation_path: 'sys/wrapping/wrap', creation_ttl: 300 });
    const re = wrapInfo(await vault.request('update', 'sys/wrapping/rewrap', { token }));
    expect(re.token).not.toBe(token);
    expect(re).toMatchObject({ ttl: 300, creation_path: 'sys/wrapping/wrap' });
    expect((await vault.request('update', 'sys/wrapping/unwrap', { token })).status).toBe(400);
    expect(body(await vault.request('update', 'sys/wrapping/unwrap', { token: re.token })).data).toEqual({ a: 1, b: 'two' });
  });

  it('answers the token errors in Vault\'s words', async () => {
    const vault = await createVault();
    const noToken = await vault.core.handle({ operation: 'update', path: 'sys/wrapping/lookup', data: {} });
    expect(noToken).toEqual({ status: 403, body: { errors: ['error validating wrapping token: token is empty'] } });
    expect(await vault.request('update', 'sys/wrapping/unwrap', { token: '' }))
      .toEqual({ status: 403, body: { errors: ['error validating wrapping token: empty token in request body'] } });
    expect(await vault.request('update', 'sys/wrapping/unwrap', { token: 5 }))
      .toEqual({ status: 403, body: { errors: ['error validating wrapping token: could not decode token in request body'] } });
    expect(await vault.request('update', 'sys/wrapping/unwrap', { token: vault.rootToken }))
      .toEqual({ status: 400, body: { errors: ['wrapping token is not valid or does not exist'] } });
  });
});

describe('wrapping over HTTP', () => {
  it('refuses a bad X-Vault-Wrap-TTL, and node-vault unwraps a wrapped read', async () => {
    await using v = await startVault();
    const bad = async (ttl: string) => {
      const r = await fetch(`${v.url}/v1/secret/data/x`, { headers: { 'X-Vault-Token': v.rootToken, 'X-Vault-Wrap-TTL': ttl } });
      return { status: r.status, body: await r.json() };
    };
    expect(await bad('-5')).toEqual({ status: 400, body: { errors: ['error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative'] } });
    expect(await bad('abc')).toEqual({ status: 400, body: { errors: ['error parsing X-Vault-Wrap-TTL header: time: invalid duration "abc"'] } });
    await fetch(`${v.url}/v1/secret/data/app`, { method: 'POST', headers: { 'X-Vault-Token': v.rootToken }, body: JSON.stringify({ data: { k: 'v' } }) });
    const r = await fetch(`${v.url}/v1/secret/data/app`, { headers: { 'X-Vault-Token': v.rootToken, 'X-Vault-Wrap-TTL': '5m' } });
    const token = ((await r.json()) as { wrap_info: { token: string } }).wrap_info.token;
    const client = NodeVault({ endpoint: v.url, token: v.rootToken });
    const out = (await client.unwrap({ token })) as { data: { data: Body } };
    expect(out.data.data).toEqual({ k: 'v' });
  });
});

describe('JWT wrapping tokens', () => {
  it('wraps into an ES512 JWT naming the token, which unwraps once and verifies with sys/wrapping/pubkey', async () => {
    const vault = await createVault();
    await vault.request('update', 'secret/data/app', { data: { k: 'v' } });
    const res = await vault.core.handle({ operation: 'read', path: 'secret/data/app', token: vault.rootToken, wrapTtl: 120, wrapFormat: 'jwt' });
    const token = wrapInfo(res).token as string;
    const [head, claims] = token.split('.').slice(0, 2).map((s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Body);
    expect(head).toEqual({ alg: 'ES512', typ: 'JWT' });
    expect(claims).toMatchObject({ type: 'wrapping', addr: '' }); // no api_addr without a listener
    expect((claims!.exp as number) - (claims!.iat as number)).toBe(120);
    const pub = body(await vault.core.handle({ operation: 'read', path: 'sys/wrapping/pubkey' })).data as Body;
    expect(pub.jwt_curve).toBe('p521');
    expect(pub.jwt_x).toMatch(/^\d+$/);
    const first = await vault.core.handle({ operation: 'update', path: 'sys/wrapping/unwrap', data: {}, token });
    expect((body(first).data as Body).data).toEqual({ k: 'v' });
    expect((await vault.request('update', 'sys/wrapping/unwrap', { token })).status).toBe(400);
  });

  it("names the server's api_addr in the addr claim", async () => {
    await using v = await startVault();
    const res = await v.vault.core.handle({ operation: 'read', path: 'sys/mounts', token: v.rootToken, wrapTtl: 60, wrapFormat: 'jwt' });
    const claims = JSON.parse(Buffer.from((wrapInfo(res).token as string).split('.')[1]!, 'base64url').toString('utf8')) as Body;
    expect(claims.addr).toBe(v.url);
  });

  it('refuses a JWT whose signature does not verify', async () => {
    const vault = await createVault();
    const token = wrapInfo(await vault.core.handle({ operation: 'read', path: 'sys/mounts', token: vault.rootToken, wrapTtl: 60, wrapFormat: 'jwt' })).token as string;
    const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const res = await vault.request('update', 'sys/wrapping/unwrap', { token: forged });
    expect(res.status).toBe(403);
    expect((body(res).errors as string[])[0]).toMatch(/^error validating wrapping token: wrapping token signature could not be validated/);
  });
});

describe('wrapped AppRole secret IDs', () => {
  it('show the secret ID\'s accessor as wrapped_accessor, and unwrap to a secret ID that logs in', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/auth/approle', { type: 'approle' });
    await vault.request('update', 'auth/approle/role/web', { token_policies: 'default' });
    const roleId = (body(await vault.request('read', 'auth/approle/role/web/role-id')).data as Body).role_id as string;
    const res = await vault.core.handle({ operation: 'update', path: 'auth/approle/role/web/secret-id', data: {}, token: vault.rootToken, wrapTtl: 120 });
    const info = wrapInfo(res);
    const unwrapped = body(await vault.request('update', 'sys/wrapping/unwrap', { token: info.token })).data as Body;
    expect(info.wrapped_accessor).toBe(unwrapped.secret_id_accessor);
    const login = await vault.core.handle({ operation: 'update', path: 'auth/approle/login', data: { role_id: roleId, secret_id: unwrapped.secret_id }, remoteAddress: '127.0.0.1' });
    expect(login.status).toBe(200);
  });
});
