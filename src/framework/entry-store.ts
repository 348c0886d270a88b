// Named entries an auth method keeps under one storage prefix (roles, trusted certificates), as
// JSON with the current defaults filled in for fields an older entry lacks; `onRead` lets the
// method upgrade what it reads (the legacy token fields). Names are looked up lower-cased where
// the method does so (`lowerCase`), and listed in Go's string order.
import type { Storage } from '../storage/types.js';
import { goStringCompare } from '../go/strings.js';

interface EntryStoreOptions<T> {
  prefix: string;
  /** A new entry's values; a stored entry is laid over them. */
  defaults: (name: string) => T;
  onRead?: (entry: T) => void;
  /** Lower-case the name on every access (else only reads do). */
  lowerCase?: boolean;
}

export class EntryStore<T extends object> {
  constructor(private readonly storage: () => Storage, private readonly opts: EntryStoreOptions<T>) {}

  #key(name: string, always = false): string {
    return this.opts.prefix + (always || this.opts.lowerCase ? name.toLowerCase() : name);
  }

  async get(name: string): Promise<T | undefined> {
    const bytes = await this.storage().get(this.#key(name, true));
    if (bytes === undefined) return undefined;
    const entry: T = { ...this.opts.defaults(name), ...(JSON.parse(new TextDecoder().decode(bytes)) as Partial<T>) };
    this.opts.onRead?.(entry);
    return entry;
  }

  async put(name: string, entry: T): Promise<void> {
    await this.storage().put(this.#key(name), new TextEncoder().encode(JSON.stringify(entry)));
  }

  async delete(name: string): Promise<void> {
    await this.storage().delete(this.#key(name));
  }

  async list(): Promise<string[]> {
    return (await this.storage().list(this.opts.prefix)).filter((k) => !k.endsWith('/')).sort(goStringCompare);
  }
}
