/**
 * The cluster tests alone, without the project-wide set-up that builds every deck first: they run on
 * the server tests' fixture deck. `npx vitest run --config tests/cluster/vitest.config.ts`
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/cluster/**/*.test.ts', 'tests/store/redis.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
