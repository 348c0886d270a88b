// Vault prints every time.Time and protobuf Timestamp with Go's RFC3339Nano: up to nine
// fractional digits, trailing zeros trimmed, Z. On the real clock minivault's stamps carry
// sub-millisecond digits too (token and secret leases, audit entries, identity objects, response
// wrapping, barrier key terms, transit keys, AppRole secret IDs, PKI revocations); a frozen clock
// prints exactly what it was set to.
import { describe, expect, it } from 'vitest';
import { createVault, type TestVault } from '../../src/testing/index.js';

const GO_RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,8}[1-9])?Z$/;
type Body = { data: Record<string, unknown>; wrap_info?: { creation_time: string } };
const data = async (v: TestVault, op: 'read' | 'update', path: string, body?: Record<string, unknown>) =>
  ((await v.request(op, path, body)).body as Body).data;

/** Collects stamps of one kind; together they must show digits below the millisecond. */
async function stamps(n: number, make: (i: number) => Promise<string>): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(await make(i));
  return out;
}

function expectNano(times: string[]): void {
  for (const t of times) {
    expect(t).toMatch(GO_RFC3339_NANO);
    expect(Math.abs(Date.parse(t) - Date.now())).toBeLessThan(3 * 86_400_000);
  }
  expect(times.some((t) => /\.\d{4,9}Z$/.test(t)), times.join(' ')).toBe(true);
}

describe('timestamps on the real clock', () => {
  it('tokens: issue_time and expire_time', async () => {
    const v = await createVault();
    const ids = await stamps(4, () => v.createToken({ ttl: '1h' }));
    const looked = await Promise.all(ids.map((id) => data(v, 'update', 'auth/token/lookup', { token: id })));
    expectNano(looked.map((d) => d.issue_time as string));
    expectNano(looked.map((d) => d.expire_time as string));
  });

  it('audit entries, identity entities and wrapping tokens', async () => {
    const v = await createVault();
    expect((await v.request('update', 'sys/audit/mem', { type: 'memory' })).status).toBe(204);
    const entities = await stamps(4, async (i) => (await data(v, 'update', 'identity/entity', { name: `e${i}` })).id as string);
    const views = await Promise.all(entities.map((id) => data(v, 'read', `identity/entity/id/${id}`)));
    expectNano(views.map((e) => e.creation_time as string));
    expectNano(views.map((e) => e.last_update_time as string));
    expectNano((v.audit.memory('mem/')!.entries() as Array<{ time: string }>).map((e) => e.time));
    const wraps = await stamps(4, async () => {
      const res = await v.handle({ operation: 'update', path: 'sys/wrapping/wrap', data: { a: 1 }, token: v.rootToken, wrapTtl: 300 });
      return (res.body as Body).wrap_info!.creation_time;
    });
    expectNano(wraps);
  });

  it('transit key versions and AppRole secret IDs', async () => {
    const v = await createVault();
    await v.request('update', 'sys/mounts/transit', { type: 'transit' });
    await v.request('update', 'sys/auth/approle', { type: 'approle' });
    await v.request('update', 'auth/approle/role/r', {});
    const keys = await stamps(4, async (i) => {
      await v.request('update', `transit/keys/k${i}`, { exportable: true, allow_plaintext_backup: true });
      const backup = await data(v, 'read', `transit/backup/k${i}`);
      const decoded = JSON.parse(Buffer.from(backup.backup as string, 'base64').toString()) as { policy: { keys: Record<string, { time: string }> } };
      return decoded.policy.keys['1']!.time;
    });
    expectNano(keys);
    const secretIds = await stamps(4, async () => {
      const id = (await data(v, 'update', 'auth/approle/role/r/secret-id')).secret_id as string;
      return (await data(v, 'update', 'auth/approle/role/r/secret-id/lookup', { secret_id: id })).creation_time as string;
    });
    expectNano(secretIds);
  });

  it('secret leases: issue_time and expire_time in sys/leases/lookup', async () => {
    const v = await createVault();
    await v.request('update', 'sys/mounts/kv1', { type: 'kv', options: { version: '1', leased_passthrough: 'true' } });
    await v.request('update', 'kv1/app', { ttl: '1h', a: 1 });
    const leases = await stamps(4, async () => ((await v.request('read', 'kv1/app')).body as { lease_id: string }).lease_id);
    const looked = await Promise.all(leases.map((id) => data(v, 'update', 'sys/leases/lookup', { lease_id: id })));
    expectNano(looked.map((d) => d.issue_time as string));
    expectNano(looked.map((d) => d.expire_time as string));
  });

  it('barrier key terms: sys/key-status install_time', async () => {
    const v = await createVault();
    const installed = await stamps(4, async () => {
      expect((await v.request('update', 'sys/rotate')).status).toBe(204);
      return ((await v.request('read', 'sys/key-status')).body as Record<string, unknown>).install_time as string;
    });
    expectNano(installed);
  });

  it('PKI revocations and tidies: revocation_time_rfc3339, time_started', async () => {
    const v = await createVault();
    await v.request('update', 'sys/mounts/pki', { type: 'pki' });
    await v.request('update', 'pki/root/generate/internal', { common_name: 'Root CA', key_type: 'ec', ttl: '87600h' });
    await v.request('update', 'pki/roles/web', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec' });
    const revoked = await stamps(4, async (i) => {
      const serial = (await data(v, 'update', 'pki/issue/web', { common_name: `h${i}.example.com`, ttl: '1h' })).serial_number as string;
      return (await data(v, 'update', 'pki/revoke', { serial_number: serial })).revocation_time_rfc3339 as string;
    });
    expectNano(revoked);
    const tidies = await stamps(4, async () => {
      expect((await v.request('update', 'pki/tidy', { tidy_cert_store: true })).status).toBe(202);
      for (;;) {
        const st = await data(v, 'read', 'pki/tidy-status');
        if (st.state !== 'Running') return st.time_started as string;
        await new Promise((r) => setImmediate(r));
      }
    });
    expectNano(tidies);
  });

  it('a frozen clock prints exactly the time it was set to', async () => {
    const v = await createVault({ clock: 'manual', now: Date.UTC(2026, 5, 1, 12, 0, 0, 250) });
    const id = await v.createToken({ ttl: '1h' });
    expect((await data(v, 'update', 'auth/token/lookup', { token: id })).issue_time).toBe('2026-06-01T12:00:00.25Z');
  });
});
