/**
 * `npm run test:stress`: the heavy hardening checks, one file at a time (they measure time and memory,
 * and would disturb each other), then the table of figures. Runs on the `dist/` already built; the
 * sleeping-phone check needs it (`npm run build` first on a fresh checkout).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/hardening/stress/**/*.stress.ts', 'tests/hardening/fuzzHandlers.test.ts'],
    globalSetup: ['tests/hardening/stress/figuresSetup.ts'],
    // The 200,000 random payloads per handler (npm test runs 10,000).
    env: { LECTERN_FUZZ_RUNS: '200000' },
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
