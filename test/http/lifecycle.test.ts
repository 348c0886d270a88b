import { afterEach, describe, expect, it } from 'vitest';
import NodeVault from 'node-vault';
import { Pool } from 'undici';
import { deferred } from '../support/deferred.js';
import { RawClient, exchange, header, json, requestText, start, type Started } from './helpers.js';

let current: Started | undefined;
afterEach(async () => {
  await current?.server.close();
  current = undefined;
});

describe('real clients', () => {
  it('serves node-vault’s list, which uses the LIST method', async () => {
    current = await start(async () => ({ status: 200, body: { data: { keys: ['a'] } } }));
    const vault = NodeVault({ endpoint: current.info.url, token: 'hvs.test' });
    expect(await vault.list('secret/metadata/')).toEqual({ data: { keys: ['a'] } });
    expect(current.seen[0]).toMatchObject({ operation: 'list', path: 'secret/metadata/', token: 'hvs.test' });
  });

  it('serves node-vault writes and reports Vault errors the way node-vault expects', async () => {
    current = await start(async (request) =>
      request.operation === 'update' ? { status: 204 } : { status: 403, body: { errors: ['permission denied'] } });
    const vault = NodeVault({ endpoint: current.info.url, token: 't' });
    await expect(vault.write('secret/data/x', { data: { a: 1 } })).resolves.toBe('');
    await expect(vault.read('secret/data/x')).rejects.toThrow('permission denied');
    expect(current.seen[0]).toMatchObject({ operation: 'update', data: { data: { a: 1 } } });
  });

  it('keeps one connection alive across many undici requests, LIST included', async () => {
    current = await start();
    const pool = new Pool(current.info.url, { connections: 1, pipelining: 4 });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
        const response = await pool.request({ method: i % 3 === 0 ? 'LIST' : 'GET', path: `/v1/kv/${i}` });
        return (await response.body.json() as any).data.request.operation;
      }));
      expect(results.filter((o) => o === 'list')).toHaveLength(7);
      expect(new Set(current.seen.map((r) => r.remotePort)).size).toBe(1);
    } finally {
      await pool.close();
    }
  });
});

describe('close()', () => {
  it('finishes the request in flight with Connection: close, closes idle connections, then resolves', async () => {
    const gate = deferred();
    const entered = deferred();
    current = await start(async (request) => {
      if (request.path === 'slow') {
        entered.resolve();
        await gate.promise;
      }
      return { status: 200, body: { done: true } };
    });
    const { server, info } = current;
    const idle = await exchange(info.port, requestText('GET', '/v1/x').replace('GET', 'LIST'));
    const busy = new RawClient(info.port);
    await busy.write(requestText('GET', '/v1/slow'));
    await entered.promise;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await idle.client.closedPromise;
    expect(closed).toBe(false);
    gate.resolve();
    const response = await busy.next();
    expect([json(response).done, header(response, 'connection')]).toEqual([true, 'close']);
    await closing;
    expect(server.connectionCount).toBe(0);
    current = undefined;
  });
});

describe('fault injection', () => {
  it('drops every connection without an answer and keeps accepting new ones', async () => {
    const entered = deferred();
    const answer = deferred();
    current = await start(async () => {
      entered.resolve();
      await answer.promise;
      return { status: 200, body: {} };
    });
    const client = new RawClient(current.info.port);
    await client.write(requestText('GET', '/v1/a'));
    await entered.promise;
    current.server.dropConnections();
    await client.closedPromise;
    answer.resolve(); // the handler finishes only after its connection is gone: nothing is written
    expect(client.leftover).toBe('');
    const again = await exchange(current.info.port, requestText('GET', '/v1/b'));
    expect(again.responses[0].status).toBe(200);
    again.client.destroy();
  });

  it('lets a request hook answer instead of core, pass through, or destroy the connection', async () => {
    current = await start();
    current.server.setRequestHook((request, context) => {
      if (request.path === 'hooked') return { status: 503, body: { errors: ['Vault is sealed'] } };
      if (request.path === 'drop') return void context.destroyConnection();
      return undefined;
    });
    const { responses, client } = await exchange(current.info.port, requestText('GET', '/v1/hooked') + requestText('GET', '/v1/through'), 2);
    expect(responses.map((r) => r.status)).toEqual([503, 200]);
    expect(current.seen.map((r) => r.path)).toEqual(['through']);
    client.destroy();
    const dropped = new RawClient(current.info.port);
    await dropped.write(requestText('GET', '/v1/drop'));
    await dropped.closedPromise;
    expect(dropped.leftover).toBe('');
    current.server.setRequestHook(undefined);
    const after = await exchange(current.info.port, requestText('GET', '/v1/drop'));
    expect(after.responses[0].status).toBe(200);
    after.client.destroy();
  });
});
