// Shared set-up for the identity tests: an in-process dev vault (seeded, manual clock) with a
// userpass mount, and small readers of Vault's answers.
import type { CoreResponse } from '../../src/core/types.js';
import { createVault, type TestVault } from '../../src/testing/index.js';

export type Body = Record<string, unknown> & { data: Record<string, unknown>; errors?: string[]; warnings?: string[] | null; auth?: Record<string, unknown> };
export const body = (r: CoreResponse) => r.body as Body;
export const data = (r: CoreResponse) => body(r).data;
export const errors = (r: CoreResponse) => body(r).errors;
/** Go's multierror text for one plain error. */
export const wrapped = (msg: string) => `1 error occurred:\n\t* ${msg}\n\n`;

export async function identityVault(): Promise<TestVault> {
  return createVault({ clock: 'manual', seed: 21 });
}

export async function withUserpass(vault: TestVault, path = 'userpass'): Promise<string> {
  const res = await vault.request('update', `sys/auth/${path}`, { type: 'userpass' });
  if (res.status !== 204) throw new Error(`enable userpass: ${JSON.stringify(res.body)}`);
  const mounts = data(await vault.request('read', 'sys/auth'));
  return (mounts[`${path}/`] as { accessor: string }).accessor;
}

/** bcrypt cost 4 of PASSWORD: logins stay cheap (the cost-10 default takes a while in JavaScript). */
const PASSWORD = 'identity-pw';
const PASSWORD_HASH = '$2b$04$QvBA4I5mMfO2QT6n4iCWVukOgvqLcvjErUOMehwxns4J463rEr4Mu';

export async function addUser(vault: TestVault, name: string, policies = ''): Promise<void> {
  const res = await vault.request('update', `auth/userpass/users/${name}`, { password_hash: PASSWORD_HASH, token_policies: policies });
  if (res.status !== 204) throw new Error(`user: ${JSON.stringify(res.body)}`);
}

export async function login(vault: TestVault, name: string): Promise<Record<string, unknown> & { client_token: string; entity_id: string }> {
  const res = await vault.handle({ operation: 'update', path: `auth/userpass/login/${name}`, data: { password: PASSWORD }, token: '' });
  if (res.status !== 200) throw new Error(`login ${res.status}: ${JSON.stringify(res.body)}`);
  return body(res).auth as Record<string, unknown> & { client_token: string; entity_id: string };
}
