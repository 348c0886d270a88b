// Runs the real executables in child processes against an in-process minivault (startVault):
// bin/minivault over dist/ (rebuilt first when src/ is newer, test/support/ensure-dist.ts), and
// `tsx src/cli/main.ts`.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { BIN, ROOT, ensureDist } from '../support/ensure-dist.js';
import { emptyHome } from './run-cli.js';

let vault: StartedVault;

function run(cmd: string, args: string[], env: Record<string, string>, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: emptyHome(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

beforeAll(async () => {
  await ensureDist();
  vault = await startVault({ seed: 5 });
}, 180_000);

afterAll(async () => { await vault?.close(); });

describe('bin/minivault (compiled)', () => {
  it('runs from dist/ and exits with the command\'s code', async () => {
    const put = await run(process.execPath, [BIN, 'kv', 'put', 'secret/api-credentials', 'api_key=key-v1'], vault.env);
    expect(put).toMatchObject({ code: 0, stderr: '' });
    expect(put.stdout).toContain('version            1');
    await expect(vault.vault.kv('secret').get('api-credentials')).resolves.toMatchObject({ data: { api_key: 'key-v1' } });
    await vault.vault.seal();
    const unseal = await run(process.execPath, [BIN, 'operator', 'unseal', '-format=json'], { VAULT_ADDR: vault.url }, `${vault.unsealKeys[0]}\n`);
    expect(unseal.code).toBe(0);
    expect(JSON.parse(unseal.stdout)).toMatchObject({ sealed: false, progress: 0 });
    const down = await run(process.execPath, [BIN, 'kv', 'get', 'secret/x'], { VAULT_ADDR: 'http://127.0.0.1:1' });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('http://127.0.0.1:1');
  });
});

describe('tsx src/cli/main.ts', () => {
  it('runs the CLI straight from source', async () => {
    const r = await run(`${ROOT}/node_modules/.bin/tsx`, ['src/cli/main.ts', 'status'], { VAULT_ADDR: vault.url });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sealed          false');
  });
});
