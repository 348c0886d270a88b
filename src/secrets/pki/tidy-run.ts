// Running a tidy in the background and reporting it (Vault builtin/logical/pki/path_tidy.go
// startTidyOperation, doTidyCertStore, doTidyRevocationStore, doTidyExpiredIssuers,
// tidyStatusStart/Stop, pathTidyStatusRead, pathTidyCancelWrite; backend.go lastAutoTidy).
// Vault answers 202 and tidies in a goroutine; here the work starts on the event loop right after
// the answer (setImmediate), so tidy-status shows `Running` until it ends. A pause_duration waits
// real time between entries as Vault's time.Sleep does, and a tidy-cancel ends that wait early;
// the cancel itself is honoured at Vault's check points (before each entry, between phases).
import { formatGoDuration } from '../../go/time.js';
import { preciseNow, rfc3339Nano } from '../../util/clock.js';
import { parseCert, signedBy } from './certinfo.js';
import { rebuildCrls } from './crl.js';
import { goMapOrder } from '../../go/object.js';
import { issuerDer, type PkiStore, type RevokedRecord } from './store.js';

/** The flags and buffers of one run (path_tidy.go tidyConfig), buffers in seconds. */
export interface TidyConfig {
  tidy_cert_store: boolean; tidy_revoked_certs: boolean; tidy_revoked_cert_issuer_associations: boolean;
  tidy_expired_issuers: boolean; tidy_move_legacy_ca_bundle: boolean; tidy_acme: boolean; tidy_revocation_queue: boolean;
  tidy_cross_cluster_revoked_certs: boolean; tidy_cert_metadata: boolean; tidy_cmpv2_nonce_store: boolean;
  safety_buffer: number; issuer_safety_buffer: number; acme_account_safety_buffer: number; revocation_queue_safety_buffer: number;
  /** Seconds (may be fractional). */
  pause: number;
}

const CANCELLED = new Error('tidy operation cancelled'); // path_tidy.go tidyCancelledError
const LAST_RUN = 'config/auto-tidy-last-run'; // storage.go autoTidyLastRunPath

/** Every key of tidy-status; all null while Inactive (pathTidyStatusRead). */
const STATUS_KEYS = [
  'safety_buffer', 'issuer_safety_buffer', 'tidy_cert_store', 'tidy_revoked_certs', 'tidy_revoked_cert_issuer_associations',
  'tidy_expired_issuers', 'tidy_move_legacy_ca_bundle', 'tidy_revocation_queue', 'tidy_cross_cluster_revoked_certs', 'tidy_acme',
  'tidy_cert_metadata', 'tidy_cmpv2_nonce_store', 'pause_duration', 'error', 'time_started', 'time_finished', 'message',
  'cert_store_deleted_count', 'revoked_cert_deleted_count', 'missing_issuer_cert_count', 'current_cert_store_count',
  'current_revoked_cert_count', 'revocation_queue_deleted_count', 'cross_revoked_cert_deleted_count', 'total_acme_account_count',
  'acme_account_deleted_count', 'acme_account_revoked_count', 'acme_orders_deleted_count', 'acme_account_safety_buffer',
  'cert_metadata_deleted_count', 'cmpv2_nonce_deleted_count',
];

// ---- the last auto-tidy time ------------------------------------------------------------------------

/** initializeLastTidyFromStorage: the stored time, else the mount's start (persisted). */
export async function lastAutoTidy(store: PkiStore): Promise<number> {
  const rt = store.runtime;
  if (rt.lastAutoTidy === undefined) {
    const saved = await store.getJson<{ last_run_time: string }>(LAST_RUN);
    const t = saved === undefined ? NaN : Date.parse(saved.last_run_time);
    if (Number.isNaN(t)) await setLastAutoTidy(store, rt.mountStartup);
    else rt.lastAutoTidy = t;
  }
  return rt.lastAutoTidy!;
}

export async function setLastAutoTidy(store: PkiStore, t: number): Promise<void> {
  store.runtime.lastAutoTidy = t;
  await store.putJson(LAST_RUN, { last_run_time: rfc3339Nano(t) });
}

// ---- status -------------------------------------------------------------------------------------------

export async function tidyStatusData(store: PkiStore): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = Object.fromEntries(STATUS_KEYS.map((k) => [k, null]));
  out.state = 'Inactive';
  out.internal_backend_uuid = store.config.uuid;
  out.last_auto_tidy_finished = rfc3339Nano(await lastAutoTidy(store));
  // with maintain_stored_certificate_counts Vault keeps a running count (CertificateCounter);
  // here the stores are counted when asked, which gives the same numbers
  if ((await store.getJson<{ maintain_stored_certificate_counts?: boolean }>('config/auto-tidy'))?.maintain_stored_certificate_counts === true) {
    out.current_cert_store_count = (await store.storage.list('certs/')).length;
    out.current_revoked_cert_count = (await store.storage.list('revoked/')).length;
  }
  const st = store.runtime.tidyStatus;
  if (st !== undefined) {
    Object.assign(out, st);
    // Vault clears the progress message once a run has finished cleanly
    if (st.state === 'Finished') out.message = null;
  }
  return goMapOrder(out);
}

/** pathTidyCancelWrite: a running tidy turns Cancelling and stops at its next check point. */
export function requestCancel(store: PkiStore): boolean {
  const rt = store.runtime;
  if (!rt.tidyRunning) return false;
  if (!rt.tidyCancel) {
    rt.tidyCancel = true;
    if (rt.tidyStatus !== undefined && rt.tidyStatus.state === 'Running') rt.tidyStatus.state = 'Cancelling';
    rt.wake?.();
  }
  return true;
}

// ---- the run ------------------------------------------------------------------------------------------

/**
 * Starts a tidy unless one runs (the tidyCASGuard); false when one already does. The status
 * turns Running before this returns, and the work follows on the event loop.
 */
export function startTidy(store: PkiStore, cfg: TidyConfig, opts: { at?: number; wait?: (done: Promise<void>) => void } = {}): boolean {
  const rt = store.runtime;
  if (rt.tidyRunning) return false;
  rt.tidyRunning = true;
  rt.tidyCancel = false;
  // a run the periodic function would have started at an earlier tick keeps that tick's time;
  // Vault's tidy reads time.Now(), so its status times print with nanoseconds
  const real = preciseNow(store.config.clock);
  const base = opts.at ?? real;
  const clock = (): number => base + (preciseNow(store.config.clock) - real);
  const now = clock();
  rt.tidyStatus = {
    safety_buffer: cfg.safety_buffer, issuer_safety_buffer: cfg.issuer_safety_buffer,
    revocation_queue_safety_buffer: cfg.revocation_queue_safety_buffer, acme_account_safety_buffer: cfg.acme_account_safety_buffer,
    tidy_cert_store: cfg.tidy_cert_store, tidy_revoked_certs: cfg.tidy_revoked_certs,
    tidy_revoked_cert_issuer_associations: cfg.tidy_revoked_cert_issuer_associations, tidy_expired_issuers: cfg.tidy_expired_issuers,
    tidy_move_legacy_ca_bundle: cfg.tidy_move_legacy_ca_bundle, tidy_revocation_queue: cfg.tidy_revocation_queue,
    tidy_cross_cluster_revoked_certs: cfg.tidy_cross_cluster_revoked_certs, tidy_acme: cfg.tidy_acme,
    tidy_cert_metadata: cfg.tidy_cert_metadata, tidy_cmpv2_nonce_store: cfg.tidy_cmpv2_nonce_store, pause_duration: formatGoDuration(cfg.pause),
    state: 'Running', error: null, time_started: rfc3339Nano(now), time_finished: null, message: '',
    cert_store_deleted_count: 0, revoked_cert_deleted_count: 0, missing_issuer_cert_count: 0, revocation_queue_deleted_count: 0,
    cross_revoked_cert_deleted_count: 0, total_acme_account_count: 0, acme_account_deleted_count: 0, acme_account_revoked_count: 0,
    acme_orders_deleted_count: 0, cert_metadata_deleted_count: 0, cmpv2_nonce_deleted_count: 0,
  };
  const done = new Promise<void>((resolve) => setImmediate(() => { void finish(store, cfg, clock).then(resolve); }));
  opts.wait?.(done);
  return true;
}

async function finish(store: PkiStore, cfg: TidyConfig, clock: () => number): Promise<void> {
  const rt = store.runtime;
  const st = rt.tidyStatus!;
  let err: unknown;
  try { await run(store, cfg, st, clock); } catch (e) { err = e; }
  st.time_finished = rfc3339Nano(clock());
  if (err === undefined) st.state = 'Finished';
  else if (err === CANCELLED) st.state = 'Cancelled'; // Vault reports no error text for a cancel
  else {
    st.state = 'Error';
    st.error = err instanceof Error ? err.message : String(err);
  }
  rt.tidyCancel = false;
  rt.wake = undefined;
  rt.tidyRunning = false;
  // a clean run pushes the next auto-tidy a full interval away (startTidyOperation)
  if (err === undefined) await setLastAutoTidy(store, clock()).catch(() => undefined);
}

function checkCancel(store: PkiStore): void {
  if (store.runtime.tidyCancel) { store.runtime.tidyCancel = false; throw CANCELLED; }
}

function pause(store: PkiStore, seconds: number): Promise<void> {
  if (seconds <= 0 || store.runtime.tidyCancel) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.min(seconds * 1000, 2 ** 31 - 1)); // Node's timer limit (~24.8 days)
    timer.unref?.();
    function done(): void { clearTimeout(timer); store.runtime.wake = undefined; resolve(); }
    store.runtime.wake = done;
  });
}

const inc = (st: Record<string, unknown>, k: string): void => { st[k] = (st[k] as number) + 1; };
/** time.Since(notAfter) > buffer */
const pastBuffer = (clock: () => number, der: string, bufferSeconds: number): boolean =>
  clock() - parseCert(Buffer.from(der, 'base64')).notAfter > bufferSeconds * 1000;

async function run(store: PkiStore, cfg: TidyConfig, st: Record<string, unknown>, clock: () => number): Promise<void> {
  if (cfg.tidy_cert_store) {
    const serials = await store.storage.list('certs/');
    for (const [i, k] of serials.entries()) {
      st.message = `Tidying certificate store: checking entry ${i} of ${serials.length}`;
      checkCancel(store);
      await pause(store, cfg.pause);
      const rec = await store.getJson<{ der: string }>(`certs/${k}`);
      if (rec === undefined || pastBuffer(clock, rec.der, cfg.safety_buffer)) {
        await store.storage.delete(`certs/${k}`);
        inc(st, 'cert_store_deleted_count');
      }
    }
  }
  checkCancel(store);
  if (cfg.tidy_revoked_certs || cfg.tidy_revoked_cert_issuer_associations) await tidyRevoked(store, cfg, st, clock);
  checkCancel(store);
  if (cfg.tidy_expired_issuers) {
    // Vault does not cancel inside this phase (doTidyExpiredIssuers)
    await store.exclusive(async () => {
      st.message = 'Tidying expired issuers';
      const def = (await store.issuerDefaults()).default;
      let removed = false;
      for (const e of await store.issuers()) {
        if (e.id !== def && pastBuffer(clock, e.der, cfg.issuer_safety_buffer)) {
          await store.storage.delete(`config/issuer/${e.id}`);
          await store.storage.delete(`crls/${e.id}`);
          removed = true;
        }
      }
      if (removed) await rebuildCrls(store, false, clock());
    });
  }
  checkCancel(store);
}

/** doTidyRevocationStore: expired revocations go (with their stored certificate); the CRL follows. */
async function tidyRevoked(store: PkiStore, cfg: TidyConfig, st: Record<string, unknown>, clock: () => number): Promise<void> {
  const serials = await store.storage.list('revoked/');
  const issuers = await store.issuers();
  const known = new Set(issuers.map((i) => i.id));
  let rebuild = false;
  for (const [i, k] of serials.entries()) {
    st.message = `Tidying revoked certificates: checking certificate ${i} of ${serials.length}`;
    checkCancel(store);
    await pause(store, cfg.pause);
    await store.exclusive(async () => {
      const rec = await store.getJson<RevokedRecord>(`revoked/${k}`);
      if (rec === undefined) { await store.storage.delete(`revoked/${k}`); inc(st, 'revoked_cert_deleted_count'); return; }
      let rewrite = false;
      if (cfg.tidy_revoked_cert_issuer_associations && !known.has(rec.issuer_id)) {
        // AssociateRevokedCertWithIsssuer: the first issuer whose signature verifies, else none
        inc(st, 'missing_issuer_cert_count');
        const der = Buffer.from(rec.der, 'base64');
        rec.issuer_id = issuers.find((i) => signedBy(der, issuerDer(i)))?.id ?? '';
        rewrite = true;
      }
      if (cfg.tidy_revoked_certs && pastBuffer(clock, rec.der, cfg.safety_buffer)) {
        await store.storage.delete(`revoked/${k}`);
        await store.storage.delete(`certs/${k}`);
        rebuild = true;
        inc(st, 'revoked_cert_deleted_count');
      } else if (rewrite) await store.putJson(`revoked/${k}`, rec);
    });
  }
  // an expiry is no urgent reason for a CRL: with auto_rebuild the next scheduled build takes it
  if (rebuild && !(await store.crlConfig()).auto_rebuild) await store.exclusive(() => rebuildCrls(store, false, clock()));
}
