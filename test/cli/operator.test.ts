import { describe, it, expect, afterEach } from 'vitest';
import { PassThrough } from 'node:stream';
import { LEADER_NON_HA, sealStatus, startFakeVault, type FakeVault } from './fake-vault.js';
import { runCli } from './run-cli.js';

let fake: FakeVault | undefined;
afterEach(async () => { await fake?.close(); fake = undefined; });

async function vault(routes: Parameters<typeof startFakeVault>[0]): Promise<FakeVault> {
  fake = await startFakeVault({ 'GET /v1/sys/leader': { status: 200, body: LEADER_NON_HA }, ...routes });
  return fake;
}

const SEALED_1_OF_3 = sealStatus({ sealed: true, progress: 1, nonce: '2dbd10f1-8528-6246-09e7-82b25b8aba63', cluster_name: undefined, cluster_id: undefined });

describe('status', () => {
  it('prints the seal table in Vault order and exits 0 when unsealed', async () => {
    const v = await vault({ 'GET /v1/sys/seal-status': { status: 200, body: sealStatus() } });
    const r = await runCli(v.url, ['status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
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
      'Cluster Name    vault-cluster-1a2b3c4d',
      'Cluster ID      00af5aa8-c87d-b5fc-e82e-97cd8dfaf731',
      'HA Enabled      false',
      '',
    ].join('\n'));
    expect(v.calls()).toEqual(['GET /v1/sys/seal-status', 'GET /v1/sys/leader']);
    expect(v.requests[0]!.headers['x-vault-request']).toBe('true');
  });

  it('shows unseal progress and nonce while sealed and exits 2', async () => {
    const v = await vault({ 'GET /v1/sys/seal-status': { status: 200, body: SEALED_1_OF_3 } });
    const r = await runCli(v.url, ['status']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Sealed             true\n');
    expect(r.stdout).toContain('Unseal Progress    1/3\n');
    expect(r.stdout).toContain('Unseal Nonce       2dbd10f1-8528-6246-09e7-82b25b8aba63\n');
  });

  it('prints the seal-status and leader fields as JSON', async () => {
    const v = await vault({ 'GET /v1/sys/seal-status': { status: 200, body: sealStatus() } });
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

describe('operator init', () => {
  const INIT_RESPONSE = {
    keys: ['aa01', 'aa02', 'aa03', 'aa04', 'aa05'],
    keys_base64: ['qgE=', 'qgI=', 'qgM=', 'qgQ=', 'qgU='],
    root_token: 'hvs.rootrootrootrootrootroot',
  };

  it('sends shares and threshold and prints base64 keys, the root token and the advice', async () => {
    const v = await vault({
      'GET /v1/sys/seal-status': { status: 200, body: sealStatus({ initialized: false, sealed: true, t: 0, n: 0 }) },
      'PUT /v1/sys/init': { status: 200, body: INIT_RESPONSE },
    });
    const r = await runCli(v.url, ['operator', 'init', '-key-shares=5', '-key-threshold=3']);
    expect(r.code).toBe(0);
    expect(v.calls()).toEqual(['GET /v1/sys/seal-status', 'PUT /v1/sys/init']);
    expect(v.requests[1]!.body).toEqual({ secret_shares: 5, secret_threshold: 3, stored_shares: 0, pgp_keys: null,
      recovery_shares: 0, recovery_threshold: 0, recovery_pgp_keys: null, root_token_pgp_key: '' });
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 7)).toEqual(['Unseal Key 1: qgE=', 'Unseal Key 2: qgI=', 'Unseal Key 3: qgM=',
      'Unseal Key 4: qgQ=', 'Unseal Key 5: qgU=', '', 'Initial Root Token: hvs.rootrootrootrootrootroot']);
    expect(lines[8]).toBe('Vault initialized with 5 key shares and a key threshold of 3. Please securely');
    expect(r.stdout.replace(/\n/g, ' ')).toContain('See "minivault operator rekey" for more information.');
  });

  it('defaults to 5 shares and threshold 3', async () => {
    const v = await vault({
      'GET /v1/sys/seal-status': { status: 200, body: sealStatus({ initialized: false, sealed: true }) },
      'PUT /v1/sys/init': { status: 200, body: INIT_RESPONSE },
    });
    await runCli(v.url, ['operator', 'init']);
    expect(v.requests[1]!.body).toMatchObject({ secret_shares: 5, secret_threshold: 3 });
  });

  it('prints the nine machine fields with -format=json', async () => {
    const v = await vault({
      'GET /v1/sys/seal-status': { status: 200, body: sealStatus({ initialized: false }) },
      'PUT /v1/sys/init': { status: 200, body: INIT_RESPONSE },
    });
    const r = await runCli(v.url, ['operator', 'init', '-format=json', '-n=5', '-t=3']);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['unseal_keys_b64', 'unseal_keys_hex', 'unseal_shares', 'unseal_threshold',
      'recovery_keys_b64', 'recovery_keys_hex', 'recovery_keys_shares', 'recovery_keys_threshold', 'root_token']);
    expect(json).toMatchObject({ unseal_keys_hex: INIT_RESPONSE.keys, unseal_shares: 5, recovery_keys_b64: [], root_token: INIT_RESPONSE.root_token });
  });

  it('reports an already initialized server in Vault\'s error layout, exit 2', async () => {
    const v = await vault({
      'GET /v1/sys/seal-status': { status: 200, body: sealStatus() },
      'PUT /v1/sys/init': { status: 400, body: { errors: ['Vault is already initialized'] } },
    });
    const r = await runCli(v.url, ['operator', 'init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error initializing: Error making API request.\n\nURL: PUT ${v.url}/v1/sys/init\nCode: 400. Errors:\n\n* Vault is already initialized\n`);
  });

  it('answers -status with exit 0 or 2', async () => {
    const v = await vault({
      'GET /v1/sys/seal-status': { status: 200, body: sealStatus() },
      'GET /v1/sys/init': { status: 200, body: { initialized: false } },
    });
    const r = await runCli(v.url, ['operator', 'init', '-status']);
    expect(r).toMatchObject({ code: 2, stdout: 'Vault is not initialized\n' });
  });

  it('rejects a bad flag value with exit 1 before any request', async () => {
    const v = await vault({});
    const r = await runCli(v.url, ['operator', 'init', '-key-shares=abc']);
    expect(r).toMatchObject({ code: 1, stderr: 'invalid value "abc" for flag -key-shares: strconv.ParseInt: parsing "abc": invalid syntax\n' });
    expect(v.requests).toHaveLength(0);
  });
});

describe('operator unseal', () => {
  it('sends the share and prints progress (exit 0 while still sealed)', async () => {
    const v = await vault({ 'PUT /v1/sys/unseal': { status: 200, body: SEALED_1_OF_3 } });
    const r = await runCli(v.url, ['operator', 'unseal', ' c2hhcmU= ']);
    expect(r.code).toBe(0);
    expect(v.calls()).toEqual(['PUT /v1/sys/unseal', 'GET /v1/sys/leader']);
    expect(v.requests[0]!.body).toEqual({ key: 'c2hhcmU=', reset: false, migrate: false });
    expect(r.stdout).toContain('Unseal Progress    1/3');
  });

  it('reads the key from a pipe when none is given (minivault addition)', async () => {
    const v = await vault({ 'PUT /v1/sys/unseal': { status: 200, body: sealStatus() } });
    const r = await runCli(v.url, ['operator', 'unseal'], { stdin: 'c2hhcmU=\nignored\n' });
    expect(r.code).toBe(0);
    expect(v.requests[0]!.body.key).toBe('c2hhcmU=');
    expect(r.stdout).not.toContain('c2hhcmU=');
  });

  it('refuses an empty pipe without calling the server', async () => {
    const v = await vault({});
    const r = await runCli(v.url, ['operator', 'unseal'], { stdin: '' });
    expect(r.code).toBe(1);
    expect(v.requests).toHaveLength(0);
  });

  it('prompts on a terminal in raw mode and never echoes the key', async () => {
    const v = await vault({ 'PUT /v1/sys/unseal': { status: 200, body: sealStatus() } });
    const modes: boolean[] = [];
    const tty = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (m: boolean) => { modes.push(m); } });
    setTimeout(() => tty.write('c2hx\u007fhcmU=\r'), 5);
    const r = await runCli(v.url, ['operator', 'unseal'], { stdinStream: tty });
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('Unseal Key (will be hidden): \n')).toBe(true);
    expect(v.requests[0]!.body.key).toBe('c2hhcmU=');
    expect(r.stdout + r.stderr).not.toContain('c2h');
    expect(modes).toEqual([true, false]);
  });

  it('gives up on Ctrl-C at the prompt with exit 1', async () => {
    const v = await vault({});
    const tty = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
    setTimeout(() => tty.write('\u0003'), 5);
    const r = await runCli(v.url, ['operator', 'unseal'], { stdinStream: tty });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('interrupted');
    expect(v.requests).toHaveLength(0);
  });

  it('resets progress with -reset', async () => {
    const v = await vault({ 'PUT /v1/sys/unseal': { status: 200, body: sealStatus({ sealed: true }) } });
    const r = await runCli(v.url, ['operator', 'unseal', '-reset']);
    expect(r.code).toBe(0);
    expect(v.requests[0]!.body).toEqual({ reset: true });
    expect(r.stdout).toContain('Unseal Progress    0/3');
  });

  it('reports a bad key with exit 2', async () => {
    const v = await vault({ 'PUT /v1/sys/unseal': { status: 400, body: { errors: ["'key' must be a valid hex or base64 string"] } } });
    const r = await runCli(v.url, ['operator', 'unseal', 'zz']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Error unsealing: Error making API request.\n\nURL: PUT ");
    expect(r.stderr).toContain("* 'key' must be a valid hex or base64 string\n");
  });

  it('refuses two keys', async () => {
    const r = await runCli('http://127.0.0.1:1', ['operator', 'unseal', 'a', 'b']);
    expect(r).toMatchObject({ code: 1, stderr: 'Too many arguments (expected 1, got 2)\n' });
  });
});

describe('operator seal, rotate and key-status', () => {
  it('seals with PUT sys/seal', async () => {
    const v = await vault({ 'PUT /v1/sys/seal': { status: 204 } });
    const r = await runCli(v.url, ['operator', 'seal'], { env: { VAULT_TOKEN: 'hvs.root' } });
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Vault is sealed.\n' });
    expect(v.requests[0]!.headers['x-vault-token']).toBe('hvs.root');
  });

  it('says permission denied for a wrong token, exit 2', async () => {
    const v = await vault({ 'PUT /v1/sys/seal': { status: 403, body: { errors: ['permission denied'] } } });
    const r = await runCli(v.url, ['operator', 'seal'], { env: { VAULT_TOKEN: 'wrong' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`Error sealing: Error making API request.\n\nURL: PUT ${v.url}/v1/sys/seal\nCode: 403. Errors:\n\n* permission denied\n`);
  });

  it('has no -format flag on seal', async () => {
    const r = await runCli('http://127.0.0.1:1', ['operator', 'seal', '-format=json']);
    expect(r).toMatchObject({ code: 1, stderr: 'flag provided but not defined: -format\n' });
  });

  it('rotates then shows the key status block', async () => {
    const v = await vault({
      'POST /v1/sys/rotate': { status: 204 },
      'GET /v1/sys/key-status': { status: 200, body: { term: 2, install_time: '2026-11-29T10:00:00.123456789Z', encryptions: 12,
        data: { term: 2, install_time: '2026-11-29T10:00:00.123456789Z', encryptions: 12 } } },
    });
    const r = await runCli(v.url, ['operator', 'rotate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Success! Rotated key\n\nKey Term            2\nInstall Time        29 Nov 26 10:00 UTC\nEncryption Count    12\n');
    const j = await runCli(v.url, ['operator', 'key-status', '-format=json']);
    expect(JSON.parse(j.stdout)).toEqual({ term: 2, install_time: '2026-11-29T10:00:00.123456789Z', encryptions: 12 });
  });
});

describe('operator rekey', () => {
  const STATUS = { nonce: 'n-1', started: true, t: 3, n: 5, progress: 1, required: 3, pgp_fingerprints: null, backup: false, verification_required: false };

  it('starts with -init, printing the warning on stderr and the status table', async () => {
    const v = await vault({ 'PUT /v1/sys/rekey/init': { status: 200, body: { ...STATUS, progress: 0 } } });
    const r = await runCli(v.url, ['operator', 'rekey', '-init', '-key-shares=5', '-key-threshold=3']);
    expect(r.code).toBe(0);
    expect(v.requests[0]!.body).toMatchObject({ secret_shares: 5, secret_threshold: 3, require_verification: false });
    expect(r.stderr).toContain('WARNING! If you lose the keys after they are returned, there is no recovery.');
    expect(r.stdout).toContain('Rekey Progress           0/3');
  });

  it('posts a key with its nonce and prints the new shares on completion', async () => {
    const v = await vault({
      'GET /v1/sys/rekey/init': { status: 200, body: STATUS },
      'PUT /v1/sys/rekey/update': { status: 200, body: { nonce: 'n-1', complete: true, keys: ['aa', 'bb'], keys_base64: ['qg==', 'uw=='] } },
    });
    const r = await runCli(v.url, ['operator', 'rekey', '-nonce=n-1', 'c2hhcmU=']);
    expect(r.code).toBe(0);
    expect(v.requests[1]!.body).toEqual({ key: 'c2hhcmU=', nonce: 'n-1' });
    expect(r.stdout).toContain('\nKey 1: qg==\nKey 2: uw==\n\nOperation nonce: n-1\n');
    expect(r.stdout).toContain('Vault unseal keys rekeyed with 5 key shares and a key threshold of 3.');
  });

  it('needs a nonce when the key is given as an argument', async () => {
    const v = await vault({ 'GET /v1/sys/rekey/init': { status: 200, body: STATUS } });
    const r = await runCli(v.url, ['operator', 'rekey', 'c2hhcmU=']);
    expect(r).toMatchObject({ code: 1, stderr: 'Missing nonce value: specify it via the -nonce flag\n' });
  });

  it('says no rekey is in progress', async () => {
    const v = await vault({ 'GET /v1/sys/rekey/init': { status: 200, body: { ...STATUS, started: false, nonce: '' } } });
    const r = await runCli(v.url, ['operator', 'rekey', '-nonce=x', 'k']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No rekey is in progress.');
  });

  it('cancels with DELETE sys/rekey/init', async () => {
    const v = await vault({ 'DELETE /v1/sys/rekey/init': { status: 204 } });
    const r = await runCli(v.url, ['operator', 'rekey', '-cancel']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Canceled rekeying (if it was started)\n' });
  });
});
