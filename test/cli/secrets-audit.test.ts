import { describe, it, expect, afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { chainLine, GENESIS_HASH } from '../../src/audit-chain/chain.js';
import { parseHead } from '../../src/cli/audit.js';
import { envelope, runCli, startFakeVault, type FakeVault } from './fake-vault.js';

let fake: FakeVault | undefined;
afterEach(async () => { await fake?.close(); fake = undefined; });

const MOUNTS = {
  'cubbyhole/': { type: 'cubbyhole', description: 'per-token private secret storage', accessor: 'cubbyhole_548b4dc5', config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false }, options: null, local: true, seal_wrap: false, uuid: 'u1' },
  'kgc/': { type: 'kv', description: '', accessor: 'kv_7c21795d', config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false }, options: { version: '2' }, local: false, seal_wrap: false, uuid: 'u2' },
};

describe('secrets', () => {
  it('enables KV v2 at -path with Vault\'s mount body and a trailing slash', async () => {
    fake = await startFakeVault({ 'POST /v1/sys/mounts/kgc/': { status: 204 } });
    const r = await runCli(fake.url, ['secrets', 'enable', '-path=kgc', '-version=2', 'kv']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Enabled the kv secrets engine at: kgc/\n' });
    expect(fake.requests[0]!.body).toEqual({ type: 'kv', description: '', config: { options: null, default_lease_ttl: '0s',
      max_lease_ttl: '0s', force_no_cache: false }, local: false, seal_wrap: false, external_entropy_access: false, options: { version: '2' } });
  });

  it('reports a path in use, exit 2', async () => {
    fake = await startFakeVault({ 'POST /v1/sys/mounts/kgc/': { status: 400, body: { errors: ['path is already in use at kgc/'] } } });
    const r = await runCli(fake.url, ['secrets', 'enable', '-path=kgc', 'kv']);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith('Error enabling: Error making API request.')).toBe(true);
  });

  it('lists mounts sorted by path, as a table or JSON', async () => {
    fake = await startFakeVault({ 'GET /v1/sys/mounts': { status: 200, body: { ...MOUNTS, ...envelope(MOUNTS, { mount_type: 'system' }) } } });
    const r = await runCli(fake.url, ['secrets', 'list']);
    expect(r.stdout).toBe([
      'Path          Type         Accessor              Description',
      '----          ----         --------              -----------',
      'cubbyhole/    cubbyhole    cubbyhole_548b4dc5    per-token private secret storage',
      'kgc/          kv           kv_7c21795d           n/a',
      '',
    ].join('\n'));
    const j = JSON.parse((await runCli(fake.url, ['secrets', 'list', '-format=json'])).stdout);
    expect(Object.keys(j)).toEqual(['cubbyhole/', 'kgc/']);
    expect(Object.keys(j['kgc/'])).toEqual(['uuid', 'type', 'description', 'accessor', 'config', 'options', 'local', 'seal_wrap',
      'external_entropy_access', 'plugin_version', 'running_plugin_version', 'running_sha256', 'deprecation_status']);
    const d = await runCli(fake.url, ['secrets', 'list', '-detailed']);
    expect(d.stdout).toContain('map[version:2]');
  });

  it('disables a mount', async () => {
    fake = await startFakeVault({ 'DELETE /v1/sys/mounts/kgc/': { status: 204 } });
    expect(await runCli(fake.url, ['secrets', 'disable', 'kgc'])).toMatchObject({ code: 0, stdout: 'Success! Disabled the secrets engine (if it existed) at: kgc/\n' });
  });
});

describe('audit enable, list, disable', () => {
  it('enables a file device with its options as strings', async () => {
    fake = await startFakeVault({ 'PUT /v1/sys/audit/file/': { status: 204 } });
    const r = await runCli(fake.url, ['audit', 'enable', 'file', 'file_path=/tmp/audit.log']);
    expect(r).toMatchObject({ code: 0, stdout: 'Success! Enabled the file audit device at: file/\n' });
    expect(fake.requests[0]!.body).toEqual({ type: 'file', description: '', options: { file_path: '/tmp/audit.log' }, local: false });
  });

  it('needs a type', async () => {
    const r = await runCli('http://127.0.0.1:1', ['audit', 'enable']);
    expect(r).toMatchObject({ code: 1, stderr: "Error enabling audit device: audit type missing. Valid types include 'file', 'socket' and 'syslog'.\n" });
  });

  it('lists devices, and exits 2 when none are enabled', async () => {
    const audits = { 'file/': { path: 'file/', type: 'file', description: '', options: { file_path: '/tmp/a.log' }, local: false } };
    fake = await startFakeVault({ 'GET /v1/sys/audit': { status: 200, body: { ...audits, ...envelope(audits) } } });
    expect(await runCli(fake.url, ['audit', 'list'])).toMatchObject({ code: 0, stdout: 'Path     Type    Description\n----     ----    -----------\nfile/    file    n/a\n' });
    expect((await runCli(fake.url, ['audit', 'list', '-detailed'])).stdout).toContain('replicated     file_path=/tmp/a.log');
    fake.on('GET /v1/sys/audit', { status: 200, body: envelope({}) });
    expect(await runCli(fake.url, ['audit', 'list'])).toMatchObject({ code: 2, stdout: 'No audit devices are enabled.\n' });
    expect(await runCli(fake.url, ['audit', 'list', '-format=json'])).toMatchObject({ code: 0, stdout: '{}\n' });
  });

  it('disables a device', async () => {
    fake = await startFakeVault({ 'DELETE /v1/sys/audit/file/': { status: 204 } });
    expect(await runCli(fake.url, ['audit', 'disable', 'file'])).toMatchObject({ code: 0, stdout: 'Success! Disabled audit device (if it was enabled) at: file/\n' });
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
