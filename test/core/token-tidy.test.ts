// auth/token/tidy (hashicorp/vault vault/token_store.go handleTidy): Vault's raw 202 body, and the cleanup it does of what a vanished
// token left behind (its accessor index, its child index entries, its cubbyhole); and the ACL's
// min/max_wrapping_ttl rules applied to the wrap TTL a request asks for (hashicorp/vault vault/request_handling.go, vault/acl.go).
import NodeVault from 'node-vault';
import { describe, expect, it } from 'vitest';
import { hashId } from '../../src/auth/index.js';
import { createVault, startVault } from '../../src/testing/index.js';

type Body = Record<string, unknown>;

describe('auth/token/tidy', () => {
  it('answers Vault\'s 202 and removes what a vanished token left behind', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/policies/acl/creator', { policy: 'path "auth/token/create" { capabilities = ["update"] }' });
    const parent = await vault.createToken({ policies: ['creator'] });
    const child = ((await vault.request('update', 'auth/token/create', { policies: ['default'] }, parent)).body as { auth: Body }).auth;
    await vault.request('update', 'cubbyhole/x', { v: 1 }, parent);
    const before = Object.keys(await vault.dump()).length;
    await vault.tokens.storage.delete(`id/${hashId(parent)}`); // as if a crash had lost the entry alone
    const res = await vault.request('update', 'auth/token/tidy', {});
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ data: null, warnings: ["Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."] });
    const after = Object.keys(await vault.dump()).length;
    // the entry, its accessor index, its link under root and its child's link, its cubbyhole entry
    expect(after).toBe(before - 5);
    const lookup = (await vault.request('read', 'auth/token/lookup-self', undefined, child.client_token as string)).body as { data: Body };
    expect(lookup.data.orphan).toBe(true);
  });
});

describe('wrapping TTL rules in policies', () => {
  it('denies a request without wrapping, or outside the bounds, where a policy sets them', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/policies/acl/wrapped', {
      policy: 'path "secret/data/*" { capabilities = ["read"]\n min_wrapping_ttl = "1m"\n max_wrapping_ttl = "10m" }',
    });
    await vault.request('update', 'secret/data/app', { data: { a: 1 } });
    const token = await vault.createToken({ policies: ['wrapped'] });
    const read = (wrapTtl?: number) => vault.core.handle({ operation: 'read', path: 'secret/data/app', token, wrapTtl });
    expect((await read()).status).toBe(403);
    expect((await read(30)).status).toBe(403);
    expect((await read(3600)).status).toBe(403);
    expect((await read(300)).status).toBe(200);
  });
});

describe('node-vault lease commands', () => {
  it('renews and revokes a lease of a leased KV mount', async () => {
    await using v = await startVault();
    const client = NodeVault({ endpoint: v.url, token: v.rootToken });
    await client.mount({ mount_point: 'kv1', type: 'kv', options: { version: '1', leased_passthrough: 'true' } });
    await client.write('kv1/app', { password: 'p', ttl: '1h' });
    const read = (await client.read('kv1/app')) as { lease_id: string; lease_duration: number };
    expect(read.lease_duration).toBe(3600);
    const renewed = (await client.renew({ lease_id: read.lease_id, increment: 600 })) as { lease_id: string; lease_duration: number };
    expect(renewed).toMatchObject({ lease_id: read.lease_id, lease_duration: 600 });
    await client.revoke({ lease_id: read.lease_id });
    await expect(client.write('sys/leases/lookup', { lease_id: read.lease_id })).rejects.toThrow(/invalid lease/);
    await client.read('kv1/app');
    await client.revokePrefix({ path_prefix: 'kv1' });
    expect(await v.vault.leases.list()).toEqual([]);
  });
});
