// Shared set-up for the AppRole tests: an in-process dev vault with approle mounted, a login
// helper that goes through core with a chosen source address, and a look at the mount's storage.
import { createVault, type TestVault } from '../../../src/testing/index.js';
import type { CoreResponse } from '../../../src/core/types.js';

export async function vaultWithApprole(path = 'approle'): Promise<TestVault> {
  const vault = await createVault({ clock: 'manual', seed: 11 });
  const res = await vault.request('update', `sys/auth/${path}`, { type: 'approle' });
  if (res.status !== 204) throw new Error(`enable approle: ${JSON.stringify(res.body)}`);
  return vault;
}

export const body = (r: CoreResponse) => r.body as Record<string, unknown> & { data: Record<string, unknown>; errors?: string[] };
export const errors = (r: CoreResponse) => (r.body as { errors?: string[] }).errors;

/** Go's multierror text for one error (a plain Go error on a non-login path). */
export const wrapped = (msg: string) => `1 error occurred:\n\t* ${msg}\n\n`;

export const login = (vault: TestVault, data: Record<string, unknown>, remoteAddress = '127.0.0.1', mount = 'approle') =>
  vault.handle({ operation: 'update', path: `auth/${mount}/login`, data, token: '', remoteAddress });

type Auth = Record<string, unknown> & { client_token: string };
export const authOf = (r: { body?: unknown }) => (r.body as { auth: Auth }).auth;

/** Creates a role and returns its role_id and a fresh secret_id (with the given secret-id data). */
export async function roleWithSecret(
  vault: TestVault, name: string, role: Record<string, unknown> = {}, secret: Record<string, unknown> = {},
): Promise<{ roleId: string; secretId: string; accessor: string }> {
  const w = await vault.request('update', `auth/approle/role/${name}`, role);
  if (w.status !== 204 && w.status !== 200) throw new Error(`role: ${JSON.stringify(w.body)}`);
  const roleId = body(await vault.request('read', `auth/approle/role/${name}/role-id`)).data.role_id as string;
  const s = await vault.request('update', `auth/approle/role/${name}/secret-id`, secret);
  if (s.status !== 200) throw new Error(`secret-id: ${JSON.stringify(s.body)}`);
  const d = body(s).data;
  return { roleId, secretId: d.secret_id as string, accessor: d.secret_id_accessor as string };
}

/** Every key of the mount's storage (under `auth/<uuid>/`), without the prefix. */
export async function storageKeys(vault: TestVault, path = 'auth/approle/'): Promise<string[]> {
  const state = vault.core.unsealed!;
  const entry = state.mounts.find(path)!;
  const storage = state.barrier.storage();
  const prefix = `auth/${entry.uuid}/`;
  const out: string[] = [];
  const walk = async (p: string): Promise<void> => {
    for (const k of await storage.list(prefix + p)) {
      if (k.endsWith('/')) await walk(p + k);
      else out.push(p + k);
    }
  };
  await walk('');
  return out.sort();
}

export async function storageValues(vault: TestVault, path = 'auth/approle/'): Promise<string> {
  const state = vault.core.unsealed!;
  const entry = state.mounts.find(path)!;
  const storage = state.barrier.storage();
  const parts: string[] = [];
  for (const k of await storageKeys(vault, path)) {
    const v = await storage.get(`auth/${entry.uuid}/${k}`);
    parts.push(k, v === undefined ? '' : new TextDecoder().decode(v));
  }
  return parts.join('\n');
}
