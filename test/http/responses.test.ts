import { afterEach, describe, expect, it } from 'vitest';
import type { CoreHandler } from '../../src/core/types.js';
import { VaultError } from '../../src/errors/vault-error.js';
import { RawClient, exchange, header, json, requestText, start, type Started } from './helpers.js';

let current: Started | undefined;
afterEach(async () => {
  await current?.server.close();
  current = undefined;
});

async function serve(handler: CoreHandler, options = {}): Promise<Started> {
  current = await start(handler, options);
  return current;
}

describe('response bytes', () => {
  it('writes Vault’s headers in Go’s order and the body as json.Encoder does', async () => {
    const { info } = await serve(async () => ({ status: 200, body: { request_id: 'r', data: { html: '<a&b>', line: '\u2028' } } }));
    const client = new RawClient(info.port);
    await client.write(requestText('GET', '/v1/kv/a'));
    const response = await client.next();
    expect(response.statusLine).toBe('HTTP/1.1 200 OK');
    expect(response.headers.map(([n]) => n)).toEqual(['cache-control', 'content-type', 'date', 'content-length']);
    expect(header(response, 'cache-control')).toBe('no-store');
    expect(header(response, 'content-type')).toBe('application/json');
    expect(header(response, 'date')).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(response.body).toBe('{"request_id":"r","data":{"html":"\\u003ca\\u0026b\\u003e","line":"\\u2028"}}\n');
    expect(Number(header(response, 'content-length'))).toBe(Buffer.byteLength(response.body));
    client.destroy();
  });

  it('answers 204 without a body or length when core gives no body', async () => {
    const { info } = await serve(async () => ({ status: 204 }));
    const { responses, client } = await exchange(info.port, requestText('PUT', '/v1/sys/policies/acl/p', [], '{"policy":""}') + requestText('GET', '/v1/after'), 2);
    expect(responses[0].status).toBe(204);
    expect(responses[0].headers.map(([n]) => n)).toEqual(['cache-control', 'content-type', 'date']);
    expect(responses[1].status).toBe(204);
    client.destroy();
  });

  it('passes core’s status, errors and extra headers through', async () => {
    const { info } = await serve(async () => ({ status: 404, body: { errors: [] }, headers: { 'x-minivault-unsupported': 'yes', 'content-type': 'application/json' } }));
    const { responses, client } = await exchange(info.port, requestText('GET', '/v1/nope'));
    expect([responses[0].statusLine, responses[0].body]).toEqual(['HTTP/1.1 404 Not Found', '{"errors":[]}\n']);
    expect(responses[0].headers.slice(0, 3)).toEqual([['cache-control', 'no-store'], ['content-type', 'application/json'], ['x-minivault-unsupported', 'yes']]);
    client.destroy();
  });

  it('names unknown statuses as Go does', async () => {
    const { info } = await serve(async () => ({ status: 472, body: { initialized: true } }));
    const { responses, client } = await exchange(info.port, requestText('GET', '/v1/sys/health'));
    expect(responses[0].statusLine).toBe('HTTP/1.1 472 status code 472');
    client.destroy();
  });

  it('sends no body for HEAD', async () => {
    const { info, seen } = await serve(async () => ({ status: 200, body: { initialized: true } }));
    const client = new RawClient(info.port);
    await client.write(requestText('HEAD', '/v1/sys/health') + requestText('GET', '/v1/next'));
    const head = await client.next(true);
    expect([head.status, head.body, header(head, 'content-length')]).toEqual([200, '', undefined]);
    expect((await client.next()).status).toBe(200);
    expect(seen.map((r) => r.operation)).toEqual(['read', 'read']);
    client.destroy();
  });
});

describe('handler failures', () => {
  it('answers 500 internal error for a thrown or rejected error, without details, and keeps serving', async () => {
    const failures: unknown[] = [];
    let calls = 0;
    const { info } = await serve(((request) => {
      calls++;
      if (request.path === 'sync') throw new Error('secret stack detail');
      if (request.path === 'async') return Promise.reject(new Error('secret async detail'));
      if (request.path === 'bigint') return Promise.resolve({ status: 200, body: { n: 1n } });
      if (request.path === 'nostatus') return Promise.resolve({} as never);
      return Promise.resolve({ status: 200, body: { ok: true } });
    }) as CoreHandler, { onHandlerError: (e: unknown) => failures.push(e) });
    const paths = ['sync', 'async', 'bigint', 'nostatus', 'fine'];
    const { responses, client } = await exchange(info.port, paths.map((p) => requestText('GET', `/v1/${p}`)).join(''), 5);
    expect(responses.map((r) => [r.status, r.body])).toEqual([
      ...paths.slice(0, 4).map(() => [500, '{"errors":["internal error"]}\n']), [200, '{"ok":true}\n'],
    ]);
    expect(calls).toBe(5);
    expect(failures).toHaveLength(4);
    client.destroy();
  });

  it('keeps a thrown VaultError’s status and messages', async () => {
    const { info } = await serve(async () => {
      throw new VaultError(503, 'Vault is sealed');
    });
    const { responses, client } = await exchange(info.port, requestText('GET', '/v1/kv/a'));
    expect([responses[0].status, responses[0].body]).toEqual([503, '{"errors":["Vault is sealed"]}\n']);
    client.destroy();
  });
});

describe('bad requests over the wire keep the connection serving', () => {
  it('answers each with Vault’s status and words, in order, on one connection', async () => {
    const { info, seen } = await serve(async (request) => ({ status: 200, body: { op: request.operation, path: request.path } }));
    const requests = [
      requestText('PUT', '/v1/kv/a', ['Content-Type: application/json'], '{"broken":'),
      requestText('PATCH', '/v1/kv/a', ['Content-Type: application/json'], '{}'),
      requestText('PATCH', '/v1/kv/a', [], '{}'),
      requestText('BREW', '/v1/kv/a'),
      requestText('OPTIONS', '/v1/kv/a'),
      requestText('GET', '/v1/kv/a?list=maybe'),
      requestText('GET', '/v1/secret/%2e%2e/sys/mounts'),
      requestText('GET', '/v1/secret/../sys/mounts'),
      requestText('GET', '/v1/a%00b'),
      requestText('GET', '/elsewhere'),
      requestText('PATCH', '/v1/kv/a', ['Content-Type: application/merge-patch+json'], '{"data":{}}'),
    ].join('');
    const { responses, client } = await exchange(info.port, requests, 11);
    expect(responses.map((r) => [r.status, r.body])).toEqual([
      [400, '{"errors":["error parsing JSON"]}\n'],
      [415, '{"errors":["PATCH requires Content-Type of application/merge-patch+json, provided application/json"]}\n'],
      [400, '{"errors":["mime: no media type"]}\n'],
      [405, '{"errors":[]}\n'],
      [405, '{"errors":[]}\n'],
      [400, '{"errors":[]}\n'],
      [200, '{"op":"read","path":"secret/../sys/mounts"}\n'],
      [301, '<a href="/v1/sys/mounts">Moved Permanently</a>.\n\n'],
      [400, ''],
      [404, '{"errors":[]}\n'],
      [200, '{"op":"patch","path":"kv/a"}\n'],
    ]);
    expect(header(responses[7], 'location')).toBe('/v1/sys/mounts');
    expect(seen.map((r) => r.path)).toEqual(['secret/../sys/mounts', 'kv/a']);
    expect(client.closed).toBe(false);
    client.destroy();
  });

  it('serves a bodyless request with an over-limit body, then closes', async () => {
    const { info, seen } = await serve(async () => ({ status: 200, body: { ok: 1 } }), { maxRequestBytes: 16 });
    const { responses, client } = await exchange(info.port, requestText('GET', '/v1/kv/a', [], 'x'.repeat(100)));
    expect([responses[0].status, header(responses[0], 'connection')]).toEqual([200, 'close']);
    await client.closedPromise;
    expect(seen).toHaveLength(1);
  });

  it('reads url-encoded form bodies', async () => {
    const { info } = await serve(async (request) => ({ status: 200, body: { data: request.data } }));
    const { responses, client } = await exchange(info.port, requestText('POST', '/v1/auth/userpass/login/u', ['Content-Type: application/x-www-form-urlencoded'], 'password=p%40ss&x=1&x=2'));
    expect(json(responses[0]).data).toEqual({ password: 'p@ss', x: '1,2' });
    client.destroy();
  });
});
