// The audit table and per-device secrets, kept in the Storage view core gives the broker (an
// encrypted barrier view), so devices come back after a restart or unseal. Vault keeps the same
// facts at `core/audit` (the table) and `audit/<uuid>/salt` (openbao internal/vault/audit.go
// persistAudit, loadAudits; sdk/helper/salt). Layout inside the view:
//   table                 JSON array of AuditTableEntry
//   devices/<uuid>/salt   the device's HMAC salt (a UUID string, as Vault's)
//   devices/<uuid>/head   minivault's chain head {"seq":N,"hash":"<hex>"}
import type { Storage } from '../storage/types.js';
import type { AuditDeviceInfo, ChainHead } from './types.js';

export interface AuditTableEntry {
  path: string;
  type: string;
  description: string;
  options: Record<string, string>;
  local: boolean;
  uuid: string;
  accessor: string;
}

const TABLE_KEY = 'table';
const saltKey = (uuid: string) => `devices/${uuid}/salt`;
const headKey = (uuid: string) => `devices/${uuid}/head`;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function getJson(storage: Storage, key: string): Promise<unknown> {
  const raw = await storage.get(key);
  return raw === undefined ? undefined : JSON.parse(decoder.decode(raw));
}

function putJson(storage: Storage, key: string, value: unknown): Promise<void> {
  return storage.put(key, encoder.encode(JSON.stringify(value)));
}

/** Whether any audit device was ever enabled here (the table exists), without reading it. */
export async function hasTable(storage: Storage): Promise<boolean> {
  return (await storage.get(TABLE_KEY)) !== undefined;
}

export async function readTable(storage: Storage): Promise<AuditTableEntry[]> {
  const value = await getJson(storage, TABLE_KEY);
  return Array.isArray(value) ? (value as AuditTableEntry[]) : [];
}

export function writeTable(storage: Storage, entries: readonly AuditTableEntry[]): Promise<void> {
  return putJson(storage, TABLE_KEY, entries);
}

export async function readSalt(storage: Storage, uuid: string): Promise<string | undefined> {
  const raw = await storage.get(saltKey(uuid));
  return raw === undefined ? undefined : decoder.decode(raw);
}

export function writeSalt(storage: Storage, uuid: string, salt: string): Promise<void> {
  return storage.put(saltKey(uuid), encoder.encode(salt));
}

export async function readHead(storage: Storage, uuid: string): Promise<ChainHead | undefined> {
  const value = (await getJson(storage, headKey(uuid))) as ChainHead | undefined;
  return value && Number.isSafeInteger(value.seq) && typeof value.hash === 'string' ? value : undefined;
}

export function writeHead(storage: Storage, uuid: string, head: ChainHead): Promise<void> {
  return putJson(storage, headKey(uuid), { seq: head.seq, hash: head.hash });
}

/** Disabling forgets the device's salt and head (Vault destroys the salt with the device). */
export async function deleteDeviceSecrets(storage: Storage, uuid: string): Promise<void> {
  await storage.delete(saltKey(uuid));
  await storage.delete(headKey(uuid));
}

/** A row of `GET sys/audit`, keys in Go's map order. */
export function deviceInfo(e: AuditTableEntry): AuditDeviceInfo {
  return { description: e.description, local: e.local, options: { ...e.options }, path: e.path, type: e.type };
}

/** Vault's overlap rule: a new path may not equal, contain or sit under an existing one. */
export function pathInUse(entries: readonly AuditTableEntry[], path: string): boolean {
  return entries.some((e) => e.path.startsWith(path) || path.startsWith(e.path));
}
