// Crash safety of a barrier rekey (minivault's own; Vault has no equivalent: vault/rekey.go
// performBarrierRekey writes the stored keys, the keyring, core/shamir-kek and the seal config one
// after another, and a crash in between can leave a vault no share set opens).
//
// Before the first key file changes, the rekey records an intent outside the barrier: both seal
// configurations and the *new* root key sealed under the *old* unseal key (ciphertext only). From
// then on whichever share set the operator holds opens the vault: the old unseal key reaches the
// new root key through the intent (and the old root key through the stored keys until those are
// replaced), the new unseal key reaches it through the stored keys once written; the keyring is
// written atomically under exactly one of the two root keys. The intent is removed once the
// client has its answer (or at the next seal); after a crash it stays until the next unseal, which
// settles on the side whose shares were used: it rewrites the stored keys, core/shamir-kek and
// the seal configuration for that side, then removes the intent. Nothing is decided at start-up:
// only the shares tell which side the operator has.
import type { Storage } from '../storage/types.js';
import type { RandomSource } from '../util/random.js';
import { VaultError } from '../errors/vault-error.js';
import { errRekeyIntentDecode } from '../errors/barrier.js';
import { encodeBase64 } from '../shamir/encoding.js';
import type { Aead } from './aead.js';
import { decodeBase64Std } from './encoding.js';
import { decodeStoredKeys, encodeStoredKeys, STORED_BARRIER_KEYS_PATH, StoredKeysAuthError } from './stored-keys.js';
import type { SealConfig } from './seal-config.js';

export const REKEY_INTENT_PATH = 'core/minivault-rekey-intent';

export interface RekeyIntent {
  /** The rekey's nonce, so an acknowledgement removes only its own intent. */
  nonce: string;
  oldConfig: SealConfig;
  newConfig: SealConfig;
  /** The new root key under the old unseal key (stored-keys format). */
  oldKeys: Uint8Array;
}

export type RekeySide = 'old' | 'new';

export function encodeRekeyIntent(i: RekeyIntent): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({
    op: 'rekey', nonce: i.nonce, old_config: i.oldConfig, new_config: i.newConfig, old_keys: encodeBase64(i.oldKeys),
  }));
}

export async function readRekeyIntent(storage: Storage): Promise<RekeyIntent | undefined> {
  const raw = await storage.get(REKEY_INTENT_PATH);
  if (raw === undefined) return undefined;
  try {
    const o = JSON.parse(new TextDecoder().decode(raw)) as Record<string, unknown>;
    const oldKeys = typeof o.old_keys === 'string' ? decodeBase64Std(o.old_keys) : undefined;
    if (o.op !== 'rekey' || typeof o.nonce !== 'string' || oldKeys === undefined) throw new Error('unexpected fields');
    return { nonce: o.nonce, oldConfig: asConfig(o.old_config), newConfig: asConfig(o.new_config), oldKeys };
  } catch (e) {
    throw new VaultError(500, errRekeyIntentDecode((e as Error).message));
  }
}

function asConfig(v: unknown): SealConfig {
  const o = v as Partial<SealConfig> | null;
  if (typeof o !== 'object' || o === null || !Number.isInteger(o.secret_shares) || !Number.isInteger(o.secret_threshold)) {
    throw new Error('bad seal configuration');
  }
  return {
    type: String(o.type ?? 'shamir'), secret_shares: o.secret_shares!, secret_threshold: o.secret_threshold!,
    pgp_keys: Array.isArray(o.pgp_keys) ? o.pgp_keys.map(String) : null, nonce: String(o.nonce ?? ''),
    backup: o.backup === true, stored_shares: Number.isInteger(o.stored_shares) ? o.stored_shares! : 1,
  };
}

/** The thresholds at which collected shares are tried while `intent` is pending: both sides', ascending. */
export function pendingThresholds(intent: RekeyIntent): number[] {
  return [...new Set([intent.oldConfig.secret_threshold, intent.newConfig.secret_threshold])].sort((a, b) => a - b);
}

/**
 * The side `kek` belongs to and the root keys it reaches, most recent first: the old unseal key
 * opens the intent (the new root key) and, until they are replaced, the stored keys (the old root
 * key); the new one opens only the stored keys. Undefined when it opens neither.
 */
export function rootKeysFor(aead: Aead, kek: Uint8Array, stored: Uint8Array | undefined, intent: RekeyIntent): { side: RekeySide; roots: Uint8Array[] } | undefined {
  const viaIntent = tryOpen(aead, kek, intent.oldKeys);
  const viaStored = stored === undefined ? [] : tryOpen(aead, kek, stored);
  const roots = [...viaIntent, ...viaStored];
  if (roots.length === 0) return undefined;
  return { side: viaIntent.length > 0 ? 'old' : 'new', roots };
}

function tryOpen(aead: Aead, kek: Uint8Array, blob: Uint8Array): Uint8Array[] {
  try {
    const keys = decodeStoredKeys(aead, kek, blob);
    if (keys.length === 1) return keys;
    for (const k of keys) k.fill(0);
    return [];
  } catch (e) {
    if (e instanceof StoredKeysAuthError) return [];
    throw e;
  }
}

/** What settling a pending rekey writes through. */
export interface SettleHost {
  storage: Storage;
  aead: Aead;
  random: RandomSource;
  /** Encrypts through the (unsealed) barrier: core/shamir-kek. */
  putSealKey(kek: Uint8Array): Promise<void>;
  setSealConfig(c: SealConfig): Promise<void>;
}

/**
 * Makes `side` the only one: the root key in use under `kek`, `kek` as the seal key, that side's
 * configuration, then the intent removed (last, so a crash here settles again at the next unseal).
 */
export async function settleRekey(host: SettleHost, intent: RekeyIntent, side: RekeySide, kek: Uint8Array, root: Uint8Array): Promise<void> {
  await host.storage.put(STORED_BARRIER_KEYS_PATH, encodeStoredKeys(host.aead, kek, [root], host.random));
  await host.putSealKey(kek);
  await host.setSealConfig({ ...(side === 'old' ? intent.oldConfig : intent.newConfig) });
  await host.storage.delete(REKEY_INTENT_PATH);
}
