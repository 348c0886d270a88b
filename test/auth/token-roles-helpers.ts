// Shared set-up for the token-role tests: a vault with roles written through the API, role
// reads, creates against a role and token lookups.
import { createVault, type TestVault as Vault } from '../../src/testing/index.js';

export type { Vault };
export type Body = { data: Record<string, any>; auth: Record<string, any>; warnings: string[] | null; errors?: string[] };
export const body = (r: { body?: unknown }) => r.body as Body;

/** Vault's read of a role written with only a name: every default. */
export const DEFAULT_READ = {
  allowed_entity_aliases: null, allowed_policies: [], allowed_policies_glob: [], disallowed_policies: [],
  disallowed_policies_glob: [], explicit_max_ttl: 0, name: 'r', orphan: false, path_suffix: '', period: 0,
  renewable: true, token_explicit_max_ttl: 0, token_no_default_policy: false, token_period: 0, token_type: 'default-service',
};

export async function vaultWith(roles: Record<string, Record<string, unknown>> = {}): Promise<Vault> {
  const v = await createVault({ seed: 7 });
  for (const [name, data] of Object.entries(roles)) {
    const res = await v.request('update', `auth/token/roles/${name}`, data);
    if (res.status >= 300) throw new Error(`role ${name}: ${JSON.stringify(res.body)}`);
  }
  return v;
}

export async function roleRead(v: Vault, name: string): Promise<Record<string, any> | undefined> {
  const res = await v.request('read', `auth/token/roles/${name}`);
  return res.status === 404 ? undefined : body(res).data;
}

/** Creates against a role as `token` (root by default) and returns the response. */
export const createAgainst = (v: Vault, role: string, data: Record<string, unknown> = {}, token?: string) =>
  v.request('update', `auth/token/create/${role}`, data, token);

export async function lookup(v: Vault, token: string): Promise<Record<string, any>> {
  return body(await v.request('update', 'auth/token/lookup', { token })).data;
}
