// TLS for the test fake: `startVault({ tls: true })` serves https with a CA made for the run (as
// `vault server -dev-tls` does), hands the CA PEM and a VAULT_CACERT file to the test, issues
// client certificates from the same CA, and makes https requests that present one, so tests of
// TLS clients and of the `cert` auth method need no certificate tooling of their own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TlsOptions } from '../http/tls.js';
import { createTlsCa } from '../x509/dev-certs.js';

export interface TestTlsOptions {
  /** Refuse connections without a client certificate from the CA (tls_require_and_verify_client_cert). */
  requireClientCert?: boolean;
}

export interface ClientCert {
  certPem: string;
  keyPem: string;
  /** DER of the certificate, as the server hands it to the request. */
  der: Uint8Array;
}

export interface TlsRequestOptions {
  /** JSON body. */
  data?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** Present this client certificate. */
  clientCert?: { certPem: string; keyPem: string };
}

export interface TlsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or the text when it is not JSON, or undefined when empty. */
  body: unknown;
}

export interface StartedTls {
  /** PEM of the CA that signed the server (and client) certificates. */
  caPem: string;
  /** A file holding caPem (what VAULT_CACERT points at); removed on close. */
  caFile: string;
  /** A client certificate signed by the CA (clientAuth; common name default `client`). */
  issueClientCert(options?: { commonName?: string; dnsNames?: string[]; ttlSeconds?: number }): Promise<ClientCert>;
  /** An https request to `/v1/<path>` trusting the CA, optionally with a client certificate. */
  request(method: string, path: string, options?: TlsRequestOptions): Promise<TlsResponse>;
}

export interface TestTls {
  serverOptions: TlsOptions;
  /** Completes `request` once the server's URL is known. */
  bind(url: string): StartedTls;
  cleanup(): void;
}

export async function createTestTls(options: TestTlsOptions = {}): Promise<TestTls> {
  const ca = createTlsCa('minivault test CA');
  const server = ca.issue({ commonName: 'localhost', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1', '::1'], usage: ['server', 'client'] });
  const dir = mkdtempSync(join(tmpdir(), 'minivault-tls-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.certPem);
  const serverOptions: TlsOptions = {
    cert: server.certPem, key: server.keyPem, minVersion: 'TLSv1.2',
    requestCert: true, rejectUnauthorized: options.requireClientCert === true,
    ...(options.requireClientCert ? { ca: ca.certPem } : {}),
  };
  return {
    serverOptions,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
    bind(url: string): StartedTls {
      return {
        caPem: ca.certPem,
        caFile,
        async issueClientCert(o = {}) {
          const leaf = ca.issue({ commonName: o.commonName ?? 'client', dnsNames: o.dnsNames, ttlSeconds: o.ttlSeconds, usage: ['client'] });
          return { certPem: leaf.certPem, keyPem: leaf.keyPem, der: leaf.der };
        },
        request: (method, path, o = {}) => tlsRequest(url, ca.certPem, method, path, o),
      };
    },
  };
}

function tlsRequest(base: string, caPem: string, method: string, path: string, o: TlsRequestOptions): Promise<TlsResponse> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers['X-Vault-Token'] = o.token;
  const payload = o.data === undefined ? undefined : JSON.stringify(o.data);
  if (payload !== undefined) headers['Content-Type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(`/v1/${path.replace(/^\/+/, '')}`, base), {
      method, headers, ca: caPem, agent: false,
      ...(o.clientCert ? { cert: o.clientCert.certPem, key: o.clientCert.keyPem } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          body = text;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
