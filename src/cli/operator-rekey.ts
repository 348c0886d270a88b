// `minivault operator rekey`: replace the unseal key shares (hashicorp/vault command/operator_rekey.go,
// api/sys_rekey.go). `-init` starts (PUT sys/rekey/init), `-status` shows progress, `-cancel`
// aborts (DELETE), and each existing share goes in with its nonce (PUT sys/rekey/update) until
// the new shares come back. `-target=recovery` uses sys/rekey-recovery-key/*.
import {
  ERR_CLI_REKEY_CANCEL, ERR_CLI_REKEY_GET_STATUS, ERR_CLI_REKEY_INIT,
  ERR_CLI_REKEY_NOT_STARTED, ERR_CLI_REKEY_POST_KEY, ERR_CLI_REKEY_STATUS,
  errCliRekeyUnknownTarget, errCliTooManyArgs,
} from '../errors/cli.js';
import { fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { keyValueTable, wrapAtLength } from './format.js';
import { GoStruct } from '../go/json.js';
import { formatOutput } from './yaml.js';
import { readShare } from './operator-share.js';

type Json = Record<string, unknown>;

function statusStruct(s: Json): GoStruct {
  return new GoStruct([
    ['nonce', s.nonce ?? ''], ['started', s.started === true], ['t', s.t ?? 0], ['n', s.n ?? 0],
    ['progress', s.progress ?? 0], ['required', s.required ?? 0], ['pgp_fingerprints', s.pgp_fingerprints ?? null],
    ['backup', s.backup === true], ['verification_required', s.verification_required === true],
    ['verification_nonce', s.verification_nonce ? s.verification_nonce : undefined],
  ]);
}

function updateStruct(r: Json): GoStruct {
  return new GoStruct([
    ['nonce', r.nonce ?? ''], ['complete', r.complete === true], ['keys', r.keys ?? null],
    ['keys_base64', r.keys_base64 ?? null], ['pgp_fingerprints', r.pgp_fingerprints ?? null],
    ['backup', r.backup === true], ['verification_required', r.verification_required === true],
    ['verification_nonce', r.verification_nonce ? r.verification_nonce : undefined],
  ]);
}

/** printStatus: Nonce, Started, and the progress rows once started. */
function printStatus(ctx: Ctx, s: Json): number {
  if (ctx.format !== 'table') {
    ctx.ui.output(formatOutput(ctx.format, statusStruct(s)));
    return 0;
  }
  const rows: Array<[string, string]> = [['Nonce', String(s.nonce ?? '')], ['Started', String(s.started === true)]];
  if (s.started === true) {
    const progress = `${String(s.progress ?? 0)}/${String(s.required ?? 0)}`;
    const verifying = s.progress === s.required ? ' (verification in progress)' : '';
    rows.push(['Rekey Progress', progress + verifying]);
    rows.push(['New Shares', String(s.n ?? 0)]);
    rows.push(['New Threshold', String(s.t ?? 0)]);
    rows.push(['Verification Required', String(s.verification_required === true)]);
    if (s.verification_nonce) rows.push(['Verification Nonce', String(s.verification_nonce)]);
  }
  const fingerprints = Array.isArray(s.pgp_fingerprints) ? s.pgp_fingerprints : [];
  if (fingerprints.length > 0) {
    rows.push(['PGP Fingerprints', `[${fingerprints.join(' ')}]`]);
    rows.push(['Backup', String(s.backup === true)]);
  }
  ctx.ui.output(keyValueTable(rows));
  return 0;
}

function printNewKeys(ctx: Ctx, status: Json, resp: Json): number {
  if (ctx.format !== 'table') {
    ctx.ui.output(formatOutput(ctx.format, updateStruct(resp)));
    return 0;
  }
  const keys = Array.isArray(resp.keys) ? resp.keys.map(String) : [];
  const b64 = Array.isArray(resp.keys_base64) ? resp.keys_base64.map(String) : [];
  ctx.ui.output('');
  keys.forEach((k, i) => ctx.ui.output(`Key ${i + 1}: ${b64.length === keys.length ? b64[i] : k}`));
  ctx.ui.output('');
  ctx.ui.output(`Operation nonce: ${String(resp.nonce ?? '')}`);
  const n = String(status.n ?? keys.length);
  const t = String(status.t ?? 0);
  ctx.ui.output('');
  ctx.ui.output(wrapAtLength(`Vault unseal keys rekeyed with ${n} key shares and a key threshold of ${t}. Please `
    + 'securely distribute the key shares printed above. When Vault is re-sealed, restarted, or stopped, you '
    + `must supply at least ${t} of these keys to unseal it before it can start servicing requests.`));
  return 0;
}

async function readStatus(ctx: Ctx, base: string): Promise<Json> {
  return ((await ctx.client().json('GET', `${base}/init`)) ?? {}) as Json;
}

async function provideKey(ctx: Ctx, base: string, given: string): Promise<number> {
  let status: Json;
  try {
    status = await readStatus(ctx, base);
  } catch (e) {
    return fail(ctx, ERR_CLI_REKEY_GET_STATUS, e);
  }
  if (status.started !== true) {
    ctx.ui.error(wrapAtLength(ERR_CLI_REKEY_NOT_STARTED));
    return 1;
  }
  const share = await readShare(ctx, given, 'Rekey operation nonce', String(status.nonce ?? ''));
  if (typeof share === 'number') return share;
  let resp: Json;
  try {
    resp = ((await ctx.client().json('PUT', `${base}/update`, { body: share })) ?? {}) as Json;
  } catch (e) {
    return fail(ctx, ERR_CLI_REKEY_POST_KEY, e);
  }
  if (resp.complete !== true) {
    try {
      return printStatus(ctx, await readStatus(ctx, base));
    } catch (e) {
      return fail(ctx, ERR_CLI_REKEY_STATUS, e);
    }
  }
  return printNewKeys(ctx, status, resp);
}

export const operatorRekeyCommand: Command = {
  name: 'operator rekey',
  synopsis: 'Generates new unseal keys',
  usage: '[KEY]',
  help: `
  Replaces the unseal key shares with a new set, given a quorum of the current
  ones. Start with -init, then give each existing share (with -nonce, or at the
  prompt); the new shares are printed after the last one. The server stays
  unsealed throughout.

      $ minivault operator rekey -init -key-shares=5 -key-threshold=3
      $ minivault operator rekey -nonce=<nonce> <share>
      $ minivault operator rekey -cancel`,
  flags: [httpFlags(), outputFlags(), { title: 'Common Options', flags: [
    { name: 'init', kind: 'bool', usage: 'Initialize the rekeying operation.' },
    { name: 'cancel', kind: 'bool', usage: 'Reset the rekeying progress, discarding any keys given so far.' },
    { name: 'status', kind: 'bool', usage: 'Print the status of the current attempt without providing a key.' },
    { name: 'key-shares', aliases: ['n'], kind: 'int', default: '5', example: 'int',
      usage: 'Number of key shares to split the new root key into.' },
    { name: 'key-threshold', aliases: ['t'], kind: 'int', default: '3', example: 'int',
      usage: 'Number of key shares required to reconstruct the root key.' },
    { name: 'nonce', kind: 'string', example: 'string', usage: 'Nonce value provided at initialization.' },
    { name: 'target', kind: 'string', default: 'barrier', example: 'string',
      usage: 'Target for rekeying: "barrier" (the unseal key) or "recovery" (auto-unseal recovery keys).' },
    { name: 'verify', kind: 'bool', usage: 'Require the new shares to be verified before they take effect.' },
  ] }],
  async run(ctx) {
    if (ctx.args.length > 1) {
      ctx.ui.error(errCliTooManyArgs('0-1', ctx.args.length));
      return 1;
    }
    const target = ctx.flags.str('target').trim().toLowerCase();
    if (target !== 'barrier' && target !== 'recovery' && target !== 'hsm') {
      ctx.ui.error(errCliRekeyUnknownTarget(ctx.flags.str('target')));
      return 1;
    }
    const base = target === 'barrier' ? 'sys/rekey' : 'sys/rekey-recovery-key';
    const client = ctx.client();
    if (ctx.flags.bool('cancel')) {
      try {
        await client.request('DELETE', `${base}/${ctx.flags.bool('verify') ? 'verify' : 'init'}`);
      } catch (e) {
        return fail(ctx, ERR_CLI_REKEY_CANCEL, e);
      }
      ctx.ui.output('Success! Canceled rekeying (if it was started)');
      return 0;
    }
    if (ctx.flags.bool('init')) {
      let status: Json;
      try {
        const body = {
          secret_shares: ctx.flags.int('key-shares'), secret_threshold: ctx.flags.int('key-threshold'),
          stored_shares: 0, pgp_keys: null, backup: false, require_verification: ctx.flags.bool('verify'),
        };
        status = ((await client.json('PUT', `${base}/init`, { body })) ?? {}) as Json;
      } catch (e) {
        return fail(ctx, ERR_CLI_REKEY_INIT, e);
      }
      if (ctx.format === 'table') {
        ctx.ui.warn(wrapAtLength('WARNING! If you lose the keys after they are returned, there is no recovery. '
          + 'Consider canceling this operation and re-initializing with the -pgp-keys flag to protect the returned '
          + 'unseal keys along with -backup to allow recovery of the encrypted keys in case of emergency. You can '
          + 'delete the stored keys later using the -delete flag.'));
        ctx.ui.output('');
      }
      return printStatus(ctx, status);
    }
    if (ctx.flags.bool('status')) {
      try {
        return printStatus(ctx, await readStatus(ctx, base));
      } catch (e) {
        return fail(ctx, ERR_CLI_REKEY_STATUS, e);
      }
    }
    return provideKey(ctx, base, ctx.args[0]?.trim() ?? '');
  },
};
