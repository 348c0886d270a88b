// The vault CLI's generic commands against transit on a real startVault() (issue: "vault write
// transit/encrypt/my-key plaintext=… and friends work"): secrets enable, write -f keys/…, write
// encrypt and decrypt (table and -field output), read, list, and a transit error as the CLI shows
// it. The CLI runs in-process through its main entry, as the test/cli tests run it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { startVault, type StartedVault } from '../../../src/testing/index.js';

let vault: StartedVault;
const home = mkdtempSync(join(tmpdir(), 'transit-cli-'));

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '', stderr = '';
  const stdin = new PassThrough();
  stdin.end('');
  const code = await main(argv, {
    stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; }, stdin,
    env: { HOME: home, VAULT_ADDR: vault.address, VAULT_TOKEN: vault.rootToken }, stdoutIsTTY: false,
  });
  return { code, stdout, stderr };
}

beforeAll(async () => { vault = await startVault({ seed: 33 }); });
afterAll(async () => { await vault.close(); });

describe('vault CLI against transit', () => {
  it('enables transit, creates a key, encrypts and decrypts, reads and lists', async () => {
    expect(await cli(['secrets', 'enable', 'transit'])).toEqual({ code: 0, stderr: '', stdout: 'Success! Enabled the transit secrets engine at: transit/\n' });
    const created = await cli(['write', '-f', 'transit/keys/my-key']);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Key +Value\n--- +-----\n/);
    expect(created.stdout).toMatch(/\nlatest_version +1\n/);
    expect(created.stdout).toMatch(/\ntype +aes256-gcm96\n/);

    const plaintext = Buffer.from('my secret data').toString('base64');
    const table = await cli(['write', 'transit/encrypt/my-key', `plaintext=${plaintext}`]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^Key +Value\n-{3} +-{5}\nciphertext +vault:v1:[A-Za-z0-9+/=]+\nkey_version +1\n$/);
    const ciphertext = (await cli(['write', '-field=ciphertext', 'transit/encrypt/my-key', `plaintext=${plaintext}`])).stdout;
    expect(ciphertext).toMatch(/^vault:v1:/);
    const decrypted = await cli(['write', '-field=plaintext', 'transit/decrypt/my-key', `ciphertext=${ciphertext}`]);
    expect(decrypted).toEqual({ code: 0, stderr: '', stdout: plaintext });

    const read = await cli(['read', '-format=json', 'transit/keys/my-key']);
    expect(JSON.parse(read.stdout)).toMatchObject({ data: { name: 'my-key', type: 'aes256-gcm96', latest_version: 1 }, mount_type: 'transit' });
    expect(await cli(['list', 'transit/keys'])).toEqual({ code: 0, stderr: '', stdout: 'Keys\n----\nmy-key\n' });
  });

  it('shows a transit error the way the vault CLI does, exit 2', async () => {
    const r = await cli(['write', 'transit/decrypt/my-key', 'ciphertext=vault:v1:AAAA']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error writing data to transit\/decrypt\/my-key: Error making API request\.\n\nURL: PUT http:\/\/127\.0\.0\.1:\d+\/v1\/transit\/decrypt\/my-key\nCode: 400\. Errors:\n\n\* invalid ciphertext length\n$/);
  });
});
