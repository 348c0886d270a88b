// A transit key policy and its storage (KU sdk/helper/keysutil policy.go Policy, KeyEntry,
// Persist, handleArchiving, Rotate/RotateInMemory; lock_manager.go GetPolicy, DeletePolicy).
// Stored as Vault stores it: `policy/<name>` holds the policy JSON with the versions at or above
// min_decryption_version, `archive/<name>` every version still available (trim removes the rest).
// Implemented: the symmetric AEADs, ed25519, ecdsa-p256/p384/p521, rsa-2048/3072/4096 and hmac;
// managed_key and the CMAC types (Enterprise) are known by name only.
import { readDecoded, type Storage } from '../../storage/types.js';
import { goNow, type Clock } from '../../util/clock.js';
import type { RandomSource } from '../../util/random.js';
import { CURVES, generateAsym, publicKeyOf, publicPem, RSA_BITS, type AsymFields } from './asym.js';
import { b64 } from './crypto.js';

/** KU policy.go KeyType consts: name → stored integer. */
export const KEY_TYPES: Readonly<Record<string, number>> = {
  'aes256-gcm96': 0, 'ecdsa-p256': 1, ed25519: 2, 'rsa-2048': 3, 'rsa-4096': 4, 'chacha20-poly1305': 5,
  'ecdsa-p384': 6, 'ecdsa-p521': 7, 'aes128-gcm96': 8, 'rsa-3072': 9, managed_key: 10, hmac: 11,
  'aes128-cmac': 12, 'aes256-cmac': 13,
};
const TYPE_NAMES = new Map(Object.entries(KEY_TYPES).map(([k, v]) => [v, k]));

/** The types minivault implements: the symmetric AEADs, with their key length. */
export const SYMMETRIC_KEY_BYTES: Readonly<Record<string, number>> = { 'aes256-gcm96': 32, 'aes128-gcm96': 16, 'chacha20-poly1305': 32 };
/** Every type minivault creates (KU policy.go KeyType, less managed_key and CMAC). */
export const IMPLEMENTED_TYPES = new Set([...Object.keys(SYMMETRIC_KEY_BYTES), 'ed25519', ...Object.keys(CURVES), ...Object.keys(RSA_BITS), 'hmac']);
export const isSigningType = (t: string): boolean => t === 'ed25519' || Object.hasOwn(CURVES, t) || Object.hasOwn(RSA_BITS, t);
export const isEncryptionType = (t: string): boolean => Object.hasOwn(SYMMETRIC_KEY_BYTES, t) || Object.hasOwn(RSA_BITS, t);
const isDerivationType = (t: string): boolean => Object.hasOwn(SYMMETRIC_KEY_BYTES, t) || t === 'ed25519';

export interface KeyEntry extends AsymFields {
  key: string | null; // base64 key material (symmetric, hmac, Ed25519 seed ‖ public key); null for ECDSA/RSA
  hmac_key: string; // base64, 32 bytes
  time: string; // RFC 3339 creation time
  creation_time: number; // Unix seconds
  convergent_version?: number;
}

/** The policy JSON (member names as KU policy.go Policy's json tags). */
export interface PolicyData {
  name: string;
  keys: Record<string, KeyEntry>;
  derived: boolean;
  kdf: number;
  convergent_encryption: boolean;
  convergent_version: number;
  exportable: boolean;
  min_decryption_version: number;
  min_encryption_version: number;
  latest_version: number;
  archive_version: number;
  archive_min_version: number;
  min_available_version: number;
  deletion_allowed: boolean;
  type: number;
  allow_plaintext_backup: boolean;
  /** Go time.Duration: nanoseconds. */
  auto_rotate_period: number;
  imported_key: boolean;
  /** KU policy.go Policy.AllowImportedKeyRotation (an imported key that may rotate within Vault). */
  allow_imported_key_rotation?: boolean;
  /** hmac keys only (KU policy.go Policy.KeySize). */
  key_size?: number;
  backup_info?: { time: string; version: number } | null;
  restore_info?: { time: string; version: number } | null;
}

export interface ArchiveData { keys: KeyEntry[] }

/** A version's certificate chain as PEM certificates joined by newlines ("" without one). */
export function chainPem(chain: readonly string[] | null | undefined): string {
  if (!chain) return '';
  return chain.map((der) => `-----BEGIN CERTIFICATE-----\n${der.replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----`).join('\n');
}

const textDecoder = new TextDecoder();
/** One function object for the barrier's decoded cache (it keys decodings by their decoder). */
const decodePolicy = (raw: Uint8Array): PolicyData => JSON.parse(textDecoder.decode(raw)) as PolicyData;

// Decoded key bytes per entry object (shared while the stored policy is unchanged, see get()).
const entryBytes = new WeakMap<KeyEntry, { key: Uint8Array; hmac: Uint8Array }>();

/** A version's `key` and `hmac_key` as bytes; callers must not change them. */
export function keyBytesOf(e: KeyEntry): { key: Uint8Array; hmac: Uint8Array } {
  let b = entryBytes.get(e);
  if (b === undefined) {
    b = { key: new Uint8Array(Buffer.from(e.key ?? '', 'base64')), hmac: new Uint8Array(Buffer.from(e.hmac_key ?? '', 'base64')) };
    entryBytes.set(e, b);
  }
  return b;
}

export class Policy {
  constructor(public data: PolicyData) {}

  get name(): string { return this.data.name; }
  get typeName(): string { return TYPE_NAMES.get(this.data.type) ?? String(this.data.type); }
  get keyBytes(): number { return SYMMETRIC_KEY_BYTES[this.typeName] ?? 32; }
  get autoRotateSeconds(): number { return Math.floor(this.data.auto_rotate_period / 1e9); }

  entry(version: number): KeyEntry | undefined {
    return Object.hasOwn(this.data.keys, String(version)) ? this.data.keys[String(version)] : undefined;
  }

  /** KU policy.go convergentVersion: the entry's own value, else the policy's (0 → 1). */
  convergentVersion(version: number): number {
    if (!this.data.convergent_encryption) return 0;
    const own = this.entry(version)?.convergent_version ?? 0;
    if (own !== 0) return own;
    return this.data.convergent_version === 0 ? 1 : this.data.convergent_version;
  }

  /** The `data` of a key read (V path_keys.go formatKeyPolicy, asymKey); `context` for derived Ed25519. */
  format(context?: Uint8Array): Record<string, unknown> {
    const d = this.data;
    const t = this.typeName;
    const keys: Record<string, unknown> = {};
    for (const [v, e] of Object.entries(d.keys)) {
      if (!isSigningType(t)) keys[v] = e.creation_time;
      else {
        let publicKey = '';
        if (t === 'ed25519') {
          if (!d.derived) publicKey = e.public_key ?? '';
          else if (context !== undefined && context.length > 0 && e.key) {
            publicKey = publicKeyOf(t, e, context).export({ format: 'jwk' }).x!;
            publicKey = Buffer.from(publicKey, 'base64url').toString('base64');
          }
        } else publicKey = publicPem(publicKeyOf(t, e));
        const name = t === 'ed25519' ? 'ed25519' : Object.hasOwn(CURVES, t) ? CURVES[t]!.jwk : t;
        keys[v] = { certificate_chain: chainPem(e.certificate_chain), creation_time: e.time, name, public_key: publicKey };
      }
    }
    const out: Record<string, unknown> = {
      name: d.name, type: this.typeName, derived: d.derived, deletion_allowed: d.deletion_allowed,
      min_available_version: d.min_available_version, min_decryption_version: d.min_decryption_version,
      min_encryption_version: d.min_encryption_version, latest_version: d.latest_version, exportable: d.exportable,
      allow_plaintext_backup: d.allow_plaintext_backup, supports_encryption: isEncryptionType(t), supports_decryption: isEncryptionType(t),
      supports_derivation: isDerivationType(t), supports_signing: isSigningType(t), imported_key: d.imported_key,
      auto_rotate_period: this.autoRotateSeconds,
    };
    if (t !== 'hmac') out.keys = keys;
    if (d.key_size) out.key_size = d.key_size;
    if (d.imported_key) out.imported_key_allow_rotation = d.allow_imported_key_rotation === true;
    if (d.backup_info) out.backup_info = d.backup_info;
    if (d.restore_info) out.restore_info = d.restore_info;
    if (d.derived) {
      out.kdf = d.kdf === 1 ? 'hkdf_sha256' : 'hmac-sha256-counter';
      if (d.kdf === 0) out.kdf_mode = 'hmac-sha256-counter';
      out.convergent_encryption = d.convergent_encryption;
      if (d.convergent_encryption) out.convergent_encryption_version = d.convergent_version;
    }
    // Go marshals the response map with its keys sorted (hashicorp/vault sdk/logical/translate_response.go: Data is a map).
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

interface NewPolicyOptions {
  name: string;
  type: string;
  derived: boolean;
  convergent: boolean;
  exportable: boolean;
  allowPlaintextBackup: boolean;
  autoRotateSeconds: number;
  keySize?: number;
}

/**
 * The key store of one mount: load (with lazy auto-rotation), create, persist, delete, list.
 * Every change to a key runs under that key's lock (KU lock_manager.go's per-policy locks), so
 * two upserts or rotations cannot each write a version the other then overwrites.
 */
export class PolicyStore {
  readonly #tails = new Map<string, Promise<void>>();

  constructor(readonly storage: Storage, readonly clock: Clock, readonly random: RandomSource) {}

  async list(): Promise<string[]> {
    return this.storage.list('policy/');
  }

  /** Runs `fn` once every earlier holder of the key's lock is done. */
  async exclusive<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(name);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => { release = resolve; });
    const tail = previous === undefined ? mine : previous.then(() => mine);
    this.#tails.set(name, tail);
    try {
      if (previous !== undefined) await previous;
      return await fn();
    } finally {
      release();
      if (this.#tails.get(name) === tail) this.#tails.delete(name);
    }
  }

  /** Whether a key of that name is stored (the encrypt existence check), sharing the read cache. */
  async exists(name: string): Promise<boolean> {
    return (await readDecoded(this.storage, `policy/${name}`, decodePolicy)) !== undefined;
  }

  /**
   * The key for reading; an auto-rotation that is due happens first, under the key's lock.
   * Its data is the barrier's shared, frozen decoding of the stored JSON (Storage.getDecoded), so
   * an unchanged key is not parsed again on every request; it must not be changed.
   */
  async get(name: string): Promise<Policy | undefined> {
    const data = await readDecoded(this.storage, `policy/${name}`, decodePolicy);
    if (data === undefined) return undefined;
    const p = new Policy(data);
    if (!this.#rotationDue(p)) return p;
    return this.exclusive(name, () => this.getLocked(name));
  }

  /** The key for changing it (a private copy): only while holding its lock (`exclusive`). */
  async getLocked(name: string): Promise<Policy | undefined> {
    const raw = await this.storage.get(`policy/${name}`);
    const p = raw === undefined ? undefined : new Policy(decodePolicy(raw));
    if (p !== undefined && this.#rotationDue(p)) await this.rotate(p);
    return p;
  }

  /**
   * V backend.go rotateIfRequired, run lazily whenever a request loads the key (Vault's periodic
   * task runs at most hourly; minivault checks on use against the vault clock instead).
   */
  #rotationDue(p: Policy): boolean {
    if (p.data.auto_rotate_period === 0 || (p.data.imported_key && !p.data.allow_imported_key_rotation)) return false;
    const latest = p.entry(p.data.latest_version);
    if (latest === undefined) return false;
    return this.clock.now() > Date.parse(latest.time) + p.data.auto_rotate_period / 1e6;
  }

  /** KU lock_manager.go GetPolicy (upsert branch) + RotateInMemory: a new policy at version 1. */
  async create(o: NewPolicyOptions): Promise<Policy> {
    const p = new Policy({
      name: o.name, keys: {}, derived: o.derived, kdf: o.derived ? 1 : 0, convergent_encryption: o.convergent,
      convergent_version: o.convergent ? -1 : 0, exportable: o.exportable, min_decryption_version: 1,
      min_encryption_version: 0, latest_version: 0, archive_version: 0, archive_min_version: 0,
      min_available_version: 0, deletion_allowed: false, type: KEY_TYPES[o.type]!,
      allow_plaintext_backup: o.allowPlaintextBackup, auto_rotate_period: o.autoRotateSeconds * 1e9, imported_key: false,
    });
    if (o.type === 'hmac') p.data.key_size = o.keySize ?? 0;
    await this.rotate(p);
    return p;
  }

  /** KU policy.go Rotate/RotateInMemory: a new version with fresh key and HMAC key. */
  async rotate(p: Policy): Promise<void> {
    const now = this.clock.now();
    const version = p.data.latest_version + 1;
    const t = p.typeName;
    let entry: KeyEntry;
    const stamp = { time: goNow(this.clock), creation_time: Math.floor(now / 1000) };
    if (t === 'hmac') {
      // The HMAC key of an hmac-type key is its key material (KU policy.go RotateInMemory).
      const k = b64(this.random.bytes(p.data.key_size ?? 32));
      entry = { key: k, hmac_key: k, ...stamp };
    } else if (Object.hasOwn(SYMMETRIC_KEY_BYTES, t)) {
      entry = { key: b64(this.random.bytes(p.keyBytes)), hmac_key: b64(this.random.bytes(32)), ...stamp };
    } else {
      const hmacKey = b64(this.random.bytes(32));
      entry = { key: null, hmac_key: hmacKey, ...stamp, ...(await generateAsym(t, this.random)) };
    }
    if (p.data.convergent_encryption) entry.convergent_version = 3;
    p.data.keys[String(version)] = entry;
    p.data.latest_version = version;
    p.data.imported_key = false;
    const archive = await this.archive(p.name);
    archive.keys[version] = entry;
    await this.persist(p, archive);
  }

  /** A changed entry of an existing version (a private half, a certificate chain), in policy and archive alike. */
  async replaceEntry(p: Policy, version: number, entry: KeyEntry): Promise<void> {
    const archive = await this.archive(p.name);
    archive.keys[version] = entry;
    p.data.keys[String(version)] = entry;
    await this.persist(p, archive);
  }

  async archive(name: string): Promise<ArchiveData> {
    const raw = await this.storage.get(`archive/${name}`);
    return raw === undefined ? { keys: [] } : (JSON.parse(new TextDecoder().decode(raw)) as ArchiveData);
  }

  /**
   * KU policy.go Persist + handleArchiving: versions below min_decryption_version leave the
   * policy (kept in the archive), versions below min_available_version are dropped for good.
   */
  async persist(p: Policy, archive?: ArchiveData): Promise<void> {
    const a = archive ?? (await this.archive(p.name));
    const d = p.data;
    // archive.keys is indexed by version; index 0 is an unused placeholder, as in Vault.
    const keys: KeyEntry[] = [];
    for (let v = 0; v <= d.latest_version; v++) {
      const e = a.keys[v] ?? p.entry(v);
      keys[v] = v === 0 || v < d.min_available_version || e === undefined ? (null as unknown as KeyEntry) : e;
    }
    d.keys = {};
    for (let v = Math.max(1, d.min_decryption_version); v <= d.latest_version; v++) {
      if (keys[v]) d.keys[String(v)] = keys[v]!;
    }
    d.archive_version = d.latest_version;
    d.archive_min_version = d.min_available_version;
    const enc = new TextEncoder();
    await this.storage.put(`archive/${d.name}`, enc.encode(JSON.stringify({ keys })));
    await this.storage.put(`policy/${d.name}`, enc.encode(JSON.stringify(d)));
  }

  async delete(name: string): Promise<void> {
    await this.storage.delete(`policy/${name}`);
    await this.storage.delete(`archive/${name}`);
  }
}
