// `minivault operator generate-root` (V114 command/operator_generate_root.go) against a real
// in-process minivault (src/testing startVault): the whole flow — -generate-otp, -init -otp,
// three shares with -nonce (argument, "-" on stdin, a piped line), -decode — ends with a token
// that looks up as root; plus the server-drawn OTP, -status, -cancel, the local refusals, and
// `operator rekey -cancel` right after `-init`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { runCli } from './run-cli.js';

let vault: StartedVault;
let keys: string[];
let root: string;

const cli = (argv: string[], opts: { token?: string; stdin?: string; tty?: boolean } = {}) =>
  runCli(vault.address, argv, { env: opts.token ? { VAULT_TOKEN: opts.token } : {}, stdin: opts.stdin, stdoutIsTTY: opts.tty });
const genroot = (args: string[], opts?: { token?: string; stdin?: string; tty?: boolean }) => cli(['operator', 'generate-root', ...args], opts);

beforeAll(async () => {
  vault = await startVault({ dev: false, seed: 21 });
  const init = await cli(['operator', 'init', '-key-shares=5', '-key-threshold=3', '-format=json']);
  expect(init.code).toBe(0);
  ({ unseal_keys_b64: keys, root_token: root } = JSON.parse(init.stdout) as { unseal_keys_b64: string[]; root_token: string });
  for (const k of keys.slice(0, 3)) expect((await cli(['operator', 'unseal', k])).code).toBe(0);
});
afterAll(async () => { await vault.close(); });

describe('operator generate-root against minivault', () => {
  it('runs -generate-otp, -init, three keys and -decode to a working root token', async () => {
    const gen = await genroot(['-generate-otp']);
    expect(gen.code).toBe(0);
    const otp = gen.stdout;
    expect(otp).toMatch(/^[0-9A-Za-z]{28}$/); // PrintRaw: no newline when stdout is no terminal

    const status = await genroot(['-status']);
    expect(status).toEqual({ code: 0, stderr: '', stdout: [
      'Nonce         n/a',
      'Started       false',
      'Progress      0/3',
      'Complete      false',
      'OTP Length    28',
      '',
    ].join('\n') });

    const init = await genroot(['-init', `-otp=${otp}`]);
    expect(init.code).toBe(0);
    expect(init.stderr).toBe('');
    const nonce = /^Nonce\s+(\S+)$/m.exec(init.stdout)![1]!;
    expect(init.stdout).toBe([
      `Nonce         ${nonce}`,
      'Started       true',
      'Progress      0/3',
      'Complete      false',
      'OTP Length    28',
      '',
    ].join('\n'));

    const first = await genroot([`-nonce=${nonce}`, keys[0]!]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Progress    1/3\n');
    expect(first.stdout).not.toContain('OTP Length'); // update answers otp_length 0
    const second = await genroot([`-nonce=${nonce}`, '-'], { stdin: `${keys[2]}\n` });
    expect(second.stdout).toContain('Progress    2/3\n');
    // no argument, stdin a pipe: minivault reads one line and takes the nonce from the status
    const last = await genroot([], { stdin: `${keys[4]}\n` });
    expect(last.code).toBe(0);
    const encoded = /^Encoded Token\s+(\S+)$/m.exec(last.stdout)![1]!;
    expect(last.stdout).toBe([
      `Nonce            ${nonce}`,
      'Started          true',
      'Progress         3/3',
      'Complete         true',
      `Encoded Token    ${encoded}`,
      '',
    ].join('\n'));

    const decoded = await genroot([`-decode=${encoded}`, `-otp=${otp}`]);
    expect(decoded.code).toBe(0);
    const token = decoded.stdout;
    expect(token).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);
    expect(token).not.toBe(root);
    expect((await genroot([`-decode=${encoded}`, `-otp=${otp}`], { tty: true })).stdout).toBe(`${token}\n`);
    expect(JSON.parse((await genroot(['-decode=-', `-otp=${otp}`, '-format=json'], { stdin: encoded })).stdout)).toEqual({ token });

    const lookup = await cli(['token', 'lookup', '-format=json'], { token });
    expect(lookup.code).toBe(0);
    expect(JSON.parse(lookup.stdout).data).toMatchObject({ id: token, policies: ['root'], path: 'auth/token/root' });
  });

  it('lets the server draw the OTP on -init and warns to keep it; JSON shows the status fields in order', async () => {
    const init = await genroot(['-init']);
    expect(init.code).toBe(0);
    expect(init.stderr).toBe('A One-Time-Password has been generated for you and is shown in the OTP field.\n'
      + 'You will need this value to decode the resulting root token, so keep it safe.\n');
    expect(init.stdout).toMatch(/^OTP           [0-9A-Za-z]{28}$/m);
    const json = JSON.parse((await genroot(['-status', '-format=json'])).stdout);
    expect(Object.keys(json)).toEqual(['nonce', 'started', 'progress', 'required', 'complete', 'encoded_token',
      'encoded_root_token', 'pgp_fingerprint', 'otp', 'otp_length']);
    expect(json).toMatchObject({ started: true, progress: 0, required: 3, otp: '', otp_length: 28 });

    const again = await genroot(['-init']);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`Error initializing root generation: Error making API request.\n\nURL: PUT ${vault.url}/v1/sys/generate-root/attempt\n`
      + 'Code: 400. Errors:\n\n* root generation already in progress\n');

    const cancel = await genroot(['-cancel']);
    expect(cancel).toEqual({ code: 0, stdout: 'Success! Root token generation canceled (if it was started)\n', stderr: '' });
    expect((await genroot(['-status'])).stdout).toContain('Started       false\n');
  });

  it('refuses locally and reports server errors with Vault\'s words and exit codes', async () => {
    const notStarted = await genroot(['-nonce=x', keys[0]!]);
    expect(notStarted.code).toBe(1);
    expect(notStarted.stderr).toBe('No root generation is in progress. Start a root generation by running\n'
      + '"minivault operator generate-root -init".\n'
      + 'If starting root generation using the OTP method and generating your own OTP,\n'
      + 'the length of the OTP string needs to be 28 characters in length.\n');
    expect((await genroot(['-decode=abc'])).stderr).toBe('Missing otp: use -otp to supply it\n');
    expect(await genroot(['-init', '-otp=x', '-pgp-key=/nonexistent'])).toMatchObject({
      code: 1, stderr: 'Error initializing: cannot specify both -otp and -pgp-key\n' });
    expect((await genroot(['a', 'b'])).stderr).toBe('Too many arguments (expected 0-1, got 2)\n');

    const badOtp = await genroot(['-init', '-otp=short']);
    expect(badOtp.code).toBe(2);
    expect(badOtp.stderr).toContain('* OTP string is wrong length\n');
    const wrongLength = await genroot(['-decode=WEdBHVVXVVNdXyYqKi4uKiomJjo6Pj46OiYmKg', '-otp=0123456789ABCDEFGHIJKLMNOP']);
    expect(wrongLength).toMatchObject({ code: 1,
      stderr: 'Error decoding root token: error xoring token: length of byte slices is not equivalent: 28 != 26\n' });

    const { stdout } = await genroot(['-init', '-format=json']);
    const { nonce } = JSON.parse(stdout) as { nonce: string };
    const missingNonce = await genroot([keys[0]!]);
    expect(missingNonce).toMatchObject({ code: 1, stderr: 'Missing nonce value: specify it via the -nonce flag\n' });
    const wrongNonce = await genroot(['-nonce=nope', keys[0]!]);
    expect(wrongNonce.code).toBe(2);
    expect(wrongNonce.stderr).toContain(`* incorrect nonce supplied; nonce for this root generation operation is "${nonce}"\n`);
    expect((await genroot(['-cancel'])).code).toBe(0);
  });
});

describe('operator rekey against minivault', () => {
  it('cancels right after -init (no nonce needed in 1.18.1)', async () => {
    const init = await cli(['operator', 'rekey', '-init', '-key-shares=3', '-key-threshold=2']);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('Started                  true');
    const cancel = await cli(['operator', 'rekey', '-cancel']);
    expect(cancel).toEqual({ code: 0, stdout: 'Success! Canceled rekeying (if it was started)\n', stderr: '' });
    expect((await cli(['operator', 'rekey', '-status'])).stdout).toContain('Started    false');
  });
});
