/**
 * The server and store tests alone, without the project-wide set-up that builds every deck first:
 * they run on their own fixture. `npx vitest run --config tests/server/vitest.config.ts`
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/server/**/*.test.ts', 'tests/store/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
