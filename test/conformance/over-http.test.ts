// The conformance suite over a real socket: fetch against startVault()'s URL; a frozen clock, so TTLs read back exactly.
import { describe } from 'vitest';
import { startVault } from '../../src/testing/index.js';
import { conformance, readResult, requestInit } from './suite.js';

describe('over HTTP (startVault)', () => {
  conformance(async () => {
    const vault = await startVault({ clock: 'manual' });
    return {
      rootToken: vault.rootToken,
      call: async (method, path, body, token) => readResult(await fetch(`${vault.url}${path}`, requestInit(method, body, token))),
      close: () => vault.close(),
    };
  });
});
