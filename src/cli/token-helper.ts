// The CLI's default token helper (Vault command/token/helper_internal.go InternalTokenHelper):
// the token lives in ~/.vault-token. Reading trims whitespace and treats a missing file as no
// token; storing writes the bare token (no newline) with mode 0600 to ~/.vault-token.tmp and
// renames it over the old file, so a reader never sees half a token. External helpers
// (`token_helper` in ~/.vault) are not supported.
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** ~/.vault-token for this environment, or undefined when no home directory is known. */
export function tokenPath(env: Record<string, string | undefined>): string | undefined {
  const home = env.HOME ?? env.USERPROFILE;
  return home ? join(home, '.vault-token') : undefined;
}

/** The stored token, trimmed; undefined when there is none. */
export function readStoredToken(env: Record<string, string | undefined>): string | undefined {
  const path = tokenPath(env);
  if (!path) return undefined;
  try {
    const stored = readFileSync(path, 'utf8').trim();
    return stored === '' ? undefined : stored;
  } catch {
    return undefined;
  }
}

/** InternalTokenHelper.Store: throws with Go's os error text when the file cannot be written. */
export function storeToken(env: Record<string, string | undefined>, token: string): void {
  const path = tokenPath(env);
  if (!path) throw new Error('error getting user\'s home directory: $HOME is not defined');
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, token, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
