// Root token generation over the wire with a real client: node-vault (npm) against `startVault()`.
// node-vault's commands (node_modules/node-vault/src/commands.js): generateRootInit PUT
// /sys/generate-root/attempt {otp, pgp_key}, generateRootUpdate PUT /sys/generate-root/update
// {key, nonce}, generateRootCancel DELETE /sys/generate-root/attempt; the responses must carry
// started, nonce, progress, required, pgp_fingerprint and complete (its response schemas).
// node-vault 0.12.0 has no generateRootStatus, so the status is read with read() (a plain GET).
// Also the raw wire answers a client sees: io.EOF for an empty update body, a body-less rekey
// cancel right after init (1.18.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeVault from 'node-vault';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { decodeRootToken } from '../../src/util/root-token.js';

type Body = Record<string, any>;

describe('node-vault generate-root commands against a 5/3 server', () => {
  let v: StartedVault;
  let client: ReturnType<typeof NodeVault>;
  let keys: string[];
  beforeAll(async () => {
    v = await startVault({ dev: false, seed: 31 });
    client = NodeVault({ endpoint: v.url });
    const init = await client.init({ secret_shares: 5, secret_threshold: 3 });
    keys = init.keys;
    client.token = init.root_token;
    for (const key of keys.slice(0, 3)) await client.unseal({ secret_shares: 1, key });
  });
  afterAll(async () => { await v.close(); });

  const status = async () => {
    const c = client as unknown as { generateRootStatus?: () => Promise<Body> };
    return c.generateRootStatus ? c.generateRootStatus() : (client.read('sys/generate-root/attempt') as Promise<Body>);
  };

  it('inits with a server OTP, takes three shares and hands back a token that works as root', async () => {
    expect(await status()).toMatchObject({ started: false, nonce: '', progress: 0, required: 3, otp_length: 28 });
    const started = await client.generateRootInit() as Body;
    expect(started).toMatchObject({ started: true, progress: 0, required: 3, pgp_fingerprint: '', complete: false });
    expect(started.otp).toMatch(/^[0-9A-Za-z]{28}$/);
    const { nonce, otp } = started;
    expect((await status()).nonce).toBe(nonce);

    const one = await client.generateRootUpdate({ key: keys[2], nonce }) as Body;
    expect(one).toMatchObject({ started: true, nonce, progress: 1, required: 3, complete: false, encoded_root_token: '' });
    await client.generateRootUpdate({ key: keys[3], nonce });
    const done = await client.generateRootUpdate({ key: keys[4], nonce }) as Body;
    expect(done).toMatchObject({ complete: true, progress: 3 });
    expect(done.encoded_root_token).toBe(done.encoded_token);

    const token = decodeRootToken(done.encoded_root_token, otp, 28);
    const root = NodeVault({ endpoint: v.url, token });
    const self = await root.tokenLookupSelf() as Body;
    expect(self.data.policies).toEqual(['root']);
    expect((await status()).started).toBe(false);
  });

  it('inits with the caller\'s OTP, refuses a second init, rejects a wrong nonce, and cancels', async () => {
    const otp = 'abcdefghijklmnopqrstuvwxyz01';
    const started = await client.generateRootInit({ otp }) as Body;
    expect(started.otp).toBe('');
    await expect(client.generateRootInit({ otp })).rejects.toThrow(/root generation already in progress/);
    await expect(client.generateRootUpdate({ key: keys[0], nonce: 'nope' }))
      .rejects.toThrow(`incorrect nonce supplied; nonce for this root generation operation is "${started.nonce}"`);
    expect(await client.generateRootCancel()).toBe('');
    expect((await status()).started).toBe(false);
    await expect(client.generateRootInit({ otp: 'short' })).rejects.toThrow(/OTP string is wrong length/);
  });

  it('answers the raw wire as Vault does: EOF, null body, decode-token, rekey cancel without a nonce', async () => {
    const put = (path: string, body?: string) => fetch(`${v.url}/v1/${path}`, { method: 'PUT', body });
    const empty = await put('sys/generate-root/update');
    expect([empty.status, await empty.json()]).toEqual([400, { errors: ['EOF'] }]);
    const nul = await put('sys/generate-root/update', 'null');
    expect([nul.status, await nul.json()]).toEqual([400, { errors: ["'key' must be specified in request body as JSON"] }]);
    const typed = await put('sys/generate-root/attempt', '{"otp": 1}');
    expect(await typed.json()).toEqual({ errors: [
      'failed to parse JSON input: json: cannot unmarshal number into Go struct field GenerateRootInitRequest.otp of type string'] });
    expect((await fetch(`${v.url}/v1/sys/generate-root/attempt`, { method: 'PATCH' })).status).toBe(405);

    const decoded = await put('sys/decode-token', JSON.stringify({ encoded_token: 'WEdBHVVXVVNdXyYqKi4uKiomJjo6Pj46OiYmKg', otp: '0123456789ABCDEFGHIJKLMNOPQR' }));
    expect(((await decoded.json()) as Body).data).toEqual({ token: 'hvs.abcdefghijklmnopqrstuvwx' });

    const rekey = await put('sys/rekey/init', JSON.stringify({ secret_shares: 3, secret_threshold: 2 }));
    expect(((await rekey.json()) as Body).started).toBe(true);
    const cancel = await fetch(`${v.url}/v1/sys/rekey/init`, { method: 'DELETE' });
    expect(cancel.status).toBe(204);
    expect(((await client.read('sys/rekey/init')) as Body).started).toBe(false);
    await put('sys/rekey/init', JSON.stringify({ secret_shares: 3, secret_threshold: 2 }));
    const withJunk = await fetch(`${v.url}/v1/sys/rekey/init`, { method: 'DELETE', body: '{not json' });
    expect(withJunk.status).toBe(204); // 1.18.1 reads no body here

    await expect(client.read('sys/rekey/backup')).rejects.toThrow(/no backed-up keys found/);
  });
});
