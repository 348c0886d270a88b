// The identity issuer defaults to the server's api_addr (vault/identity_store_oidc.go
// getOIDCConfig: issuer = api_addr + /v1/identity/oidc): a started test vault's api_addr is its
// listener's URL, as a dev server's is; an in-process vault without a socket has none.
import { describe, expect, it } from 'vitest';
import { createVault, startVault } from '../../src/testing/index.js';

describe('identity issuer and api_addr', () => {
  it('publishes the listener address as the issuer of a started vault, and an empty address without one', async () => {
    await using started = await startVault({ seed: 3 });
    const res = await fetch(`${started.url}/v1/identity/oidc/.well-known/openid-configuration`);
    expect(((await res.json()) as { issuer: string }).issuer).toBe(`${started.url}/v1/identity/oidc`);
    const provider = await fetch(`${started.url}/v1/identity/oidc/provider/default/.well-known/openid-configuration`);
    expect(((await provider.json()) as { issuer: string }).issuer).toBe(`${started.url}/v1/identity/oidc/provider/default`);
    const bare = await createVault({ seed: 3 });
    const cfg = await bare.request('read', 'identity/oidc/config', undefined);
    expect((cfg.body as { warnings: string[] }).warnings).toHaveLength(1);
  });
});
