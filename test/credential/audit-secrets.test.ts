// What a login leaves in the audit log (Vault audits request data HMAC'd, audit/hashstructure.go):
// an AppRole secret_id, a userpass password and a JWT are never there in the clear, whether the
// login succeeds or fails, and the token the login issued appears only as its HMAC.
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';

type Body = Record<string, any>;

describe('login secrets in audit entries', () => {
  it('keeps secret_id, password, JWT and issued tokens out of the memory device, as HMACs only', async () => {
    const vault = await createVault();
    const call = async (op: 'read' | 'update', path: string, data?: Body, token = vault.rootToken) => vault.request(op, path, data, token);
    expect((await call('update', 'sys/audit/mem', { type: 'memory' })).status).toBe(204);

    await call('update', 'sys/auth/approle', { type: 'approle' });
    await call('update', 'auth/approle/role/web', { token_policies: 'default' });
    const roleId = ((await call('read', 'auth/approle/role/web/role-id')).body as Body).data.role_id as string;
    const secretId = ((await call('update', 'auth/approle/role/web/secret-id')).body as Body).data.secret_id as string;
    const approle = await call('update', 'auth/approle/login', { role_id: roleId, secret_id: secretId }, '');
    expect(approle.status).toBe(200);
    const approleToken = (approle.body as Body).auth.client_token as string;
    expect((await call('update', 'auth/approle/login', { role_id: roleId, secret_id: `${secretId}x` }, '')).status).toBe(400);

    await call('update', 'sys/auth/userpass', { type: 'userpass' });
    await call('update', 'auth/userpass/users/alice', { password: 'correct-horse-battery' });
    expect((await call('update', 'auth/userpass/login/alice', { password: 'correct-horse-battery' }, '')).status).toBe(200);
    expect((await call('update', 'auth/userpass/login/alice', { password: 'wrong-horse-battery' }, '')).status).toBe(400);

    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await call('update', 'sys/auth/jwt', { type: 'jwt' });
    await call('update', 'auth/jwt/config', { jwt_validation_pubkeys: [publicKey.export({ type: 'spki', format: 'pem' })] });
    await call('update', 'auth/jwt/role/r', { role_type: 'jwt', user_claim: 'sub', bound_audiences: 'app' });
    const now = Math.floor(vault.clock.now() / 1000);
    const jwt = await new SignJWT({ sub: 'svc', aud: 'app' }).setProtectedHeader({ alg: 'ES256' }).setIssuedAt(now).setExpirationTime(now + 600).sign(privateKey);
    expect((await call('update', 'auth/jwt/login', { role: 'r', jwt }, '')).status).toBe(200);

    const entries = vault.audit.memory('mem/')!.entries();
    const text = JSON.stringify(entries);
    for (const secret of [secretId, 'correct-horse-battery', 'wrong-horse-battery', jwt, jwt.split('.')[2]!, approleToken]) {
      expect(text.includes(secret), 'a login secret in the audit log').toBe(false);
    }
    const approleRequest = entries.find((e: Body) => e.type === 'request' && e.request?.path === 'auth/approle/login') as Body;
    expect(approleRequest.request.data.secret_id).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(approleRequest.request.data.role_id).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
  });
});
