// Transit key management: LIST keys, keys/:name (create, read, delete), keys/:name/config,
// keys/:name/rotate and keys/:name/trim, with Vault's validation order and error texts
// (V path_keys.go pathKeysList/pathPolicyWrite/pathPolicyRead/pathPolicyDelete,
// path_keys_config.go pathKeysConfigWrite, path_rotate.go pathRotateWrite, path_trim.go
// pathTrimUpdate; KU policy.go, lock_manager.go).
import * as E from '../../errors/transit.js';
import { GoError, unsupportedError, VaultError } from '../../errors/vault-error.js';
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { goBase64Decode } from './crypto.js';
import { IMPLEMENTED_TYPES, KEY_TYPES, SYMMETRIC_KEY_BYTES, type PolicyStore } from './policy.js';

const HOUR = 3600;
const bad = (msg: string) => new VaultError(400, msg);

export async function listKeys(store: PolicyStore): Promise<LogicalResponse> {
  const keys = await store.list();
  // An empty list is Vault's 404 (logical.ListResponse + RespondErrorCommon).
  if (keys.length === 0) throw new VaultError(404, '', []);
  return { data: { keys } };
}

/** V path_keys.go pathPolicyWrite: validation steps 1–5, then create (or return the existing key). */
export async function createKey(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const name = req.captures.name!;
  const derived = d.get<boolean>('derived');
  const convergent = d.get<boolean>('convergent_encryption');
  const type = d.get<string>('type');
  const keySize = d.get<number>('key_size');
  const period = d.get<number>('auto_rotate_period');
  if (period !== 0 && period < HOUR) throw bad(E.ERR_TRANSIT_AUTO_ROTATE_PERIOD);
  if (convergent && !derived) throw bad(E.ERR_TRANSIT_CONVERGENT_NEEDS_DERIVED);
  if (!Object.hasOwn(KEY_TYPES, type)) throw bad(E.errTransitUnknownKeyType(type));
  if (keySize !== 0) {
    if (type !== 'hmac') throw bad(E.errTransitKeySizeNotValid(type));
    if (keySize < 32 || keySize > 512) throw bad(E.errTransitInvalidKeySize(keySize));
  }
  if (type === 'aes128-cmac' || type === 'aes256-cmac') throw bad(E.ERR_TRANSIT_CMAC_ENT_ONLY);
  if (type === 'managed_key') throw new GoError(500, E.ERR_TRANSIT_MANAGED_ENT_ONLY);
  return store.exclusive(name, async () => {
    const existing = await store.getLocked(name);
    if (existing !== undefined) return { data: existing.format() };
    if (!IMPLEMENTED_TYPES.has(type)) throw unsupportedError(bad(E.errTransitKeyTypeNotImplemented(type)));
    // KU policy.go RotateInMemory: the per-type checks of a new key, bare errors (500).
    if (!Object.hasOwn(SYMMETRIC_KEY_BYTES, type) && type !== 'ed25519' && (derived || convergent)) {
      throw new GoError(500, E.errTransitDerivationNotSupported(type));
    }
    if (type === 'ed25519' && convergent) throw new GoError(500, E.errTransitConvergentNotSupported(type));
    if (type === 'hmac' && keySize === 0) throw new GoError(500, E.ERR_TRANSIT_HMAC_KEY_SIZE);
    const p = await store.create({
      name, type, derived, convergent, exportable: d.get<boolean>('exportable'),
      allowPlaintextBackup: d.get<boolean>('allow_plaintext_backup'), autoRotateSeconds: period, keySize,
    });
    return { data: p.format() };
  });
}

/** V path_keys.go pathPolicyRead: missing key → 404 without errors. */
export async function readKey(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse | null> {
  const p = await store.get(req.captures.name!);
  if (p === undefined) return null;
  const context = d.get<string>('context');
  // The context only matters for derived Ed25519 public keys; it is still decoded (and checked) first.
  const decoded = goBase64Decode(context);
  if (context !== '' && !decoded.ok) throw bad(E.ERR_TRANSIT_CONTEXT_BASE64);
  return { data: p.format(decoded.ok ? decoded.bytes : undefined) };
}

export async function deleteKey(store: PolicyStore, req: FrameworkRequest): Promise<null> {
  const name = req.captures.name!;
  return store.exclusive(name, () => deleteLocked(store, name));
}

async function deleteLocked(store: PolicyStore, name: string): Promise<null> {
  const p = await store.getLocked(name);
  if (p === undefined) throw bad(E.errTransitDeleteNotFound(name));
  if (!p.data.deletion_allowed) throw bad(E.errTransitDeleteNotAllowed(name));
  await store.delete(name);
  return null;
}

/** hashicorp/vault builtin/logical/transit/path_keys_config.go pathKeysConfigWrite: its checks in Vault's order. */
export async function configKey(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const name = req.captures.name!;
  return store.exclusive(name, () => configLocked(store, name, d));
}

async function configLocked(store: PolicyStore, name: string, d: FieldData): Promise<LogicalResponse> {
  const p = await store.getLocked(name);
  if (p === undefined) throw bad(E.errTransitConfigNoKey(name));
  const saved = JSON.stringify(p.data);
  const restore = (msg: string) => {
    p.data = JSON.parse(saved) as typeof p.data; // rule 8: the in-memory policy goes back
    return bad(msg);
  };
  const warnings: string[] = [];
  let persist = false;
  const minDec = d.getOk<number>('min_decryption_version');
  if (minDec.ok) {
    let v = minDec.value;
    if (v < 0) throw restore(E.ERR_TRANSIT_MIN_DEC_NEGATIVE);
    if (v === 0) {
      v = 1;
      warnings.push(E.WARN_TRANSIT_MIN_DEC_FORCED);
    }
    if (v !== p.data.min_decryption_version) {
      if (v > p.data.latest_version) throw restore(E.errTransitMinDecTooHigh(v, p.data.latest_version));
      p.data.min_decryption_version = v;
      persist = true;
    }
  }
  const minEnc = d.getOk<number>('min_encryption_version');
  if (minEnc.ok) {
    const v = minEnc.value;
    if (v < 0) throw restore(E.ERR_TRANSIT_MIN_ENC_NEGATIVE);
    if (v !== p.data.min_encryption_version) {
      if (v > p.data.latest_version) throw restore(E.errTransitMinEncTooHigh(v, p.data.latest_version));
      p.data.min_encryption_version = v;
      persist = true;
    }
  }
  const { min_encryption_version: enc, min_decryption_version: dec } = p.data;
  if (enc > 0 && enc < dec) throw restore(E.errTransitMinEncBelowDec(enc, dec));
  const del = d.getOk<boolean>('deletion_allowed');
  if (del.ok && del.value !== p.data.deletion_allowed) {
    p.data.deletion_allowed = del.value;
    persist = true;
  }
  // exportable and allow_plaintext_backup can only be switched on.
  const exp = d.getOk<boolean>('exportable');
  if (exp.ok && exp.value && !p.data.exportable) {
    p.data.exportable = true;
    persist = true;
  }
  const apb = d.getOk<boolean>('allow_plaintext_backup');
  if (apb.ok && apb.value && !p.data.allow_plaintext_backup) {
    p.data.allow_plaintext_backup = true;
    persist = true;
  }
  const arp = d.getOk<number>('auto_rotate_period');
  if (arp.ok) {
    if (arp.value !== 0 && arp.value < HOUR) throw restore(E.ERR_TRANSIT_AUTO_ROTATE_PERIOD);
    if (arp.value * 1e9 !== p.data.auto_rotate_period) {
      p.data.auto_rotate_period = arp.value * 1e9;
      persist = true;
    }
  }
  if (persist) {
    if (p.data.min_available_version > p.data.min_encryption_version) throw restore(E.ERR_TRANSIT_MIN_ENC_BELOW_AVAILABLE);
    if (p.data.min_available_version > p.data.min_decryption_version) throw restore(E.ERR_TRANSIT_MIN_DEC_BELOW_AVAILABLE);
    await store.persist(p);
  }
  const resp: LogicalResponse = { data: p.format() };
  if (warnings.length > 0) resp.warnings = warnings;
  return resp;
}

export async function rotateKey(store: PolicyStore, req: FrameworkRequest): Promise<LogicalResponse> {
  return store.exclusive(req.captures.name!, async () => {
    const p = await store.getLocked(req.captures.name!);
    if (p === undefined) throw bad(E.ERR_TRANSIT_ROTATE_NOT_FOUND);
    if (p.data.imported_key && !p.data.allow_imported_key_rotation) throw new GoError(500, E.errTransitImportedNoRotation(p.name));
    await store.rotate(p);
    return { data: p.format() };
  });
}

/** hashicorp/vault builtin/logical/transit/path_trim.go pathTrimUpdate: its checks in Vault's order. */
export async function trimKey(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  return store.exclusive(req.captures.name!, () => trimLocked(store, req.captures.name!, d));
}

async function trimLocked(store: PolicyStore, name: string, d: FieldData): Promise<LogicalResponse> {
  const p = await store.getLocked(name);
  if (p === undefined) throw bad(E.ERR_TRANSIT_TRIM_INVALID_NAME);
  const f = d.getOk<number>('min_available_version');
  if (!f.ok) throw bad(E.ERR_TRANSIT_TRIM_MISSING);
  const v = f.value;
  const { min_available_version: avail, min_encryption_version: enc, min_decryption_version: dec } = p.data;
  if (v < avail) throw bad(E.ERR_TRANSIT_TRIM_DECREMENT);
  if (enc === 0) throw bad(E.ERR_TRANSIT_TRIM_NO_MIN_ENC);
  if (dec === 0) throw bad(E.ERR_TRANSIT_TRIM_NO_MIN_DEC);
  if (v > enc) throw bad(E.ERR_TRANSIT_TRIM_ABOVE_ENC);
  if (v > dec) throw bad(E.ERR_TRANSIT_TRIM_ABOVE_DEC);
  if (v < 0) throw bad(E.ERR_TRANSIT_TRIM_NEGATIVE);
  if (v === 0) throw bad(E.ERR_TRANSIT_TRIM_ZERO);
  p.data.min_available_version = v;
  await store.persist(p);
  return { data: p.format() };
}

// ---- config/keys (V path_config_keys.go): engine-wide key settings, stored at `config/keys` ----

/** Whether encrypt may create missing keys (`disable_upsert`, default false). */
export async function readDisableUpsert(store: PolicyStore): Promise<boolean> {
  const raw = await store.storage.get('config/keys');
  return raw === undefined ? false : (JSON.parse(new TextDecoder().decode(raw)) as { disable_upsert?: boolean }).disable_upsert === true;
}

export async function readConfigKeys(store: PolicyStore): Promise<LogicalResponse> {
  return { data: { disable_upsert: await readDisableUpsert(store) } };
}

/** V path_config_keys.go pathConfigKeysWrite: a missing disable_upsert means false. */
export async function writeConfigKeys(store: PolicyStore, _req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const value = d.get<boolean>('disable_upsert');
  if (value !== (await readDisableUpsert(store))) {
    await store.storage.put('config/keys', new TextEncoder().encode(JSON.stringify({ disable_upsert: value })));
  }
  return { data: { disable_upsert: value } };
}
