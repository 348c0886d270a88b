// `minivault kv put | get | patch` (hashicorp/vault command/kv_put.go, kv_get.go, kv_patch.go): preflight
// for the mount and version, then the data path; output as Vault lays it out — `Secret Path`
// header, `Metadata` and `Data` sections in tables, the whole response in JSON.
import {
  ERR_CLI_KV_PATCH_V1, ERR_CLI_MUST_SUPPLY_DATA, errCliDataType, errCliKvPatchCapability, errCliKvPatchMethod,
  errCliMetadataType, errCliNoData, errCliNoDataFor, errCliNoMetadataFor, errCliNoValue, errCliNotEnoughArgs,
  errCliParseKvData, errCliPreRead, errCliReading, errCliTooManyArgs, errCliWriting,
} from '../errors/cli.js';
import { ApiError, parseBody } from './client.js';
import { errorMessage, fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import type { FlagDef } from './flags.js';
import { headerForMap, padEqualSigns } from './format.js';
import { kvRead, kvRequestPath, resolveKvTarget, type KvTarget } from './kv-common.js';
import { parseKvArgs } from './kv-data.js';
import { parseSecret, type Secret } from './json.js';
import { outputData, outputSecret, printRawField, printWarnings } from './output.js';

type Json = Record<string, unknown>;

export const MOUNT_FLAG: FlagDef = {
  name: 'mount', kind: 'string', example: 'string',
  usage: 'Specifies the path where the KV backend is mounted. If specified, the next argument will be '
    + 'interpreted as the secret path. If this flag is not specified, the next argument will be interpreted '
    + 'as the combined mount path and secret path, with /data/ automatically appended between KV v2 secrets.',
};

/** Resolves the target, printing a preflight failure bare (exit 2) as Vault does. */
export async function kvTargetOrFail(ctx: Ctx, arg: string, getStyle = false): Promise<KvTarget | number> {
  try {
    return await resolveKvTarget(ctx, arg, getStyle);
  } catch (e) {
    ctx.ui.error(errorMessage(e));
    return 2;
  }
}

/** outputPath: the `== Secret Path ==` header, the path, a blank line. */
export function outputPath(ctx: Ctx, path: string, title: string): void {
  ctx.ui.info(padEqualSigns(title, path.length));
  ctx.ui.info(path);
  ctx.ui.info('');
}

/** The write response as put/patch print it: path and Metadata sections, or the whole response. */
function outputWritten(ctx: Ctx, fullPath: string, secret: Secret | undefined): number {
  if (!secret) {
    if (ctx.format === 'table') ctx.ui.info(`Success! Data written to: ${fullPath}`);
    return 0;
  }
  if (ctx.flags.str('field') !== '') return printRawField(ctx, { secret }, ctx.flags.str('field'));
  if (ctx.format === 'table') {
    outputPath(ctx, fullPath, 'Secret Path');
    const metadata = secret.data ?? {};
    ctx.ui.info(headerForMap('Metadata', metadata));
    return outputData(ctx, metadata);
  }
  return outputSecret(ctx, secret);
}

/** A write: PUT with a JSON body; 204 gives no secret. */
export async function writeSecret(ctx: Ctx, path: string, body: unknown): Promise<Secret | undefined> {
  const res = await ctx.client().request('PUT', path, { body });
  return parseSecret(parseBody(res));
}

export const kvPutCommand: Command = {
  name: 'kv put',
  synopsis: 'Sets or updates data in the KV store',
  usage: 'KEY [DATA]',
  help: `
  Writes the data to the given path in the key/value store, as a new version
  on a KV v2 mount. DATA is key=value pairs: a value @file reads a file, a
  value - reads stdin, and a lone - or @file.json merges in a JSON object.

      $ minivault kv put kgc/api-credentials api_key=key-v1 created_at=t1
      $ minivault kv put -mount=kgc -cas=3 api-credentials api_key=@key.txt`,
  flags: [httpFlags(), outputFlags({ field: true }), { title: 'Common Options', flags: [
    { name: 'cas', kind: 'int', default: '-1', example: 'int',
      usage: 'Specifies to use a Check-And-Set operation. If not set the write will be allowed. If set to 0 a '
        + 'write will only be allowed if the key doesn\'t exist. If the index is non-zero the write will only be '
        + 'allowed if the key\'s current version matches the version specified in the cas parameter.' },
    MOUNT_FLAG,
  ] }],
  async run(ctx) {
    if (ctx.args.length < 1) {
      ctx.ui.error(errCliNotEnoughArgs('>1', ctx.args.length));
      return 1;
    }
    if (ctx.args.length === 1) {
      ctx.ui.error(ERR_CLI_MUST_SUPPLY_DATA);
      return 1;
    }
    let data: Json;
    try {
      data = await parseKvArgs(ctx.args.slice(1), ctx.io.stdin);
    } catch (e) {
      ctx.ui.error(errCliParseKvData(errorMessage(e)));
      return 1;
    }
    const target = await kvTargetOrFail(ctx, ctx.args[0]!);
    if (typeof target === 'number') return target;
    const fullPath = kvRequestPath(target, 'data');
    let body: Json = data;
    if (target.v2) {
      const options: Json = {};
      if (ctx.flags.int('cas') > -1) options.cas = ctx.flags.int('cas');
      body = { data, options };
    }
    let secret: Secret | undefined;
    try {
      secret = await writeSecret(ctx, fullPath, body);
    } catch (e) {
      return fail(ctx, errCliWriting(fullPath), e);
    }
    return outputWritten(ctx, fullPath, secret);
  },
};

/** `-field` on kv get: v2 looks in data.data (a field named data may mean the nested object). */
function getField(ctx: Ctx, secret: Secret, v2: boolean, fullPath: string): number {
  const field = ctx.flags.str('field');
  if (!v2) return printRawField(ctx, { secret }, field);
  const inner = secret.data?.data;
  if (inner === undefined || inner === null) {
    ctx.ui.error(errCliNoData(fullPath));
    return 2;
  }
  if (field === 'data') {
    if (typeof inner === 'object' && 'data' in (inner as Json)) return printRawField(ctx, { map: inner as Json }, field);
    return printRawField(ctx, { secret }, field);
  }
  return printRawField(ctx, { map: (inner ?? {}) as Json }, field);
}

export const kvGetCommand: Command = {
  name: 'kv get',
  synopsis: 'Retrieves data from the KV store',
  usage: 'KEY',
  help: `
  Reads the data at the given path from the key/value store. On a KV v2 mount the
  latest version is read unless -version names another.

      $ minivault kv get kgc/api-credentials
      $ minivault kv get -mount=kgc -version=2 -field=api_key api-credentials`,
  flags: [httpFlags(), outputFlags({ field: true }), { title: 'Common Options', flags: [
    MOUNT_FLAG,
    { name: 'version', kind: 'int', example: 'int', usage: 'If passed, the value at the version number will be returned.' },
  ] }],
  async run(ctx) {
    if (ctx.args.length !== 1) {
      ctx.ui.error(ctx.args.length < 1 ? errCliNotEnoughArgs('1', 0) : errCliTooManyArgs('1', ctx.args.length));
      return 1;
    }
    const target = await kvTargetOrFail(ctx, ctx.args[0]!, true);
    if (typeof target === 'number') return target;
    const fullPath = kvRequestPath(target, 'data');
    const version = ctx.flags.int('version');
    const query = target.v2 && version > 0 ? { version: String(version) } : undefined;
    let secret: Secret | undefined;
    try {
      secret = await kvRead(ctx.client(), fullPath, query);
    } catch (e) {
      return fail(ctx, errCliReading(fullPath), e);
    }
    if (!secret) {
      ctx.ui.error(errCliNoValue(fullPath));
      return 2;
    }
    if (ctx.flags.str('field') !== '') return getField(ctx, secret, target.v2, fullPath);
    if (secret.wrap_info || ctx.format !== 'table') return outputSecret(ctx, secret);
    printWarnings(ctx.ui, secret);
    if (target.v2) outputPath(ctx, fullPath, 'Secret Path');
    const metadata = secret.data?.metadata;
    if (metadata !== undefined && metadata !== null) {
      ctx.ui.info(headerForMap('Metadata', metadata as Json));
      outputData(ctx, metadata);
      ctx.ui.info('');
    }
    let data: Json | null = secret.data;
    if (target.v2 && data) data = (data.data ?? null) as Json | null;
    if (data) {
      ctx.ui.info(headerForMap('Data', data));
      outputData(ctx, data);
    }
    return 0;
  },
};

/** kv patch's read-then-write pre-read: the current data and metadata, or the exit code after saying why not. */
async function preRead(ctx: Ctx, path: string): Promise<{ data: Json; meta: Json } | number> {
  let secret: Secret | undefined;
  try {
    secret = await kvRead(ctx.client(), path);
  } catch (e) {
    return fail(ctx, errCliPreRead(path), e);
  }
  if (!secret?.data) { ctx.ui.error(errCliNoValue(path)); return 2; }
  const meta = secret.data.metadata;
  if (meta === undefined || meta === null) { ctx.ui.error(errCliNoMetadataFor(path, 'patch')); return 2; }
  if (typeof meta !== 'object' || Array.isArray(meta)) { ctx.ui.error(errCliMetadataType(path)); return 2; }
  const data = secret.data.data;
  if (data === undefined || data === null) { ctx.ui.error(errCliNoDataFor(path, 'patch')); return 2; }
  if (typeof data !== 'object' || Array.isArray(data)) { ctx.ui.error(errCliDataType(path)); return 2; }
  return { data: data as Json, meta: meta as Json };
}

async function readThenWrite(ctx: Ctx, path: string, newData: Json): Promise<number> {
  const current = await preRead(ctx, path);
  if (typeof current === 'number') return current;
  let secret: Secret | undefined;
  try {
    secret = await writeSecret(ctx, path, { data: { ...current.data, ...newData }, options: { cas: current.meta.version } });
  } catch (e) {
    return fail(ctx, errCliWriting(path), e);
  }
  return outputWritten(ctx, path, secret);
}

async function mergePatch(ctx: Ctx, path: string, newData: Json, fallback: boolean): Promise<number> {
  const options: Json = {};
  if (ctx.flags.int('cas') > 0) options.cas = ctx.flags.int('cas');
  let secret: Secret | undefined;
  try {
    const res = await ctx.client().request('PATCH', path, {
      body: { data: newData, options }, contentType: 'application/merge-patch+json',
    });
    secret = parseSecret(parseBody(res));
  } catch (e) {
    if (fallback && e instanceof ApiError && e.status === 405) return readThenWrite(ctx, path, newData);
    if (fallback && e instanceof ApiError && e.status === 403) {
      ctx.ui.warn(errCliKvPatchCapability(path));
      return readThenWrite(ctx, path, newData);
    }
    return fail(ctx, errCliWriting(path), e);
  }
  return outputWritten(ctx, path, secret);
}

export const kvPatchCommand: Command = {
  name: 'kv patch',
  synopsis: 'Sets or updates data in the KV store without overwriting',
  usage: 'KEY [DATA]',
  help: `
  Merges the given key=value pairs into the latest version at the path (KV v2
  only), creating a new version; keys not named keep their values. Uses HTTP
  PATCH, falling back to read-then-write when the server or policy refuses it.

      $ minivault kv patch kgc/api-credentials api_key=key-v2
      $ minivault kv patch -remove-data=created_at kgc/api-credentials`,
  flags: [httpFlags(), outputFlags({ field: true }), { title: 'Common Options', flags: [
    { name: 'cas', kind: 'int', example: 'int',
      usage: 'Specifies to use a Check-And-Set operation. If set to a non-zero value, the patch only succeeds '
        + 'if the key\'s current version matches.' },
    { name: 'method', kind: 'string', example: 'string',
      usage: 'Specifies which method of patching to use: "patch" (HTTP PATCH) or "rw" (read then write).' },
    MOUNT_FLAG,
    { name: 'remove-data', kind: 'strings', example: 'string',
      usage: 'Key to remove from the data. This can be specified multiple times.' },
  ] }],
  async run(ctx) {
    if (ctx.args.length < 1) {
      ctx.ui.error(errCliNotEnoughArgs('>1', ctx.args.length));
      return 1;
    }
    if (ctx.flags.list('remove-data').length === 0 && ctx.args.length === 1) {
      ctx.ui.error(ERR_CLI_MUST_SUPPLY_DATA);
      return 1;
    }
    ctx.client();
    let newData: Json;
    try {
      newData = await parseKvArgs(ctx.args.slice(1), ctx.io.stdin);
    } catch (e) {
      ctx.ui.error(errCliParseKvData(errorMessage(e)));
      return 1;
    }
    const target = await kvTargetOrFail(ctx, ctx.args[0]!);
    if (typeof target === 'number') return target;
    if (!target.v2) {
      ctx.ui.error(ERR_CLI_KV_PATCH_V1);
      return 2;
    }
    const fullPath = kvRequestPath(target, 'data');
    for (const key of ctx.flags.list('remove-data')) newData[key] = null;
    switch (ctx.flags.str('method')) {
      case 'rw': return readThenWrite(ctx, fullPath, newData);
      case 'patch': return mergePatch(ctx, fullPath, newData, false);
      case '': return mergePatch(ctx, fullPath, newData, true);
      default:
        ctx.ui.error(errCliKvPatchMethod(ctx.flags.str('method')));
        return 2;
    }
  },
};
