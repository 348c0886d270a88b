// One unseal key share for `operator rekey` and `operator generate-root` (Vault 1.18
// command/operator_rekey.go and operator_generate_root.go read it the same way): the argument, `-`
// for all of stdin, or, when none is given, the terminal prompt that also shows the operation's
// nonce (minivault addition: one line from piped stdin). Without an argument the nonce is the
// operation's own; with one it must come from -nonce.
import { ERR_CLI_REKEY_MISSING_NONCE, ERR_CLI_USER_CANCELED, errCliReadStdin, errCliRekeyPrompt } from '../errors/cli.js';
import { errorMessage, type Ctx } from './command.js';
import { wrapAtLength } from './format.js';
import { InterruptedError, readAll, readHidden, readLine } from './stdin.js';

/** The prompt's wording of the nonce line, which differs between the two commands. */
export type NonceLabel = 'Operation nonce' | 'Rekey operation nonce';

async function promptKey(ctx: Ctx, label: NonceLabel, nonce: string): Promise<string | number> {
  const stdin = ctx.io.stdin;
  if (!stdin.isTTY) return (await readLine(stdin)) ?? '';
  ctx.ui.raw(`${label}: ${nonce}\n`);
  ctx.ui.raw('Unseal Key (will be hidden): ');
  try {
    const key = await readHidden(stdin);
    ctx.ui.raw('\n');
    return key;
  } catch (e) {
    ctx.ui.raw('\n');
    ctx.ui.error(e instanceof InterruptedError ? ERR_CLI_USER_CANCELED : wrapAtLength(errCliRekeyPrompt(errorMessage(e))));
    return 1;
  }
}

/** The trimmed key and the nonce to send with it, or the exit code after printing why not. */
export async function readShare(
  ctx: Ctx, given: string, label: NonceLabel, operationNonce: string,
): Promise<{ key: string; nonce: string } | number> {
  let key = given;
  let nonce = ctx.flags.str('nonce');
  if (given === '-') {
    try {
      key = await readAll(ctx.io.stdin);
    } catch (e) {
      ctx.ui.error(errCliReadStdin(errorMessage(e)));
      return 1;
    }
  } else if (given === '') {
    nonce = operationNonce;
    const asked = await promptKey(ctx, label, nonce);
    if (typeof asked === 'number') return asked;
    key = asked;
  }
  if (nonce === '') {
    ctx.ui.error(ERR_CLI_REKEY_MISSING_NONCE);
    return 1;
  }
  return { key: key.trim(), nonce };
}
