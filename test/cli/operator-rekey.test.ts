// `operator rekey` against minivault behind the recording proxy: -init, the shares posted with
// their nonce until the new keys come back (which then unseal the vault), the local refusals,
// -cancel.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { startCliVault, type CliVault } from './real-vault.js';
import { runCli } from './run-cli.js';

let v: CliVault;
let keys: string[];
let root: string;
const cli = (argv: string[]) => runCli(v.url, ['operator', 'rekey', ...argv], { env: { VAULT_TOKEN: root } });

beforeAll(async () => {
  v = await startCliVault({ dev: false, seed: 43 });
  const init = await runCli(v.url, ['operator', 'init', '-key-shares=5', '-key-threshold=3', '-format=json']);
  ({ unseal_keys_b64: keys, root_token: root } = JSON.parse(init.stdout) as { unseal_keys_b64: string[]; root_token: string });
  await v.server.vault.unseal(keys.slice(0, 3));
});
afterAll(async () => { await v.close(); });

const nonce = async (): Promise<string> => ((await v.server.vault.request('read', 'sys/rekey/init')).body as { nonce: string }).nonce;

describe('operator rekey', () => {
  it('says no rekey is in progress', async () => {
    const r = await cli(['-nonce=x', 'k']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No rekey is in progress.');
  });

  it('starts with -init, printing the warning on stderr and the status table', async () => {
    v.clearRequests();
    const r = await cli(['-init', '-key-shares=5', '-key-threshold=3']);
    expect(r.code).toBe(0);
    expect(v.requests[0]!.body).toMatchObject({ secret_shares: 5, secret_threshold: 3, require_verification: false });
    expect(r.stderr).toContain('WARNING! If you lose the keys after they are returned, there is no recovery.');
    expect(r.stdout).toContain('Rekey Progress           0/3');
    expect(r.stdout).toContain(`Nonce                    ${await nonce()}`);
  });

  it('needs a nonce when the key is given as an argument', async () => {
    const r = await cli([keys[0]!]);
    expect(r).toMatchObject({ code: 1, stderr: 'Missing nonce value: specify it via the -nonce flag\n' });
  });

  it('posts a key with its nonce and prints the new shares on completion', async () => {
    const n = await nonce();
    v.clearRequests();
    expect((await cli([`-nonce=${n}`, keys[0]!])).stdout).toContain('Rekey Progress           1/3');
    expect(v.requests.find((q) => q.path === '/v1/sys/rekey/update')!.body).toEqual({ key: keys[0], nonce: n });
    await cli([`-nonce=${n}`, keys[1]!]);
    const r = await cli([`-nonce=${n}`, keys[2]!]);
    expect(r.code).toBe(0);
    const fresh = [...r.stdout.matchAll(/^Key (\d): (\S+)$/gm)].map((m) => m[2]!);
    expect(fresh).toHaveLength(5);
    expect(fresh.some((k) => keys.includes(k))).toBe(false);
    expect(r.stdout).toContain(`\nOperation nonce: ${n}\n`);
    expect(r.stdout).toContain('Vault unseal keys rekeyed with 5 key shares and a key threshold of 3.');
    await v.server.vault.seal();
    await v.server.vault.unseal(fresh.slice(2));
    expect(v.server.vault.core.seal.sealed()).toBe(false);
  });

  it('cancels with DELETE sys/rekey/init', async () => {
    await cli(['-init', '-key-shares=3', '-key-threshold=2']);
    v.clearRequests();
    const r = await cli(['-cancel']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Canceled rekeying (if it was started)\n' });
    expect(v.calls()).toEqual(['DELETE /v1/sys/rekey/init']);
    expect(await nonce()).toBe('');
  });
});
