// Shared by the barrier tests: awaits a promise that must reject with a VaultError.
import { expect } from 'vitest';
import { VaultError } from '../../src/errors/vault-error.js';

export async function failure(p: Promise<unknown>): Promise<VaultError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(VaultError);
    return e as VaultError;
  }
  throw new Error('expected an error');
}
