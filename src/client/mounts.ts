// Where a secret lives: the client resolves a path's KV mount and version as `vault kv get` does
// (hashicorp/vault command/kv_helpers.go kvPreflightVersionRequest and isKVv2): one
// `GET sys/internal/ui/mounts/<path>` answers the mount's path and `options.version`, "2" meaning
// KV v2 and anything else v1; a 404 (a Vault without the endpoint) means v1 with no known mount.
// Unlike the CLI, which stops at a 403, the client also reads a denied preflight as v1 and lets
// the read itself meet Vault's refusal: Vault denies the preflight both for a token with no access
// under the mount and for a bad or expired token, and the read's bare "permission denied" is what
// the token bookkeeping recognises. A mount once found is kept, so a path under a known mount
// prefix needs no lookup; a denied or absent preflight is not kept. With the `mount` option the
// preflight asks about that mount (as `kv get -mount=…` does) and paths are taken relative to it.
import { errClientBadPath, errClientBadResponse, ERR_CLIENT_NO_HANDLER } from '../errors/client.js';
import { VaultClientError } from './errors.js';
import type { VaultTransport } from './transport.js';

/** A key's place on the server: its mount (`kgc/`, '' when unknown) and KV version. */
export interface KvLocation {
  /** The key as the client names it: `kgc/api-credentials`. */
  readonly key: string;
  /** The mount path with its trailing slash, '' when the preflight found none. */
  readonly mount: string;
  readonly version: 1 | 2;
}

/** The API path of a location: `kgc/data/api-credentials` (v2, with `prefix`) or the key itself (v1). */
export function apiPath(loc: KvLocation, prefix = 'data'): string {
  if (loc.version === 1) return encodePath(loc.key);
  return `${loc.mount}${prefix}/${encodePath(loc.key.slice(loc.mount.length))}`;
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

export class MountResolver {
  readonly #http: VaultTransport;
  readonly #override: string | null;
  /** Mount path (with its slash) → KV version, for every mount a preflight found. */
  readonly #known = new Map<string, 1 | 2>();
  readonly #flights = new Map<string, Promise<KvLocation>>();
  /** Incremented by clear(): a preflight begun before a clear does not fill the new cache. */
  #epoch = 0;

  constructor(http: VaultTransport, override: string | null) {
    this.#http = http;
    this.#override = override;
  }

  /** The location of a key under a mount already known, without a request. */
  known(key: string): KvLocation | undefined {
    let best = '';
    for (const mount of this.#known.keys()) if (mount.length > best.length && key.startsWith(mount)) best = mount;
    return best === '' ? undefined : { key, mount: best, version: this.#known.get(best)! };
  }

  /** The key's location: a known mount, else a preflight. Throws the transport's VaultClientError. */
  resolve(key: string): Promise<KvLocation> {
    const hit = this.known(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const asked = this.#override ?? key;
    const flight = this.#flights.get(asked);
    // One preflight per asked path at a time; its answer is rebuilt for this key.
    if (flight !== undefined) return flight.then((loc) => this.known(key) ?? (key.startsWith(loc.mount) ? { ...loc, key } : { key, mount: '', version: 1 }));
    const p = this.#preflight(asked, key);
    this.#flights.set(asked, p);
    const done = () => { if (this.#flights.get(asked) === p) this.#flights.delete(asked); };
    p.then(done, done);
    return p;
  }

  /**
   * Runs `fn` at the key's location. A mount that answers as if gone (no handler) or refuses
   * (403) is forgotten, so the next use asks the server again where the key lives.
   */
  async at<T>(key: string, fn: (loc: KvLocation) => Promise<T>): Promise<T> {
    const loc = await this.resolve(key);
    try {
      return await fn(loc);
    } catch (e) {
      const gone = e instanceof VaultClientError && (e.status === 403 || (e.status === 404 && e.errors.some((x) => x.includes(ERR_CLIENT_NO_HANDLER))));
      if (gone && loc.mount !== '') this.forget(loc.mount);
      throw e;
    }
  }

  /** Forgets one mount (it answered as if it were gone) so the next use asks again. */
  forget(mount: string): void {
    this.#known.delete(mount);
  }

  /** Forgets every mount (a new token may see them differently). */
  clear(): void {
    this.#known.clear();
    this.#flights.clear();
    this.#epoch++;
  }

  /** Mount paths known now, for inspection. */
  get mounts(): ReadonlyMap<string, 1 | 2> {
    return this.#known;
  }

  async #preflight(asked: string, key: string): Promise<KvLocation> {
    const epoch = this.#epoch;
    const path = `sys/internal/ui/mounts/${encodePath(asked)}`;
    const answer = await this.#http.call('GET', path, { accept: [403, 404] });
    if (answer.status === 403 || answer.status === 404) return { key, mount: '', version: 1 };
    const data = answer.body?.data;
    if (data === null || typeof data !== 'object') {
      throw new VaultClientError('bad-response', answer.status, errClientBadResponse('nil response from pre-flight request'), [], { method: 'GET', path });
    }
    const raw = typeof data.path === 'string' ? data.path : '';
    const mount = raw === '' || raw.endsWith('/') ? raw : raw + '/';
    const version = data.options?.version === '2' ? 2 : 1;
    if (mount === '') return { key, mount: '', version };
    // A key must name something inside its mount: `kgc` alone is the mount, not a secret.
    if (!key.startsWith(mount)) {
      if (mount === key + '/') throw new TypeError(errClientBadPath(key));
      throw new VaultClientError('bad-response', answer.status, errClientBadResponse(`mount ${mount} does not contain ${key}`), [], { method: 'GET', path });
    }
    if (epoch === this.#epoch) this.#known.set(mount, version);
    return { key, mount, version };
  }
}
