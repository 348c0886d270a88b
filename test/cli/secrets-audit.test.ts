import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { chainLine, GENESIS_HASH } from '../../src/audit-chain/chain.js';
import { parseHead } from '../../src/cli/audit.js';
import { startCliVault, type CliVault } from './real-vault.js';
import { runCli } from './run-cli.js';

let v: CliVault;
beforeAll(async () => { v = await startCliVault({ seed: 17 }); });
afterAll(async () => { await v.close(); });

describe('secrets', () => {
  it('enables KV v2 at -path with Vault\'s mount body and a trailing slash', async () => {
    v.clearRequests();
    const r = await v.cli(['secrets', 'enable', '-path=kgc', '-version=2', 'kv']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Enabled the kv secrets engine at: kgc/\n' });
    expect(v.calls()).toEqual(['POST /v1/sys/mounts/kgc/']);
    expect(v.requests[0]!.body).toEqual({ type: 'kv', description: '', config: { options: null, default_lease_ttl: '0s',
      max_lease_ttl: '0s', force_no_cache: false }, local: false, seal_wrap: false, external_entropy_access: false, options: { version: '2' } });
    expect((await v.read('sys/mounts/kgc'))).toMatchObject({ type: 'kv', options: { version: '2' } });
  });

  it('reports a path in use, exit 2', async () => {
    const r = await v.cli(['secrets', 'enable', '-path=kgc', 'kv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error enabling: Error making API request\.\n\nURL: POST http:\/\/127\.0\.0\.1:\d+\/v1\/sys\/mounts\/kgc\/\nCode: 400\. Errors:\n\n\* path is already in use at kgc\/\n$/);
  });

  it('lists mounts sorted by path, as a table or JSON', async () => {
    const r = await v.cli(['secrets', 'list']);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['Path          Type         Accessor              Description', '----          ----         --------              -----------']);
    const paths = lines.slice(2, -1).map((l) => l.split(' ')[0]!);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual(expect.arrayContaining(['cubbyhole/', 'kgc/', 'sys/']));
    expect(r.stdout).toMatch(/^cubbyhole\/    cubbyhole    cubbyhole_[0-9a-f]{8}    per-token private secret storage$/m);
    expect(r.stdout).toMatch(/^kgc\/          kv           kv_[0-9a-f]{8}           n\/a$/m);
    const j = JSON.parse((await v.cli(['secrets', 'list', '-format=json'])).stdout);
    expect(Object.keys(j)).toEqual(paths);
    expect(Object.keys(j['kgc/'])).toEqual(['uuid', 'type', 'description', 'accessor', 'config', 'options', 'local', 'seal_wrap',
      'external_entropy_access', 'plugin_version', 'running_plugin_version', 'running_sha256', 'deprecation_status']);
    const d = await v.cli(['secrets', 'list', '-detailed']);
    expect(d.stdout).toMatch(/^kgc\/ .*map\[version:2\]/m);
  });

  it('disables a mount', async () => {
    expect(await v.cli(['secrets', 'disable', 'kgc'])).toMatchObject({ code: 0, stdout: 'Success! Disabled the secrets engine (if it existed) at: kgc/\n' });
    expect(await v.read('sys/mounts/kgc')).toBeUndefined();
  });
});

describe('audit enable, list, disable', () => {
  const logFile = join(mkdtempSync(join(tmpdir(), 'minivault-cli-audit-')), 'audit.log');

  it('enables a file device with its options as strings', async () => {
    v.clearRequests();
    const r = await v.cli(['audit', 'enable', 'file', `file_path=${logFile}`]);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Enabled the file audit device at: file/\n' });
    expect(v.requests[0]!.body).toEqual({ type: 'file', description: '', options: { file_path: logFile }, local: false });
    expect(existsSync(logFile)).toBe(true);
  });

  it('needs a type', async () => {
    const r = await runCli('http://127.0.0.1:1', ['audit', 'enable']);
    expect(r).toMatchObject({ code: 1, stderr: "Error enabling audit device: audit type missing. Valid types include 'file', 'socket' and 'syslog'.\n" });
  });

  it('lists devices, and exits 2 when none are enabled', async () => {
    expect(await v.cli(['audit', 'list'])).toMatchObject({ code: 0, stdout: 'Path     Type    Description\n----     ----    -----------\nfile/    file    n/a\n' });
    expect((await v.cli(['audit', 'list', '-detailed'])).stdout).toContain(`replicated     file_path=${logFile}`);
    expect(await v.cli(['audit', 'disable', 'file'])).toMatchObject({ code: 0, stdout: 'Success! Disabled audit device (if it was enabled) at: file/\n' });
    expect(await v.cli(['audit', 'list'])).toMatchObject({ code: 2, stdout: 'No audit devices are enabled.\n' });
    expect(await v.cli(['audit', 'list', '-format=json'])).toMatchObject({ code: 0, stdout: '{}\n' });
  });

  it('disables a device that is not there, as Vault does', async () => {
    expect(await v.cli(['audit', 'disable', 'file'])).toMatchObject({ code: 0, stdout: 'Success! Disabled audit device (if it was enabled) at: file/\n' });
  });
});

const sha256Hex = (t: string): string => createHash('sha256').update(t).digest('hex');

/** A chained audit log of n entries, as minivault's file device writes it. */
function chainedLog(n: number): { lines: string[]; head: { seq: number; hash: string } } {
  const lines: string[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const { line, hash } = chainLine('', JSON.stringify({ type: 'request', request: { id: `r${seq}`, path: 'kgc/data/x' } }), seq, prev, sha256Hex);
    lines.push(line);
    prev = hash;
  }
  return { lines, head: { seq: n, hash: prev } };
}

function writeLog(lines: string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'minivault-audit-')), 'audit.log');
  writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  return file;
}

describe('audit verify (minivault addition)', () => {
  it('says ok with the number of entries for an intact log', async () => {
    const { lines, head } = chainedLog(5);
    const file = writeLog(lines);
    expect(await runCli(undefined, ['audit', 'verify', file])).toMatchObject({ code: 0, stdout: 'ok: 5 entries\n' });
    expect(await runCli(undefined, ['audit', 'verify', `-head=${head.seq}:${head.hash}`, file])).toMatchObject({ code: 0 });
    const j = await runCli(undefined, ['audit', 'verify', '-format=json', file]);
    expect(JSON.parse(j.stdout)).toEqual({ ok: true, entries: 5 });
  });

  it('names the first bad line and why, exit 2', async () => {
    const { lines } = chainedLog(5);
    lines[2] = lines[2]!.replace('r3', 'rX');
    const r = await runCli(undefined, ['audit', 'verify', writeLog(lines)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Audit log verification failed at line 3 \(edited\): /);
  });

  it('finds a truncated log with -head', async () => {
    const { lines, head } = chainedLog(4);
    const r = await runCli(undefined, ['audit', 'verify', `-head=${head.seq}:${head.hash}`, writeLog(lines.slice(0, 3))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('(truncated)');
  });

  it('exits 1 for a missing file, a bad -head or a missing argument', async () => {
    expect(await runCli(undefined, ['audit', 'verify', '/nonexistent/audit.log'])).toMatchObject({
      code: 1, stderr: 'Error reading audit log: open /nonexistent/audit.log: no such file or directory\n' });
    expect((await runCli(undefined, ['audit', 'verify', '-head=abc', 'f'])).code).toBe(1);
    expect(await runCli(undefined, ['audit', 'verify'])).toMatchObject({ code: 1, stderr: 'Not enough arguments (expected 1, got 0)\n' });
  });

  it('accepts exactly SEQ:HASH heads', () => {
    fc.assert(fc.property(fc.nat(), fc.stringMatching(/^[0-9a-f]{64}$/), (seq, hash) => {
      expect(parseHead(`${seq}:${hash}`)).toEqual({ seq, hash });
      expect(parseHead(`${seq}:${hash.slice(1)}`)).toBeUndefined();
      expect(parseHead(hash)).toBeUndefined();
    }), { numRuns: 100 });
  });
});
