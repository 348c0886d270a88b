// Sidecar client figures: a cache hit (goal < 1 µs median), a cache miss over loopback HTTP beside a
// raw fetch of the same URL from the same server, and a rotation round trip (read + cas write)
// beside the same two raw requests. The server is minivault's own (src/testing startVault) when
// that module exists, else a bare node:http server answering the same KV v2 shapes; the row names say which.
import { startVault } from '../src/testing/index.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VaultClient } from '../src/client/index.js';
import { measure, paired, timeRow, type BenchRow } from './harness.js';

interface Target { address: string; token: string; prepare(client: VaultClient): Promise<void>; close(): Promise<void>; name: string }

/** A bare JSON server with Vault's KV v2 shapes: the floor any HTTP Vault can reach. */
async function bareServer(): Promise<Target> {
  let version = 1;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.method === 'POST') version++;
      const metadata = { created_time: '2026-01-01T00:00:00Z', custom_metadata: null, deletion_time: '', destroyed: false, version };
      // The client asks once where a path's mount is (sys/internal/ui/mounts), as `vault kv get` does.
      const preflight = req.url?.startsWith('/v1/sys/internal/ui/mounts/') === true;
      const data = preflight ? { path: 'kgc/', type: 'kv', options: { version: '2' } }
        : req.method === 'POST' ? metadata : { data: { api_key: 'k'.repeat(128) }, metadata };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ request_id: '', lease_id: '', renewable: false, lease_duration: 0, data, wrap_info: null, warnings: null, auth: null }) + '\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    name: 'bare node:http', address: `http://127.0.0.1:${port}`, token: 'bench', prepare: async () => {},
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** minivault's in-process server with KV v2 at kgc/. */
async function minivaultServer(): Promise<Target> {
  const vault = await startVault();
  await vault.vault.request('update', 'sys/mounts/kgc', { type: 'kv', options: { version: '2' } });
  return {
    name: 'minivault', address: vault.address, token: vault.rootToken,
    prepare: async (client) => { await client.rotate('api-credentials', { bytes: 64 }); },
    close: () => vault.close(),
  };
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const targets = [await minivaultServer(), await bareServer()].filter((t): t is Target => t !== null);
  for (const target of targets) {
    const client = new VaultClient({ address: target.address, token: target.token, mount: 'kgc' });
    try {
      await target.prepare(client);
      await client.getSecret('api-credentials');
      if (target === targets[0]) rows.push(...(await hitRows(client)));
      rows.push(...(await wireRows(client, target)));
    } finally {
      await client.close();
      await target.close();
    }
  }
  return rows;
}

async function hitRows(client: VaultClient): Promise<BenchRow[]> {
  const map = new Map([['api-credentials', { api_key: 'x' }]]);
  const anchor = await measure(() => Promise.resolve(map.get('api-credentials')!.api_key));
  const hit = await measure(() => client.getSecret('api-credentials', 'api_key'));
  const peekAnchor = await measure(() => map.get('api-credentials')!.api_key);
  const peek = await measure(() => client.peek('api-credentials', 'api_key'));
  const met = (ns: number) => ns < 1000;
  return [
    { ...timeRow('client cache hit: await getSecret(path, field)', hit.medianNs / 1000, anchor.medianNs / 1000, 'await Promise.resolve(Map.get)', '< 1 µs median', null), met: met(hit.medianNs) },
    { ...timeRow('client cache hit: peek(path, field), sync', peek.medianNs / 1000, peekAnchor.medianNs / 1000, 'Map.get', '< 1 µs median', null), met: met(peek.medianNs) },
  ];
}

async function wireRows(client: VaultClient, target: Target): Promise<BenchRow[]> {
  const url = `${target.address}/v1/kgc/data/api-credentials`;
  const headers = { 'X-Vault-Token': target.token };
  const rawGet = async () => (await fetch(url, { headers })).json();
  const rawGetThenPost = async () => {
    const current = (await rawGet()) as { data: { metadata: { version: number } } };
    const body = JSON.stringify({ data: { api_key: 'x'.repeat(128) }, options: { cas: current.data.metadata.version } });
    return (await fetch(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body })).json();
  };
  // Interleaved with the anchors (ABAB…), so a slow moment of the machine hits both alike.
  const [rawMissNs, missNs] = await paired(rawGet, () => client.getSecret('api-credentials', 'api_key', { refresh: true }), 800, 100);
  const [rawRotateNs, rotateNs] = await paired(rawGetThenPost, () => client.rotate('api-credentials'), 800, 100);
  return [
    timeRow(`client cache miss over loopback HTTP (${target.name})`, missNs / 1000, rawMissNs / 1000, 'raw fetch + JSON.parse, same URL', '≤ 1.3× the raw request', 1.3),
    timeRow(`client rotate round trip: read + cas write (${target.name})`, rotateNs / 1000, rawRotateNs / 1000, 'raw GET then POST, same server', '≤ 1.3× the raw requests', 1.3),
  ];
}
