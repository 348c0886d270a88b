// `minivault unwrap [TOKEN]` (hashicorp/vault command/unwrap.go over api/logical.go UnwrapWithContext).
// Which token goes where: no argument unwraps the client token itself (no body token); an
// argument with a client token of its own goes in the body as `{"token": …}`; an argument and no
// client token becomes the X-Vault-Token. A 404 without data or warnings falls back to reading
// `cubbyhole/response` with the wrapping token (the pre-0.6.2 scheme) and decoding its `response`
// string. The result prints as a secret (a list when its data holds `keys`), `-field` as usual; no
// body at all prints "Successfully unwrapped. There was no data in the wrapped secret." (table).
import {
  ERR_CLI_UNWRAP_NO_DATA, ERR_CLI_UNWRAP_NO_RESPONSE, ERR_CLI_UNWRAP_NO_VALUE, ERR_CLI_UNWRAPPING,
  MSG_CLI_UNWRAP_NO_DATA, errCliTooManyArgs, errCliUnwrapReadFailed, errCliUnwrapUnmarshal,
} from '../errors/cli.js';
import { parseBody, type RawResponse, type ApiClient } from './client.js';
import { errorMessage, fail, httpFlags, outputFlags, type Command } from './command.js';
import { parseSecret, type Secret } from './json.js';
import { outputList, outputSecret, printRawField } from './output.js';

/** The location the legacy wrapping scheme keeps the response at (api/logical.go). */
const WRAPPED_RESPONSE_LOCATION = 'cubbyhole/response';

/** A 404 that still carries data or warnings is a (wrapped) result, not "not found". */
function notFoundResult(res: RawResponse): Secret | undefined {
  const secret = parseSecret(parseBody(res));
  const hasContent = (secret?.warnings?.length ?? 0) > 0 || Object.keys(secret?.data ?? {}).length > 0;
  return hasContent ? secret : undefined;
}

/** Go's json.Decoder error for text that is not JSON, as far as the first byte tells. */
function goDecodeError(text: string, e: unknown): string {
  const trimmed = text.trimStart();
  if (trimmed === '') return 'EOF';
  if (!/^["{[\-0-9tfn]/.test(trimmed)) return `invalid character '${trimmed[0]}' looking for beginning of value`;
  return errorMessage(e);
}

/** Decodes the legacy `response` string into an api.Secret (a plain struct decode). */
function decodeWrapped(text: string): Secret {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(errCliUnwrapUnmarshal(goDecodeError(text, e)));
  }
  return parseSecret(parsed, false) ?? parseSecret({}, false)!;
}

/** The old method: read cubbyhole/response with the wrapping token and decode what it holds. */
async function legacyUnwrap(client: ApiClient, wrappingToken: string): Promise<Secret> {
  const token = wrappingToken === '' ? undefined : wrappingToken;
  let secret: Secret | undefined;
  try {
    const res = await client.send('GET', WRAPPED_RESPONSE_LOCATION, { token });
    secret = res.status === 404 ? notFoundResult(res) : parseSecret(parseBody(client.check(res)));
  } catch (e) {
    throw new Error(errCliUnwrapReadFailed(errorMessage(e)));
  }
  if (!secret) throw new Error(ERR_CLI_UNWRAP_NO_VALUE);
  if (!secret.data) throw new Error(ERR_CLI_UNWRAP_NO_DATA);
  if (!('response' in secret.data)) throw new Error(ERR_CLI_UNWRAP_NO_RESPONSE);
  return decodeWrapped(String(secret.data.response));
}

/** Logical().Unwrap(token): undefined when the server answered without a body. */
export async function unwrapToken(client: ApiClient, wrappingToken: string): Promise<Secret | undefined> {
  let body: Record<string, string> | null = null;
  let token: string | undefined;
  if (wrappingToken !== '') {
    if (!client.token) token = wrappingToken;
    else if (wrappingToken !== client.token) body = { token: wrappingToken };
  }
  const res = await client.send('PUT', 'sys/wrapping/unwrap', { body, token });
  if (res.status !== 404) return parseSecret(parseBody(client.check(res)));
  // A 404 may be a wrapped 404 response; otherwise try the legacy location.
  return notFoundResult(res) ?? legacyUnwrap(client, wrappingToken);
}

export const unwrapCommand: Command = {
  name: 'unwrap',
  synopsis: 'Unwrap a wrapped secret',
  usage: '[TOKEN]',
  help: `
  Unwraps a wrapped secret from Vault by the given token. The result is the
  same as the "vault read" operation on the non-wrapped secret. If no token
  is given, the data in the currently authenticated token is unwrapped.

  Unwrap the data in the cubbyhole secrets engine for a token:

      $ minivault unwrap 3de9ece1-b347-e143-29b0-dc2dc31caafd

  Unwrap the data in the active token:

      $ export VAULT_TOKEN=848f9ccf-7176-098c-5e2b-75a0689d41cd
      $ minivault unwrap # unwraps 848f9ccf...

  For a full list of examples and paths, please see the online documentation.`,
  flags: [httpFlags(), outputFlags({ field: true })],
  async run(ctx) {
    if (ctx.args.length > 1) {
      ctx.ui.error(errCliTooManyArgs('0-1', ctx.args.length));
      return 1;
    }
    const token = ctx.args[0]?.trim() ?? '';
    let secret: Secret | undefined;
    try {
      secret = await unwrapToken(ctx.client(), token);
    } catch (e) {
      return fail(ctx, ERR_CLI_UNWRAPPING, e);
    }
    if (!secret) {
      if (ctx.format === 'table') ctx.ui.info(MSG_CLI_UNWRAP_NO_DATA);
      return 0;
    }
    const field = ctx.flags.str('field');
    if (field !== '') return printRawField(ctx, { secret }, field);
    const keys = secret.data?.keys;
    if (Array.isArray(keys)) return outputList(ctx, keys, secret);
    return outputSecret(ctx, secret);
  },
};
