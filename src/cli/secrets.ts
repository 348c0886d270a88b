// `minivault secrets enable | list | disable` (V114 command/secrets_enable.go, secrets_list.go,
// secrets_disable.go; api/sys_mounts.go MountInput / MountOutput): secrets engines mounted under
// sys/mounts. Mount paths always carry a trailing `/`.
import {
  ERR_CLI_SECRETS_ENABLE, ERR_CLI_SECRETS_LIST, errCliNotEnoughArgs, errCliSecretsDisable, errCliTooManyArgs,
} from '../errors/cli.js';
import { fail, httpFlags, outputFlags, type Command, type Ctx } from './command.js';
import { goValue, tableOutput } from './format.js';
import { GoStruct } from '../go/json.js';
import { requireData } from './json.js';
import { formatOutput } from './yaml.js';
import { sanitizePath } from './kv-common.js';
import { enableBody, enableFlagGroup, tuneBody, tuneFlagGroup } from './mount-flags.js';
import { runMove } from './mount-move.js';

type Json = Record<string, unknown>;

/** ensureTrailingSlash: trimmed, with exactly one `/` added when missing ('' stays ''). */
export function ensureTrailingSlash(s: string): string {
  const t = s.trim();
  if (t === '') return '';
  return t.endsWith('/') ? t : `${t}/`;
}

function exactlyOne(ctx: Ctx): boolean {
  if (ctx.args.length === 1) return true;
  ctx.ui.error(ctx.args.length < 1 ? errCliNotEnoughArgs('1', 0) : errCliTooManyArgs('1', ctx.args.length));
  return false;
}

export const secretsEnableCommand: Command = {
  name: 'secrets enable',
  synopsis: 'Enable a secrets engine',
  usage: 'TYPE',
  help: `
  Mounts a secrets engine of the given type at -path (by default the type's
  name). For the key/value engine, -version=2 selects KV v2 (versioned).

      $ minivault secrets enable -path=kgc -version=2 kv`,
  flags: [httpFlags(), enableFlagGroup('secrets')],
  async run(ctx) {
    if (!exactlyOne(ctx)) return 1;
    // secrets_enable.go: the type `plugin` stands for -plugin-name; the path defaults to the type.
    let type = ctx.args[0]!.trim();
    if (type === 'plugin') type = ctx.flags.str('plugin-name');
    const path = ensureTrailingSlash(ctx.flags.str('path') || type);
    try {
      await ctx.client().request('POST', `sys/mounts/${path}`, { body: enableBody(ctx, type) });
    } catch (e) {
      return fail(ctx, ERR_CLI_SECRETS_ENABLE, e);
    }
    const version = ctx.flags.str('plugin-version');
    const what = `${type} secrets engine${version !== '' ? ` version ${version}` : ''}`;
    ctx.ui.output(`Success! Enabled the ${what} at: ${path}`);
    return 0;
  },
};

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** api.MountOutput as `-format=json` prints each mount. */
export function mountStruct(m: Json): GoStruct {
  const c = (m.config ?? {}) as Json;
  const list = (v: unknown): unknown => (Array.isArray(v) && v.length > 0 ? v : undefined);
  const config = new GoStruct([
    ['default_lease_ttl', num(c.default_lease_ttl)], ['max_lease_ttl', num(c.max_lease_ttl)],
    ['force_no_cache', c.force_no_cache === true],
    ['audit_non_hmac_request_keys', list(c.audit_non_hmac_request_keys)],
    ['audit_non_hmac_response_keys', list(c.audit_non_hmac_response_keys)],
    ['listing_visibility', str(c.listing_visibility) || undefined],
    ['passthrough_request_headers', list(c.passthrough_request_headers)],
    ['allowed_response_headers', list(c.allowed_response_headers)],
    ['token_type', str(c.token_type) || undefined],
    ['allowed_managed_keys', list(c.allowed_managed_keys)],
    ['plugin_name', str(c.plugin_name) || undefined],
  ]);
  return new GoStruct([
    ['uuid', str(m.uuid)], ['type', str(m.type)], ['description', str(m.description)], ['accessor', str(m.accessor)],
    ['config', config], ['options', m.options ?? null], ['local', m.local === true], ['seal_wrap', m.seal_wrap === true],
    ['external_entropy_access', m.external_entropy_access === true], ['plugin_version', str(m.plugin_version)],
    ['running_plugin_version', str(m.running_plugin_version)], ['running_sha256', str(m.running_sha256)],
    ['deprecation_status', str(m.deprecation_status)],
  ]);
}

function detailedRow(path: string, m: Json): string[] {
  const c = (m.config ?? {}) as Json;
  const ttl = (v: unknown): string => {
    if (m.type === 'system' || m.type === 'cubbyhole') return '';
    return num(v) !== 0 ? String(num(v)) : 'system';
  };
  const plugin = m.type === 'plugin' ? str(c.plugin_name) : str(m.type);
  return [
    path, plugin, str(m.accessor), ttl(c.default_lease_ttl), ttl(c.max_lease_ttl), String(c.force_no_cache === true),
    m.local === true ? 'local' : 'replicated', String(m.seal_wrap === true), String(m.external_entropy_access === true),
    goValue(m.options ?? {}), str(m.description), str(m.uuid), str(m.plugin_version), str(m.running_plugin_version),
    str(m.running_sha256), str(m.deprecation_status),
  ];
}

export const secretsListCommand: Command = {
  name: 'secrets list',
  synopsis: 'List enabled secrets engines',
  usage: '',
  help: `
  Lists the mounted secrets engines with their type, accessor and description;
  -detailed adds TTLs, options and plugin details.

      $ minivault secrets list`,
  flags: [httpFlags(), outputFlags({ detailed: true })],
  async run(ctx) {
    if (ctx.args.length > 0) {
      ctx.ui.error(errCliTooManyArgs('0', ctx.args.length));
      return 1;
    }
    let mounts: Record<string, Json>;
    try {
      mounts = requireData(await ctx.client().json('GET', 'sys/mounts')) as Record<string, Json>;
    } catch (e) {
      return fail(ctx, ERR_CLI_SECRETS_LIST, e);
    }
    const paths = Object.keys(mounts).sort();
    if (ctx.format !== 'table') {
      ctx.ui.output(formatOutput(ctx.format, Object.fromEntries(paths.map((p) => [p, mountStruct(mounts[p] ?? {})]))));
      return 0;
    }
    if (ctx.flags.bool('detailed')) {
      ctx.ui.output(tableOutput(
        ['Path', 'Plugin', 'Accessor', 'Default TTL', 'Max TTL', 'Force No Cache', 'Replication', 'Seal Wrap',
          'External Entropy Access', 'Options', 'Description', 'UUID', 'Version', 'Running Version',
          'Running SHA256', 'Deprecation Status'],
        paths.map((p) => detailedRow(p, mounts[p] ?? {})),
      ));
      return 0;
    }
    ctx.ui.output(tableOutput(['Path', 'Type', 'Accessor', 'Description'],
      paths.map((p) => [p, str(mounts[p]?.type), str(mounts[p]?.accessor), str(mounts[p]?.description)])));
    return 0;
  },
};

export const secretsDisableCommand: Command = {
  name: 'secrets disable',
  synopsis: 'Disable a secret engine',
  usage: 'PATH',
  help: `
  Unmounts the secrets engine at the path; all of its data is removed.

      $ minivault secrets disable kgc/`,
  flags: [httpFlags()],
  async run(ctx) {
    if (!exactlyOne(ctx)) return 1;
    const path = ensureTrailingSlash(sanitizePath(ctx.args[0]!));
    try {
      await ctx.client().request('DELETE', `sys/mounts/${path}`);
    } catch (e) {
      return fail(ctx, errCliSecretsDisable(path), e);
    }
    ctx.ui.output(`Success! Disabled the secrets engine (if it existed) at: ${path}`);
    return 0;
  },
};

export const secretsTuneCommand: Command = {
  name: 'secrets tune',
  synopsis: 'Tune a secrets engine configuration',
  usage: 'PATH',
  help: `
  Tunes the configuration options for the secrets engine at the given PATH.
  The argument corresponds to the PATH where the secrets engine is enabled,
  not the TYPE!

  Tune the default lease for the PKI secrets engine:

      $ minivault secrets tune -default-lease-ttl=72h pki/`,
  flags: [httpFlags(), tuneFlagGroup('secrets')],
  async run(ctx) {
    if (!exactlyOne(ctx)) return 1;
    const path = ensureTrailingSlash(sanitizePath(ctx.args[0]!));
    try {
      await ctx.client().request('POST', `sys/mounts/${path}tune`, { body: tuneBody(ctx) });
    } catch (e) {
      return fail(ctx, `Error tuning secrets engine ${path}`, e);
    }
    ctx.ui.output(`Success! Tuned the secrets engine at: ${path}`);
    return 0;
  },
};

export const secretsMoveCommand: Command = {
  name: 'secrets move',
  synopsis: 'Move a secrets engine to a new path',
  usage: 'SOURCE DESTINATION',
  help: `
  Moves an existing secrets engine to a new path. Any leases from the old
  secrets engine are revoked, but all configuration associated with the engine
  is preserved. It initiates the migration and intermittently polls its status,
  exiting if a final state is reached.

  WARNING! Moving a secrets engine will revoke any leases from the
  old engine.

  Move the secrets engine at secret/ to generic/:

      $ minivault secrets move secret/ generic/`,
  flags: [httpFlags()],
  run: (ctx) => runMove(ctx, 'secrets engine'),
};
