// Shared setup for the auth tests: a policy store and token store over one MemoryStorage, a manual
// clock, seeded randomness, the token backend, and a `call` that sends a request to it as core would.
import { readFileSync } from 'node:fs';
import { PolicyStore, TokenBackend, TokenStore, policyPaths } from '../../src/auth/index.js';
import { FrameworkBackend } from '../../src/framework/backend.js';
import type { LogicalResponse, Operation } from '../../src/logical/types.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { ManualClock } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export async function makeAuth(seed = 1) {
  const storage = new MemoryStorage();
  const clock = new ManualClock();
  const policies = new PolicyStore({ storage });
  const tokens = new TokenStore({ storage, policies, clock, random: new SeededRandom(seed) });
  const backend = new TokenBackend({ tokens });
  const root = await tokens.createRootToken();
  const call = (path: string, operation: Operation, data: Record<string, unknown> = {}, token: string = root) =>
    backend.handle({ path, operation, data, mountPoint: 'auth/token/', clientToken: token });
  const sysBackend = new FrameworkBackend('system', { help: '', backendType: 'logical', paths: policyPaths(policies) });
  const sys = (path: string, operation: Operation, data: Record<string, unknown> = {}) =>
    sysBackend.handle({ path, operation, data, mountPoint: 'sys/' });
  /** Creates a token (as root unless `as` is given) and returns its id. */
  const create = async (data: Record<string, unknown> = {}, as: string = root, path = 'create'): Promise<string> => {
    const resp = (await call(path, 'update', data, as)) as LogicalResponse;
    return resp.auth!.client_token;
  };
  return { storage, clock, policies, tokens, backend, root, call, sys, create };
}

/** Runs `fn` and returns the VaultError it throws (fails the test if it does not throw). */
export async function failure(fn: () => Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { status?: number; message: string };
    if (typeof err.status !== 'number') throw e;
    return { status: err.status, message: err.message };
  }
  throw new Error('expected a VaultError, but the call succeeded');
}
