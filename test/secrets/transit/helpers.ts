// Shared set-up for the transit tests: a dev vault with transit mounted at transit/, and short
// accessors for the parts of a response the tests look at.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createVault, type TestVault } from '../../../src/testing/index.js';

export type Body = Record<string, unknown>;
export type Op = 'read' | 'list' | 'create' | 'update' | 'delete';

export async function transitVault(seed = 7): Promise<{ vault: TestVault; call: (op: Op, path: string, data?: Body) => Promise<{ status: number; body?: unknown }> }> {
  const vault = await createVault({ clock: 'manual', seed });
  const mounted = await vault.request('update', 'sys/mounts/transit', { type: 'transit' });
  expect(mounted.status).toBe(204);
  const call = (op: Op, path: string, data?: Body) => vault.request(op, `transit/${path}`, data);
  return { vault, call };
}

export const data = (res: { body?: unknown }): Body => (res.body as { data: Body }).data;
export const errors = (res: { body?: unknown }): string[] => (res.body as { errors: string[] }).errors;
export const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64');
export const unb64 = (s: string): Buffer => Buffer.from(s, 'base64');

/** A 400 error response with exactly this message. */
export function expect400(res: { status: number; body?: unknown }, message: string): void {
  expect(res).toEqual({ status: 400, body: { errors: [message] } });
}

/**
 * A stored RSA-4096 key (test/vectors/transit-wrapping-key.json, exportable, plaintext backup
 * allowed) restored under `name`: tests that need an RSA key skip generating one, which takes seconds.
 */
export async function restoreStoredRsa(call: (op: Op, path: string, data?: Body) => Promise<{ status: number }>, name: string): Promise<void> {
  const { backup } = JSON.parse(readFileSync(new URL('../../vectors/transit-wrapping-key.json', import.meta.url), 'utf8')) as { backup: string };
  expect(await call('update', `restore/${name}`, { backup })).toEqual({ status: 204 });
}
