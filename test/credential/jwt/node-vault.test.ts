// JWT login over the wire with a real client: node-vault's jwtLogin against startVault(), then a
// KV read with the token it set; a token for another audience is refused with Vault's text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeVault from 'node-vault';
import { startVault, type StartedVault } from '../../../src/testing/index.js';
import { EC, signJwt } from './helpers.js';

describe('node-vault jwtLogin', () => {
  let v: StartedVault;
  beforeAll(async () => { v = await startVault({ rootToken: 'root', seed: 5 }); });
  afterAll(async () => { await v.close(); });

  it('logs in with an ES256 token and reads a secret with the role policy', async () => {
    const admin = NodeVault({ endpoint: v.url, token: 'root' });
    await admin.enableAuth({ mount_point: 'jwt', type: 'jwt' });
    await admin.write('auth/jwt/config', { jwt_validation_pubkeys: [EC.pem], bound_issuer: 'https://ci.example' });
    await admin.write('auth/jwt/role/ci', {
      role_type: 'jwt', user_claim: 'sub', bound_audiences: 'vault', bound_claims: { repo: 'acme/*' },
      bound_claims_type: 'glob', claim_mappings: { repo: 'repository' }, token_policies: 'ci-read',
    });
    await admin.addPolicy({ name: 'ci-read', rules: 'path "secret/data/ci/*" { capabilities = ["read"] }' });
    await admin.write('secret/data/ci/key', { data: { k: 'v' } });

    const now = Math.floor(v.clock.now() / 1000);
    const claims = { iss: 'https://ci.example', sub: 'repo:acme/app', aud: 'vault', repo: 'acme/app', iat: now, exp: now + 300 };
    const app = NodeVault({ endpoint: v.url });
    const res = await app.jwtLogin({ role: 'ci', jwt: signJwt(EC, claims) });
    expect(res.auth).toMatchObject({ policies: ['ci-read', 'default'], metadata: { repository: 'acme/app', role: 'ci' } });
    expect((await app.read('secret/data/ci/key')).data.data).toEqual({ k: 'v' });
    await expect(NodeVault({ endpoint: v.url }).jwtLogin({ role: 'ci', jwt: signJwt(EC, { ...claims, aud: 'other' }) }))
      .rejects.toThrow(/invalid audience \(aud\) claim/);
  });
});
