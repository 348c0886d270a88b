// `config` (read, update) of the Kubernetes auth method (K8S path_config.go pathConfig,
// pathConfigRead, pathConfigWrite, parsePublicKeyPEM, kubeConfig; backend.go updateTLSConfig,
// loadConfig), vault-plugin-auth-kubernetes v0.20.0 as Vault 1.18.1 bundles it. A write replaces
// the whole config (every field read with its default). With neither `kubernetes_ca_cert` nor
// `disable_local_ca_jwt`, the pod's CA file is read, as the plugin does: outside a pod that fails.
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  ERR_K8S_CA_NO_CERTS, ERR_K8S_NO_HOST, ERR_K8S_NO_PUBLIC_KEYS, ERR_X509_MALFORMED_CERTIFICATE, errGoOpen, errGoOpenNoSuchFile,
  K8S_LOCAL_CA_PATH, K8S_LOCAL_JWT_PATH,
} from '../../errors/kubernetes.js';
import { VaultError } from '../../errors/vault-error.js';
import type { FieldData, FieldSchemas, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';

/** The stored config, with kubeConfig's JSON keys. */
export interface KubeConfig {
  pem_keys: string[];
  host: string;
  ca_cert: string;
  token_reviewer_jwt: string;
  issuer: string;
  disable_iss_validation: boolean;
  disable_local_ca_jwt: boolean;
  use_annotations_as_alias_metadata: boolean;
}

const CONFIG_KEY = 'config';

async function storedConfig(storage: Storage): Promise<KubeConfig | undefined> {
  const bytes = await storage.get(CONFIG_KEY);
  return bytes === undefined ? undefined : JSON.parse(new TextDecoder().decode(bytes)) as KubeConfig;
}

/** Go's pem.Decode over a bundle: every block's type and DER bytes. */
export function pemBlocks(text: string): Array<{ type: string; der: Buffer }> {
  const out: Array<{ type: string; der: Buffer }> = [];
  const re = /-----BEGIN ([^-\r\n]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (const m of text.matchAll(re)) {
    const body = m[2]!.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) continue;
    out.push({ type: m[1]!, der: Buffer.from(body, 'base64') });
  }
  return out;
}

/** parsePublicKeyPEM: the first block as a PKIX key or a certificate's key; RSA or ECDSA only. */
export function parsePublicKeyPem(pem: string): KeyObject {
  const block = pemBlocks(pem)[0];
  if (block !== undefined) {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: block.der, format: 'der', type: 'spki' });
    } catch {
      try {
        key = new X509Certificate(block.der).publicKey;
      } catch {
        throw new Error(ERR_X509_MALFORMED_CERTIFICATE);
      }
    }
    if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'ec') return key;
  }
  throw new Error(ERR_K8S_NO_PUBLIC_KEYS);
}

/** Go's os.ReadFile as the plugin's caching file reader reports it. */
async function readLocal(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(errGoOpenNoSuchFile(path));
    throw new Error(errGoOpen(path, (e as Error).message));
  }
}

/**
 * loadConfig: the stored config, completed from the pod when local defaults are not disabled: the
 * service account token when no reviewer JWT is set (a read failure is ignored: the login JWT is
 * then the bearer), the CA file when no CA is set (a read failure is the login's error).
 */
export async function loadConfig(storage: Storage): Promise<KubeConfig | undefined> {
  const config = await storedConfig(storage);
  if (config === undefined || config.disable_local_ca_jwt) return config;
  if (config.token_reviewer_jwt === '') config.token_reviewer_jwt = await readLocal(K8S_LOCAL_JWT_PATH).catch(() => '');
  if (config.ca_cert === '') config.ca_cert = await readLocal(K8S_LOCAL_CA_PATH);
  return config;
}

const CONFIG_FIELDS: FieldSchemas = {
  kubernetes_host: { type: 'string', description: 'Host must be a host string, a host:port pair, or a URL to the base of the Kubernetes API server.' },
  kubernetes_ca_cert: { type: 'string', description: 'Optional PEM encoded CA cert for use by the TLS client used to talk with the API. \nIf it is not set and disable_local_ca_jwt is true, the system\'s trusted CA certificate pool will be used.' },
  token_reviewer_jwt: { type: 'string', description: 'A service account JWT (or other token) used as a bearer token to access the\nTokenReview API to validate other JWTs during login. If not set\nthe JWT used for login will be used to access the API.' },
  pem_keys: { type: 'comma_string_slice', description: 'Optional list of PEM-formated public keys or certificates\nused to verify the signatures of kubernetes service account\nJWTs. If a certificate is given, its public key will be\nextracted. Not every installation of Kubernetes exposes these keys.' },
  issuer: { type: 'string', deprecated: true, description: 'Optional JWT issuer. If no issuer is specified,\nthen this plugin will use kubernetes.io/serviceaccount as the default issuer.\n(Deprecated, will be removed in a future release)' },
  disable_iss_validation: { type: 'bool', default: true, deprecated: true, description: 'Disable JWT issuer validation (Deprecated, will be removed in a future release)' },
  disable_local_ca_jwt: { type: 'bool', default: false, description: 'Disable defaulting to the local CA cert and service account JWT when running in a Kubernetes pod' },
  use_annotations_as_alias_metadata: { type: 'bool', default: false, description: 'Use annotations from the client token\'s\nassociated service account as alias metadata for the Vault entity.\nOnly annotations with the prefix "vault.hashicorp.com/alias-metadata-"\nwill be used. Note that Vault will need permission to read service\naccounts from the Kubernetes API.' },
};

/** pathConfigWrite, checks in the plugin's order; nothing is stored unless all pass. */
async function pathConfigWrite(storage: Storage, data: FieldData): Promise<LogicalResponse | null> {
  const host = data.get<string>('kubernetes_host');
  if (host === '') throw new VaultError(400, ERR_K8S_NO_HOST);
  const config: KubeConfig = {
    pem_keys: [...data.get<string[]>('pem_keys')],
    host,
    ca_cert: data.get<string>('kubernetes_ca_cert'),
    token_reviewer_jwt: data.get<string>('token_reviewer_jwt'),
    issuer: data.get<string>('issuer'),
    disable_iss_validation: data.get<boolean>('disable_iss_validation'),
    disable_local_ca_jwt: data.get<boolean>('disable_local_ca_jwt'),
    use_annotations_as_alias_metadata: data.get<boolean>('use_annotations_as_alias_metadata'),
  };
  // hasCerts: any PEM block at all counts (the plugin does not parse them here).
  if (config.ca_cert !== '' && pemBlocks(config.ca_cert).length === 0) throw new VaultError(400, ERR_K8S_CA_NO_CERTS);
  for (const pem of config.pem_keys) {
    try {
      parsePublicKeyPem(pem);
    } catch (e) {
      throw new VaultError(400, (e as Error).message);
    }
  }
  // updateTLSConfig: without a CA and with local defaults on, the pod's CA file must be readable.
  if (config.ca_cert === '' && !config.disable_local_ca_jwt) {
    try {
      await readLocal(K8S_LOCAL_CA_PATH);
    } catch (e) {
      throw new VaultError(400, (e as Error).message);
    }
  }
  await storage.put(CONFIG_KEY, new TextEncoder().encode(JSON.stringify(config)));
  return null;
}

/** pathConfigRead: Go map order; the reviewer JWT itself never leaves the backend. */
async function pathConfigRead(storage: Storage): Promise<LogicalResponse | null> {
  const c = await storedConfig(storage);
  if (c === undefined) return null;
  return {
    data: {
      disable_iss_validation: c.disable_iss_validation,
      disable_local_ca_jwt: c.disable_local_ca_jwt,
      issuer: c.issuer,
      kubernetes_ca_cert: c.ca_cert,
      kubernetes_host: c.host,
      pem_keys: c.pem_keys,
      token_reviewer_jwt_set: c.token_reviewer_jwt !== '',
      use_annotations_as_alias_metadata: c.use_annotations_as_alias_metadata,
    },
  };
}

export function pathConfig(storage: () => Storage): PathSpec {
  return {
    pattern: 'config$',
    fields: CONFIG_FIELDS,
    operations: {
      update: { handler: (_req, data) => pathConfigWrite(storage(), data), summary: 'Configures the JWT Public Key and Kubernetes API information.' },
      read: { handler: () => pathConfigRead(storage()), summary: 'Configures the JWT Public Key and Kubernetes API information.' },
    },
    helpSynopsis: 'Configures the JWT Public Key and Kubernetes API information.',
    helpDescription: `The Kubernetes Auth backend validates service account JWTs and verifies their
existence with the Kubernetes TokenReview API. This endpoint configures the
public key used to validate the JWT signature and the necessary information to
access the Kubernetes API.`,
  };
}
