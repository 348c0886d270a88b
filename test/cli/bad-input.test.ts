// Bad input is refused locally with the vault CLI's text and exit 1, and nothing reaches the
// server (issue 23 "Bad input"): minivault behind the recording proxy must see no request at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliVault, type CliVault } from './real-vault.js';

let v: CliVault;
beforeAll(async () => { v = await startCliVault({ seed: 3 }); });
afterAll(async () => { await v.close(); });

const cases: Array<[string[], string]> = [
  [['write', 'secret/x', 'novalue'], 'Failed to parse K=V data: invalid key/value pair "novalue": format must be key=value\n'],
  [['write', 'secret/x', 'k=@/nonexistent/file'],
    'Failed to parse K=V data: invalid key/value pair "k=@/nonexistent/file": error reading file: open /nonexistent/file: no such file or directory\n'],
  [['write', 'transit/keys/k'], 'Must supply data or use -force\n'],
  [['write', '-nope', 'secret/x', 'k=v'], 'flag provided but not defined: -nope\n'],
  [['login', '-method=github', 'token=x'], ''],
  [['secrets', 'enable'], 'Not enough arguments (expected 1, got 0)\n'],
  [['secrets', 'tune', '-max-lease-ttl=soon', 'kv'], 'invalid value "soon" for flag -max-lease-ttl: time: invalid duration "soon"\n'],
  [['auth', 'enable', '-local=maybe', 'userpass'], 'invalid boolean value "maybe" for -local: strconv.ParseBool: parsing "maybe": invalid syntax\n'],
  [['auth', 'move', 'auth/a/'], 'Not enough arguments (expected 2, got 1)\n'],
  [['auth', 'disable'], 'Not enough arguments (expected 1, got 0)\n'],
  [['token', 'capabilities', 'a', 'b', 'c'], 'Too many arguments (expected 1-2, got 3)\n'],
  [['policy', 'explain', 'secret/x', 'fly'], 'Unknown capability "fly": expected one of create, read, update, patch, delete, list, sudo\n'],
  [['path-help', 'a', 'b'], 'Too many arguments (expected 1, got 2)\n'],
  [['operator', 'step-down', 'x'], 'Too many arguments (expected 0, got 1)\n'],
  [['list', '-format=raw', 'secret/'], 'This command does not support the -format=raw option.\n'],
  [['secrets', 'list', '-output-policy'], 'minivault does not implement -output-policy\n'],
];

describe('bad input', () => {
  for (const [argv, stderr] of cases) {
    it(`${argv.join(' ')} → exit 1, nothing sent`, async () => {
      v.clearRequests();
      const r = await v.cli(argv);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      if (stderr !== '') expect(r.stderr).toBe(stderr);
      else expect(r.stderr).toMatch(/^Unknown auth method: github\./);
      expect(v.calls()).toEqual([]);
    });
  }
});
