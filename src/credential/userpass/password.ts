// `users/:username/password` and the password rules every write shares (V builtin/credential/
// userpass/path_user_password.go pathUserPassword, pathUserPasswordUpdate, updateUserPassword,
// parsePasswordHash): `password` is bcrypt-hashed, `password_hash` (Vault 1.17+) is stored as
// given once it is 60 bytes with a $2a$/$2b$/$2y$ prefix. Vault 1.18's reset path reads the user
// case-insensitively but writes it back under the name as typed, and it drops internal errors
// (a malformed hash, an over-long password) so that the request answers 204 with nothing changed.
import { GoError, VaultError } from '../../errors/vault-error.js';
import {
  ERR_USERPASS_HASH_LENGTH, ERR_USERPASS_HASH_PREFIX, ERR_USERPASS_NO_SUCH_USER, ERR_USERPASS_PASSWORD_AND_HASH,
  ERR_USERPASS_PASSWORD_REQUIRED,
} from '../../errors/userpass.js';
import type { FieldData, FieldSchemas, PathSpec } from '../../framework/types.js';
import type { RandomSource } from '../../util/random.js';
import { BcryptError, generateFromPassword } from './bcrypt.js';
import type { UserEntry, UserStore } from './store.js';
import { genericNameRegex } from '../../framework/pattern.js';

export const USERNAME_PATTERN = genericNameRegex('username');

/** What the user paths need from the mount. */
export interface UserpassContext {
  readonly store: UserStore;
  readonly random: RandomSource;
}

export const USERNAME_FIELD = { type: 'string', description: 'Username for this user.' } as const;
export const PASSWORD_FIELD = { type: 'string', description: 'Password for this user.' } as const;
export const PASSWORD_HASH_FIELD = { type: 'string', description: 'Pre-hashed password in bcrypt format for this user.' } as const;

/** V path_user_password.go bcryptHashLength. */
const BCRYPT_HASH_LENGTH = 60;

/** V path_user_password.go parsePasswordHash: length (in bytes) first, then the version prefix. */
export function parsePasswordHash(hash: string): string {
  if (Buffer.byteLength(hash, 'utf8') !== BCRYPT_HASH_LENGTH) throw new BcryptError(ERR_USERPASS_HASH_LENGTH);
  if (!/^\$2[aby]\$/.test(hash)) throw new BcryptError(ERR_USERPASS_HASH_PREFIX);
  return hash;
}

/**
 * V path_user_password.go updateUserPassword, which answers (userErr, intErr): a user error
 * (both or neither field) is thrown as the 400 Vault gives it; an internal error (bad hash,
 * bcrypt's 72-byte limit) is returned for the caller to surface or, like Vault's reset path, drop.
 */
export async function updateUserPassword(data: FieldData, user: UserEntry, random: RandomSource): Promise<BcryptError | undefined> {
  const password = data.get<string>('password');
  const passwordHash = data.get<string>('password_hash');
  if (password !== '' && passwordHash !== '') throw new VaultError(400, ERR_USERPASS_PASSWORD_AND_HASH);
  if (password === '' && passwordHash === '') throw new VaultError(400, ERR_USERPASS_PASSWORD_REQUIRED);
  try {
    user.passwordHash = password !== '' ? await generateFromPassword(password, random) : parsePasswordHash(passwordHash);
  } catch (e) {
    if (e instanceof BcryptError) return e;
    throw e;
  }
  return undefined;
}

const FIELDS: FieldSchemas = { username: USERNAME_FIELD, password: PASSWORD_FIELD, password_hash: PASSWORD_HASH_FIELD };

export function pathUserPassword(ctx: () => UserpassContext): PathSpec {
  return {
    pattern: `users/${USERNAME_PATTERN}/password$`,
    fields: FIELDS,
    operations: {
      // V path_user_password.go pathUserPasswordUpdate
      update: async (_req, data) => {
        const { store, random } = ctx();
        const username = data.get<string>('username');
        const user = await store.get(username);
        if (user === undefined) throw new GoError(500, ERR_USERPASS_NO_SUCH_USER);
        // Vault returns the (nil) lookup error instead of the internal one: 204, nothing stored.
        if ((await updateUserPassword(data, user, random)) !== undefined) return null;
        await store.put(username, user);
        return null;
      },
    },
    helpSynopsis: "Reset user's password.",
    helpDescription: "This endpoint allows resetting the user's password.",
  };
}
