// Named entries an auth method keeps under one storage prefix (roles, trusted certificates), as
// JSON with the current defaults filled in for fields an older entry lacks; `onRead` lets the
// method upgrade what it reads (the legacy token fields). Names are looked up lower-cased where
// the method does so (`lowerCase`), and listed in Go's string order.
import type { Storage } from '../storage/types.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from './types.js';
import type { LogicalResponse } from '../logical/types.js';
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

/** What a `role/:name` path over an EntryStore needs from its method. */
export interface EntryPathOptions<T extends object> {
  pattern: string;
  fields: FieldSchemas;
  store: () => EntryStore<T>;
  write: (data: FieldData) => Promise<LogicalResponse | null>;
  read: (data: FieldData) => Promise<LogicalResponse | null>;
  /** The operations' summaries, as the method's OpenAPI shows them. */
  summary: { write: string; read: string; delete: string };
  helpSynopsis: string;
  helpDescription: string;
}

/**
 * The CRUD path the JWT and Kubernetes methods both declare for a role (their path_role.go
 * pathRole): create and update write, read, delete (204 whether or not it existed), and an
 * existence check on the stored entry.
 */
export function entryPath<T extends object>(o: EntryPathOptions<T>): PathSpec {
  const write = (_req: FrameworkRequest, data: FieldData) => o.write(data);
  return {
    pattern: o.pattern,
    fields: o.fields,
    operations: {
      create: { handler: write, summary: o.summary.write },
      update: { handler: write, summary: o.summary.write },
      read: { handler: (_req, data) => o.read(data), summary: o.summary.read },
      delete: {
        handler: async (_req, data) => {
          await o.store().delete(data.get<string>('name'));
          return null;
        },
        summary: o.summary.delete,
      },
    },
    existenceCheck: async (_req, data) => (await o.store().get(data.get<string>('name'))) !== undefined,
    helpSynopsis: o.helpSynopsis,
    helpDescription: o.helpDescription,
  };
}

/** The matching LIST path (pathRoleList): the names in Go's string order. */
export function entryListPath<T extends object>(pattern: string, store: () => EntryStore<T>, helpSynopsis: string, helpDescription: string): PathSpec {
  return {
    pattern,
    operations: { list: async () => ({ data: { keys: await store().list() } }) },
    helpSynopsis,
    helpDescription,
  };
}

