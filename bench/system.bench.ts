// Whole-system figures (issue "Performance"): a KV v2 read through core in-process, the same
// read over loopback HTTP beside a bare node:http server returning the same JSON, `minivault
// server -dev` start-to-ready beside a bare `node` listening, startVault() beside an in-process
// bare server, unseal 5/3, resident memory of the dev server idle and after 10k requests, and
// storage bytes per secret with 10 versions.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { createCore } from '../src/core/create.js';
import { createVault, startVault } from '../src/testing/index.js';
import { MemoryStorage } from '../src/storage/memory.js';
import { aeadOpens, aeadSeals, measure, paired, rateRow, timeRow, type BenchRow } from './harness.js';
import { createAead } from '../src/barrier/index.js';

const us = (ns: number) => ns / 1000;
// The package root (npm runs scripts there), for bin/minivault: the bench itself runs from bench-dist/.
const root = process.cwd();

interface Latency { p50: number; p99: number }

/** Sequential keep-alive GETs alternating between two servers, one request each in turn. */
async function httpLatencyPair(a: { url: string; path: string; headers: Record<string, string> },
  b: { url: string; path: string; headers: Record<string, string> }, n = 4000): Promise<[Latency, Latency]> {
  const pools = [new Pool(a.url, { connections: 1, pipelining: 1 }), new Pool(b.url, { connections: 1, pipelining: 1 })];
  const targets = [a, b];
  const times: number[][] = [[], []];
  for (let i = 0; i < n + 200; i++) {
    for (const side of [0, 1]) {
      const s = performance.now();
      const r = await pools[side]!.request({ path: targets[side]!.path, method: 'GET', headers: targets[side]!.headers });
      await r.body.arrayBuffer();
      if (i >= 200) times[side]!.push((performance.now() - s) * 1000); // the first 200 warm up
    }
  }
  await Promise.all(pools.map((p) => p.close()));
  return times.map((t) => {
    t.sort((x, y) => x - y);
    return { p50: t[Math.floor(t.length / 2)]!, p99: t[Math.floor(t.length * 0.99)]! };
  }) as [Latency, Latency];
}

/** Plaintext sizes of the 3 entries a root-token read of secret/data/app opens: token, metadata, version. */
async function readEntrySizes(secret: Record<string, unknown>): Promise<number[]> {
  const v = await createVault({ rootToken: 'root' });
  await v.request('update', 'secret/data/app', { data: secret });
  const dump = (await v.dump()) as Record<string, number>;
  const size = (match: (k: string) => boolean) => Object.entries(dump).find(([k]) => match(k))![1];
  return [
    size((k) => k.startsWith('sys/token/id/')),
    size((k) => k.startsWith('logical/') && k.endsWith('/metadata/app')),
    size((k) => k.startsWith('logical/') && k.includes('/versions/')),
  ];
}

/** Milliseconds from spawn to the first output matching `ready`, for one child process. */
async function startOnce(args: string[], ready: RegExp): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, HOME: '/tmp' } });
  await new Promise<void>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) resolve();
    });
  });
  const ms = performance.now() - t0;
  child.kill('SIGKILL');
  return ms;
}

/** Median start-to-ready of two commands, started alternately (ABAB…) so both meet the same machine. */
async function startTimes(a: [string[], RegExp], b: [string[], RegExp], runs = 9): Promise<[number, number]> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    ta.push(await startOnce(...a));
    tb.push(await startOnce(...b));
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [median(ta), median(tb)];
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const secret = { api_key: 'k'.repeat(1000) };

  // In-process KV read through the whole pipeline (token, ACL, router, barrier, KV), with the
  // barrier's decrypt memo (the default) and without it (disable_cache), beside the AES-GCM opens
  // the read makes without it: the token entry, the key's metadata and the version.
  for (const aead of ['node', 'noble'] as const) {
    const label = aead === 'node' ? 'node:crypto' : 'noble';
    const opens = aeadOpens(createAead(aead), await readEntrySizes(secret));
    for (const cache of [true, false]) {
      const vault = await createVault({ rootToken: 'root', aead, cache: cache ? undefined : false });
      await vault.request('update', 'secret/data/app', { data: secret });
      const req = { operation: 'read' as const, path: 'secret/data/app', token: 'root' };
      // The ratio rows interleave the read with its anchor (ABAB…), so a slow moment of the
      // machine hits both alike. The rate row is a plain loop of reads, as a test would run them
      // (interleaving with AEAD batches would charge the reads for the caches the anchor evicts).
      const [anchorNs, readNs] = cache
        ? [(await measure(opens, { warmupMs: 300, timeMs: 800 })).medianNs, (await measure(() => vault.handle(req), { warmupMs: 1000, timeMs: 2000 })).medianNs]
        : await paired(opens, () => vault.handle(req), 1500, 1000);
      if (cache) {
        const goal = aead === 'node' ? '≥ 100k reads/s' : 'informational';
        const rate = 1e9 / readNs;
        rows.push(rateRow(`KV v2 read 1 KiB via core (${label}, decrypt memo)`, rate, 1e9 / anchorNs,
          'the 3 AES-GCM opens it would make', goal, aead === 'node' ? rate >= 100_000 : null, 'reads/s'));
      } else {
        rows.push(timeRow(`KV v2 read 1 KiB via core (${label}, disable_cache: 3 opens)`, us(readNs), us(anchorNs),
          `the 3 ${label} AES-GCM opens alone`, aead === 'noble' ? '≤ 1.3× the AEAD cost' : 'report', aead === 'noble' ? 1.3 : null));
      }
    }
  }

  // A KV write through core with each AEAD, beside the 2 seals it makes (the new version and the
  // key's metadata; with 10 versions kept, each write also prunes the oldest).
  for (const aead of ['node', 'noble'] as const) {
    const label = aead === 'node' ? 'node:crypto' : 'noble';
    const sizes = await readEntrySizes(secret);
    const seals = aeadSeals(createAead(aead), [sizes[2]!, sizes[1]!]);
    const vault = await createVault({ rootToken: 'root', aead });
    const req = { operation: 'update' as const, path: 'secret/data/app', token: 'root', data: { data: secret } };
    const [anchorNs, writeNs] = await paired(seals, () => vault.handle(req), 1000, 300);
    rows.push(timeRow(`KV v2 write 1 KiB via core (${label})`, us(writeNs), us(anchorNs),
      `the 2 ${label} AES-GCM seals it makes`, 'report (writes are not the hot path)', null));
  }

  // Over HTTP beside a bare node:http server returning the same bytes.
  const sv = await startVault({ rootToken: 'root' });
  await sv.vault.request('update', 'secret/data/app', { data: secret });
  const body = JSON.stringify((await sv.vault.request('read', 'secret/data/app')).body) + '\n';
  const bare = createServer((_q, s) => { s.writeHead(200, { 'content-type': 'application/json' }); s.end(body); });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareUrl = `http://127.0.0.1:${(bare.address() as { port: number }).port}`;
  const [mv, an] = await httpLatencyPair({ url: sv.url, path: '/v1/secret/data/app', headers: { 'x-vault-token': 'root' } },
    { url: bareUrl, path: '/', headers: {} });
  rows.push(timeRow('KV v2 read over loopback HTTP, p50', mv.p50, an.p50, 'bare node:http', 'p50 ≤ 1.5× bare', 1.5));
  rows.push(timeRow('KV v2 read over loopback HTTP, p99', mv.p99, an.p99, 'bare node:http', 'reported', null));
  bare.close();
  await sv.close();

  // startVault() to ready and close(), beside a bare in-process server.
  const [bStart, sStart] = await paired(async () => {
    const s = createServer(); await new Promise<void>((r) => s.listen(0, '127.0.0.1', r)); await new Promise((r) => s.close(r));
  }, async () => { const v = await startVault(); await v.close(); }, 1000, 300);
  rows.push(timeRow('startVault() to ready + close()', us(sStart), us(bStart), 'bare node:http listen+close', '≤ 3×', 3));
  const cv = await measure(async () => { const v = await createVault(); await v.request('read', 'secret/data/x'); }, { timeMs: 600, batch: 1 });
  rows.push(timeRow('createVault() + one KV read (the same dev init, no HTTP)', us(cv.medianNs), null, '', 'reported', null));

  // What a test pays: a fresh vault, 100 secrets written over HTTP-free calls, closed; and the
  // same starting sealed (init 5/3, unseal with 3 of the 5 shares through sys/*) first.
  const story = await measure(async () => {
    const v = await startVault();
    for (let i = 0; i < 100; i++) await v.vault.request('update', `secret/data/s${i}`, { data: { api_key: 'k'.repeat(88) } });
    await v.close();
  }, { timeMs: 1500, batch: 1 });
  rows.push(timeRow('startVault() + 100 KV writes + close()', us(story.medianNs) / 1000, null, '', 'reported', null, 'ms'));
  const sealedStory = await measure(async () => {
    const v = await startVault({ dev: false });
    const init = (await v.vault.request('update', 'sys/init', { secret_shares: 5, secret_threshold: 3 })).body as { keys: string[]; root_token: string };
    for (const key of init.keys.slice(0, 3)) await v.vault.request('update', 'sys/unseal', { key });
    await v.vault.request('update', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } }, init.root_token);
    for (let i = 0; i < 100; i++) await v.vault.request('update', `secret/data/s${i}`, { data: { api_key: 'k'.repeat(88) } }, init.root_token);
    await v.close();
  }, { timeMs: 1500, batch: 1 });
  rows.push(timeRow('startVault({dev:false}) + init 5/3 + unseal 3 + mount + 100 writes + close()', us(sealedStory.medianNs) / 1000, null, '', 'reported', null, 'ms'));

  // Unseal 5/3 from a sealed core.
  const storage = new MemoryStorage();
  const core = createCore({ storage });
  const init = await core.initialize({ secret_shares: 5, secret_threshold: 3 });
  const unseal = await measure(async () => {
    for (const key of init.keys.slice(0, 3)) await core.handle({ operation: 'update', path: 'sys/unseal', data: { key } });
    await core.sealVault();
  }, { timeMs: 400, batch: 1 });
  rows.push(timeRow('unseal 5/3 (3 shares, sys/unseal ×3)', us(unseal.medianNs) / 1000, null, '', '< 5 ms', null, 'ms'));
  rows[rows.length - 1]!.met = us(unseal.medianNs) / 1000 < 5;

  // Server start to ready, beside a bare node listening.
  const [mvStart, nodeStart] = await startTimes(
    [[join(root, 'bin', 'minivault'), 'server', '-dev', '-dev-listen-address=127.0.0.1:0', '-dev-no-store-token'], /Root Token: /],
    [['-e', "require('http').createServer().listen(0,'127.0.0.1',()=>console.log('ready'))"], /ready/],
  );
  rows.push(timeRow('minivault server -dev start to ready', mvStart, nodeStart, 'bare node listen', '≤ 2×', 2, 'ms'));

  // Storage bytes per secret with 10 versions (encrypted, as stored).
  const sizes = await createVault({ rootToken: 'root' });
  for (let v = 0; v < 10; v++) await sizes.request('update', 'secret/data/api-credentials', { data: { api_key: 'a'.repeat(128), created_at: '2026-01-01T00:00:00Z' } });
  const dump = await sizes.dump();
  const kvBytes = Object.entries(dump).filter(([k]) => k.startsWith('logical/')).reduce((n, [, v]) => n + (v as number) + 33, 0);
  rows.push(timeRow('storage per secret, 10 versions (128-char key)', kvBytes, null, '', 'seed expects 1–2 KB', null, 'bytes'));
  const one = await createVault({ rootToken: 'root' });
  await one.request('update', 'secret/data/api-credentials', { data: { api_key: 'a'.repeat(128), created_at: '2026-01-01T00:00:00Z' } });
  const oneBytes = Object.entries(await one.dump()).filter(([k]) => k.startsWith('logical/')).reduce((n, [, v]) => n + (v as number) + 33, 0);
  rows.push(timeRow('storage per secret, 1 version (128-char key)', oneBytes, null, '', 'seed expects 1–2 KB', null, 'bytes'));

  // Resident memory of a `minivault server -dev` process, idle and after 10k KV reads over HTTP,
  // beside a bare `node` process listening on a port (read from /proc, so Linux only).
  const rssOf = (pid: number) => {
    try {
      return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
    } catch {
      return NaN;
    }
  };
  const server = spawn(process.execPath, [join(root, 'bin', 'minivault'), 'server', '-dev', '-dev-listen-address=127.0.0.1:0', '-dev-root-token-id=root', '-dev-no-store-token'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const serverUrl = await new Promise<string>((resolve) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Api Address: (\S+)/.exec(out);
      if (m && /Root Token: /.test(out)) resolve(m[1]!);
    });
  });
  const bareNode = spawn(process.execPath, ['-e', "require('http').createServer().listen(0,'127.0.0.1',()=>console.log('ready'))"], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => bareNode.stdout!.on('data', () => resolve()));
  await new Promise((r) => setTimeout(r, 300));
  const idle = rssOf(server.pid!);
  const bareRss = rssOf(bareNode.pid!);
  const pool = new Pool(serverUrl, { connections: 1, pipelining: 1 });
  await (await pool.request({ path: '/v1/secret/data/app', method: 'POST', headers: { 'x-vault-token': 'root' }, body: JSON.stringify({ data: secret }) })).body.arrayBuffer();
  for (let i = 0; i < 10_000; i++) await (await pool.request({ path: '/v1/secret/data/app', method: 'GET', headers: { 'x-vault-token': 'root' } })).body.arrayBuffer();
  await pool.close();
  const after = rssOf(server.pid!);
  server.kill('SIGKILL');
  bareNode.kill('SIGKILL');
  rows.push(timeRow('RSS of `minivault server -dev`, idle', idle, bareRss, 'bare node process listening', 'reported', null, 'MiB'));
  rows.push(timeRow('RSS of `minivault server -dev` after 10k KV reads', after, idle, 'the same server idle', 'reported', null, 'MiB'));
  return rows;
}
