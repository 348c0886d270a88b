// TLS material for Vault clients, read as Vault's Go API client reads it (api/client.go
// ConfigureTLS and ReadEnvironment over hashicorp/go-rootcerts): VAULT_CACERT / -ca-cert (one PEM
// file, winning over) VAULT_CAPATH / -ca-path (every file of a directory), VAULT_CLIENT_CERT and
// VAULT_CLIENT_KEY / -client-cert and -client-key (together or not at all). Used by the CLI and by
// the sidecar client, whose https requests then go through node:https with this material.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { FetchLike } from './transport.js';

export interface ClientTlsMaterial {
  /** One CA (VAULT_CACERT) or the certificates of a directory (VAULT_CAPATH). */
  caCert?: Buffer | Buffer[];
  clientCert?: Buffer;
  clientKey?: Buffer;
}

const goFs = (path: string, e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  return `open ${path}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`;
};
const hasPem = (b: Buffer): boolean => /-----BEGIN CERTIFICATE-----/.test(b.toString('latin1'));

export interface ClientTlsFiles {
  caCert?: string;
  caPath?: string;
  clientCert?: string;
  clientKey?: string;
}

/**
 * api/client.go ConfigureTLS over go-rootcerts: -ca-cert wins over -ca-path; a directory's files
 * are all read (each must hold PEM); client certificate and key come together. Throws Error with
 * the Go texts (`Error loading CA File: …`, `both client cert and client key must be provided`).
 */
export function loadClientTls(files: ClientTlsFiles): ClientTlsMaterial {
  const out: ClientTlsMaterial = {};
  if (files.caCert) {
    let pem: Buffer;
    try {
      pem = readFileSync(files.caCert);
    } catch (e) {
      throw new Error(`Error loading CA File: ${goFs(files.caCert, e)}`);
    }
    if (!hasPem(pem)) throw new Error(`Error loading CA File: Couldn't parse PEM in: ${files.caCert}`);
    out.caCert = pem;
  } else if (files.caPath) {
    const pems: Buffer[] = [];
    const walk = (path: string): void => {
      if (statSync(path).isDirectory()) {
        for (const name of readdirSync(path).sort()) walk(join(path, name));
        return;
      }
      let pem: Buffer;
      try {
        pem = readFileSync(path);
      } catch (e) {
        throw new Error(`Error loading file from CAPath: ${goFs(path, e)}`);
      }
      if (!hasPem(pem)) throw new Error(`Error loading CA Path: Couldn't parse PEM in: ${path}`);
      pems.push(pem);
    };
    try {
      walk(files.caPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code) throw new Error(`Error loading CA Path: ${goFs(files.caPath, e).replace(/^open/, 'lstat')}`);
      throw e;
    }
    out.caCert = pems;
  }
  if (files.clientCert && files.clientKey) {
    const read = (p: string): Buffer => {
      try {
        return readFileSync(p);
      } catch (e) {
        throw new Error(goFs(p, e));
      }
    };
    out.clientCert = read(files.clientCert);
    out.clientKey = read(files.clientKey);
    try {
      createSecureContext({ cert: out.clientCert, key: out.clientKey });
    } catch (e) {
      throw new Error((e as NodeJS.ErrnoException).code?.includes('KEY_VALUES_MISMATCH') ? 'tls: private key does not match public key' : 'tls: failed to find any PEM data in certificate input');
    }
  } else if (files.clientCert || files.clientKey) {
    throw new Error('both client cert and client key must be provided');
  }
  return out;
}


/** A FetchLike over node:https with this material (and certificate checks off when skipVerify). */
export function httpsFetch(material: ClientTlsMaterial & { skipVerify?: boolean }): FetchLike {
  const agent = new https.Agent({
    keepAlive: true,
    rejectUnauthorized: !material.skipVerify,
    ...(material.caCert ? { ca: material.caCert } : {}),
    ...(material.clientCert && material.clientKey ? { cert: material.clientCert, key: material.clientKey } : {}),
  });
  return (url, init) => new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method, headers: init.headers, agent, signal: init.signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, text: async () => text });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
