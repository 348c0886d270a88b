// Expired tokens do not pile up (issue #25's note, fixed in "Core services"; kept here as a
// reliability guarantee): tokens whose TTL ran out are revoked and their storage removed at the
// next request once the clock has passed, and by the idle timer without any request at all.
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';

const liveTokenEntries = async (vault: Awaited<ReturnType<typeof createVault>>) => (await vault.tokens.storage.list('id/')).length;

describe('expired tokens', () => {
  it('are revoked and removed from storage once their TTL has passed, children and cubbyholes included', async () => {
    const vault = await createVault({ clock: 'manual' });
    const before = await liveTokenEntries(vault);
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push(await vault.createToken({ policies: i < 10 ? ['root'] : ['default'], ttl: '1m' }));
    for (const id of ids.slice(0, 10)) {
      expect((await vault.request('update', 'cubbyhole/note', { n: 1 }, id)).status).toBe(204);
      expect((await vault.request('update', 'auth/token/create', { ttl: '1h', policies: ['default'] }, id)).status).toBe(200);
    }
    expect(await liveTokenEntries(vault)).toBe(before + 110);
    vault.clock.advance('2m');
    expect((await vault.request('read', 'secret/data/anything')).status).toBe(404); // the next request sweeps what is due
    expect(await liveTokenEntries(vault)).toBe(before);
    for (const id of ids.slice(0, 3)) expect((await vault.request('read', 'auth/token/lookup-self', undefined, id)).status).toBe(403);
    const dump = Object.keys(await vault.dump());
    expect(dump.filter((k) => k.includes('cubbyhole') && k.includes('note'))).toEqual([]);
  });

  it('are removed by leases.expire() with no request at all (the idle timer runs the same sweep)', async () => {
    const vault = await createVault({ clock: 'manual' });
    const before = await liveTokenEntries(vault);
    for (let i = 0; i < 20; i++) await vault.createToken({ ttl: '30s' });
    vault.clock.advance('31s');
    await vault.leases.expire();
    expect(await liveTokenEntries(vault)).toBe(before);
  });
});
