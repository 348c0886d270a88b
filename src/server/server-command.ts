// `minivault server`: Vault's `vault server` (command/server.go Run). -config reads Vault's server
// configuration (HCL or JSON; files or directories, merged as Vault merges them: config.ts,
// config-load.ts); -dev starts in memory, initialised with one unseal key, unsealed, KV v2 at
// secret/, and merges any -config on top of its own (their listeners added after the dev one,
// their storage replacing inmem); -dev-tls serves the dev listener over TLS with a CA made at start
// (dev-tls.ts). -bootstrap (MINIVAULT_BOOTSTRAP) applies a fixture (src/bootstrap/fixture.ts):
// after dev init, or without -dev once this process has seen the vault initialised and unsealed.
// minivault additions kept from before -config: -listen-address, -storage-path, -disable-cache.
// SIGINT/SIGTERM stop accepting, finish requests in flight, close audit files and exit 0.
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../core/create.js';
import { initDev } from '../core/dev.js';
import type { CoreHandler } from '../core/types.js';
import { ERR_SERVER_DEV_ALREADY_INIT, ERR_SERVER_NO_CONFIG, WARN_SERVER_NO_API_ADDR, WARN_SERVER_NO_MLOCK } from '../errors/server.js';
import type { BootstrapFixture } from '../bootstrap/fixture.js';
import { FlagError, parseFlags, type FlagGroup } from '../cli/flags.js';
import type { CliIO } from '../cli/command.js';
import { ConfigError, emptyConfig, type ServerConfig } from './config.js';
import { devConfig, loadConfigPath, mergeConfig, plainListener } from './config-load.js';
import type { DevTls } from './dev-tls.js';
import { listenerBanner, reloadListenerTls, startListeners, type RunningListener } from './listeners.js';
import { openStorage, planServer } from './setup.js';

const FLAGS: FlagGroup[] = [{
  title: 'Command Options',
  flags: [
    { name: 'config', kind: 'strings', example: 'string', usage: 'Path to a configuration file or directory of configuration files (HCL or JSON). This flag can be specified multiple times.' },
    { name: 'bootstrap', kind: 'string', env: 'MINIVAULT_BOOTSTRAP', example: 'kgc.json', usage: 'A bootstrap fixture (JSON: mounts, policies, secrets, tokens, audit) applied after dev init, or once the vault is initialised and unsealed. minivault addition.' },
    { name: 'dev', kind: 'bool', usage: 'Enable development mode: in-memory, unsealed, KV v2 at secret/, root token printed.' },
    { name: 'dev-root-token-id', kind: 'string', example: 'root', env: 'VAULT_DEV_ROOT_TOKEN_ID', usage: 'Initial root token id (dev mode); random when not given.' },
    { name: 'dev-listen-address', kind: 'string', default: '127.0.0.1:8200', env: 'VAULT_DEV_LISTEN_ADDRESS', example: '127.0.0.1:8200', usage: 'Address to listen on in dev mode; port 0 picks a free port.' },
    { name: 'dev-no-store-token', kind: 'bool', usage: 'Do not write the root token to ~/.vault-token.' },
    { name: 'dev-tls', kind: 'bool', usage: 'Enable TLS development mode: a CA and server certificate are made at start.' },
    { name: 'dev-tls-cert-dir', kind: 'string', example: 'dir', usage: 'Existing directory for the dev TLS files (vault-ca.pem, vault-cert.pem, vault-key.pem); a temporary directory when not given.' },
    { name: 'dev-tls-san', kind: 'strings', example: 'name', usage: 'An extra DNS name or IP address for the dev TLS certificate. This flag can be specified multiple times.' },
    { name: 'log-level', kind: 'string', env: 'VAULT_LOG_LEVEL', example: 'level', usage: 'Log verbosity: trace, debug, info, warn or error (checked as Vault checks it; minivault logs the same lines at every level).' },
    { name: 'log-format', kind: 'string', env: 'VAULT_LOG_FORMAT', example: 'format', usage: 'Log format: standard or json (checked as Vault checks it; minivault writes standard lines).' },
    { name: 'listen-address', kind: 'string', default: '127.0.0.1:8200', example: '127.0.0.1:8200', usage: 'Address to listen on without -config or -dev. minivault addition.' },
    { name: 'storage-path', kind: 'string', example: '/var/lib/minivault', usage: 'Durable file storage directory without -config or -dev. minivault addition.' },
    { name: 'disable-cache', kind: 'bool', usage: "Open every value read through the barrier (vault's disable_cache config option). minivault addition." },
  ],
}];

const HELP = `Usage: minivault server [options]

  Starts a Vault-compatible server from Vault's server configuration (-config, HCL or JSON,
  a file or a directory; repeatable), or in development mode (-dev): in memory, initialised,
  unsealed, KV version 2 mounted at secret/.

      $ minivault server -config=/etc/vault.d/vault.hcl
      $ minivault server -dev -dev-tls

Command Options:
  -config=<path>            Configuration file or directory (repeatable).
  -bootstrap=<file>         Fixture (JSON) applied after dev init, or once the vault is
                            initialised and unsealed (minivault addition; MINIVAULT_BOOTSTRAP).
  -dev                      Development mode.
  -dev-root-token-id=<id>   Initial root token id in dev mode (random when not given).
  -dev-listen-address=<a>   HOST:PORT in dev mode (default 127.0.0.1:8200; port 0 = any free port).
  -dev-no-store-token       Do not write the root token to ~/.vault-token.
  -dev-tls                  Dev mode over TLS with a CA made at start (VAULT_CACERT printed).
  -dev-tls-cert-dir=<dir>   Existing directory for the dev TLS files.
  -dev-tls-san=<name>       Extra DNS name or IP for the dev TLS certificate (repeatable).
  -log-level=<level>        trace, debug, info, warn, error (VAULT_LOG_LEVEL; checked, not filtered).
  -log-format=<format>      standard or json (VAULT_LOG_FORMAT; checked, standard lines written).
  -listen-address=<a>       HOST:PORT without -config or -dev (minivault addition).
  -storage-path=<dir>       Durable storage directory without -config or -dev (minivault addition).
  -disable-cache            Decrypt every read; no decrypted-value cache (vault's disable_cache).
`;

const stamp = (line: string): string => `${new Date().toISOString()} ${line}\n`;

// Long because it follows hashicorp/vault command/server.go Run step by step (flags, config,
// storage, listeners, banner, signals); the order of its messages is what operators see.
/** Runs the command; resolves with the exit code once stopped by SIGINT/SIGTERM (or `stop`, for tests). */
export async function serverCommand(argv: string[], io: CliIO, stop?: AbortSignal): Promise<number> {
  if (argv.includes('-h') || argv.includes('-help') || argv.includes('--help')) {
    io.stdout(HELP);
    return 0;
  }
  let devTls: DevTls | undefined;
  const failed = (e: unknown): number => {
    devTls?.cleanup();
    if (!(e instanceof FlagError || e instanceof ConfigError || (e as Error).name === 'BootstrapError')) throw e;
    io.stderr(`${(e as Error).message}\n`);
    return 1;
  };
  let flags;
  let config: ServerConfig;
  let fixture: BootstrapFixture | undefined;
  let dev: boolean;
  try {
    flags = parseFlags(FLAGS, argv, io.env);
    if (flags.args.length > 0) throw new FlagError(`Too many arguments (expected 0, got ${flags.args.length})`);
    const wantTls = flags.bool('dev-tls') || flags.str('dev-tls-cert-dir') !== '' || flags.list('dev-tls-san').length > 0;
    dev = flags.bool('dev') || wantTls;
    const paths = flags.list('config');
    if (dev) {
      if (wantTls) devTls = await (await import('./dev-tls.js')).createDevTls(flags.str('dev-tls-cert-dir'), flags.list('dev-tls-san'));
      config = devConfig(flags.str('dev-listen-address'), devTls);
    } else if (paths.length === 0) {
      if (!flags.isSet('listen-address') && !flags.isSet('storage-path')) throw new ConfigError(ERR_SERVER_NO_CONFIG);
      const storagePath = flags.str('storage-path');
      config = { ...emptyConfig(), listeners: [plainListener(flags.str('listen-address'))], storage: storagePath ? { type: 'file', config: { path: storagePath } } : { type: 'inmem', config: {} } };
    } else {
      config = emptyConfig();
    }
    for (const path of paths) config = mergeConfig(config, loadConfigPath(path));
    if (flags.bool('disable-cache')) config.disableCache = true;
    if (flags.str('log-level')) config.logLevel = flags.str('log-level');
    if (flags.str('log-format')) config.logFormat = flags.str('log-format');
    // Loaded only when asked for: every module skipped is start-up time saved.
    fixture = flags.str('bootstrap') ? (await import('../bootstrap/fixture.js')).loadBootstrap(flags.str('bootstrap')) : undefined;
  } catch (e) {
    return failed(e);
  }
  const log = (line: string) => io.stdout(stamp(line));
  let plan;
  try {
    plan = planServer(config, io.env, (error, addr) => log(`[INFO]  http: TLS handshake error from ${addr ?? 'unknown'}: ${error.message}`));
  } catch (e) {
    return failed(e);
  }
  const core = createCore({ storage: await openStorage(plan), cache: config.disableCache ? false : undefined, systemTtls: plan.systemTtls });
  if (dev && await core.seal.initialized()) {
    io.stderr(`${ERR_SERVER_DEV_ALREADY_INIT}\n`);
    devTls?.cleanup();
    await core.shutdown();
    return 1;
  }
  const state = { fixture: dev ? undefined : fixture, rootToken: '', applied: false };
  const handler: CoreHandler = state.fixture ? bootstrapOnUnseal(core, state, log) : (req) => core.handle(req);
  let running: RunningListener[];
  try {
    running = await startListeners(plan.listeners, handler);
  } catch (e) {
    await core.shutdown();
    return failed(e);
  }
  const close = async () => {
    await Promise.all(running.map((r) => r.server.close()));
    await core.shutdown();
    devTls?.cleanup();
  };
  const first = running[0]?.info.url ?? '';
  // command/server.go: VAULT_API_ADDR, else api_addr, else (dev only) the first listener's address.
  core.apiAddr = io.env.VAULT_API_ADDR || config.apiAddr || (dev ? first : '');
  const lines = ['==> minivault server configuration:', '', `Api Address: ${config.apiAddr || io.env.VAULT_API_ADDR || first}`,
    ...running.map(listenerBanner), `Storage: ${plan.storageLabel}`, ''];
  if (!dev && plan.storageLabel === 'inmem') lines.push('WARNING: storage configured to use "inmem" which should NOT be used in production', '');
  if (dev) {
    const init = await initDev(core, { rootTokenId: flags.str('dev-root-token-id') || undefined });
    if (fixture) {
      try {
        const { applyBootstrap } = await import('../bootstrap/fixture.js');
        await applyBootstrap((req) => core.handle(req), init.rootToken, fixture);
      } catch (e) {
        io.stderr(`${(e as Error).message}\n`);
        await close();
        return 1;
      }
    }
    if (!flags.bool('dev-no-store-token')) {
      try {
        writeFileSync(join(io.env.HOME ?? homedir(), '.vault-token'), init.rootToken, { mode: 0o600 });
      } catch {
        // Vault only warns when the token helper cannot write; the server still runs.
      }
    }
    lines.push('WARNING! dev mode is enabled! In this mode, minivault runs entirely in-memory', 'and starts unsealed with a single unseal key.', '',
      `    $ export VAULT_ADDR='${first}'`, ...(devTls ? [`    $ export VAULT_CACERT='${devTls.caFile}'`] : []), '',
      `Unseal Key: ${init.unsealKey}`, `Root Token: ${init.rootToken}`, '',
      'Development mode should NOT be used in production installations!', '');
  } else if (fixture && await core.seal.initialized()) {
    state.fixture = undefined;
    plan.warnings.push('[WARN]  -bootstrap skipped: the storage already holds an initialised vault (the fixture is applied only to a vault initialised by this process)');
  }
  lines.push('==> minivault server started! Log data will stream in below:', '');
  io.stdout(lines.join('\n'));
  if (!config.apiAddr && !io.env.VAULT_API_ADDR) plan.warnings.unshift(WARN_SERVER_NO_API_ADDR);
  if (!config.disableMlock && !io.env.VAULT_DISABLE_MLOCK) plan.warnings.push(WARN_SERVER_NO_MLOCK);
  for (const w of plan.warnings) log(w);
  return new Promise<number>((resolve) => {
    // command/server.go Run: SIGHUP reloads the listeners' certificates
    const reload = () => {
      io.stdout('==> minivault reload triggered\n');
      try {
        reloadListenerTls(running);
      } catch (e) {
        io.stderr(`Error(s) were encountered during reload: ${(e as Error).message}\n`);
      }
    };
    const shutdown = () => {
      process.off('SIGINT', shutdown);
      process.off('SIGTERM', shutdown);
      process.off('SIGHUP', reload);
      stop?.removeEventListener('abort', shutdown);
      io.stdout('==> minivault shutdown triggered\n');
      void close().then(() => resolve(0), () => resolve(1));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    process.on('SIGHUP', reload);
    if (stop?.aborted) shutdown();
    else stop?.addEventListener('abort', shutdown, { once: true });
  });
}

/**
 * Without -dev the fixture waits for a root token: the one sys/init answers with in this process.
 * It is applied once the vault is unsealed, before the answer that unsealed it is sent, so a
 * client sees the fixture's mounts from its next request on.
 */
function bootstrapOnUnseal(core: ReturnType<typeof createCore>, state: { fixture?: BootstrapFixture; rootToken: string; applied: boolean }, log: (line: string) => void): CoreHandler {
  return async (req) => {
    const res = await core.handle(req);
    if (state.applied || !state.fixture) return res;
    if (req.path === 'sys/init' && res.status === 200) state.rootToken = String((res.body as { root_token?: unknown }).root_token ?? '');
    if (state.rootToken && !core.seal.sealed()) {
      state.applied = true;
      try {
        const { applyBootstrap } = await import('../bootstrap/fixture.js');
        await applyBootstrap((r) => core.handle(r), state.rootToken, state.fixture);
        log('[INFO]  bootstrap fixture applied');
      } catch (e) {
        log(`[ERROR] bootstrap fixture failed: ${(e as Error).message}`);
      }
    }
    return res;
  };
}
