// Shared set-up for the userpass tests: an in-process dev vault with userpass mounted, and a
// look at the raw stored user entry (the JSON Vault would have written at user/<name>).
import { createVault, type TestVault } from '../../../src/testing/index.js';
import type { CoreResponse } from '../../../src/core/types.js';

export async function vaultWithUserpass(path = 'userpass'): Promise<TestVault> {
  const vault = await createVault({ seed: 7 });
  const res = await vault.request('update', `sys/auth/${path}`, { type: 'userpass' });
  if (res.status !== 204) throw new Error(`enable userpass: ${JSON.stringify(res.body)}`);
  return vault;
}

/** The mount's storage key space as the barrier holds it (`auth/<uuid>/`). */
export function mountStorage(vault: TestVault, path = 'auth/userpass/') {
  const state = vault.core.unsealed!;
  const entry = state.mounts.find(path)!;
  return { storage: state.barrier.storage(), prefix: `auth/${entry.uuid}/` };
}

export async function rawUser(vault: TestVault, name: string, path = 'auth/userpass/'): Promise<Record<string, unknown> | undefined> {
  const { storage, prefix } = mountStorage(vault, path);
  const bytes = await storage.get(`${prefix}user/${name}`);
  return bytes === undefined ? undefined : JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

export async function putRawUser(vault: TestVault, name: string, json: Record<string, unknown>): Promise<void> {
  const { storage, prefix } = mountStorage(vault);
  await storage.put(`${prefix}user/${name}`, new TextEncoder().encode(JSON.stringify(json)));
}

export const body = (r: CoreResponse) => r.body as Record<string, unknown> & { data: Record<string, unknown>; errors?: string[] };

/** Go's multierror text for one error (a plain Go error on a non-login path). */
export const wrapped = (msg: string) => `1 error occurred:\n\t* ${msg}\n\n`;

/** The nine token_* keys of a never-configured user (tokenutil PopulateTokenData). */
export const DEFAULT_TOKEN_DATA = {
  token_bound_cidrs: [], token_explicit_max_ttl: 0, token_max_ttl: 0, token_no_default_policy: false,
  token_num_uses: 0, token_period: 0, token_policies: [], token_ttl: 0, token_type: 'default',
};
