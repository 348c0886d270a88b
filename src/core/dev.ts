// What `vault server -dev` does before it listens (command/server.go enableDev): initialise with a
// single unseal key, unseal, and mount KV version 2 at secret/. The root token id may be chosen
// (-dev-root-token-id).
import { VaultError } from '../errors/vault-error.js';
import type { Core } from './core.js';

export interface DevInit {
  rootToken: string;
  unsealKey: string;
  unsealKeys: string[];
}

export async function initDev(core: Core, opts: { rootTokenId?: string; shares?: number; threshold?: number } = {}): Promise<DevInit> {
  const shares = opts.shares ?? 1;
  const threshold = opts.threshold ?? 1;
  const init = await core.initialize({ secret_shares: shares, secret_threshold: threshold }, opts.rootTokenId);
  for (const key of init.keys_base64.slice(0, threshold)) {
    const res = await core.handle({ operation: 'update', path: 'sys/unseal', data: { key } });
    if (res.status !== 200) throw new VaultError(res.status, 'dev unseal failed');
  }
  const mounted = await core.handle({
    operation: 'update', path: 'sys/mounts/secret', token: init.root_token,
    data: { type: 'kv', options: { version: '2' }, description: 'key/value secret storage' },
  });
  if (mounted.status >= 300) throw new VaultError(mounted.status, 'dev mount of secret/ failed');
  return { rootToken: init.root_token, unsealKey: init.keys_base64[0]!, unsealKeys: init.keys_base64 };
}
