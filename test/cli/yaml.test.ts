// `-format=yaml` / `yml` (Vault command/format.go YamlFormatter: ghodss/yaml over yaml.v2): the
// emitter's layout and quoting rules, and its use by read, list, login, kv get and -field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { GoStruct } from '../../src/go/json.js';
import { goYaml, yamlKeyLess } from '../../src/cli/yaml.js';
import { runCli } from './run-cli.js';

describe('goYaml', () => {
  it('writes block mappings with sorted keys and unindented sequences', () => {
    expect(goYaml(new GoStruct([['z', 1], ['a', { y: [1, 'two'], x: {} }], ['m', []], ['n', null], ['b', true]]))).toBe([
      'a:', '  x: {}', '  "y":', '  - 1', '  - two', 'b: true', 'm: []', '"n": null', 'z: 1', '',
    ].join('\n'));
    expect(goYaml([{ a: 1, b: 2 }, ['x', 'y'], 'z'])).toBe('- a: 1\n  b: 2\n- - x\n  - "y"\n- z\n');
    expect(goYaml({})).toBe('{}\n');
    expect(goYaml('plain')).toBe('plain\n');
  });

  it('quotes strings that would read back as something else', () => {
    const cases: Array<[string, string]> = [
      ['', '""'], ['true', '"true"'], ['yes', '"yes"'], ['null', '"null"'], ['~', '"~"'], ['1', '"1"'], ['0x1F', '"0x1F"'],
      ['1.5', '"1.5"'], ['.5', '".5"'], ['1_000', '"1_000"'], ['12:30', '"12:30"'], ['2026-01-01', '"2026-01-01"'],
      ['2026-01-01T00:00:00.123Z', '"2026-01-01T00:00:00.123Z"'], ['1h', '1h'], ['hvs.abc', 'hvs.abc'],
      ['2026-01-01 00:00:00 +0000 UTC', '2026-01-01 00:00:00 +0000 UTC'], ['-x', '-x'], ['a,b', 'a,b'],
    ];
    for (const [s, want] of cases) expect(goYaml({ k: s })).toBe(`k: ${want}\n`);
  });

  it('single-quotes indicators and edge spaces, double-quotes control characters', () => {
    const cases: Array<[string, string]> = [
      ['- x', "'- x'"], ['a: b', "'a: b'"], ['a #b', "'a #b'"], ['*star', "'*star'"], [' lead', "' lead'"],
      ["it's: x", "'it''s: x'"], ['tab\there', '"tab\\there"'], ['bell\x07', '"bell\\a"'], ['x\u0001', '"x\\x01"'],
    ];
    for (const [s, want] of cases) expect(goYaml({ k: s })).toBe(`k: ${want}\n`);
  });

  it('writes text with newlines as literal blocks with chomping hints', () => {
    expect(goYaml({ p: 'path "a" {\n  x = 1\n}' })).toBe('p: |-\n  path "a" {\n    x = 1\n  }\n');
    expect(goYaml({ p: 'one\n\ntwo\n' })).toBe('p: |\n  one\n\n  two\n');
    expect(goYaml({ p: 'one\n\n' })).toBe('p: |+\n  one\n\n');
    expect(goYaml({ p: ' lead\nx' })).toBe('p: |2-\n   lead\n  x\n');
    expect(goYaml({ a: 'x\n', b: 1 })).toBe('a: |\n  x\nb: 1\n');
    expect(goYaml({ a: 'trailing \nspace' })).toBe('a: "trailing \\nspace"\n');
  });

  it('folds long plain text at spaces past 80 columns', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const out = goYaml({ warning: words });
    const lines = out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.startsWith('  ') && !l.startsWith('   '))).toBe(true);
    expect(lines.map((l) => l.trim()).join(' ')).toBe(`warning: ${words}`);
  });

  it('orders keys naturally, non-letters first', () => {
    const sorted = ['key10', 'key2', 'key1', 'a_b', 'ab', 'A'].sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
    expect(sorted).toEqual(['A', 'a_b', 'ab', 'key1', 'key2', 'key10']);
  });

  it('prints numbers as yaml.v2 does', () => {
    expect(goYaml({ a: 3600, b: 1.5, c: 1234567.5, d: 0.00001 })).toBe('a: 3600\nb: 1.5\nc: 1.2345675e+06\nd: 1e-05\n');
  });
});

describe('-format=yaml in commands', () => {
  let vault: StartedVault;
  const cli = (argv: string[]) => runCli(vault.address, argv, { env: { VAULT_TOKEN: vault.rootToken } });
  beforeAll(async () => {
    vault = await startVault({ seed: 41 });
    await vault.vault.request('update', 'sys/mounts/kv1', { type: 'kv', options: { version: '1' } });
    await vault.vault.request('update', 'kv1/app', { user: 'armon', n: '5' });
  });
  afterAll(async () => { await vault.close(); });

  it('prints a whole response, trimmed, with keys sorted', async () => {
    const r = await cli(['read', '-format=yaml', 'kv1/app']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^data:\n {2}"n": "5"\n {2}user: armon\nlease_duration: \d+\nlease_id: ""\nmount_type: kv\nrenewable: false\nrequest_id: [0-9a-f-]+\nwarnings: null\n$/);
    const yml = (await cli(['read', '-format=yml', 'kv1/app'])).stdout;
    expect(yml.replace(/request_id: .*/, '')).toBe(r.stdout.replace(/request_id: .*/, ''));
  });

  it('prints lists and single fields', async () => {
    expect(await cli(['list', '-format=yaml', 'kv1'])).toEqual({ code: 0, stderr: '', stdout: '- app\n' });
    expect(await cli(['read', '-format=yaml', '-field=n', 'kv1/app'])).toEqual({ code: 0, stderr: '', stdout: '"5"\n' });
    expect(await cli(['list', '-format=yaml', 'kv1/none'])).toEqual({ code: 2, stderr: '', stdout: '{}\n' });
  });

  it('works for kv get and status too; pretty fails at output time (raft autopilot only)', async () => {
    await cli(['kv', 'put', 'secret/app', 'k=v']);
    const kv = await cli(['kv', 'get', '-format=yaml', 'secret/app']);
    expect(kv.code).toBe(0);
    expect(kv.stdout).toContain('data:\n  data:\n    k: v\n  metadata:\n');
    const status = await cli(['status', '-format=yaml']);
    expect(status.stdout).toContain('\nsealed: false\n');
    expect(await cli(['status', '-format=pretty'])).toEqual({ code: 1, stdout: '',
      stderr: 'Could not parse output: cannot use the pretty formatter for this type\n' });
    expect(await cli(['status', '-format=nope'])).toEqual({ code: 1, stdout: '', stderr: 'Invalid output format: nope\n' });
  });
});
