// Vault's PKI periodic function (builtin/logical/pki/backend.go periodicFunc: doCRL, then
// doAutoTidy). Vault's rollback manager calls it about once a minute; minivault's engines have
// no timers, so the mount runs it before each request it handles, on the vault clock. What is
// due since the last request happens then: the CRL rebuilds (crl.ts crlPeriodic) and a due
// auto-tidy, which starts in the background as a manual one does (tidy-run.ts).
import { crlPeriodic } from './crl.js';
import type { PkiStore } from './store.js';
import { readAutoTidy, tidyConfigOf } from './tidy.js';
import { lastAutoTidy, setLastAutoTidy, startTidy } from './tidy-run.js';

export async function periodic(store: PkiStore): Promise<void> {
  // Vault logs a failed periodic run and carries on; the request must not fail because of it
  await crlPeriodic(store).catch(() => undefined);
  await autoTidy(store).catch(() => undefined);
}

/**
 * doAutoTidy: enabled with a positive interval, a full interval since the last run (manual or
 * automatic), past the start-up backoff, and no tidy running.
 */
async function autoTidy(store: PkiStore): Promise<void> {
  const cfg = (await readAutoTidy(store)).data!;
  const interval = (cfg.interval_duration as number) * 1000;
  if (cfg.enabled !== true || interval <= 0) return;
  const now = store.now();
  if (now < (await lastAutoTidy(store)) + interval) return;
  const rt = store.runtime;
  rt.autoTidyBackoff ??= startupBackoff(store, cfg.min_startup_backoff_duration as number, cfg.max_startup_backoff_duration as number);
  if (rt.autoTidyBackoff > now || rt.tidyRunning) return;
  startTidy(store, tidyConfigOf(cfg));
  await setLastAutoTidy(store, now);
}

/** tidyConfig.CalculateStartupBackoff: mount start plus a random whole number of seconds in [min, max). */
function startupBackoff(store: PkiStore, min: number, max: number): number {
  const span = max - min;
  if (span <= 0) return store.runtime.mountStartup + min * 1000;
  const b = store.config.random.bytes(4);
  const r = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  return store.runtime.mountStartup + (min + (r % span)) * 1000;
}
