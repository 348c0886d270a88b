// The CLI's own cost per command, in-process: `main(['kv', 'get', …])` (flag parsing, preflight,
// read, table rendering) against a bare node:http JSON server, beside the anchor of the same two
// HTTP requests made directly with node:http on a new keep-alive connection (as a fresh CLI
// process must open one), in the same run.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { paired, timeRow, type BenchRow } from './harness.js';
import { main } from '../src/cli/main.js';

const MOUNT = JSON.stringify({ data: { path: 'kgc/', type: 'kv', options: { version: '2' } } });
const READ = JSON.stringify({
  request_id: 'r', lease_id: '', renewable: false, lease_duration: 0, warnings: null, mount_type: 'kv',
  data: { data: { api_key: 'key-v1', created_at: 't1' }, metadata: { created_time: '2026-11-29T10:00:00Z', custom_metadata: null, deletion_time: '', destroyed: false, version: 4 } },
});

function get(agent: http.Agent, port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent, headers: { 'X-Vault-Request': 'true' } }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    }).on('error', reject);
  });
}

export async function run(): Promise<BenchRow[]> {
  const server = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(req.url?.startsWith('/v1/sys/internal/ui/mounts/') ? MOUNT : READ);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const env = { VAULT_ADDR: `http://127.0.0.1:${port}`, VAULT_TOKEN: 'hvs.bench', HOME: '/nonexistent' };
  const io = { stdout: () => undefined, stderr: () => undefined, stdin: new PassThrough(), env };
  try {
    // Interleaved with the anchor (ABAB…), so a slow moment of the machine hits both alike.
    const [raw, cli] = await paired(async () => {
      const agent = new http.Agent({ keepAlive: true });
      await get(agent, port, '/v1/sys/internal/ui/mounts/kgc/api-credentials');
      await get(agent, port, '/v1/kgc/data/api-credentials');
      agent.destroy();
    }, () => main(['kv', 'get', 'kgc/api-credentials'], io), 1500, 300);
    return [timeRow('cli: kv get in-process (preflight + read + table)', cli / 1000, raw / 1000,
      'the same 2 requests via node:http, one new connection', '≤ 2× the bare requests', 2)];
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}
