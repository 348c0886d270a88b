// The PGP-encrypted backup of rekeyed shares (vault/rekey.go RekeyRetrieveBackup,
// RekeyDeleteBackup; vault/logical_system.go handleRekeyRetrieve, handleRekeyDelete). Vault keeps
// it in physical storage, outside the barrier, at `core/unseal-keys-backup` (recovery keys:
// `core/recovery-keys-backup`) as the JSON of its RekeyBackup struct (`{"Nonce", "Keys"}`, keys
// hex per PGP fingerprint). minivault refuses `backup` (it takes no pgp_keys), so it never writes
// one; a storage carried over from Vault may hold one, and it is read and deleted as Vault does.
import type { Storage } from '../storage/types.js';
import { errRekeyBackupHex } from '../errors/barrier.js';
import { encodeBase64 } from '../shamir/encoding.js';

export const BARRIER_KEYS_BACKUP_PATH = 'core/unseal-keys-backup';
export const RECOVERY_KEYS_BACKUP_PATH = 'core/recovery-keys-backup';

/** GET sys/rekey/backup's data: `keys_base64` is computed from the stored hex. */
export interface RekeyBackupData {
  nonce: string;
  keys: Record<string, string[]>;
  keys_base64: Record<string, string[]>;
}

const backupPath = (recovery: boolean) => (recovery ? RECOVERY_KEYS_BACKUP_PATH : BARRIER_KEYS_BACKUP_PATH);

/** Go's hex.DecodeString, with its error texts (the first bad byte wins over an odd length). */
function goHexDecode(s: string): Uint8Array {
  const bad = /[^0-9a-fA-F]/.exec(s);
  if (bad !== null) {
    const cp = bad[0].codePointAt(0)!;
    throw new Error(`encoding/hex: invalid byte: U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${bad[0]}'`);
  }
  if (s.length % 2 === 1) throw new Error('encoding/hex: odd length hex string');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The stored backup, or undefined when none was taken. Errors carry Go's text (callers wrap them). */
export async function readRekeyBackup(storage: Storage, recovery: boolean): Promise<RekeyBackupData | undefined> {
  const raw = await storage.get(backupPath(recovery));
  if (raw === undefined) return undefined;
  const parsed = JSON.parse(new TextDecoder().decode(raw)) as { Nonce?: unknown; Keys?: unknown };
  const keys: Record<string, string[]> = {};
  const keysBase64: Record<string, string[]> = {};
  if (typeof parsed.Keys === 'object' && parsed.Keys !== null) {
    for (const [fingerprint, list] of Object.entries(parsed.Keys as Record<string, unknown>)) {
      const hexes = Array.isArray(list) ? list.map(String) : [];
      keys[fingerprint] = hexes;
      keysBase64[fingerprint] = hexes.map((h) => {
        try {
          return encodeBase64(goHexDecode(h));
        } catch (e) {
          throw new Error(errRekeyBackupHex((e as Error).message));
        }
      });
    }
  }
  return { nonce: typeof parsed.Nonce === 'string' ? parsed.Nonce : '', keys, keys_base64: keysBase64 };
}

/** Deletes the backup (a no-op when there is none). */
export async function deleteRekeyBackup(storage: Storage, recovery: boolean): Promise<void> {
  await storage.delete(backupPath(recovery));
}
