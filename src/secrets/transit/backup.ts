// backup/:name, restore(/:name) and cache-config (V builtin/logical/transit path_backup.go,
// path_restore.go, path_cache_config.go; KU sdk/helper/keysutil lock_manager.go BackupPolicy /
// RestorePolicy, policy.go Backup, KeyData, archivedKeys, KeyEntry). A backup is base64 of the
// JSON Vault writes: `{"policy":…,"archived_keys":{"keys":[…]}}\n`, members in Go's struct order,
// big integers (ECDSA coordinates, RSA parameters) as JSON numbers, the archive indexed by
// version − archive_min_version. Restoring parses those numbers without losing precision.
import * as E from '../../errors/transit.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { goNow } from '../../util/clock.js';
import type { RsaKeyJson } from './asym.js';
import { goBase64Decode } from './crypto.js';
import { inverse } from './rawsign.js';
import { Policy, type ArchiveData, type KeyEntry, type PolicyData, type PolicyStore } from './policy.js';

const bad = (msg: string) => new VaultError(400, msg);
const BIG = '#minivault-big#';
const big = (v: string | null | undefined): string | null => (v === null || v === undefined ? null : `${BIG}${v}`);

/** KU policy.go KeyEntry in its JSON member order. */
function entryJson(e: KeyEntry | null | undefined): Record<string, unknown> {
  if (!e) {
    return {
      key: null, hmac_key: null, time: '0001-01-01T00:00:00Z', ec_x: null, ec_y: null, ec_d: null, rsa_key: null,
      rsa_public_key: null, public_key: '', convergent_version: 0, creation_time: 0, certificate_chain: null,
    };
  }
  const r = e.rsa_key;
  const pub = e.rsa_public_key ?? (r ? { N: r.N, E: r.E } : null);
  const rsaKey = r ? {
    N: big(r.N), E: r.E, D: big(r.D), Primes: r.Primes.map(big),
    Precomputed: { Dp: big(r.Precomputed.Dp), Dq: big(r.Precomputed.Dq), Qinv: big(r.Precomputed.Qinv), CRTValues: [] },
  } : null;
  return {
    key: e.key ?? null, hmac_key: e.hmac_key ?? null, time: e.time, ec_x: big(e.ec_x), ec_y: big(e.ec_y), ec_d: big(e.ec_d),
    // KU policy.go LoadPolicy fills RSAPublicKey from RSAKey whenever a policy is loaded, so it shows.
    rsa_key: rsaKey, rsa_public_key: pub ? { N: big(pub.N), E: pub.E } : null,
    public_key: e.public_key ?? '', convergent_version: e.convergent_version ?? 0, creation_time: e.creation_time, certificate_chain: e.certificate_chain ?? null,
  };
}

/** KU policy.go Policy in its JSON member order (Imported/AllowImportedKeyRotation have no tags). */
function policyJson(d: PolicyData): Record<string, unknown> {
  const keys: Record<string, unknown> = {};
  for (const [v, e] of Object.entries(d.keys)) keys[v] = entryJson(e);
  return {
    name: d.name, ...(d.key_size ? { key_size: d.key_size } : {}), keys, derived: d.derived, kdf: d.kdf,
    convergent_encryption: d.convergent_encryption, exportable: d.exportable, min_decryption_version: d.min_decryption_version,
    min_encryption_version: d.min_encryption_version, latest_version: d.latest_version, archive_version: d.archive_version,
    archive_min_version: d.archive_min_version, min_available_version: d.min_available_version, deletion_allowed: d.deletion_allowed,
    convergent_version: d.convergent_version, type: d.type, backup_info: d.backup_info ?? null, restore_info: d.restore_info ?? null,
    allow_plaintext_backup: d.allow_plaintext_backup, version_template: '', storage_prefix: '',
    auto_rotate_period: d.auto_rotate_period, Imported: d.imported_key, AllowImportedKeyRotation: d.allow_imported_key_rotation === true,
  };
}

export async function backup(store: PolicyStore, req: FrameworkRequest): Promise<LogicalResponse> {
  const name = req.captures.name!;
  return store.exclusive(name, async () => {
    const p = await store.getLocked(name);
    if (p === undefined) throw new GoError(500, E.errTransitBackupNotFound(name));
    if (!p.data.exportable) throw new GoError(500, E.ERR_TRANSIT_BACKUP_NOT_EXPORTABLE);
    if (!p.data.allow_plaintext_backup) throw new GoError(500, E.ERR_TRANSIT_BACKUP_NO_PLAINTEXT);
    p.data.backup_info = { time: goNow(store.clock), version: p.data.latest_version };
    const archive = await store.archive(name);
    await store.persist(p, archive);
    const from = p.data.archive_min_version;
    const archived: Record<string, unknown>[] = [];
    for (let v = from; v <= p.data.latest_version; v++) archived.push(entryJson(archive.keys[v]));
    const text = JSON.stringify({ policy: policyJson(p.data), archived_keys: { keys: archived } })
      .replace(new RegExp(`"${BIG}(-?[0-9]+)"`, 'g'), '$1');
    // jsonutil.EncodeJSON uses a json.Encoder: the document ends with a newline.
    return { data: { backup: Buffer.from(`${text}\n`).toString('base64') } };
  });
}

/** JSON.parse that keeps integers beyond 2^53 exact, as decimal strings. */
function parseExact(text: string): unknown {
  const quoted = text.replace(/("(?:[^"\\]|\\.)*")|(-?[0-9]{16,})(?![0-9.eE])/g, (m, str: string | undefined) => (str !== undefined ? m : `"${m}"`));
  try {
    return JSON.parse(quoted) as unknown;
  } catch {
    const first = text.trimStart()[0];
    throw new GoError(500, first === undefined ? E.ERR_GO_JSON_EOF : E.errGoJsonInvalidChar(first));
  }
}

type Raw = Record<string, unknown>;
const bigStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function entryFrom(raw: unknown): KeyEntry | null {
  if (raw === null || typeof raw !== 'object') return null;
  const e = raw as Raw;
  if (e.key == null && e.hmac_key == null && e.ec_d == null && e.ec_x == null && e.rsa_key == null && e.rsa_public_key == null) return null;
  const r = e.rsa_key as Raw | null | undefined;
  const pre = (r?.Precomputed ?? {}) as Raw;
  let rsaKey: RsaKeyJson | null = null;
  if (r) {
    const primes = ((r.Primes ?? []) as unknown[]).map((x) => bigStr(x)!);
    const [D, P, Q] = [BigInt(bigStr(r.D)!), BigInt(primes[0]!), BigInt(primes[1]!)];
    // A backup written without the precomputed CRT values gets them recomputed from D and the primes.
    rsaKey = {
      N: bigStr(r.N)!, E: Number(r.E), D: D.toString(), Primes: primes,
      Precomputed: {
        Dp: bigStr(pre.Dp) ?? (D % (P - 1n)).toString(), Dq: bigStr(pre.Dq) ?? (D % (Q - 1n)).toString(),
        Qinv: bigStr(pre.Qinv) ?? inverse(Q, P).toString(), CRTValues: [],
      },
    };
  }
  const pub = e.rsa_public_key as Raw | null | undefined;
  const out: KeyEntry = {
    key: (e.key as string | null) ?? null, hmac_key: (e.hmac_key as string) ?? '', time: String(e.time ?? ''),
    creation_time: Number(e.creation_time ?? 0), ec_x: bigStr(e.ec_x), ec_y: bigStr(e.ec_y), ec_d: bigStr(e.ec_d),
    rsa_key: rsaKey, rsa_public_key: pub ? { N: bigStr(pub.N)!, E: Number(pub.E) } : null, public_key: String(e.public_key ?? ''),
  };
  if (e.convergent_version) out.convergent_version = Number(e.convergent_version);
  if (Array.isArray(e.certificate_chain)) out.certificate_chain = e.certificate_chain.map(String);
  return out;
}

const int = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

export async function restore(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<null> {
  const b64 = d.get<string>('backup');
  if (b64 === '') throw bad(E.ERR_TRANSIT_RESTORE_MISSING);
  let name = req.captures.name ?? '';
  if (name.includes('/')) throw new GoError(500, E.ERR_TRANSIT_RESTORE_PATH_NAME);
  const decoded = goBase64Decode(b64);
  if (!decoded.ok) throw new GoError(500, decoded.error);
  const doc = parseExact(new TextDecoder().decode(decoded.bytes)) as { policy?: Raw; archived_keys?: { keys?: unknown[] } } | null;
  const raw = doc?.policy ?? {};
  if (name === '') name = String(raw.name ?? '');
  return store.exclusive(name, async () => {
    if (!d.get<boolean>('force') && (await store.getLocked(name)) !== undefined) throw new GoError(500, E.errTransitRestoreExists(name));
    const keys: Record<string, KeyEntry> = {};
    for (const [v, e] of Object.entries((raw.keys ?? {}) as Raw)) {
      const entry = entryFrom(e);
      if (entry) keys[v] = entry;
    }
    const data: PolicyData = {
      name, keys, derived: raw.derived === true, kdf: int(raw.kdf), convergent_encryption: raw.convergent_encryption === true,
      convergent_version: int(raw.convergent_version), exportable: raw.exportable === true,
      min_decryption_version: int(raw.min_decryption_version), min_encryption_version: int(raw.min_encryption_version),
      latest_version: int(raw.latest_version), archive_version: int(raw.archive_version), archive_min_version: int(raw.archive_min_version),
      min_available_version: int(raw.min_available_version), deletion_allowed: raw.deletion_allowed === true, type: int(raw.type),
      allow_plaintext_backup: raw.allow_plaintext_backup === true, auto_rotate_period: int(raw.auto_rotate_period),
      imported_key: raw.Imported === true, allow_imported_key_rotation: raw.AllowImportedKeyRotation === true, backup_info: (raw.backup_info as PolicyData['backup_info']) ?? null,
      restore_info: { time: goNow(store.clock), version: int(raw.latest_version) },
    };
    if (raw.key_size) data.key_size = int(raw.key_size);
    // Vault's archive is indexed by version − archive_min_version; minivault's by version.
    const archive: ArchiveData = { keys: [] };
    const offset = data.archive_min_version;
    (doc?.archived_keys?.keys ?? []).forEach((e, i) => {
      const entry = entryFrom(e);
      if (entry) archive.keys[offset + i] = entry;
    });
    await store.persist(new Policy(data), archive);
    return null;
  });
}

export async function readCacheConfig(store: PolicyStore): Promise<LogicalResponse> {
  const raw = await store.storage.get('config/cache');
  const size = raw === undefined ? 0 : (JSON.parse(new TextDecoder().decode(raw)) as { size: number }).size;
  return { data: { size } };
}

export async function writeCacheConfig(store: PolicyStore, _req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const size = d.get<number>('size');
  if (size !== 0 && size < 10) throw bad(E.ERR_TRANSIT_CACHE_SIZE);
  await store.storage.put('config/cache', new TextEncoder().encode(JSON.stringify({ size })));
  return { data: { size } };
}
