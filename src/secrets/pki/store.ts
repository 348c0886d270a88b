// The PKI mount's storage (Vault builtin/logical/pki/storage.go, issuing/issuers.go,
// issuing/keys.go): keys at `config/key/<uuid>`, issuers at `config/issuer/<uuid>`, the defaults
// at `config/issuers` and `config/keys`, AIA at `urls`, CRL settings at `config/crl`, issued
// certificates at `certs/<hyphen serial>`, revocations at `revoked/<hyphen serial>`, CRLs at
// `crls/<issuer uuid>`. Values are JSON; DER is kept as base64.
import type { BackendConfig } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import { randomUUID } from '../../util/random.js';
import * as E from '../../errors/pki.js';
import { parseCert, serialStorage, type CertInfo } from './certinfo.js';
import { keyFromPem, type PrivateKey } from './keys.js';
import { SerialQueue } from '../../util/serial-queue.js';

export const ALL_USAGES = ['read-only', 'issuing-certificates', 'crl-signing', 'ocsp-signing'] as const;

export interface AiaUrls { issuing_certificates: string[]; crl_distribution_points: string[]; ocsp_servers: string[]; enable_templating: boolean }

export interface IssuerEntry {
  id: string;
  name: string;
  key_id: string;
  /** Trimmed PEM + "\n" (storage.go importIssuer). */
  certificate: string;
  der: string; // base64
  manual_chain: string[] | null;
  usage: string[];
  leaf_not_after_behavior: string;
  revocation_signature_algorithm: string;
  revoked: boolean;
  revocation_time: number; // unix seconds
  revocation_time_ms: number;
  aia: AiaUrls | null;
}

export interface KeyEntry { id: string; name: string; type: string; bits: number; pem: string }

export interface CertRecord { der: string; issuer_id: string }
export interface RevokedRecord { serial: string; der: string; revocation_time: number; revocation_ms: number; issuer_id: string }

export interface CrlConfig {
  expiry: string; disable: boolean; ocsp_disable: boolean; ocsp_expiry: string; auto_rebuild: boolean;
  auto_rebuild_grace_period: string; enable_delta: boolean; delta_rebuild_interval: string;
  cross_cluster_revocation: boolean; unified_crl: boolean; unified_crl_on_existing_paths: boolean;
}

/** pki_backend/crl_config.go DefaultCrlConfig. */
export const DEFAULT_CRL_CONFIG: CrlConfig = {
  expiry: '72h', disable: false, ocsp_disable: false, ocsp_expiry: '12h', auto_rebuild: false,
  auto_rebuild_grace_period: '12h', enable_delta: false, delta_rebuild_interval: '15m',
  cross_cluster_revocation: false, unified_crl: false, unified_crl_on_existing_paths: false,
};

/** vault/rollback.go rollbackPeriod: how often Vault calls a backend's periodic function. */
export const PERIODIC_TICK = 60_000;

const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * What Vault's backend keeps in memory rather than storage (backend.go: tidyStatus, tidyCASGuard,
 * tidyCancelCAS, lastAutoTidy, autoTidyBackoff, mountStartup; crl_util.go lastDeltaRebuildCheck):
 * it starts afresh whenever the mount's backend is built (mount, unseal).
 */
export interface PkiRuntime {
  readonly mountStartup: number;
  lastDeltaCheck: number;
  /** When the random start-up backoff ends; fixed the first time an auto-tidy falls due. */
  autoTidyBackoff: number | undefined;
  /** The last auto-tidy time (config/auto-tidy-last-run), loaded on first use. */
  lastAutoTidy: number | undefined;
  tidyStatus: Record<string, unknown> | undefined;
  tidyRunning: boolean;
  tidyCancel: boolean;
  /** Ends a running tidy's pause early (set while it pauses). */
  wake: (() => void) | undefined;
  /** The index of the last periodic tick whose work is done (see periodic.ts). */
  periodicThrough: number;
}

export class PkiStore {
  readonly storage: Storage;
  readonly config: BackendConfig;
  readonly runtime: PkiRuntime;
  readonly #uuid: () => string;

  constructor(config: BackendConfig) {
    this.config = config;
    this.storage = config.storage;
    this.#uuid = () => randomUUID(config.random);
    const now = config.clock.now();
    this.runtime = {
      mountStartup: now, lastDeltaCheck: now, autoTidyBackoff: undefined, lastAutoTidy: undefined,
      tidyStatus: undefined, tidyRunning: false, tidyCancel: false, wake: undefined, periodicThrough: 0,
    };
  }

  readonly #tail = new SerialQueue();

  /** Runs `fn` after every earlier exclusive call has settled (a FIFO mutex). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#tail.run(fn);
  }

  now(): number { return this.config.clock.now(); }

  /**
   * The first tick of Vault's periodic function (called once a minute by vault/rollback.go,
   * counted here from the mount's start) after `t`, or at or after it.
   */
  tick(t: number, strictlyAfter: boolean): number {
    const m = this.runtime.mountStartup;
    const k = strictlyAfter ? Math.floor((t - m) / PERIODIC_TICK) + 1 : Math.ceil((t - m) / PERIODIC_TICK);
    return m + Math.max(1, k) * PERIODIC_TICK;
  }
  uuid(): string { return this.#uuid(); }

  async getJson<T>(key: string): Promise<T | undefined> {
    const v = await this.storage.get(key);
    return v === undefined ? undefined : (JSON.parse(dec.decode(v)) as T);
  }
  async putJson(key: string, value: unknown): Promise<void> {
    await this.storage.put(key, enc.encode(JSON.stringify(value)));
  }

  // ---- issuers and keys ---------------------------------------------------------------------------
  async issuerIds(): Promise<string[]> { return this.storage.list('config/issuer/'); }
  async keyIds(): Promise<string[]> { return this.storage.list('config/key/'); }
  issuer(id: string): Promise<IssuerEntry | undefined> { return this.getJson(`config/issuer/${id}`); }
  key(id: string): Promise<KeyEntry | undefined> { return this.getJson(`config/key/${id}`); }
  putIssuer(e: IssuerEntry): Promise<void> { return this.putJson(`config/issuer/${e.id}`, e); }
  putKey(e: KeyEntry): Promise<void> { return this.putJson(`config/key/${e.id}`, e); }

  async issuers(): Promise<IssuerEntry[]> {
    const out: IssuerEntry[] = [];
    for (const id of await this.issuerIds()) { const e = await this.issuer(id); if (e) out.push(e); }
    return out;
  }
  async keys(): Promise<KeyEntry[]> {
    const out: KeyEntry[] = [];
    for (const id of await this.keyIds()) { const e = await this.key(id); if (e) out.push(e); }
    return out;
  }

  async issuerDefaults(): Promise<{ default: string; default_follows_latest_issuer: boolean }> {
    return (await this.getJson('config/issuers')) ?? { default: '', default_follows_latest_issuer: false };
  }
  putIssuerDefaults(v: { default: string; default_follows_latest_issuer: boolean }): Promise<void> { return this.putJson('config/issuers', v); }
  async keyDefault(): Promise<string> { return (await this.getJson<{ default: string }>('config/keys'))?.default ?? ''; }
  putKeyDefault(id: string): Promise<void> { return this.putJson('config/keys', { default: id }); }

  /** ResolveIssuerReference: `default`, a UUID, then a name. Throws the resolver's message. */
  async resolveIssuer(ref: string): Promise<string> {
    if (ref === 'default') {
      const d = (await this.issuerDefaults()).default;
      if (d === '') throw new Error(E.ERR_NO_DEFAULT_ISSUER);
      return d;
    }
    const ids = await this.issuerIds();
    if (ids.includes(ref)) return ref;
    for (const id of ids) if ((await this.issuer(id))?.name === ref) return id;
    throw new Error(E.errIssuerRef(ref));
  }

  async resolveKey(ref: string): Promise<string> {
    if (ref === 'default') {
      const d = await this.keyDefault();
      if (d === '') throw new Error(E.ERR_NO_DEFAULT_KEY);
      return d;
    }
    const ids = await this.keyIds();
    if (ids.includes(ref)) return ref;
    for (const id of ids) if ((await this.key(id))?.name === ref) return id;
    throw new Error(E.errKeyRef(ref));
  }

  /** The resolved id, or undefined with the resolver's message. */
  async tryResolveIssuer(ref: string): Promise<{ id?: string; error?: string }> {
    try { return { id: await this.resolveIssuer(ref) }; } catch (e) { return { error: (e as Error).message }; }
  }

  async privateKey(keyId: string): Promise<PrivateKey | undefined> {
    const k = await this.key(keyId);
    return k === undefined ? undefined : keyFromPem(k.pem);
  }

  // ---- certificate store ------------------------------------------------------------------------------
  async storeCert(der: Uint8Array, issuerId: string, info?: Pick<CertInfo, 'serial'>): Promise<void> {
    const serial = (info ?? parseCert(der)).serial;
    await this.putJson(`certs/${serialStorage(serial)}`, { der: Buffer.from(der).toString('base64'), issuer_id: issuerId } satisfies CertRecord);
  }
  cert(serial: string): Promise<CertRecord | undefined> { return this.getJson(`certs/${serialStorage(serial)}`); }
  revoked(serial: string): Promise<RevokedRecord | undefined> { return this.getJson(`revoked/${serialStorage(serial)}`); }

  async urls(): Promise<AiaUrls> {
    return (await this.getJson<AiaUrls>('urls')) ?? { issuing_certificates: [], crl_distribution_points: [], ocsp_servers: [], enable_templating: false };
  }
  async crlConfig(): Promise<CrlConfig> { return { ...DEFAULT_CRL_CONFIG, ...(await this.getJson<Partial<CrlConfig>>('config/crl')) }; }
}

export function newIssuerEntry(id: string, pem: string, der: Uint8Array, keyId: string, name: string): IssuerEntry {
  return {
    id, name, key_id: keyId, certificate: pem.trim() + '\n', der: Buffer.from(der).toString('base64'), manual_chain: null,
    usage: [...ALL_USAGES], leaf_not_after_behavior: 'err', revocation_signature_algorithm: '', revoked: false,
    revocation_time: 0, revocation_time_ms: 0, aia: null,
  };
}

export const issuerDer = (e: IssuerEntry): Buffer => Buffer.from(e.der, 'base64');
