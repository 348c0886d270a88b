// `status`, `operator init | unseal | seal | rotate | key-status` against minivault behind the
// recording proxy (not initialised at first: dev: false): the request bodies, the tables and
// JSON in Vault's field order, the exit codes. Rekey is in operator-rekey.test.ts.
import { describe, it, expect, afterAll, afterEach, beforeAll } from 'vitest';
import { startCliVault, type CliVault } from './real-vault.js';
import { runCli, typingTerminal } from './run-cli.js';

let v: CliVault;
let keys: string[];
let root: string;
beforeAll(async () => { v = await startCliVault({ dev: false, seed: 37 }); });
afterAll(async () => { await v.close(); });

/** Another vault, not initialised, for init tests that need one of their own. */
let other: CliVault | undefined;
afterEach(async () => { await other?.close(); other = undefined; });
async function uninitialised(): Promise<CliVault> {
  other = await startCliVault({ dev: false, seed: 41 });
  return other;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('operator init', () => {
  it('answers -status with exit 2 before init', async () => {
    const r = await runCli(v.url, ['operator', 'init', '-status']);
    expect(r).toMatchObject({ code: 2, stdout: 'Vault is not initialized\n' });
  });

  it('rejects a bad flag value with exit 1 before any request', async () => {
    v.clearRequests();
    const r = await runCli(v.url, ['operator', 'init', '-key-shares=abc']);
    expect(r).toMatchObject({ code: 1, stderr: 'invalid value "abc" for flag -key-shares: strconv.ParseInt: parsing "abc": invalid syntax\n' });
    expect(v.requests).toHaveLength(0);
  });

  it('sends shares and threshold and prints base64 keys, the root token and the advice', async () => {
    v.clearRequests();
    const r = await runCli(v.url, ['operator', 'init', '-key-shares=5', '-key-threshold=3']);
    expect(r.code).toBe(0);
    expect(v.calls()).toEqual(['GET /v1/sys/seal-status', 'PUT /v1/sys/init']);
    expect(v.requests[1]!.body).toEqual({ secret_shares: 5, secret_threshold: 3, stored_shares: 0, pgp_keys: null,
      recovery_shares: 0, recovery_threshold: 0, recovery_pgp_keys: null, root_token_pgp_key: '' });
    const lines = r.stdout.split('\n');
    keys = lines.slice(0, 5).map((l, i) => l.replace(`Unseal Key ${i + 1}: `, ''));
    for (const k of keys) expect(Buffer.from(k, 'base64').toString('base64')).toBe(k);
    expect(new Set(keys).size).toBe(5);
    expect(lines[5]).toBe('');
    root = lines[6]!.replace('Initial Root Token: ', '');
    expect(root).toMatch(/^hvs\.\w+$/);
    expect(lines[8]).toBe('Vault initialized with 5 key shares and a key threshold of 3. Please securely');
    expect(r.stdout.replace(/\n/g, ' ')).toContain('See "minivault operator rekey" for more information.');
    for (const k of keys.slice(0, 3)) await v.server.vault.unseal([k]);
    expect((await v.server.vault.request('read', 'auth/token/lookup-self', undefined, root)).status).toBe(200);
  });

  it('defaults to 5 shares and threshold 3', async () => {
    const o = await uninitialised();
    await runCli(o.url, ['operator', 'init']);
    expect(o.requests[1]!.body).toMatchObject({ secret_shares: 5, secret_threshold: 3 });
    expect(await o.server.vault.request('read', 'sys/seal-status')).toMatchObject({ body: { n: 5, t: 3 } });
  });

  it('prints the nine machine fields with -format=json', async () => {
    const o = await uninitialised();
    const r = await runCli(o.url, ['operator', 'init', '-format=json', '-n=5', '-t=3']);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['unseal_keys_b64', 'unseal_keys_hex', 'unseal_shares', 'unseal_threshold',
      'recovery_keys_b64', 'recovery_keys_hex', 'recovery_keys_shares', 'recovery_keys_threshold', 'root_token']);
    expect(json).toMatchObject({ unseal_shares: 5, unseal_threshold: 3, recovery_keys_b64: [] });
    expect(json.unseal_keys_hex).toEqual(json.unseal_keys_b64.map((k: string) => Buffer.from(k, 'base64').toString('hex')));
    expect(json.root_token).toMatch(/^hvs\./);
  });

  it('reports an already initialized server in Vault\'s error layout, exit 2', async () => {
    const r = await runCli(v.url, ['operator', 'init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error initializing: Error making API request.\n\nURL: PUT ${v.url}/v1/sys/init\nCode: 400. Errors:\n\n* Vault is already initialized\n`);
  });
});

describe('status', () => {
  it('prints the seal table in Vault order and exits 0 when unsealed', async () => {
    v.clearRequests();
    const r = await runCli(v.url, ['status']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 10)).toEqual([
      'Key             Value',
      '---             -----',
      'Seal Type       shamir',
      'Initialized     true',
      'Sealed          false',
      'Total Shares    5',
      'Threshold       3',
      'Version         1.18.1',
      'Build Date      2024-10-29T14:21:31Z',
      'Storage Type    inmem',
    ]);
    expect(lines[10]).toMatch(/^Cluster Name    vault-cluster-[0-9a-f]{8}$/);
    expect(lines[11]!.replace('Cluster ID      ', '')).toMatch(UUID);
    expect(lines.slice(12)).toEqual(['HA Enabled      false', '']);
    expect(v.calls()).toEqual(['GET /v1/sys/seal-status', 'GET /v1/sys/leader']);
    expect(v.requests[0]!.headers['x-vault-request']).toBe('true');
  });

  it('prints the seal-status and leader fields as JSON', async () => {
    const r = await runCli(v.url, ['status', '-format=json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['type', 'initialized', 'sealed', 't', 'n', 'progress', 'nonce', 'version',
      'build_date', 'migration', 'cluster_name', 'cluster_id', 'recovery_seal', 'storage_type', 'ha_enabled', 'active_time']);
    expect(json.active_time).toBe('0001-01-01T00:00:00Z');
  });

  it('exits 1 with the address in the error when the server is unreachable', async () => {
    const r = await runCli('http://127.0.0.1:1', ['status']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error checking seal status: Get "http://127.0.0.1:1/v1/sys/seal-status": dial tcp 127.0.0.1:1: connect: connection refused\n');
  });

  it('refuses positional arguments', async () => {
    const r = await runCli('http://127.0.0.1:1', ['status', 'x']);
    expect(r).toMatchObject({ code: 1, stderr: 'Too many arguments (expected 0, got 1)\n' });
  });
});

describe('operator seal and unseal', () => {
  it('seals with PUT sys/seal', async () => {
    v.clearRequests();
    const r = await runCli(v.url, ['operator', 'seal'], { env: { VAULT_TOKEN: root } });
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Vault is sealed.\n' });
    expect(v.requests[0]!.headers['x-vault-token']).toBe(root);
    expect(v.server.vault.core.seal.sealed()).toBe(true);
  });

  it('shows unseal progress and nonce while sealed and exits 2', async () => {
    v.clearRequests();
    const r = await runCli(v.url, ['operator', 'unseal', ` ${keys[0]} `]);
    expect(r.code).toBe(0);
    expect(v.calls()[0]).toBe('PUT /v1/sys/unseal');
    expect(v.requests[0]!.body).toEqual({ key: keys[0], reset: false, migrate: false });
    expect(r.stdout).toContain('Unseal Progress    1/3');
    const s = await runCli(v.url, ['status']);
    expect(s.code).toBe(2);
    expect(s.stdout).toContain('Sealed             true\n');
    expect(s.stdout).toContain('Unseal Progress    1/3\n');
    expect(s.stdout).toMatch(/^Unseal Nonce       [0-9a-f-]{36}$/m);
  });

  it('resets progress with -reset', async () => {
    v.clearRequests();
    const r = await runCli(v.url, ['operator', 'unseal', '-reset']);
    expect(r.code).toBe(0);
    expect(v.requests[0]!.body).toEqual({ reset: true });
    expect(r.stdout).toContain('Unseal Progress    0/3');
  });

  it('reports a bad key with exit 2', async () => {
    const r = await runCli(v.url, ['operator', 'unseal', 'zz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Error unsealing: Error making API request.\n\nURL: PUT ');
    expect(r.stderr).toContain("* 'key' must be a valid hex or base64 string\n");
  });

  it('refuses an empty pipe, two keys, and Ctrl-C at the prompt without calling the server', async () => {
    v.clearRequests();
    expect((await runCli(v.url, ['operator', 'unseal'], { stdin: '' })).code).toBe(1);
    expect(await runCli(v.url, ['operator', 'unseal', 'a', 'b'])).toMatchObject({ code: 1, stderr: 'Too many arguments (expected 1, got 2)\n' });
    const ctrlC = await runCli(v.url, ['operator', 'unseal'], { stdinStream: typingTerminal('\u0003') });
    expect(ctrlC.code).toBe(1);
    expect(ctrlC.stderr).toContain('interrupted');
    expect(v.requests).toHaveLength(0);
  });

  it('reads the key from a pipe when none is given (minivault addition)', async () => {
    v.clearRequests();
    const r = await runCli(v.url, ['operator', 'unseal'], { stdin: `${keys[1]}\nignored\n` });
    expect(r.code).toBe(0);
    expect(v.requests[0]!.body.key).toBe(keys[1]);
    expect(r.stdout).not.toContain(keys[1]);
    expect(r.stdout).toContain('Unseal Progress    1/3');
  });

  it('prompts on a terminal in raw mode and never echoes the key', async () => {
    v.clearRequests();
    const key = keys[2]!;
    const tty = typingTerminal(`${key.slice(0, 3)}x\u007f${key.slice(3)}\r`);
    const r = await runCli(v.url, ['operator', 'unseal'], { stdinStream: tty });
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('Unseal Key (will be hidden): \n')).toBe(true);
    expect(v.requests[0]!.body.key).toBe(key);
    expect(r.stdout + r.stderr).not.toContain(key.slice(0, 3));
    expect(tty.modes).toEqual([true, false]);
    expect(r.stdout).toContain('Unseal Progress    2/3');
  });

  it('says permission denied for a wrong token, exit 2', async () => {
    await v.server.vault.unseal([keys[3]!]);
    const r = await runCli(v.url, ['operator', 'seal'], { env: { VAULT_TOKEN: 'wrong' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error sealing: Error making API request.\n\nURL: PUT ${v.url}/v1/sys/seal\nCode: 403. Errors:\n\n* permission denied\n`);
    expect(v.server.vault.core.seal.sealed()).toBe(false);
  });

  it('has no -format flag on seal', async () => {
    const r = await runCli('http://127.0.0.1:1', ['operator', 'seal', '-format=json']);
    expect(r).toMatchObject({ code: 1, stderr: 'flag provided but not defined: -format\n' });
  });
});

describe('operator rotate and key-status', () => {
  it('rotates then shows the key status block', async () => {
    const r = await runCli(v.url, ['operator', 'rotate'], { env: { VAULT_TOKEN: root } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Success! Rotated key\n\nKey Term            2\nInstall Time        \d\d [A-Z][a-z]{2} \d\d \d\d:\d\d UTC\nEncryption Count    \d+\n$/);
    const j = await runCli(v.url, ['operator', 'key-status', '-format=json'], { env: { VAULT_TOKEN: root } });
    const status = JSON.parse(j.stdout);
    expect(Object.keys(status)).toEqual(['term', 'install_time', 'encryptions']);
    expect(status.term).toBe(2);
  });
});
