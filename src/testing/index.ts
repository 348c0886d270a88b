// minivault as a test fake: startVault() (a real HTTP server on 127.0.0.1, port 0) and
// createVault() (no socket). See README "Use it in your tests".
import { createHttpServer } from '../http/index.js';
import { createTestTls, type StartedTls, type TestTlsOptions } from './tls.js';
import { createVault, type TestVault, type VaultOptions } from './vault.js';

export { createVault, TestVault, type VaultOptions, type Snapshot, type CreateTokenOptions, type LeasesKnob, type AuditKnob } from './vault.js';
export {
  applyBootstrap, loadBootstrap, validateBootstrap, BootstrapError,
  type BootstrapFixture, type BootstrapMount, type BootstrapSecret, type BootstrapToken, type BootstrapTokenRole, type BootstrapAudit,
} from '../bootstrap/fixture.js';
export { Faults, type FaultRule } from './faults.js';
export { ManualClock, TestClock } from '../util/clock.js';
// Stand-ins for the services auth methods call out to (loopback, with their own test CAs/keys).
export { FakeOidcProvider, type FakeOidcLogin, type FakeOidcOptions } from './fake-oidc-provider.js';
export {
  startFakeKubeApiServer, type FakeKubeApiServer, type FakeKubeApiServerOptions, type FakeServiceAccount, type IssueOptions,
} from './fake-kube-apiserver.js';
export type { StartedTls, TestTlsOptions, ClientCert, TlsRequestOptions, TlsResponse } from './tls.js';

export interface StartedVault {
  url: string;
  address: string;
  port: number;
  rootToken: string;
  unsealKeys: string[];
  /** With `tls`, also VAULT_CACERT: a file holding the CA's PEM. */
  env: { VAULT_ADDR: string; VAULT_TOKEN: string; VAULT_CACERT?: string };
  /** Present with `tls`: the CA, client certificates from it, https requests presenting one. */
  tls?: StartedTls;
  vault: TestVault;
  clock: TestVault['clock'];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface StartVaultOptions extends VaultOptions {
  port?: number;
  host?: string;
  /** Serve https with a CA made for this vault (client certificates requested, or required). */
  tls?: boolean | TestTlsOptions;
}

export async function startVault(opts: StartVaultOptions = {}): Promise<StartedVault> {
  const vault = await createVault(opts);
  const testTls = opts.tls ? await createTestTls(opts.tls === true ? {} : opts.tls) : undefined;
  const server = createHttpServer(vault.handle, testTls ? { tls: testTls.serverOptions } : {});
  vault.faults.setDropper(() => server.dropConnections());
  const info = await server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  vault.core.apiAddr = info.url; // the dev server's api_addr is its listener
  const close = async () => {
    await server.close();
    await vault.core.shutdown();
    testTls?.cleanup();
  };
  const tls = testTls?.bind(info.url);
  return {
    url: info.url, address: info.url, port: info.port, rootToken: vault.rootToken, unsealKeys: vault.unsealKeys,
    env: { VAULT_ADDR: info.url, VAULT_TOKEN: vault.rootToken, ...(tls ? { VAULT_CACERT: tls.caFile } : {}) },
    ...(tls ? { tls } : {}), vault, clock: vault.clock, close,
    [Symbol.asyncDispose]: close,
  };
}
