// The generic commands `minivault read | write | list | delete | patch` (Vault 1.18
// command/read.go, write.go, list.go, delete.go, patch.go over api/logical.go): any path, data
// as key=value arguments (command/base_helpers.go parseArgsData: @file, - for stdin, a JSON
// object on stdin), the whole response as a Key/Value table (lease rows, the token table of an
// auth response, wrap info, warnings on stderr) or as JSON, and `-field`. read and delete send
// their arguments as query parameters (parseArgsDataStringLists), write and patch as a JSON body.
import {
  ERR_CLI_MUST_SUPPLY_DATA_OR_FORCE, errCliArgType, errCliDeleting, errCliListing, errCliNoEntries, errCliNoValue,
  errCliNotEnoughArgs, errCliParseKvData, errCliReading, errCliReadingRaw, errCliTooManyArgs, errCliWriting,
} from '../errors/cli.js';
import { parseBody, type RequestOptions, type ApiClient } from './client.js';
import { errorMessage, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import type { FlagGroup } from './flags.js';
import { sanitizePath } from './kv-common.js';
import { parseKvArgs } from './kv-data.js';
import { parseSecret, type Secret } from './json.js';
import { formatOutput } from './yaml.js';
import { outputList, outputSecret, printRawField } from './output.js';
import type { CliStdin } from './stdin.js';

/** ensureTrailingSlash (command/base_helpers.go). */
export function ensureTrailingSlash(s: string): string {
  const t = s.trim();
  return t === '' || t.endsWith('/') ? t : `${t}/`;
}

/** A write/delete failure that still came with a response (a 404 carrying data or warnings). */
export class SecretError extends Error {
  constructor(message: string, readonly secret: Secret) {
    super(message);
  }
}

/**
 * api/logical.go's handling of a call: a 404 with an empty body is "nothing there" (undefined);
 * a 404 whose body carries data or warnings is a result for a read, and for write/delete/patch
 * the error together with that response (SecretError); any other 404 is nothing for a read and
 * an error otherwise; other statuses outside 200–399 throw ApiError.
 */
export async function logicalCall(
  client: ApiClient, method: string, path: string, opts: RequestOptions, readStyle: boolean,
): Promise<Secret | undefined> {
  const res = await client.send(method, path, opts);
  if (res.status === 404) {
    if (res.text.trim() === '') return undefined;
    const secret = parseSecret(parseBody(res));
    if (secret && ((secret.warnings?.length ?? 0) > 0 || Object.keys(secret.data ?? {}).length > 0)) {
      if (readStyle) return secret;
      try {
        client.check(res);
      } catch (e) {
        throw new SecretError(errorMessage(e), secret);
      }
    }
    if (readStyle) return undefined;
  }
  return parseSecret(parseBody(client.check(res)));
}

/** parseArgsDataStringLists: every value a string or a list of strings, for query parameters. */
export async function parseArgsStringLists(args: string[], stdin: CliStdin): Promise<Record<string, string[]>> {
  const data = await parseKvArgs(args, stdin);
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string') out[k] = [v];
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v as string[];
    else throw new Error(errCliArgType(k, v));
  }
  return out;
}

/**
 * handleWriteSecretOutput's error branch (write.go; delete.go alike): the error, then the response
 * that came with it, exit 2.
 */
function failWithSecret(ctx: Ctx, prefix: string, e: unknown): number {
  const code = fail(ctx, prefix, e);
  if (e instanceof SecretError) outputSecret(ctx, e.secret);
  return code;
}

/** The response printed as every generic command prints it: -field first, else OutputSecret. */
/** read and delete: PATH, then key=value arguments sent as query parameters (read.go, delete.go). */
async function pathAndQuery(ctx: Ctx): Promise<{ path: string; query: Record<string, string[]> } | number> {
  if (ctx.args.length < 1) {
    ctx.ui.error(errCliNotEnoughArgs('1', ctx.args.length));
    return 1;
  }
  try {
    return { path: sanitizePath(ctx.args[0]!), query: await parseArgsStringLists(ctx.args.slice(1), ctx.io.stdin) };
  } catch (e) {
    ctx.ui.error(errCliParseKvData(errorMessage(e)));
    return 1;
  }
}

function outputResponse(ctx: Ctx, secret: Secret): number {
  const field = ctx.flags.str('field');
  if (field !== '') return printRawField(ctx, { secret }, field);
  return outputSecret(ctx, secret);
}

const FORCE_GROUP: FlagGroup = { title: 'Command Options', flags: [
  { name: 'force', aliases: ['f'], kind: 'bool',
    usage: 'Allow the operation to continue with no key=value pairs. This allows writing to keys that do not need or expect data.' },
] };

export const readCommand: Command = {
  name: 'read',
  synopsis: 'Read data and retrieves secrets',
  usage: 'PATH',
  help: `
  Reads data from Vault at the given path. This can be used to read secrets,
  generate dynamic credentials, get configuration details, and more.

  Read details of your own token:

      $ minivault read auth/token/lookup-self

  Read entity details of a given ID:

      $ minivault read identity/entity/id/2f09126d-d161-abb8-2241-555886491d97

  Generate credentials for my-role in an AWS secrets engine:

      $ minivault read aws/creds/my-role

  For a full list of examples and paths, please see the documentation that
  corresponds to the secrets engine in use.`,
  flags: [httpFlags(), outputFlags({ field: true })],
  allowRawFormat: true,
  async run(ctx) {
    const target = await pathAndQuery(ctx);
    if (typeof target === 'number') return target;
    const { path, query } = target;
    if (ctx.format === 'raw') return readRaw(ctx, path, query);
    let secret: Secret | undefined;
    try {
      secret = await logicalCall(ctx.client(), 'GET', path, { query }, true);
    } catch (e) {
      return fail(ctx, errCliReading(path), e);
    }
    if (!secret) {
      ctx.ui.error(errCliNoValue(path));
      return 2;
    }
    return outputResponse(ctx, secret);
  },
};

/**
 * read.go with -format=raw: ReadRawWithData hands back the body untouched (any status outside
 * 200–399 is an error, a 404 included), printed as it came (RawFormatter).
 */
async function readRaw(ctx: Ctx, path: string, query: Record<string, string[]>): Promise<number> {
  let text: string;
  try {
    const client = ctx.client();
    text = client.check(await client.send('GET', path, { query })).text;
  } catch (e) {
    return fail(ctx, errCliReadingRaw(path), e);
  }
  if (text === '') {
    ctx.ui.error(errCliNoValue(path));
    return 2;
  }
  ctx.ui.output(text);
  return 0;
}

/** write and patch: the same arguments and output, PUT or a JSON merge PATCH. */
function writeLike(name: 'write' | 'patch'): Command['run'] {
  return async (ctx) => {
    if (ctx.args.length < 1) {
      ctx.ui.error(errCliNotEnoughArgs('1', ctx.args.length));
      return 1;
    }
    if (ctx.args.length === 1 && !ctx.flags.bool('force')) {
      ctx.ui.error(ERR_CLI_MUST_SUPPLY_DATA_OR_FORCE);
      return 1;
    }
    let data: Record<string, unknown>;
    try {
      data = await parseKvArgs(ctx.args.slice(1), ctx.io.stdin);
    } catch (e) {
      ctx.ui.error(errCliParseKvData(errorMessage(e)));
      return 1;
    }
    const path = sanitizePath(ctx.args[0]!);
    const opts: RequestOptions = name === 'write'
      ? { body: { ...data } }
      : { body: { ...data }, contentType: 'application/merge-patch+json' };
    let secret: Secret | undefined;
    try {
      secret = await logicalCall(ctx.client(), name === 'write' ? 'PUT' : 'PATCH', path, opts, false);
    } catch (e) {
      return failWithSecret(ctx, errCliWriting(path), e);
    }
    if (!secret) {
      if (ctx.format === 'table') ctx.ui.info(`Success! Data written to: ${path}`);
      return 0;
    }
    return outputResponse(ctx, secret);
  };
}

export const writeCommand: Command = {
  name: 'write',
  synopsis: 'Write data, configuration, and secrets',
  usage: 'PATH [DATA K=V...]',
  help: `
  Writes data to Vault at the given path. The data can be credentials, secrets,
  configuration, or arbitrary data. The specific behavior of this command is
  determined at the thing mounted at the path.

  Data is specified as "key=value" pairs. If the value begins with an "@", then
  it is loaded from a file. If the value is "-", Vault will read the value from
  stdin. A lone "-" reads a JSON object from stdin.

  Persist data in the generic secrets engine:

      $ minivault write secret/my-secret foo=bar

  Create a new encryption key in the transit secrets engine:

      $ minivault write -force transit/keys/my-key

  Upload an AWS IAM policy from a file on disk:

      $ minivault write aws/roles/ops policy=@policy.json`,
  flags: [httpFlags(), outputFlags({ field: true }), FORCE_GROUP],
  run: writeLike('write'),
};

export const patchCommand: Command = {
  name: 'patch',
  synopsis: 'Patch data, configuration, and secrets',
  usage: 'PATH [DATA K=V...]',
  help: `
  Patches data in Vault at the given path. The data can be credentials, secrets,
  configuration, or arbitrary data. The specific behavior of this command is
  determined at the thing mounted at the path.

  Data is specified as "key=value" pairs. If the value begins with an "@", then
  it is loaded from a file. If the value is "-", Vault will read the value from
  stdin.

  Unlike write, patch will only modify specified fields.

  Persist data in the generic secrets engine without modifying any other fields:

      $ minivault patch pki/roles/example allow_localhost=false

  The data can also be consumed from a file on disk by prefixing with the "@"
  symbol. For example:

      $ minivault patch pki/roles/example @role.json

  Or it can be read from stdin using the "-" symbol:

      $ echo "example.com" | minivault patch pki/roles/example allowed_domains=-

  For a full list of examples and paths, please see the documentation that
  corresponds to the secret engines in use.`,
  flags: [httpFlags(), outputFlags({ field: true }), FORCE_GROUP],
  run: writeLike('patch'),
};

export const deleteCommand: Command = {
  name: 'delete',
  synopsis: 'Delete secrets and configuration',
  usage: 'PATH',
  help: `
  Deletes secrets and configuration from Vault at the given path. The behavior
  of "delete" is delegated to the backend corresponding to the given path.
  Additional key=value arguments are sent as query parameters.

  Remove data in the status secret backend:

      $ minivault delete secret/my-secret

  Uninstall an encryption key in the transit backend:

      $ minivault delete transit/keys/my-key`,
  flags: [httpFlags(), outputFlags({ field: true })],
  async run(ctx) {
    const target = await pathAndQuery(ctx);
    if (typeof target === 'number') return target;
    const { path, query } = target;
    let secret: Secret | undefined;
    try {
      secret = await logicalCall(ctx.client(), 'DELETE', path, { query }, false);
    } catch (e) {
      return failWithSecret(ctx, errCliDeleting(path), e);
    }
    if (!secret) {
      if (ctx.format === 'table') ctx.ui.info(`Success! Data deleted (if it existed) at: ${path}`);
      return 0;
    }
    return outputResponse(ctx, secret);
  },
};

export const listCommand: Command = {
  name: 'list',
  synopsis: 'List data or secrets',
  usage: 'PATH',
  help: `
  Lists data from Vault at the given path. This can be used to list keys in a,
  given secrets engine.

  List values under the "my-app" folder of the generic secrets engine:

      $ minivault list secret/my-app/

  For a full list of examples and paths, please see the documentation that
  corresponds to the secrets engine in use. Not all engines support listing.`,
  flags: [httpFlags(), outputFlags({ detailed: true })],
  async run(ctx) {
    if (ctx.args.length !== 1) {
      ctx.ui.error(ctx.args.length < 1 ? errCliNotEnoughArgs('1', ctx.args.length) : errCliTooManyArgs('1', ctx.args.length));
      return 1;
    }
    // list.go appends a `/` and then sanitizePath trims it again: the path goes out without one.
    const path = sanitizePath(ensureTrailingSlash(ctx.args[0]!));
    let secret: Secret | undefined;
    try {
      // api/logical.go List: the LIST verb goes out as GET with list=true.
      secret = await logicalCall(ctx.client(), 'GET', path, { query: { list: 'true' } }, true);
    } catch (e) {
      return fail(ctx, errCliListing(path), e);
    }
    if (secret?.wrap_info && Number(secret.wrap_info.ttl ?? 0) !== 0) return outputSecret(ctx, secret);
    const keys = secret?.data?.keys;
    const ok = Array.isArray(keys);
    if (ctx.format !== 'table' && (!secret || !secret.data || !ok)) {
      ctx.ui.output(formatOutput(ctx.format, {}));
      return 2;
    }
    if (!secret) {
      ctx.ui.error(errCliNoValue(path));
      return 2;
    }
    if (!secret.data) return outputSecret(ctx, secret);
    if (!ok) {
      ctx.ui.error(errCliNoEntries(path));
      return 2;
    }
    return outputList(ctx, keys, secret, ctx.flags.bool('detailed'));
  },
};
