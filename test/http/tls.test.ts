// TLS on the socket server (src/http/tls.ts, server.ts) and startVault({ tls }): real clients
// (node-vault, undici, node:https) over https with the CA; client certificates requested and
// handed to the request (leaf first, DER); required with requireClientCert; protocol mismatches
// answered as Go's server answers them; a failed handshake never takes the server down.
import { once } from 'node:events';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import nodeVault from 'node-vault';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreRequest } from '../../src/core/types.js';
import { createHttpServer, type HttpServer } from '../../src/http/server.js';
import { startVault, type StartedVault } from '../../src/testing/index.js';
import { createTlsCa } from '../../src/x509/dev-certs.js';
import { createTestTls } from '../../src/testing/tls.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

async function started(opts: Parameters<typeof startVault>[0]): Promise<StartedVault> {
  const v = await startVault(opts);
  open.push(v);
  return v;
}

/** Everything a raw socket receives until the server closes it. */
async function rawExchange(port: number, bytes: string | Buffer): Promise<string> {
  const socket = netConnect(port, '127.0.0.1');
  let got = '';
  socket.on('data', (d: Buffer) => { got += d.toString('latin1'); });
  socket.on('error', () => undefined);
  socket.write(bytes);
  await once(socket, 'close');
  return got;
}

describe('startVault({ tls: true })', () => {
  it('serves https that node-vault reaches with the CA, and puts the CA file in env.VAULT_CACERT', async () => {
    const v = await started({ tls: true });
    expect(v.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(readFileSync(v.env.VAULT_CACERT!, 'utf8')).toBe(v.tls!.caPem);
    const client = nodeVault({ endpoint: v.url, token: v.rootToken, requestOptions: { ca: v.tls!.caPem } } as never) as any;
    await client.write('secret/data/app', { data: { password: 'p1' } });
    const read = await client.read('secret/data/app');
    expect(read.data.data).toEqual({ password: 'p1' });
  });

  it('is reached by undici with the CA and refused without it', async () => {
    const v = await started({ tls: true });
    const dispatcher = new Agent({ connect: { ca: v.tls!.caPem } });
    const res = await undiciFetch(`${v.url}/v1/sys/health`, { dispatcher });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { initialized: boolean }).initialized).toBe(true);
    await dispatcher.close();
    const strict = new Agent();
    await expect(undiciFetch(`${v.url}/v1/sys/health`, { dispatcher: strict })).rejects.toThrow();
    await strict.close();
  });

  it('requires a client certificate from its CA with requireClientCert, and keeps serving after refusals', async () => {
    const v = await started({ tls: { requireClientCert: true } });
    await expect(v.tls!.request('GET', 'sys/health')).rejects.toThrow();
    const cert = await v.tls!.issueClientCert({ commonName: 'app' });
    const ok = await v.tls!.request('GET', 'auth/token/lookup-self', { token: v.rootToken, clientCert: cert });
    expect(ok.status).toBe(200);
    const stranger = createTlsCa().issue({ commonName: 'stranger', usage: ['client'] });
    await expect(v.tls!.request('GET', 'sys/health', { clientCert: stranger })).rejects.toThrow();
    expect((await v.tls!.request('GET', 'sys/health', { clientCert: cert })).status).toBe(200);
  });
});

describe('TLS listener', () => {
  async function serve(requireClientCert = false): Promise<{ server: HttpServer; port: number; seen: CoreRequest[]; tls: Awaited<ReturnType<typeof createTestTls>> }> {
    const tls = await createTestTls({ requireClientCert });
    const seen: CoreRequest[] = [];
    const server = createHttpServer(async (req) => {
      seen.push(req);
      return { status: 200, body: { ok: true } };
    }, { tls: tls.serverOptions });
    const info = await server.listen(0);
    open.push({ close: async () => { await server.close(); tls.cleanup(); } });
    return { server, port: info.port, seen, tls };
  }

  it('hands the client certificate chain to the request (DER, leaf first), and an empty chain when the client sends none', async () => {
    const { port, seen, tls } = await serve();
    const bound = tls.bind(`https://127.0.0.1:${port}`);
    const cert = await bound.issueClientCert({ commonName: 'web' });
    expect((await bound.request('GET', 'sys/health', { clientCert: cert })).status).toBe(200);
    expect(seen[0]!.peerCertificates?.[0]).toEqual(cert.der);
    await bound.request('GET', 'sys/health');
    expect(seen[1]!.peerCertificates).toEqual([]); // TLS without a client certificate: an empty chain, not none
  });

  it("answers plain HTTP with Go's raw 400 for GET/HEAD/POST/PUT/OPTIONS and closes other methods silently", async () => {
    const { port } = await serve();
    const reply = 'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n';
    expect(await rawExchange(port, 'GET /v1/sys/health HTTP/1.1\r\nHost: x\r\n\r\n')).toBe(reply);
    expect(await rawExchange(port, 'PUT /v1/secret/data/a HTTP/1.1\r\n\r\n')).toBe(reply);
    expect(await rawExchange(port, 'OPTIONS * HTTP/1.1\r\n\r\n')).toBe(reply);
    expect(await rawExchange(port, 'DELETE /v1/x HTTP/1.1\r\n\r\n')).toBe('');
    expect(await rawExchange(port, 'LIST /v1/x HTTP/1.1\r\n\r\n')).toBe('');
  });

  it('survives failed handshakes: an untrusted client, garbage after the record header, a client that hangs up', async () => {
    const { port, tls } = await serve(true);
    const bound = tls.bind(`https://127.0.0.1:${port}`);
    await expect(bound.request('GET', 'sys/health')).rejects.toThrow();
    expect(await rawExchange(port, Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5, 6, 7]))).not.toMatch(/^HTTP/);
    const quitter: Socket = netConnect(port, '127.0.0.1');
    quitter.write(Buffer.from([0x16, 0x03]));
    quitter.destroy();
    const cert = await bound.issueClientCert();
    expect((await bound.request('GET', 'sys/health', { clientCert: cert })).status).toBe(200);
  });

  it('stays up whatever bytes a client opens with (property)', async () => {
    const { port, tls } = await serve();
    const bound = tls.bind(`https://127.0.0.1:${port}`);
    await fc.assert(fc.asyncProperty(
      fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.uint8Array({ minLength: 5, maxLength: 64 }).map((b) => Uint8Array.of(0x16, 0x03, 0x01, ...b))),
      async (bytes) => {
        const socket = netConnect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.on('data', () => undefined);
        socket.end(Buffer.from(bytes));
        await once(socket, 'close');
      },
    ), { numRuns: 40 });
    expect((await bound.request('GET', 'sys/health')).status).toBe(200);
  });

  it('negotiates http/1.1 over ALPN and refuses TLS below tls12', async () => {
    const { port, tls } = await serve();
    const socket = tlsConnect({ port, host: '127.0.0.1', ca: tls.bind('https://127.0.0.1').caPem, ALPNProtocols: ['h2', 'http/1.1'] });
    await once(socket, 'secureConnect');
    expect(socket.alpnProtocol).toBe('http/1.1');
    socket.destroy();
    const old = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false, maxVersion: 'TLSv1.1', minVersion: 'TLSv1' });
    const [err] = (await once(old, 'error')) as [Error];
    expect(err).toBeInstanceOf(Error);
  });
});

describe('plain listener', () => {
  it("answers a TLS hello with Go's raw 400 Bad Request at its first newline byte, whatever follows", async () => {
    const server = createHttpServer(async () => ({ status: 200 }));
    const { port } = await server.listen(0);
    open.push(server);
    const hello = Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), Buffer.from('random\nbytes')]);
    expect(await rawExchange(port, hello)).toBe('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request');
  });

  it('closes promptly and stays up whatever bytes a client sends before hanging up (property)', async () => {
    const server = createHttpServer(async () => ({ status: 200 }));
    const { port } = await server.listen(0);
    open.push(server);
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 80 }), async (bytes) => {
      const socket = netConnect(port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.on('data', () => undefined);
      socket.end(Buffer.from(bytes));
      await once(socket, 'close');
    }), { numRuns: 60 });
    expect((await fetch(`http://127.0.0.1:${port}/v1/sys/health`)).status).toBe(200);
  });

  it('lets a real TLS client fail against a plain port without taking the server down', async () => {
    const server = createHttpServer(async () => ({ status: 200 }), { readHeaderTimeoutMs: 200 });
    const { port } = await server.listen(0);
    open.push(server);
    const socket = tlsConnect({ port, host: '127.0.0.1', rejectUnauthorized: false });
    const [err] = (await once(socket, 'error')) as [Error];
    expect(err).toBeInstanceOf(Error);
    expect((await fetch(`http://127.0.0.1:${port}/v1/sys/health`)).status).toBe(200);
  });
});
