// A prefix of the barrier handed to upper layers (vault/barrier_view.go BarrierView): keys are
// relative to the prefix, values are still encrypted and bound to their full path. Like Vault's
// StorageView it refuses keys containing `..`.
import { readDecoded, type Storage } from '../storage/types.js';
import { Prefixed } from '../util/prefixed.js';
import { VaultError } from '../errors/vault-error.js';
import { ERR_BARRIER_RELATIVE_PATH } from '../errors/barrier.js';

export class BarrierView implements Storage {
  readonly prefix: string;
  readonly #barrier: Storage;
  readonly #paths: Prefixed;

  /** `barrier` is the encrypting storage (an AesGcmBarrier); keys are joined to `prefix` verbatim. */
  constructor(barrier: Storage, prefix: string) {
    checkRelative(prefix);
    this.#barrier = barrier;
    this.prefix = prefix;
    this.#paths = new Prefixed(prefix);
  }

  // get and getDecoded are on every read, so they hand on the barrier's promise instead of
  // wrapping it in one more async function; a refused key is still a rejected promise.
  get(key: string): Promise<Uint8Array | undefined> {
    if (key.includes('..')) return Promise.reject(relativePathError());
    return this.#barrier.get(this.#paths.of(key));
  }

  getDecoded<T>(key: string, decode: (value: Uint8Array) => T): Promise<T | undefined> {
    if (key.includes('..')) return Promise.reject(relativePathError());
    return readDecoded(this.#barrier, this.#paths.of(key), decode);
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    checkRelative(key);
    return this.#barrier.put(this.prefix + key, value);
  }

  async delete(key: string): Promise<void> {
    checkRelative(key);
    return this.#barrier.delete(this.prefix + key);
  }

  async list(prefix: string): Promise<string[]> {
    checkRelative(prefix);
    return this.#barrier.list(this.prefix + prefix);
  }

  /** A nested view: `view('a/').view('b/')` is the sub-tree `a/b/`. */
  view(prefix: string): BarrierView {
    return new BarrierView(this.#barrier, this.prefix + prefix);
  }
}

function checkRelative(key: string): void {
  if (key.includes('..')) throw relativePathError();
}

function relativePathError(): VaultError {
  return new VaultError(400, ERR_BARRIER_RELATIVE_PATH);
}
