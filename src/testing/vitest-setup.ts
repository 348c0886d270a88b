// `minivault/vitest`: a vitest globalSetup that starts one minivault server for the whole run
// (optionally bootstrapped from the fixture named by MINIVAULT_BOOTSTRAP) and hands its address
// and root token to the tests, both as process.env.VAULT_ADDR / VAULT_TOKEN (inherited by the
// workers) and through vitest's provide/inject (`inject('VAULT_ADDR')`). Not a part of Vault:
// the counterpart of starting `vault server -dev` before a test run.
//
//   // vitest.config.ts
//   export default defineConfig({ test: { globalSetup: ['minivault/vitest'] } });
import type {} from 'vitest';
import { startVault } from './index.js';

// Declared here, not left to the user, so that this module's published .d.ts carries it: any
// file that imports from 'minivault/vitest' (or names it in a tsconfig `types` list) gets
// `inject('VAULT_ADDR')` typed as string under strict type-checking.
declare module 'vitest' {
  interface ProvidedContext {
    /** The server's address, `http://127.0.0.1:<port>`. */
    VAULT_ADDR: string;
    /** The dev server's root token. */
    VAULT_TOKEN: string;
  }
}

/** The part of vitest's TestProject this setup uses (absent in older vitest). */
export interface ProvidingProject {
  provide?: (key: 'VAULT_ADDR' | 'VAULT_TOKEN', value: string) => void;
}

export default async function setup(project?: ProvidingProject): Promise<() => Promise<void>> {
  const bootstrap = process.env.MINIVAULT_BOOTSTRAP || undefined;
  const started = await startVault({ bootstrap });
  const previous = { VAULT_ADDR: process.env.VAULT_ADDR, VAULT_TOKEN: process.env.VAULT_TOKEN };
  process.env.VAULT_ADDR = started.env.VAULT_ADDR;
  process.env.VAULT_TOKEN = started.env.VAULT_TOKEN;
  project?.provide?.('VAULT_ADDR', started.env.VAULT_ADDR);
  project?.provide?.('VAULT_TOKEN', started.env.VAULT_TOKEN);
  return async () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await started.close();
  };
}
