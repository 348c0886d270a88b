// The logical sys/ paths around the unseal keys and root tokens (vault/logical_system_paths.go
// rekeyPaths and the `decode-token$` path; vault/logical_system.go handleRekeyRetrieve,
// handleRekeyDelete, handleGenerateRootDecodeTokenUpdate): the PGP backup of rekeyed shares, which
// minivault never takes (it refuses `backup`), so a read answers Vault's "none" error; and the
// unauthenticated decoding of a generate-root encoded token with its OTP.
import { ERR_REKEY_NO_BACKUP, errRekeyBackupDelete, errRekeyBackupLookup } from '../errors/barrier.js';
import { GoError, VaultError } from '../errors/vault-error.js';
import type { PathSpec } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import type { SysContext } from './sys-context.js';

// vault/logical_system.go sysHelp["rekey_backup"] (its description is the synopsis again)
const REKEY_BACKUP_HELP = 'Allows fetching or deleting the backup of the rotated unseal keys.';

async function retrieveBackup(sys: SysContext, recovery: boolean): Promise<LogicalResponse> {
  let backup: Record<string, unknown> | undefined;
  try {
    backup = await sys.seal.rekeyBackup(recovery);
  } catch (e) {
    throw new GoError(500, errRekeyBackupLookup((e as Error).message));
  }
  if (backup === undefined) throw new VaultError(400, ERR_REKEY_NO_BACKUP);
  return { data: { nonce: backup.nonce, keys: backup.keys, keys_base64: backup.keys_base64 } };
}

async function deleteBackup(sys: SysContext, recovery: boolean): Promise<null> {
  try {
    await sys.seal.rekeyDeleteBackup(recovery);
  } catch (e) {
    throw new GoError(500, errRekeyBackupDelete((e as Error).message));
  }
  return null;
}

function backupPath(sys: SysContext, pattern: string, recovery: boolean): PathSpec {
  return {
    pattern,
    operations: {
      read: { handler: async () => retrieveBackup(sys, recovery), summary: 'Return the backup copy of PGP-encrypted unseal keys.' },
      delete: { handler: async () => deleteBackup(sys, recovery), summary: 'Delete the backup copy of PGP-encrypted unseal keys.' },
    },
    helpSynopsis: REKEY_BACKUP_HELP,
    helpDescription: REKEY_BACKUP_HELP,
    notes: 'minivault takes no PGP backups (rekey refuses backup), so a read answers no backed-up keys found unless the storage came from Vault',
  };
}

// vault/logical_system.go sysHelp["generate-root"]
const GENERATE_ROOT_HELP = `This path responds to multiple HTTP methods which change the behavior. Those
HTTP methods are listed below.

    GET /attempt
        Reads the configuration and progress of the current root generation
        attempt.

    POST /attempt
        Initializes a new root generation attempt. Only a single root generation
        attempt can take place at a time. One (and only one) of otp or pgp_key
        are required.

    DELETE /attempt
        Cancels any in-progress root generation attempt. This clears any
        progress made. This must be called to change the OTP or PGP key being
        used.`;

export function keyPaths(sys: SysContext): PathSpec[] {
  return [
    {
      // Help only: requests for sys/generate-root/attempt never get here (core answers them raw),
      // and the bare sys/generate-root has no operations (405 after the token check).
      pattern: 'generate-root(/attempt)?$',
      operations: {},
      helpSynopsis: 'Reads, generates, or deletes a root token regeneration process.',
      helpDescription: GENERATE_ROOT_HELP,
    },
    backupPath(sys, 'rekey/backup$', false),
    backupPath(sys, 'rekey/recovery-key-backup$', true),
    {
      pattern: 'decode-token$',
      fields: {
        encoded_token: { type: 'string', description: 'Specifies the encoded token (result from generate-root).' },
        otp: { type: 'string', description: 'Specifies the otp code for decode.' },
      },
      // Vault's path has no help texts; the root help page needs a synopsis line, so its summary is used.
      helpSynopsis: 'Decodes the encoded token with the otp.',
      helpDescription: 'Decodes a root token encoded by sys/generate-root with the one-time password it was started with.',
      operations: {
        update: {
          summary: 'Decodes the encoded token with the otp.',
          // roottoken.DecodeToken with the OTP's own length: a non-empty OTP always takes the
          // current scheme. Its errors are plain Go errors on an unauthenticated path (500, bare).
          handler: async (_req, data) => {
            const otp = data.get<string>('otp');
            try {
              const { byteLength, decodeRootToken } = await import('../util/root-token.js');
              return { data: { token: decodeRootToken(data.get<string>('encoded_token'), otp, byteLength(otp)) } };
            } catch (e) {
              throw new GoError(500, (e as Error).message);
            }
          },
        },
      },
    },
  ];
}
