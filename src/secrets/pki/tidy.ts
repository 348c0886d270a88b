// `tidy`, `tidy-status`, `tidy-cancel`, `config/auto-tidy` and `config/cluster` (Vault
// builtin/logical/pki/path_tidy.go pathTidyWrite, pathTidyStatusRead, pathTidyCancelWrite,
// pathConfigAutoTidyRead/Write; path_config_cluster.go). A tidy runs to completion inside the
// request that starts it (minivault has no background workers for engines), so tidy-status
// reports it Finished right after the 202; auto-tidy settings are stored and reported but no
// periodic run happens.
import type { FieldData, FieldSchema, FieldSchemas, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { respondWithStatusCode } from '../../framework/respond.js';
import { formatGoDuration, parseDuration } from '../../util/duration.js';
import { rfc3339Nano } from '../../util/clock.js';
import * as E from '../../errors/pki.js';
import { parseCert } from './certinfo.js';
import { rebuildCrls } from './crl.js';
import { sortKeys, isUrl } from './issuers.js';
import type { PkiStore, RevokedRecord } from './store.js';

const FLAGS = [
  'tidy_cert_store', 'tidy_revoked_certs', 'tidy_revoked_cert_issuer_associations', 'tidy_expired_issuers', 'tidy_move_legacy_ca_bundle',
  'tidy_acme', 'tidy_revocation_queue', 'tidy_cross_cluster_revoked_certs', 'tidy_cert_metadata',
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

const FLAG_LIST = FLAGS.join(', ');

interface TidyStatus { [k: string]: unknown }

function options(d: FieldData, base: Record<string, unknown> = {}): Record<string, unknown> {
  const o: Record<string, unknown> = { ...base };
  for (const k of [...FLAGS, ...Object.keys(BUFFERS), 'pause_duration']) if (d.getOk(k).ok || o[k] === undefined) o[k] = d.get(k);
  if (d.get<boolean>('tidy_revocation_list')) o.tidy_revoked_certs = true;
  return o;
}

function validate(o: Record<string, unknown>): void {
  if ((o.safety_buffer as number) < 1) throw E.bad(E.ERR_SAFETY_BUFFER);
  if ((o.issuer_safety_buffer as number) < 1) throw E.bad(E.ERR_ISSUER_SAFETY_BUFFER);
  let pause: number;
  try { pause = parseDuration(o.pause_duration as string); } catch (e) { throw E.bad((e as Error).message); }
  if (pause < 0) throw E.bad(E.ERR_PAUSE_NEGATIVE);
}

export async function tidy(store: PkiStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const o = options(d);
  validate(o);
  if (!FLAGS.some((f) => o[f] === true)) {
    return respondWithStatusCode(202, req.requestId ?? '', [E.warnTidyNothing(FLAG_LIST)]);
  }
  const started = store.now();
  const now = started;
  const safety = (o.safety_buffer as number) * 1000;
  let certDeleted = 0;
  let revokedDeleted = 0;
  if (o.tidy_cert_store) {
    for (const k of await store.storage.list('certs/')) {
      const rec = await store.getJson<{ der: string }>(`certs/${k}`);
      if (rec && parseCert(Buffer.from(rec.der, 'base64')).notAfter + safety < now) { await store.storage.delete(`certs/${k}`); certDeleted++; }
    }
  }
  let rebuild = false;
  if (o.tidy_revoked_certs) {
    for (const k of await store.storage.list('revoked/')) {
      const rec = await store.getJson<RevokedRecord>(`revoked/${k}`);
      if (rec && parseCert(Buffer.from(rec.der, 'base64')).notAfter + safety < now) {
        await store.storage.delete(`revoked/${k}`);
        await store.storage.delete(`certs/${k}`);
        revokedDeleted++; rebuild = true;
      }
    }
  }
  if (o.tidy_expired_issuers) {
    const def = (await store.issuerDefaults()).default;
    for (const e of await store.issuers()) {
      if (e.id !== def && parseCert(Buffer.from(e.der, 'base64')).notAfter + (o.issuer_safety_buffer as number) * 1000 < now) {
        await store.storage.delete(`config/issuer/${e.id}`);
        await store.storage.delete(`crls/${e.id}`);
        rebuild = true;
      }
    }
  }
  if (rebuild) await rebuildCrls(store);
  const status: TidyStatus = {
    ...o, state: 'Finished', error: null, time_started: rfc3339Nano(started), time_finished: rfc3339Nano(store.now()), message: null,
    cert_store_deleted_count: certDeleted, revoked_cert_deleted_count: revokedDeleted, missing_issuer_cert_count: 0,
    current_cert_store_count: null, current_revoked_cert_count: null, revocation_queue_deleted_count: 0, cross_revoked_cert_deleted_count: 0,
    total_acme_account_count: 0, acme_account_deleted_count: 0, acme_account_revoked_count: 0, acme_orders_deleted_count: 0,
    cert_metadata_deleted_count: 0,
  };
  await store.putJson('tidy/status', status);
  return respondWithStatusCode(202, req.requestId ?? '', [E.WARN_TIDY_STARTED]);
}

const INACTIVE_KEYS = [
  ...FLAGS, ...Object.keys(BUFFERS), 'pause_duration', 'error', 'time_started', 'time_finished', 'message', 'cert_store_deleted_count',
  'revoked_cert_deleted_count', 'missing_issuer_cert_count', 'current_cert_store_count', 'current_revoked_cert_count',
  'revocation_queue_deleted_count', 'cross_revoked_cert_deleted_count', 'total_acme_account_count', 'acme_account_deleted_count',
  'acme_account_revoked_count', 'acme_orders_deleted_count', 'cert_metadata_deleted_count', 'last_auto_tidy_finished',
];

export async function tidyStatus(store: PkiStore): Promise<LogicalResponse> {
  const base: Record<string, unknown> = Object.fromEntries(INACTIVE_KEYS.map((k) => [k, null]));
  const saved = await store.getJson<TidyStatus>('tidy/status');
  return { data: sortKeys({ ...base, state: 'Inactive', ...(saved ?? {}), internal_backend_uuid: store.config.uuid }) };
}

export async function tidyCancel(store: PkiStore): Promise<LogicalResponse> {
  const r = await tidyStatus(store);
  return { ...r, warnings: [E.WARN_TIDY_CANCEL_IDLE] };
}

const AUTO_DEFAULTS: Record<string, unknown> = {
  enabled: false, interval_duration: 43200, min_startup_backoff_duration: 300, max_startup_backoff_duration: 900,
  ...Object.fromEntries(FLAGS.map((f) => [f, false])), ...BUFFERS, pause_duration: '0s',
  maintain_stored_certificate_counts: false, publish_stored_certificate_count_metrics: false,
};

export async function readAutoTidy(store: PkiStore): Promise<LogicalResponse> {
  return { data: sortKeys({ ...AUTO_DEFAULTS, ...((await store.getJson<Record<string, unknown>>('config/auto-tidy')) ?? {}) }) };
}

export async function writeAutoTidy(store: PkiStore, _req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const cur = { ...AUTO_DEFAULTS, ...((await store.getJson<Record<string, unknown>>('config/auto-tidy')) ?? {}) };
  for (const k of Object.keys(AUTO_DEFAULTS)) if (d.getOk(k).ok) cur[k] = d.get(k);
  if (typeof cur.pause_duration === 'string') {
    try { cur.pause_duration = formatGoDuration(parseDuration(cur.pause_duration)); } catch (e) { throw E.bad((e as Error).message); }
  }
  validate(cur);
  if (cur.enabled === true && !FLAGS.some((f) => cur[f] === true)) throw E.bad(E.errAutoTidyNothing(FLAG_LIST));
  await store.putJson('config/auto-tidy', cur);
  return { data: sortKeys(cur) };
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
