// `minivault operator generate-root`: a new root token from a quorum of unseal key holders
// (hashicorp/vault command/operator_generate_root.go; api/sys_generate_root.go). `-generate-otp` prints an
// OTP as long as the server's otp_length, `-init` starts (PUT sys/generate-root/attempt, with
// -otp or letting the server draw one), each share goes in with the nonce (PUT …/update) until
// the encoded token comes back, and `-decode=<encoded> -otp=<otp>` turns it into the token
// (sdk/helper/roottoken DecodeToken, after reading otp_length from the server). `-status` and
// `-cancel` as their names say. Like `operator rekey`, a missing key is read from the terminal,
// or — a minivault addition — one line from piped stdin. DR and recovery tokens are not offered.
import { readFileSync } from 'node:fs';
import {
  ERR_CLI_GENROOT_CANCEL, ERR_CLI_GENROOT_DECODE, ERR_CLI_GENROOT_INIT, ERR_CLI_GENROOT_MISSING_ENCODED,
  ERR_CLI_GENROOT_MISSING_ENCODED_STDIN, ERR_CLI_GENROOT_MISSING_OTP, ERR_CLI_GENROOT_NOT_STARTED,
  ERR_CLI_GENROOT_OTP_AND_PGP, ERR_CLI_GENROOT_OTP_SHOWN, ERR_CLI_GENROOT_POST_KEY, ERR_CLI_GENROOT_STATUS,
  errCliGenrootOtpLength, errCliPgpKeyFile, errCliReadStdin,
  errCliTooManyArgs,
} from '../errors/cli.js';
import { systemRandom } from '../util/random.js';
import { decodeRootToken, generateOtp } from '../util/root-token.js';
import { errorMessage, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { columnize, wrapAtLength } from './format.js';
import { GoStruct } from '../go/json.js';
import { formatOutput } from './yaml.js';
import { printRaw } from './output.js';
import { readShare } from './operator-share.js';
import { readAll } from './stdin.js';

type Json = Record<string, unknown>;
const ATTEMPT = 'sys/generate-root/attempt';
const UPDATE = 'sys/generate-root/update';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** api.GenerateRootStatusResponse, in its field order. */
function statusStruct(s: Json): GoStruct {
  return new GoStruct([
    ['nonce', str(s.nonce)], ['started', s.started === true], ['progress', int(s.progress)], ['required', int(s.required)],
    ['complete', s.complete === true], ['encoded_token', str(s.encoded_token)], ['encoded_root_token', str(s.encoded_root_token)],
    ['pgp_fingerprint', str(s.pgp_fingerprint)], ['otp', str(s.otp)], ['otp_length', int(s.otp_length)],
  ]);
}

/** printStatus: a header-less column block; the OTP comes with a warning on stderr. */
function printStatus(ctx: Ctx, s: Json): number {
  if (ctx.format !== 'table') {
    ctx.ui.output(formatOutput(ctx.format, statusStruct(s)));
    return 0;
  }
  const rows: string[][] = [
    ['Nonce', str(s.nonce)], ['Started', String(s.started === true)],
    ['Progress', `${int(s.progress)}/${int(s.required)}`], ['Complete', String(s.complete === true)],
  ];
  if (str(s.pgp_fingerprint) !== '') rows.push(['PGP Fingerprint', str(s.pgp_fingerprint)]);
  if (str(s.encoded_token) !== '') rows.push(['Encoded Token', str(s.encoded_token)]);
  else if (str(s.encoded_root_token) !== '') rows.push(['Encoded Root Token', str(s.encoded_root_token)]);
  if (str(s.otp) !== '') {
    ctx.ui.warn(wrapAtLength(ERR_CLI_GENROOT_OTP_SHOWN));
    rows.push(['OTP', str(s.otp)]);
  }
  if (int(s.otp_length) !== 0) rows.push(['OTP Length', String(int(s.otp_length))]);
  ctx.ui.output(columnize(rows));
  return 0;
}

async function readStatus(ctx: Ctx): Promise<Json> {
  return ((await ctx.client().json('GET', ATTEMPT)) ?? {}) as Json;
}

async function generateOtpCommand(ctx: Ctx): Promise<number> {
  let status: Json;
  try {
    status = await readStatus(ctx);
  } catch (e) {
    return fail(ctx, ERR_CLI_GENROOT_STATUS, e);
  }
  const otp = generateOtp(systemRandom, int(status.otp_length));
  if (ctx.format === 'table') return printRaw(ctx, otp);
  ctx.ui.output(formatOutput(ctx.format, { otp, otp_length: otp.length }));
  return 0;
}

async function decode(ctx: Ctx, given: string, otp: string): Promise<number> {
  let encoded = given;
  if (encoded === '') {
    ctx.ui.error(ERR_CLI_GENROOT_MISSING_ENCODED);
    return 1;
  }
  if (otp === '') {
    ctx.ui.error(ERR_CLI_GENROOT_MISSING_OTP);
    return 1;
  }
  if (encoded === '-') {
    try {
      encoded = await readAll(ctx.io.stdin);
    } catch (e) {
      ctx.ui.error(errCliReadStdin(errorMessage(e)));
      return 1;
    }
    if (encoded === '') {
      ctx.ui.error(ERR_CLI_GENROOT_MISSING_ENCODED_STDIN);
      return 1;
    }
  }
  let status: Json;
  try {
    status = await readStatus(ctx);
  } catch (e) {
    return fail(ctx, ERR_CLI_GENROOT_STATUS, e);
  }
  let token: string;
  try {
    token = decodeRootToken(encoded, otp, int(status.otp_length));
  } catch (e) {
    return fail(ctx, ERR_CLI_GENROOT_DECODE, e, 1);
  }
  if (ctx.format === 'table') return printRaw(ctx, token);
  ctx.ui.output(formatOutput(ctx.format, { token }));
  return 0;
}

/** pgpkeys.ReadPGPFile without the armored-keyring case: base64 text as is, other bytes encoded. */
function readPgpKey(path: string): string {
  const bytes = readFileSync(path.startsWith('@') ? path.slice(1) : path);
  const text = bytes.toString('utf8');
  return /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/.test(text) && text.replace(/[\r\n]/g, '').length % 4 === 0
    ? text : bytes.toString('base64');
}

async function init(ctx: Ctx): Promise<number> {
  const otp = ctx.flags.str('otp');
  const pgpPath = ctx.flags.str('pgp-key');
  if (otp !== '' && pgpPath !== '') {
    ctx.ui.error(ERR_CLI_GENROOT_OTP_AND_PGP);
    return 1;
  }
  let pgpKey = '';
  if (pgpPath !== '') {
    try {
      pgpKey = readPgpKey(pgpPath);
    } catch (e) {
      ctx.ui.error(errCliPgpKeyFile(pgpPath, errorMessage(e)));
      return 1;
    }
  }
  let status: Json;
  try {
    // The Go client always sends both fields.
    status = ((await ctx.client().json('PUT', ATTEMPT, { body: { otp, pgp_key: pgpKey } })) ?? {}) as Json;
  } catch (e) {
    return fail(ctx, ERR_CLI_GENROOT_INIT, e);
  }
  return printStatus(ctx, status);
}

async function provide(ctx: Ctx, given: string): Promise<number> {
  let status: Json;
  try {
    status = await readStatus(ctx);
  } catch (e) {
    return fail(ctx, ERR_CLI_GENROOT_STATUS, e);
  }
  if (status.started !== true) {
    ctx.ui.error(wrapAtLength(ERR_CLI_GENROOT_NOT_STARTED));
    ctx.ui.warn(wrapAtLength(errCliGenrootOtpLength(int(status.otp_length))));
    return 1;
  }
  const share = await readShare(ctx, given, 'Operation nonce', str(status.nonce));
  if (typeof share === 'number') return share;
  let resp: Json;
  try {
    resp = ((await ctx.client().json('PUT', UPDATE, { body: share })) ?? {}) as Json;
  } catch (e) {
    return fail(ctx, ERR_CLI_GENROOT_POST_KEY, e);
  }
  return printStatus(ctx, resp);
}

export const operatorGenerateRootCommand: Command = {
  name: 'operator generate-root',
  synopsis: 'Generates a new root token',
  usage: '[KEY]',
  help: `
  Generates a new root token by combining a quorum of share holders. Start with
  a one-time password (OTP) given with "-otp" (make one with "-generate-otp"),
  or let the server draw one. The resulting token is XORed with the OTP when it
  is returned; use "-decode" with the same OTP to print the token itself.
  minivault does not encrypt root tokens to a PGP key (-pgp-key is refused).

  An unseal key may be given as the argument. If it is "-", it is read from
  stdin; without it, the key is asked for on the terminal (or read as one line
  from piped stdin, a minivault addition).

  Generate an OTP code for the final token:

      $ minivault operator generate-root -generate-otp

  Start a root token generation:

      $ minivault operator generate-root -init -otp="..."

  Enter an unseal key to progress root token generation:

      $ minivault operator generate-root -nonce="..." <key>

  Decode the encoded token:

      $ minivault operator generate-root -decode="..." -otp="..."`,
  flags: [httpFlags(), outputFlags(), { title: 'Command Options', flags: [
    { name: 'init', kind: 'bool', usage: 'Start a root token generation. This can only be done if there is not currently one in progress.' },
    { name: 'cancel', kind: 'bool', usage: 'Reset the root token generation progress. This will discard any submitted unseal keys or configuration.' },
    { name: 'status', kind: 'bool', usage: 'Print the status of the current attempt without providing an unseal key.' },
    { name: 'decode', kind: 'string', example: 'string', usage: 'The value to decode; setting this triggers a decode operation.' },
    { name: 'generate-otp', kind: 'bool', usage: 'Generate and print a high-entropy one-time-password (OTP) suitable for use with the "-init" flag.' },
    { name: 'otp', kind: 'string', example: 'string', usage: 'OTP code to use with "-decode" or "-init".' },
    { name: 'pgp-key', kind: 'string', example: 'string',
      usage: 'Path to a file on disk containing a binary or base64-encoded public GPG key. Accepted for Vault compatibility; minivault\'s server refuses it.' },
    { name: 'nonce', kind: 'string', example: 'string', usage: 'Nonce value provided at initialization. The same nonce value must be provided with each unseal key.' },
  ] }],
  async run(ctx) {
    if (ctx.args.length > 1) {
      ctx.ui.error(errCliTooManyArgs('0-1', ctx.args.length));
      return 1;
    }
    if (ctx.flags.bool('generate-otp')) return generateOtpCommand(ctx);
    if (ctx.flags.str('decode') !== '') return decode(ctx, ctx.flags.str('decode'), ctx.flags.str('otp'));
    if (ctx.flags.bool('cancel')) {
      try {
        await ctx.client().request('DELETE', ATTEMPT);
      } catch (e) {
        return fail(ctx, ERR_CLI_GENROOT_CANCEL, e);
      }
      ctx.ui.output('Success! Root token generation canceled (if it was started)');
      return 0;
    }
    if (ctx.flags.bool('init')) return init(ctx);
    if (ctx.flags.bool('status')) {
      try {
        return printStatus(ctx, await readStatus(ctx));
      } catch (e) {
        return fail(ctx, ERR_CLI_GENROOT_STATUS, e);
      }
    }
    return provide(ctx, ctx.args[0]?.trim() ?? '');
  },
};
