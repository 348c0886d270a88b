// The cubbyhole engine (hashicorp/vault vault/logical_cubbyhole.go): per-token storage no other token
// sees, destroyed with its token; batch tokens refused; Vault's answers for each operation.
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';

type Body = Record<string, unknown>;
const data = (res: { body?: unknown }) => (res.body as { data: Body }).data;

describe('cubbyhole', () => {
  it('keeps each token\'s entries invisible to every other token, root included', async () => {
    const vault = await createVault();
    const a = await vault.createToken({ policies: ['default'] });
    const b = await vault.createToken({ policies: ['default'] });
    expect(await vault.request('update', 'cubbyhole/app', { secret: 's-a', n: 1 }, a)).toEqual({ status: 204 });
    expect(data(await vault.request('read', 'cubbyhole/app', undefined, a))).toEqual({ secret: 's-a', n: 1 });
    expect(await vault.request('read', 'cubbyhole/app', undefined, b)).toEqual({ status: 404, body: { errors: [] } });
    expect(await vault.request('read', 'cubbyhole/app')).toEqual({ status: 404, body: { errors: [] } });
    expect(await vault.request('update', 'cubbyhole/app', { other: true }, b)).toEqual({ status: 204 });
    expect(data(await vault.request('read', 'cubbyhole/app', undefined, a))).toEqual({ secret: 's-a', n: 1 });
  });

  it('lists immediate children with folders, and 404s an empty listing', async () => {
    const vault = await createVault();
    await vault.request('update', 'cubbyhole/foo', { a: 1 });
    await vault.request('update', 'cubbyhole/foo/bar', { a: 1 });
    expect(data(await vault.request('list', 'cubbyhole/'))).toEqual({ keys: ['foo', 'foo/'] });
    expect(await vault.request('list', 'cubbyhole/nothing/')).toEqual({ status: 404, body: { errors: [] } });
  });

  it('answers an empty body and an empty path with Vault\'s Go errors, and deletes idempotently', async () => {
    const vault = await createVault();
    expect(await vault.request('update', 'cubbyhole/x', {})).toEqual({ status: 500, body: { errors: ['1 error occurred:\n\t* missing data fields\n\n'] } });
    expect(await vault.request('read', 'cubbyhole/')).toEqual({ status: 500, body: { errors: ['1 error occurred:\n\t* missing path\n\n'] } });
    expect(await vault.request('delete', 'cubbyhole/never')).toEqual({ status: 204 });
  });

  it('is destroyed with its token', async () => {
    const vault = await createVault();
    const t = await vault.createToken({ policies: ['default'] });
    await vault.request('update', 'cubbyhole/k', { v: 1 }, t);
    const before = Object.keys(await vault.dump()).length;
    expect((await vault.request('update', 'auth/token/revoke-self', {}, t)).status).toBe(204);
    const after = Object.keys(await vault.dump());
    expect(after.length).toBeLessThan(before);
    expect(after.some((k) => k.includes('/k'))).toBe(false);
  });

  it('refuses batch tokens and cannot be disabled, moved or mounted again', async () => {
    const vault = await createVault();
    const created = await vault.request('update', 'auth/token/create', { type: 'batch', policies: ['default'] });
    const batch = (created.body as { auth: Body }).auth.client_token as string;
    expect(await vault.request('read', 'cubbyhole/x', undefined, batch))
      .toEqual({ status: 400, body: { errors: ['cubbyhole operations are only supported by "service" type tokens'] } });
    expect(await vault.request('delete', 'sys/mounts/cubbyhole')).toEqual({ status: 400, body: { errors: ['cannot unmount "cubbyhole/"'] } });
    expect(await vault.request('update', 'sys/remount', { from: 'cubbyhole', to: 'c2' })).toEqual({ status: 400, body: { errors: ['cannot remount "cubbyhole/"'] } });
    expect(await vault.request('update', 'sys/mounts/c2', { type: 'cubbyhole' })).toEqual({ status: 400, body: { errors: ['mount type of "cubbyhole" is not mountable'] } });
  });
});
