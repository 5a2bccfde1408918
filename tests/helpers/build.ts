import { resolve } from 'node:path';
import { build } from 'vite';
import { lectern } from '../../src/build/vitePlugin.ts';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const DIST = resolve(PROJECT_ROOT, 'dist');

/** The project's own `vite build`, as `npm run build` runs it, into `outDir`. */
export async function buildDecks(outDir = DIST): Promise<void> {
  await build({
    root: PROJECT_ROOT,
    configFile: resolve(PROJECT_ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

/** A build of other decks than the project's (fixtures), for tests of the build itself. */
export async function buildFixtureDecks(slidesDir: string, outDir: string): Promise<void> {
  await build({
    root: PROJECT_ROOT,
    configFile: false,
    logLevel: 'silent',
    plugins: [lectern({ slidesDir })],
    build: { outDir, emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 4000 },
  });
}
