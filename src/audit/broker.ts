// Vault's audit broker and audit table (openbao internal/vault/audit_broker.go LogRequest,
// LogResponse, GetHash; internal/vault/audit.go enableAudit, disableAudit, loadAudits,
// teardownAudits). Every request is offered to every device; it goes ahead if at least one wrote
// its entry, and is refused with 500 "internal error" when all failed. The table, salts and
// chain heads live in the Storage view core passes in (see table.ts); heads are written in
// batches (see src/audit-chain/CHAIN.md, "Keeping the head").
import { ERR_INTERNAL } from '../errors/core.js';
import {
  ERR_AUDIT_LOAD_FAILED, ERR_AUDIT_PATH_IN_USE, ERR_AUDIT_PATH_REQUIRED, ERR_AUDIT_UPDATE_TABLE,
  errAuditTestFailed, errAuditUnknownDevice, errAuditUnknownType,
} from '../errors/audit.js';
import { VaultError } from '../errors/vault-error.js';
import type { PathSpec } from '../framework/types.js';
import type { Storage } from '../storage/types.js';
import { goNow, systemClock, type Clock } from '../util/clock.js';
import { randomUUID, systemRandom, type RandomSource } from '../util/random.js';
import { AuditDevice } from './device.js';
import { digests, type DigestEngine, type Digests } from './digest.js';
import { HeadKeeper, type HeadFlushPolicy } from './heads.js';
import { AuditOptionError, isAuditDeviceType } from './options.js';
import { openDevice } from './open-device.js';
import type { MemorySink } from './sinks.js';
import { auditPaths } from './sys.js';
import {
  deleteDeviceSecrets, deviceInfo, pathInUse, readTable, writeSalt, writeTable, type AuditTableEntry,
} from './table.js';
import type { AuditDeviceConfig, AuditDeviceInfo, AuditRequestInput, AuditResponseInput, ChainHead } from './types.js';
import { SerialQueue } from '../util/serial-queue.js';

export interface AuditBrokerOptions {
  /** Where the table, salts and chain heads are kept (core passes an encrypted barrier view). */
  storage: Storage;
  clock?: Clock;
  random?: RandomSource;
  /** Force a digest implementation (default: node:crypto when present, else @noble/hashes). */
  digest?: DigestEngine;
  /** How often chain heads are written to storage (default: every 1000 entries or 1 s). */
  headFlush?: Partial<HeadFlushPolicy>;
  /** Told about each device failure (Vault logs these server-side; the client sees only a 500). */
  onDeviceError?: (path: string, error: unknown) => void;
}

/** `file/` from `file`, `/file`, `file/`. */
function normalisePath(path: string): string {
  const trimmed = path.startsWith('/') ? path.slice(1) : path;
  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

function badRequest(message: string): VaultError {
  return new VaultError(400, message);
}

export class AuditBroker {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #random: RandomSource;
  readonly #digests: Digests;
  readonly #onError: (path: string, error: unknown) => void;
  readonly #heads: HeadKeeper;
  #table: AuditTableEntry[] = [];
  #devices = new Map<string, AuditDevice>();
  /** Memory devices keep their lines across seal/unseal for the life of the broker. */
  readonly #memorySinks = new Map<string, MemorySink>();
  #loaded = false;
  readonly #tableLock = new SerialQueue();

  constructor(opts: AuditBrokerOptions) {
    this.#storage = opts.storage;
    this.#clock = opts.clock ?? systemClock;
    this.#random = opts.random ?? systemRandom;
    this.#digests = digests(opts.digest);
    this.#onError = opts.onDeviceError ?? (() => {});
    this.#heads = new HeadKeeper(opts.storage, opts.headFlush, () => this.#devices.values(), this.#onError);
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  /** Paths of the devices that receive entries. */
  devicePaths(): string[] {
    return [...this.#devices.keys()];
  }

  /** Reads the table and opens every device (on unseal). A device that cannot open is skipped. */
  async load(): Promise<void> {
    if (this.#loaded) return;
    const table = await readTable(this.#storage);
    const devices = new Map<string, AuditDevice>();
    for (const entry of table) {
      try {
        devices.set(entry.path, await this.#open(entry, undefined));
      } catch (e) {
        this.#onError(entry.path, e);
      }
    }
    if (table.length > 0 && devices.size === 0) throw new VaultError(500, ERR_AUDIT_LOAD_FAILED);
    this.#table = table;
    this.#devices = devices;
    this.#loaded = true;
  }

  /** Writes the chain heads and closes every device (on seal and shutdown). */
  async unload(): Promise<void> {
    if (!this.#loaded) return;
    await this.flushHeads().catch((e: unknown) => this.#onError('', e));
    for (const device of this.#devices.values()) device.close();
    this.#heads.stop();
    this.#devices = new Map();
    this.#table = [];
    this.#loaded = false;
  }

  /** `GET sys/audit`: the table, sorted by path. */
  list(): AuditDeviceInfo[] {
    return this.#table.map(deviceInfo).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** `PUT sys/audit/:path`; throws VaultError(400) with Vault's message and changes nothing. */
  enable(path: string, config: AuditDeviceConfig): Promise<void> {
    return this.#serialised(() => this.#enable(normalisePath(path), config));
  }

  /** `DELETE sys/audit/:path`; a path with no device is not an error. */
  disable(path: string): Promise<void> {
    return this.#serialised(() => this.#disable(normalisePath(path)));
  }

  /** `sys/audit-hash/:path`: `hmac-sha256:<hex>` of `input` under that device's salt. */
  hash(path: string, input: string): string {
    const key = normalisePath(path);
    const device = this.#devices.get(key);
    if (!device) throw badRequest(errAuditUnknownDevice(key));
    return device.hash(input);
  }

  /** Writes the request entry before the request acts; all devices failing → 500 internal error. */
  logRequest(input: AuditRequestInput): Promise<void> {
    if (this.#devices.size === 0) return Promise.resolve();
    const time = goNow(this.#clock);
    return this.#fanOut((d) => d.logRequest(input, time));
  }

  /** Writes the response entry; all devices failing → 500 internal error (the result is dropped). */
  logResponse(input: AuditResponseInput): Promise<void> {
    if (this.#devices.size === 0) return Promise.resolve();
    const time = goNow(this.#clock);
    return this.#fanOut((d) => d.logResponse(input, time));
  }

  /** The sys/ paths this broker answers (`audit`, `audit/:path`, `audit-hash/:path`). */
  paths(): PathSpec[] {
    return auditPaths(async () => this);
  }

  /** The current chain head of a device (what has been written, flushed to storage or not). */
  head(path: string): ChainHead | undefined {
    return this.#devices.get(normalisePath(path))?.head();
  }

  /** Writes every changed chain head to storage now. */
  flushHeads(): Promise<void> {
    return this.#heads.flush();
  }

  /** The store of a `memory` device (for tests: `entries()`, `lines()`, `failWith()`). */
  memory(path: string): MemorySink | undefined {
    const device = this.#devices.get(normalisePath(path));
    return device?.type === 'memory' ? this.#memorySinks.get(device.uuid) : undefined;
  }

  async #fanOut(write: (d: AuditDevice) => Promise<void> | undefined): Promise<void> {
    let written = 0;
    let pending: Array<Promise<void>> | undefined;
    for (const device of this.#devices.values()) {
      try {
        const p = write(device);
        if (p === undefined) written++;
        else (pending ??= []).push(p.then(() => void written++, (e: unknown) => this.#onError(device.path, e)));
      } catch (e) {
        this.#onError(device.path, e);
      }
    }
    if (pending) await Promise.all(pending);
    if (written === 0) throw new VaultError(500, ERR_INTERNAL);
    await this.#heads.noteAppend();
  }

  #serialised<T>(fn: () => Promise<T>): Promise<T> {
    return this.#tableLock.run(fn);
  }

  #open(entry: AuditTableEntry, salt: string | undefined): Promise<AuditDevice> {
    return openDevice({
      entry, salt, storage: this.#storage, digests: this.#digests, memorySinks: this.#memorySinks,
      newSalt: () => randomUUID(this.#random),
    });
  }

  /** Changing the table before load() would overwrite the stored one with a partial copy. */
  #assertLoaded(): void {
    if (!this.#loaded) throw new Error('audit broker: load() must run before the device table changes');
  }

  async #enable(path: string, config: AuditDeviceConfig): Promise<void> {
    this.#assertLoaded();
    if (path === '/') throw badRequest(ERR_AUDIT_PATH_REQUIRED);
    if (pathInUse(this.#table, path)) throw badRequest(ERR_AUDIT_PATH_IN_USE);
    const type = config.type ?? '';
    if (!isAuditDeviceType(type)) throw badRequest(errAuditUnknownType(type));
    const uuid = randomUUID(this.#random);
    const entry: AuditTableEntry = {
      path, type, description: config.description ?? '', options: { ...(config.options ?? {}) },
      local: config.local ?? false, uuid, accessor: `audit_${type}_${uuid.slice(0, 8)}`,
    };
    const salt = randomUUID(this.#random);
    let device: AuditDevice;
    try {
      device = await this.#open(entry, salt);
    } catch (e) {
      if (e instanceof AuditOptionError) throw badRequest(e.message);
      throw e;
    }
    try {
      await this.#probe(device);
      await writeSalt(this.#storage, uuid, salt);
      await writeTable(this.#storage, [...this.#table, entry]);
    } catch (e) {
      device.close();
      this.#memorySinks.delete(uuid);
      await deleteDeviceSecrets(this.#storage, uuid).catch(() => undefined);
      throw e instanceof VaultError ? e : badRequest(ERR_AUDIT_UPDATE_TABLE);
    }
    this.#table = [...this.#table, entry];
    this.#devices.set(path, device);
    this.#heads.markDirty();
  }

  async #probe(device: AuditDevice): Promise<void> {
    if (device.settings.skipTest) return;
    try {
      await device.logTestProbe(randomUUID(this.#random), goNow(this.#clock));
    } catch (e) {
      throw badRequest(errAuditTestFailed(e instanceof Error ? e.message : String(e)));
    }
  }

  async #disable(path: string): Promise<void> {
    this.#assertLoaded();
    if (path === '/') throw badRequest(ERR_AUDIT_PATH_REQUIRED);
    const entry = this.#table.find((e) => e.path === path);
    if (!entry) return;
    const rest = this.#table.filter((e) => e !== entry);
    try {
      await writeTable(this.#storage, rest);
    } catch {
      throw badRequest(ERR_AUDIT_UPDATE_TABLE);
    }
    this.#table = rest;
    this.#devices.get(path)?.close();
    this.#devices.delete(path);
    this.#memorySinks.delete(entry.uuid);
    await this.#heads.settled();
    await deleteDeviceSecrets(this.#storage, entry.uuid).catch((e: unknown) => this.#onError(path, e));
  }
}
