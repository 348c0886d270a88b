// What `auth list` and `secrets list` print (Vault 1.18 command/auth_list.go, secrets_list.go over
// api/sys_mounts.go MountOutput): each mount as the MountOutput struct for -format=json/yaml, a
// plain table, and the -detailed table. Vault writes the two commands separately; they differ only
// in one detailed column (auth: Token Type, secrets: Force No Cache) and auth's Version column.
import { GoStruct } from '../go/json.js';
import type { Ctx } from './command.js';
import { goValue } from '../go/fmt.js';
import { tableOutput } from './format.js';
import { formatOutput } from './yaml.js';

type Json = Record<string, unknown>;
export type MountKind = 'auth' | 'secrets';

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

function detailedRow(kind: MountKind, path: string, m: Json): string[] {
  const c = (m.config ?? {}) as Json;
  const ttl = (v: unknown): string => {
    if (m.type === 'system' || m.type === 'cubbyhole') return '';
    return num(v) !== 0 ? String(num(v)) : 'system';
  };
  const plugin = m.type === 'plugin' ? str(c.plugin_name) : str(m.type);
  return [
    path, plugin, str(m.accessor), ttl(c.default_lease_ttl), ttl(c.max_lease_ttl),
    kind === 'auth' ? str(c.token_type) : String(c.force_no_cache === true),
    m.local === true ? 'local' : 'replicated', String(m.seal_wrap === true), String(m.external_entropy_access === true),
    goValue(m.options ?? {}), str(m.description), str(m.uuid), str(m.plugin_version), str(m.running_plugin_version),
    str(m.running_sha256), str(m.deprecation_status),
  ];
}

/** Prints the mounts (sys/auth or sys/mounts data) sorted by path, in the chosen format; returns 0. */
export function outputMountList(ctx: Ctx, kind: MountKind, mounts: Record<string, Json>): number {
  const paths = Object.keys(mounts).sort();
  if (ctx.format !== 'table') {
    ctx.ui.output(formatOutput(ctx.format, Object.fromEntries(paths.map((p) => [p, mountStruct(mounts[p] ?? {})]))));
    return 0;
  }
  if (ctx.flags.bool('detailed')) {
    ctx.ui.output(tableOutput(
      ['Path', 'Plugin', 'Accessor', 'Default TTL', 'Max TTL', kind === 'auth' ? 'Token Type' : 'Force No Cache', 'Replication',
        'Seal Wrap', 'External Entropy Access', 'Options', 'Description', 'UUID', 'Version', 'Running Version',
        'Running SHA256', 'Deprecation Status'],
      paths.map((p) => detailedRow(kind, p, mounts[p] ?? {})),
    ));
    return 0;
  }
  const row = (p: string): string[] => {
    const m = mounts[p] ?? {};
    const cells = [p, str(m.type), str(m.accessor), str(m.description)];
    return kind === 'auth' ? [...cells, str(m.plugin_version)] : cells;
  };
  ctx.ui.output(tableOutput(['Path', 'Type', 'Accessor', 'Description', ...(kind === 'auth' ? ['Version'] : [])], paths.map(row)));
  return 0;
}
