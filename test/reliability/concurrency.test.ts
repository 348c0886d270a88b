// Concurrency over real HTTP (startVault, fetch): check-and-set increments from many clients,
// token renewals racing a revoke, and read-then-cas rotations. No lost update, one winner per version.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVault, type StartedVault } from '../../src/testing/index.js';

const CAS_MISMATCH = 'check-and-set parameter did not match the current version';
let v: StartedVault;

beforeAll(async () => { v = await startVault(); });
afterAll(async () => { await v.close(); });

async function call(method: string, path: string, body?: unknown, token = v.rootToken): Promise<{ status: number; json: any }> {
  const res = await fetch(`${v.url}/v1/${path}`, { method, headers: { 'X-Vault-Token': token }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function readCounter(key: string): Promise<{ n: number; version: number }> {
  const r = await call('GET', `secret/data/${key}`);
  expect(r.status).toBe(200);
  return { n: Number(r.json.data.data.n), version: r.json.data.metadata.version as number };
}

describe('concurrent clients', () => {
  it('50 clients doing check-and-set increments on one key lose no update', async () => {
    const key = 'counter';
    expect((await call('POST', `secret/data/${key}`, { data: { n: 0 }, options: { cas: 0 } })).status).toBe(200);
    const CLIENTS = 50;
    const ATTEMPTS = 6;
    let successes = 0;
    let losers = 0;
    const client = async () => {
      for (let i = 0; i < ATTEMPTS; i++) {
        const cur = await readCounter(key);
        const w = await call('POST', `secret/data/${key}`, { data: { n: cur.n + 1 }, options: { cas: cur.version } });
        if (w.status === 200) {
          successes++;
          expect(w.json.data.version).toBe(cur.version + 1);
        } else {
          losers++;
          expect(w.status).toBe(400);
          expect(w.json.errors.join(' ')).toContain(CAS_MISMATCH);
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const end = await readCounter(key);
    expect(successes + losers).toBe(CLIENTS * ATTEMPTS);
    expect(successes).toBeGreaterThan(0);
    expect(end.n).toBe(successes); // every success is counted once: no lost update
    expect(end.version).toBe(successes + 1); // the cas:0 create plus one version per success
    const meta = await call('GET', `secret/metadata/${key}`);
    expect(meta.json.data.current_version).toBe(successes + 1);
    writeFileSync(join(tmpdir(), 'mv-reliability-cas.json'), JSON.stringify({ clients: CLIENTS, attempts: CLIENTS * ATTEMPTS, successes, losers, lostUpdates: successes - end.n }));
  }, 30_000);

  it('renewals racing a revoke: after the revoke every renewal is refused with 403 and lookup fails', async () => {
    for (let round = 0; round < 5; round++) {
      const token = await v.vault.createToken({ policies: ['default'], ttl: '1h', renewable: true });
      let revoked = false;
      const renewals = Array.from({ length: 20 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i % 5));
        const sentAfterRevoke = revoked;
        const r = await call('PUT', 'auth/token/renew-self', { increment: '2h' }, token);
        expect([200, 403]).toContain(r.status);
        if (sentAfterRevoke) expect(r.status).toBe(403);
      });
      const revoke = (async () => {
        await new Promise((r) => setTimeout(r, 2));
        expect((await call('PUT', 'auth/token/revoke', { token })).status).toBe(204);
        revoked = true;
      })();
      await Promise.all([...renewals, revoke]);
      for (let i = 0; i < 5; i++) expect((await call('PUT', 'auth/token/renew-self', {}, token)).status).toBe(403);
      expect((await call('GET', 'auth/token/lookup-self', undefined, token)).status).toBe(403);
      const lookup = await call('PUT', 'auth/token/lookup', { token });
      expect(lookup.status).toBeGreaterThanOrEqual(400);
      expect(await v.vault.tokens.lookup(token)).toBeFalsy();
    }
  }, 30_000);

  it('rotations racing: of N concurrent read-then-cas writers exactly one wins per version', async () => {
    const key = 'rotating';
    expect((await call('POST', `secret/data/${key}`, { data: { secret: 'initial' } })).status).toBe(200);
    const N = 16;
    for (let round = 0; round < 10; round++) {
      const seen = await Promise.all(Array.from({ length: N }, () => readCounter(key).catch(() => ({ n: 0, version: 0 }))));
      const version = seen[0]!.version;
      expect(seen.every((s) => s.version === version)).toBe(true);
      const writes = await Promise.all(seen.map((s, i) => call('POST', `secret/data/${key}`, { data: { secret: `r${round}-c${i}` }, options: { cas: s.version } })));
      const winners = writes.map((w, i) => ({ w, i })).filter(({ w }) => w.status === 200);
      expect(winners).toHaveLength(1);
      for (const w of writes.filter((x) => x.status !== 200)) expect(w.json.errors.join(' ')).toContain(CAS_MISMATCH);
      const now = await call('GET', `secret/data/${key}`);
      expect(now.json.data.metadata.version).toBe(version + 1);
      expect(now.json.data.data.secret).toBe(`r${round}-c${winners[0]!.i}`);
    }
  }, 30_000);
});
