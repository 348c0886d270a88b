import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreHandler, CoreRequest } from '../../src/core/types.js';
import { toFetchHandler } from '../../src/http/index.js';
import { exchange, requestText, start, type Started } from './helpers.js';

const seen: CoreRequest[] = [];
const core: CoreHandler = async (request) => {
  seen.push(request);
  if (request.path === 'none') return { status: 204 };
  if (request.path === 'throws') throw new Error('detail that must not leak');
  return { status: 200, body: { data: { request } } };
};
const handle = toFetchHandler(core, { maxRequestBytes: 64 });
const fetchVault = (path: string, init?: RequestInit) => handle(new Request(`http://vault.test${path}`, init));

describe('toFetchHandler', () => {
  it('translates methods, paths, tokens and bodies like the server', async () => {
    const list = await fetchVault('/v1/secret/metadata', { method: 'LIST', headers: { 'X-Vault-Token': 'hvs.t' } });
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toBe('application/json');
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect((await list.json() as any).data.request).toMatchObject({ operation: 'list', path: 'secret/metadata/', token: 'hvs.t', headers: { host: 'vault.test' } });
    const write = await fetchVault('/v1/secret/data/a?ignored=1', { method: 'POST', body: '{"data":{"k":"v"}}', headers: { Authorization: 'Bearer b' } });
    expect((await write.json() as any).data.request).toMatchObject({ operation: 'update', path: 'secret/data/a', token: 'b', data: { data: { k: 'v' } } });
    const read = await fetchVault('/v1/kv/a%20b?version=3&list=false');
    expect((await read.json() as any).data.request).toMatchObject({ operation: 'read', path: 'kv/a b', data: { version: '3', list: 'false' } });
  });

  it('answers Vault’s refusals before core', async () => {
    const before = seen.length;
    const cases: Array<[string, RequestInit | undefined, number, string]> = [
      ['/v1/kv/a', { method: 'PATCH', body: '{}', headers: { 'Content-Type': 'application/json' } }, 415, '{"errors":["PATCH requires Content-Type of application/merge-patch+json, provided application/json"]}\n'],
      ['/v1/kv/a', { method: 'PUT', body: '{nope' }, 400, '{"errors":["error parsing JSON"]}\n'],
      ['/v1/kv/a', { method: 'BREW' }, 405, '{"errors":[]}\n'],
      ['/v2/x', undefined, 404, '{"errors":[]}\n'],
      ['/v1/kv/a', { method: 'PUT', body: JSON.stringify({ big: 'x'.repeat(100) }) }, 413, '{"errors":["error parsing JSON"]}\n'],
    ];
    for (const [path, init, status, body] of cases) {
      const response = await fetchVault(path, init);
      expect([response.status, await response.text()], path).toEqual([status, body]);
    }
    expect(seen.length).toBe(before);
  });

  it('stops reading a streamed body once it passes the limit', async () => {
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new TextEncoder().encode('x'.repeat(40)));
      },
    });
    const response = await fetchVault('/v1/kv/a', { method: 'PUT', body: stream, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(pulls).toBeLessThan(10);
  });

  it('answers 204 without a body, 500 without details, and HEAD without a body', async () => {
    const none = await fetchVault('/v1/none', { method: 'DELETE' });
    expect([none.status, none.headers.get('content-type'), await none.text()]).toEqual([204, 'application/json', '']);
    const thrown = await fetchVault('/v1/throws');
    expect([thrown.status, await thrown.text()]).toEqual([500, '{"errors":["internal error"]}\n']);
    const head = await fetchVault('/v1/sys/health', { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
  });

  it('sees URLs already normalised by the WHATWG parser', async () => {
    const response = await fetchVault('/v1/secret/%2e%2e/sys/mounts');
    expect((await response.json() as any).data.request.path).toBe('sys/mounts');
  });
});

/** A body as a value, without what only a socket has (the peer's address, the framing). */
function comparable(text: unknown): unknown {
  try {
    const value = JSON.parse(String(text));
    if (value?.data?.request) {
      delete value.data.request.remoteAddress;
      delete value.data.request.remotePort;
      delete value.data.request.headers['content-length'];
    }
    return value;
  } catch {
    return text;
  }
}

describe('the fetch handler and the socket server agree', () => {
  let server: Started;
  beforeAll(async () => {
    server = await start(core, { maxRequestBytes: 64 });
  });
  afterAll(() => server.server.close());

  it('gives the same status and body for the same requests', async () => {
    const requests: Array<[string, string, string[], string]> = [
      ['GET', '/v1/kv/a?x=1&x=2', ['X-Vault-Token: t'], ''],
      ['LIST', '/v1/kv/', [], ''],
      ['POST', '/v1/kv/a', ['Content-Type: application/x-www-form-urlencoded'], 'a=1&b=2'],
      ['PUT', '/v1/kv/a', [], '[1]'],
      ['PATCH', '/v1/kv/a', ['Content-Type: application/merge-patch+json'], '{"data":{"a":null}}'],
      ['PATCH', '/v1/kv/a', ['Content-Type: text/plain'], '{}'],
      ['GET', '/v1/kv/a?list=nope', [], ''],
      ['DELETE', '/v1/none', [], ''],
      ['GET', '/v1/throws', [], ''],
      ['PUT', '/v1/sys/unseal', [], '{"key":'],
      ['GET', '/ui/', [], ''],
    ];
    for (const [method, path, fields, body] of requests) {
      const headers = Object.fromEntries(fields.map((f) => f.split(': ') as [string, string]));
      const viaFetch = await fetchVault(path, { method, headers, ...(body ? { body } : {}) });
      const fetched = [viaFetch.status, await viaFetch.text()];
      const { responses, client } = await exchange(server.info.port, requestText(method, path, fields, body));
      client.destroy();
      const wired = [responses[0].status, responses[0].body];
      expect([fetched[0], comparable(fetched[1])], `${method} ${path}`).toEqual([wired[0], comparable(wired[1])]);
    }
  });
});
