// sys/init's request and writes (vault/init.go Initialize; http/sys_init.go), made crash-safe.
// Vault writes the keyring, the seal configuration and the stored keys one after another; a crash
// in between leaves storage that is "already initialized" yet opens with no key, and the client
// never received any share. minivault records an init intent first and removes it last, after
// the seal configuration (the write that makes the vault initialized) and the root token; while
// the intent stands the vault counts as uninitialized, and the next init wipes the half-written
// storage (nothing else can be in it: init refuses an initialized vault) and starts over.
import type { Storage } from '../storage/types.js';
import { VaultError } from '../errors/vault-error.js';
import { ERR_SEAL_PGP_UNSUPPORTED, errSealInvalidConfig, errSealParamsNotApplicable } from '../errors/barrier.js';
import { newSealConfig, validateSealConfig, type SealConfig } from './seal-config.js';
import { intField, stringListField } from './request-fields.js';

export const INIT_INTENT_PATH = 'core/minivault-init-intent';

/** sys/init request body (Shamir fields; recovery fields are refused when non-zero, as Vault does). */
export interface InitRequest {
  secret_shares?: number;
  secret_threshold?: number;
  pgp_keys?: string[] | null;
  stored_shares?: number;
  recovery_shares?: number;
  recovery_threshold?: number;
  recovery_pgp_keys?: string[] | null;
}

/** The seal configuration an init request asks for, validated as vault/init.go does (400s). */
export function initSealConfig(req: InitRequest): SealConfig {
  const S = 'InitRequest';
  const config = newSealConfig(intField(req.secret_shares, S, 'secret_shares'), intField(req.secret_threshold, S, 'secret_threshold'));
  config.pgp_keys = stringListField(req.pgp_keys, S, 'pgp_keys');
  intField(req.stored_shares, S, 'stored_shares'); // Shamir always stores exactly one key (stored_shares 1)
  const recovery = [
    ['recovery_shares', intField(req.recovery_shares, S, 'recovery_shares') !== 0],
    ['recovery_threshold', intField(req.recovery_threshold, S, 'recovery_threshold') !== 0],
    ['recovery_pgp_keys', (stringListField(req.recovery_pgp_keys, S, 'recovery_pgp_keys') ?? []).length > 0],
  ].filter(([, set]) => set).map(([name]) => name as string);
  if (recovery.length > 0) throw new VaultError(400, errSealParamsNotApplicable(recovery));
  const invalid = validateSealConfig(config);
  if (invalid !== undefined) throw new VaultError(400, errSealInvalidConfig(invalid));
  if ((config.pgp_keys ?? []).length > 0) throw new VaultError(400, ERR_SEAL_PGP_UNSUPPORTED);
  config.pgp_keys = null;
  return config;
}

/** True while an init that never finished left its intent behind. */
export async function initPending(storage: Storage): Promise<boolean> {
  return (await storage.get(INIT_INTENT_PATH)) !== undefined;
}

/** Records an init in flight, first wiping whatever an unfinished one wrote. */
export async function beginInit(storage: Storage): Promise<void> {
  if (await initPending(storage)) await wipe(storage, '');
  await storage.put(INIT_INTENT_PATH, new TextEncoder().encode('{"op":"init"}'));
}

export async function finishInit(storage: Storage): Promise<void> {
  await storage.delete(INIT_INTENT_PATH);
}

/** Deletes every key under `prefix` but the intent itself (it goes when the init finishes). */
async function wipe(storage: Storage, prefix: string): Promise<void> {
  for (const name of await storage.list(prefix)) {
    const key = prefix + name;
    if (name.endsWith('/')) await wipe(storage, key);
    else if (key !== INIT_INTENT_PATH) await storage.delete(key);
  }
}
