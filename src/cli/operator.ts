// `minivault operator init | unseal | seal | rotate | key-status` (hashicorp/vault command/operator_init.go,
// operator_unseal.go, operator_seal.go, rotate.go, operator_key_status.go,
// base_helpers.go printKeyStatus). Unseal reads a missing key from the terminal with echo off, or
// — a minivault addition — one line from piped stdin.
import {
  ERR_CLI_CHECKING_INIT, ERR_CLI_INITIALIZING, ERR_CLI_NON_INTERACTIVE_KEY, ERR_CLI_READING_KEY_STATUS,
  ERR_CLI_RESETTING_UNSEAL, ERR_CLI_ROTATING, ERR_CLI_SEALING, ERR_CLI_UNSEALING, ERR_CLI_UNSEAL_KEY_EMPTY_STDIN,
  errCliTooManyArgs, errCliUnsealPrompt,
} from '../errors/cli.js';
import { errorMessage, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { columnize, rfc822Utc, wrapAtLength } from './format.js';
import { GoStruct } from '../go/json.js';
import { parseSecret } from './json.js';
import { formatOutput } from './yaml.js';
import { readHidden, readLine } from './stdin.js';
import { outputSealStatus } from './status.js';

type Json = Record<string, unknown>;

function noArgs(ctx: Ctx): boolean {
  if (ctx.args.length === 0) return true;
  ctx.ui.error(errCliTooManyArgs('0', ctx.args.length));
  return false;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function printInit(ctx: Ctx, req: Json, resp: Json): void {
  const keys = strings(resp.keys);
  const keysB64 = strings(resp.keys_base64);
  const recovery = strings(resp.recovery_keys);
  const recoveryB64 = strings(resp.recovery_keys_base64);
  keys.forEach((k, i) => ctx.ui.output(`Unseal Key ${i + 1}: ${keysB64.length === keys.length ? keysB64[i] : k}`));
  recovery.forEach((k, i) => ctx.ui.output(`Recovery Key ${i + 1}: ${recoveryB64.length === recovery.length ? recoveryB64[i] : k}`));
  ctx.ui.output('');
  ctx.ui.output(`Initial Root Token: ${String(resp.root_token ?? '')}`);
  const n = req.secret_shares as number;
  const t = req.secret_threshold as number;
  if (keys.length > 0) {
    ctx.ui.output('');
    ctx.ui.output(wrapAtLength(`Vault initialized with ${n} key shares and a key threshold of ${t}. Please `
      + 'securely distribute the key shares printed above. When the Vault is re-sealed, restarted, or '
      + `stopped, you must supply at least ${t} of these keys to unseal it before it can start servicing requests.`));
    ctx.ui.output('');
    ctx.ui.output(wrapAtLength(`Vault does not store the generated root key. Without at least ${t} keys to `
      + 'reconstruct the root key, Vault will remain permanently sealed!'));
    ctx.ui.output('');
    ctx.ui.output(wrapAtLength('It is possible to generate new unseal keys, provided you have a quorum of '
      + 'existing unseal keys shares. See "minivault operator rekey" for more information.'));
  } else {
    ctx.ui.output('');
    ctx.ui.output('Success! Vault is initialized');
  }
  if (recovery.length > 0) {
    ctx.ui.output('');
    ctx.ui.output(wrapAtLength(`Recovery key initialized with ${String(req.recovery_shares)} key shares and a key `
      + `threshold of ${String(req.recovery_threshold)}. Please securely distribute the key shares printed above.`));
  }
}

/** machineInit: the nine fields `-format=json` prints, never the API's own names. */
function machineInit(req: Json, resp: Json): GoStruct {
  const keys = strings(resp.keys);
  return new GoStruct([
    ['unseal_keys_b64', strings(resp.keys_base64)],
    ['unseal_keys_hex', keys],
    ['unseal_shares', keys.length === 0 ? 1 : req.secret_shares],
    ['unseal_threshold', keys.length === 0 ? 1 : req.secret_threshold],
    ['recovery_keys_b64', strings(resp.recovery_keys_base64)],
    ['recovery_keys_hex', strings(resp.recovery_keys)],
    ['recovery_keys_shares', req.recovery_shares],
    ['recovery_keys_threshold', req.recovery_threshold],
    ['root_token', String(resp.root_token ?? '')],
  ]);
}

async function initStatus(ctx: Ctx): Promise<number> {
  let inited: boolean;
  try {
    inited = ((await ctx.client().json('GET', 'sys/init')) as Json | undefined)?.initialized === true;
  } catch (e) {
    return fail(ctx, ERR_CLI_CHECKING_INIT, e, 1);
  }
  if (ctx.format === 'table') ctx.ui.output(inited ? 'Vault is initialized' : 'Vault is not initialized');
  else ctx.ui.output(formatOutput(ctx.format, new GoStruct([['initialized', inited]])));
  return inited ? 0 : 2;
}

export const operatorInitCommand: Command = {
  name: 'operator init',
  synopsis: 'Initializes a server',
  usage: '',
  help: `
  Initializes a new server: generates the root key, splits it into key shares
  with Shamir's secret sharing, and prints the shares and the initial root token.
  This happens once per server; the server stays sealed afterwards.

      $ minivault operator init -key-shares=5 -key-threshold=3`,
  flags: [httpFlags(), outputFlags(), { title: 'Common Options', flags: [
    { name: 'key-shares', aliases: ['n'], kind: 'int', example: 'int',
      usage: 'Number of key shares to split the generated root key into. The default is 5 when not given.' },
    { name: 'key-threshold', aliases: ['t'], kind: 'int', example: 'int',
      usage: 'Number of key shares required to reconstruct the root key. The default is 3 when not given.' },
    { name: 'status', kind: 'bool',
      usage: 'Print the current initialization status. Exits 0 if initialized, 2 if not, 1 on error.' },
    { name: 'recovery-shares', kind: 'int', example: 'int', usage: 'Number of recovery key shares (auto-unseal only).' },
    { name: 'recovery-threshold', kind: 'int', example: 'int', usage: 'Number of recovery shares required (auto-unseal only).' },
  ] }],
  async run(ctx) {
    if (!noArgs(ctx)) return 1;
    let sealStatus: Json;
    try {
      sealStatus = ((await ctx.client().json('GET', 'sys/seal-status')) ?? {}) as Json;
    } catch (e) {
      ctx.ui.error(errorMessage(e));
      return 2;
    }
    if (ctx.flags.bool('status')) return initStatus(ctx);
    const req: Json = {
      secret_shares: ctx.flags.int('key-shares'),
      secret_threshold: ctx.flags.int('key-threshold'),
      stored_shares: 0,
      pgp_keys: null,
      recovery_shares: ctx.flags.int('recovery-shares'),
      recovery_threshold: ctx.flags.int('recovery-threshold'),
      recovery_pgp_keys: null,
      root_token_pgp_key: '',
    };
    const [sharesKey, thresholdKey] = sealStatus.recovery_seal === true
      ? ['recovery_shares', 'recovery_threshold'] : ['secret_shares', 'secret_threshold'];
    if (req[sharesKey] === 0) req[sharesKey] = 5;
    if (req[thresholdKey] === 0) req[thresholdKey] = 3;
    let resp: Json;
    try {
      resp = ((await ctx.client().json('PUT', 'sys/init', { body: req })) ?? {}) as Json;
    } catch (e) {
      return fail(ctx, ERR_CLI_INITIALIZING, e);
    }
    if (ctx.format === 'table') printInit(ctx, req, resp);
    else ctx.ui.output(formatOutput(ctx.format, machineInit(req, resp)));
    return 0;
  },
};

/** The unseal key when none was given: hidden terminal prompt, or a line from piped stdin. */
async function askUnsealKey(ctx: Ctx): Promise<string | number> {
  const stdin = ctx.io.stdin;
  if (!stdin.isTTY) {
    const line = await readLine(stdin);
    if (line === undefined) {
      ctx.ui.error(ERR_CLI_UNSEAL_KEY_EMPTY_STDIN);
      return 1;
    }
    return line.trim();
  }
  if (ctx.flags.bool('non-interactive')) {
    ctx.ui.error(ERR_CLI_NON_INTERACTIVE_KEY);
    return 1;
  }
  ctx.ui.raw('Unseal Key (will be hidden): ');
  try {
    const key = await readHidden(stdin);
    ctx.ui.raw('\n');
    return key.trim();
  } catch (e) {
    ctx.ui.raw('\n');
    ctx.ui.error(wrapAtLength(errCliUnsealPrompt(errorMessage(e))));
    return 1;
  }
}

export const operatorUnsealCommand: Command = {
  name: 'operator unseal',
  synopsis: 'Unseals the Vault server',
  usage: '[KEY]',
  help: `
  Provides one unseal key share. Once as many shares as the threshold have been
  given, the server reconstructs the root key and unseals. Without KEY the key
  is read from the terminal with echo off. minivault addition: when stdin is a
  pipe, one line is read from it instead (Vault requires a terminal).

      $ minivault operator unseal
      $ echo "$SHARE" | minivault operator unseal`,
  flags: [httpFlags(), outputFlags(), { title: 'Command Options', flags: [
    { name: 'reset', kind: 'bool', usage: 'Discard any previously entered keys to the unseal process.' },
    { name: 'migrate', kind: 'bool', usage: 'Indicate that this share is provided with the intent that it is part of a seal migration process.' },
  ] }],
  async run(ctx) {
    if (ctx.args.length > 1) {
      ctx.ui.error(errCliTooManyArgs('1', ctx.args.length));
      return 1;
    }
    const client = ctx.client();
    if (ctx.flags.bool('reset')) {
      let status: Json;
      try {
        status = ((await client.json('PUT', 'sys/unseal', { body: { reset: true } })) ?? {}) as Json;
      } catch (e) {
        return fail(ctx, ERR_CLI_RESETTING_UNSEAL, e);
      }
      return outputSealStatus(ctx, status);
    }
    let key = ctx.args.length === 1 ? ctx.args[0]!.trim() : '';
    if (key === '') {
      const asked = await askUnsealKey(ctx);
      if (typeof asked === 'number') return asked;
      key = asked;
    }
    let status: Json;
    try {
      const body = { key, reset: false, migrate: ctx.flags.bool('migrate') };
      status = ((await client.json('PUT', 'sys/unseal', { body })) ?? {}) as Json;
    } catch (e) {
      return fail(ctx, ERR_CLI_UNSEALING, e);
    }
    return outputSealStatus(ctx, status);
  },
};

export const operatorSealCommand: Command = {
  name: 'operator seal',
  synopsis: 'Seals the Vault server',
  usage: '',
  help: `
  Seals the server: the root key is discarded from memory and every request but
  status and unseal is refused until enough unseal keys are given again. Needs a
  token with sudo on sys/seal. Sealing a sealed server does nothing.

      $ minivault operator seal`,
  flags: [httpFlags()],
  async run(ctx) {
    if (!noArgs(ctx)) return 1;
    try {
      await ctx.client().request('PUT', 'sys/seal');
    } catch (e) {
      return fail(ctx, ERR_CLI_SEALING, e);
    }
    ctx.ui.output('Success! Vault is sealed.');
    return 0;
  },
};

async function readKeyStatus(ctx: Ctx): Promise<Json> {
  const body = await ctx.client().json('GET', 'sys/key-status');
  return parseSecret(body)?.data ?? {};
}

/** api.KeyStatus as JSON: term, install_time, encryptions. */
function keyStatusStruct(ks: Json): GoStruct {
  return new GoStruct([['term', ks.term ?? 0], ['install_time', ks.install_time ?? ''], ['encryptions', ks.encryptions ?? 0]]);
}

/** printKeyStatus: a header-less three-row block. */
function keyStatusBlock(ks: Json): string {
  return columnize([
    ['Key Term', String(ks.term ?? 0)],
    ['Install Time', rfc822Utc(String(ks.install_time ?? ''))],
    ['Encryption Count', String(ks.encryptions ?? 0)],
  ]);
}

export const operatorRotateCommand: Command = {
  name: 'operator rotate',
  synopsis: 'Rotates the underlying encryption key',
  usage: '',
  help: `
  Adds a new encryption key to the keyring: new writes use it, older data stays
  readable with the earlier keys. Needs sudo on sys/rotate.

      $ minivault operator rotate`,
  flags: [httpFlags(), outputFlags()],
  async run(ctx) {
    if (!noArgs(ctx)) return 1;
    try {
      await ctx.client().request('POST', 'sys/rotate');
    } catch (e) {
      return fail(ctx, ERR_CLI_ROTATING, e);
    }
    let ks: Json;
    try {
      ks = await readKeyStatus(ctx);
    } catch (e) {
      return fail(ctx, ERR_CLI_READING_KEY_STATUS, e);
    }
    if (ctx.format !== 'table') {
      ctx.ui.output(formatOutput(ctx.format, keyStatusStruct(ks)));
      return 0;
    }
    ctx.ui.output('Success! Rotated key');
    ctx.ui.output('');
    ctx.ui.output(keyStatusBlock(ks));
    return 0;
  },
};

export const operatorKeyStatusCommand: Command = {
  name: 'operator key-status',
  synopsis: 'Provides information about the active encryption key',
  usage: '',
  help: `
  Shows the term of the active encryption key, when it was installed and an
  estimate of how many encryptions it has performed.

      $ minivault operator key-status`,
  flags: [httpFlags(), outputFlags()],
  async run(ctx) {
    if (!noArgs(ctx)) return 1;
    let ks: Json;
    try {
      ks = await readKeyStatus(ctx);
    } catch (e) {
      return fail(ctx, ERR_CLI_READING_KEY_STATUS, e);
    }
    if (ctx.format !== 'table') ctx.ui.output(formatOutput(ctx.format, keyStatusStruct(ks)));
    else ctx.ui.output(keyStatusBlock(ks));
    return 0;
  },
};
