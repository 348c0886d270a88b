// `minivault version`, `-v` / `-version` / `--version` before any subcommand (hashicorp/cli
// cli.go Run; Vault 1.18 command/version.go), and the top-level lookup: no command or an unknown
// one prints the command list on stderr with exit 127, as hashicorp/cli does (no extra line).
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('version', () => {
  it('prints the Vault version minivault implements, from the flag or the hidden command', async () => {
    for (const argv of [['-version'], ['--version'], ['-v'], ['version'], ['-v', 'status']]) {
      expect(await runCli(undefined, argv)).toEqual({ code: 0, stderr: '', stdout: 'Vault v1.18.1 (minivault)\n' });
    }
  });

  it('is hidden from the command list', async () => {
    expect((await runCli(undefined, ['-h'])).stdout).not.toContain('version');
  });
});

describe('unknown commands', () => {
  it('print the command list on stderr and exit 127', async () => {
    const r = await runCli(undefined, ['frobnicate', 'x']);
    expect(r.code).toBe(127);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: minivault <command> \[args\]\n\nCommon commands:\n {4}read {8}/);
  });

  it('no longer covers read, write, list, delete, patch or login', async () => {
    for (const name of ['read', 'write', 'list', 'delete', 'patch', 'login']) {
      const r = await runCli('http://127.0.0.1:1', [name, '-h']);
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith(`Usage: minivault ${name} [options]`)).toBe(true);
    }
  });
});
