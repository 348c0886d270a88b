// Shared set-up for the JWT auth tests: a dev vault with jwt mounted, signing keys made here with
// node:crypto (RS256, ES256, EdDSA) and a compact-JWS signer that builds tokens as issuers do.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createVault, type TestVault } from '../../../src/testing/index.js';
import type { CoreResponse } from '../../../src/core/types.js';

export interface TestKey { alg: string; privateKey: KeyObject; publicKey: KeyObject; pem: string }

function makeKey(alg: string): TestKey {
  const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
      : generateKeyPairSync('ed25519');
  return { alg, privateKey: pair.privateKey, publicKey: pair.publicKey, pem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export const RSA = makeKey('RS256');
export const EC = makeKey('ES256');
export const ED = makeKey('EdDSA');
export const OTHER_RSA = makeKey('RS256');

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A compact JWS over `claims`, signed with `key` (header alg may be overridden). */
export function signJwt(key: TestKey, claims: Record<string, unknown>, alg = key.alg, kid = 'k1'): string {
  const input = `${b64({ alg, typ: 'JWT', kid })}.${b64(claims)}`;
  const sig = key.alg === 'EdDSA' ? sign(null, Buffer.from(input), key.privateKey)
    : key.alg === 'ES256' ? sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(input), key.privateKey);
  return `${input}.${sig.toString('base64url')}`;
}

export async function vaultWithJwt(path = 'jwt'): Promise<TestVault> {
  const vault = await createVault({ seed: 13 });
  const res = await vault.request('update', `sys/auth/${path}`, { type: 'jwt' });
  if (res.status !== 204) throw new Error(`enable jwt: ${JSON.stringify(res.body)}`);
  return vault;
}

/** A vault with jwt configured for the three test keys and issuer, and role `dev`. */
export async function configuredVault(role: Record<string, unknown> = {}): Promise<TestVault> {
  const vault = await vaultWithJwt();
  const c = await vault.request('update', 'auth/jwt/config', {
    jwt_validation_pubkeys: [RSA.pem, EC.pem, ED.pem], bound_issuer: 'https://issuer.example',
  });
  if (c.status !== 204) throw new Error(`config: ${JSON.stringify(c.body)}`);
  const r = await vault.request('update', 'auth/jwt/role/dev', {
    role_type: 'jwt', user_claim: 'sub', bound_audiences: 'vault', token_policies: 'dev', ...role,
  });
  if (r.status !== 204) throw new Error(`role: ${JSON.stringify(r.body)}`);
  return vault;
}

/** Seconds on the vault's clock. */
export const nowS = (vault: TestVault) => Math.floor(vault.clock.now() / 1000);

/** Claims that pass the default role of configuredVault. */
export const goodClaims = (vault: TestVault, extra: Record<string, unknown> = {}) => ({
  iss: 'https://issuer.example', sub: 'alice', aud: 'vault', iat: nowS(vault), exp: nowS(vault) + 300, ...extra,
});

export const login = (vault: TestVault, data: Record<string, unknown>, remoteAddress = '127.0.0.1', mount = 'jwt') =>
  vault.handle({ operation: 'update', path: `auth/${mount}/login`, data, token: '', remoteAddress });

export const body = (r: CoreResponse) => r.body as Record<string, unknown> & { data: Record<string, unknown>; errors?: string[] };
export const errors = (r: CoreResponse) => (r.body as { errors?: string[] }).errors;
type Auth = Record<string, unknown> & { client_token: string; metadata: Record<string, string> };
export const authOf = (r: { body?: unknown }) => (r.body as { auth: Auth }).auth;
