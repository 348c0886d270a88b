// Shared by the mount table tests (sys-mount-*, sys-auth-*): Vault's constants for these answers,
// reading both tables, refusals that must leave both tables alone, and a userpass mount to log in to.
import { expect } from 'vitest';
import type { CoreResponse } from '../../src/core/types.js';
import { createVault, type TestVault } from '../../src/testing/index.js';

export type Body = Record<string, any>;
export type Op = 'read' | 'list' | 'create' | 'update' | 'patch' | 'delete';
export const body = (r: CoreResponse) => r.body as Body;
export const data = (r: CoreResponse) => body(r).data as Body;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const SYSTEM_TTL = 2764800; // 768h, Vault's default and max lease TTL
export const KV_VERSION = 'v0.20.0+builtin'; // vault-plugin-secrets-kv in 1.18.1
export const IN_TREE_VERSION = 'v1.18.1+builtin.vault';
export const WARN_UPGRADE = 'Upgrading mount from version 1 to version 2. This mount will be unavailable for a brief period and will resume service shortly.';
export const WARN_REMOUNT = "Mount move has been queued. Progress will be reported in Vault's server log, tagged with the returned migration_id";
export const UNSUPPORTED_PATH = '1 error occurred:\n\t* unsupported path\n\n';
export const MULTI_DENIED = '1 error occurred:\n\t* permission denied\n\n';
export const GO_HASH = '$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga'; // bcrypt of "allmine", written by Go

export async function tables(vault: TestVault): Promise<{ mounts: Body; auth: Body }> {
  return { mounts: data(await vault.request('read', 'sys/mounts')), auth: data(await vault.request('read', 'sys/auth')) };
}

export async function mountInfo(vault: TestVault, path: string): Promise<Body> {
  const res = await vault.request('read', `sys/mounts/${path}`);
  expect(res.status, `read sys/mounts/${path}`).toBe(200);
  return data(res);
}

export async function tune(vault: TestVault, path: string): Promise<Body> {
  const res = await vault.request('read', `sys/mounts/${path}/tune`);
  expect(res.status, `read sys/mounts/${path}/tune`).toBe(200);
  return data(res);
}

/** A request Vault refuses: exact status and errors, the minivault header only when asked, and neither table moved. */
export async function refused(
  vault: TestVault, op: Op, path: string, payload: Body | undefined, error: string,
  opts: { status?: number; unsupported?: boolean } = {},
): Promise<void> {
  const before = await tables(vault);
  const res = await vault.request(op, path, payload);
  const expected: CoreResponse = { status: opts.status ?? 400, body: { errors: [error] } };
  if (opts.unsupported) expected.headers = { 'x-minivault-unsupported': 'true' };
  expect(res, `${op} ${path} ${JSON.stringify(payload)}`).toEqual(expected);
  expect(await tables(vault), `tables after ${op} ${path}`).toEqual(before);
}

/** A vault with userpass enabled at `path` (extra enable options in `config`). */
export async function withUserpass(config: Body = {}, path = 'userpass'): Promise<TestVault> {
  const vault = await createVault();
  expect(await vault.request('update', `sys/auth/${path}`, { type: 'userpass', ...config })).toEqual({ status: 204 });
  return vault;
}

/** A userpass login (through handle, so the response keeps its auth block). */
export const login = (vault: TestVault, user: string, password = 'allmine', mount = 'userpass') =>
  vault.handle({ operation: 'update', path: `auth/${mount}/login/${user}`, data: { password } });

/** Writes an ACL policy and returns a token holding only it. */
export async function withPolicy(vault: TestVault, name: string, policy: string): Promise<string> {
  expect(await vault.request('update', `sys/policies/acl/${name}`, { policy })).toEqual({ status: 204 });
  return vault.createToken({ policies: [name] });
}
