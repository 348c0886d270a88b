import { describe, it, expect } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { VaultClient } from '../../src/client/index.js';
import { deferred } from '../support/deferred.js';
import { setup } from './helpers.js';

describe('client lifecycle', () => {
  it('aborts requests in flight on close and refuses work afterwards', async () => {
    const { vault, client } = setup();
    vault.delayMs = 1000;
    const pending = client.getSecret('api-credentials');
    await client.close();
    await expect(pending).rejects.toMatchObject({ kind: 'closed' });
    await expect(client.getSecret('api-credentials')).rejects.toMatchObject({ kind: 'closed' });
    await expect(client.rotate('api-credentials')).rejects.toMatchObject({ kind: 'closed' });
    expect(client.pendingWork()).toEqual([]);
  });

  it('forgets cached values and scheduled work on close (also via await using)', async () => {
    const { vault } = setup();
    let leaked: VaultClient;
    {
      await using client = new VaultClient({ address: 'http://vault.test', token: vault.token(3600), clock: vault.clock, fetch: vault.fetch, mount: 'kgc' });
      leaked = client;
      await client.connect();
      await client.getSecret('api-credentials');
      expect(client.pendingWork().length).toBeGreaterThan(0);
    }
    expect(leaked.pendingWork()).toEqual([]);
    expect(leaked.peek('api-credentials')).toBeUndefined();
  });

  it('keeps working when an event listener throws', async () => {
    const { clock, client } = setup();
    const seen: string[] = [];
    const errors: unknown[] = [];
    const thrown = deferred();
    const onUncaught = (e: unknown) => { errors.push(e); thrown.resolve(); };
    process.on('uncaughtException', onUncaught);
    client.on('renewed', () => { throw new Error('listener bug'); });
    client.on('renewed', () => seen.push('second listener'));
    await client.connect();
    clock.advance('12h');
    await client.tick();
    await thrown.promise;
    process.off('uncaughtException', onUncaught);
    expect(seen).toEqual(['second listener']);
    expect(errors).toHaveLength(1);
    expect(client.pendingWork().map((p) => p.name)).toContain('token-renewal');
    await client.close();
  });

  it('never keeps the process alive: a script that leaves a client with pending work exits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minivault-client-'));
    const entry = resolve('src/client/index.ts');
    const script = join(dir, 'sidecar.mts');
    writeFileSync(script, `
      import { VaultClient } from ${JSON.stringify(entry)};
      const fetch = async (url: string) => {
        if (url.endsWith('lookup-self')) return { status: 200, text: async () => JSON.stringify({ data: { ttl: 3600, renewable: true } }) };
        throw new TypeError('fetch failed');
      };
      const client = new VaultClient({ address: 'http://127.0.0.1:1', token: 't', fetch, fallbackEnv: { x: { v: 'V' } }, env: { V: '1' } });
      await client.connect();
      await client.getSecret('x');
      console.log(client.degraded, client.pendingWork().length);
    `);
    try {
      const out = await new Promise<string>((done, fail) => {
        execFile(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), timeout: 15_000 }, (err, stdout, stderr) =>
          err ? fail(new Error(`${err.message}\n${stderr}`)) : done(stdout));
      });
      expect(out.trim()).toBe('true 3'); // renewal, expiry and a health probe were pending
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
