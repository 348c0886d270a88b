// JWT remote key sources (JWT path_config.go validateJWKSURL, pathConfigWrite; backend.go
// jwtValidator; CAP jwt/keyset.go; go-oidc RemoteKeySet) against a local HTTP server: a JWKS URL,
// several JWKS pairs and an OIDC discovery document, checked at config time and used at login,
// with a refetch when a token's kid is not cached.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from '../../../src/errors/jwt.js';
import { configuredVault, EC, errors, goodClaims, login, OTHER_RSA, RSA, signJwt, vaultWithJwt, type TestKey } from './helpers.js';

const jwk = (k: TestKey, kid: string) => ({ ...k.publicKey.export({ format: 'jwk' }), kid, use: 'sig' });
let server: Server;
let base = '';
let mainKeys: object[] = [];
let fetches = 0;

beforeAll(async () => {
  mainKeys = [jwk(RSA, 'k1')];
  server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (req.url === '/jwks') { fetches++; return send(200, { keys: mainKeys }); }
    if (req.url === '/jwks-ec') return send(200, { keys: [jwk(EC, 'e1')] });
    if (req.url === '/.well-known/openid-configuration') return send(200, { issuer: base, jwks_uri: `${base}/jwks` });
    if (req.url === '/wrong/.well-known/openid-configuration') return send(200, { issuer: 'https://elsewhere', jwks_uri: `${base}/jwks` });
    if (req.url === '/text') return send(200, 'not json');
    return send(404, { errors: [] });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function remoteVault(config: Record<string, unknown>) {
  const vault = await configuredVault();
  const w = await vault.request('update', 'auth/jwt/config', { bound_issuer: 'https://issuer.example', ...config });
  expect(w.status).toBe(204);
  return vault;
}

describe('jwt remote key sources', () => {
  it('verifies against a JWKS URL and refetches for an unknown kid', async () => {
    const vault = await remoteVault({ jwks_url: `${base}/jwks` });
    expect((await login(vault, { role: 'dev', jwt: signJwt(RSA, goodClaims(vault)) })).status).toBe(200);
    const wrong = await login(vault, { role: 'dev', jwt: signJwt(OTHER_RSA, goodClaims(vault)) });
    expect(errors(wrong)).toEqual([E.errJwtValidatingToken(E.errJwtVerifySignature(E.ERR_OIDC_VERIFY_SIGNATURE))]);
    mainKeys = [jwk(RSA, 'k1'), jwk(OTHER_RSA, 'k2')];
    const before = fetches;
    expect((await login(vault, { role: 'dev', jwt: signJwt(OTHER_RSA, goodClaims(vault), 'RS256', 'k2') })).status).toBe(200);
    expect(fetches).toBe(before + 1);
    expect((await login(vault, { role: 'dev', jwt: signJwt(OTHER_RSA, goodClaims(vault), 'RS256', 'k2') })).status).toBe(200);
    expect(fetches).toBe(before + 1); // cached now
    mainKeys = [jwk(RSA, 'k1')];
  });

  it('checks JWKS URLs and CA bundles at config time', async () => {
    const vault = await vaultWithJwt();
    const write = async (d: Record<string, unknown>) => errors(await vault.request('update', 'auth/jwt/config', d))?.[0];
    expect(await write({ jwks_url: `${base}/missing` })).toBe(E.errJwtCheckingJwksUrl(`${base}/missing`));
    expect(await write({ jwks_url: `${base}/text` })).toBe(E.errJwtCheckingJwksUrl(`${base}/text`));
    expect(await write({ jwks_url: `${base}/jwks`, jwks_ca_pem: 'not a pem' })).toBe(E.ERR_JWT_CHECKING_JWKS_CA);
    expect(await write({ jwks_pairs: ['x'] })).toBe(E.errJwtInvalidJwksPairs(E.ERR_JWT_JWKS_PAIRS_NOT_OBJECTS));
    expect(await write({ jwks_pairs: [{ jwks_url: 5 }] })).toBe(E.errJwtInvalidJwksPairs(E.errMapstructureNotString('jwks_url', 'json.Number', '5')));
    expect(await write({ oidc_discovery_url: `${base}/wrong` })).toBe(E.ERR_JWT_CHECKING_DISCOVERY);
    expect(await write({ oidc_discovery_url: `${base}/missing` })).toBe(E.ERR_JWT_CHECKING_DISCOVERY);
  });

  it('verifies against several JWKS pairs', async () => {
    const vault = await vaultWithJwt();
    expect((await vault.request('update', 'auth/jwt/config', {
      jwks_pairs: [{ jwks_url: `${base}/jwks` }, { jwks_url: `${base}/jwks-ec`, jwks_ca_pem: '' }],
    })).status).toBe(204);
    await vault.request('update', 'auth/jwt/role/dev', { role_type: 'jwt', user_claim: 'sub', bound_audiences: 'vault' });
    expect((await login(vault, { role: 'dev', jwt: signJwt(RSA, goodClaims(vault)) })).status).toBe(200);
    expect((await login(vault, { role: 'dev', jwt: signJwt(EC, goodClaims(vault), 'ES256', 'e1') })).status).toBe(200);
  });

  it('verifies against the jwks_uri of an OIDC discovery document', async () => {
    const vault = await vaultWithJwt();
    expect((await vault.request('update', 'auth/jwt/config', { oidc_discovery_url: base, bound_issuer: base })).status).toBe(204);
    await vault.request('update', 'auth/jwt/role/dev', { role_type: 'jwt', user_claim: 'sub', bound_audiences: 'vault' });
    const res = await login(vault, { role: 'dev', jwt: signJwt(RSA, goodClaims(vault, { iss: base })) });
    expect(res.status).toBe(200);
  });
});
