// A typed error that carries Vault's HTTP status. Messages are Vault's own strings, kept in the
// per-area catalogues beside this file (re-exported from ./index.ts) with their upstream source.
export class VaultError extends Error {
  readonly status: number;
  /** Extra strings for the `errors` array (Vault sometimes answers with several). */
  readonly errors: string[];
  /** A Vault feature minivault lacks: answered with `x-minivault-unsupported: true`. */
  unsupported = false;
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

/**
 * A Go error a backend returns (not an error response): on ordinary requests Vault's request
 * handling wraps it with go-multierror (`1 error occurred:…`), on login requests it is sent as is
 * (vault/request_handling.go handleRequest vs handleLoginRequest).
 */
export class GoError extends VaultError {
  readonly plain: string;
  constructor(status: number, message: string) {
    super(status, `1 error occurred:\n\t* ${message}\n\n`);
    this.name = 'GoError';
    this.plain = message;
  }
}

/** An error for something Vault has and minivault does not implement (marked for the caller). */
export function unsupportedError<E extends VaultError>(e: E): E {
  e.unsupported = true;
  return e;
}

/**
 * The response headers that mark an error as a Vault feature minivault lacks
 * (`x-minivault-unsupported: true`), or undefined for any other error. Every layer that turns an
 * error into a response asks this one function.
 */
export function unsupportedHeaders(e: unknown): Record<string, string> | undefined {
  return isVaultError(e) && e.unsupported ? { 'x-minivault-unsupported': 'true' } : undefined;
}
