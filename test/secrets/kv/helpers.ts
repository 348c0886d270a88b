// Shared set-up for the KV tests: a KV v2 backend on MemoryStorage with a manual clock, a raw
// request helper, storage snapshots for "nothing changed" checks, and an in-process API caller
// (the envelope a Vault server would send) for the client-side rollback.
import { expect } from 'vitest';
import { isVaultError, VaultError } from '../../../src/errors/vault-error.js';
import { KvBackend } from '../../../src/secrets/kv/backend.js';
import { KvDirect } from '../../../src/secrets/kv/direct.js';
import type { KvApiCall } from '../../../src/client/kv-rollback.js';
import type { Backend, LogicalResponse, Operation } from '../../../src/logical/types.js';
import { MemoryStorage } from '../../../src/storage/memory.js';
import { ManualClock } from '../../../src/util/clock.js';
import { SeededRandom } from '../../../src/util/random.js';

export const T0 = Date.UTC(2026, 0, 1);

export function setup() {
  const storage = new MemoryStorage();
  const clock = new ManualClock(T0);
  const backend = new KvBackend({ storage, clock, random: new SeededRandom('kv-tests') });
  const kv = new KvDirect(backend, { mountPoint: 'secret/' });
  const call = (operation: Operation, path: string, data: Record<string, unknown> = {}): Promise<LogicalResponse | null> =>
    backend.handle({ operation, path, data, mountPoint: 'secret/' });
  return { storage, clock, backend, kv, call };
}

/** Every key and value of the storage, as text, for before/after comparisons. */
export function snapshot(storage: MemoryStorage): Record<string, string> {
  const out: Record<string, string> = {};
  const dec = new TextDecoder();
  for (const [k, v] of storage.entries()) out[k] = dec.decode(v);
  return out;
}

/** Awaits a rejection and checks it is Vault's error with this status and message. */
export async function expectVaultError(p: Promise<unknown>, status: number, message?: string): Promise<VaultError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(isVaultError(caught), `expected a VaultError, got ${String(caught)}`).toBe(true);
  const err = caught as VaultError;
  expect(err.status).toBe(status);
  if (message !== undefined) expect(err.message).toBe(message);
  return err;
}

/**
 * An in-process API caller over mounted backends, answering as Vault's HTTP layer would: 200 with
 * the envelope, 204 without a body, a backend-chosen status with its body, or `{"errors": [...]}`.
 */
export function apiCaller(mounts: Record<string, Backend>): KvApiCall {
  return async (operation, path, data = {}) => {
    const mount = Object.keys(mounts).filter((m) => path.startsWith(m)).sort((a, b) => b.length - a.length)[0];
    if (mount === undefined) return { status: 404, body: { errors: [`no handler for route "${path}". route entry not found.`] } };
    const backend = mounts[mount]!;
    const rel = path.slice(mount.length);
    try {
      let op = operation;
      if (op === 'update' && backend.exists && !(await backend.exists({ operation, path: rel, data, mountPoint: mount }))) op = 'create';
      const res = await backend.handle({ operation: op, path: rel, data, mountPoint: mount });
      if (res === null) return { status: 204, body: undefined };
      const envelope = {
        request_id: 'test', lease_id: '', renewable: res.renewable ?? false, lease_duration: res.lease_duration ?? 0,
        data: res.data ?? null, wrap_info: null, warnings: res.warnings ?? null, auth: null, mount_type: backend.type,
      };
      if (res.status !== undefined) return { status: res.status, body: res.data === undefined ? undefined : envelope };
      return { status: 200, body: envelope };
    } catch (e) {
      if (isVaultError(e)) return { status: e.status, body: { errors: e.errors } };
      throw e;
    }
  };
}
