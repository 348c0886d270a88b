// Crash safety: `minivault server` on FileStorage killed with SIGKILL at a random moment while
// writing KV versions, then restarted over the same directory, again and again. Every write the
// server acknowledged (status 200) must survive, no stored file may be torn, and the audit file's
// hash chain must verify over its complete entries.
//
// "Last complete entry": a line ending in '\n' that parses as JSON. A crash can leave a partial
// line; a trailing one (no '\n') is cut off before verifying, and one in the middle (the server
// closes a partial tail off with '\n' when it reopens the file, see src/audit-chain/CHAIN.md) is dropped.
// The chain must then verify end to end: resumed entries link to the last whole line.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFile } from '../../src/audit-chain/verify.js';
import { ensureDist } from '../support/ensure-dist.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'minivault');
const ITERATIONS = 30;
const WRITERS = 4;
let live: ChildProcess | undefined;

beforeAll(ensureDist, 180_000);

afterAll(() => { live?.kill('SIGKILL'); });

function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, 'server', '-listen-address=127.0.0.1:0', `-storage-path=${dir}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  live = child;
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /^Api Address: (http:\/\/\S+)$/m.exec(out);
      if (m) { child.stdout!.off('data', onData); resolve({ child, url: m[1]! }); }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
}

async function call(url: string, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = token ? { 'X-Vault-Token': token } : {};
  const res = await fetch(`${url}/v1/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const killed = (c: ChildProcess) => new Promise<void>((r) => { if (c.exitCode !== null || c.signalCode !== null) r(); else c.on('exit', () => r()); });

/** Every key file `_name` holds `{"Value":"<base64>"}`; orphaned `~*.tmp` temp files are allowed. */
function tornFiles(dir: string): string[] {
  const bad: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !e.name.startsWith('_')) continue;
    const p = join(e.parentPath, e.name);
    try {
      const v = JSON.parse(readFileSync(p, 'utf8')) as { Value?: unknown };
      if (typeof v.Value !== 'string' || Buffer.from(v.Value, 'base64').toString('base64') !== v.Value) bad.push(p);
    } catch { bad.push(p); }
  }
  return bad;
}

/** Writes the audit log's complete entries to a copy; returns its path and how many partial lines were dropped. */
function completeEntries(log: string): { path: string; dropped: number; kept: number } {
  const text = readFileSync(log, 'utf8');
  const lines = text.split('\n');
  lines.pop(); // '' after the final newline, or a trailing partial line: not complete
  const kept = lines.filter((l) => { try { JSON.parse(l); return true; } catch { return false; } });
  const path = `${log}.complete`;
  writeFileSync(path, kept.map((l) => l + '\n').join(''));
  return { path, dropped: lines.length - kept.length + (text.endsWith('\n') ? 0 : 1), kept: kept.length };
}

interface Ack { key: string; version: number; value: string }

describe('crash safety under SIGKILL', () => {
  it('keeps every acknowledged write, tears no file, and keeps the audit chain verifiable across 30 kills', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mv-crash-'));
    const auditLog = join(dir, 'audit.log');
    let { child, url } = await startServer(dir);
    const init = await call(url, 'PUT', 'sys/init', { secret_shares: 3, secret_threshold: 2 });
    expect(init.status).toBe(200);
    const shares: string[] = init.json.keys_base64;
    const rootToken: string = init.json.root_token;
    const unseal = async () => {
      const pick = [...shares].sort(() => Math.random() - 0.5).slice(0, 2);
      for (const key of pick) await call(url, 'PUT', 'sys/unseal', { key });
      expect((await call(url, 'GET', 'sys/seal-status')).json.sealed).toBe(false);
    };
    await unseal();
    expect((await call(url, 'POST', 'sys/mounts/kv', { type: 'kv', options: { version: '2' } }, rootToken)).status).toBe(204);
    expect((await call(url, 'POST', 'kv/config', { max_versions: 100000 }, rootToken)).status).toBe(204);
    expect((await call(url, 'PUT', 'sys/audit/file', { type: 'file', options: { file_path: auditLog } }, rootToken)).status).toBe(204);

    const all: Ack[] = [];
    const checkAcks = async (acks: Ack[]) => {
      const queue = [...acks];
      const worker = async () => {
        for (let a = queue.pop(); a; a = queue.pop()) {
          const r = await call(url, 'GET', `kv/data/${a.key}?version=${a.version}`, undefined, rootToken);
          expect(r.status, `${a.key} v${a.version}`).toBe(200);
          expect(r.json.data.data.v).toBe(a.value);
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    };

    let lastRound: Ack[] = [];
    for (let iter = 0; iter < ITERATIONS; iter++) {
      if (iter > 0) {
        ({ child, url } = await startServer(dir));
        expect((await call(url, 'GET', 'sys/seal-status')).json).toMatchObject({ initialized: true, sealed: true });
        await unseal();
        await checkAcks(lastRound);
      }
      const round: Ack[] = [];
      let stop = false;
      const writer = async (w: number) => {
        const key = `it${iter}-w${w}`;
        for (let n = 0; !stop; n++) {
          const value = `${key}-${n}-${Math.random().toString(36).slice(2)}`;
          try {
            const r = await call(url, 'POST', `kv/data/${key}`, { data: { v: value } }, rootToken);
            if (r.status === 200) round.push({ key, version: r.json.data.version, value });
          } catch { return; }
        }
      };
      const writing = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 250));
      const gone = killed(child);
      child.kill('SIGKILL');
      await gone;
      stop = true;
      await writing;
      all.push(...round);
      lastRound = round;
      expect(tornFiles(dir)).toEqual([]);
    }

    ({ child, url } = await startServer(dir));
    await unseal();
    await checkAcks(all);
    const audit = completeEntries(auditLog);
    expect(audit.dropped).toBeLessThanOrEqual(ITERATIONS);
    const verified = await verifyFile(audit.path);
    expect(verified).toEqual({ ok: true, entries: audit.kept });
    child.kill('SIGKILL');
    await killed(child);
    writeFileSync(join(tmpdir(), 'mv-reliability-crash.json'), JSON.stringify({ crashes: ITERATIONS, writesChecked: all.length, auditEntries: audit.kept, partialLinesDropped: audit.dropped }));
    expect(all.length).toBeGreaterThan(ITERATIONS);
  }, 60_000);
});
