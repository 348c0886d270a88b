// TLS: a KV v2 read over a TLS keep-alive connection to minivault's listener (src/http/tls.ts in
// front of the wire server) beside a bare node:https server sending the same bytes with the same
// certificate, alternating request by request on one connection each (undici Pool trusting the
// test CA); and `minivault server -dev-tls` start-to-ready (a CA and a server certificate made at
// every start) beside `minivault server -dev`, both run from the compiled sources of this bench.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { timeRow, type BenchRow } from './harness.js';
import { createHttpServer } from '../src/http/index.js';
import { createVault } from '../src/testing/index.js';
import { createTestTls } from '../src/testing/tls.js';

const REQUESTS = 4000;
const WARMUP = 300;

interface Latency { p50: number; p99: number }

async function latencyPair(a: { pool: Pool; path: string; headers: Record<string, string> }, b: { pool: Pool; path: string; headers: Record<string, string> }): Promise<[Latency, Latency]> {
  const sides = [a, b];
  const times: number[][] = [[], []];
  for (let i = 0; i < REQUESTS + WARMUP; i++) {
    for (const s of [0, 1]) {
      const t0 = performance.now();
      const r = await sides[s]!.pool.request({ method: 'GET', path: sides[s]!.path, headers: sides[s]!.headers });
      await r.body.arrayBuffer();
      if (r.statusCode !== 200) throw new Error(`status ${r.statusCode}`);
      if (i >= WARMUP) times[s]!.push((performance.now() - t0) * 1000);
    }
  }
  return times.map((t) => {
    t.sort((x, y) => x - y);
    return { p50: t[Math.floor(t.length / 2)]!, p99: t[Math.floor(t.length * 0.99)]! };
  }) as [Latency, Latency];
}

/** Milliseconds from spawn to the dev banner's root token, for `server <args>` from the compiled sources. */
async function startOnce(args: string[]): Promise<number> {
  const entry = join(import.meta.dirname, '..', 'src', 'server', 'main.js');
  const script = `const m = await import(${JSON.stringify(entry)}); process.exitCode = await m.serverMain(process.argv.slice(1));`;
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, '--', ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, HOME: '/tmp' } });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/Root Token: /.test(out)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  const ms = performance.now() - t0;
  child.removeAllListeners('exit');
  child.kill('SIGKILL');
  return ms;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const tls = await createTestTls();
  const vault = await createVault({ rootToken: 'root' });
  await vault.request('update', 'secret/data/app', { data: { api_key: 'k'.repeat(1000) } });
  const body = JSON.stringify((await vault.request('read', 'secret/data/app')).body) + '\n';
  const server = createHttpServer(vault.handle, { tls: tls.serverOptions });
  const { port } = await server.listen(0);
  const bare = https.createServer({ cert: tls.serverOptions.cert, key: tls.serverOptions.key }, (_q, s) => {
    s.writeHead(200, { 'Cache-Control': 'no-store', 'Content-Type': 'application/json' });
    s.end(body);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const barePort = (bare.address() as { port: number }).port;
  const ca = tls.bind('https://127.0.0.1').caPem;
  const pools = [new Pool(`https://127.0.0.1:${port}`, { connections: 1, connect: { ca } }), new Pool(`https://127.0.0.1:${barePort}`, { connections: 1, connect: { ca } })];
  try {
    const [mv, an] = await latencyPair({ pool: pools[0]!, path: '/v1/secret/data/app', headers: { 'x-vault-token': 'root' } }, { pool: pools[1]!, path: '/', headers: {} });
    rows.push(timeRow('KV v2 read over TLS keep-alive, p50', mv.p50, an.p50, 'bare node:https, same bytes', 'p50 ≤ 1.5× bare', 1.5));
    rows.push(timeRow('KV v2 read over TLS keep-alive, p99', mv.p99, an.p99, 'bare node:https, same bytes', 'reported', null));
  } finally {
    await Promise.all(pools.map((p) => p.close()));
    bare.closeAllConnections();
    bare.close();
    await server.close();
    await vault.core.shutdown();
    tls.cleanup();
  }
  const dev = ['-dev', '-dev-listen-address=127.0.0.1:0', '-dev-no-store-token'];
  // one certificate directory for every run (a killed server leaves its files; the next start replaces them)
  const certDir = mkdtempSync(join(tmpdir(), 'mv-bench-tls-'));
  const devTls: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < 7; i++) {
    devTls.push(await startOnce([...dev, '-dev-tls', `-dev-tls-cert-dir=${certDir}`]));
    plain.push(await startOnce(dev));
  }
  rmSync(certDir, { recursive: true, force: true });
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  rows.push(timeRow('minivault server -dev-tls start to ready', median(devTls), median(plain), 'minivault server -dev', 'reported', null, 'ms'));
  return rows;
}
