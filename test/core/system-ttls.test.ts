// The server's default_lease_ttl and max_lease_ttl (command/server config → vault/core.go
// defaultLeaseTTL/maxLeaseTTL): every mount that does not tune its own TTLs uses them, tokens
// are capped by them, and a mount's default may not exceed the system max when it sets no max.
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';

type Body = Record<string, any>;
const body = (res: { body?: unknown }) => res.body as Body;

describe('system lease TTLs from the server configuration', () => {
  const systemTtls = { defaultTtl: 3600, maxTtl: 7200 };

  it('are what an untuned mount reports and what a token gets by default, capped at the max', async () => {
    const vault = await createVault({ systemTtls });
    expect(body(await vault.request('read', 'sys/mounts/secret/tune')).data).toMatchObject({ default_lease_ttl: 3600, max_lease_ttl: 7200 });
    const plain = body(await vault.request('update', 'auth/token/create', { policies: ['default'] }));
    expect(plain.auth.lease_duration).toBe(3600);
    const long = body(await vault.request('update', 'auth/token/create', { policies: ['default'], ttl: '10h' }));
    expect(long.auth.lease_duration).toBe(7200);
  });

  it('refuse a mount default above the system max when the mount sets no max', async () => {
    const vault = await createVault({ systemTtls });
    const res = await vault.request('update', 'sys/mounts/x', { type: 'kv', config: { default_lease_ttl: '3h' } });
    expect(res).toEqual({ status: 400, body: { errors: ['given default lease TTL greater than system max lease TTL of 7200'] } });
  });

  it("are Vault's 768h when not configured", async () => {
    const vault = await createVault();
    expect(body(await vault.request('read', 'sys/mounts/secret/tune')).data).toMatchObject({ default_lease_ttl: 2764800, max_lease_ttl: 2764800 });
  });
});
