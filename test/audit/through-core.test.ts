// Audit as core drives it: every request and response logged in Vault's shape, denied requests
// included, nothing secret in the clear, and a request refused (and nothing changed) when every
// device fails to write.
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';

describe('audit through the request pipeline', () => {
  it('logs a request entry before and a response entry after each request, with HMACed secrets', async () => {
    const vault = await createVault({ rootToken: 'root-token-abc', seed: 7 });
    expect((await vault.request('update', 'sys/audit/mem', { type: 'memory' })).status).toBe(204);
    await vault.request('update', 'secret/data/app', { data: { password: 'very-secret-value-123' } });
    await vault.handle({ operation: 'read', path: 'secret/data/app', token: 'nope' });
    const lines = vault.audit.memory('mem/')!.lines().join('\n');
    const entries = vault.audit.memory('mem/')!.entries() as Array<{ type: string; request: { path: string; client_token?: string }; error?: string }>;
    const paths = entries.map((e) => `${e.type} ${e.request.path}`);
    expect(paths).toContain('request secret/data/app');
    expect(paths).toContain('response secret/data/app');
    expect(entries.some((e) => e.error === 'permission denied')).toBe(true);
    expect(lines).not.toContain('very-secret-value-123');
    expect(lines).not.toContain('root-token-abc');
    expect(lines).toContain('hmac-sha256:');
    const hash = await vault.request('update', 'sys/audit-hash/mem', { input: 'very-secret-value-123' });
    expect(lines).toContain((hash.body as { hash: string }).hash);
  });

  it('refuses a request with 500 internal error and changes nothing when every device fails', async () => {
    const vault = await createVault({ rootToken: 'root' });
    await vault.request('update', 'secret/data/app', { data: { v: '1' } });
    await vault.request('update', 'sys/audit/mem', { type: 'memory' });
    vault.audit.memory('mem/')!.failWith(new Error('disk full'));
    const res = await vault.request('update', 'secret/data/app', { data: { v: '2' } });
    expect(res).toEqual({ status: 500, body: { errors: ['internal error'] } });
    vault.audit.memory('mem/')!.failWith(null);
    const read = await vault.request('read', 'secret/data/app');
    expect((read.body as { data: { data: unknown; metadata: { version: number } } }).data).toMatchObject({ data: { v: '1' }, metadata: { version: 1 } });
  });

  it('keeps serving when one of two devices fails', async () => {
    const vault = await createVault({ rootToken: 'root' });
    await vault.request('update', 'sys/audit/a', { type: 'memory' });
    await vault.request('update', 'sys/audit/b', { type: 'memory' });
    vault.audit.memory('a/')!.failWith(new Error('broken'));
    expect((await vault.request('update', 'secret/data/app', { data: { v: '2' } })).status).toBe(200);
    expect(vault.audit.memory('b/')!.entries().length).toBeGreaterThan(0);
  });
});
