// KV v2's storage layout inside its mount view, after KV backend.go:
//   config                         the mount configuration
//   salt                           a random UUID, created on first use (SDK helper/salt)
//   metadata/<key>                 one entry per key: versions map, limits, custom metadata
//   versions/<h[0:3]>/<h[3:]>      one entry per version, h = hex(SHA-256(salt ‖ "<key>|<n>"))
// so a write adds one version entry and rewrites only its key's metadata. Vault stores protobuf
// and also encrypts the metadata path segments with a derived key; minivault stores JSON and
// keeps the key readable in the metadata path (the barrier view still encrypts every value and
// binds it to its path), escaping '%' and '.' so that a key like `a..b`, which KV accepts, never
// puts the `..` a barrier view refuses into a storage path. Nothing here trusts a cache over the
// storage: metadata and config are re-read on every use (the barrier shares the decoding of bytes
// it has seen unchanged, Storage.getDecoded), and the salt is re-read before every change, so a
// storage restored underneath (restore points) is always seen as it is.
import { readDecoded, type Storage } from '../../storage/types.js';
import { Prefixed } from '../../util/prefixed.js';
import { stringifyJson } from '../../util/json-iter.js';
import { sha256Hex } from '../../util/sha256.js';
import { randomUUID, type RandomSource } from '../../util/random.js';
import { cloneKeyMetadata, defaultConfig, type StoredConfig, type StoredKeyMetadata, type StoredVersion } from './model.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const CONFIG_PATH = 'config';
const SALT_PATH = 'salt';
export const METADATA_PREFIX = 'metadata/';
export const VERSION_PREFIX = 'versions/';

/** The storage form of a key or list prefix: '%' and '.' escaped, '/' kept for listing. */
function escapeKey(key: string): string {
  if (!key.includes('.') && !key.includes('%')) return key;
  return key.replaceAll('%', '%25').replaceAll('.', '%2E');
}

function unescapeName(name: string): string {
  return name.includes('%') ? name.replaceAll('%2E', '.').replaceAll('%25', '%') : name;
}

function decodeJson<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}

const decodeMetadata = (bytes: Uint8Array): StoredKeyMetadata => decodeJson<StoredKeyMetadata>(bytes);
const decodeVersion = (bytes: Uint8Array): StoredVersion => decodeJson<StoredVersion>(bytes);
const decodeConfig = (bytes: Uint8Array): StoredConfig => decodeJson<StoredConfig>(bytes);

function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(stringifyJson(value)); // data may nest 10000 deep (json-iter.ts)
}

export class KvStore {
  readonly #storage: Storage;
  readonly #metadataPaths = new Prefixed(METADATA_PREFIX, escapeKey);
  readonly #random: RandomSource;
  #paths: VersionPaths | undefined;
  #saltSync: Promise<VersionPaths> | undefined;

  constructor(storage: Storage, random: RandomSource) {
    this.#storage = storage;
    this.#random = random;
  }

  /** The mount configuration (a copy the caller may change); unchanged bytes are not parsed again (Storage.getDecoded). */
  async config(): Promise<StoredConfig> {
    const config = await readDecoded(this.#storage, CONFIG_PATH, decodeConfig);
    return config === undefined ? defaultConfig() : { ...config };
  }

  async putConfig(config: StoredConfig): Promise<void> {
    await this.#storage.put(CONFIG_PATH, encodeJson(config));
  }

  /** The key's metadata as a private copy: the caller may change it and write it back. */
  async getMetadata(key: string): Promise<StoredKeyMetadata | undefined> {
    const meta = await this.peekMetadata(key);
    return meta === undefined ? undefined : cloneKeyMetadata(meta);
  }

  /**
   * The key's metadata for reading only (frozen; never change it). Still one storage get per
   * call; where the storage is the barrier, bytes it has seen unchanged are not parsed again.
   */
  peekMetadata(key: string): Promise<Readonly<StoredKeyMetadata> | undefined> {
    return readDecoded(this.#storage, this.#metadataPaths.of(key), decodeMetadata);
  }

  async putMetadata(meta: StoredKeyMetadata): Promise<void> {
    await this.#storage.put(METADATA_PREFIX + escapeKey(meta.key), encodeJson(meta));
  }

  async deleteMetadata(key: string): Promise<void> {
    await this.#storage.delete(METADATA_PREFIX + escapeKey(key));
  }

  /** Next path segment of every key under `prefix` ('' or ending in '/'), folders with '/'. */
  async listMetadata(prefix: string): Promise<string[]> {
    const names = await this.#storage.list(METADATA_PREFIX + escapeKey(prefix));
    // Vault sorts the plain names; escaping can change the order, so sort again when it did.
    return names.some((n) => n.includes('%')) ? names.map(unescapeName).sort() : names;
  }

  /** A version's entry (read-only: it may be shared); undefined when absent (or when no version was ever written). */
  async getVersion(key: string, version: number): Promise<Readonly<StoredVersion> | undefined> {
    const paths = this.#paths ?? (await this.#readPaths());
    if (paths === undefined) return undefined;
    return readDecoded(this.#storage, paths.get(key, version), decodeVersion);
  }

  // The next three are for changes, which call syncSalt() first.
  async hasVersion(key: string, version: number): Promise<boolean> {
    const paths = this.#paths ?? (await this.syncSalt());
    return (await this.#storage.get(paths.get(key, version))) !== undefined;
  }

  async putVersion(key: string, version: number, value: StoredVersion): Promise<void> {
    const paths = this.#paths ?? (await this.syncSalt());
    await this.#storage.put(paths.get(key, version), encodeJson(value));
  }

  async deleteVersion(key: string, version: number): Promise<void> {
    const paths = this.#paths ?? (await this.syncSalt());
    await this.#storage.delete(paths.get(key, version));
  }

  /**
   * Before a change: re-reads the salt, since the storage may have been restored underneath
   * (restore points), adopting the stored one, or storing ours (or a new one) when there is none.
   * Concurrent callers share one sync, so two first writes cannot pick different salts.
   */
  syncSalt(): Promise<VersionPaths> {
    this.#saltSync ??= (async () => {
      const raw = await this.#storage.get(SALT_PATH);
      let salt = raw === undefined ? undefined : decoder.decode(raw);
      if (salt === undefined) {
        salt = this.#paths?.salt ?? randomUUID(this.#random);
        await this.#storage.put(SALT_PATH, encoder.encode(salt));
      }
      if (this.#paths?.salt !== salt) this.#paths = new VersionPaths(salt);
      return this.#paths!;
    })().finally(() => {
      this.#saltSync = undefined;
    });
    return this.#saltSync;
  }

  /** After a read found metadata but no version entry: the salt may have changed underneath. */
  forgetSalt(): void {
    this.#paths = undefined;
  }

  /** The salt for reading: never created here (without a salt no version exists yet). */
  async #readPaths(): Promise<VersionPaths | undefined> {
    const raw = await this.#storage.get(SALT_PATH);
    if (raw === undefined) return undefined;
    this.#paths ??= new VersionPaths(decoder.decode(raw));
    return this.#paths;
  }
}

/** The storage path of a version: SaltID(key|version) split after three hex digits, like Vault. */
export function versionPath(salt: string, key: string, version: number): string {
  const h = sha256Hex(`${salt}${key}|${version}`);
  return VERSION_PREFIX + h.slice(0, 3) + '/' + h.slice(3);
}

// Hashing costs more than the rest of a read, and hot keys are read again and again; a bounded
// memo (emptied when full) keeps the hot path to a map lookup.
const PATH_MEMO_LIMIT = 4096;

class VersionPaths {
  readonly #memo = new Map<string, string>();
  readonly salt: string;
  constructor(salt: string) {
    this.salt = salt;
  }
  get(key: string, version: number): string {
    const id = `${key}|${version}`;
    let path = this.#memo.get(id);
    if (path === undefined) {
      if (this.#memo.size >= PATH_MEMO_LIMIT) this.#memo.clear();
      path = versionPath(this.salt, key, version);
      this.#memo.set(id, path);
    }
    return path;
  }
}
