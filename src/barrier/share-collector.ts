// Collecting unseal-key shares toward a threshold, as Vault does in four places: unseal
// (vault/seal.go recordUnsealPart / getUnsealKey), rekey (vault/rekey.go BarrierRekeyUpdate),
// rekey verification (RekeyVerify) and root generation (vault/generate_root.go
// GenerateRootUpdate). Each keeps its own nonce and error wording; what they share is here: the
// constant-time duplicate check, the progress count, and turning the held shares into the key
// (the share itself at threshold 1, Shamir's combination otherwise), wiping what is dropped.
import { constantTimeEqual } from '../util/random.js';

export class ShareCollector {
  /** The attempt's nonce (each caller decides when a given nonce is wrong and how to say so). */
  readonly nonce: string;
  #parts: Uint8Array[] = [];

  constructor(nonce: string) {
    this.nonce = nonce;
  }

  get progress(): number {
    return this.#parts.length;
  }

  /** Holds `part` unless an equal share is already held (then false, and nothing changes). */
  add(part: Uint8Array): boolean {
    for (const held of this.#parts) if (constantTimeEqual(held, part)) return false;
    this.#parts.push(part);
    return true;
  }

  /**
   * The key the held shares make (a fresh buffer the caller wipes). Shamir's arithmetic is loaded
   * only when more than one share is needed, so a 1-of-1 vault (dev mode) never loads it. Errors
   * are the combination's own; the caller words them.
   */
  async key(): Promise<Uint8Array> {
    if (this.#parts.length === 1) return new Uint8Array(this.#parts[0]!);
    return (await import('../shamir/combine.js')).combine(this.#parts);
  }

  /** Forgets (and wipes) every held share. */
  clear(): void {
    for (const p of this.#parts) p.fill(0);
    this.#parts = [];
  }

  /**
   * key() and clear(): the shares are spent whether or not they combine (getUnsealKey does so).
   * A combination error is thrown as `word(cause)` when given (each caller's own wording).
   */
  async spend(word?: (cause: string) => Error): Promise<Uint8Array> {
    try {
      return await this.key();
    } catch (e) {
      throw word === undefined ? e : word((e as Error).message);
    } finally {
      this.clear();
    }
  }
}
