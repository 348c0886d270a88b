import { defineConfig } from 'vitest/config';

// CI asks for a JSON report (VITEST_JSON_REPORT) so .ci/run can print "N passed, N failed".
const jsonReport = process.env.VITEST_JSON_REPORT;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Test files share their worker process instead of each starting a fresh one. On two cores the
    // per-file start-up (forking, loading vitest and src/ again) was most of the run: the whole
    // suite took 4 min 38 s isolated and 1 min 40 s shared, with the same 2,548 tests passing, also
    // with the file order shuffled (--sequence.shuffle.files, two seeds). Tests therefore leave no
    // global state behind (environment, timers, servers): each creates its own vault.
    isolate: false,
    globalSetup: ['test/global-temp-dir.ts'],
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    outputFile: jsonReport ? { json: jsonReport } : undefined,
  },
});
