// minivault as a test fake: startVault() (a real HTTP server on 127.0.0.1, port 0) and
// createVault() (no socket). See README "Use it in your tests".
import { createHttpServer } from '../http/index.js';
import { createVault, type TestVault, type VaultOptions } from './vault.js';

export { createVault, TestVault, type VaultOptions, type Snapshot, type CreateTokenOptions } from './vault.js';
export {
  applyBootstrap, loadBootstrap, validateBootstrap, BootstrapError,
  type BootstrapFixture, type BootstrapMount, type BootstrapSecret, type BootstrapToken, type BootstrapTokenRole, type BootstrapAudit,
} from './bootstrap.js';
export { Faults, type FaultRule } from './faults.js';
export { ManualClock } from '../util/clock.js';

export interface StartedVault {
  url: string;
  address: string;
  port: number;
  rootToken: string;
  unsealKeys: string[];
  env: { VAULT_ADDR: string; VAULT_TOKEN: string };
  vault: TestVault;
  clock: TestVault['clock'];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startVault(opts: VaultOptions & { port?: number; host?: string } = {}): Promise<StartedVault> {
  const vault = await createVault(opts);
  const server = createHttpServer(vault.handle);
  vault.faults.setDropper(() => server.dropConnections());
  const info = await server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  const close = async () => {
    await server.close();
    await vault.core.shutdown();
  };
  return {
    url: info.url, address: info.url, port: info.port, rootToken: vault.rootToken, unsealKeys: vault.unsealKeys,
    env: { VAULT_ADDR: info.url, VAULT_TOKEN: vault.rootToken }, vault, clock: vault.clock, close,
    [Symbol.asyncDispose]: close,
  };
}
