// Vault's PKI periodic work on the vault clock (backend.go periodicFunc; path_tidy.go auto-tidy,
// startTidyOperation, tidy-status, tidy-cancel; crl_util.go checkForAutoRebuild,
// rebuildDeltaCRLsIfForced) and the import warnings of path_manage_issuers.go pathImportIssuers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { data, openssl, pkiVault, settledTidy, warnings, withRootAndRole, type Body, type Op, type Res } from './helpers.js';

const crlText = (pem: string): string => openssl((dir) => ['crl', '-in', `${dir}/c.pem`, '-noout', '-text'], { 'c.pem': pem });
const hexUpper = (serial: string): string => serial.replace(/:/g, '').toUpperCase();
const crlNumber = (text: string): number => Number(/X509v3 CRL Number:\s+(\d+)/.exec(text)![1]);
const listCerts = async (call: (op: Op, path: string, d?: Body) => Promise<Res>): Promise<string[]> => data(await call('list', 'certs')).keys as string[];

const NO_AIA = 'This mount hasn\'t configured any authority information access (AIA) fields; this may make it harder for systems to find missing certificates in the chain or to validate revocation status of certificates. Consider updating /config/urls or the newly generated issuer with this information.';

describe('pki auto-tidy on the vault clock', () => {
  it('runs once interval_duration has passed and removes certificates expired past the safety buffer', async () => {
    const { vault, call } = await pkiVault();
    await withRootAndRole(call);
    const short = data(await call('update', 'issue/web', { common_name: 'short.example.com', ttl: '30m' }));
    const long = data(await call('update', 'issue/web', { common_name: 'long.example.com', ttl: '600h' }));
    expect(data(await call('read', 'tidy-status'))).toMatchObject({ state: 'Inactive', last_auto_tidy_finished: '2026-01-01T00:00:00Z', time_started: null });
    await call('update', 'config/auto-tidy', {
      enabled: true, tidy_cert_store: true, interval_duration: '2h', safety_buffer: '1h',
      min_startup_backoff_duration: '10m', max_startup_backoff_duration: '10m',
    });
    vault.clock.advance('119m');
    expect(await listCerts(call)).toContain(short.serial_number);
    expect(data(await call('read', 'tidy-status')).state).toBe('Inactive');
    vault.clock.advance('1m'); // a full interval since auto-tidy was switched on
    await call('read', 'config/auto-tidy');
    const done = await settledTidy(call);
    expect(done).toMatchObject({
      state: 'Finished', tidy_cert_store: true, tidy_revoked_certs: false, safety_buffer: 3600, cert_store_deleted_count: 1,
      time_started: '2026-01-01T02:00:00Z', time_finished: '2026-01-01T02:00:00Z', last_auto_tidy_finished: '2026-01-01T02:00:00Z',
      message: null, error: null, pause_duration: '0s',
    });
    const keys = await listCerts(call);
    expect(keys).not.toContain(short.serial_number);
    expect(keys).toContain(long.serial_number);
    // the next run waits a full interval from the last one
    vault.clock.advance('1h');
    await call('read', 'config/auto-tidy');
    expect((await settledTidy(call)).time_started).toBe('2026-01-01T02:00:00Z');
    vault.clock.advance('1h');
    await call('read', 'config/auto-tidy');
    expect((await settledTidy(call)).time_started).toBe('2026-01-01T04:00:00Z');
    // a quiet spell spanning two intervals: the 06:00 run removes it, the 08:00 run is the one reported
    const later = data(await call('update', 'issue/web', { common_name: 'later.example.com', ttl: '30m' }));
    vault.clock.advance('5h');
    await call('read', 'config/auto-tidy');
    expect(await settledTidy(call)).toMatchObject({ state: 'Finished', time_started: '2026-01-01T08:00:00Z', cert_store_deleted_count: 0, last_auto_tidy_finished: '2026-01-01T08:00:00Z' });
    expect(await listCerts(call)).not.toContain(later.serial_number);
  });

  it('waits out the start-up backoff after the mount starts, and a manual tidy resets the interval', async () => {
    const { vault, call } = await pkiVault();
    await withRootAndRole(call);
    await call('update', 'config/auto-tidy', {
      enabled: true, tidy_cert_store: true, interval_duration: '60s', min_startup_backoff_duration: '15m', max_startup_backoff_duration: '15m',
    });
    vault.clock.advance('14m');
    await call('read', 'config/auto-tidy');
    expect(data(await call('read', 'tidy-status')).state).toBe('Inactive');
    vault.clock.advance('1m');
    await call('read', 'config/auto-tidy');
    expect(await settledTidy(call)).toMatchObject({ state: 'Finished', time_started: '2026-01-01T00:15:00Z' });
    vault.clock.advance('30s');
    expect((await call('update', 'tidy', { tidy_revoked_certs: true })).status).toBe(202);
    expect(await settledTidy(call)).toMatchObject({ tidy_revoked_certs: true, time_started: '2026-01-01T00:15:30Z' });
    vault.clock.advance('1m'); // a minute after the manual run: due, and run at the next one-minute tick
    await call('read', 'config/auto-tidy');
    expect((await settledTidy(call)).tidy_revoked_certs).toBe(true);
    vault.clock.advance('30s');
    await call('read', 'config/auto-tidy');
    expect(await settledTidy(call)).toMatchObject({ tidy_revoked_certs: false, tidy_cert_store: true, time_started: '2026-01-01T00:17:00Z' });
  });

  it('rejects out-of-range auto-tidy settings and tidy requests with Vault\'s messages', async () => {
    const { call } = await pkiVault();
    expect(await call('update', 'config/auto-tidy', { min_startup_backoff_duration: 0 })).toEqual({ status: 400, body: { errors: ['min_startup_backoff_duration must be at least 1 second: parsed: 0s'] } });
    expect(await call('update', 'config/auto-tidy', { min_startup_backoff_duration: '20m', max_startup_backoff_duration: '10m' }))
      .toEqual({ status: 400, body: { errors: ['max_startup_backoff_duration 10m0s must be greater or equal to min_startup_backoff_duration 20m0s'] } });
    expect(await call('update', 'config/auto-tidy', { issuer_safety_buffer: 0 })).toEqual({ status: 400, body: { errors: ['given safety_buffer must be at least one second; got: 0'] } });
    expect(await call('update', 'config/auto-tidy', { publish_stored_certificate_count_metrics: true })).toEqual({ status: 400, body: { errors: ['Can not publish a running storage metrics count to metrics without first maintaining that count.  Enable `maintain_stored_certificate_counts` to enable `publish_stored_certificate_count_metrics`.'] } });
    expect(data(await call('read', 'config/auto-tidy'))).toMatchObject({ min_startup_backoff_duration: 300, max_startup_backoff_duration: 900, issuer_safety_buffer: 31536000, tidy_cmpv2_nonce_store: false });
    expect(await call('update', 'tidy', { tidy_cert_metadata: true })).toEqual({ status: 400, body: { errors: ['certificate metadata is only supported on Vault Enterprise'] } });
    expect(await call('update', 'tidy', { acme_account_safety_buffer: 0 })).toEqual({ status: 400, body: { errors: ['acme_account_safety_buffer must be greater than zero'] } });
    expect(warnings(await call('update', 'tidy', {}))).toEqual(['Manual tidy requested but no tidy operations were set. Enable at least one tidy operation to be run (tidy_cert_store / tidy_revoked_certs / tidy_revoked_cert_issuer_associations / tidy_expired_issuers / tidy_move_legacy_ca_bundle / tidy_revocation_queue / tidy_cross_cluster_revoked_certs / tidy_acme).']);
  });

  it('reports the stored certificate counts when maintain_stored_certificate_counts is on', async () => {
    const { call } = await pkiVault();
    await withRootAndRole(call);
    const leaf = data(await call('update', 'issue/web', { common_name: 'a.example.com' }));
    await call('update', 'revoke', { serial_number: leaf.serial_number });
    expect(data(await call('read', 'tidy-status'))).toMatchObject({ current_cert_store_count: null, current_revoked_cert_count: null });
    await call('update', 'config/auto-tidy', { maintain_stored_certificate_counts: true });
    expect(data(await call('read', 'tidy-status'))).toMatchObject({ current_cert_store_count: 2, current_revoked_cert_count: 1, state: 'Inactive' });
  });
});

describe('pki tidy in the background', () => {
  it('reports Running, refuses a second tidy, and tidy-cancel stops it as Cancelled', async () => {
    const { vault, call } = await pkiVault();
    await withRootAndRole(call);
    await call('update', 'issue/web', { common_name: 'a.example.com', ttl: '1m' });
    await call('update', 'issue/web', { common_name: 'b.example.com', ttl: '1m' });
    vault.clock.advance('100h');
    expect((await call('update', 'tidy', { tidy_cert_store: true, safety_buffer: '1s', pause_duration: '1h' })).status).toBe(202);
    expect(data(await call('read', 'tidy-status'))).toMatchObject({ state: 'Running', pause_duration: '1h0m0s', time_finished: null, cert_store_deleted_count: 0 });
    expect(await call('update', 'tidy', { tidy_cert_store: true })).toMatchObject({ status: 200, body: { data: null, warnings: ['Tidy operation already in progress.'] } });
    // the work starts on the event loop after the 202, then pauses before its first entry
    for (let i = 0; i < 50 && data(await call('read', 'tidy-status')).message === ''; i++) await new Promise((r) => setImmediate(r));
    expect(data(await call('read', 'tidy-status')).message).toBe('Tidying certificate store: checking entry 0 of 3');
    expect(data(await call('update', 'tidy-cancel', {})).state).toBe('Cancelling');
    const done = await settledTidy(call);
    // the entry it paused on is still handled (as after Vault's sleep); the next check point stops it
    expect(done).toMatchObject({ state: 'Cancelled', error: null, time_finished: '2026-01-05T04:00:00Z', message: 'Tidying certificate store: checking entry 1 of 3' });
    expect(done.cert_store_deleted_count as number).toBeLessThanOrEqual(1);
    expect((await listCerts(call)).length).toBe(3 - (done.cert_store_deleted_count as number));
    expect(await call('update', 'tidy-cancel', {})).toMatchObject({ status: 200, body: { data: null, warnings: ['Tidy operation cannot be cancelled as none is currently running.'] } });
  });
});

describe('pki tidy of revoked-certificate issuer associations', () => {
  it('counts revocations whose issuer is gone and links them to an issuer that signed them', async () => {
    const { call } = await pkiVault();
    const root = await withRootAndRole(call);
    const leaf = data(await call('update', 'issue/web', { common_name: 'a.example.com' }));
    await call('update', 'revoke', { serial_number: leaf.serial_number });
    expect((await call('delete', `issuer/${root.issuer_id as string}`)).status).toBe(200);
    const imported = (data(await call('update', 'issuers/import/cert', { pem_bundle: root.certificate })).imported_issuers as string[])[0];
    expect((await call('update', 'tidy', { tidy_revoked_cert_issuer_associations: true })).status).toBe(202);
    expect(await settledTidy(call)).toMatchObject({ state: 'Finished', missing_issuer_cert_count: 1, revoked_cert_deleted_count: 0 });
    expect(data(await call('read', `cert/${leaf.serial_number as string}`)).issuer_id).toBe(imported);
    await call('update', 'tidy', { tidy_revoked_cert_issuer_associations: true });
    expect((await settledTidy(call)).missing_issuer_cert_count).toBe(0);
  });
});

describe('pki CRL rebuilds on the vault clock', () => {
  it('auto_rebuild rebuilds the CRL at the periodic tick after it enters the grace period, whatever the request', async () => {
    const { vault, call } = await pkiVault();
    await withRootAndRole(call);
    await call('update', 'config/crl', { auto_rebuild: true, expiry: '48h', auto_rebuild_grace_period: '12h' });
    const leaf = data(await call('update', 'issue/web', { common_name: 'a.example.com' }));
    await call('update', 'revoke', { serial_number: leaf.serial_number });
    const before = crlNumber(crlText(data(await call('read', 'cert/crl')).certificate as string));
    vault.clock.advance('61h'); // the root's CRL (t0, 72h) entered its 12h grace period at t0+60h
    await call('list', 'roles');
    vault.clock.advance('1h');
    const text = crlText(data(await call('read', 'cert/crl')).certificate as string);
    expect(text).toContain(hexUpper(leaf.serial_number as string));
    // built at the first one-minute tick after t0+60h, not when a request happened to come
    expect(text).toMatch(/Last Update: Jan {2}3 12:01:00 2026 GMT/);
    expect(text).toMatch(/Next Update: Jan {2}5 12:01:00 2026 GMT/);
    expect(crlNumber(text)).toBe(before + 1);
    // a long quiet spell: each 36h (48h expiry - 12h grace) one more rebuild, as Vault's timer would do
    vault.clock.advance('100h'); // t0+162h: ticks at t0+96h2m and t0+132h3m
    const later = crlText(data(await call('read', 'cert/crl')).certificate as string);
    expect(later).toMatch(/Last Update: Jan {2}6 12:03:00 2026 GMT/);
    expect(crlNumber(later)).toBe(before + 3);
  });

  it('delta CRLs are rebuilt at the check tick once delta_rebuild_interval has passed', async () => {
    const { vault, call } = await pkiVault();
    await withRootAndRole(call);
    await call('update', 'config/crl', { auto_rebuild: true, enable_delta: true });
    const leaf = data(await call('update', 'issue/web', { common_name: 'a.example.com' }));
    const first = crlText(data(await call('read', 'cert/delta-crl')).certificate as string);
    await call('update', 'revoke', { serial_number: leaf.serial_number });
    vault.clock.advance('16m');
    await call('list', 'roles');
    vault.clock.advance('10m');
    const delta = crlText(data(await call('read', 'cert/delta-crl')).certificate as string);
    expect(delta).toContain(hexUpper(leaf.serial_number as string));
    expect(delta).toMatch(/Last Update: Jan {2}1 00:15:00 2026 GMT/); // the check tick a delta_rebuild_interval after the last
    expect(crlNumber(delta)).toBe(crlNumber(first) + 1);
  });
});

describe('pki periodic work does not depend on when requests come', () => {
  /** A mount with auto_rebuild, delta CRLs, auto-tidy and a few short-lived certificates, one revoked. */
  async function scenario() {
    const { vault, call } = await pkiVault({ seed: 5 });
    await withRootAndRole(call);
    await call('update', 'config/crl', { auto_rebuild: true, enable_delta: true, expiry: '48h', auto_rebuild_grace_period: '12h', delta_rebuild_interval: '30m' });
    await call('update', 'config/auto-tidy', { enabled: true, tidy_cert_store: true, tidy_revoked_certs: true, interval_duration: '10h', safety_buffer: '1h' });
    for (const ttl of ['2h', '15h', '40h']) data(await call('update', 'issue/web', { common_name: 'x.example.com', ttl }));
    const leaf = data(await call('update', 'issue/web', { common_name: 'r.example.com', ttl: '30h' }));
    await call('update', 'revoke', { serial_number: leaf.serial_number });
    return { vault, call };
  }
  async function observe(call: (op: Op, path: string, d?: Body) => Promise<Res>): Promise<unknown> {
    const st = await settledTidy(call);
    const crl = crlText(data(await call('read', 'cert/crl')).certificate as string);
    const delta = crlText(data(await call('read', 'cert/delta-crl')).certificate as string);
    return {
      delta: [crlNumber(delta), /Last Update: (.*)/.exec(delta)![1]],
      tidy: [st.state, st.time_started, st.cert_store_deleted_count, st.revoked_cert_deleted_count, st.last_auto_tidy_finished],
      certs: [...await listCerts(call)].sort(),
      crl: [crlNumber(crl), /Last Update: (.*)/.exec(crl)![1], [...crl.matchAll(/Serial Number: (\w+)/g)].map((m) => m[1])],
    };
  }

  it('requests in between (each waited out) leave the same CRLs, tidy results and certificates as one request at the end', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 40 * 60 }), { minLength: 1, maxLength: 6 }), async (minutes) => {
      const probed = await scenario();
      for (const m of minutes) {
        probed.vault.clock.advance(m * 60_000);
        await probed.call('list', 'roles');
        await settledTidy(probed.call);
      }
      const quiet = await scenario();
      quiet.vault.clock.advance(minutes.reduce((a, b) => a + b, 0) * 60_000);
      expect(await observe(probed.call)).toEqual(await observe(quiet.call));
    }), { numRuns: 3 });
  });
});

describe('pki import warnings', () => {
  it('warns when the default issuer has no key, about several keyed issuers, and when no AIA is configured', async () => {
    const { vault, call } = await pkiVault();
    const r1 = data(await call('update', 'root/generate/exported', { common_name: 'R1', key_type: 'ec' }));
    const r2 = data(await call('update', 'root/generate/exported', { common_name: 'R2', key_type: 'ec' }));
    for (const m of ['b', 'c']) expect((await vault.request('update', `sys/mounts/${m}`, { type: 'pki' })).status).toBe(204);
    const b = (op: Op, path: string, d?: Body) => vault.request(op as never, `b/${path}`, d);
    const c = (op: Op, path: string, d?: Body) => vault.request(op as never, `c/${path}`, d);

    const certOnly = await b('update', 'issuers/import/cert', { pem_bundle: r1.certificate });
    expect(warnings(certOnly)).toEqual([NO_AIA]);
    const id = (data(certOnly).imported_issuers as string[])[0]!;
    await b('update', 'config/issuers', { default: id });
    const again = await b('update', 'issuers/import/cert', { pem_bundle: r1.certificate });
    expect(data(again)).toMatchObject({ existing_issuers: [id], mapping: { [id]: '' } });
    expect(warnings(again)).toEqual([
      'The default issuer has no key associated with it. Some operations like issuing certificates and signing CRLs will be unavailable with the requested default issuer until a key is imported or the default issuer is changed.',
      NO_AIA,
    ]);

    await c('update', 'config/urls', { issuing_certificates: 'https://vault.example/v1/c/ca' });
    const bundle = [r1.private_key, r1.certificate, r2.private_key, r2.certificate].join('\n');
    const both = await c('update', 'issuers/import/bundle', { pem_bundle: bundle });
    expect(warnings(both)).toEqual(['The imported bundle contained multiple certs matching keys, the default issuer that was selected should be verified and manually changed if incorrect.']);
    const imported = data(both).imported_issuers as string[];
    expect(data(await c('read', 'config/issuers')).default).toBe(imported[0]);
  });
});
