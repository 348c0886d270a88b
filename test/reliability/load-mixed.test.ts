// Bounded load: 20k mixed KV reads/writes at concurrency 32 over HTTP with a file audit device on,
// in two runs of 10k. Zero errors; p99 and RSS growth are recorded (RSS only loosely bounded).
// While the load runs, a client drips its request head one byte at a time: the listener's short
// read-header timeout (http_read_header_timeout, 1 s here) must still cut it off (issue #25).
// A load test: test:quick leaves load-*.test.ts out.
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyFile } from '../../src/audit-chain/verify.js';
import { createHttpServer } from '../../src/http/index.js';
import { createVault } from '../../src/testing/index.js';

const PER_RUN = 10_000;
const CONCURRENCY = 32;
const KEYS = 64;
const READ_HEADER_TIMEOUT_MS = 1000;

/**
 * Sends a request head one byte every 50 ms (the whole head would take ~4 s). Resolves with how
 * many bytes were sent when the server closed the connection, or with the full length if it never did.
 */
function slowHeaderClient(port: number): Promise<{ sent: number; total: number }> {
  const head = Buffer.from('GET /v1/sys/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'z'.repeat(30) + '\r\n\r\n');
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let sent = 0;
    const finish = () => {
      clearInterval(drip);
      socket.destroy();
      resolve({ sent, total: head.length });
    };
    const drip = setInterval(() => {
      if (sent === head.length) return finish();
      socket.write(head.subarray(sent, sent + 1));
      sent++;
    }, 50);
    socket.on('data', () => undefined);
    socket.on('close', finish);
    socket.on('error', finish);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

describe('load', () => {
  it('serves 20k mixed requests at concurrency 32 with a file audit device and no errors', async () => {
    const vault = await createVault();
    const server = createHttpServer(vault.handle, { readHeaderTimeoutMs: READ_HEADER_TIMEOUT_MS });
    const info = await server.listen(0, '127.0.0.1');
    const v = { vault, url: info.url, port: info.port, rootToken: vault.rootToken, close: () => server.close() };
    const logFile = join(mkdtempSync(join(tmpdir(), 'mv-load-')), 'audit.log');
    try {
      expect((await v.vault.request('update', 'sys/audit/file', { type: 'file', options: { file_path: logFile } })).status).toBe(204);
      const headers = { 'X-Vault-Token': v.rootToken };
      for (let k = 0; k < KEYS; k++) {
        const r = await fetch(`${v.url}/v1/secret/data/k${k}`, { method: 'POST', headers, body: JSON.stringify({ data: { v: 0 } }) });
        expect(r.status).toBe(200);
        await r.arrayBuffer();
      }
      // node:http with a keep-alive pool: undici's fetch costs more CPU than the server it measures.
      const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      const send = (method: string, path: string, body?: string) => new Promise<number>((resolve, reject) => {
        const req = httpRequest({ agent, host: '127.0.0.1', port: v.port, method, path: `/v1/${path}`, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
      const run = async () => {
        const latencies: number[] = [];
        let errors = 0;
        let next = 0;
        const worker = async () => {
          while (next < PER_RUN) {
            const i = next++;
            const key = `k${i % KEYS}`;
            const write = i % 4 === 0;
            const t0 = performance.now();
            try {
              const status = write ? await send('POST', `secret/data/${key}`, JSON.stringify({ data: { v: i } })) : await send('GET', `secret/data/${key}`);
              if (status !== 200) errors++;
            } catch { errors++; }
            latencies.push(performance.now() - t0);
          }
        };
        const start = performance.now();
        await Promise.all(Array.from({ length: CONCURRENCY }, worker));
        const seconds = (performance.now() - start) / 1000;
        latencies.sort((a, b) => a - b);
        return { errors, requests: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: latencies.length / seconds };
      };
      globalThis.gc?.();
      const rssBefore = process.memoryUsage().rss;
      const [first, slow] = await Promise.all([run(), slowHeaderClient(v.port)]);
      // Cut off long before its head was complete, although the load kept the server busy.
      expect(slow.sent).toBeLessThan(slow.total);
      const rssMiddle = process.memoryUsage().rss;
      const second = await run();
      globalThis.gc?.();
      const rssAfter = process.memoryUsage().rss;
      expect(first.errors + second.errors).toBe(0);
      expect(first.requests + second.requests).toBe(2 * PER_RUN);
      const growthMb = (rssAfter - rssBefore) / 2 ** 20;
      expect(growthMb).toBeLessThan(200);
      agent.destroy();
      const verified = await verifyFile(logFile);
      expect(verified.ok).toBe(true);
      const figures = JSON.stringify({
        requests: 2 * PER_RUN, concurrency: CONCURRENCY, errors: first.errors + second.errors,
        runs: [first, second].map((r) => ({ p50ms: +r.p50.toFixed(2), p99ms: +r.p99.toFixed(2), rps: Math.round(r.rps) })),
        rssMb: { before: Math.round(rssBefore / 2 ** 20), afterFirst: Math.round(rssMiddle / 2 ** 20), after: Math.round(rssAfter / 2 ** 20) },
        auditEntries: verified.ok ? verified.entries : 0, slowHeaderBytesSent: slow.sent, slowHeaderTotal: slow.total,
      });
      writeFileSync(join(tmpdir(), 'mv-reliability-load.json'), figures);
      console.log(`figures load ${figures}`); // RELIABILITY.md quotes these
    } finally {
      await v.close();
      await vault.core.shutdown();
    }
  }, 120_000);
});
