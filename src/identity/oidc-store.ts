// The identity token state (V vault/identity_store_oidc.go: oidcConfig, namedKey, role and the
// public key store under `oidc_tokens/`): the issuer, named keys with their key rings, roles, and
// the public JWKs. Rotation and expiry run lazily on the vault's clock before every OIDC request
// (Vault's periodic oidcKeyRotation and expireOIDCPublicKeys), so a manual clock that moved past a
// key's next_rotation sees the key rotated at the next request.
import type { Storage } from '../storage/types.js';
import { generateSigningKey, publicJwk, type Algorithm, type SigningKey } from './oidc-keys.js';
import type { IdentityStore } from './store.js';
import { goStringCompare } from '../go/strings.js';

export interface NamedKey {
  name: string;
  algorithm: Algorithm;
  /** Seconds. */
  rotationPeriod: number;
  verificationTtl: number;
  allowedClientIds: string[];
  /** ms; 0 = no key material yet. */
  nextRotation: number;
  signingKey: SigningKey | null;
  nextSigningKey: SigningKey | null;
  /** Key ids published for this key; expireAt ms, 0 = while current/next. */
  keyRing: Array<{ kid: string; expireAt: number }>;
}

export interface Role { name: string; key: string; template: string; ttl: number; clientId: string }

/** The OIDC provider's objects (identity_store_oidc_provider.go: assignment, scope, client, provider). */
interface Assignment { entityIds: string[]; groupIds: string[] }
interface Scope { template: string; description: string }
export interface Client {
  redirectUris: string[]; assignments: string[]; key: string; idTokenTtl: number; accessTokenTtl: number;
  type: 'confidential' | 'public'; clientId: string; clientSecret: string;
}
export interface Provider { issuer: string; allowedClientIds: string[]; scopesSupported: string[] }
interface ProviderObjects { assignment: Assignment; scope: Scope; client: Client; provider: Provider }
export type ProviderKind = keyof ProviderObjects;
const PROVIDER_PREFIX = 'oidc_provider/';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const PREFIX = 'oidc_tokens/';
const DAY = 86_400;

export class OidcStore {
  readonly identity: IdentityStore;
  readonly #storage: Storage;
  issuer = '';
  readonly keys = new Map<string, NamedKey>();
  readonly roles = new Map<string, Role>();
  readonly publicKeys = new Map<string, Record<string, string>>();
  readonly provider: { [K in ProviderKind]: Map<string, ProviderObjects[K]> } = {
    assignment: new Map(), scope: new Map(), client: new Map(), provider: new Map(),
  };

  constructor(identity: IdentityStore, storage: Storage) {
    this.identity = identity;
    this.#storage = storage;
  }

  async load(): Promise<void> {
    const cfg = await this.#get<{ issuer: string }>('config');
    this.issuer = cfg?.issuer ?? '';
    for (const n of await this.#storage.list(`${PREFIX}named_keys/`)) {
      const k = await this.#get<NamedKey>(`named_keys/${n}`);
      if (k) this.keys.set(n, k);
    }
    for (const n of await this.#storage.list(`${PREFIX}roles/`)) {
      const r = await this.#get<Role>(`roles/${n}`);
      if (r) this.roles.set(n, r);
    }
    for (const n of await this.#storage.list(`${PREFIX}public_keys/`)) {
      const j = await this.#get<Record<string, string>>(`public_keys/${n}`);
      if (j) this.publicKeys.set(n, j);
    }
    for (const kind of ['assignment', 'scope', 'client', 'provider'] as const) {
      for (const n of await this.#storage.list(`${PROVIDER_PREFIX}${kind}/`)) {
        const raw = await this.#storage.get(`${PROVIDER_PREFIX}${kind}/${n}`);
        if (raw) (this.provider[kind] as Map<string, unknown>).set(n, JSON.parse(decoder.decode(raw)));
      }
    }
    // storeOIDCDefaultResources: provider `default`, assignment `allow_all`, and key `default` (no material yet).
    if (!this.provider.provider.has('default')) await this.saveProviderObject('provider', 'default', { issuer: '', allowedClientIds: ['*'], scopesSupported: [] });
    if (!this.provider.assignment.has('allow_all')) await this.saveProviderObject('assignment', 'allow_all', { entityIds: ['*'], groupIds: ['*'] });
    if (!this.keys.has('default')) {
      await this.saveKey({
        name: 'default', algorithm: 'RS256', rotationPeriod: DAY, verificationTtl: DAY, allowedClientIds: ['*'],
        nextRotation: this.identity.now() + DAY * 1000,
        signingKey: null, nextSigningKey: null, keyRing: [],
      });
    }
  }

  async setIssuer(issuer: string): Promise<void> {
    this.issuer = issuer;
    await this.#put('config', { issuer });
  }

  /** A current and a next key pair for a key (new key, new algorithm, or first use of `default`). */
  async generateMaterial(key: NamedKey): Promise<void> {
    // generateAndSetKey/generateAndSetNextKey append to the ring: after an algorithm change the old
    // pair stays published (with no expiry), as in Vault.
    const [current, next] = await Promise.all([
      generateSigningKey(key.algorithm, this.identity.newId()), generateSigningKey(key.algorithm, this.identity.newId()),
    ]);
    key.signingKey = current;
    key.nextSigningKey = next;
    key.keyRing = [...key.keyRing, { kid: current.kid, expireAt: 0 }, { kid: next.kid, expireAt: 0 }];
    key.nextRotation = this.identity.now() + key.rotationPeriod * 1000;
    await this.#putPublic(current);
    await this.#putPublic(next);
  }

  /** namedKey.rotate: the next key becomes current; the outgoing one stays published for `verificationTtl`. */
  async rotate(key: NamedKey, verificationTtl: number): Promise<void> {
    if (!key.signingKey || !key.nextSigningKey) await this.generateMaterial(key);
    else {
      const now = this.identity.now();
      const outgoing = key.signingKey.kid;
      const next = await generateSigningKey(key.algorithm, this.identity.newId());
      key.keyRing = key.keyRing.map((e) => (e.kid === outgoing ? { ...e, expireAt: now + verificationTtl * 1000 } : e));
      key.keyRing.push({ kid: next.kid, expireAt: 0 });
      key.signingKey = key.nextSigningKey;
      key.nextSigningKey = next;
      key.nextRotation = now + key.rotationPeriod * 1000;
      await this.#putPublic(next);
    }
    await this.saveKey(key);
  }

  /** Whole seconds until the earliest scheduled rotation (0 when none is due later). */
  secondsToNextRotation(): number {
    const now = this.identity.now();
    const next = [...this.keys.values()].map((k) => k.nextRotation).filter((t) => t > now);
    return next.length === 0 ? 0 : Math.round((Math.min(...next) - now) / 1000);
  }

  /** Rotates every key whose time has come and unpublishes expired key ids. */
  async tick(): Promise<void> {
    const now = this.identity.now();
    for (const key of this.keys.values()) {
      let changed = false;
      // One rotation per run, as one run of Vault's periodic job does, however long the key sat idle.
      if (key.nextRotation !== 0 && now > key.nextRotation) {
        await this.rotate(key, key.verificationTtl);
        changed = true;
      }
      const expired = key.keyRing.filter((e) => e.expireAt !== 0 && e.expireAt < now);
      if (expired.length > 0) {
        key.keyRing = key.keyRing.filter((e) => !expired.includes(e));
        for (const e of expired) await this.#deletePublic(e.kid);
        changed = true;
      }
      if (changed) await this.saveKey(key);
    }
  }

  async saveKey(key: NamedKey): Promise<void> {
    this.keys.set(key.name, key);
    await this.#put(`named_keys/${key.name}`, key);
  }

  async deleteKey(name: string): Promise<void> {
    const key = this.keys.get(name);
    if (!key) return;
    for (const e of key.keyRing) await this.#deletePublic(e.kid);
    this.keys.delete(name);
    await this.#storage.delete(`${PREFIX}named_keys/${name}`);
  }

  async saveProviderObject<K extends ProviderKind>(kind: K, name: string, value: ProviderObjects[K]): Promise<void> {
    this.provider[kind].set(name, value);
    await this.#storage.put(`${PROVIDER_PREFIX}${kind}/${name}`, encoder.encode(JSON.stringify(value)));
  }

  async deleteProviderObject(kind: ProviderKind, name: string): Promise<void> {
    this.provider[kind].delete(name);
    await this.#storage.delete(`${PROVIDER_PREFIX}${kind}/${name}`);
  }

  /** Names (sorted) of the clients or roles that use a key. */
  usersOfKey(name: string): { roles: string[]; clients: string[] } {
    const roles = [...this.roles.values()].filter((r) => r.key === name).map((r) => r.name).sort(goStringCompare);
    const clients = [...this.provider.client].filter(([, c]) => c.key === name).map(([n]) => n).sort(goStringCompare);
    return { roles, clients };
  }

  async saveRole(role: Role): Promise<void> {
    this.roles.set(role.name, role);
    await this.#put(`roles/${role.name}`, role);
  }

  async deleteRole(name: string): Promise<void> {
    this.roles.delete(name);
    await this.#storage.delete(`${PREFIX}roles/${name}`);
  }

  /** generatePublicJWKS: the key rings of keys some role references. */
  publishedJwks(): Array<Record<string, string>> {
    const used = new Set([...this.roles.values()].map((r) => r.key));
    const out: Array<Record<string, string>> = [];
    for (const key of this.keys.values()) {
      if (!used.has(key.name)) continue;
      for (const e of key.keyRing) {
        const jwk = this.publicKeys.get(e.kid);
        if (jwk) out.push(jwk);
      }
    }
    return out;
  }

  async #putPublic(k: SigningKey): Promise<void> {
    const jwk = publicJwk(k);
    this.publicKeys.set(k.kid, jwk);
    await this.#put(`public_keys/${k.kid}`, jwk);
  }

  async #deletePublic(kid: string): Promise<void> {
    this.publicKeys.delete(kid);
    await this.#storage.delete(`${PREFIX}public_keys/${kid}`);
  }

  async #get<T>(key: string): Promise<T | undefined> {
    const raw = await this.#storage.get(PREFIX + key);
    return raw ? (JSON.parse(decoder.decode(raw)) as T) : undefined;
  }

  async #put(key: string, value: unknown): Promise<void> {
    await this.#storage.put(PREFIX + key, encoder.encode(JSON.stringify(value)));
  }
}
