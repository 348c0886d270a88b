// SIGHUP's work (src/server/listeners.ts reloadListenerTls): TLS listeners read their certificate
// and key files again and present the new certificate on the next handshake; a bad file leaves
// every listener on the certificate it had.
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTlsCa } from '../../src/x509/dev-certs.js';
import { parseServerConfig } from '../../src/server/config.js';
import { prepareListener, reloadListenerTls, startListeners } from '../../src/server/listeners.js';

const status = (port: number, ca: string): Promise<number> => new Promise((resolve, reject) => {
  https.get({ host: '127.0.0.1', port, path: '/v1/sys/health', ca, agent: false }, (res) => {
    res.resume();
    resolve(res.statusCode ?? 0);
  }).on('error', reject);
});

describe('TLS certificate reload', () => {
  it('presents the certificate now in the files to new connections, and keeps the old one when the new files are bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mv-reload-'));
    const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    const put = (leaf: { certPem: string; keyPem: string }) => {
      writeFileSync(cert, leaf.certPem);
      writeFileSync(key, leaf.keyPem);
    };
    const first = createTlsCa();
    const second = createTlsCa();
    const leafFor = (ca: ReturnType<typeof createTlsCa>) => ca.issue({ commonName: 'localhost', ipAddresses: ['127.0.0.1'] });
    put(leafFor(first));
    const config = parseServerConfig(`listener "tcp" {\n  address = "127.0.0.1:0"\n  tls_cert_file = "${cert}"\n  tls_key_file = "${key}"\n}\n`, 'x');
    const running = await startListeners([prepareListener(config.listeners[0]!)], async () => ({ status: 200 }));
    const port = running[0]!.info.port;
    try {
      expect(await status(port, first.certPem)).toBe(200);
      put(leafFor(second));
      reloadListenerTls(running);
      expect(await status(port, second.certPem)).toBe(200);
      await expect(status(port, first.certPem)).rejects.toThrow();
      writeFileSync(key, 'not a key');
      expect(() => reloadListenerTls(running)).toThrow('error loading TLS cert: tls: failed to find any PEM data in key input');
      expect(await status(port, second.certPem)).toBe(200);
    } finally {
      await Promise.all(running.map((r) => r.server.close()));
    }
  });
});
