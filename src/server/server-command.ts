// `minivault server`: Vault's `vault server -dev` (command/server.go) and a production-like mode.
// -dev: in memory, initialised with one unseal key, unsealed, KV v2 at secret/, root token printed
// and stored in ~/.vault-token (unless -dev-no-store-token). Without -dev: memory storage, or
// FileStorage with -storage-path (minivault's addition), starting uninitialised or sealed.
// SIGINT/SIGTERM stop accepting, finish requests in flight, close audit files and exit 0.
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../core/create.js';
import { initDev } from '../core/dev.js';
import { createHttpServer } from '../http/server.js';
import type { BootstrapFixture } from '../testing/bootstrap.js';
import { FlagError, parseFlags, type FlagGroup } from '../cli/flags.js';
import type { CliIO } from '../cli/command.js';

const FLAGS: FlagGroup[] = [{
  title: 'Command Options',
  flags: [
    { name: 'dev', kind: 'bool', usage: 'Enable development mode: in-memory, unsealed, KV v2 at secret/, root token printed.' },
    { name: 'dev-root-token-id', kind: 'string', example: 'root', env: 'VAULT_DEV_ROOT_TOKEN_ID', usage: 'Initial root token id (dev mode); random when not given.' },
    { name: 'dev-listen-address', kind: 'string', default: '127.0.0.1:8200', env: 'VAULT_DEV_LISTEN_ADDRESS', example: '127.0.0.1:8200', usage: 'Address to listen on in dev mode; port 0 picks a free port.' },
    { name: 'dev-no-store-token', kind: 'bool', usage: 'Do not write the root token to ~/.vault-token.' },
    { name: 'config', kind: 'string', example: 'kgc.json', usage: 'With -dev: a bootstrap fixture (JSON: mounts, policies, secrets, tokens, audit) applied after start. minivault addition.' },
    { name: 'listen-address', kind: 'string', default: '127.0.0.1:8200', example: '127.0.0.1:8200', usage: 'Address to listen on (non-dev mode). minivault addition: vault takes this from a config file.' },
    { name: 'storage-path', kind: 'string', example: '/var/lib/minivault', usage: 'Durable FileStorage directory (non-dev mode). minivault addition: vault takes this from a config file.' },
    { name: 'disable-cache', kind: 'bool', usage: "Open every value read through the barrier (vault's disable_cache config option). minivault addition: vault takes this from a config file." },
  ],
}];

const HELP = `Usage: minivault server [options]

  Starts a Vault-compatible server. With -dev it is in memory, initialised, unsealed and has
  KV version 2 mounted at secret/. Without -dev it starts uninitialised (or sealed, when
  -storage-path already holds an initialised vault).

Command Options:
  -dev                      Development mode.
  -dev-root-token-id=<id>   Initial root token id in dev mode (random when not given).
  -dev-listen-address=<a>   HOST:PORT in dev mode (default 127.0.0.1:8200; port 0 = any free port).
  -dev-no-store-token       Do not write the root token to ~/.vault-token.
  -config=<file>            With -dev: bootstrap fixture (JSON) applied after start
                            (minivault addition; see examples/kgc.json).
  -listen-address=<a>       HOST:PORT without -dev (minivault addition).
  -storage-path=<dir>       Durable storage directory without -dev (minivault addition).
  -disable-cache            Decrypt every read; no decrypted-value cache (vault's disable_cache).
`;

function splitAddress(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  if (i === -1) throw new FlagError(`invalid listen address ${JSON.stringify(addr)}: missing port`);
  const port = Number(addr.slice(i + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FlagError(`invalid listen address ${JSON.stringify(addr)}: bad port`);
  return { host: addr.slice(0, i).replace(/^\[|\]$/g, '') || '127.0.0.1', port };
}

export async function serverCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('-h') || argv.includes('-help') || argv.includes('--help')) {
    io.stdout(HELP);
    return 0;
  }
  let flags;
  let listen;
  let fixture: BootstrapFixture | undefined;
  try {
    flags = parseFlags(FLAGS, argv, io.env);
    if (flags.args.length > 0) throw new FlagError(`Too many arguments (expected 0, got ${flags.args.length})`);
    listen = splitAddress(flags.bool('dev') ? flags.str('dev-listen-address') : flags.str('listen-address'));
    if (flags.str('config') && !flags.bool('dev')) throw new FlagError('-config (a bootstrap fixture) needs -dev');
    // Loaded only when asked for: every module skipped is start-up time saved.
    fixture = flags.str('config') ? (await import('../testing/bootstrap.js')).loadBootstrap(flags.str('config')) : undefined;
  } catch (e) {
    io.stderr(`${(e as Error).message}\n`);
    return 1;
  }
  const dev = flags.bool('dev');
  const storagePath = flags.str('storage-path');
  const core = createCore({
    storage: !dev && storagePath ? new (await import('../storage/file.js')).FileStorage(storagePath) : undefined,
    cache: flags.bool('disable-cache') ? false : undefined,
  });
  const server = createHttpServer((req) => core.handle(req));
  let info;
  try {
    info = await server.listen(listen.port, listen.host);
  } catch (e) {
    io.stderr(`Error initializing listener of type tcp: ${(e as Error).message}\n`);
    return 1;
  }
  const lines = ['==> minivault server configuration:', '', `Api Address: ${info.url}`, `Storage: ${dev ? 'inmem' : storagePath ? `file (${storagePath})` : 'inmem'}`, ''];
  if (dev) {
    const init = await initDev(core, { rootTokenId: flags.str('dev-root-token-id') || undefined });
    if (fixture) {
      try {
        const { applyBootstrap } = await import('../testing/bootstrap.js');
        await applyBootstrap((req) => core.handle(req), init.rootToken, fixture);
      } catch (e) {
        io.stderr(`${(e as Error).message}\n`);
        await server.close();
        await core.shutdown();
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
      `    $ export VAULT_ADDR='${info.url}'`, '', `Unseal Key: ${init.unsealKey}`, `Root Token: ${init.rootToken}`, '',
      'Development mode should NOT be used in production installations!', '');
  }
  lines.push('==> minivault server started! Log data will stream in below:', '');
  io.stdout(lines.join('\n'));
  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.stdout('==> minivault shutdown triggered\n');
      void server.close().then(() => core.shutdown()).then(() => resolve(0), () => resolve(1));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
