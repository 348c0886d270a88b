// Certificates real TLS stacks accept: a node:tls server with an issued certificate
// and a client trusting the mount's root; client-certificate auth with a client_flag leaf, and a
// server-only leaf refused as a client. The vault runs on the real time here (TLS checks
// validity against the wall clock) and is reached over HTTP, as clients reach Vault (node-vault
// has no PKI commands, so plain fetch).
import { connect, createServer, type TLSSocket } from 'node:tls';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVault, type StartedVault } from '../../../src/testing/index.js';

let v: StartedVault;
const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
  const res = await fetch(`${v.url}/v1/${path}`, { method, headers: { 'x-vault-token': 'root' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>) };
};
const d = (r: { json: Record<string, unknown> }): Record<string, string> => r.json.data as Record<string, string>;

beforeAll(async () => {
  v = await startVault({ rootToken: 'root', seed: 21, now: Date.now() });
  expect((await api('POST', 'sys/mounts/pki', { type: 'pki' })).status).toBe(204);
});
afterAll(async () => { await v.close(); });

async function handshake(server: { cert: string; key: string; ca?: string; requestCert?: boolean }, client: { ca: string; cert?: string; key?: string; servername: string }): Promise<{ ok: boolean; error?: string; peerCn?: string }> {
  const srv = createServer({ cert: server.cert, key: server.key, ...(server.ca ? { ca: server.ca } : {}), requestCert: server.requestCert ?? false, rejectUnauthorized: server.requestCert ?? false });
  let peerCn: string | undefined;
  srv.on('secureConnection', (s: TLSSocket) => { peerCn = s.getPeerCertificate().subject?.CN as string | undefined; s.end('hi'); });
  srv.on('tlsClientError', () => {});
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as AddressInfo).port;
  try {
    const sock = connect({ port, host: '127.0.0.1', ca: client.ca, servername: client.servername, ...(client.cert ? { cert: client.cert, key: client.key } : {}) });
    const result = await new Promise<{ ok: boolean; error?: string }>((resolve) => {
      sock.on('data', () => resolve({ ok: true }));
      sock.on('error', (e) => resolve({ ok: false, error: e.message }));
      sock.on('end', () => resolve({ ok: false, error: 'closed' }));
    });
    sock.destroy();
    return { ...result, ...(peerCn ? { peerCn } : {}) };
  } finally {
    srv.close();
  }
}

describe('pki certificates over TLS', () => {
  it('serves TLS with an issued certificate, trusted through the root; mTLS with a client_flag certificate', async () => {
    const root = d(await api('POST', 'pki/root/generate/internal', { common_name: 'TLS Root', key_type: 'ec', ttl: '24h' }));
    expect((await api('POST', 'pki/roles/server', { allow_localhost: true, allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec', client_flag: false })).status).toBe(200);
    expect((await api('POST', 'pki/roles/client', { allow_any_name: true, key_type: 'ec', server_flag: false })).status).toBe(200);
    const server = d(await api('POST', 'pki/issue/server', { common_name: 'localhost', ip_sans: '127.0.0.1', alt_names: 'api.example.com', ttl: '1h' }));
    const ok = await handshake({ cert: server.certificate, key: server.private_key }, { ca: root.certificate, servername: 'api.example.com' });
    expect(ok).toEqual({ ok: true });
    const wrongName = await handshake({ cert: server.certificate, key: server.private_key }, { ca: root.certificate, servername: 'other.test' });
    expect(wrongName.ok).toBe(false);
    expect(wrongName.error).toMatch(/altnames|Hostname/i);
    const client = d(await api('POST', 'pki/issue/client', { common_name: 'svc-a', ttl: '1h' }));
    const mtls = await handshake(
      { cert: server.certificate, key: server.private_key, ca: root.certificate, requestCert: true },
      { ca: root.certificate, servername: 'localhost', cert: client.certificate, key: client.private_key },
    );
    expect(mtls).toEqual({ ok: true, peerCn: 'svc-a' });
    // a server-only certificate (no clientAuth EKU) is refused as a client certificate
    const refused = await handshake(
      { cert: server.certificate, key: server.private_key, ca: root.certificate, requestCert: true },
      { ca: root.certificate, servername: 'localhost', cert: server.certificate, key: server.private_key },
    );
    expect(refused.ok).toBe(false);
  });

  it('a certificate from another mount\'s root is not trusted', async () => {
    expect((await api('POST', 'sys/mounts/other', { type: 'pki' })).status).toBe(204);
    await api('POST', 'other/root/generate/internal', { common_name: 'Other Root', key_type: 'ec', ttl: '24h' });
    await api('POST', 'other/roles/any', { allow_any_name: true, key_type: 'ec' });
    const leaf = d(await api('POST', 'other/issue/any', { common_name: 'localhost', ttl: '1h' }));
    const ours = await api('GET', 'pki/cert/ca');
    const res = await handshake({ cert: leaf.certificate, key: leaf.private_key }, { ca: d(ours).certificate, servername: 'localhost' });
    expect(res.ok).toBe(false);
    expect(res.error).toMatch(/unable to verify|self.signed|local issuer/i);
  });
});
