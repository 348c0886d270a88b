import { afterEach, describe, expect, it } from 'vitest';
import { RawClient, exchange, header, json, requestText, start, type Started } from './helpers.js';

let current: Started | undefined;
afterEach(async () => {
  await current?.server.close();
  current = undefined;
});

async function started(...args: Parameters<typeof start>): Promise<Started> {
  current = await start(...args);
  return current;
}

const op = (r: { body: string }) => json(r as never).data.request;

describe('LIST on keep-alive connections', () => {
  it('answers LIST between other requests on one connection', async () => {
    const { info } = await started();
    const client = new RawClient(info.port);
    await client.write(requestText('GET', '/v1/secret/data/a', ['X-Vault-Token: t1']));
    const read = await client.next();
    await client.write(requestText('LIST', '/v1/secret/metadata', ['X-Vault-Token: t1']));
    const list = await client.next();
    await client.write(requestText('POST', '/v1/secret/data/a', ['X-Vault-Token: t1'], '{"data":{"k":"v"}}'));
    const write = await client.next();
    expect([read, list, write].map((r) => [r.status, op(r).operation, op(r).path])).toEqual([
      [200, 'read', 'secret/data/a'], [200, 'list', 'secret/metadata/'], [200, 'update', 'secret/data/a'],
    ]);
    expect(op(write).data).toEqual({ data: { k: 'v' } });
    expect(client.closed).toBe(false);
    client.destroy();
  });

  it('answers pipelined requests in order from one write', async () => {
    const { info } = await started();
    const pipeline = ['/v1/a', '/v1/b', '/v1/c', '/v1/d'].map((p, i) => requestText(i % 2 ? 'LIST' : 'GET', p)).join('');
    const { responses, client } = await exchange(info.port, pipeline, 4);
    expect(responses.map((r) => [op(r).operation, op(r).path])).toEqual([['read', 'a'], ['list', 'b/'], ['read', 'c'], ['list', 'd/']]);
    client.destroy();
  });

  it('answers a pipeline written in two parts split at every byte boundary, on one connection', async () => {
    const { info } = await started();
    const pipeline = requestText('LIST', '/v1/kv/m', ['X-Vault-Token: t']) +
      'PUT /v1/kv/d HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n' +
      requestText('GET', '/v1/kv/d?x=1');
    const client = new RawClient(info.port);
    for (let i = 1; i < pipeline.length; i++) {
      await client.write(pipeline.slice(0, i));
      await new Promise((resolve) => setImmediate(resolve));
      await client.write(pipeline.slice(i));
      const got = [await client.next(), await client.next(), await client.next()];
      expect(got.map((r) => [r.status, op(r).operation, op(r).path]), `split at ${i}`).toEqual([[200, 'list', 'kv/m/'], [200, 'update', 'kv/d'], [200, 'read', 'kv/d']]);
    }
    client.destroy();
  });
});

describe('bodies on the wire', () => {
  it('reads Content-Length and chunked bodies, with extensions and trailers', async () => {
    const { info } = await started();
    const chunked = 'POST /v1/kv/c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n5;name=value\r\n{"a":\r\n2\r\n1}\r\n0\r\nDigest: x\r\n\r\n';
    const { responses, client } = await exchange(info.port, requestText('POST', '/v1/kv/l', [], '{"b":2}') + chunked, 2);
    expect(responses.map((r) => op(r).data)).toEqual([{ b: 2 }, { a: 1 }]);
    client.destroy();
  });

  it('sends 100 Continue before reading a body that asked for it', async () => {
    const { info } = await started();
    const client = new RawClient(info.port);
    await client.write('POST /v1/kv/e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 7\r\n\r\n');
    const interim = await client.next();
    expect(interim.statusLine).toBe('HTTP/1.1 100 Continue');
    await client.write('{"c":3}');
    expect(op(await client.next()).data).toEqual({ c: 3 });
    client.destroy();
  });

  it('answers 413 for a declared over-limit body at once, and closes', async () => {
    const { info, seen } = await started();
    const client = new RawClient(info.port);
    await client.write('PUT /v1/kv/big HTTP/1.1\r\nHost: h\r\nContent-Length: 40000000\r\n\r\n{"a":"');
    const response = await client.next();
    expect([response.status, response.body, header(response, 'connection')]).toEqual([413, '{"errors":["error parsing JSON"]}\n', 'close']);
    await client.closedPromise;
    expect(seen).toEqual([]);
  });

  it('answers 413 when a chunked body passes the limit', async () => {
    const { info } = await started(undefined, { maxRequestBytes: 1024 });
    const chunk = 'x'.repeat(600);
    const { responses } = await exchange(info.port, `POST /v1/kv/big HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n${chunk}\r\n258\r\n${chunk}\r\n0\r\n\r\n`);
    expect([responses[0].status, responses[0].body]).toEqual([413, '{"errors":["error parsing JSON"]}\n']);
  });
});

describe('protocol errors', () => {
  it.each([
    ['a malformed request line', 'GET /v1/a\r\n\r\n', '400 Bad Request'],
    ['a bare LF', 'GET /v1/a HTTP/1.1\nHost: h\n\n', '400 Bad Request'],
    ['Content-Length with Transfer-Encoding', 'POST /v1/a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', '400 Bad Request'],
    ['a missing Host', 'GET /v1/a HTTP/1.1\r\n\r\n', '400 Bad Request: missing required Host header'],
    ['HTTP/2.0', 'GET /v1/a HTTP/2.0\r\nHost: h\r\n\r\n', '505 HTTP Version Not Supported: unsupported protocol version'],
    ['a malformed escape', 'GET /v1/%zz HTTP/1.1\r\nHost: h\r\n\r\n', '400 Bad Request'],
  ])('answers %s as Go does, closes, and keeps serving others', async (_, text, line) => {
    const { info } = await started();
    const { responses, client } = await exchange(info.port, text);
    expect(responses[0].statusLine).toBe(`HTTP/1.1 ${line}`);
    expect(responses[0].headers).toEqual([['content-type', 'text/plain; charset=utf-8'], ['connection', 'close']]);
    expect(responses[0].body).toBe(line);
    await client.closedPromise;
    const next = await exchange(info.port, requestText('GET', '/v1/ok'));
    expect(next.responses[0].status).toBe(200);
    next.client.destroy();
  });

  it('refuses an unsupported transfer coding with 400, never 501', async () => {
    const { info } = await started();
    const { responses } = await exchange(info.port, 'POST /v1/a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n');
    expect([responses[0].statusLine, responses[0].body]).toEqual(['HTTP/1.1 400 Bad Request', 'Unsupported transfer encoding']);
  });

  it('answers 431 to a head over the limit', async () => {
    const { info } = await started(undefined, { maxHeaderBytes: 2048 });
    const { responses } = await exchange(info.port, requestText('GET', '/v1/a', ['X-Big: ' + 'b'.repeat(4000)]));
    expect(responses[0].statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
  });

  it('answers a pipelined request that precedes a malformed one', async () => {
    const { info } = await started();
    const { responses } = await exchange(info.port, requestText('GET', '/v1/first') + 'NOT HTTP\r\n\r\n', 2);
    expect(responses.map((r) => r.status)).toEqual([200, 400]);
  });

  it('accepts odd but legal header bytes and refuses control characters', async () => {
    const { info } = await started();
    const utf8 = Buffer.concat([Buffer.from('GET /v1/a HTTP/1.1\r\nHost: h\r\nX-Name: '), Buffer.from('naïve ☃'), Buffer.from('\r\n\r\n')]);
    const ok = await exchange(info.port, utf8);
    expect(op(ok.responses[0]).headers['x-name']).toBe('naïve ☃');
    ok.client.destroy();
    const nul = await exchange(info.port, 'GET /v1/a HTTP/1.1\r\nHost: h\r\nX-Name: a\x00b\r\n\r\n');
    expect(nul.responses[0].status).toBe(400);
  });
});

describe('connection management', () => {
  it('honours Connection: close and ignores later pipelined requests', async () => {
    const { info, seen } = await started();
    const { responses, client } = await exchange(info.port, requestText('GET', '/v1/a', ['Connection: close']) + requestText('GET', '/v1/b'));
    expect(header(responses[0], 'connection')).toBe('close');
    await client.closedPromise;
    expect(seen.map((r) => r.path)).toEqual(['a']);
  });

  it('closes HTTP/1.0 connections unless keep-alive is asked for', async () => {
    const { info } = await started();
    const kept = await exchange(info.port, 'GET /v1/a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    expect([kept.responses[0].statusLine, header(kept.responses[0], 'connection')]).toEqual(['HTTP/1.0 200 OK', 'keep-alive']);
    await kept.client.write('GET /v1/b HTTP/1.0\r\n\r\n');
    const closing = await kept.client.next();
    expect(header(closing, 'connection')).toBeUndefined();
    await kept.client.closedPromise;
  });

  it('answers requests already received when the client half-closes', async () => {
    const { info } = await started(async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { status: 200, body: { path: request.path } };
    });
    const client = new RawClient(info.port);
    await client.write(requestText('GET', '/v1/a') + requestText('GET', '/v1/b'));
    client.end();
    expect([await client.next(), await client.next()].map((r) => json(r).path)).toEqual(['a', 'b']);
    await client.closedPromise;
  });
});

describe('hostile bytes', () => {
  it('never crashes on mutated or random request bytes, and keeps serving', async () => {
    const fc = (await import('fast-check')).default;
    const { info } = await started();
    const valid = requestText('LIST', '/v1/kv/a?x=1', ['X-Vault-Token: t']) +
      'PUT /v1/kv/b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{}\n\r\n0\r\n\r\n' +
      requestText('POST', '/v1/kv/c', ['Content-Type: application/x-www-form-urlencoded'], 'a=1');
    const mutation = fc.record({
      flips: fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      noise: fc.uint8Array({ maxLength: 40 }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ flips, noise }) => {
        const bytes = Buffer.concat([Buffer.from(valid, 'latin1'), Buffer.from(noise)]);
        for (const [at, value] of flips) bytes[at] = value;
        const client = new RawClient(info.port);
        await client.write(bytes);
        client.end();
        await client.closedPromise;
        for (const line of client.leftover.split('\r\n').filter((l) => l.startsWith('HTTP/1.'))) {
          expect(line).toMatch(/^HTTP\/1\.[01] (100|200|301|400|404|405|413|415|417|431|505) /);
        }
      }),
      { numRuns: 60 },
    );
    const after = await exchange(info.port, requestText('GET', '/v1/still/here'));
    expect(after.responses[0].status).toBe(200);
    after.client.destroy();
  });
});
