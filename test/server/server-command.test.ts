// `minivault server` as a child process, the way users start it (bin/minivault runs dist/, rebuilt
// first when src/ is newer).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureDist } from '../support/ensure-dist.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'minivault');
const children: ChildProcess[] = [];

beforeAll(ensureDist, 180_000);

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function start(args: string[], home: string): Promise<{ child: ChildProcess; out: () => string; url: string }> {
  const child = spawn(process.execPath, [bin, 'server', ...args], { env: { ...process.env, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /^Api Address: (http:\/\/\S+)$/m.exec(out);
      if (m && (!args.includes('-dev') || /^Root Token: /m.test(out))) {
        clearInterval(timer);
        resolve({ child, out: () => out, url: m[1]! });
      }
    }, 20);
    child.on('exit', (code) => { clearInterval(timer); reject(new Error(`server exited ${code}: ${out}`)); });
  });
}

const exitCode = (c: ChildProcess) => new Promise<number | null>((r) => c.on('exit', (code) => r(code)));

describe('minivault server', () => {
  it('starts in dev mode on a free port, prints address, unseal key and root token, and serves KV v2 at secret/', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mv-home-'));
    const { child, out, url } = await start(['-dev', '-dev-listen-address=127.0.0.1:0', '-dev-root-token-id=devroot'], home);
    expect(url).not.toMatch(/:0$/);
    expect(out()).toMatch(/^Unseal Key: \S{44}$/m);
    expect(out()).toMatch(/^Root Token: devroot$/m);
    expect(readFileSync(join(home, '.vault-token'), 'utf8')).toBe('devroot');
    const put = await fetch(`${url}/v1/secret/data/app`, { method: 'POST', headers: { 'X-Vault-Token': 'devroot' }, body: JSON.stringify({ data: { a: 'b' } }) });
    expect(put.status).toBe(200);
    const get = await fetch(`${url}/v1/secret/data/app`, { headers: { 'X-Vault-Token': 'devroot' } });
    expect(get.headers.get('content-type')).toBe('application/json');
    expect(((await get.json()) as { data: { data: unknown } }).data.data).toEqual({ a: 'b' });
    const done = exitCode(child);
    child.kill('SIGTERM');
    expect(await done).toBe(0);
  });

  it('starts uninitialised without -dev, and sealed again over the same -storage-path after a restart', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mv-home-'));
    const dir = mkdtempSync(join(tmpdir(), 'mv-store-'));
    const first = await start(['-listen-address=127.0.0.1:0', `-storage-path=${dir}`], home);
    const status = async (url: string) => (await (await fetch(`${url}/v1/sys/seal-status`)).json()) as { initialized: boolean; sealed: boolean; t: number };
    expect(await status(first.url)).toMatchObject({ initialized: false, sealed: true });
    const init = await fetch(`${first.url}/v1/sys/init`, { method: 'PUT', body: JSON.stringify({ secret_shares: 5, secret_threshold: 3 }) });
    expect(init.status).toBe(200);
    const done = exitCode(first.child);
    first.child.kill('SIGINT');
    expect(await done).toBe(0);
    const second = await start(['-listen-address=127.0.0.1:0', `-storage-path=${dir}`], home);
    expect(await status(second.url)).toMatchObject({ initialized: true, sealed: true, t: 3 });
  });

  it('serves the same answers with -disable-cache (every read opened through the barrier)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mv-home-'));
    const { url } = await start(['-dev', '-dev-listen-address=127.0.0.1:0', '-dev-root-token-id=devroot', '-disable-cache'], home);
    const headers = { 'X-Vault-Token': 'devroot' };
    for (const v of ['one', 'two']) {
      expect((await fetch(`${url}/v1/secret/data/app`, { method: 'POST', headers, body: JSON.stringify({ data: { v } }) })).status).toBe(200);
      const got = (await (await fetch(`${url}/v1/secret/data/app`, { headers })).json()) as { data: { data: unknown; metadata: { version: number } } };
      expect(got.data.data).toEqual({ v });
    }
  });

  it('refuses an unknown flag with exit code 1', async () => {
    const child = spawn(process.execPath, [bin, 'server', '-bogus'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    expect(await exitCode(child)).toBe(1);
    expect(err).toContain('flag provided but not defined: -bogus');
  });
});
