// JWT `config` (JWT path_config.go pathConfigRead, pathConfigWrite) through core: the read shape,
// the exactly-one-key-source rule and Vault's write errors, and minivault's refusal of the remote
// key sources it does not fetch.
import { describe, expect, it } from 'vitest';
import * as E from '../../../src/errors/jwt.js';
import { body, EC, errors, RSA, vaultWithJwt } from './helpers.js';

describe('jwt config', () => {
  it('is 404 before a write, then reads back every key in Vault order', async () => {
    const vault = await vaultWithJwt();
    expect((await vault.request('read', 'auth/jwt/config')).status).toBe(404);
    const w = await vault.request('update', 'auth/jwt/config', {
      jwt_validation_pubkeys: [RSA.pem], default_role: 'Dev', jwt_supported_algs: 'RS256,ES256',
    });
    expect(w.status).toBe(204);
    const data = body(await vault.request('read', 'auth/jwt/config')).data;
    expect(data).toEqual({
      bound_issuer: '', default_role: 'dev', jwks_ca_pem: '', jwks_pairs: [], jwks_url: '', jwt_supported_algs: ['RS256', 'ES256'],
      jwt_validation_pubkeys: [RSA.pem.trim()], namespace_in_state: true, oidc_client_id: '', oidc_discovery_ca_pem: '',
      oidc_discovery_url: '', oidc_response_mode: '', oidc_response_types: [], provider_config: {},
      unsupported_critical_cert_extensions: [],
    });
    expect(Object.keys(data)).toEqual(Object.keys(data).sort());
  });

  it('replaces the whole config but keeps namespace_in_state', async () => {
    const vault = await vaultWithJwt();
    await vault.request('update', 'auth/jwt/config', { jwt_validation_pubkeys: [RSA.pem], bound_issuer: 'x', namespace_in_state: false });
    await vault.request('update', 'auth/jwt/config', { jwt_validation_pubkeys: [EC.pem] });
    const data = body(await vault.request('read', 'auth/jwt/config')).data;
    expect(data).toMatchObject({ bound_issuer: '', namespace_in_state: false, jwt_validation_pubkeys: [EC.pem.trim()] });
  });

  it('answers Vault errors in order', async () => {
    const vault = await vaultWithJwt();
    const write = async (d: Record<string, unknown>) => {
      const r = await vault.request('update', 'auth/jwt/config', d);
      expect(r.status).toBe(400);
      return errors(r)?.[0];
    };
    expect(await write({})).toBe(E.ERR_JWT_EXACTLY_ONE_KEY_SOURCE);
    expect(await write({ jwt_validation_pubkeys: [RSA.pem], jwks_url: 'https://x/jwks' })).toBe(E.ERR_JWT_EXACTLY_ONE_KEY_SOURCE);
    expect(await write({ jwt_validation_pubkeys: [RSA.pem], oidc_client_id: 'a' })).toBe(E.ERR_JWT_CLIENT_ID_AND_SECRET);
    expect(await write({ jwt_validation_pubkeys: [RSA.pem], oidc_client_id: 'a', oidc_client_secret: 'b' })).toBe(E.ERR_JWT_DISCOVERY_URL_FOR_OIDC);
    expect(await write({ jwks_pairs: [{ jwks_url: 'https://x' }], jwks_ca_pem: 'x' })).toBe(E.ERR_JWT_JWKS_PAIRS_CA_PEM);
    expect(await write({ jwks_pairs: [{ jwks_url: 'https://x' }], bound_issuer: 'i' })).toBe(E.ERR_JWT_JWKS_PAIRS_BOUND_ISSUER);
    expect(await write({ jwt_validation_pubkeys: ['nope'] })).toBe(E.errJwtParsingPublicKey(E.ERR_CERTUTIL_NO_PUBLIC_KEYS));
    expect(await write({ jwt_validation_pubkeys: [RSA.pem + 'junk'] })).toBe(E.errJwtParsingPublicKey(E.ERR_CERTUTIL_TRAILING_DATA));
    expect(await write({ jwt_validation_pubkeys: [RSA.pem], jwt_supported_algs: 'RS256,HS256' })).toBe(E.errJwtUnsupportedAlg('HS256'));
    expect(await write({ jwt_validation_pubkeys: [RSA.pem], oidc_response_types: 'code,token' })).toBe(E.errJwtResponseTypes(['code', 'token']));
    expect(await write({ jwt_validation_pubkeys: [RSA.pem], oidc_response_types: 'id_token', oidc_response_mode: 'query' }))
      .toBe(E.ERR_JWT_QUERY_MODE_ID_TOKEN);
    expect(await write({ jwt_validation_pubkeys: [RSA.pem], oidc_response_mode: 'fragment' })).toBe(E.errJwtResponseMode('fragment'));
    expect(await write({ jwt_validation_pubkeys: [RSA.pem], provider_config: { a: 1 } })).toBe(E.ERR_JWT_PROVIDER_FIELD_MISSING);
    expect(await write({ jwt_validation_pubkeys: [RSA.pem], provider_config: { provider: 'okta' } })).toBe(E.errJwtProviderNotFound('okta'));
    expect((await vault.request('read', 'auth/jwt/config')).status).toBe(404);
  });

  it('stores provider_config without its secret keys on read', async () => {
    const vault = await vaultWithJwt();
    await vault.request('update', 'auth/jwt/config', {
      jwt_validation_pubkeys: [RSA.pem], provider_config: { provider: 'gsuite', gsuite_service_account: 'secret', fetch_groups: true },
    });
    expect(body(await vault.request('read', 'auth/jwt/config')).data.provider_config).toEqual({ provider: 'gsuite', fetch_groups: true });
  });
});
