// Printing responses the way Vault's CLI does (command/format.go OutputSecret, OutputData,
// OutputList, printWarnings; command/util.go RawField, PrintRawField, PrintRaw): a Key/Value
// table or the api.Secret JSON, response warnings on stderr, and `-field` extraction (wrap info
// included: the `wrapping_token:` rows and fields of a response wrapped by -wrap-ttl).
import { errCliFieldNotPresent } from '../errors/cli.js';
import type { Ctx, Ui } from './command.js';
import {
  columnize, dataRow, goQuotedList, humanDurationValue, keyValueTable, looksLikeDuration, mapTable, tableOutput,
  wrapAtLength,
} from './format.js';
import { goValue } from '../go/fmt.js';
import { wireTimeRfc3339Nano, wireTimeString } from '../go/time.js';
import { secretStruct, type Secret } from './json.js';
import { formatOutput, formatValue } from './yaml.js';

/** printWarnings: the response's warnings on stderr, before a table. */
export function printWarnings(ui: Ui, secret: Secret | undefined): void {
  if (!secret?.warnings?.length) return;
  ui.warn('WARNING! The following warnings were returned from Vault:\n');
  for (const w of secret.warnings) {
    ui.warn(wrapAtLength(`* ${w}`, 2));
    ui.warn('');
  }
}

/** The rows OutputSecret prints for a response: lease, auth, wrap info, then data keys sorted. */
export function secretRows(secret: Secret): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (secret.lease_duration > 0) {
    if (secret.lease_id !== '') {
      rows.push(['lease_id', secret.lease_id]);
      rows.push(['lease_duration', goValue(humanDurationValue(secret.lease_duration))]);
      rows.push(['lease_renewable', String(secret.renewable)]);
    } else {
      rows.push(['refresh_interval', goValue(humanDurationValue(secret.lease_duration))]);
    }
  }
  const auth = secret.auth;
  if (auth) {
    const duration = auth.lease_duration ?? 0;
    rows.push(['token', auth.client_token ?? '']);
    rows.push(['token_accessor', auth.accessor ?? '']);
    rows.push(['token_duration', duration === 0 ? '∞' : goValue(humanDurationValue(duration))]);
    rows.push(['token_renewable', String(auth.renewable ?? false)]);
    rows.push(['token_policies', goQuotedList(auth.token_policies)]);
    rows.push(['identity_policies', goQuotedList(auth.identity_policies)]);
    rows.push(['policies', goQuotedList(auth.policies)]);
    for (const [k, v] of Object.entries(auth.metadata ?? {})) rows.push([`token_meta_${k}`, goValue(v)]);
  }
  const wrap = secret.wrap_info;
  if (wrap) {
    rows.push(['wrapping_token:', goValue(wrap.token ?? '')]);
    rows.push(['wrapping_accessor:', goValue(wrap.accessor ?? '')]);
    rows.push(['wrapping_token_ttl:', goValue(humanDurationValue(wrap.ttl ?? 0))]);
    rows.push(['wrapping_token_creation_time:', wireTimeString(wrap.creation_time)]);
    rows.push(['wrapping_token_creation_path:', goValue(wrap.creation_path ?? '')]);
    if (wrap.wrapped_accessor) rows.push(['wrapped_accessor:', goValue(wrap.wrapped_accessor)]);
  }
  const data = secret.data ?? {};
  for (const k of Object.keys(data).sort()) rows.push(dataRow(k, data[k]));
  return rows;
}

/** OutputSecret: a table (warnings first) or the whole response as JSON. Returns the exit code. */
export function outputSecret(ctx: Ctx, secret: Secret | undefined): number {
  if (!secret) return 0;
  if (ctx.format !== 'table') {
    ctx.ui.output(formatOutput(ctx.format, secretStruct(secret)));
    return 0;
  }
  printWarnings(ctx.ui, secret);
  const rows = secretRows(secret);
  if (rows.length > 0) ctx.ui.output(keyValueTable(rows));
  return 0;
}

/** OutputData over a map: Key/Value table sorted by key, or JSON. */
export function outputData(ctx: Ctx, data: unknown): number {
  if (ctx.format !== 'table') {
    ctx.ui.output(formatOutput(ctx.format, data));
    return 0;
  }
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const table = mapTable(data as Record<string, unknown>);
    if (table !== '') ctx.ui.output(table);
  }
  return 0;
}

/**
 * OutputList: `Keys` table with keys sorted, or the JSON array. With -detailed (or VAULT_DETAILED)
 * and a ListResponseWithInfo's `key_info`, each key_info field of a listed key becomes a column,
 * sorted, `n/a` where a key lacks it, durations humanised (TableFormatter.OutputList).
 */
export function outputList(ctx: Ctx, keys: unknown[], secret?: Secret, detailed = false): number {
  if (ctx.format !== 'table') {
    ctx.ui.output(formatOutput(ctx.format, keys));
    return 0;
  }
  printWarnings(ctx.ui, secret);
  if (keys.length === 0) return 0;
  const sorted = keys.map(String).sort();
  const info = secret?.data?.key_info;
  const infoMap = detailed && info && typeof info === 'object' && !Array.isArray(info) ? info as Record<string, unknown> : {};
  const headers = [...new Set(Object.entries(infoMap)
    .filter(([k]) => sorted.includes(k))
    .flatMap(([, v]) => (v && typeof v === 'object' ? Object.keys(v) : [])))].sort();
  if (headers.length === 0) {
    ctx.ui.output(columnize([['Keys'], ['----'], ...sorted.map((k) => [k])]));
    return 0;
  }
  const rows = sorted.map((k) => {
    const values = infoMap[k] as Record<string, unknown> | undefined;
    if (!values || typeof values !== 'object') return [k];
    return [k, ...headers.map((h) => (h in values
      ? goValue(looksLikeDuration(h) ? humanDurationValue(values[h]) : values[h]) : 'n/a'))];
  });
  ctx.ui.output(tableOutput(['Keys', ...headers], rows));
  return 0;
}

/** RawField's names for the wrap info of a wrapped response (zero values when absent). */
function wrapField(wrap: Record<string, unknown>, field: string): unknown {
  switch (field) {
    case 'wrapping_token': return wrap.token ?? '';
    case 'wrapping_accessor': return wrap.accessor ?? '';
    case 'wrapping_token_ttl': return wrap.ttl ?? 0;
    case 'wrapping_token_creation_time': return wireTimeRfc3339Nano(wrap.creation_time);
    case 'wrapping_token_creation_path': return wrap.creation_path ?? '';
    case 'wrapped_accessor': return wrap.wrapped_accessor ?? '';
    default: return undefined;
  }
}

/** RawField: `-field` lookup in a response (auth names, wrap info names, envelope names, then data). */
export function rawField(secret: Secret, field: string): unknown {
  const auth = secret.auth;
  if (auth) {
    const byName: Record<string, unknown> = {
      token: auth.client_token, token_accessor: auth.accessor, token_duration: auth.lease_duration,
      token_renewable: auth.renewable, token_policies: auth.token_policies,
      identity_policies: auth.identity_policies, policies: auth.policies,
    };
    return field in byName ? byName[field] : secret.data?.[field];
  }
  if (secret.wrap_info) return wrapField(secret.wrap_info, field) ?? secret.data?.[field];
  switch (field) {
    case 'lease_duration':
    case 'refresh_interval': return secret.lease_duration;
    case 'lease_id': return secret.lease_id;
    case 'request_id': return secret.request_id;
    case 'renewable': return secret.renewable;
    case 'data': return secret.data && 'data' in secret.data ? secret.data.data : secret.data;
    default: return secret.data?.[field];
  }
}

/** PrintRaw: the value with no newline when stdout is not a terminal. */
export function printRaw(ctx: Ctx, text: string): number {
  if (ctx.io.stdoutIsTTY) ctx.ui.output(text);
  else ctx.ui.raw(text);
  return 0;
}

/**
 * PrintRawField: one field of a response (Secret) or of a plain map, `%v`-rendered in table format
 * and JSON-encoded otherwise; a missing field is an error (exit 1).
 */
export function printRawField(ctx: Ctx, source: { secret: Secret } | { map: Record<string, unknown> }, field: string): number {
  const value = 'secret' in source ? rawField(source.secret, field) : source.map[field];
  if (value === undefined || value === null) {
    ctx.ui.error(errCliFieldNotPresent(field));
    return 1;
  }
  return printRaw(ctx, ctx.format === 'table' ? goValue(value) : formatValue(ctx.format, value));
}
