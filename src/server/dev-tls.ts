// `server -dev-tls`: Vault's command/server.go configureDevTLS and command/server/config.go
// DevTLSConfig (certificates from command/server/tls_util.go): at every start a fresh ECDSA P-256
// CA and a server certificate for localhost/127.0.0.1 (plus the host name and each -dev-tls-san),
// written as vault-ca.pem (0444), vault-cert.pem (0400) and vault-key.pem (0400, SEC1 "EC PRIVATE
// KEY") into -dev-tls-cert-dir or a new temporary directory; removed again at shutdown.
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createTlsCa } from '../x509/dev-certs.js';
import { ConfigError } from './config.js';
import { goFsError } from './config-load.js';

export const DEV_CA_FILE = 'vault-ca.pem';
export const DEV_CERT_FILE = 'vault-cert.pem';
export const DEV_KEY_FILE = 'vault-key.pem';

export interface DevTls {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  caPem: string;
  /** Removes the three files, and the directory when it was made here. */
  cleanup(): void;
}

export async function createDevTls(certDir: string, sans: readonly string[] = []): Promise<DevTls> {
  if (certDir) {
    try {
      statSync(certDir);
    } catch (e) {
      throw new ConfigError(goFsError('stat', certDir, e));
    }
  }
  const ca = createTlsCa('Vault Dev CA');
  const host = hostname() || 'localhost';
  const dnsNames = ['localhost', 'localhost4', 'localhost6', 'localhost.localdomain'];
  if (!dnsNames.includes(host)) dnsNames.push(host);
  const ipAddresses = ['127.0.0.1'];
  for (const san of sans) (isIP(san) ? ipAddresses : dnsNames).push(san);
  const leaf = ca.issue({ commonName: host, dnsNames, ipAddresses, usage: ['server', 'client'] });
  const made = certDir === '';
  const dir = made ? mkdtempSync(join(tmpdir(), 'vault-tls')) : certDir;
  const files = { caFile: join(dir, DEV_CA_FILE), certFile: join(dir, DEV_CERT_FILE), keyFile: join(dir, DEV_KEY_FILE) };
  const sec1 = createPrivateKey(leaf.keyPem).export({ type: 'sec1', format: 'pem' }).toString();
  try {
    // files left by a run that did not shut down are read-only; Vault would fail on them
    for (const f of Object.values(files)) rmSync(f, { force: true });
    writeFileSync(files.caFile, ca.certPem, { mode: 0o444 });
    writeFileSync(files.certFile, leaf.certPem, { mode: 0o400 });
    writeFileSync(files.keyFile, sec1, { mode: 0o400 });
  } catch (e) {
    throw new ConfigError(goFsError('open', files.caFile, e));
  }
  return {
    dir, ...files, caPem: ca.certPem,
    cleanup() {
      for (const f of Object.values(files)) rmSync(f, { force: true });
      if (made) rmSync(dir, { recursive: true, force: true });
    },
  };
}
