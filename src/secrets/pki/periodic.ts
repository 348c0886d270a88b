// Vault's PKI periodic function (builtin/logical/pki/backend.go periodicFunc: doCRL, then
// doAutoTidy). Vault's rollback manager calls it once a minute; minivault's engines have no
// timers, so before each request the mount does, on the vault clock, what the one-minute ticks
// since the last request would have done, each as of its tick: the CRL rebuilds (crl.ts
// nextCrlTick) and due auto-tidies, the last of which runs in the background as a manual tidy
// does (tidy-run.ts).
import { nextCrlTick } from './crl.js';
import { PERIODIC_TICK, type PkiStore } from './store.js';
import { readAutoTidy, tidyConfigOf } from './tidy.js';
import { lastAutoTidy, setLastAutoTidy, startTidy } from './tidy-run.js';

/** At most this many ticks' work in one go (a very long quiet spell); the rest waits for the next request. */
const MAX_CATCH_UP = 200;

/**
 * The ticks up to now, in order (at one tick: CRLs, then auto-tidy). Vault logs a failed
 * periodic run and carries on; the request must not fail because of it.
 */
export async function periodic(store: PkiStore): Promise<void> {
  // Vault runs the function once per tick: a tick already done has nothing more to do, whatever
  // changed since (that waits for the next tick), so most requests skip the storage reads.
  const through = Math.floor((store.now() - store.runtime.mountStartup) / PERIODIC_TICK);
  if (through <= store.runtime.periodicThrough) return;
  if (await catchUp(store)) store.runtime.periodicThrough = through;
}

/** The catch-up loop; false when it stopped at MAX_CATCH_UP with ticks left. */
async function catchUp(store: PkiStore): Promise<boolean> {
  for (let i = 0; i < MAX_CATCH_UP; i++) {
    const now = store.now();
    const crl = await nextCrlTick(store, now).catch(() => undefined);
    const tidy = await nextAutoTidy(store, now).catch(() => undefined);
    if (crl !== undefined && crl.at <= now && (tidy === undefined || crl.at <= tidy.at)) {
      await crl.run().catch(() => undefined);
      continue;
    }
    if (tidy === undefined || tidy.at > now) return true;
    // later ticks up to now see it finished (their work may depend on it); only the last runs on
    // in the background, with its pauses, as a manual tidy does
    const later = (crl !== undefined && crl.at <= now) || store.tick(tidy.at + tidy.interval, false) <= now;
    let done: Promise<void> | undefined;
    const run = tidyConfigOf(tidy.cfg);
    if (!startTidy(store, later ? { ...run, pause: 0 } : run, { at: tidy.at, wait: (p) => { done = p; } })) return true;
    await setLastAutoTidy(store, tidy.at);
    if (!later) return true;
    await done;
  }
  return false;
}

/**
 * doAutoTidy's next tick: enabled with a positive interval, a full interval since the last run
 * (manual or automatic), past the start-up backoff (drawn the first time a run falls due), and no
 * tidy running then.
 */
async function nextAutoTidy(store: PkiStore, now: number): Promise<{ at: number; interval: number; cfg: Record<string, unknown> } | undefined> {
  const cfg = (await readAutoTidy(store)).data!;
  const interval = (cfg.interval_duration as number) * 1000;
  const rt = store.runtime;
  if (cfg.enabled !== true || interval <= 0 || rt.tidyRunning) return undefined;
  const due = store.tick((await lastAutoTidy(store)) + interval, false);
  if (due > now) return { at: due, interval, cfg };
  rt.autoTidyBackoff ??= startupBackoff(store, cfg.min_startup_backoff_duration as number, cfg.max_startup_backoff_duration as number);
  return { at: Math.max(due, store.tick(rt.autoTidyBackoff, false)), interval, cfg };
}

/** tidyConfig.CalculateStartupBackoff: mount start plus a random whole number of seconds in [min, max). */
function startupBackoff(store: PkiStore, min: number, max: number): number {
  const span = max - min;
  if (span <= 0) return store.runtime.mountStartup + min * 1000;
  const b = store.config.random.bytes(4);
  const r = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  return store.runtime.mountStartup + (min + (r % span)) * 1000;
}
