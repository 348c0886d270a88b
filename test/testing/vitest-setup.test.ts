// minivault/vitest's globalSetup: one server for the run, its address and token handed over
// through process.env and project.provide, and everything undone by the teardown.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import setup from '../../src/testing/vitest-setup.js';

describe('minivault/vitest globalSetup', () => {
  it('starts a server, provides VAULT_ADDR/VAULT_TOKEN, and tears down', async () => {
    const saved = { addr: process.env.VAULT_ADDR, token: process.env.VAULT_TOKEN, boot: process.env.MINIVAULT_BOOTSTRAP };
    process.env.MINIVAULT_BOOTSTRAP = fileURLToPath(new URL('../../examples/kgc.json', import.meta.url));
    process.env.VAULT_ADDR = 'http://before';
    delete process.env.VAULT_TOKEN;
    const provided: Record<string, string> = {};
    const teardown = await setup({ provide: (k, v) => { provided[k] = v; } });
    try {
      expect(provided.VAULT_ADDR).toBe(process.env.VAULT_ADDR);
      expect(provided.VAULT_TOKEN).toBe(process.env.VAULT_TOKEN);
      const res = await fetch(`${process.env.VAULT_ADDR}/v1/kgc/data/api-credentials`, { headers: { 'X-Vault-Token': process.env.VAULT_TOKEN! } });
      expect(res.status).toBe(200);
    } finally {
      await teardown();
    }
    expect(process.env.VAULT_ADDR).toBe('http://before');
    expect(process.env.VAULT_TOKEN).toBeUndefined();
    await expect(fetch(`${provided.VAULT_ADDR}/v1/sys/health`)).rejects.toThrow();
    for (const [k, v] of [['VAULT_ADDR', saved.addr], ['VAULT_TOKEN', saved.token], ['MINIVAULT_BOOTSTRAP', saved.boot]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
});
