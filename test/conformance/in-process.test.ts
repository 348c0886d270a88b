// The conformance suite against createVault()'s fetch handler: no socket; a frozen clock, so TTLs read back exactly.
import { describe } from 'vitest';
import { createVault } from '../../src/testing/index.js';
import { conformance, readResult, requestInit } from './suite.js';

describe('in process (vault.fetch)', () => {
  conformance(async () => {
    const vault = await createVault({ clock: 'manual' });
    return {
      rootToken: vault.rootToken,
      call: async (method, path, body, token) => readResult(await vault.fetch(new Request(`http://minivault.test${path}`, requestInit(method, body, token)))),
      close: () => vault.core.shutdown(),
    };
  });
});
