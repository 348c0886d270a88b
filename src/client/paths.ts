// Secret paths as the client accepts them: relative to the mount (`api-credentials`) or with the
// mount in front (`kgc/api-credentials`), both naming one key. Also the KV v2 API paths built from
// them (vault-plugin-secrets-kv path_data.go `data/`, path_metadata.go `metadata/`) and the
// environment fallback table, keyed the same way.
import { errClientBadPath } from '../errors/client.js';

export class SecretPaths {
  readonly mount: string;
  readonly #memo = new Map<string, string>();

  constructor(mount: string) {
    this.mount = mount;
  }

  /** The key's path relative to the mount. Throws on an empty path or a `.`/`..` segment. */
  relative(path: string): string {
    const hit = this.#memo.get(path);
    if (hit !== undefined) return hit;
    let rel = path.replace(/^\/+/, '');
    if (rel.startsWith(this.mount + '/')) rel = rel.slice(this.mount.length + 1);
    const segments = rel.split('/');
    if (rel === '' || segments.some((s) => s === '' || s === '.' || s === '..')) throw new TypeError(errClientBadPath(path));
    if (this.#memo.size < 10_000) this.#memo.set(path, rel);
    return rel;
  }

  /** `kgc/api-credentials`: how events and errors name a key. */
  full(rel: string): string {
    return `${this.mount}/${rel}`;
  }

  data(rel: string): string {
    return `${this.mount}/data/${encodePath(rel)}`;
  }

  metadata(rel: string): string {
    return `${this.mount}/metadata/${encodePath(rel)}`;
  }
}

function encodePath(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

/** The `fallbackEnv` table, re-keyed by relative path. */
export class EnvFallback {
  readonly #table = new Map<string, Record<string, string>>();
  readonly #env: Record<string, string | undefined>;

  constructor(paths: SecretPaths, table: Record<string, Record<string, string>>, env: Record<string, string | undefined>) {
    for (const [path, fields] of Object.entries(table)) this.#table.set(paths.relative(path), { ...fields });
    this.#env = env;
  }

  /** The fallback secret for a key: each configured field whose variable is set; undefined if none is. */
  read(rel: string): Readonly<Record<string, string>> | undefined {
    const fields = this.#table.get(rel);
    if (fields === undefined) return undefined;
    const out: Record<string, string> = {};
    let any = false;
    for (const [field, variable] of Object.entries(fields)) {
      const value = this.#env[variable];
      if (value !== undefined) {
        out[field] = value;
        any = true;
      }
    }
    return any ? Object.freeze(out) : undefined;
  }
}
