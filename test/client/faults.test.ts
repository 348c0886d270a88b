// Fault behaviour over real loopback HTTP: sealed mid-run, refused connections, slow answers,
// a restarted server, and start-up with Vault down.
import { describe, it, expect, afterEach } from 'vitest';
import { ManualClock } from '../../src/util/clock.js';
import { VaultClient, type VaultClientOptions } from '../../src/client/index.js';
import { FakeVault } from './fake-vault.js';
import { record } from './helpers.js';

const env = { API_KEY: 'from-env', ENC_KEY: 'enc-from-env', DB_PASSWORD: 'db-from-env' };
const fallbackEnv = {
  'kgc/api-credentials': { api_key: 'API_KEY' },
  'kgc/encryption-credentials': { key: 'ENC_KEY' },
  'database-credentials': { password: 'DB_PASSWORD', user: 'DB_USER' },
};

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function serve() {
  const clock = new ManualClock();
  const vault = new FakeVault(clock);
  vault.put('api-credentials', { api_key: 'from-vault' });
  vault.put('encryption-credentials', { key: 'enc-from-vault' });
  vault.put('database-credentials', { user: 'app', password: 'db-from-vault' });
  const address = await vault.listen();
  cleanup.push(() => vault.stop());
  const token = vault.token(24 * 3600);
  const options = (extra: Partial<VaultClientOptions> = {}): VaultClientOptions => ({ address, token, clock, env, fallbackEnv, pollInterval: 60_000, timeout: '2s', mount: 'kgc', ...extra });
  const client = (extra: Partial<VaultClientOptions> = {}) => {
    const c = new VaultClient(options(extra));
    cleanup.push(() => c.close());
    return c;
  };
  return { clock, vault, address, options, client };
}

describe('faults', () => {
  it('falls back to the environment when Vault is sealed mid-run, and returns to Vault when unsealed', async () => {
    const { clock, vault, client } = await serve();
    const c = client();
    const log = record(c, 'degraded', 'recovered');
    await c.connect();
    expect(await c.getSecret('api-credentials', 'api_key')).toBe('from-vault');
    vault.sealed = true;
    clock.advance('5m');
    expect(await c.getSecret('api-credentials', 'api_key')).toBe('from-env');
    expect(c.degraded).toBe(true);
    expect(log[0]).toMatchObject({ type: 'degraded', event: { reason: 'sealed', error: { kind: 'sealed', status: 503, errors: ['Vault is sealed'] } } });
    // no fallback for this key: the first failure is Vault's own answer, later ones say degraded
    await expect(c.getSecret('other')).rejects.toMatchObject({ kind: 'unavailable', status: 503, errors: ['Vault is sealed'] });
    const readsWhileDegraded = vault.count('GET kgc/data/');
    await c.getSecret('api-credentials');
    expect(vault.count('GET kgc/data/')).toBe(readsWhileDegraded); // degraded reads do not wait on Vault
    vault.sealed = false;
    clock.advance('5s');
    await c.tick();
    expect(c.degraded).toBe(false);
    expect(log.map((l) => l.type)).toEqual(['degraded', 'recovered']);
    expect(await c.getSecret('api-credentials', 'api_key')).toBe('from-vault');
  });

  it('reports a sealed Vault with Vault’s status and errors when there is no fallback', async () => {
    const { vault, client } = await serve();
    const c = client({ fallbackEnv: {} });
    vault.sealed = true;
    const err = await c.getSecret('api-credentials').catch((e) => e);
    expect(err).toMatchObject({ name: 'VaultClientError', kind: 'sealed', status: 503, errors: ['Vault is sealed'] });
    expect(err.message).toContain('Code: 503');
    expect(err.message).not.toContain(vault.rootToken);
  });

  it('survives refused connections and a server restart without restarting the client', async () => {
    const { clock, vault, client } = await serve();
    const c = client();
    const log = record(c, 'degraded', 'recovered', 'renewed');
    await c.connect();
    await vault.stop();
    clock.advance('5m');
    expect(await c.getSecret('api-credentials', 'api_key')).toBe('from-env');
    expect(log[0]).toMatchObject({ type: 'degraded', event: { reason: 'unreachable', error: { kind: 'unreachable', status: 0 } } });
    clock.advance('5s');
    await c.tick(); // probe refused: still degraded
    expect(c.degraded).toBe(true);
    await vault.listen(); // restarted on the same port, sealed as a restarted Vault is
    vault.sealed = true;
    clock.advance('5s');
    await c.tick();
    expect(c.degraded).toBe(true);
    expect(c.degradedReason).toBe('sealed');
    vault.sealed = false;
    clock.advance('5s');
    await c.tick();
    expect(c.degraded).toBe(false);
    expect(await c.getSecret('api-credentials', 'api_key')).toBe('from-vault');
    clock.advance('12h');
    await c.tick();
    expect(log.map((l) => l.type)).toEqual(['degraded', 'recovered', 'renewed']);
  });

  it('gives up on a slow answer after the timeout and treats it as an outage', async () => {
    const { vault, client } = await serve();
    const c = client({ timeout: '50ms', fallbackEnv: {} });
    vault.delayMs = 300;
    const err = await c.getSecret('api-credentials').catch((e) => e);
    expect(err).toMatchObject({ kind: 'timeout', status: 0 });
    expect(err.message).toContain('context deadline exceeded');
    expect(c.degradedReason).toBe('timeout');
  });

  it('serves a value older than cacheTtl while Vault is down only with staleIfError, and only as old as allowed', async () => {
    const { clock, vault, client } = await serve();
    const strict = client({ fallbackEnv: {} });
    const lenient = client({ fallbackEnv: {}, staleIfError: '10m' });
    await strict.getSecret('api-credentials');
    await lenient.getSecret('api-credentials');
    await vault.stop();
    clock.advance('6m');
    await expect(strict.getSecret('api-credentials')).rejects.toMatchObject({ kind: 'unreachable' });
    expect(await lenient.getSecret('api-credentials', 'api_key')).toBe('from-vault');
    clock.advance('5m');
    await expect(lenient.getSecret('api-credentials')).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('prefers a stale Vault value to the environment when staleIfError is set', async () => {
    const { clock, vault, client } = await serve();
    const c = client({ staleIfError: true });
    await c.getSecret('api-credentials');
    await vault.stop();
    clock.advance('1h');
    expect(await c.getSecret('api-credentials', 'api_key')).toBe('from-vault');
  });

  it('starts from the environment when Vault is down, then picks up Vault and its token when it is back', async () => {
    const { clock, vault, options } = await serve();
    await vault.stop();
    const { client, secrets } = await VaultClient.start(options());
    cleanup.push(() => client.close());
    expect(client.degraded).toBe(true);
    expect(client.degradedReason).toBe('unreachable');
    expect(client.token).toBeNull();
    expect(secrets).toEqual({
      'api-credentials': { api_key: 'from-env' },
      'encryption-credentials': { key: 'enc-from-env' },
      'database-credentials': { password: 'db-from-env' },
    });
    await expect(client.rotate('api-credentials')).rejects.toMatchObject({ kind: 'rotation-paused' });
    await vault.listen();
    clock.advance('5s');
    await client.tick();
    expect(client.degraded).toBe(false);
    expect(client.token).toMatchObject({ renewable: true, ttlSeconds: 86400 - 5 });
    expect(await client.getSecret('database-credentials')).toEqual({ user: 'app', password: 'db-from-vault' });
  });

  it('starts from the environment when Vault is sealed at start', async () => {
    const { vault, options } = await serve();
    vault.sealed = true;
    const { client, secrets } = await VaultClient.start({ ...options(), secrets: ['api-credentials'] });
    cleanup.push(() => client.close());
    expect(client.degradedReason).toBe('sealed');
    expect(secrets).toEqual({ 'api-credentials': { api_key: 'from-env' } });
  });

  it('starts from Vault when it is up', async () => {
    const { vault, options } = await serve();
    const { client, secrets } = await VaultClient.start(options());
    cleanup.push(() => client.close());
    expect(client.degraded).toBe(false);
    expect(secrets['api-credentials']).toEqual({ api_key: 'from-vault' });
    expect(secrets['database-credentials']).toEqual({ user: 'app', password: 'db-from-vault' });
    expect(vault.count('GET auth/token/lookup-self')).toBe(1);
  });

  it('fails start-up, closing the client, when a start-up key has neither Vault nor a fallback', async () => {
    const { vault, options } = await serve();
    await vault.stop();
    await expect(VaultClient.start({ ...options(), secrets: ['api-credentials', 'no-fallback'] })).rejects.toMatchObject({ kind: 'unavailable' });
  });
});
