// Secret paths as the client accepts them, turned into keys: `kgc/api-credentials` names one
// secret, whose mount mounts.ts resolves from the server. With the `mount` option a path may also
// be relative to it (`api-credentials`), both naming one key. The environment fallback table is
// keyed the same way, so a fallback needs no request to Vault.
import { errClientBadPath } from '../errors/client.js';

/** Normalises the paths callers pass into keys; the key is what the cache and the fallback use. */
export class SecretKeys {
  /** The `mount` option without slashes, or null when mounts are resolved from paths. */
  readonly mount: string | null;
  readonly #memo = new Map<string, string>();

  constructor(mount: string | null) {
    this.mount = mount;
  }

  /** `kgc/api-credentials`; with the `mount` option a relative path gets the mount in front. */
  key(path: string): string {
    const hit = this.#memo.get(path);
    if (hit !== undefined) return hit;
    let key = typeof path === 'string' ? path.replace(/^\/+/, '') : '';
    if (this.mount !== null && !key.startsWith(this.mount + '/')) key = `${this.mount}/${key}`;
    const segments = key.split('/');
    if (key === '' || segments.some((s) => s === '' || s === '.' || s === '..')) throw new TypeError(errClientBadPath(String(path)));
    if (this.#memo.size < 10_000) this.#memo.set(path, key);
    return key;
  }
}

/** The `fallbackEnv` table, re-keyed by key. */
export class EnvFallback {
  readonly #table = new Map<string, Record<string, string>>();
  readonly #env: Record<string, string | undefined>;

  constructor(keys: SecretKeys, table: Record<string, Record<string, string>>, env: Record<string, string | undefined>) {
    for (const [path, fields] of Object.entries(table)) this.#table.set(keys.key(path), { ...fields });
    this.#env = env;
  }

  /** The fallback secret for a key: each configured field whose variable is set; undefined if none is. */
  read(key: string): Readonly<Record<string, string>> | undefined {
    const fields = this.#table.get(key);
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
