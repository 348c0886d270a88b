// The HTTP layer's cost: a fake core answering a fixed KV-v2-shaped envelope with 1 KiB of data,
// served by minivault's server, beside a bare node:http server answering the same object (also
// JSON.stringify'd per request, with the same two headers), in the same run, with the same client
// (undici Pool, keep-alive over loopback). Latency: sequential requests on one connection,
// alternating between the servers in rounds; throughput: 32 requests in flight over 4 connections.
// Goal from DESIGN.md: p50 ≤ 1.5× the bare server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { type BenchRow, rateRow, timeRow } from './harness.js';
import { createHttpServer } from '../src/http/index.js';

const ANCHOR = 'bare node:http JSON server';
const ROUNDS = 6;
const REQUESTS_PER_ROUND = 1500;
const THROUGHPUT_MS = 600;
const IN_FLIGHT = 32;

function envelope(): Record<string, unknown> {
  const data: Record<string, string> = {};
  for (let i = 0; i < 16; i++) data[`key_${String(i).padStart(2, '0')}`] = 'v'.repeat(56); // 16 × 64 B ≈ 1 KiB
  return {
    request_id: '7542baf5-e205-2352-c50c-a91a32b33bea',
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: { data, metadata: { created_time: '2026-01-01T00:00:00.000000000Z', custom_metadata: null, deletion_time: '', destroyed: false, version: 3 } },
    wrap_info: null,
    warnings: null,
    auth: null,
    mount_type: 'kv',
  };
}

interface Target {
  url: string;
  close(): Promise<void>;
}

async function minivaultTarget(body: Record<string, unknown>): Promise<Target> {
  const server = createHttpServer(async () => ({ status: 200, body }));
  const { url } = await server.listen(0);
  return { url, close: () => server.close() };
}

async function bareTarget(body: Record<string, unknown>): Promise<Target> {
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'Cache-Control': 'no-store', 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body) + '\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function get(pool: Pool): Promise<void> {
  const response = await pool.request({ method: 'GET', path: '/v1/secret/data/bench' });
  if (response.statusCode !== 200) throw new Error(`unexpected status ${response.statusCode}`);
  await response.body.text();
}

/** Per-request latencies (µs) of `count` sequential requests. */
async function latencies(pool: Pool, count: number, into: number[]): Promise<void> {
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await get(pool);
    into.push((performance.now() - t0) * 1000);
  }
}

async function throughput(pool: Pool): Promise<number> {
  let done = 0;
  const end = performance.now() + THROUGHPUT_MS;
  const worker = async () => {
    while (performance.now() < end) {
      await get(pool);
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return done / ((performance.now() - t0) / 1000);
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

export async function run(): Promise<BenchRow[]> {
  const body = envelope();
  const targets = { minivault: await minivaultTarget(body), bare: await bareTarget(body) };
  const single = { minivault: new Pool(targets.minivault.url, { connections: 1 }), bare: new Pool(targets.bare.url, { connections: 1 }) };
  const multi = { minivault: new Pool(targets.minivault.url, { connections: 4 }), bare: new Pool(targets.bare.url, { connections: 4 }) };
  const samples = { minivault: [] as number[], bare: [] as number[] };
  const rates = { minivault: [] as number[], bare: [] as number[] };
  try {
    for (const side of ['minivault', 'bare'] as const) await latencies(single[side], 500, []); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['minivault', 'bare'] as const) : (['bare', 'minivault'] as const);
      for (const side of order) await latencies(single[side], REQUESTS_PER_ROUND, samples[side]);
    }
    for (let round = 0; round < 2; round++) {
      for (const side of ['minivault', 'bare'] as const) rates[side].push(await throughput(multi[side]));
    }
  } finally {
    await Promise.all([...Object.values(single), ...Object.values(multi)].map((pool) => pool.close()));
    await Promise.all(Object.values(targets).map((target) => target.close()));
  }
  const mv = samples.minivault.sort((a, b) => a - b);
  const bare = samples.bare.sort((a, b) => a - b);
  const rate = (xs: number[]) => Math.max(...xs);
  return [
    timeRow('HTTP GET 1 KiB KV envelope, keep-alive, p50', percentile(mv, 0.5), percentile(bare, 0.5), ANCHOR, 'p50 ≤ 1.5× bare', 1.5),
    timeRow('HTTP GET 1 KiB KV envelope, keep-alive, p99', percentile(mv, 0.99), percentile(bare, 0.99), ANCHOR, 'reported', null),
    rateRow(`HTTP GET 1 KiB KV envelope, ${IN_FLIGHT} in flight on 4 connections`, rate(rates.minivault), rate(rates.bare), ANCHOR, 'reported', null, 'req/s'),
  ];
}
