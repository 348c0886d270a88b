// The KV engine's mount factory (KV backend.go Factory): the mount option `version` picks KV v2
// ("2") or the passthrough engine ("1" or none); any other value is Vault's nil backend. A v2
// mount whose storage still holds passthrough entries (tuned from version 1) is upgraded first.
import type { Backend, BackendConfig } from '../../logical/types.js';
import { KvBackend } from './backend.js';
import { upgradeToVersioned } from './upgrade.js';
import { KvV1Backend } from './v1.js';

export async function factory(config: BackendConfig): Promise<Backend | undefined> {
  const version = config.options?.version ?? '';
  if (version !== '' && version !== '1' && version !== '2') return undefined;
  if (version !== '2') {
    return new KvV1Backend({
      storage: config.storage, defaultLeaseTtl: () => config.system.defaultLeaseTtl(), leased: config.options?.leased_passthrough === 'true',
    });
  }
  const backend = new KvBackend({ storage: config.storage, clock: config.clock, random: config.random });
  await upgradeToVersioned(config.storage, backend);
  return backend;
}
