// The listener's deadlines (src/http/server.ts, as Go's server applies Vault's http_* settings),
// on loopback with short timeouts: a head that never completes is dropped at the read-header
// timeout without a reply; a complete head whose body stalls lives until the read timeout; a
// kept-alive connection with nothing to do is closed at the idle timeout. Each test waits for the
// server to close the socket, so a deadline that never fires fails the test by its timeout.
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServerOptions } from '../../src/http/server.js';

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function listen(options: HttpServerOptions): Promise<number> {
  const server = createHttpServer(async () => ({ status: 200, body: { ok: true } }), options);
  servers.push(server);
  return (await server.listen(0)).port;
}

/** Writes bytes, then resolves once the server closes: what arrived and how long it took (ms). */
async function untilClosed(port: number, bytes: string): Promise<{ got: string; ms: number }> {
  // timed from before the connection exists, so a deadline can never seem to fire early
  const start = performance.now();
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let got = '';
  socket.on('data', (d: Buffer) => { got += d.toString('latin1'); });
  socket.on('error', () => undefined);
  socket.write(bytes);
  await once(socket, 'close');
  return { got, ms: performance.now() - start };
}

describe('listener deadlines', () => {
  it('drops a connection whose request head is not complete within http_read_header_timeout, answering nothing', async () => {
    const port = await listen({ readHeaderTimeoutMs: 80, readTimeoutMs: 5000, idleTimeoutMs: 5000 });
    const { got, ms } = await untilClosed(port, 'GET /v1/sys/health HTTP/1.1\r\nHost: x\r\nX-Slow: 1');
    expect(got).toBe('');
    expect(ms).toBeGreaterThanOrEqual(79);
    expect(ms).toBeLessThan(4000);
  });

  it('drops a connection that sends nothing at all at the read-header timeout', async () => {
    const port = await listen({ readHeaderTimeoutMs: 60, readTimeoutMs: 5000, idleTimeoutMs: 5000 });
    const { got, ms } = await untilClosed(port, '');
    expect(got).toBe('');
    expect(ms).toBeLessThan(4000);
  });

  it('lets a complete head with a stalled body live past the header timeout, until http_read_timeout', async () => {
    const port = await listen({ readHeaderTimeoutMs: 30, readTimeoutMs: 300, idleTimeoutMs: 5000 });
    const { got, ms } = await untilClosed(port, 'PUT /v1/secret/data/a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{"a"');
    expect(got).toBe('');
    expect(ms).toBeGreaterThanOrEqual(299);
  });

  it('answers a request, then closes the kept-alive connection at http_idle_timeout', async () => {
    const port = await listen({ readHeaderTimeoutMs: 5000, readTimeoutMs: 5000, idleTimeoutMs: 120 });
    const { got, ms } = await untilClosed(port, 'GET /v1/sys/health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(got).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(ms).toBeGreaterThanOrEqual(119);
    expect(ms).toBeLessThan(4000);
  });

  it('serves a second request on a kept-alive connection before the idle timeout', async () => {
    const port = await listen({ readHeaderTimeoutMs: 5000, readTimeoutMs: 5000, idleTimeoutMs: 5000 });
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (d: Buffer) => { got += d.toString('latin1'); });
    socket.write('GET /v1/sys/health HTTP/1.1\r\nHost: x\r\n\r\n');
    while (!got.includes('{"ok":true}')) await once(socket, 'data');
    socket.write('GET /v1/sys/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await once(socket, 'close');
    expect(got.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
  });
});
