// The KV engine's mount factory (KV backend.go Factory): the mount option `version` picks KV v2
// ("2") or the passthrough engine ("1" or none); any other value is Vault's nil backend.
import type { Backend, BackendConfig } from '../../logical/types.js';
import { createKvBackend } from './index.js';

export function factory(config: BackendConfig): Backend | undefined {
  const version = config.options?.version ?? '';
  if (version !== '' && version !== '1' && version !== '2') return undefined;
  return createKvBackend({
    storage: config.storage, clock: config.clock, random: config.random, version,
    defaultLeaseTtl: () => config.system.defaultLeaseTtl(),
  });
}
