// `minivault kv metadata get | put | patch | delete` (hashicorp/vault command/kv_metadata_get.go,
// kv_metadata_put.go, kv_metadata_patch.go, kv_metadata_delete.go): the key's settings and its
// version history under `<mount>/metadata/<path>` (KV v2 only).
import {
  ERR_CLI_METADATA_V1, errCliDeleting, errCliNoValue, errCliNotEnoughArgs, errCliReading, errCliTooManyArgs,
  errCliWriting,
} from '../errors/cli.js';
import { parseBody } from './client.js';
import { fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import type { FlagDef } from './flags.js';
import { headerForMap } from './format.js';
import { addPrefixToKVPath, kvRead, outputWriteResult } from './kv-common.js';
import { MOUNT_FLAG, kvTargetOrFail, outputPath, writeSecret } from './kv.js';
import { formatGoDuration } from '../go/time.js';
import { parseSecret, type Secret } from './json.js';
import { outputData, outputSecret } from './output.js';

type Json = Record<string, unknown>;

/** The metadata path for the single positional argument, or an exit code (args, preflight, v1). */
async function metadataPath(ctx: Ctx): Promise<string | number> {
  if (ctx.args.length !== 1) {
    ctx.ui.error(ctx.args.length < 1 ? errCliNotEnoughArgs('1', 0) : errCliTooManyArgs('1', ctx.args.length));
    return 1;
  }
  const target = await kvTargetOrFail(ctx, ctx.args[0]!);
  if (typeof target === 'number') return target;
  if (!target.v2) {
    ctx.ui.error(ERR_CLI_METADATA_V1);
    return 1;
  }
  return addPrefixToKVPath(target.partialPath, target.mountPath, 'metadata');
}

export const kvMetadataGetCommand: Command = {
  name: 'kv metadata get',
  synopsis: 'Retrieves key metadata from the KV store',
  usage: 'KEY',
  help: `
  Shows a key's settings (max versions, cas required, delete-version-after,
  custom metadata) and the creation, deletion and destruction of each version.

      $ minivault kv metadata get kgc/api-credentials`,
  flags: [httpFlags(), outputFlags(), { title: 'Common Options', flags: [MOUNT_FLAG] }],
  async run(ctx) {
    const fullPath = await metadataPath(ctx);
    if (typeof fullPath === 'number') return fullPath;
    let secret: Secret | undefined;
    try {
      secret = await kvRead(ctx.client(), fullPath);
    } catch (e) {
      return fail(ctx, errCliReading(fullPath), e);
    }
    if (!secret) {
      ctx.ui.error(errCliNoValue(fullPath));
      return 2;
    }
    if (secret.wrap_info || ctx.format !== 'table') return outputSecret(ctx, secret);
    const versions = secret.data?.versions;
    if (versions === undefined || versions === null || typeof versions !== 'object') {
      ctx.ui.error(errCliNoValue(fullPath));
      outputSecret(ctx, secret);
      return 2;
    }
    const rest: Json = { ...(secret.data ?? {}) };
    delete rest.versions;
    outputPath(ctx, fullPath, 'Metadata Path');
    ctx.ui.info(headerForMap('Metadata', rest));
    outputSecret(ctx, { ...secret, data: rest });
    const byNumber = Object.keys(versions as Json).map(Number).filter(Number.isInteger).sort((a, b) => a - b);
    for (const n of byNumber) {
      const v = (versions as Json)[String(n)] as Json;
      ctx.ui.info(`\n${headerForMap(`Version ${n}`, v ?? {})}`);
      outputData(ctx, v);
    }
    return 0;
  },
};

const SETTINGS_FLAGS: FlagDef[] = [
  { name: 'cas-required', kind: 'optbool',
    usage: 'If true the key will require the cas parameter to be set on all write requests. If false, the '
      + 'backend\'s configuration will be used.' },
  { name: 'custom-metadata', kind: 'map', example: 'key=value',
    usage: 'Specifies arbitrary version-agnostic key=value metadata meant to describe a secret. This can be '
      + 'specified multiple times to add multiple pieces of metadata.' },
  { name: 'delete-version-after', kind: 'duration', default: '-1', example: 'duration',
    usage: 'Specifies the length of time before a version is deleted. If not set, the backend\'s configured '
      + 'delete-version-after is used. Cannot be greater than the backend\'s delete-version-after.' },
  { name: 'max-versions', kind: 'int', default: '-1', example: 'int',
    usage: 'The number of versions to keep. If not set, the backend\'s configured max version is used.' },
  MOUNT_FLAG,
];

/** The settings the user gave, and only those (max_versions, cas_required, delete_version_after). */
function settingsBody(ctx: Ctx): Json {
  const body: Json = {};
  if (ctx.flags.int('max-versions') >= 0) body.max_versions = ctx.flags.int('max-versions');
  const casRequired = ctx.flags.optBool('cas-required');
  if (casRequired !== undefined) body.cas_required = casRequired;
  if (ctx.flags.seconds('delete-version-after') >= 0) {
    body.delete_version_after = formatGoDuration(ctx.flags.seconds('delete-version-after'));
  }
  return body;
}

export const kvMetadataPutCommand: Command = {
  name: 'kv metadata put',
  synopsis: 'Sets or updates key settings in the KV store',
  usage: 'KEY',
  help: `
  Sets a key's settings; only the flags given are sent. Creates the key's
  metadata if it does not exist yet.

      $ minivault kv metadata put -max-versions=20 -cas-required kgc/api-credentials`,
  flags: [httpFlags(), outputFlags(), { title: 'Common Options', flags: SETTINGS_FLAGS }],
  async run(ctx) {
    const fullPath = await metadataPath(ctx);
    if (typeof fullPath === 'number') return fullPath;
    const body = settingsBody(ctx);
    const custom = ctx.flags.map('custom-metadata');
    if (Object.keys(custom).length > 0) body.custom_metadata = custom;
    let secret: Secret | undefined;
    try {
      secret = await writeSecret(ctx, fullPath, body);
    } catch (e) {
      return fail(ctx, errCliWriting(fullPath), e);
    }
    return outputWriteResult(ctx, `Success! Data written to: ${fullPath}`, secret);
  },
};

export const kvMetadataPatchCommand: Command = {
  name: 'kv metadata patch',
  synopsis: 'Patches key settings in the KV store',
  usage: 'KEY',
  help: `
  Changes only the given settings of a key with an HTTP PATCH; custom metadata
  keys are merged, and -remove-custom-metadata drops keys.

      $ minivault kv metadata patch -custom-metadata=owner=kgc kgc/api-credentials`,
  flags: [httpFlags(), outputFlags(), { title: 'Common Options', flags: [
    ...SETTINGS_FLAGS,
    { name: 'remove-custom-metadata', kind: 'strings', example: 'string',
      usage: 'Key to remove from custom metadata. To specify multiple values, specify this flag multiple times.' },
  ] }],
  async run(ctx) {
    const fullPath = await metadataPath(ctx);
    if (typeof fullPath === 'number') return fullPath;
    const body = settingsBody(ctx);
    const custom: Json = { ...ctx.flags.map('custom-metadata') };
    for (const key of ctx.flags.list('remove-custom-metadata')) custom[key] = null;
    body.custom_metadata = custom;
    let secret: Secret | undefined;
    try {
      const res = await ctx.client().request('PATCH', fullPath, { body, contentType: 'application/merge-patch+json' });
      secret = parseSecret(parseBody(res));
    } catch (e) {
      return fail(ctx, errCliWriting(fullPath), e);
    }
    return outputWriteResult(ctx, `Success! Data written to: ${fullPath}`, secret);
  },
};

export const kvMetadataDeleteCommand: Command = {
  name: 'kv metadata delete',
  synopsis: 'Deletes all versions and metadata for a key in the KV store',
  usage: 'PATH',
  help: `
  Permanently removes a key: every version's data and all of its metadata.

      $ minivault kv metadata delete kgc/api-credentials`,
  flags: [httpFlags(), { title: 'Common Options', flags: [MOUNT_FLAG] }],
  async run(ctx) {
    const fullPath = await metadataPath(ctx);
    if (typeof fullPath === 'number') return fullPath;
    try {
      await ctx.client().request('DELETE', fullPath);
    } catch (e) {
      return fail(ctx, errCliDeleting(fullPath), e);
    }
    ctx.ui.output(`Success! Data deleted (if it existed) at: ${fullPath}`);
    return 0;
  },
};
