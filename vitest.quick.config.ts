// `npm run test:quick`: the edit-and-test loop. Everything `npm test` runs except the soak, fuzz
// and kill tests (load: sustained concurrent traffic; hostile: 1,500 fuzzed HTTP requests; crash: a
// process or its storage killed at every write or a random moment, then restarted, again and
// again) and the README snippets' packaging run (a fresh project running vitest, Jest, node --test
// and tsc against the built package), which together take a third of the suite's time. Two workers: one per core (vitest's default leaves
// one core to itself). Run `npm test` before pushing: CI runs it, and it includes them all.
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export const SLOW_TESTS = [
  'test/reliability/load*.test.ts', // load-cache, load-mixed, load-soak
  'test/reliability/crash*.test.ts', // crash (SIGKILL loop), crash-keyops, crash-keyops-sigkill
  'test/reliability/hostile.test.ts',
  'test/docs/readme-snippets.test.ts',
];

export default mergeConfig(base, defineConfig({
  test: {
    exclude: [...configDefaults.exclude, ...SLOW_TESTS],
    maxWorkers: 2,
  },
}));
