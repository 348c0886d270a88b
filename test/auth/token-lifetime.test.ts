import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogicalResponse } from '../../src/logical/types.js';
import { failure, makeAuth } from './helpers.js';

describe('token lifetime on the clock', () => {
  it('keeps a 24h token renewed at 12h alive past 24h, until 24h after the renewal', async () => {
    const { call, create, tokens, clock } = await makeAuth();
    const t = await create({ policies: ['app'], ttl: '24h' });
    clock.advance('12h');
    expect(((await call('renew-self', 'update', {}, t)) as LogicalResponse).auth!.lease_duration).toBe(86400);
    clock.advance('23h');
    expect(await tokens.resolveToken(t)).toBeDefined();
    clock.advance('1h');
    expect(await tokens.resolveToken(t)).toBeUndefined();
  });

  it('refuses a 24h token that was not renewed once 24h have passed', async () => {
    const { create, tokens, clock } = await makeAuth();
    const t = await create({ policies: ['app'], ttl: '24h' });
    clock.advance(24 * 3600 * 1000 - 1);
    expect(await tokens.resolveToken(t)).toBeDefined();
    clock.advance(1);
    expect(await tokens.resolveToken(t)).toBeUndefined();
  });

  it('counts the remaining TTL down in lookups', async () => {
    const { call, create, clock } = await makeAuth();
    const t = await create({ policies: ['app'], ttl: '1h' });
    clock.advance('20m');
    expect(((await call('lookup', 'update', { token: t })) as LogicalResponse).data).toMatchObject({ ttl: 2400, creation_ttl: 3600 });
  });

  it('caps renewals at the explicit max TTL, with Vault\'s warning, and then lets the token die', async () => {
    const { call, create, tokens, clock } = await makeAuth();
    const t = await create({ policies: ['app'], ttl: '24h', explicit_max_ttl: '36h' });
    clock.advance('20h');
    const resp = (await call('renew-self', 'update', { increment: '24h' }, t)) as LogicalResponse;
    expect(resp.auth!.lease_duration).toBe(16 * 3600);
    expect(resp.warnings).toEqual(['TTL of "24h0m0s" exceeded the effective max_ttl of "16h0m0s"; TTL value is capped accordingly']);
    clock.advance('16h');
    expect(await tokens.resolveToken(t)).toBeUndefined();
  });

  it('caps a TTL longer than explicit_max_ttl at creation', async () => {
    const { call } = await makeAuth();
    const resp = (await call('create', 'update', { policies: ['a'], ttl: '10h', explicit_max_ttl: '1h' })) as LogicalResponse;
    expect(resp.auth!.lease_duration).toBe(3600);
  });

  it('shortens a token renewed with a small increment', async () => {
    const { call, create } = await makeAuth();
    const t = await create({ policies: ['a'], ttl: '24h' });
    expect(((await call('renew-self', 'update', { increment: 60 }, t)) as LogicalResponse).auth!.lease_duration).toBe(60);
  });

  it('keeps a periodic token alive as long as it is renewed within each period, ignoring the increment', async () => {
    const { call, create, tokens, clock } = await makeAuth();
    const t = await create({ policies: ['app'], period: '1h' });
    for (let i = 0; i < 50; i++) {
      clock.advance('50m');
      const resp = (await call('renew-self', 'update', { increment: '10h' }, t)) as LogicalResponse;
      expect(resp.auth!.lease_duration).toBe(3600);
    }
    expect(await tokens.resolveToken(t)).toBeDefined();
    clock.advance('1h');
    expect(await tokens.resolveToken(t)).toBeUndefined();
  });

  it('never extends a non-periodic token beyond the mount max TTL (768h)', async () => {
    const { call, create, tokens, clock } = await makeAuth();
    const t = await create({ policies: ['app'], ttl: '700h' });
    clock.advance('600h');
    expect(((await call('renew-self', 'update', { increment: '700h' }, t)) as LogicalResponse).auth!.lease_duration).toBe(168 * 3600);
    clock.advance('168h');
    expect(await tokens.resolveToken(t)).toBeUndefined();
  });

  it('lets a token be used num_uses times; the last use still runs, then the token is gone', async () => {
    const { call, create, tokens } = await makeAuth();
    const t = await create({ policies: ['app'], num_uses: 2 });
    const first = (await tokens.resolveToken(t))!;
    await tokens.useToken(first);
    const second = (await tokens.resolveToken(t))!;
    expect(second.numUses).toBe(1);
    await tokens.useToken(second);
    expect(((await call('lookup-self', 'read', {}, t)) as LogicalResponse).data!.num_uses).toBe(-1);
    expect(await tokens.resolveToken(t)).toBeUndefined();
    expect(await failure(() => call('lookup', 'update', { token: t }))).toEqual({ status: 403, message: 'bad token' });
  });

  it('allows exactly n uses for any n (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), async (n) => {
        const { create, tokens } = await makeAuth();
        const t = await create({ policies: ['app'], num_uses: n });
        let uses = 0;
        for (let entry = await tokens.resolveToken(t); entry; entry = await tokens.resolveToken(t)) {
          await tokens.useToken(entry);
          uses++;
        }
        expect(uses).toBe(n);
      }),
      { numRuns: 20 },
    );
  });

  it('revokes the children of an expired parent with it', async () => {
    const { create, tokens, clock } = await makeAuth();
    const parent = await create({ policies: ['app'], ttl: '1h' });
    const child = await create({ ttl: '10h' }, parent);
    const orphan = await create({ policies: ['app'], ttl: '10h', no_parent: true });
    clock.advance('2h');
    expect(await tokens.resolveToken(child)).toBeUndefined();
    expect(await tokens.resolveToken(orphan)).toBeDefined();
  });

  it('expires a batch token on its TTL', async () => {
    const { create, tokens, clock } = await makeAuth();
    const b = await create({ policies: ['app'], type: 'batch', ttl: '1h' });
    expect(await tokens.resolveToken(b)).toBeDefined();
    clock.advance('1h');
    expect(await tokens.resolveToken(b)).toBeUndefined();
  });
});
