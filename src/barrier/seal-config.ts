// The Shamir seal configuration (vault/seal.go SealConfig): validated on init and rekey, stored
// in plaintext outside the barrier at `core/seal-config` with Vault's JSON field names:
//   {"type":"shamir","secret_shares":5,"secret_threshold":3,"pgp_keys":null,"nonce":"","backup":false,"stored_shares":1}
import type { Storage } from '../storage/types.js';
import {
  ERR_SEAL_PGP_COUNT, ERR_SEAL_SHARES_MAX, ERR_SEAL_SHARES_MIN, ERR_SEAL_STORED_SHARES,
  ERR_SEAL_THRESHOLD_GT_SHARES, ERR_SEAL_THRESHOLD_MAX, ERR_SEAL_THRESHOLD_MIN, ERR_SEAL_THRESHOLD_MULTI,
} from '../errors/barrier.js';

export const SEAL_CONFIG_PATH = 'core/seal-config';
export const SEAL_TYPE_SHAMIR = 'shamir';

export interface SealConfig {
  type: string;
  secret_shares: number;
  secret_threshold: number;
  pgp_keys: string[] | null;
  nonce: string;
  backup: boolean;
  stored_shares: number;
}

/** SealConfig.Validate: the first failing rule's message, or undefined when valid. */
export function validateSealConfig(c: Pick<SealConfig, 'secret_shares' | 'secret_threshold' | 'stored_shares' | 'pgp_keys'>): string | undefined {
  if (c.secret_shares < 1) return ERR_SEAL_SHARES_MIN;
  if (c.secret_threshold < 1) return ERR_SEAL_THRESHOLD_MIN;
  if (c.secret_shares > 1 && c.secret_threshold === 1) return ERR_SEAL_THRESHOLD_MULTI;
  if (c.secret_shares > 255) return ERR_SEAL_SHARES_MAX;
  if (c.secret_threshold > 255) return ERR_SEAL_THRESHOLD_MAX;
  if (c.secret_threshold > c.secret_shares) return ERR_SEAL_THRESHOLD_GT_SHARES;
  if (c.stored_shares > 1) return ERR_SEAL_STORED_SHARES;
  const pgp = c.pgp_keys ?? [];
  if (pgp.length > 0 && pgp.length !== c.secret_shares) return ERR_SEAL_PGP_COUNT;
  return undefined;
}

export function newSealConfig(shares: number, threshold: number): SealConfig {
  return {
    type: SEAL_TYPE_SHAMIR, secret_shares: shares, secret_threshold: threshold,
    pgp_keys: null, nonce: '', backup: false, stored_shares: 1,
  };
}

/** Go's json.Marshal of SealConfig, fields in struct order. */
export function serializeSealConfig(c: SealConfig): Uint8Array {
  const ordered = {
    type: c.type, secret_shares: c.secret_shares, secret_threshold: c.secret_threshold,
    pgp_keys: c.pgp_keys, nonce: c.nonce, backup: c.backup, stored_shares: c.stored_shares,
  };
  return new TextEncoder().encode(JSON.stringify(ordered));
}

export async function readSealConfig(storage: Storage): Promise<SealConfig | undefined> {
  const raw = await storage.get(SEAL_CONFIG_PATH);
  if (raw === undefined) return undefined;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(new TextDecoder().decode(raw)) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`failed to decode seal configuration: ${(e as Error).message}`);
  }
  const int = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) ? v : 0);
  return {
    type: typeof o.type === 'string' && o.type !== '' ? o.type : SEAL_TYPE_SHAMIR,
    secret_shares: int(o.secret_shares),
    secret_threshold: int(o.secret_threshold),
    pgp_keys: Array.isArray(o.pgp_keys) ? o.pgp_keys.filter((k): k is string => typeof k === 'string') : null,
    nonce: typeof o.nonce === 'string' ? o.nonce : '',
    backup: o.backup === true,
    stored_shares: int(o.stored_shares),
  };
}

export async function writeSealConfig(storage: Storage, c: SealConfig): Promise<void> {
  await storage.put(SEAL_CONFIG_PATH, serializeSealConfig(c));
}
