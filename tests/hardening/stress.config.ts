/**
 * `npm run test:stress`: every hardening check, the heavy ones included (kill -9 during votes,
 * reconnect storm, sleeping phone, flood, oversized-message memory, connection churn, 200,000 fuzzed
 * payloads per handler), one file at a time (they measure time and memory and would disturb each
 * other), then one table of figures for the 16 items (14–16: a 2-minute flood of unjoined sessions, token
 * guessing, a foreign lock on the data file). Runs on the `dist/` already built (`npm test` or
 * `npm run build` first); needs Chromium and redis-server, as `npm test` does.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/hardening/**/*.test.ts', 'tests/hardening/stress/**/*.stress.ts'],
    globalSetup: ['tests/hardening/stress/figuresSetup.ts'],
    // The 200,000 random payloads per handler (npm test runs 10,000), three replay runs (npm test one).
    env: { LECTERN_FUZZ_RUNS: '200000', LECTERN_REPLAY_RUNS: '3' },
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
