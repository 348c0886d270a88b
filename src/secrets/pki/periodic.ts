// Vault's PKI periodic function (builtin/logical/pki/backend.go periodicFunc: doCRL, then
// doAutoTidy). Vault's rollback manager calls it once a minute; minivault's engines have no
// timers, so before each request the mount does, on the vault clock, what the one-minute ticks
// since the last request would have done, each as of its tick: the CRL rebuilds (crl.ts
// crlPeriodic) and due auto-tidies, the last of which runs in the background as a manual tidy
// does (tidy-run.ts).
import { crlPeriodic } from './crl.js';
import type { PkiStore } from './store.js';
import { readAutoTidy, tidyConfigOf } from './tidy.js';
import { lastAutoTidy, setLastAutoTidy, startTidy } from './tidy-run.js';

export async function periodic(store: PkiStore): Promise<void> {
  // Vault logs a failed periodic run and carries on; the request must not fail because of it
  await crlPeriodic(store).catch(() => undefined);
  await autoTidy(store).catch(() => undefined);
}

/** Vault's rollback manager calls periodicFunc once a minute (vault/rollback.go rollbackPeriod). */
const TICK = 60_000;
const MAX_CATCH_UP = 100;

/** The first periodic tick (counted from the mount's start) at or after `t`. */
function tickAtOrAfter(store: PkiStore, t: number): number {
  const m = store.runtime.mountStartup;
  return m + Math.max(1, Math.ceil((t - m) / TICK)) * TICK;
}

/**
 * doAutoTidy at each tick since the last request: enabled with a positive interval, a full
 * interval since the last run (manual or automatic), past the start-up backoff, no tidy running.
 * A run that a past tick would have started runs as of that tick; when later ticks up to now
 * would have started more, the earlier ones run to completion first (their pause skipped), so
 * tidy-status shows the last, as Vault's would.
 */
async function autoTidy(store: PkiStore): Promise<void> {
  const cfg = (await readAutoTidy(store)).data!;
  const interval = (cfg.interval_duration as number) * 1000;
  if (cfg.enabled !== true || interval <= 0) return;
  const rt = store.runtime;
  for (let i = 0; i < MAX_CATCH_UP; i++) {
    const now = store.now();
    const firstDue = tickAtOrAfter(store, (await lastAutoTidy(store)) + interval);
    if (firstDue > now || rt.tidyRunning) return;
    rt.autoTidyBackoff ??= startupBackoff(store, cfg.min_startup_backoff_duration as number, cfg.max_startup_backoff_duration as number);
    const t = Math.max(firstDue, tickAtOrAfter(store, rt.autoTidyBackoff));
    if (t > now) return;
    const more = tickAtOrAfter(store, t + interval) <= now;
    const run = tidyConfigOf(cfg);
    let done: Promise<void> | undefined;
    if (!startTidy(store, more ? { ...run, pause: 0 } : run, { at: t, wait: (p) => { done = p; } })) return;
    await setLastAutoTidy(store, t);
    if (!more) return;
    await done;
  }
}

/** tidyConfig.CalculateStartupBackoff: mount start plus a random whole number of seconds in [min, max). */
function startupBackoff(store: PkiStore, min: number, max: number): number {
  const span = max - min;
  if (span <= 0) return store.runtime.mountStartup + min * 1000;
  const b = store.config.random.bytes(4);
  const r = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  return store.runtime.mountStartup + (min + (r % span)) * 1000;
}
