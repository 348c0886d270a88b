// `npm run test:quick`: the edit-and-test loop. Everything `npm test` runs except the soak and
// kill tests, which take most of the suite's time (load: sustained concurrent traffic; crash: a
// process or its storage killed at every write or a random moment, then restarted, again and
// again). Run them, or `npm test`, before pushing: CI runs `npm test`, which includes them.
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export const SLOW_TESTS = [
  'test/reliability/load*.test.ts', // load-cache, load-mixed, load-soak
  'test/reliability/crash*.test.ts', // crash (SIGKILL loop), crash-keyops, crash-keyops-sigkill
];

export default mergeConfig(base, defineConfig({
  test: {
    exclude: [...configDefaults.exclude, ...SLOW_TESTS],
    // Test files share their worker process instead of each starting a fresh one: on two cores the
    // per-file start-up (forking, loading vitest and src/ again) was most of the run's time (281 s
    // isolated, 57-73 s shared, same 2533 tests passing, on a machine other work was also using).
    // `npm test` keeps every file isolated.
    isolate: false,
  },
}));
