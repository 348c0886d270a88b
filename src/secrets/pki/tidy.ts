// `tidy`, `tidy-status`, `tidy-cancel`, `config/auto-tidy` and `config/cluster` (Vault
// builtin/logical/pki/path_tidy.go pathTidyWrite, pathTidyStatusRead, pathTidyCancelWrite,
// pathConfigAutoTidyRead/Write; path_config_cluster.go). The run itself, in the background, is
// tidy-run.ts; the scheduled auto-tidy is periodic.ts.
import type { FieldData, FieldSchema, FieldSchemas, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { respondWithStatusCode } from '../../framework/respond.js';
import { formatGoDuration } from '../../go/time.js';
import { parseDurationSecond } from '../../go/parseutil.js';
import * as E from '../../errors/pki.js';
import { isUrl } from './issuers.js';
import { goMapOrder } from '../../go/object.js';
import type { PkiStore } from './store.js';
import { requestCancel, setLastAutoTidy, startTidy, tidyStatusData, type TidyConfig } from './tidy-run.js';

const FLAGS = [
  'tidy_cert_store', 'tidy_revoked_certs', 'tidy_revoked_cert_issuer_associations', 'tidy_expired_issuers', 'tidy_move_legacy_ca_bundle',
  'tidy_acme', 'tidy_revocation_queue', 'tidy_cross_cluster_revoked_certs', 'tidy_cert_metadata', 'tidy_cmpv2_nonce_store',
] as const;
const BUFFERS: Record<string, number> = {
  safety_buffer: 259200, issuer_safety_buffer: 31536000, acme_account_safety_buffer: 2592000, revocation_queue_safety_buffer: 172800,
};
const b = (description: string): FieldSchema => ({ type: 'bool', description, default: false });
const dur = (description: string, dflt: number): FieldSchema => ({ type: 'duration_second', description, default: dflt });

export const TIDY_FIELDS: FieldSchemas = {
  ...Object.fromEntries(FLAGS.map((f) => [f, b(`Set to true to enable ${f.replace(/_/g, ' ')}.`)])),
  tidy_revocation_list: b('Deprecated; synonym for \'tidy_revoked_certs'),
  safety_buffer: dur('The amount of extra time that must have passed beyond certificate expiration before it is removed from the backend storage and/or revocation list. Defaults to 72 hours.', 259200),
  issuer_safety_buffer: dur('The amount of extra time that must have passed beyond issuer\'s expiration before it is removed from the backend storage. Defaults to 8760 hours (1 year).', 31536000),
  acme_account_safety_buffer: dur('The amount of time that must pass after creation that an account with no orders is marked revoked.', 2592000),
  revocation_queue_safety_buffer: dur('The amount of time that must pass from the cross-cluster revocation request being initiated to when it will be slated for removal.', 172800),
  pause_duration: { type: 'string', description: 'The amount of time to wait between processing certificates.', default: '0s' },
};

export const AUTO_TIDY_FIELDS: FieldSchemas = {
  ...TIDY_FIELDS,
  enabled: b('Set to true to enable automatic tidy operations.'),
  interval_duration: dur('Interval at which to run an auto-tidy operation.', 43200),
  min_startup_backoff_duration: dur('The minimum amount of time in seconds auto-tidy will be delayed after startup.', 300),
  max_startup_backoff_duration: dur('The maximum amount of time in seconds auto-tidy will be delayed after startup.', 900),
  maintain_stored_certificate_counts: b('This configures whether stored certificates are counted upon initialization of the backend.'),
  publish_stored_certificate_count_metrics: b('This configures whether the stored certificate count is published to the metrics consumer.'),
};

const FLAG_LIST = E.TIDY_OPERATIONS;

function options(d: FieldData, base: Record<string, unknown> = {}): Record<string, unknown> {
  const o: Record<string, unknown> = { ...base };
  for (const k of [...FLAGS, ...Object.keys(BUFFERS), 'pause_duration']) if (d.getOk(k).ok || o[k] === undefined) o[k] = d.get(k);
  if (d.get<boolean>('tidy_revocation_list')) o.tidy_revoked_certs = true;
  return o;
}

/** pathTidyWrite's checks. */
function validate(o: Record<string, unknown>): void {
  if ((o.safety_buffer as number) < 1) throw E.bad(E.ERR_SAFETY_BUFFER);
  if ((o.issuer_safety_buffer as number) < 1) throw E.bad(E.ERR_ISSUER_SAFETY_BUFFER);
  if ((o.revocation_queue_safety_buffer as number) < 1) throw E.bad(E.ERR_QUEUE_SAFETY_BUFFER);
  if ((o.acme_account_safety_buffer as number) < 1) throw E.bad(E.ERR_ACME_SAFETY_BUFFER);
  let pause: number;
  try { pause = parseDurationSecond(o.pause_duration as string); } catch (e) { throw E.bad(E.errPauseParse((e as Error).message)); }
  if (pause < 0) throw E.bad(E.ERR_PAUSE_NEGATIVE);
  if (o.tidy_cert_metadata === true) throw E.bad(E.ERR_CERT_METADATA_ENT);
}

/** pathConfigAutoTidyWrite's checks, on the values sent (`got` is the decoded number of seconds). */
function validateAuto(d: FieldData, cur: Record<string, unknown>): void {
  for (const [k, name] of [['safety_buffer', 'safety_buffer'], ['issuer_safety_buffer', 'safety_buffer'],
    ['revocation_queue_safety_buffer', 'revocation_queue_safety_buffer'], ['acme_account_safety_buffer', 'acme_account_safety_buffer']] as const) {
    // Vault names issuer_safety_buffer "safety_buffer" in its message
    if (d.getOk(k).ok && (cur[k] as number) < 1) throw E.bad(E.errAutoBuffer(name, String(cur[k])));
  }
  if (d.getOk('pause_duration').ok) {
    let pause: number;
    try { pause = parseDurationSecond(cur.pause_duration as string); } catch (e) { throw E.bad(E.errAutoPauseParse((e as Error).message)); }
    if (pause < 0) throw E.bad(E.ERR_PAUSE_NEGATIVE);
    cur.pause_duration = formatGoDuration(pause);
  }
  if (d.getOk('tidy_cert_metadata').ok && cur.tidy_cert_metadata === true) throw E.bad(E.ERR_CERT_METADATA_ENT);
}

/** The run's settings from a tidy request or the auto-tidy config (both carry the same names). */
export function tidyConfigOf(o: Record<string, unknown>): TidyConfig {
  const flag = (k: string): boolean => o[k] === true;
  return {
    tidy_cert_store: flag('tidy_cert_store'), tidy_revoked_certs: flag('tidy_revoked_certs'),
    tidy_revoked_cert_issuer_associations: flag('tidy_revoked_cert_issuer_associations'), tidy_expired_issuers: flag('tidy_expired_issuers'),
    tidy_move_legacy_ca_bundle: flag('tidy_move_legacy_ca_bundle'), tidy_acme: flag('tidy_acme'), tidy_revocation_queue: flag('tidy_revocation_queue'),
    tidy_cross_cluster_revoked_certs: flag('tidy_cross_cluster_revoked_certs'), tidy_cert_metadata: flag('tidy_cert_metadata'),
    tidy_cmpv2_nonce_store: flag('tidy_cmpv2_nonce_store'), safety_buffer: o.safety_buffer as number, issuer_safety_buffer: o.issuer_safety_buffer as number,
    acme_account_safety_buffer: o.acme_account_safety_buffer as number, revocation_queue_safety_buffer: o.revocation_queue_safety_buffer as number,
    pause: parseDurationSecond(o.pause_duration as string),
  };
}

/** pathTidyWrite: 202 and the run in the background; one at a time. */
export async function tidy(store: PkiStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const o = options(d);
  validate(o);
  const cfg = tidyConfigOf(o);
  if (!startTidy(store, cfg)) return { warnings: [E.WARN_TIDY_IN_PROGRESS] };
  // a manual run counts as recent, so the periodic auto-tidy does not follow straight after it
  await setLastAutoTidy(store, store.now());
  const anything = FLAGS.some((f) => o[f] === true);
  return respondWithStatusCode(202, req.requestId ?? '', [anything ? E.WARN_TIDY_STARTED : E.warnTidyNothing(FLAG_LIST)]);
}

export async function tidyStatus(store: PkiStore): Promise<LogicalResponse> {
  return { data: await tidyStatusData(store) };
}

export async function tidyCancel(store: PkiStore): Promise<LogicalResponse> {
  if (!requestCancel(store)) return { warnings: [E.WARN_TIDY_CANCEL_IDLE] };
  return tidyStatus(store);
}

const AUTO_DEFAULTS: Record<string, unknown> = {
  enabled: false, interval_duration: 43200, min_startup_backoff_duration: 300, max_startup_backoff_duration: 900,
  ...Object.fromEntries(FLAGS.map((f) => [f, false])), ...BUFFERS, pause_duration: '0s',
  maintain_stored_certificate_counts: false, publish_stored_certificate_count_metrics: false,
};

export async function readAutoTidy(store: PkiStore): Promise<LogicalResponse> {
  return { data: goMapOrder({ ...AUTO_DEFAULTS, ...((await store.getJson<Record<string, unknown>>('config/auto-tidy')) ?? {}) }) };
}

export async function writeAutoTidy(store: PkiStore, _req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const cur = { ...AUTO_DEFAULTS, ...((await store.getJson<Record<string, unknown>>('config/auto-tidy')) ?? {}) };
  const enabling = cur.enabled !== true && d.getOk('enabled').ok && d.get<boolean>('enabled');
  for (const k of Object.keys(AUTO_DEFAULTS)) if (d.getOk(k).ok) cur[k] = d.get(k);
  for (const k of ['min_startup_backoff_duration', 'max_startup_backoff_duration']) {
    if (d.getOk(k).ok && (cur[k] as number) < 1) throw E.bad(E.errBackoffTooSmall(k, formatGoDuration(cur[k] as number)));
  }
  const [lo, hi] = [cur.min_startup_backoff_duration as number, cur.max_startup_backoff_duration as number];
  if (lo > hi) throw E.bad(E.errBackoffOrder(formatGoDuration(hi), formatGoDuration(lo)));
  if ((cur.interval_duration as number) < 0) throw E.bad(E.errAutoTidyInterval(String(d.getOk('interval_duration').value)));
  validateAuto(d, cur);
  if (cur.enabled === true && !FLAGS.some((f) => cur[f] === true)) throw E.bad(E.errAutoTidyNothing(FLAG_LIST));
  if (cur.publish_stored_certificate_count_metrics === true && cur.maintain_stored_certificate_counts !== true) throw E.bad(E.ERR_PUBLISH_WITHOUT_COUNT);
  await store.putJson('config/auto-tidy', cur);
  // switching auto-tidy on starts its interval now (pathConfigAutoTidyWrite)
  if (enabling) await setLastAutoTidy(store, store.now());
  return { data: goMapOrder(cur) };
}

export async function readCluster(store: PkiStore): Promise<LogicalResponse> {
  const c = (await store.getJson<{ path: string; aia_path: string }>('config/cluster')) ?? { path: '', aia_path: '' };
  return { data: { aia_path: c.aia_path, path: c.path } };
}

export async function writeCluster(store: PkiStore, _req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const cur = (await store.getJson<{ path: string; aia_path: string }>('config/cluster')) ?? { path: '', aia_path: '' };
  const next = { path: d.getOk('path').ok ? d.get<string>('path') : cur.path, aia_path: d.getOk('aia_path').ok ? d.get<string>('aia_path') : cur.aia_path };
  for (const v of [next.path, next.aia_path]) if (v !== '' && !isUrl(v)) throw E.goErr(E.errClusterPath(v));
  await store.putJson('config/cluster', next);
  return readCluster(store);
}
