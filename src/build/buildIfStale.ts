/**
 * `npm start` builds the decks first when `dist/` is missing or older than any source of it, so a
 * speaker never presents yesterday's slides by accident.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../server/log.ts';
import { PACKAGE_ROOT } from './packageRoot.ts';
import { LECTERN_SOURCES, newestMtime, TALK_SOURCES } from './sourceFolders.ts';

/** The oldest of the files a build must have written: the library page and every deck's manifest. */
function builtAt(distDir: string): number | null {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) return null;
  let oldest = fs.statSync(index).mtimeMs;
  for (const entry of fs.readdirSync(distDir, { withFileTypes: true })) {
    const manifest = path.join(distDir, entry.name, 'manifest.json');
    if (entry.isDirectory() && fs.existsSync(manifest)) oldest = Math.min(oldest, fs.statSync(manifest).mtimeMs);
  }
  return oldest;
}

/** `lecternRoot`: lectern's own folder, whose page scripts and themes a build bundles too. */
export function isStale(root: string, distDir: string, lecternRoot = PACKAGE_ROOT): boolean {
  const built = builtAt(distDir);
  if (built === null) return true;
  const sources = [
    ...TALK_SOURCES.map((source) => path.join(root, source)),
    ...LECTERN_SOURCES.map((source) => path.join(lecternRoot, source)),
  ];
  return sources.some((source) => newestMtime(source) > built);
}

/** `buildChild.ts` beside this file, or the `.js` it compiles to in `lib/`. */
const BUILD_CHILD = fileURLToPath(
  new URL(`./buildChild${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/**
 * Builds the decks when `dist/` is stale (Vite's output to `.lectern/build.log`), in a child process
 * with this one's Node flags (tsx when run from source): what a build allocates leaves with it.
 */
export async function buildIfStale(root: string, distDir: string, log: Logger): Promise<void> {
  if (!isStale(root, distDir)) return;
  log.info('decks changed since the last build: building…');
  const child = spawn(process.execPath, [...process.execArgv, BUILD_CHILD, root, distDir], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let failure: string | undefined;
  child.on('message', (message: { error?: string }) => {
    failure = message.error;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(failure ?? `the build stopped (exit code ${code})`);
}
