// Revocation and CRLs (Vault builtin/logical/pki/crl_util.go revokeCert, buildCRL,
// buildAnyCRLsWithCerts; path_revoke.go; path_config_crl.go). Each issuer with a key signs its
// own complete CRL, numbered from 1 and incremented on every rebuild; entries carry only the
// serial and revocation date. A revocation rebuilds the CRLs unless auto_rebuild is on; then the
// grace-period rebuild and, with enable_delta, delta CRLs carry it (nextCrlTick, run before every
// request to the mount). Issuers with the same key and subject share one CRL and its numbering.
import * as E from '../../errors/pki.js';
import { parseDurationSecond } from '../../go/parseutil.js';
import { buildCrl } from './certgen.js';
import { parseCert } from './certinfo.js';
import { signAlgByName, signAlgFor } from './keys.js';
import { pemEncode } from './pem.js';
import { issuerDer, PERIODIC_TICK, type IssuerEntry, type PkiStore, type RevokedRecord } from './store.js';
import { preciseNow, rfc3339Nano } from '../../util/clock.js';

/** Per issuer: the last CRL number used (complete and delta share it) and the last complete build. */
interface CrlState { number: number; completeNumber?: number; builtAt?: number; included?: string[] }

async function signerFor(store: PkiStore, issuer: IssuerEntry) {
  const key = issuer.key_id === '' ? undefined : await store.privateKey(issuer.key_id);
  if (key === undefined) return undefined;
  const alg = (issuer.revocation_signature_algorithm !== '' ? signAlgByName(key, issuer.revocation_signature_algorithm) : undefined) ?? signAlgFor(key, 0, false);
  return { key, alg };
}

/**
 * The issuers that share one CRL with `issuer`: same key and same subject (a re-issued root and
 * its predecessor), as Vault's CRL identities group them (crl_util.go buildAnyCRLsWithCerts).
 */
function groupOf(issuers: IssuerEntry[], issuer: IssuerEntry): IssuerEntry[] {
  const subject = parseCert(issuerDer(issuer)).subjectDer;
  return issuers.filter((i) => i.id === issuer.id || (i.key_id !== '' && i.key_id === issuer.key_id
    && i.usage.includes('crl-signing') && parseCert(issuerDer(i)).subjectDer === subject));
}

/** Rebuilds every issuer's CRL (as of `at`, default now); returns the rebuild warnings (none in minivault). */
export async function rebuildCrls(store: PkiStore, forceEmpty = false, at?: number): Promise<string[]> {
  const cfg = await store.crlConfig();
  const issuers = await store.issuers();
  const defaults = await store.issuerDefaults();
  const revoked = await revokedRecords(store);
  const known = issuers.map((i) => i.id);
  const now = at ?? store.now();
  const done = new Set<string>();
  for (const issuer of issuers) {
    if (done.has(issuer.id) || !issuer.usage.includes('crl-signing')) continue;
    const signer = await signerFor(store, issuer);
    if (signer === undefined) continue;
    const group = groupOf(issuers, issuer);
    group.forEach((g) => done.add(g.id));
    const info = parseCert(issuerDer(issuer));
    const mine = cfg.disable || forceEmpty ? [] : group.flatMap((g) => entriesOf(revoked, g.id, known, defaults.default));
    const states = await Promise.all(group.map((g) => store.getJson<CrlState>(`crls/state/${g.id}`)));
    const state: CrlState = { number: Math.max(0, ...states.map((x) => x?.number ?? 0)) + 1 };
    state.completeNumber = state.number;
    state.builtAt = now;
    // by serial, not by time: on a manual clock a revocation and a rebuild share an instant
    state.included = mine.map((r) => r.serial);
    const der = await buildCrl({
      issuer: Buffer.from(info.subjectDer, 'hex'), thisUpdate: now, nextUpdate: now + parseDurationSecond(cfg.expiry) * 1000,
      entries: mine.map((r) => ({ serial: r.serial, revoked: r.revocation_ms })), number: state.number,
      aki: Buffer.from(info.ski, 'hex'), signer,
    });
    for (const g of group) {
      await store.storage.put(`crls/${g.id}`, der);
      await store.putJson(`crls/state/${g.id}`, state);
      await store.storage.delete(`crls/delta/${g.id}`);
    }
  }
  await store.putJson('crls/next-update', { next: now + parseDurationSecond(cfg.expiry) * 1000 });
  return [];
}

async function revokedRecords(store: PkiStore): Promise<RevokedRecord[]> {
  const out: RevokedRecord[] = [];
  for (const k of await store.storage.list('revoked/')) {
    const r = await store.getJson<RevokedRecord>(`revoked/${k}`);
    if (r) out.push(r);
  }
  return out;
}

/** An issuer's entries; those whose issuer is unknown go on the default issuer's CRL. */
function entriesOf(revoked: RevokedRecord[], issuerId: string, known: string[], defaultId: string): RevokedRecord[] {
  return revoked.filter((r) => r.issuer_id === issuerId || ((r.issuer_id === '' || !known.includes(r.issuer_id)) && issuerId === defaultId));
}

/**
 * The delta CRL of an issuer when delta CRLs are enabled: the revocations since its last complete
 * CRL, numbered from the shared counter, with a critical Delta CRL Indicator naming the complete
 * CRL. `fetch` builds one only when there is none since the last complete CRL; `periodic` (the
 * scheduled check, see nextCrlTick) only when revocations arrived since the last delta; `force`
 * (crl/rotate-delta) always.
 */
export async function deltaCrlDer(store: PkiStore, issuerId: string, mode: 'fetch' | 'periodic' | 'force' = 'fetch', at?: number): Promise<Uint8Array | undefined> {
  const cfg = await store.crlConfig();
  if (!cfg.enable_delta) return undefined;
  return store.exclusive(async () => {
    const issuer = await store.issuer(issuerId);
    const state = await store.getJson<CrlState>(`crls/state/${issuerId}`);
    if (issuer === undefined || state?.builtAt === undefined || state.completeNumber === undefined) return undefined;
    const signer = await signerFor(store, issuer);
    if (signer === undefined) return undefined;
    const last = await store.getJson<{ builtAt: number; included: string[] }>(`crls/delta-state/${issuerId}`);
    const existing = await store.storage.get(`crls/delta/${issuerId}`);
    const now = at ?? store.now();
    const issuers = await store.issuers();
    const group = groupOf(issuers, issuer);
    const revoked = await revokedRecords(store);
    const defaultId = (await store.issuerDefaults()).default;
    const pending = group.flatMap((g) => entriesOf(revoked, g.id, issuers.map((i) => i.id), defaultId))
      .filter((r) => !(state.included ?? []).includes(r.serial));
    const newer = pending.some((r) => last === undefined || !last.included.includes(r.serial));
    if (mode === 'fetch' && existing !== undefined) return existing;
    if (mode === 'periodic' && !newer) return existing;
    state.number += 1;
    const info = parseCert(issuerDer(issuer));
    const der = await buildCrl({
      issuer: Buffer.from(info.subjectDer, 'hex'), thisUpdate: now, nextUpdate: now + parseDurationSecond(cfg.expiry) * 1000,
      entries: cfg.disable ? [] : pending.map((r) => ({ serial: r.serial, revoked: r.revocation_ms })), number: state.number,
      aki: Buffer.from(info.ski, 'hex'), signer, deltaBase: state.completeNumber,
    });
    for (const g of group) {
      await store.storage.put(`crls/delta/${g.id}`, der);
      await store.putJson(`crls/state/${g.id}`, state);
      await store.putJson(`crls/delta-state/${g.id}`, { builtAt: now, included: pending.map((r) => r.serial) });
    }
    store.runtime.lastDeltaCheck = now; // SetLastDeltaRebuildCheckTime
    return der;
  });
}

/** The stored CRL of an issuer (DER), if any; nextCrlTick keeps it fresh under auto_rebuild. */
export async function crlDer(store: PkiStore, issuerId: string): Promise<Uint8Array | undefined> {
  return store.storage.get(`crls/${issuerId}`);
}

/**
 * The CRL half of Vault's periodic function (backend.go periodicFunc doCRL; crl_util.go
 * checkForAutoRebuild, rebuildDeltaCRLsIfForced): the next tick at which it has work, and that
 * work as of the tick (periodic.ts runs the ticks in order; within one tick complete CRLs first).
 * - auto_rebuild (and not disable): at the first tick after nextUpdate minus the grace period,
 *   every CRL is rebuilt (a revocation under auto_rebuild waits for this);
 * - enable_delta: at the first tick a delta_rebuild_interval after the last check (or delta
 *   build) the check time moves on, and each delta CRL with revocations newer than it is rebuilt;
 *   the checks after it up to the next complete rebuild (or `until`) find nothing newer, since
 *   nothing changes between requests, and are skipped.
 */
export async function nextCrlTick(store: PkiStore, until: number): Promise<{ at: number; run: () => Promise<void> } | undefined> {
  const cfg = await store.crlConfig();
  const rt = store.runtime;
  const grace = parseDurationSecond(cfg.auto_rebuild_grace_period) * 1000;
  const interval = parseDurationSecond(cfg.delta_rebuild_interval) * 1000;
  const step = Math.max(1, Math.ceil(interval / PERIODIC_TICK)) * PERIODIC_TICK;
  const completeDue = async (): Promise<number> => {
    if (!cfg.auto_rebuild || cfg.disable) return Infinity;
    const built = await store.getJson<{ next: number }>('crls/next-update');
    return built === undefined ? Infinity : store.tick(built.next - grace, true);
  };
  const tc = await completeDue();
  const td = cfg.enable_delta ? store.tick(rt.lastDeltaCheck + interval, false) : Infinity;
  if (tc === Infinity && td === Infinity) return undefined;
  if (tc <= td) {
    return { at: tc, run: () => store.exclusive(async () => { if ((await completeDue()) === tc) await rebuildCrls(store, false, tc); }) };
  }
  return {
    at: td,
    run: async () => {
      rt.lastDeltaCheck = td;
      for (const id of await store.issuerIds()) await deltaCrlDer(store, id, 'periodic', td);
      if (until >= td) rt.lastDeltaCheck = td + Math.floor((Math.min(tc - 1, until) - td) / step) * step;
    },
  };
}

export const crlPem = (der: Uint8Array): string => pemEncode('X509 CRL', der);

/** revokeCert: the response data, or a warning-only answer for expired certificates. */
export async function revokeSerial(store: PkiStore, serialInput: string, fromLease = false): Promise<{ data: Record<string, unknown> | null; warnings: string[] }> {
  const rec = await store.cert(serialInput);
  if (rec === undefined) {
    if (fromLease) return { data: null, warnings: [] };
    throw E.bad(E.errRevokeNotFound(serialInput));
  }
  const der = Buffer.from(rec.der, 'base64');
  const info = parseCert(der);
  for (const issuer of await store.issuers()) {
    if (parseCert(issuerDer(issuer)).serial === info.serial) {
      if (fromLease) return { data: null, warnings: [] };
      throw E.bad(E.errRevokeIssuer(issuer.id));
    }
  }
  const existing = await store.revoked(info.serial);
  if (existing !== undefined) {
    return { data: { revocation_time: existing.revocation_time, revocation_time_rfc3339: rfc3339Nano(existing.revocation_ms), state: 'revoked' }, warnings: [] };
  }
  const now = store.now();
  if (info.notAfter < now + 2000) return { data: null, warnings: [E.warnAlreadyExpired(info.serial)] };
  // Vault keeps RevocationTimeUTC as time.Now(): revocation_time_rfc3339 prints its nanoseconds.
  const revokedAt = preciseNow(store.config.clock);
  const record: RevokedRecord = { serial: info.serial, der: rec.der, revocation_time: Math.floor(revokedAt / 1000), revocation_ms: revokedAt, issuer_id: rec.issuer_id };
  await store.putJson(`revoked/${info.serial.replace(/:/g, '-')}`, record);
  const warnings: string[] = [];
  if (!(await store.crlConfig()).auto_rebuild) {
    (await rebuildCrls(store)).forEach((w, i) => warnings.push(`Warning ${i + 1} during CRL rebuild: ${w}`));
  }
  return { data: { revocation_time: record.revocation_time, revocation_time_rfc3339: rfc3339Nano(revokedAt), state: 'revoked' }, warnings };
}
