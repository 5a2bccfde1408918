/**
 * The hardening tests alone, on the `dist/` already built (no deck build first):
 * `npx vitest run --config tests/hardening/vitest.config.ts`. `npm test` runs them with the rest.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/hardening/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
