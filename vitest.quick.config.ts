// `npm run test:quick`: the edit-and-test loop. Everything `npm test` runs except the soak and
// kill tests, which take most of the suite's time and exercise no code path a quicker test does
// not (load: sustained concurrent traffic; crash: SIGKILL and restart, again and again).
// CI runs `npm test`, which still runs them.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export const SLOW_TESTS = [
  'test/reliability/load*.test.ts',
  'test/reliability/crash*.test.ts',
];

export default mergeConfig(base, defineConfig({
  test: { exclude: ['**/node_modules/**', ...SLOW_TESTS] },
}));
