// A complete example: a small service reading its API key from Vault, rotating it every 30 days,
// and falling back to the environment when Vault is sealed, tested against an in-process
// minivault seeded like the real one (examples/kgc.json). In your project the imports are
// 'minivault/testing' and 'minivault/client'.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VaultClient } from '../src/client/index.js';
import { createVault } from '../src/testing/index.js';

const DAY = 86_400_000;

class ApiKeys {
  constructor(private readonly vault: VaultClient, private readonly now: () => number) {}
  apiKey(): Promise<string> {
    return this.vault.getSecret<string>('kgc/api-credentials', 'api_key');
  }
  async rotateIfDue(): Promise<boolean> {
    const createdAt = Date.parse(await this.vault.getSecret<string>('kgc/api-credentials', 'created_at', { refresh: true }));
    if (this.now() - createdAt < 30 * DAY) return false;
    await this.vault.rotate('kgc/api-credentials', { field: 'api_key' });
    return true;
  }
}

describe('ApiKeys (example service against minivault)', () => {
  const setup = async () => {
    const vault = await createVault({ seed: 'kgc-example', clock: 'manual', bootstrap: fileURLToPath(new URL('./kgc.json', import.meta.url)) });
    const client = new VaultClient({
      address: 'http://minivault.test', token: 'kgc-rotate-token', fetch: vault.fetch, clock: vault.clock, cacheTtl: 0,
      fallbackEnv: { 'kgc/api-credentials': { api_key: 'KGC_API_KEY' } }, env: { KGC_API_KEY: 'from-env' },
    });
    return { vault, client, service: new ApiKeys(client, () => vault.clock.now()) };
  };

  it('reads the seeded key and rotates it only once 30 days have passed', async () => {
    const { vault, client, service } = await setup();
    expect(await service.apiKey()).toBe('kgc-api-key-v1');
    expect(await service.rotateIfDue()).toBe(false);
    vault.clock.advance('30d');
    expect(await service.rotateIfDue()).toBe(true);
    expect(await service.apiKey()).not.toBe('kgc-api-key-v1');
    expect((await vault.kv('kgc').metadata('api-credentials'))?.current_version).toBe(2);
    await client.close();
  });

  it('falls back to the environment while Vault is sealed', async () => {
    const { vault, client, service } = await setup();
    await vault.seal();
    expect(await service.apiKey()).toBe('from-env');
    await client.close();
  });
});
