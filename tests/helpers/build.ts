import { resolve } from 'node:path';
import { build } from 'vite';
import { type LecternPluginOptions, lectern } from '../../src/build/vitePlugin.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const DIST = resolve(PROJECT_ROOT, 'dist');

/** The project's own `vite build` (the decks `npm run build` builds), into `outDir`. */
export async function buildDecks(outDir = DIST): Promise<void> {
  await build({
    root: PROJECT_ROOT,
    configFile: resolve(PROJECT_ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

/** Decks kept for tests: content at the layout's limits (RTL, CJK, long code, wide tables, diagrams). */
export const FIXTURE_DECKS = resolve(PROJECT_ROOT, 'tests/fixtures/decks');

/** A build of other decks than the project's (fixtures), for tests of the build itself. */
export async function buildFixtureDecks(
  slidesDir: string,
  outDir: string,
  options: Omit<LecternPluginOptions, 'slidesDir'> = {},
): Promise<void> {
  await build({
    root: PROJECT_ROOT,
    configFile: false,
    logLevel: 'silent',
    plugins: [lectern({ slidesDir, ...options })],
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 4000 },
  });
}
