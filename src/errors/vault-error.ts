// A typed error that carries Vault's HTTP status. Messages are Vault's own strings, kept in the
// per-area catalogues beside this file (re-exported from ./index.ts) with their upstream source.
export class VaultError extends Error {
  readonly status: number;
  /** Extra strings for the `errors` array (Vault sometimes answers with several). */
  readonly errors: string[];
  constructor(status: number, message: string, errors?: string[]) {
    super(message);
    this.name = 'VaultError';
    this.status = status;
    this.errors = errors ?? [message];
  }
}

export function isVaultError(e: unknown): e is VaultError {
  return e instanceof VaultError;
}
